/**
 * What text from a scenario may hold and how it is shown, written once for the command line and
 * the debugger: the same file is refused, measured and shown alike by both.
 */

/**
 * C0 controls but the line feed (and a carriage return just before one: a CRLF line end), DEL,
 * C1 controls, the line and paragraph separators, and the bidirectional embeddings, overrides and
 * isolates (U+202A–U+202E, U+2066–U+2069), which reorder what is shown around them.
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
 * Text safe to show: every control character but the line feed (and CRLF), and every bidi
 * control, is shown as an escape (`\r`, `\u001b`, `\u202e`) instead of acting on a terminal or
 * reordering a line on screen. Pure.
 * @example
 * safeText('storage-\u202e1') // 'storage-\\u202e1'
 */
export function safeText(text: string): string {
  return text.replace(UNSAFE, escapeChar);
}

/** `1,234,567`, independent of the locale. Pure. */
function thousands(count: number): string {
  return String(count).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** How many bytes `text` takes as UTF-8, what the size limit of a scenario file counts. Pure. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code < 0xdc00 && index + 1 < text.length) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next < 0xe000) {
        bytes += 4;
        index++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * Why a file of `bytes` bytes is refused (more than `limit`), or nothing. `exact: false` when
 * reading stopped past the limit and the whole size is not known. Pure.
 */
export function sizeRefusal(bytes: number, limit: number, exact = true): string | undefined {
  if (bytes <= limit) return undefined;
  const size = exact
    ? `the file is ${thousands(bytes)}`
    : `the file is more than ${thousands(limit)}`;
  return `${size} bytes; the limit is ${thousands(limit)} bytes (${limit / 2 ** 20} MiB): give large numbers of hosts or VPSs as counts`;
}

/**
 * Why `text` is not the text of a scenario or report, or nothing: it holds a NUL, which no
 * scenario or report holds (a binary file, or UTF-16 text read as UTF-8 has one per character).
 * The byte offset is counted in UTF-8, as the file's. Pure.
 */
export function notTextRefusal(text: string): string | undefined {
  const nul = text.indexOf('\0');
  if (nul < 0) return undefined;
  return `it is not text: byte ${thousands(utf8Length(text.slice(0, nul)))} is NUL, as in a binary file or UTF-16 text (save it as UTF-8)`;
}

/** Why bytes are not the text of a scenario or report: not UTF-8 (see {@link decodeText}). */
const NOT_UTF8 =
  'it is not UTF-8 text (a binary file, or text in another encoding: save it as UTF-8)';

/**
 * Bytes read as UTF-8 text, or why they are not the text of a scenario or report: bytes that
 * are not UTF-8 (a binary file, Latin-1, or UTF-16 with its byte-order mark), or a NUL (see
 * {@link notTextRefusal}). What the command line reads files with and the debugger imports
 * with. Pure.
 */
export function decodeText(
  bytes: Uint8Array | ArrayBuffer,
): { readonly text: string } | { readonly refusal: string } {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { refusal: NOT_UTF8 };
  }
  const refusal = notTextRefusal(text);
  return refusal === undefined ? { text } : { refusal };
}
