import { describe, expect, test } from 'vitest';
import { parseScenario, ScenarioError } from './index';

const lines = (...text: string[]): string => `${text.join('\n')}\n`;

/** The message `rehearse run` and the editor give for `text`. */
function messageOf(text: string): string {
  try {
    parseScenario(text, 'x.yaml');
  } catch (error) {
    if (error instanceof ScenarioError) return error.format();
    throw error;
  }
  throw new Error('the scenario parsed without error');
}

describe('YAML errors in the product’s words', () => {
  test.each([
    [
      'a key indented deeper than its siblings',
      lines('name: a', 'system: ha-pair', '  version: { from: 9.0.2 }'),
      'x.yaml:3:3: bad indentation: `version` is indented deeper than `system` on line 2, which already has a value (`ha-pair`); a key of the same mapping starts at column 1, and keys nest only under a key with nothing after its colon',
    ],
    [
      'a nested key indented deeper than its siblings',
      lines('name: a', 'version:', '  from: 9.0.2', '    to: 9.1.0'),
      'x.yaml:4:5: bad indentation: `to` is indented deeper than `from` on line 3, which already has a value (`9.0.2`); a key of the same mapping starts at column 3, and keys nest only under a key with nothing after its colon',
    ],
    [
      // The first key of a mapping indented deeper than the keys after it is the one to fix
      // (before: the message pointed at line 4, whose indentation is the usual two spaces).
      'the first key of a mapping indented deeper than the keys after it',
      lines('name: a', 'version:', '    from: 9.0.2', '  to: 9.1.0'),
      'x.yaml:3:5: bad indentation: `from` starts at column 5, deeper than `to` after it on line 4 (column 3); the keys of one mapping start at the same column',
    ],
    [
      'the first of three keys indented deeper than the two after it',
      lines('name: a', 'hosts:', '   backup: b1', '  storage: [s1, s2]', '  processing: [p1]'),
      'x.yaml:3:4: bad indentation: `backup` starts at column 4, deeper than `storage` after it on line 4 (column 3); the keys of one mapping start at the same column',
    ],
    [
      'a key indented less than its siblings',
      lines('name: a', 'hosts:', '    backup: b1', '    storage: [s1, s2]', '  processing: [p1]'),
      'x.yaml:5:3: bad indentation: `processing` starts at column 3, which lines up with no key above it (`storage` on line 4 starts at column 5); the keys of one mapping start at the same column',
    ],
    [
      'a key at the column of list items',
      lines('name: a', 'services:', '  - vpn', '  web: 1'),
      'x.yaml:4:3: bad indentation: `web` is a key at the column of the list item on line 3, so it belongs to neither the list nor a mapping; start it with "- " to make it an item, or indent it past the "- " to put it in the item above',
    ],
    [
      'a tab as indentation',
      'name: a\nversion:\n\tfrom: 9.0.2\n',
      'x.yaml:3:1: a tab indents this line: YAML indents with spaces only; replace the tab with spaces',
    ],
    [
      'an unclosed quote, pointed at where it opens',
      lines('name: "a', 'system: ha-pair'),
      'x.yaml:1:7: unclosed quote: the text in double quotes that starts here has no closing "; add it where the text ends',
    ],
    [
      'a missing colon',
      lines('name: a', 'system ha-pair'),
      'x.yaml:2:1: missing colon: `system ha-pair` is not `key: value`; a line of a mapping has a colon and a space after its key',
    ],
    [
      'an unclosed flow mapping',
      lines('name: a', 'version: { from: 9.0.2', 'system: ha-pair'),
      'x.yaml:3:1: `{` opened on line 2 is not closed: end it with `}` on that line, or indent the lines that continue it past the column of its key',
    ],
    [
      'a stray comma',
      lines('name: a', 'version: { from: 9.0.2,, to: 9.1.0 }'),
      'x.yaml:2:24: unexpected `,` inside { … }: its items are separated by single commas',
    ],
    [
      'a reserved first character',
      lines('name: @a'),
      'x.yaml:1:7: a value cannot start with `@` unless it is in quotes: quote it',
    ],
    [
      'an unknown escape',
      'name: "a\\qb"\n',
      'x.yaml:1:9: `\\q` is not an escape YAML knows inside "double quotes": write \\\\ for a backslash, or use \'single quotes\'',
    ],
  ])('%s', (_label, text, message) => {
    const said = messageOf(text);
    expect(said).toBe(message);
    // None of the parser's own sentences.
    expect(said).not.toMatch(
      /Nested mappings|must start at the same column|Tabs are not allowed|Missing closing|Implicit keys|Unexpected|Plain value|Invalid escape|invalid YAML/,
    );
  });
});
