/**
 * Names that plain JavaScript objects already carry (`constructor`, `toString`, `__proto__`…) put
 * everywhere a scenario takes a name: a name that refers to something must be refused like any
 * unknown word, and a name that defines something (a host, a workload) must behave like any
 * other name through every command, with reports that keep to the published schema.
 */
import { describe, expect, it } from 'vitest';
import { parseScenario, ScenarioError, simulate } from '../../src/sim';
import { reportSchema } from '../../src/sim/reportSchema';
import { ownFaultsNote } from '../../src/cli/exploreNote';
import { cli, hasStackTrace, workspace } from '../cli/helpers';
import { PROTOTYPE_NAMES } from './names';

/** Prototype names that are valid host and workload names (`__proto__` is not: it starts with `_`). */
const VALID_NAMES = PROTOTYPE_NAMES.filter((name) => /^[A-Za-z0-9]/.test(name));

const SW = (body: string): string =>
  `name: x\nsystem: serverware\ntopology: cluster\nversion: { from: 4.5.0 }\n${body}`;
const HA = (body: string): string =>
  `name: x\nsystem: ha-pair\nversion: { from: 9.0.1, to: 9.1.0 }\n${body}`;
const SA = (body: string): string =>
  `name: x\nsystem: standalone\nversion: { from: 2.1.0, to: 2.2.0 }\n${body}`;

/** Files in which `N` is a word that must name something that exists: each must be refused. */
const REFERENCES: readonly (readonly [string, (n: string) => string])[] = [
  ['a plan step (word)', (n) => HA(`plan:\n  - ${n}\n`)],
  ['a plan step (key)', (n) => HA(`plan:\n  - ${n}: device-a\n`)],
  ['a plan step on serverware', (n) => SW(`plan:\n  - ${n}\n`)],
  ['a plan step on a single server', (n) => SA(`plan:\n  - ${n}\n`)],
  ['a fault type', (n) => HA(`faults:\n  - fault: ${n}\n    when: { at: 1m }\n`)],
  ['a fault key', (n) => HA(`faults:\n  - fault: host-crash\n    ${n}: 1\n    when: { at: 1m }\n`)],
  ['a fault step', (n) => HA(`faults:\n  - fault: upgrade-failure\n    when: { step: ${n} }\n`)],
  [
    'a fault target',
    (n) => HA(`faults:\n  - fault: host-crash\n    target: ${n}\n    when: { at: 1m }\n`),
  ],
  [
    'a fault when.host',
    (n) =>
      HA(
        `faults:\n  - fault: host-crash\n    target: device-a\n    when: { step: install, host: ${n} }\n`,
      ),
  ],
  ['a durations key', (n) => HA(`durations: { ${n}: 5m }\n`)],
  ['a policy key', (n) => HA(`policy: { ${n}: enabled }\n`)],
  ['a policy key on serverware', (n) => SW(`policy: { ${n}: always }\n`)],
  ['a policy value', (n) => HA(`policy: { preemption: ${n} }\n`)],
  ['an expect key', (n) => HA(`expect: { ${n}: 1 }\n`)],
  ['expect.downtime of no such workload', (n) => HA(`expect: { downtime: { ${n}: 1m } }\n`)],
  ['expect.violations', (n) => HA(`expect: { violations: [${n}] }\n`)],
  ['expect.outcome', (n) => HA(`expect: { outcome: ${n} }\n`)],
  ['a system', (n) => `name: x\nsystem: ${n}\nversion: { from: 1.0.0, to: 1.1.0 }\n`],
  ['a topology', (n) => `name: x\nsystem: serverware\ntopology: ${n}\nversion: { from: 4.5.0 }\n`],
  ['a top-level key', (n) => HA(`${n}: 1\n`)],
  ['a version key', (n) => `name: x\nsystem: ha-pair\nversion: { from: 9.0.1, ${n}: 9.1.0 }\n`],
  ['a hosts key', (n) => HA(`hosts: { ${n}: [a, b] }\n`)],
  ['a window key', (n) => HA(`window: { ${n}: 2026-11-24T20:00 }\n`)],
  ['a VPS host', (n) => SW(`vps:\n  - { name: v1, host: ${n} }\n`)],
  ['an upgrade target', (n) => HA(`plan:\n  - upgrade: ${n}\n`)],
  ['a switchover target', (n) => HA(`plan:\n  - switchover: ${n}\n`)],
  ['a preemption setting', (n) => HA(`plan:\n  - preemption: ${n}\n`)],
  ['an upgrade key', (n) => HA(`plan:\n  - upgrade: { host: device-b, ${n}: 9.1.0 }\n`)],
  ['a when key', (n) => HA(`faults:\n  - fault: host-crash\n    when: { ${n}: 1m }\n`)],
];

