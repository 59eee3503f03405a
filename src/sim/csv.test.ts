import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../test/support/csv';
import { csvText } from './csv';

describe('csvText', () => {
  it('should quote a field only when it holds a comma, a quote, CR or LF, doubling its quotes', () => {
    expect(csvText([['plain', 'a,b', 'say "hi"', 'two\nlines', 'cr\r', '']])).toBe(
      'plain,"a,b","say ""hi""","two\nlines","cr\r",\r\n',
    );
  });

  it('should end every record, the last too, with CRLF', () => {
    expect(
      csvText([
        ['h1', 'h2'],
        ['1', '2'],
      ]),
    ).toBe('h1,h2\r\n1,2\r\n');
  });

  it('should read back as the same fields with an RFC 4180 reader written apart from it', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.array(fc.string({ unit: fc.constantFrom('a', ',', '"', '\r', '\n', ' ', 'é') }), {
            minLength: 1,
            maxLength: 4,
          }),
          { minLength: 1, maxLength: 5 },
        ),
        (records) => {
          expect(parseCsv(csvText(records))).toEqual(records);
        },
      ),
    );
  });
});
