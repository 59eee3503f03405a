import { isMap, isNode, isScalar, isSeq, parseDocument, stringify, type Document } from 'yaml';
import type { Scenario } from '../types';
import { parseScenario } from './parse';
import { scenarioToYaml } from './serialize';

/** A top-level key's text: from its line's start to the end of its value's last line. */
interface KeySpan {
  readonly start: number;
  readonly end: number;
}

/** The first line's start at or after `at` (the text's end if none). */
function lineAfter(text: string, at: number): number {
  const newline = text.indexOf('\n', at);
  return newline < 0 ? text.length : newline + 1;
}

/** Where each top-level key of a block mapping is written in `text`, by key. */
function keySpans(text: string, doc: Document): ReadonlyMap<string, KeySpan> {
  const root = doc.contents;
  if (!isMap(root) || root.flow) throw new Error('the scenario is not a YAML block mapping');
  const spans = new Map<string, KeySpan>();
  for (const pair of root.items) {
    if (!isScalar(pair.key) || !pair.key.range) continue;
    const keyStart = pair.key.range[0];
    const valueEnd =
      isNode(pair.value) && pair.value.range ? pair.value.range[1] : pair.key.range[1];
    const start = text.lastIndexOf('\n', keyStart - 1) + 1;
    spans.set(String(pair.key.value), {
      start,
      end: lineAfter(text, Math.max(start, valueEnd - 1)),
    });
  }
  return spans;
}

function documentOf(text: string): Document {
  const doc = parseDocument(text);
  if (doc.errors.length > 0)
    throw new Error(`the text is not valid YAML: ${doc.errors[0]?.message ?? ''}`);
  return doc;
}

/**
 * `text` (a scenario file as its author wrote it) changed to read as `scenario`: only the
 * top-level keys whose value differs are written again (as {@link scenarioToYaml} writes them),
 * added at the end or taken out; every other line, comments and the author's own spelling
 * (`vps: 12`, `{ from: 3.3.1 }`) stay as they were. Where the text cannot be patched so that it
 * reads as `scenario` (not a block mapping, a key written twice), the whole of it is written
 * again. Pure.
 */
export function rewriteScenarioText(text: string, file: string, scenario: Scenario): string {
  const wanted = scenarioToYaml(scenario);
  try {
    const patched = patch(text, file, wanted);
    // The patch is kept only where it reads back exactly as the scenario asked for.
    return scenarioToYaml(parseScenario(patched, file)) === wanted ? patched : wanted;
  } catch {
    return wanted;
  }
}

function patch(text: string, file: string, wanted: string): string {
  const had = scenarioToYaml(parseScenario(text, file));
  const chunks = (canonical: string) => {
    const spans = keySpans(canonical, documentOf(canonical));
    return new Map([...spans].map(([key, span]) => [key, canonical.slice(span.start, span.end)]));
  };
  const before = chunks(had);
  const after = chunks(wanted);
  const doc = documentOf(text);
  const spans = keySpans(text, doc);
  const style = sequenceStyle(doc);
  const edits: { start: number; end: number; text: string }[] = [];
  let appended = '';
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const old = before.get(key);
    const now = after.get(key);
    if (old === now) continue;
    const span = spans.get(key);
    if (!span) {
      if (now !== undefined) appended += asWritten(key, now, style, '  ') ?? now;
      continue;
    }
    edits.push({
      ...span,
      text: now === undefined ? '' : rewritten(text, doc, key, span, old, now, style),
    });
  }
  let out = text;
  for (const edit of edits.sort((a, b) => b.start - a.start))
    out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  if (appended === '') return out;
  return `${out}${out === '' || out.endsWith('\n') ? '' : '\n'}${appended}`;
}

/**
 * How the author writes lists of entries (`faults:`, `decisions:`, `vps:`): a flow sequence on
 * one line (`[ { … }, { … } ]`), one line per entry (`- { … }`), or blocks. Read from the first
 * list of mappings in the text; blocks when there is none. Pure.
 */
type SequenceStyle = 'flow' | 'lines' | 'blocks';

function sequenceStyle(doc: Document): SequenceStyle {
  const root = doc.contents;
  if (!isMap(root)) return 'blocks';
  for (const pair of root.items) {
    const style = listStyle(pair.value);
    if (style !== undefined) return style;
  }
  return 'blocks';
}

/**
 * How one list of mappings is written; undefined for anything else (a list of names such as
 * `services: [vpn, web]` says nothing of how entries are written). Pure.
 */
function listStyle(value: unknown): SequenceStyle | undefined {
  if (!isSeq(value) || !value.items.some((item) => isMap(item))) return undefined;
  if (value.flow) return 'flow';
  return value.items.every((item) => isMap(item) && item.flow) ? 'lines' : 'blocks';
}

/** One entry of a block list, at `indent`: on one line (`- { … }`) or as a block. Pure. */
function entryText(entry: unknown, oneLineEach: boolean, indent: string): string {
  if (oneLineEach) return `${indent}- ${oneLine(entry)}\n`;
  return stringify([entry], { lineWidth: 0 })
    .split('\n')
    .map((line) => (line === '' ? line : `${indent}${line}`))
    .join('\n');
}

/**
 * A top-level key holding a list (its canonical chunk, `now`) written in the author's style,
 * `comment` after the key's line; undefined for a key that holds no list, or a list in block
 * style (the canonical chunk already is). Pure.
 */
