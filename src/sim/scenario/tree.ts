/**
 * YAML text → a small tree that remembers where every key and value was written.
 *
 * The `yaml` package's AST is turned into plain nodes with 1-based positions; aliases are resolved
 * (with a cap against alias bombs) and `<<` merge keys applied, so the validators never see YAML
 * machinery and every error can point at the offending key or value.
 */
import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  visit,
  type Alias,
  type Document,
  type Node as YamlNode,
} from 'yaml';
import { ScenarioError, type Pos } from './errors';
import { describeYamlError } from './yamlErrors';

export interface YEntry {
  readonly key: string;
  readonly keyPos: Pos;
  readonly value: YNode;
}

export interface YMap {
  readonly kind: 'map';
  readonly pos: Pos;
  readonly entries: readonly YEntry[];
}

export interface YSeq {
  readonly kind: 'seq';
  readonly pos: Pos;
  readonly items: readonly YNode[];
}

interface YScalar {
  readonly kind: 'scalar';
  readonly pos: Pos;
  /** The value YAML resolved: string, number, boolean or null (other tags give other values). */
  readonly value: unknown;
  /** The text as written (after unquoting), so `4.10` stays `4.10`. */
  readonly source: string;
}

export type YNode = YMap | YSeq | YScalar;

/** How many aliased nodes a document may expand to (an alias bomb expands to billions). */
const MAX_ALIAS_COUNT = 100;
/** How deeply collections may nest; a scenario needs about five levels. */
const MAX_DEPTH = 64;

/**
 * Refuses text nested deeper than MAX_DEPTH before the YAML parser sees it: the parser recurses
 * per level and, thousands of levels deep, runs out of stack. Counts flow brackets outside
 * quotes, and block levels as indentation steps and `- ` runs. Pure.
 * @throws ScenarioError at the first place the document goes too deep.
 */
function checkNesting(text: string, file: string): void {
  let line = 1;
  let column = 0;
  let flow = 0;
  let quote: string | undefined;
  let lineStart = true;
  let indent = 0;
  let dashes = 0;
  const tooDeep = (): never => {
    throw new ScenarioError(`the document nests deeper than ${MAX_DEPTH} levels`, {
      file,
      line,
      column: Math.max(1, column),
    });
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    column++;
    if (c === '\n') {
      line++;
      column = 0;
      lineStart = true;
      indent = 0;
      dashes = 0;
      if (quote === "'" || quote === '"') continue;
      continue;
    }
    if (quote !== undefined) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (lineStart) {
      if (c === ' ') {
        // Block nesting needs at least one column per level.
        if (++indent > MAX_DEPTH * 8) tooDeep();
        continue;
      }
      if (c === '-' && (text[i + 1] === ' ' || text[i + 1] === '\t')) {
        if (++dashes > MAX_DEPTH) tooDeep();
        i++;
        column++;
        continue;
      }
      lineStart = false;
    }
    if (c === '#') {
      while (i + 1 < text.length && text[i + 1] !== '\n') i++;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '[' || c === '{') {
      if (++flow > MAX_DEPTH) tooDeep();
    } else if (c === ']' || c === '}') {
      flow = Math.max(0, flow - 1);
    }
  }
}

const FIRST: Pos = { line: 1, column: 1 };

function firstLine(message: string): string {
  const line = message.split('\n')[0] ?? message;
  return line.replace(/ at line \d+, column \d+:?\s*$/, '').trim();
}

/** The key path of the key or value that starts at `offset`, for errors yaml reports. */
function pathAt(node: unknown, offset: number, path: string): string {
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.source ?? pair.key.value) : '?';
      const child = path === '' ? key : `${path}.${key}`;
      const keyRange = (pair.key as { range?: [number, number, number] } | null)?.range;
      if (keyRange && keyRange[0] <= offset && offset < keyRange[2]) return child;
      const valueRange = (pair.value as { range?: [number, number, number] } | null)?.range;
      if (valueRange && valueRange[0] <= offset && offset < valueRange[2]) {
        return pathAt(pair.value, offset, child);
      }
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, index) => {
      const range = (item as { range?: [number, number, number] } | null)?.range;
      if (range && range[0] <= offset && offset < range[2]) {
        path = pathAt(item, offset, `${path}[${index}]`);
      }
    });
  }
  return path;
}

