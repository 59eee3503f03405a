import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FAULT_TYPES, faultRecord } from '../machines/faultTable';
import { DECISION_POINT_NAMES, optionsAt } from '../src/sim';
import type { DecisionPoint, SystemKind } from '../src/sim';

/** The reference the README links to for faults, decisions and where each recovery comes from. */
const RECOVERIES = 'docs/faults-and-recoveries.md';

describe('README and its reference', () => {
  it('should show the example test exactly as it runs in the suite', () => {
    const testing = readFileSync('docs/testing.md', 'utf8');
    const example = readFileSync('test/example.test.ts', 'utf8');
    expect(testing).toContain(example.trim());
  });

  it('should open with the two set-up commands', () => {
    const opening = readFileSync('README.md', 'utf8').split('\n').slice(0, 8).join('\n');
    expect(opening).toContain('npm ci && npm start');
    expect(opening).toContain('npm ci && npm run test:all');
  });

  it('should list every decision point with the options the engine has for it', () => {
    const readme = readFileSync(RECOVERIES, 'utf8');
    const rows = new Map<string, string>();
    for (const line of readme.split('\n')) {
      const match = /^\| `([a-z-]+)` +\| ([^|]+)\| ([^|]+)\|/.exec(line);
      if (match?.[1] && (DECISION_POINT_NAMES as readonly string[]).includes(match[1])) {
        rows.set(match[1], `${match[2] ?? ''}|${match[3] ?? ''}`);
      }
    }
    expect([...rows.keys()]).toEqual(DECISION_POINT_NAMES);
    const label: Record<SystemKind, string> = {
      serverware: 'SERVERware',
      'ha-pair': 'HA pair',
      standalone: 'single server',
    };
    const systems = Object.keys(label) as SystemKind[];
    const optionsIn = (point: DecisionPoint, system: SystemKind): string[] => {
      const [where = '', text = ''] = (rows.get(point) ?? '').split('|');
      const same = /^as `([a-z-]+)`/.exec(text.trim());
      if (same?.[1]) return optionsIn(same[1] as DecisionPoint, system);
      const listed = systems.filter((s) => optionsAt(point, s).length > 0);
      if (listed.length === 1 || !text.includes(':')) {
        return where.includes(label[system]) || where.trim() === 'all'
          ? [...text.matchAll(/`([a-z-]+)`/g)].map((m) => m[1] ?? '')
          : [];
      }
      const part = text.split(';').find((p) => p.trim().startsWith(`${label[system]}:`)) ?? '';
      return [...part.matchAll(/`([a-z-]+)`/g)].map((m) => m[1] ?? '');
    };
    for (const point of DECISION_POINT_NAMES) {
      for (const system of systems) {
        expect(optionsIn(point, system), `${point} on ${system}`).toEqual([
          ...optionsAt(point, system),
        ]);
      }
    }
  });

  it('should list every fault type, in order, on the systems the fault table gives', () => {
    const readme = readFileSync(RECOVERIES, 'utf8');
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