/** Files in which `N` names a host or a workload: each must run as any other name does. */
const DEFINITIONS: readonly (readonly [string, (n: string) => string])[] = [
  [
    'a processing host',
    (n) =>
      SW(
        `hosts: { processing: [${n}, p2] }\nvps:\n  - { name: v1, host: ${n} }\nfaults:\n  - fault: upgrade-failure\n    target: ${n}\n    when: { step: install }\n`,
      ),
  ],
  ['the Backup host', (n) => SW(`hosts: { backup: ${n} }\nplan:\n  - upgrade: ${n}\n`)],
  [
    'a storage host',
    (n) =>
      `name: x\nsystem: serverware\ntopology: mirror\nversion: { from: 4.5.0 }\nhosts: { storage: [${n}, s2] }\nfaults:\n  - fault: host-crash\n    target: ${n}\n    when: { step: install, host: secondary }\n`,
  ],
  [
    'an HA device',
    (n) =>
      HA(
        `hosts: { devices: [${n}, b] }\nfaults:\n  - fault: upgrade-failure\n    target: b\n    when: { step: install }\nplan:\n  - backup: all\n  - sync-config\n  - check-sync\n  - upgrade: b\n  - switchover: b\n  - upgrade: ${n}\n`,
      ),
  ],
  ['the single server', (n) => SA(`hosts: { server: ${n} }\n`)],
  ['a VPS', (n) => SW(`vps: [${n}, v2]\nexpect: { downtime: { ${n}: 0s } }\n`)],
  ['a service', (n) => HA(`services: [${n}, s2]\nexpect: { downtime: { ${n}: 30s } }\n`)],
  ['a service on a single server', (n) => SA(`services: [${n}]\n`)],
];

function expectRefused(stderr: string, status: number): void {
  expect(status, stderr).toBe(2);
  expect(hasStackTrace(stderr), stderr).toBe(false);
  expect(stderr).not.toMatch(/internal error/);
  expect(stderr.trimEnd().includes('\n'), `one line: ${stderr}`).toBe(false);
}

describe('names of built-in object properties', () => {
  it.each(REFERENCES)('should refuse every such name as %s', async (_slot, make) => {
    const ws = workspace();
    try {
      for (const name of PROTOTYPE_NAMES) {
        const text = make(name);
        expect(() => parseScenario(text, 'x.yaml'), `${name}:\n${text}`).toThrow(ScenarioError);
        const file = ws.write(`${name}.yaml`, text);
        for (const command of [['run'], ['plan'], ['plan', '--markdown']]) {
          const result = await cli([...command, file]);
          expectRefused(result.stderr, result.status);
        }
      }
    } finally {
      ws.cleanup();
    }
  });

  it.each(DEFINITIONS)(
    'should run every such name as %s like any other name',
    async (_slot, make) => {
      const ws = workspace();
      try {
        for (const name of VALID_NAMES) {
          const text = make(name);
          const scenario = parseScenario(text, 'x.yaml');
          const { report } = simulate(scenario);
          expect(reportSchema.safeParse(report).error, `${name}: ${text}`).toBeUndefined();
          expect(report.outcome, name).not.toBe('stuck');
          // The same file with an ordinary name in place of the built-in one gives the same run.
          const plain = simulate(parseScenario(make('zz-plain'), 'x.yaml')).report;
          expect([report.outcome, report.failovers, report.downtime], name).toEqual([
            plain.outcome,
            plain.failovers,
            plain.downtime,
          ]);
          const file = ws.write(`${name}.yaml`, text);
          const run = await cli(['run', file, '--json']);
          expect(run.stderr).toBe('');
          expect([0, 1]).toContain(run.status);
          expect(reportSchema.safeParse(JSON.parse(run.stdout)).error).toBeUndefined();
          for (const command of [['run'], ['plan'], ['plan', '--markdown'], ['plan', '--json']]) {
            const result = await cli([...command, file]);
            expect(result.stderr, `${command.join(' ')} ${name}`).toBe('');
            expect([0, 1]).toContain(result.status);
          }
          const explore = await cli(['explore', file, '--json', '--workers', '1']);
          // The one thing said on stderr: that the scenario's own faults are left out.
          const leftOut = ownFaultsNote(scenario.faults.length);
          expect(explore.stderr, `explore ${name}`).toBe(
            leftOut === undefined ? '' : `rehearse explore: ${file}: ${leftOut}\n`,
          );
          expect([0, 1]).toContain(explore.status);
        }
      } finally {
        ws.cleanup();
      }
    },
    120_000,
  );
});
