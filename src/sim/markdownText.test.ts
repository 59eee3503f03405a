import { describe, expect, it } from 'vitest';
import { markdownText } from './markdownText';

describe('markdownText', () => {
  it.each([
    ['a | b', 'a \\| b'],
    ['*bold* and _em_', '\\*bold\\* and \\_em\\_'],
    ['about ~2h, not ~4h', 'about \\~2h, not \\~4h'],
    ['`code` [link](x) <b>', '\\`code\\` \\[link\\](x) \\<b\\>'],
    ['# not a heading', '\\# not a heading'],
    ['C:\\path', 'C:\\\\path'],
    ['one\ntwo', 'one two'],
    ['one\r\n- two', 'one - two'],
    ['one\rtwo', 'one two'],
    ['one\u2028two\u2029three', 'one two three'],
    ['one \t  two', 'one two'],
    ['plain words, 3.2.4 → 5.2.1', 'plain words, 3.2.4 → 5.2.1'],
  ])('should write %j as %j', (text, written) => {
    expect(markdownText(text)).toBe(written);
  });
});
