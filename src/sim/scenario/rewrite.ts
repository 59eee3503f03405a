import { isMap, isNode, isScalar, parseDocument, type Document } from 'yaml';
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
  const spans = keySpans(text, documentOf(text));
  const edits: { start: number; end: number; text: string }[] = [];
  let appended = '';
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const old = before.get(key);
    const now = after.get(key);
    if (old === now) continue;
    const span = spans.get(key);
    if (span) edits.push({ ...span, text: now ?? '' });
    else if (now !== undefined) appended += now;
  }
  let out = text;
  for (const edit of edits.sort((a, b) => b.start - a.start))
    out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  if (appended === '') return out;
  return `${out}${out === '' || out.endsWith('\n') ? '' : '\n'}${appended}`;
}
