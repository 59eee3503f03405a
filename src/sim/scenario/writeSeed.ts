/**
 * Writes a seed into a scenario's own text as its `seed:` key, leaving every other byte of it as
 * it was: a run chosen from the samples then plays from the text, and the text (a file, a link)
 * carries the seed.
 */
import { isMap, isScalar, parseDocument } from 'yaml';

/** The index just after the end of the line `at` is on (past its `\n`), or the end of the text. */
function nextLine(text: string, at: number): number {
  const end = text.indexOf('\n', at);
  return end < 0 ? text.length : end + 1;
}

/**
 * The scenario text with `seed: N`: the value of its `seed:` key replaced (a comment after it
 * stays), or the key added after the last top-level entry. Pure.
 * @throws Error when the text is not YAML, not a block mapping, or its `seed:` is not a plain value.
 * @example writeSeedIntoText('name: a\nseed: 2 # mine\n', 7) // 'name: a\nseed: 7 # mine\n'
 */
export function writeSeedIntoText(text: string, seed: number): string {
  if (!Number.isSafeInteger(seed) || seed < 0) throw new Error(`${seed} is not a seed`);
  const doc = parseDocument(text);
  if (doc.errors.length > 0)
    throw new Error(`the text is not valid YAML: ${doc.errors[0]?.message ?? ''}`);
  const root = doc.contents;
  if (!isMap(root) || root.flow || !root.range)
    throw new Error('the scenario is not a YAML block mapping');
  const pair = root.items.find((item) => isScalar(item.key) && item.key.value === 'seed');
  if (pair) {
    const value = pair.value;
    if (!isScalar(value) || !value.range)
      throw new Error('seed: is not a plain value, so it cannot be replaced');
    return text.slice(0, value.range[0]) + String(seed) + text.slice(value.range[1]);
  }
  const first = root.items[0];
  const last = root.items[root.items.length - 1];
  const keyStart = first && isScalar(first.key) && first.key.range ? first.key.range[0] : 0;
  const column = keyStart - (text.lastIndexOf('\n', keyStart - 1) + 1);
  const lastNode = last?.value ?? last?.key;
  const lastEnd =
    lastNode && typeof lastNode === 'object' && 'range' in lastNode && lastNode.range
      ? lastNode.range[1]
      : root.range[1];
  const at = nextLine(text, Math.max(0, lastEnd - 1));
  const before = text.slice(0, at);
  const line = `${' '.repeat(column)}seed: ${seed}\n`;
  return `${before}${before === '' || before.endsWith('\n') ? '' : '\n'}${line}${text.slice(at)}`;
}
