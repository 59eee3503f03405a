import { describe, expect, it } from 'vitest';
import { chosenBy, span, widestSpan } from './format';

describe('chosenBy', () => {
  const source = (kind: 'document' | 'vendor' | 'assumption') => ({ kind, ref: 'a reference' });

  it('should call a default the document’s only where its source is the document', () => {
    expect(chosenBy({ by: 'default', source: source('document') })).toBe('the documented default');
    expect(chosenBy({ by: 'default', source: source('vendor') })).toBe("the vendor's default");
    expect(chosenBy({ by: 'default', source: source('assumption') })).toBe(
      "Rehearse's default (an assumption)",
    );
  });

  it('should name the scenario and the operator whatever the source', () => {
    expect(chosenBy({ by: 'scenario', source: source('document') })).toBe("the scenario's choice");
    expect(chosenBy({ by: 'operator', source: source('assumption') })).toBe('the operator');
  });
});

describe('widestSpan', () => {
  it('should give the widest text a duration up to the total can take', () => {
    expect(widestSpan((4 * 24 + 5) * 60 * 60_000)).toBe('9d23h59m59s');
    expect(widestSpan(90 * 60_000)).toBe('9h59m59s');
    expect(widestSpan(90_000)).toBe('9m59s');
    expect(widestSpan(30_000)).toBe('99s');
    // Every figure up to the total is no longer than it, in characters.
    for (const total of [90_000, 5_400_000, 123_456_789]) {
      for (let at = 0; at <= total; at += Math.floor(total / 97))
        expect(span(at).length, `${at} of ${total}`).toBeLessThanOrEqual(widestSpan(total).length);
    }
  });
});
