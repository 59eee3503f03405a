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
  const edits: { start: number; end: number; text: string }[] = [];
  let appended = '';
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const old = before.get(key);
    const now = after.get(key);
    if (old === now) continue;
    const span = spans.get(key);
    if (!span) {
      if (now !== undefined) appended += now;
      continue;
    }
    const written = text.slice(span.start, span.end);
    edits.push({
      ...span,
      text:
        now === undefined
          ? ''
          : (itemByItem(text, doc, key, old, now) ?? withTrailingComment(written, now)),
    });
  }
  let out = text;
  for (const edit of edits.sort((a, b) => b.start - a.start))
    out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  if (appended === '') return out;
  return `${out}${out === '' || out.endsWith('\n') ? '' : '\n'}${appended}`;
}

/**
 * A key written on one line with a comment after its value (`name: our cluster # spring`) keeps
 * the comment when its new value is one line too. Pure.
 */
function withTrailingComment(written: string, now: string): string {
  const line = /^[^\n]*\n?$/;
  if (!line.test(written) || !line.test(now)) return now;
  const comment = /\s#[^\n'"]*$/.exec(written.trimEnd())?.[0];
  return comment === undefined ? now : `${now.trimEnd()}${comment}\n`;
}

/**
 * A sequence (`faults:`, `decisions:`) patched entry by entry: an entry the new scenario keeps is
 * kept as written, with the comments above and beside it; a new one is written as the author
 * wrote theirs, on one line (`- { fault: …, when: { … } }`) where every entry was. Undefined
 * when the key is not a block sequence in both, or its entries do not pair with the canonical
 * ones. Pure.
 */
function itemByItem(
  text: string,
  doc: Document,
  key: string,
  old: string | undefined,
  now: string,
): string | undefined {
  const root = doc.contents;
  const pair = isMap(root)
    ? root.items.find((item) => isScalar(item.key) && String(item.key.value) === key)
    : undefined;
  const seq = pair?.value;
  if (!pair || !isScalar(pair.key) || !pair.key.range || !isSeq(seq) || seq.flow) return undefined;
  if (old === undefined) return undefined;
  const entries = (chunk: string): unknown[] | undefined => {
    const value: unknown = documentOf(chunk).toJS();
    const list = (value as Record<string, unknown> | null)?.[key];
    return Array.isArray(list) ? list : undefined;
  };
  const was = entries(old);
  const wanted = entries(now);
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
    isNode(first) && first.range
      ? /^[ \t]*/.exec(text.slice(text.lastIndexOf('\n', first.range[0] - 1) + 1))?.[0]
      : undefined;
  const flow = seq.items.length > 0 && seq.items.every((item) => isMap(item) && item.flow);
  const used = new Set<number>();
  const lines = wanted.map((entry) => {
    const same = was.findIndex(
      (other, index) => !used.has(index) && JSON.stringify(other) === JSON.stringify(entry),
    );
    if (same >= 0) {
      used.add(same);
      return written[same] ?? '';
    }
    const block = stringify([entry], {
      lineWidth: 0,
      ...(flow ? { collectionStyle: 'flow' } : {}),
    });
    const body = flow ? `- ${block.trim().slice(1, -1).trim()}\n` : block;
    const pad = indent ?? '  ';
    return body
      .split('\n')
      .map((line) => (line === '' ? line : `${pad}${line}`))
      .join('\n');
  });
  return `${text.slice(text.lastIndexOf('\n', pair.key.range[0] - 1) + 1, keyLineEnd)}${lines.join('')}`;
}
