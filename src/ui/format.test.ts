import { describe, expect, it } from 'vitest';
import { chosenBy, runningSpan, widestSpan } from './format';

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
  it('should give the widest text a running figure up to the total can take', () => {
    expect(widestSpan((4 * 24 + 5) * 60 * 60_000)).toBe('9d23h59m');
    expect(widestSpan(90 * 60_000)).toBe('9h59m');
    expect(widestSpan(45 * 60_000)).toBe('99m59s');
    expect(widestSpan(30_000)).toBe('99s');
    // Every running figure up to the total is no longer than it, in characters.
    for (const total of [90_000, 2_700_000, 5_400_000, 123_456_789]) {
      for (let at = 0; at <= total; at += Math.floor(total / 97))
        expect(runningSpan(at, total).length, `${at} of ${total}`).toBeLessThanOrEqual(
          widestSpan(total).length,
        );
    }
  });

  it('should give a running figure to the minute once the total is an hour or more', () => {
    expect(runningSpan(6 * 3_600_000 + 6 * 60_000 + 32_000, 4 * 86_400_000)).toBe('6h6m');
    expect(runningSpan(11 * 60_000 + 4_000, 45 * 60_000)).toBe('11m4s');
  });

  it('should give the total to the second once the figure reaches it, as the end says it', () => {
    // Before: "so far 1h1m · at the end 1h1m27s" with the playhead at the end.
    const total = 3_687_000;
    expect(runningSpan(total, total)).toBe('1h1m27s');
    expect(runningSpan(total - 1_000, total)).toBe('1h1m');
    expect(widestSpan(total).length).toBeGreaterThanOrEqual('1h1m27s'.length);
  });

  it('should never say 0s of a figure that is not 0', () => {
    // Before: "so far 0s" over lanes reading 4s, in a run of an hour or more.
    expect(runningSpan(4_000, 3 * 3_600_000)).toBe('<1m');
    expect(runningSpan(59_999, 3 * 3_600_000)).toBe('<1m');
    expect(runningSpan(0, 3 * 3_600_000)).toBe('0s');
    expect(runningSpan(60_000, 3 * 3_600_000)).toBe('1m');
  });
});
