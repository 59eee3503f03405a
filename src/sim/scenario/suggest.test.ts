import { describe, expect, it } from 'vitest';
import { suggest } from './suggest';

describe('suggest', () => {
  it('should take a swap of two neighbours as one edit, as a typist makes it', () => {
    expect(suggest('rnu', ['run', 'plan'])).toBe('run');
    expect(suggest('--jsno', ['--json', '--seed'])).toBe('--json');
    expect(suggest('procesing-2', ['processing-1', 'processing-2'])).toBe('processing-2');
  });

  it('should not suggest a word too far from a short input', () => {
    expect(suggest('x', ['to', 'at'])).toBeUndefined();
    expect(suggest('zzzz', ['run', 'plan'])).toBeUndefined();
  });

  it('should fall back to a prefix of three characters or more, and ignore case', () => {
    expect(suggest('expl', ['explore', 'merge'])).toBe('explore');
    expect(suggest('TOPOLOGY', ['topology'])).toBe('topology');
  });
});
