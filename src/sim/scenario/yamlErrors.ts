/**
 * The YAML parser's errors in Rehearse's words: what is wrong, in terms of the lines the author
 * wrote (which key is indented how, which quote or bracket is left open), and where. One record
 * per error code of the `yaml` package; a code without one keeps the parser's own sentence.
 * Pure functions over the text.
 */

/** A YAML error as the parser gives it: its code, its sentence and where it points. */
export interface YamlFault {
  readonly code: string;
  /** The parser's message, first line only (without its "at line L, column C"). */
  readonly message: string;
  /** 1-based line and column the parser points at. */
  readonly line: number;
  readonly column: number;
}

/** What to say instead, and where (when somewhere other than where the parser points). */
export interface YamlWording {
  readonly reason: string;
  readonly line?: number;
  readonly column?: number;
}

/** A line of the text, as the author wrote it. */
interface Line {
  /** 1-based. */
  readonly number: number;
  readonly text: string;
  /** Spaces before its first character. */
  readonly indent: number;
}

/** The lines of `text`, 1-based. */
function linesOf(text: string): Line[] {
  return text.split(/\r?\n/).map((line, index) => ({
    number: index + 1,
    text: line,
    indent: /^ */.exec(line)?.[0].length ?? 0,
  }));
}

/** Whether a line holds YAML (not blank, not only a comment). */
function significant(line: Line): boolean {
  const rest = line.text.trimStart();
  return rest !== '' && !rest.startsWith('#');
}

/** The nearest significant line before line `number`. */
function lineBefore(lines: readonly Line[], number: number): Line | undefined {
  for (let index = number - 2; index >= 0; index--) {
    const line = lines[index];
    if (line && significant(line)) return line;
  }
  return undefined;
}

/** The nearest significant line after line `number`. */
function lineAfter(lines: readonly Line[], number: number): Line | undefined {
  for (let index = number; index < lines.length; index++) {
    const line = lines[index];
    if (line && significant(line)) return line;
  }
  return undefined;
}

