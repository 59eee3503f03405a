import { describe, expect, it } from 'vitest';
import { chosenBy } from './format';

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
