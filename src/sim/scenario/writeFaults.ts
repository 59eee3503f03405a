/**
 * Writes faults into a scenario's own text as `faults:` entries, leaving every other byte of it
 * as it was: its comments, its blank lines, its quoting and its indentation.
 */
import { isMap, isScalar, isSeq, parseDocument, stringify } from 'yaml';
import type { FaultSpec } from '../types';
import { faultOf } from './serialize';

/**
 * A `faults:` entry (plain data as YAML gives it) as one line, a flow mapping:
 * `{ fault: host-crash, target: storage-2, when: { at: 1h } }`. Pure.
 */
export function faultEntryText(entry: unknown): string {
  return stringify(entry, {
    collectionStyle: 'flow',
    lineWidth: 0,
    flowCollectionPadding: true,
  }).trimEnd();
}

/** One fault as its `faults:` entry on one line. */
function flowEntry(fault: FaultSpec): string {
  return faultEntryText(faultOf(fault));
}

/** The index of the end of the line `at` is on (its `\n`, or the end of the text). */
function endOfLine(text: string, at: number): number {
  const end = text.indexOf('\n', at);
  return end < 0 ? text.length : end;
}

/** The column of `at` in its line. */
function columnOf(text: string, at: number): number {
  return at - (text.lastIndexOf('\n', at - 1) + 1);
}

/**
 * The scenario text with `faults` added at the end of its `faults:` list (the key is added at
 * the end of the document when it has none). Only the list is touched: an entry is a flow
 * mapping on a line of its own, indented like the list's other entries; a flow list
 * (`faults: []`, `faults: [ … ]`) takes the entries inside its brackets. Pure.
 * @throws Error when the text is not a YAML mapping or its `faults:` is neither a list nor empty.
 */
export function writeFaultsIntoText(text: string, faults: readonly FaultSpec[]): string {
  if (faults.length === 0) return text;
  const doc = parseDocument(text);
  if (doc.errors.length > 0)
    throw new Error(`the text is not valid YAML: ${doc.errors[0]?.message ?? ''}`);
  const root = doc.contents;
  if (!isMap(root)) throw new Error('the scenario is not a YAML mapping');
  const entries = faults.map(flowEntry);
  const pair = root.items.find((item) => isScalar(item.key) && item.key.value === 'faults');
  if (!pair) {
    const body = text.length === 0 || text.endsWith('\n') ? text : `${text}\n`;
    return `${body}faults:\n${entries.map((entry) => `  - ${entry}\n`).join('')}`;
  }
  const key = pair.key;
  const value = pair.value;
  const keyEnd = isScalar(key) && key.range ? key.range[1] : undefined;
  if (keyEnd === undefined) throw new Error('the faults: key has no place in the text');
  const keyColumn = columnOf(text, isScalar(key) && key.range ? key.range[0] : 0);
  const block = (indent: number) => entries.map((entry) => `\n${' '.repeat(indent)}- ${entry}`);

  if (value === null || (isScalar(value) && value.value === null)) {
    // `faults:` or `faults: ~`: the list takes the value's place, after the colon.
    const colon = text.indexOf(':', keyEnd);
    const start = colon + 1;
    const end = isScalar(value) && value.range ? value.range[1] : start;
    const rest = text.slice(end);
    return text.slice(0, start) + block(keyColumn + 2).join('') + rest;
  }
  if (!isSeq(value) || !value.range)
    throw new Error('faults: is neither a list nor empty, so no entry can be added to it');
  if (value.flow) {
    // `[ … ]`: the entries go before the closing bracket.
    const close = text.lastIndexOf(']', value.range[1]);
    const before = text.slice(0, close).trimEnd();
    const separator = value.items.length === 0 ? (before.endsWith('[') ? ' ' : '') : ', ';
    return `${before}${separator}${entries.join(', ')} ${text.slice(close)}`;
  }
  const items = value.items;
  const last = items[items.length - 1];
  const first = items[0];
  const firstStart = first && 'range' in first && first.range ? first.range[0] : value.range[0];
  // The column of the existing entries' dashes.
  const dash = columnOf(text, Math.max(0, text.lastIndexOf('-', firstStart)));
  const lastEnd = last && 'range' in last && last.range ? last.range[1] : value.range[1];
  const at = endOfLine(text, Math.max(0, lastEnd - 1));
  return text.slice(0, at) + block(dash).join('') + text.slice(at);
}
