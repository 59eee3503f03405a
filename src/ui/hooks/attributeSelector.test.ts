// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { attributeSelector } from './attributeSelector';

describe('attributeSelector', () => {
  afterEach(() => {
    document.body.replaceChildren();
  });

  it.each(['processing-3', 'a "quoted" name', 'back\\slash', 'two\nlines', ''])(
    'should find exactly the element whose attribute is %j',
    (value) => {
      for (const each of [value, `${value}x`, 'other']) {
        const element = document.createElement('div');
        element.setAttribute('data-place', each);
        document.body.append(element);
      }
      const found = document.querySelectorAll(attributeSelector('data-place', value));
      expect([...found].map((element) => element.getAttribute('data-place'))).toEqual([value]);
    },
  );

  it('should keep what the selector starts with', () => {
    const card = document.createElement('section');
    card.dataset.testid = 'host-card';
    card.dataset.host = 'storage-1';
    const other = document.createElement('div');
    other.dataset.host = 'storage-1';
    document.body.append(card, other);
    expect(
      document.querySelector(
        attributeSelector('data-host', 'storage-1', '[data-testid="host-card"]'),
      ),
    ).toBe(card);
  });
});
