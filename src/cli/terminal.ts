import { safeText } from '../sim';

/**
 * The last step before a terminal: text from a scenario (its name, file names, messages that
 * quote it) must not move the cursor, erase a line, retitle the window or reorder what is shown.
 */

const ESC = String.fromCharCode(27);

/** The colour codes `makePaint` writes, and nothing else: kept when colours are on. */
const PAINT_CODES = new RegExp(`(${ESC}\\[(?:1|2|22|31|32|33|39)m)`);

/**
 * Makes text safe to print: every control character but the line feed (and CRLF), and every bidi
 * control, is shown as an escape (`\r`, `\u001b`, `\u202e`) instead of acting on the terminal, by
 * the rule the debugger shows text by ({@link safeText}). With
 * `keepPaint`, the exact colour codes the CLI itself writes are kept. JSON output stays valid and
 * means the same: those characters can only appear inside its strings, where the escapes are
 * JSON's own. Pure.
 * @example
 * terminalSafe('x\r\u001b[2K✓ passed', false) // 'x\\r\\u001b[2K✓ passed'
 */
export function terminalSafe(text: string, keepPaint: boolean): string {
  if (!keepPaint) return safeText(text);
  return text
    .split(PAINT_CODES)
    .map((part, index) => (index % 2 === 1 ? part : safeText(part)))
    .join('');
}

/**
 * User text on one line: line breaks shown as `\n`, so a name or a file name cannot start a
 * line of its own in the output. Pure.
 */
export function oneLine(text: string): string {
  return text.replace(/\r?\n|[\u2028\u2029]/g, '\\n');
}
