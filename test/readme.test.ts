import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

describe('README', () => {
  it('should show the example test exactly as it runs in the suite', () => {
    const readme = readFileSync('README.md', 'utf8');
    const example = readFileSync('test/example.test.ts', 'utf8');
    expect(readme).toContain(example.trim());
  });

  it('should open with the two set-up commands', () => {
    const opening = readFileSync('README.md', 'utf8').split('\n').slice(0, 8).join('\n');
    expect(opening).toContain('npm ci && npm start');
    expect(opening).toContain('npm ci && npm run test:all');
  });
});
