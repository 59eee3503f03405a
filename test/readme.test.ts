import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FAULT_TYPES, faultRecord } from '../machines/faultTable';

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

  it('should list every fault type, in order, on the systems the fault table gives', () => {
    const readme = readFileSync('README.md', 'utf8');
    const section = readme.slice(
      readme.indexOf('## Faults\n'),
      readme.indexOf('\n## ', readme.indexOf('## Faults\n') + 1),
    );
    const rows = [...section.matchAll(/^\| `([a-z-]+)` +\| ([a-z, -]+?) +\|/gm)].map(
      ([, fault, systems]) => [fault, systems],
    );
    expect(rows).toEqual(
      FAULT_TYPES.map((fault) => {
        const { systems } = faultRecord(fault);
        return [fault, systems.length === 3 ? 'all' : systems.join(', ')];
      }),
    );
  });
});
