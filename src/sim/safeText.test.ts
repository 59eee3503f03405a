import { describe, expect, test } from 'vitest';
import { notTextRefusal, safeText, sizeRefusal, utf8Length } from './safeText';

describe('safeText', () => {
  test.each([
    ['a bidi override', 'storage-\u202e1', 'storage-\\u202e1'],
    ['a bidi isolate', 'a\u2066b\u2069', 'a\\u2066b\\u2069'],
    ['an escape and a carriage return', 'x\r\u001b[2K', 'x\\r\\u001b[2K'],
    ['a tab', 'a\tb', 'a\\tb'],
    ['line feeds and CRLF, kept', 'a\nb\r\nc', 'a\nb\r\nc'],
  ])('shows %s as the command line prints it', (_, text, shown) => {
    expect(safeText(text)).toBe(shown);
  });
});

describe('utf8Length', () => {
  test('counts the bytes of UTF-8, a surrogate pair as four', () => {
    const text = 'aü€😀';
    expect(utf8Length(text)).toBe(new TextEncoder().encode(text).length);
    expect(utf8Length(text)).toBe(10);
  });
});

describe('refusals', () => {
  test('a file over the limit is named with its size and the limit, in bytes', () => {
    expect(sizeRefusal(2_000_001, 2 ** 21)).toBeUndefined();
    expect(sizeRefusal(2 ** 21 + 1, 2 ** 21)).toBe(
      'the file is 2,097,153 bytes; the limit is 2,097,152 bytes (2 MiB): give large numbers of hosts or VPSs as counts',
    );
  });
  test('a NUL is named by its byte', () => {
    expect(notTextRefusal('ü\0')).toBe(
      'it is not text: byte 2 is NUL, as in a binary file or UTF-16 text (save it as UTF-8)',
    );
    expect(notTextRefusal('text')).toBeUndefined();
  });
});
