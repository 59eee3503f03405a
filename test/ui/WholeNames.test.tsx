// @vitest-environment jsdom
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { wholeNames } from '../../src/ui/panels/WholeNames';

afterEach(cleanup);

function kept(text: string): { readonly text: string; readonly whole: string[] } {
  const { container } = render(<p>{wholeNames(text)}</p>);
  return {
    text: container.textContent ?? '',
    whole: [...container.querySelectorAll('p > span')].map((span) => span.textContent ?? ''),
  };
}

describe('wholeNames', () => {
  it('keeps each hyphenated name in a box of its own, the text unchanged', () => {
    const text = 'fail over: storage-2 becomes Primary, vps-pbx-12 moves; 3.3.1 → 4.8.2';
    expect(kept(text)).toEqual({ text, whole: ['storage-2', 'vps-pbx-12'] });
  });

  it('takes names at the text’s edges and names with dots or letters outside ASCII', () => {
    const text = 'processing-1 and nœud-été.2 and host-crash';
    expect(kept(text)).toEqual({ text, whole: ['processing-1', 'nœud-été.2', 'host-crash'] });
  });

  it('keeps the brackets and punctuation a name touches with it', () => {
    // Before: "(" was left alone at a line's end, "spoiler-free: …" on the next.
    const text = 'if one comes (spoiler-free: not told), on "device-a".';
    expect(kept(text)).toEqual({ text, whole: ['(spoiler-free:', '"device-a".'] });
  });

  it('leaves text with no hyphenated name as it is, a dash between words included', () => {
    expect(wholeNames('all 8 hold - no violation')).toBe('all 8 hold - no violation');
    expect(kept('restart storage-').whole).toEqual([]);
  });
});
