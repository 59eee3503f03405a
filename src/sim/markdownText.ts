/**
 * Text from a scenario (a name, a description, a warning) made safe for Markdown, for every
 * document Rehearse writes in it: `rehearse plan --markdown`, the recovery runbook of
 * `rehearse explore --decisions --markdown`, the debugger's impact report.
 */

/**
 * The characters that would otherwise mark text up: emphasis (`*`, `_`), strikethrough (`~`, which
 * GitHub reads singly too), code, links, HTML, a heading at a line's start, a table's column,
 * and the backslash itself.
 */
const MARKUP = /[\\`*_~[\]<>#|]/g;

/**
 * Text as it reads, in Markdown: every character that marks text up escaped with a backslash,
 * and every run of white space (line breaks, of any kind, included) folded into one space, so
 * that the text stays on its line: in a table's cell, a list's item, a heading or a paragraph.
 * Pure.
 * @example markdownText('a | b\n*c*') // 'a \\| b \\*c\\*'
 */
export function markdownText(text: string): string {
  return text.replace(MARKUP, (char) => `\\${char}`).replace(/\s+/g, ' ');
}