function asWritten(
  key: string,
  now: string,
  style: SequenceStyle,
  indent: string,
  comment = '',
): string | undefined {
  const list = entriesOf(now, key);
  if (list === undefined || list.length === 0 || style === 'blocks') return undefined;
  if (style === 'flow') return `${key}: ${oneLine(list)}${comment}\n`;
  return `${key}:${comment}\n${list.map((entry) => entryText(entry, true, indent)).join('')}`;
}

/** A value as YAML on one line, in flow style. Pure. */
function oneLine(value: unknown): string {
  return stringify(value, { collectionStyle: 'flow', lineWidth: 0 }).trim();
}

/** The list a canonical chunk (`faults:\n  - …`) holds under `key`, if it holds one. Pure. */
function entriesOf(chunk: string, key: string): unknown[] | undefined {
  const value: unknown = documentOf(chunk).toJS();
  const list = (value as Record<string, unknown> | null)?.[key];
  return Array.isArray(list) ? list : undefined;
}

/** The top-level pair of `key` in the document, if it has one. */
function pairOf(doc: Document, key: string) {
  const root = doc.contents;
  return isMap(root)
    ? root.items.find((item) => isScalar(item.key) && String(item.key.value) === key)
    : undefined;
}

/**
 * The comment after a key's value on its line (` # spring upgrade`), or `''`: the yaml parser's
 * own reading of where the value ends, so a quote in the comment is no matter. Pure.
 */
function trailingComment(text: string, doc: Document, key: string): string {
  const value = pairOf(doc, key)?.value;
  if (!isNode(value) || !value.range) return '';
  const end = value.range[1];
  const lineEnd = text.indexOf('\n', end);
  const rest = text.slice(end, lineEnd < 0 ? text.length : lineEnd);
  return /^[ \t]+#/.test(rest) ? rest.trimEnd() : '';
}

/**
 * A key that differs, written again: a list entry by entry where the author wrote one entry per
 * line or per block (`itemByItem`), in the author's style; a value on one line keeping the
 * comment after it (`name: our cluster # spring`). Pure.
 */
function rewritten(
  text: string,
  doc: Document,
  key: string,
  span: KeySpan,
  old: string | undefined,
  now: string,
  style: SequenceStyle,
): string {
  const value = pairOf(doc, key)?.value;
  const written = text.slice(span.start, span.end);
  const oneLiner = /^[^\n]*\n?$/;
  const comment = oneLiner.test(written) ? trailingComment(text, doc, key) : '';
  if (isSeq(value) && value.flow) {
    // `faults: [ … ]   # one-liners`: a flow sequence again, on one line, its comment kept.
    return asWritten(key, now, 'flow', '', comment) ?? now;
  }
  const entries = itemByItem(text, doc, key, old, now, style);
  if (entries !== undefined) return entries;
  if (!isSeq(value) && comment !== '' && oneLiner.test(now)) return `${now.trimEnd()}${comment}\n`;
  return now;
}

/**
 * A block sequence (`faults:`, `decisions:`) patched entry by entry: an entry the new scenario
 * keeps is kept as written, with the comments above and beside it; a new one is written as the
 * author writes theirs, on one line (`- { fault: …, when: { … } }`) where every entry was.
 * Undefined when the key is not a block sequence in both, or its entries do not pair with the
 * canonical ones. Pure.
 */
function itemByItem(
  text: string,
  doc: Document,
  key: string,
  old: string | undefined,
  now: string,
  style: SequenceStyle,
): string | undefined {
  const pair = pairOf(doc, key);
  const seq = pair?.value;
  if (!pair || !isScalar(pair.key) || !pair.key.range || !isSeq(seq) || seq.flow) return undefined;
  if (old === undefined) return undefined;
  const was = entriesOf(old, key);
  const wanted = entriesOf(now, key);
  if (!was || !wanted || was.length !== seq.items.length) return undefined;
  // Each entry's text: from the line after the one before (its comments) to its own last line.
  const keyLineEnd = lineAfter(text, pair.key.range[1]);
  let from = keyLineEnd;
  const written: string[] = [];
  for (const item of seq.items) {
    if (!isNode(item) || !item.range) return undefined;
    const end = lineAfter(text, Math.max(from, item.range[1] - 1));
    written.push(text.slice(from, end));
    from = end;
  }
  const first = seq.items[0];
  const indent =
    (isNode(first) && first.range
      ? /^[ \t]*/.exec(text.slice(text.lastIndexOf('\n', first.range[0] - 1) + 1))?.[0]
      : undefined) ?? '  ';
  // As the list's own entries are written; an empty list, as the author's other lists.
  const oneLineEach = (listStyle(seq) ?? style) !== 'blocks';
  const used = new Set<number>();
  const entries = wanted.map((entry) => {
    const same = was.findIndex(
      (other, index) => !used.has(index) && JSON.stringify(other) === JSON.stringify(entry),
    );
    if (same >= 0) {
      used.add(same);
      return written[same] ?? '';
    }
    return entryText(entry, oneLineEach, indent);
  });
  return `${text.slice(text.lastIndexOf('\n', pair.key.range[0] - 1) + 1, keyLineEnd)}${entries.join('')}`;
}
