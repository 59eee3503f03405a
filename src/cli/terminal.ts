/**
 * The last step before a terminal: text from a scenario (its name, file names, messages that
 * quote it) must not move the cursor, erase a line, retitle the window or reorder what is shown.
 */

const ESC = String.fromCharCode(27);

/** The colour codes `makePaint` writes, and nothing else: kept when colours are on. */
const PAINT_CODES = new RegExp(`(${ESC}\\[(?:1|2|22|31|32|33|39)m)`);

/**
 * C0 controls but the line feed (and a carriage return just before one: a CRLF line end, as CSV
 * writes it, moves the cursor nowhere a line feed does not), DEL, C1 controls, the line and
 * paragraph separators, and the bidirectional embeddings, overrides and isolates.
 */
const UNSAFE =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]|\r(?!\n)/g;

const SHORT: Readonly<Record<string, string>> = { '\t': '\\t', '\r': '\\r' };

/** `\r`, `\t`, or `\u001b`: also a valid escape inside a JSON string, so JSON stays JSON. Pure. */
function escapeChar(char: string): string {
  return SHORT[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/**
 * Makes text safe to print: every control character but the line feed (and CRLF), and every bidi
 * control, is shown as an escape (`\r`, `\u001b`, `\u202e`) instead of acting on the terminal. With
 * `keepPaint`, the exact colour codes the CLI itself writes are kept. JSON output stays valid and
 * means the same: those characters can only appear inside its strings, where the escapes are
 * JSON's own. Pure.
 * @example
 * terminalSafe('x\r\u001b[2K✓ passed', false) // 'x\\r\\u001b[2K✓ passed'
 */
export function terminalSafe(text: string, keepPaint: boolean): string {
  if (!keepPaint) return text.replace(UNSAFE, escapeChar);
  return text
    .split(PAINT_CODES)
    .map((part, index) => (index % 2 === 1 ? part : part.replace(UNSAFE, escapeChar)))
    .join('');
}

/**
 * User text on one line: line breaks shown as `\n`, so a name or a file name cannot start a
 * line of its own in the output. Pure.
 */
export function oneLine(text: string): string {
  return text.replace(/\r?\n|[\u2028\u2029]/g, '\\n');
}