function keyNameAt(text: string, offset: number): string {
  const rest = text.slice(offset);
  const quoted = /^(["'])(.*?)\1/.exec(rest);
  if (quoted) return quoted[2] ?? '';
  return (/^[^:\n]*/.exec(rest)?.[0] ?? '').trim();
}

function yamlError(
  file: string,
  text: string,
  doc: Document.Parsed,
  error: Document.Parsed['errors'][number],
): ScenarioError {
  const at = error.linePos?.[0];
  const offset = error.pos[0];
  const details = { file, line: at?.line, column: at?.col };
  switch (error.code) {
    case 'DUPLICATE_KEY': {
      const key = keyNameAt(text, offset);
      return new ScenarioError(
        `duplicate key \`${key}\`: a key may appear only once in a mapping`,
        { ...details, path: pathAt(doc.contents, offset, '') },
      );
    }
    default: {
      // In the author's terms (which key is indented how, which quote is left open), and
      // pointed at the line to fix when that is not where the parser stopped.
      const said = describeYamlError(text, {
        code: error.code,
        message: firstLine(error.message),
        line: at?.line ?? 1,
        column: at?.col ?? 1,
      });
      return new ScenarioError(said.reason, {
        ...details,
        ...(said.line === undefined ? {} : { line: said.line }),
        ...(said.column === undefined ? {} : { column: said.column }),
      });
    }
  }
}

/**
 * Parses scenario text into a position-keeping tree.
 * @returns undefined for an empty document (nothing but comments or `~`).
 * @throws ScenarioError for invalid YAML, duplicate keys, unresolved aliases and alias bombs.
 */
export function parseTree(text: string, file: string): YNode | undefined {
  checkNesting(text, file);
  const lineCounter = new LineCounter();
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, {
      prettyErrors: true,
      // Duplicates are found below with a set per mapping: yaml's own check compares every
      // key with every earlier one, which hangs on a mapping of many keys.
      uniqueKeys: false,
      strict: true,
      merge: true,
      lineCounter,
    });
  } catch (error) {
    // The parser does not throw on bad input, but a pathological file must not escape as a crash.
    const message = error instanceof Error ? error.message : String(error);
    throw new ScenarioError(`the file cannot be read as YAML: ${firstLine(message)}`, { file });
  }
  const first = doc.errors[0];
  if (first !== undefined) throw yamlError(file, text, doc, first);

  const posAt = (offset: number): Pos => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const posOf = (node: YamlNode): Pos => (node.range ? posAt(node.range[0]) : FIRST);
  const fail = (node: YamlNode, reason: string, expected?: string): never => {
    const pos = posOf(node);
    const path = node.range ? pathAt(doc.contents, node.range[0], '') : '';
    throw new ScenarioError(reason, { file, path, line: pos.line, column: pos.column, expected });
  };

  // Pass 1: resolve every alias to the last node anchored with its name before it.
  const anchors = new Map<string, YamlNode>();
  const targets = new Map<Alias, YamlNode>();
  const aliases: Alias[] = [];
  visit(doc, {
    Node(_key, node) {
      if (isAlias(node)) {
        const target = anchors.get(node.source);
        if (target === undefined) {
          fail(
            node,
            `unknown alias *${node.source}: the anchor &${node.source} must be set before it`,
          );
        } else {
          targets.set(node, target);
          aliases.push(node);
        }
      } else if (node.anchor) {
        anchors.set(node.anchor, node);
      }
    },
  });

  // Pass 2: count what the aliases expand to, before expanding anything.
  const weights = new Map<YamlNode, number>();
  const counting = new Set<YamlNode>();
  const aliasesWithin = (node: unknown): number => {
    if (isAlias(node)) {
      const target = targets.get(node);
      return target === undefined ? 0 : 1 + aliasesWithin(target);
    }
    if (!isMap(node) && !isSeq(node)) return 0;
    const known = weights.get(node);
    if (known !== undefined) return known;
    if (counting.has(node)) {
      return fail(node, `alias *${node.anchor ?? ''} refers to the node that contains it`);
    }
    counting.add(node);
    let total = 0;
    for (const item of node.items) {
      total += isPair(item)
        ? aliasesWithin(item.key) + aliasesWithin(item.value)
        : aliasesWithin(item);
      if (total > MAX_ALIAS_COUNT) break;
    }
    counting.delete(node);
    weights.set(node, total);
    return total;
  };
  let expanded = 0;
  for (const alias of aliases) {
    const target = targets.get(alias);
    expanded += 1 + (target === undefined ? 0 : aliasesWithin(target));
    if (expanded > MAX_ALIAS_COUNT) {
      fail(
        alias,
        `too many aliases: expanding *${alias.source} takes the document past ${MAX_ALIAS_COUNT} aliased nodes (an alias bomb?)`,
      );
    }
  }

  // Pass 3: convert, sharing the converted form of aliased nodes.
  const converted = new Map<YamlNode, YNode>();
  const keyText = (key: unknown): string => {
    if (isAlias(key)) return keyText(targets.get(key));
    if (key === null || key === undefined) return '';
    if (!isScalar(key))
      return fail(key as YamlNode, 'a key must be a word, not a list or a mapping');
    if (typeof key.value === 'string') return key.value;
    if (key.value === null || key.value === undefined) return '';
    return (key.source ?? '').trim();
  };
  const isMergeKey = (key: unknown): boolean =>
    isScalar(key) && typeof key.value === 'symbol' && key.value.description === '<<';

  const convert = (node: unknown, depth: number, keyPos?: Pos): YNode => {
    if (depth > MAX_DEPTH) {
      return fail(node as YamlNode, `the document nests deeper than ${MAX_DEPTH} levels`);
    }
    if (node === null || node === undefined) {
      return { kind: 'scalar', pos: keyPos ?? FIRST, value: null, source: '' };
    }
    if (isAlias(node)) {
      const target = targets.get(node);
      const inner = convert(target, depth, keyPos);
      return { ...inner, pos: posOf(node) };
    }
    const known = converted.get(node as YamlNode);
    if (known !== undefined) return known;
    let result: YNode;
    if (isScalar(node)) {
      const empty = node.value === null && (!node.range || node.range[0] === node.range[1]);
      result = {
        kind: 'scalar',
        pos: empty && keyPos ? keyPos : posOf(node),
        value: node.value,
        source: (node.source ?? String(node.value)).trim(),
      };
    } else if (isSeq(node)) {
      if (node.items.some((item) => isPair(item))) {
        // `!!omap` and `!!pairs` are lists of key-value pairs: no scenario key takes one.
        return fail(
          node,
          `${(node.tag ?? 'a list of pairs').replace('tag:yaml.org,2002:', '!!')} is not supported: write a plain mapping`,
          'a mapping (key: value) or a list',
        );
      }
      result = {
        kind: 'seq',
        pos: posOf(node),
        items: node.items.map((item) => convert(item, depth + 1, posOf(node))),
      };
    } else if (isMap(node)) {
      const explicit = new Set<string>();
      for (const pair of node.items) {
        if (!isMergeKey(pair.key)) explicit.add(keyText(pair.key));
      }
      const entries: YEntry[] = [];
      const present = new Set<string>();
      const explicitSeen = new Set<string>();
      for (const pair of node.items) {
        if (isMergeKey(pair.key)) {
          const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
          for (const source of sources) {
            const merged = convert(source, depth + 1, posOf(pair.key as YamlNode));
            if (merged.kind !== 'map') {
              fail(
                (source ?? pair.key) as YamlNode,
                'a `<<` merge key takes a mapping or a list of mappings',
              );
            } else {
              for (const entry of merged.entries) {
                if (explicit.has(entry.key) || present.has(entry.key)) continue;
                present.add(entry.key);
                entries.push(entry);
              }
            }
          }
          continue;
        }
        const key = keyText(pair.key);
        const keyPos = isScalar(pair.key) || isAlias(pair.key) ? posOf(pair.key) : posOf(node);
        if (present.has(key) && explicitSeen.has(key)) {
          fail(
            pair.key as YamlNode,
            `duplicate key \`${key}\`: a key may appear only once in a mapping`,
          );
        }
        explicitSeen.add(key);
        present.add(key);
        entries.push({ key, keyPos, value: convert(pair.value, depth + 1, keyPos) });
      }
      result = { kind: 'map', pos: posOf(node), entries };
    } else {
      const pos = keyPos ?? FIRST;
      throw new ScenarioError('this kind of YAML node is not supported', {
        file,
        line: pos.line,
        column: pos.column,
      });
    }
    converted.set(node, result);
    return result;
  };

  const root = doc.contents;
  if (root === null) return undefined;
  // Nothing but comments and blank lines; an explicit `null` or `~` is a value, said as one.
  if (isScalar(root) && root.value === null && (!root.range || root.range[0] === root.range[1]))
    return undefined;
  return convert(root, 0);
}

/**
 * Where a key path is written in scenario text: the position of its deepest key (or list item)
 * that exists, so a path whose last keys are absent points at the nearest one that is there.
 * @param path keys and list indexes from the top, e.g. `['expect', 'budget', 'groups', 0, 'total']`
 * @returns undefined when the text is not a mapping or the first key is absent.
 */
export function keyPosition(text: string, path: readonly (string | number)[]): Pos | undefined {
  let node: YNode | undefined;
  try {
    node = parseTree(text, '');
  } catch {
    return undefined;
  }
  let found: Pos | undefined;
  for (const key of path) {
    if (node === undefined) break;
    if (typeof key === 'number') {
      if (node.kind !== 'seq') break;
      node = node.items[key];
      if (node !== undefined) found = node.pos;
      continue;
    }
    if (node.kind !== 'map') break;
    const entry: YEntry | undefined = node.entries.find((e) => e.key === key);
    if (entry === undefined) break;
    found = entry.keyPos;
    node = entry.value;
  }
  return found;
}