/** The key a line starts (`version` of `  version: { … }`, `b` of `- b: c`), if it starts one. */
function keyOf(line: Line): string | undefined {
  const match = /^\s*(?:-\s+)?(["']?)([^\s"'#:][^:#]*?)\1\s*:(?:\s|$)/.exec(line.text);
  return match?.[2];
}

/** What a line starts with, for a message: its key, or its first words. */
function said(line: Line): string {
  const key = keyOf(line);
  if (key !== undefined) return `\`${key}\``;
  const text = line.text.trim();
  return `\`${text.length > 30 ? `${text.slice(0, 29)}…` : text}\``;
}

/** Whether a line is a list item (`- …`). */
function isItem(line: Line): boolean {
  return /^\s*-(\s|$)/.test(line.text);
}

/** A key that does not line up with the keys of the mapping it is in (`BAD_INDENT`). */
function misaligned(lines: readonly Line[], fault: YamlFault): YamlWording | undefined {
  const line = lines[fault.line - 1];
  if (!line) return undefined;
  const at = { line: line.number, column: line.indent + 1 };
  const before = lineBefore(lines, line.number);
  if (before && isItem(before) && before.indent === line.indent && !isItem(line)) {
    return {
      ...at,
      reason: `bad indentation: ${said(line)} is a key at the column of the list item on line ${before.number}, so it belongs to neither the list nor a mapping; start it with "- " to make it an item, or indent it past the "- " to put it in the item above`,
    };
  }
  // The first key of a mapping indented deeper than the keys after it: it is the one to fix
  // when its siblings go on at this line's column, or this line has the usual two spaces more
  // than the key they all belong to.
  const parent = before && lineBefore(lines, before.number);
  const next = lineAfter(lines, line.number);
  if (
    before &&
    parent &&
    before.indent > line.indent &&
    parent.indent < line.indent &&
    /:\s*(#.*)?$/.test(parent.text) &&
    ((next !== undefined && next.indent === line.indent && !isItem(next)) ||
      line.indent - parent.indent === 2)
  ) {
    return {
      line: before.number,
      column: before.indent + 1,
      reason: `bad indentation: ${said(before)} starts at column ${before.indent + 1}, deeper than ${said(line)} after it on line ${line.number} (column ${line.indent + 1}); the keys of one mapping start at the same column`,
    };
  }
  if (before && before.indent !== line.indent) {
    return {
      ...at,
      reason: `bad indentation: ${said(line)} starts at column ${line.indent + 1}, which lines up with no key above it (${said(before)} on line ${before.number} starts at column ${before.indent + 1}); the keys of one mapping start at the same column`,
    };
  }
  return {
    ...at,
    reason: `bad indentation: ${said(line)} lines up with no key above it; the keys of one mapping start at the same column`,
  };
}

/** A `{` or `[` left open before the line the parser stopped at (`BAD_INDENT` in a flow). */
function unclosedFlow(lines: readonly Line[], fault: YamlFault, open: '{' | '['): YamlWording {
  const close = open === '{' ? '}' : ']';
  let opened: Line | undefined;
  for (let index = fault.line - 2; index >= 0 && !opened; index--) {
    const line = lines[index];
    if (line?.text.includes(open)) opened = line;
  }
  const where = opened ? ` on line ${opened.number}` : '';
  return {
    reason: `\`${open}\` opened${where} is not closed: end it with \`${close}\`${opened ? ' on that line' : ''}, or indent the lines that continue it past the column of its key`,
  };
}

/** A key indented under a key that already has its value on its line (`BLOCK_AS_IMPLICIT_KEY`). */
function deeperKey(lines: readonly Line[], fault: YamlFault): YamlWording | undefined {
  const line = lines[fault.line - 1];
  const next = line && lineAfter(lines, line.number);
  if (!line || !next || next.indent <= line.indent || keyOf(next) === undefined) return undefined;
  const owner = keyOf(line);
  const value = owner === undefined ? '' : line.text.slice(line.text.indexOf(':') + 1).trim();
  return {
    line: next.number,
    column: next.indent + 1,
    reason: `bad indentation: ${said(next)} is indented deeper than ${said(line)} on line ${line.number}, which already has a value${value === '' ? '' : ` (\`${value}\`)`}; a key of the same mapping starts at column ${line.indent + 1}, and keys nest only under a key with nothing after its colon`,
  };
}

/** Where the quote an unclosed quoted text opens with is, before `offset` (`MISSING_CHAR`). */
function openingQuote(lines: readonly Line[], fault: YamlFault, quote: string): YamlWording {
  for (let index = fault.line - 1; index >= 0; index--) {
    const line = lines[index];
    if (!line) continue;
    // A quote that starts a value: after a colon, a dash, an opening bracket, a comma, or the indent.
    const starts = [...line.text.matchAll(/(?:^\s*|[:\-[{,]\s+|[[{,])(["'])/g)].filter(
      (match) => match[1] === quote,
    );
    const last = starts[starts.length - 1];
    if (last?.index !== undefined) {
      return {
        line: line.number,
        column: last.index + last[0].length,
        reason: `unclosed quote: the text in ${quote === '"' ? 'double' : 'single'} quotes that starts here has no closing ${quote}; add it where the text ends`,
      };
    }
  }
  return { reason: `unclosed quote: a text in quotes has no closing ${quote}` };
}

/** A line of a mapping that is not `key: value`. */
function missingColon(line: Line): YamlWording {
  return {
    reason: `missing colon: ${said(line)} is not \`key: value\`; a line of a mapping has a colon and a space after its key`,
  };
}

/** How each YAML error code is said; `undefined` keeps the parser's sentence. */
const WORDINGS: Readonly<
  Record<string, (lines: readonly Line[], fault: YamlFault) => YamlWording | undefined>
> = {
  TAB_AS_INDENT: () => ({
    reason: 'a tab indents this line: YAML indents with spaces only; replace the tab with spaces',
  }),
  BAD_INDENT: (lines, fault) => {
    if (fault.message.startsWith('Flow map')) return unclosedFlow(lines, fault, '{');
    if (fault.message.startsWith('Flow sequence')) return unclosedFlow(lines, fault, '[');
    if (fault.message.startsWith('All mapping items')) return misaligned(lines, fault);
    return undefined;
  },
  BLOCK_AS_IMPLICIT_KEY: (lines, fault) =>
    deeperKey(lines, fault) ?? {
      reason:
        'a value holds ": " (a colon and a space), which YAML reads as a key inside the value; put the value in quotes',
    },
  MULTILINE_IMPLICIT_KEY: (lines, fault) => {
    const line = lines[fault.line - 1];
    if (!line) return undefined;
    if (isItem(line))
      return {
        reason: `a list item where a key was expected: to give the key above a list, leave its value off its line and indent the items under it`,
      };
    if (!line.text.includes(':')) return missingColon(line);
    return {
      reason: 'a key runs over several lines: a key and its colon are on one line',
    };
  },
  MISSING_CHAR: (lines, fault) => {
    const quote = /closing (["'])quote/.exec(fault.message)?.[1];
    if (quote !== undefined) return openingQuote(lines, fault, quote);
    if (fault.message.startsWith('Implicit map keys need to be followed by map values')) {
      const line = lines[fault.line - 1];
      return line && !line.text.includes(':')
        ? missingColon(line)
        : { reason: 'a key without a value: a key is followed by a colon, then its value' };
    }
    return undefined;
  },
  UNEXPECTED_TOKEN: (_lines, fault) => {
    const inFlow = /^Unexpected (.+?) in flow (map|sequence)/.exec(fault.message);
    if (inFlow)
      return {
        reason: `unexpected \`${inFlow[1] ?? ''}\` inside ${inFlow[2] === 'map' ? '{ … }' : '[ … ]'}: its items are separated by single commas`,
      };
    if (fault.message.startsWith('Unexpected scalar at node end'))
      return {
        reason:
          'unexpected text after the value: a value in quotes ends at its closing quote, so quote the whole of it',
      };
    return undefined;
  },
  BAD_SCALAR_START: (_lines, fault) => {
    const char = /reserved character (\S)/.exec(fault.message)?.[1];
    return char === undefined
      ? undefined
      : { reason: `a value cannot start with \`${char}\` unless it is in quotes: quote it` };
  },
  BAD_DQ_ESCAPE: (_lines, fault) => {
    const escape = /escape sequence (\S+)/.exec(fault.message)?.[1];
    return {
      reason: `\`${escape ?? '\\'}\` is not an escape YAML knows inside "double quotes": write \\\\ for a backslash, or use 'single quotes'`,
    };
  },
  BLOCK_IN_FLOW: () => ({
    reason:
      'a list or mapping written on its own lines inside { … } or [ … ]: write its items inline, separated by commas',
  }),
  KEY_OVER_1024_CHARS: () => ({
    reason:
      'a key longer than 1,024 characters, or a line missing its colon: a key and its colon are on one line',
  }),
  MULTIPLE_DOCS: () => ({
    reason: 'the file holds several YAML documents (separated by ---); a scenario file holds one',
  }),
};

/**
 * What a YAML error means in the author's terms, and where (`line`/`column` when it is better
 * pointed at than where the parser stopped: the key indented too deep, the quote left open);
 * for a code without a wording, the parser's own sentence after `invalid YAML:`. Pure.
 * @example describeYamlError('a: 1\n\tb: 2\n', { code: 'TAB_AS_INDENT', … }).reason
 *   // 'a tab indents this line: YAML indents with spaces only; replace the tab with spaces'
 */
export function describeYamlError(text: string, fault: YamlFault): YamlWording {
  const wording = WORDINGS[fault.code]?.(linesOf(text), fault);
  return wording ?? { reason: `invalid YAML: ${fault.message}` };
}
