import { describe, expect, test } from 'vitest';
import { DEFAULT_DURATIONS, DEFAULT_POLICY, LIMITS } from '../defaults';
import type { PlannedStep, Scenario } from '../types';
import { parseScenario, ScenarioError } from './index';

const lines = (...text: string[]): string => `${text.join('\n')}\n`;

/** Four lines: extra keys start on line 5. */
const CLUSTER = lines(
  'name: t',
  'system: serverware',
  'topology: cluster',
  'version: { from: 3.2.4 }',
);
const MIRROR = lines(
  'name: t',
  'system: serverware',
  'topology: mirror',
  'version: { from: 3.2.4 }',
);
/** Three lines: extra keys start on line 4. */
const HA = lines('name: t', 'system: ha-pair', 'version: { from: 9.0.1, to: 9.1.0 }');
const SA = lines('name: t', 'system: standalone', 'version: { from: 1.0, to: 2.0 }');

function parse(text: string): Scenario {
  return parseScenario(text, 'x.yaml');
}

function steps(scenario: Scenario): readonly PlannedStep[] {
  if (scenario.plan === 'auto') throw new Error('expected an explicit plan');
  return scenario.plan;
}

function errorOf(text: string, file = 'x.yaml'): ScenarioError {
  try {
    parseScenario(text, file);
  } catch (error) {
    if (error instanceof ScenarioError) return error;
    throw error;
  }
  throw new Error('the scenario parsed without error');
}

describe('valid scenarios, defaults applied', () => {
  test('SERVERware Cluster from 3.2.4: default hosts, VPSs round-robin, documented path', () => {
    const s = parse(CLUSTER);
    expect(s).toEqual({
      name: 't',
      system: 'serverware',
      topology: 'cluster',
      version: { from: '3.2.4', to: '5.2.1' },
      path: ['3.3.1', '4.8.2', '5.2.1'],
      hosts: [
        { name: 'backup', kind: 'backup', role: 'backup' },
        { name: 'storage-1', kind: 'storage', role: 'primary' },
        { name: 'storage-2', kind: 'storage', role: 'secondary' },
        { name: 'processing-1', kind: 'processing', role: 'processing' },
        { name: 'processing-2', kind: 'processing', role: 'processing' },
      ],
      workloads: [
        { name: 'vps-1', kind: 'vps', placement: 'processing-1' },
        { name: 'vps-2', kind: 'vps', placement: 'processing-2' },
        { name: 'vps-3', kind: 'vps', placement: 'processing-1' },
        { name: 'vps-4', kind: 'vps', placement: 'processing-2' },
      ],
      durations: DEFAULT_DURATIONS,
      seed: 1,
      policy: DEFAULT_POLICY,
      faults: [],
      plan: 'auto',
    });
    expect(Object.keys(s)).not.toContain('expect');
    expect(Object.keys(s)).not.toContain('description');
  });

  test('SERVERware Mirror: no processing hosts, every VPS follows the Primary', () => {
    const s = parse(
      lines(
        'name: m',
        'system: serverware',
        'topology: mirror',
        'version: { from: 4.3.2 }',
        'vps: 3',
      ),
    );
    expect(s.hosts.map((h) => h.name)).toEqual(['backup', 'storage-1', 'storage-2']);
    expect(s.workloads).toEqual([
      { name: 'vps-1', kind: 'vps', placement: 'primary' },
      { name: 'vps-2', kind: 'vps', placement: 'primary' },
      { name: 'vps-3', kind: 'vps', placement: 'primary' },
    ]);
    expect(s.path).toEqual(['5.2.1']);
    expect(s.version).toEqual({ from: '4.3.2', to: '5.2.1' });
  });

  test.each([
    ['3.2', '5.x', ['3.3.1', '4.8.2', '5.2.1'], '5.2.1'],
    ['3.3.0', '5.1.2', ['4.8.2', '5.1.2'], '5.1.2'],
    ['4.2', undefined, ['4.8.2', '5.2.1'], '5.2.1'],
    ['3.2.4', '4.8.2', ['3.3.1', '4.8.2'], '4.8.2'],
    ['5.0.3', undefined, [], '5.2.1'],
  ])('SERVERware %s → %s goes %j', (from, to, path, resolved) => {
    const version = to === undefined ? `{ from: ${from} }` : `{ from: ${from}, to: ${to} }`;
    const s = parse(
      lines('name: t', 'system: serverware', 'topology: mirror', `version: ${version}`),
    );
    expect(s.path).toEqual(path);
    expect(s.version).toEqual({ from, to: resolved });
  });

  test('HA pair: two devices, services on the active device, preferred = initially active', () => {
    const s = parse(HA);
    expect(s.hosts).toEqual([
      { name: 'device-a', kind: 'device', role: 'active' },
      { name: 'device-b', kind: 'device', role: 'standby' },
    ]);
    expect(s.workloads).toEqual([
      { name: 'service-1', kind: 'service', placement: 'active' },
      { name: 'service-2', kind: 'service', placement: 'active' },
      { name: 'service-3', kind: 'service', placement: 'active' },
    ]);
    expect(s.path).toEqual(['9.1.0']);
    expect(s.version).toEqual({ from: '9.0.1', to: '9.1.0' });
    expect(s.policy).toEqual({ ...DEFAULT_POLICY, preferred: 'device-a' });
    expect(s.topology).toBeUndefined();
    expect(s.durations).toEqual(DEFAULT_DURATIONS);
  });

  test('HA pair with named devices, a written path and policy', () => {
    const s = parse(
      lines(
        'name: Firewalls',
        'description: Two firewalls, one hop at a time.',
        'system: ha-pair',
        'version: { from: 9.0.1, path: [9.0.5, 9.1.0-h3] }',
        'hosts: { devices: [fw-east, fw-west] }',
        'services: [vpn, web]',
        'policy: { preemption: on, preferred: fw-west, sync-retries: 0 }',
        'seed: 7',
      ),
    );
    expect(s.description).toBe('Two firewalls, one hop at a time.');
    expect(s.version).toEqual({ from: '9.0.1', to: '9.1.0-h3' });
    expect(s.path).toEqual(['9.0.5', '9.1.0-h3']);
    expect(s.hosts.map((h) => [h.name, h.role])).toEqual([
      ['fw-east', 'active'],
      ['fw-west', 'standby'],
    ]);
    expect(s.workloads).toEqual([
      { name: 'vpn', kind: 'service', placement: 'active' },
      { name: 'web', kind: 'service', placement: 'active' },
    ]);
    expect(s.policy).toEqual({
      preemption: 'enabled',
      preferred: 'fw-west',
      syncRetries: 0,
      sessionChecks: 2,
      backup: 'per-version',
      finalFailover: 'documented',
      serverwareRecovery: 'reinstall',
      reinstalls: 1,
      hold: 7_200_000,
      stopVps: false,
      vpsDisks: 'storage',
      failedRestart: 'wait',
      checkAfterCrash: true,
      installAgainAfterCrash: true,
    });
    expect(s.seed).toBe(7);
  });

  test('standalone server: services placed on the server by name', () => {
    const s = parse(lines(SA.trimEnd(), 'hosts: { server: web-1 }', 'services: 2'));
    expect(s.hosts).toEqual([{ name: 'web-1', kind: 'server', role: 'server' }]);
    expect(s.workloads).toEqual([
      { name: 'service-1', kind: 'service', placement: 'web-1' },
      { name: 'service-2', kind: 'service', placement: 'web-1' },
    ]);
    expect(s.path).toEqual(['2.0']);
    expect(parse(SA).hosts).toEqual([{ name: 'server', kind: 'server', role: 'server' }]);
    expect(parse(SA).workloads).toHaveLength(3);
  });

  test('durations merge over the defaults', () => {
    const s = parse(
      lines(CLUSTER.trimEnd(), 'durations: { failover: 20m, reboot: 90s, session-restore: 1h30m }'),
    );
    expect(s.durations).toEqual({
      ...DEFAULT_DURATIONS,
      failover: 20 * 60_000,
      reboot: 90_000,
      'session-restore': 90 * 60_000,
    });
  });

  test('hosts and VPSs named in a Cluster', () => {
    const s = parse(
      lines(
        CLUSTER.trimEnd(),
        'hosts:',
        '  backup: bk',
        '  storage: [st-a, st-b]',
        '  processing: [p-a, p-b, p-c]',
        'vps:',
        '  - { name: db, host: primary }',
        '  - { name: web }',
        '  - api',
        '  - { name: app, host: processing }',
        '  - { name: cache, host: p-c }',
        '  - { name: files, host: st-a }',
      ),
    );
    expect(s.hosts).toEqual([
      { name: 'bk', kind: 'backup', role: 'backup' },
      { name: 'st-a', kind: 'storage', role: 'primary' },
      { name: 'st-b', kind: 'storage', role: 'secondary' },
      { name: 'p-a', kind: 'processing', role: 'processing' },
      { name: 'p-b', kind: 'processing', role: 'processing' },
      { name: 'p-c', kind: 'processing', role: 'processing' },
    ]);
    expect(s.workloads.map((w) => [w.name, w.placement])).toEqual([
      ['db', 'primary'],
      ['web', 'p-a'],
      ['api', 'p-b'],
      ['app', 'p-c'],
      ['cache', 'p-c'],
      ['files', 'primary'],
    ]);
  });

  test('a count of processing hosts names them processing-1 … processing-N', () => {
    const s = parse(lines(CLUSTER.trimEnd(), 'hosts: { processing: 3 }', 'vps: 0'));
    expect(s.hosts.slice(3).map((h) => h.name)).toEqual([
      'processing-1',
      'processing-2',
      'processing-3',
    ]);
    expect(s.workloads).toEqual([]);
  });

  test('a Mirror VPS may name the Primary by role or by its initial name', () => {
    const s = parse(
      lines(MIRROR.trimEnd(), 'vps: [{ name: a, host: primary }, { name: b, host: storage-1 }, c]'),
    );
    expect(s.workloads.map((w) => w.placement)).toEqual(['primary', 'primary', 'primary']);
  });

  test('window, seed and expect are normalized', () => {
    const s = parse(
      lines(
        CLUSTER.trimEnd(),
        'seed: 0',
        'window: { start: 2025-03-10 21:00 }',
        'expect:',
        '  outcome: completed',
        '  failovers: 3',
        '  path: [3.3.1, 4.8.2, 5.2.1]',
        '  downtime: { vps-1: 45m, vps-2: 0s }',
        '  violations: []',
      ),
    );
    expect(s.seed).toBe(0);
    expect(s.window).toEqual({ start: '2025-03-10T21:00' });
    expect(s.expect).toEqual({
      outcome: 'completed',
      failovers: 3,
      path: ['3.3.1', '4.8.2', '5.2.1'],
      downtime: { 'vps-1': 45 * 60_000, 'vps-2': 0 },
      violations: [],
    });
    expect(parse(lines(HA.trimEnd(), "window: { start: '2024-02-29T06:05' }")).window).toEqual({
      start: '2024-02-29T06:05',
    });
  });

  test('JSON is accepted (it is YAML)', () => {
    const s = parse(
      JSON.stringify({
        name: 'json',
        system: 'standalone',
        version: { from: '1.10', to: '2.0' },
        services: ['http'],
      }),
    );
    expect(s.version).toEqual({ from: '1.10', to: '2.0' });
    expect(s.workloads).toEqual([{ name: 'http', kind: 'service', placement: 'server' }]);
    // JSON numbers are read from their source text too.
    expect(
      parse('{"name": "j", "system": "ha-pair", "version": {"from": 4.9, "to": 4.10}}').version,
    ).toEqual({
      from: '4.9',
      to: '4.10',
    });
  });

  test('anchors, aliases and merge keys work; top-level x- keys are free for anchors', () => {
    const s = parse(
      lines(
        CLUSTER.trimEnd(),
        'x-crash: &crash { fault: host-crash, target: processing-1, when: { step: install, hop: 2 } }',
        'faults:',
        '  - *crash',
        '  - <<: *crash',
        '    target: processing-2',
        '    duration: 30m',
      ),
    );
    expect(s.faults).toEqual([
      {
        index: 0,
        fault: 'host-crash',
        target: 'processing-1',
        when: { step: 'install', hop: 2 },
        times: 1,
      },
      {
        index: 1,
        fault: 'host-crash',
        target: 'processing-2',
        when: { step: 'install', hop: 2 },
        duration: 30 * 60_000,
        times: 1,
      },
    ]);
  });
});

describe('versions are read from their source text', () => {
  test.each([
    ['3.2', '3.2'],
    ['4.10', '4.10'],
    ['"4.10"', '4.10'],
    ["'3.2'", '3.2'],
    ['3.2.4', '3.2.4'],
    ['3', '3'],
    ['4.2.0-h3', '4.2.0-h3'],
  ])('version.from: %s stays %s', (written, text) => {
    const s = parse(lines('name: t', 'system: ha-pair', `version: { from: ${written}, to: 99.0 }`));
    expect(s.version.from).toBe(text);
  });

  test('4.9 → 4.10 is an upgrade, and 4.10 stays 4.10 in path and expect.path', () => {
    const s = parse(
      lines(
        'name: t',
        'system: standalone',
        'version: { from: 4.9, path: [4.10, 4.11, 5.0] }',
        'expect: { path: [4.10, 4.11, 5.0] }',
      ),
    );
    expect(s.path).toEqual(['4.10', '4.11', '5.0']);
    expect(s.version).toEqual({ from: '4.9', to: '5.0' });
    expect(s.expect?.path).toEqual(['4.10', '4.11', '5.0']);
  });

  test('SERVERware 3.2 (a YAML number) keeps its text', () => {
    const s = parse(
      lines(
        'name: t',
        'system: serverware',
        'topology: mirror',
        'version: { from: 3.2, to: 4.8.2 }',
      ),
    );
    expect(s.version).toEqual({ from: '3.2', to: '4.8.2' });
    expect(s.path).toEqual(['3.3.1', '4.8.2']);
  });
});

describe('faults', () => {
  test.each([
    ['upgrade-failure', CLUSTER, { step: 'install' }],
    ['boot-failure', CLUSTER, { step: 'reboot' }],
    ['failover-timeout', CLUSTER, { step: 'failover' }],
    ['failover-timeout', HA, { step: 'switchover' }],
    ['power-loss', SA, { step: 'install' }],
    ['pool-degraded', MIRROR, { at: 0 }],
    ['precheck-failure', CLUSTER, { step: 'precheck' }],
    ['precheck-failure', SA, { step: 'precheck' }],
    ['sync-failure', HA, { step: 'sync' }],
    ['session-loss', HA, { step: 'switchover' }],
    ['split-brain', HA, { at: 0 }],
    ['backup-failure', HA, { step: 'backup' }],
    ['backup-failure', SA, { step: 'backup' }],
  ])('%s gets a default when', (fault, base, when) => {
    const s = parse(lines(base.trimEnd(), 'faults:', `  - fault: ${fault}`));
    expect(s.faults).toEqual([{ index: 0, fault, when, times: 1 }]);
  });

  test('every parameter is read', () => {
    const s = parse(
      lines(
        HA.trimEnd(),
        'faults:',
        '  - fault: sync-failure',
        '    times: 3',
        '  - fault: session-loss',
        '    sessions: 40',
        '    when: { step: switchover, hop: 1, host: standby }',
        '  - fault: host-crash',
        '    target: device-b',
        '    when: { at: 1h30m }',
        '    duration: 20m',
      ),
    );
    expect(s.faults).toEqual([
      { index: 0, fault: 'sync-failure', when: { step: 'sync' }, times: 3 },
      {
        index: 1,
        fault: 'session-loss',
        when: { step: 'switchover', hop: 1, host: 'standby' },
        times: 1,
        sessions: 40,
      },
      {
        index: 2,
        fault: 'host-crash',
        target: 'device-b',
        when: { at: 90 * 60_000 },
        duration: 20 * 60_000,
        times: 1,
      },
    ]);
    const pre = parse(lines(SA.trimEnd(), 'faults: [{ fault: precheck-failure, check: licence }]'));
    expect(pre.faults[0]?.check).toBe('licence');
  });

  test('targets may be roles of the system', () => {
    const s = parse(
      lines(
        CLUSTER.trimEnd(),
        'faults:',
        '  - { fault: boot-failure, target: secondary }',
        '  - { fault: host-crash, target: processing, when: { step: reboot } }',
        '  - { fault: pool-degraded, target: primary, duration: 2h }',
      ),
    );
    expect(s.faults.map((f) => f.target)).toEqual(['secondary', 'processing', 'primary']);
  });
});

/** The source every step of a hand-written plan carries, as reports show it. */
function written(index: number) {
  return {
    kind: 'assumption',
    ref: `plan[${index}] of the scenario: a step written by hand, run as written`,
    key: 'plan',
  };
}

describe('explicit plans', () => {
  test('HA pair plan maps to planned steps, roles kept as written', () => {
    const s = parse(
      lines(
        HA.trimEnd(),
        'plan:',
        '  - backup: all',
        '  - backup: device-a',
        '  - sync-config',
        '  - check-sync',
        '  - preemption: off',
        '  - upgrade: standby',
        '  - wait: 5m',
        '  - check-sessions',
        '  - switchover',
        '  - check-services',
        '  - upgrade: { host: device-a, to: 9.1.0 }',
        '  - rollback: device-a',
        '  - demote: device-b',
        '  - preemption: restore',
      ),
    );
    expect(s.plan).toEqual([
      { action: 'backup', hop: 0, note: 'backup all', source: written(0) },
      {
        action: 'backup',
        host: 'device-a',
        hop: 0,
        note: 'backup device-a',
        source: written(1),
      },
      { action: 'sync-config', hop: 0, note: 'sync-config', source: written(2) },
      { action: 'check-sync', hop: 0, note: 'check-sync', source: written(3) },
      { action: 'preemption-off', hop: 0, note: 'preemption off', source: written(4) },
      {
        action: 'install',
        host: 'standby',
        hop: 0,
        note: 'upgrade standby',
        source: written(5),
      },
      {
        action: 'reboot',
        host: 'standby',
        hop: 0,
        note: 'upgrade standby',
        source: written(5),
      },
      {
        action: 'verify',
        host: 'standby',
        hop: 0,
        note: 'upgrade standby',
        source: written(5),
      },
      {
        action: 'wait',
        hop: 0,
        duration: 300_000,
        note: 'wait 5m',
        source: written(6),
      },
      { action: 'check-sessions', hop: 0, note: 'check-sessions', source: written(7) },
      { action: 'switchover', hop: 0, note: 'switchover', source: written(8) },
      { action: 'check-services', hop: 0, note: 'check-services', source: written(9) },
      {
        action: 'install',
        host: 'device-a',
        version: '9.1.0',
        hop: 0,
        note: 'upgrade device-a to 9.1.0',
        source: written(10),
      },
      {
        action: 'reboot',
        host: 'device-a',
        hop: 0,
        note: 'upgrade device-a to 9.1.0',
        source: written(10),
      },
      {
        action: 'verify',
        host: 'device-a',
        hop: 0,
        note: 'upgrade device-a to 9.1.0',
        source: written(10),
      },
      {
        action: 'rollback',
        host: 'device-a',
        hop: 0,
        note: 'rollback device-a',
        source: written(11),
      },
      {
        action: 'reboot',
        host: 'device-a',
        hop: 0,
        note: 'rollback device-a',
        source: written(11),
      },
      {
        action: 'verify',
        host: 'device-a',
        hop: 0,
        note: 'rollback device-a',
        source: written(11),
      },
      {
        action: 'demote',
        host: 'device-b',
        hop: 0,
        note: 'demote device-b',
        source: written(12),
      },
      {
        action: 'preemption-restore',
        hop: 0,
        note: 'preemption restore',
        source: written(13),
      },
    ]);
  });

  test('SERVERware and standalone steps', () => {
    const sw = parse(
      lines(
        CLUSTER.trimEnd(),
        'plan:',
        '  - precheck',
        '  - install: { host: storage-2, to: 3.3.1 }',
        '  - reboot: storage-2',
        '  - verify: secondary',
        '  - failover',
        '  - gui-update',
      ),
    );
    expect(sw.plan).toEqual([
      { action: 'precheck', hop: 0, note: 'precheck', source: written(0) },
      {
        action: 'install',
        host: 'storage-2',
        version: '3.3.1',
        hop: 0,
        note: 'install storage-2 to 3.3.1',
        source: written(1),
      },
      {
        action: 'reboot',
        host: 'storage-2',
        hop: 0,
        note: 'reboot storage-2',
        source: written(2),
      },
      {
        action: 'verify',
        host: 'secondary',
        hop: 0,
        note: 'verify secondary',
        source: written(3),
      },
      { action: 'failover', hop: 0, note: 'failover', source: written(4) },
      { action: 'gui-update', hop: 0, note: 'gui-update', source: written(5) },
    ]);
    const sa = parse(
      lines(
        SA.trimEnd(),
        'plan: [stop-services, { upgrade: server }, { restore: server }, start-services]',
      ),
    );
    expect(steps(sa).map((p) => `${p.action}:${p.host ?? ''}`)).toEqual([
      'stop-services:server',
      'install:server',
      'reboot:server',
      'verify:server',
      'restore:server',
      'reboot:server',
      'verify:server',
      'start-services:server',
    ]);
  });

  test('plan: auto and no plan both mean auto', () => {
    expect(parse(lines(HA.trimEnd(), 'plan: auto')).plan).toBe('auto');
    expect(parse(HA).plan).toBe('auto');
  });
});

type ErrorRow = [label: string, text: string, at: string, path: string, reason: string];

describe("a plan step's `to:` is read as version.to is", () => {
  /** The error `version.to: VALUE` gives, and the one `to: VALUE` in a plan step gives. */
  function both(head: string, value: string, step: string) {
    const target = errorOf(lines(head.replace('TO', value)));
    const base = head.replace('TO', '9.1.0');
    const planned = errorOf(
      lines(base.trimEnd(), 'plan:', `  - ${step}: { host: device-b, to: ${value} }`),
    );
    return { target, planned };
  }

  const HEAD = 'name: t\nsystem: ha-pair\nversion: { from: 9.0.1, to: TO }';

  test.each([
    ['a range', '9.x'],
    ['a v-prefixed version', 'v9.2.0'],
    ['no version at all', 'nine'],
    ['a downgrade below version.from', '0.0.1'],
    ['the version already running', '9.0.1'],
  ])('%s (%s) is refused by an upgrade step with the same message, at the value', (_, value) => {
    const { target, planned } = both(HEAD, value, 'upgrade');
    expect(target.path).toBe('version.to');
    expect(planned.path).toBe('plan[0].upgrade.to');
    expect(planned.reason).toBe(target.reason.replaceAll('version.to', 'plan[0].upgrade.to'));
    expect(planned.expected).toBe(target.expected);
    const written = `  - upgrade: { host: device-b, to: ${value} }`;
    expect(`${planned.line}:${planned.column}`).toBe(`5:${written.indexOf(value, 30) + 1}`);
  });

  test.each([
    ['a range', '9.x'],
    ['no version at all', 'nine'],
  ])('%s (%s) is refused by a rollback step too', (_, value) => {
    const { target, planned } = both(HEAD, value, 'rollback');
    expect(planned.path).toBe('plan[0].rollback.to');
    expect(planned.reason).toBe(target.reason.replaceAll('version.to', 'plan[0].rollback.to'));
  });

  test('a rollback step may name version.from: going back is what it is for', () => {
    const s = parse(lines(HA.trimEnd(), 'plan:', '  - rollback: { host: device-b, to: 9.0.1 }'));
    expect(steps(s)[0]).toMatchObject({ action: 'rollback', host: 'device-b', version: '9.0.1' });
  });

  test("SERVERware's 5.x is its newest release in a plan step as in version.to", () => {
    const plan = parse(
      lines(MIRROR.trimEnd(), 'plan:', '  - upgrade: { host: storage-2, to: 5.x }'),
    );
    expect(steps(plan)[0]?.version).toBe(parse(MIRROR).version.to);
  });

  test('another SERVERware range is refused alike in version.to and in a plan step', () => {
    const target = errorOf(MIRROR.replace('{ from: 3.2.4 }', '{ from: 3.2.4, to: 4.x }'));
    const planned = errorOf(
      lines(MIRROR.trimEnd(), 'plan:', '  - install: { host: storage-2, to: 4.x }'),
    );
    expect(target.reason).toContain('4.x is a range');
    expect(planned.reason).toBe(target.reason);
    expect(planned.path).toBe('plan[0].install.to');
  });
});

describe('errors point at the line, column and key path', () => {
  const rows: ErrorRow[] = [
    // YAML itself
    [
      'duplicate key',
      lines('name: a', 'system: ha-pair', 'name: b'),
      '3:1',
      'name',
      'duplicate key `name`',
    ],
    [
      'duplicate nested key',
      lines(HA.trimEnd(), 'faults:', '  - fault: host-crash', '    fault: power-loss'),
      '6:5',
      'faults[0].fault',
      'duplicate key `fault`',
    ],
    [
      'unclosed flow sequence',
      lines('name: [a, b', 'system: x'),
      '2:1',
      '',
      '`[` opened on line 1 is not closed',
    ],
    [
      'tab indentation',
      'name: a\nversion:\n\tfrom: 1\n',
      '3:1',
      '',
      'a tab indents this line: YAML indents with spaces only',
    ],
    [
      'colon in plain text',
      lines('name: Cluster: hop 2 fails'),
      '1:7',
      '',
      'put the value in quotes',
    ],
    ['two documents', lines('name: a', '---', 'name: b'), '2:1', '', 'several YAML documents'],
    ['unknown alias', lines('name: a', 'system: *sys'), '2:9', 'system', 'unknown alias *sys'],
    ['a list document', lines('- name: a'), '1:1', '', 'a scenario is a mapping'],
    ['a text document', 'just words\n', '1:1', '', 'this document is the text "just words"'],

    // top level
    [
      'unknown key with a guess',
      lines('nmae: a'),
      '1:1',
      'nmae',
      'unknown key `nmae` — did you mean `name`?',
    ],
    ['prefix guess', lines('name: a', 'desc: b'), '2:1', 'desc', 'did you mean `description`?'],
    [
      'unknown key, no guess',
      lines('name: a', 'colour: red'),
      '2:1',
      'colour',
      'unknown key `colour`',
    ],
    ['missing name', lines('system: ha-pair'), '1:1', 'name', '`name` is required'],
    ['empty name', lines('name:', 'system: ha-pair'), '1:1', 'name', 'no value'],
    ['blank name', lines("name: ''", 'system: ha-pair'), '1:7', 'name', 'the text is empty'],
    ['name is a list', lines('name: [a]', 'system: ha-pair'), '1:7', 'name', 'got a list'],
    ['missing system', lines('name: a'), '1:1', 'system', '`system` is required'],
    [
      'unknown system',
      lines('name: a', 'system: serverwre'),
      '2:9',
      'system',
      'unknown system "serverwre" — did you mean "serverware"?',
    ],
    [
      'system typo',
      lines('name: a', 'system: standlone'),
      '2:9',
      'system',
      'did you mean "standalone"?',
    ],
    [
      'missing topology',
      lines('name: a', 'system: serverware'),
      '1:1',
      'topology',
      '`topology` is required for serverware',
    ],
    [
      'unknown topology',
      lines('name: a', 'system: serverware', 'topology: clustr'),
      '3:11',
      'topology',
      'did you mean "cluster"?',
    ],
    [
      'topology on an HA pair',
      lines('name: a', 'system: ha-pair', 'topology: mirror'),
      '3:1',
      'topology',
      '`topology` applies to serverware only',
    ],
    [
      'vps on a single server',
      lines(SA.trimEnd(), 'vps: 3'),
      '4:1',
      'vps',
      '`vps` applies to serverware only',
    ],
    [
      'services on SERVERware',
      lines(CLUSTER.trimEnd(), 'services: 3'),
      '5:1',
      'services',
      '`services` applies to ha-pair and standalone only',
    ],
    ['seed as text', lines(CLUSTER.trimEnd(), 'seed: "x"'), '5:7', 'seed', 'got the text "x"'],
    ['quoted seed', lines(CLUSTER.trimEnd(), 'seed: "7"'), '5:7', 'seed', 'got the text "7"'],
    [
      'negative seed',
      lines(CLUSTER.trimEnd(), 'seed: -1'),
      '5:7',
      'seed',
      '-1 is too small (at least 0)',
    ],
    [
      'fractional seed',
      lines(CLUSTER.trimEnd(), 'seed: 1.5'),
      '5:7',
      'seed',
      '1.5 is not a whole number',
    ],
    [
      'unsafe seed',
      lines(CLUSTER.trimEnd(), 'seed: 99999999999999999999'),
      '5:7',
      'seed',
      'is too large',
    ],

    // versions
    [
      'missing version',
      lines('name: a', 'system: ha-pair'),
      '1:1',
      'version',
      '`version` is required',
    ],
    [
      'version not a mapping',
      lines('name: a', 'system: ha-pair', 'version: 9.1'),
      '3:10',
      'version',
      'got the number 9.1',
    ],
    [
      'missing from',
      lines('name: a', 'system: ha-pair', 'version: { to: 9.1 }'),
      '3:10',
      'version.from',
      '`version.from` is required',
    ],
    [
      'bad from',
      lines('name: a', 'system: ha-pair', 'version: { from: 9.1 beta, to: 9.2 }'),
      '3:18',
      'version.from',
      '"9.1 beta" is not a version',
    ],
    [
      'v-prefixed version',
      lines('name: a', 'system: ha-pair', 'version: { from: v9.1, to: 9.2 }'),
      '3:18',
      'version.from',
      'write it without the v, 9.1',
    ],
    [
      'from is a range',
      lines('name: a', 'system: ha-pair', 'version: { from: 9.x, to: 9.2 }'),
      '3:18',
      'version.from',
      'not a range like 9.x',
    ],
    [
      'unknown version key',
      lines('name: a', 'system: ha-pair', 'version: { from: 9.1, too: 9.2 }'),
      '3:23',
      'version.too',
      'did you mean `to`?',
    ],
    [
      'HA pair without to',
      lines('name: a', 'system: ha-pair', 'version: { from: 9.1 }'),
      '3:10',
      'version.to',
      'version.to is required for ha-pair: Rehearse has no release catalogue for it',
    ],
    [
      'HA pair downgrade',
      lines('name: a', 'system: ha-pair', 'version: { from: 4.2.0, to: 4.1.0 }'),
      '3:29',
      'version.to',
      'version.to 4.1.0 is older than version.from 4.2.0: a downgrade is not an upgrade',
    ],
    [
      'HA pair same version',
      lines('name: a', 'system: ha-pair', 'version: { from: 4.2.0, to: 4.2.0 }'),
      '3:29',
      'version.to',
      'nothing to upgrade',
    ],
    [
      'range target',
      lines('name: a', 'system: ha-pair', 'version: { from: 4.2.0, to: 5.x }'),
      '3:29',
      'version.to',
      'no release catalogue',
    ],
    [
      'path not increasing',
      lines('name: a', 'system: standalone', 'version: { from: 1.0, path: [1.2, 1.10, 1.9] }'),
      '3:41',
      'version.path[2]',
      'version.path[2] 1.9 is not newer than version.path[1] 1.10',
    ],
    [
      'path starts below from',
      lines('name: a', 'system: standalone', 'version: { from: 1.5, path: [1.4] }'),
      '3:30',
      'version.path[0]',
      'version.path[0] 1.4 is older than version.from 1.5: a downgrade is not an upgrade',
    ],
    [
      'path and to disagree',
      lines('name: a', 'system: standalone', 'version: { from: 1.0, path: [1.1, 1.2], to: 1.3 }'),
      '3:45',
      'version.to',
      'version.to 1.3 is not the last entry of version.path (1.2)',
    ],
    [
      'empty path',
      lines('name: a', 'system: standalone', 'version: { from: 1.0, path: [] }'),
      '3:29',
      'version.path',
      'version.path is empty',
    ],
    [
      'SERVERware downgrade',
      lines(
        'name: a',
        'system: serverware',
        'topology: mirror',
        'version: { from: 4.2.0, to: 4.1.0 }',
      ),
      '4:29',
      'version.to',
      'version.to 4.1.0 is older than version.from 4.2.0: a downgrade is not an upgrade',
    ],
    [
      'SERVERware path written',
      lines(
        'name: a',
        'system: serverware',
        'topology: mirror',
        'version: { from: 3.2, path: [3.3.1] }',
      ),
      '4:23',
      'version.path',
      "SERVERware's path is derived from the document: remove version.path; to rehearse a skipped hop write an explicit plan",
    ],
    [
      'SERVERware undocumented target',
      lines('name: a', 'system: serverware', 'topology: mirror', 'version: { from: 3.2, to: 4.2 }'),
      '4:27',
      'version.to',
      'no documented path from 3.2 to 4.2: SERVERware 3.2 goes 3.3.1 → 4.8.2 → 5.x',
    ],
    [
      'SERVERware uncovered from',
      lines('name: a', 'system: serverware', 'topology: mirror', 'version: { from: 6.1 }'),
      '4:18',
      'version.from',
      'SERVERware 6.1 is not covered by the upgrade document',
    ],
    ...['4.9.0', '4.10', '4.99.0'].map((from): ErrorRow => [
      `SERVERware ${from}, past the document's last 4.x row (4.3.x – 4.8.x)`,
      lines('name: a', 'system: serverware', 'topology: mirror', `version: { from: ${from} }`),
      '4:18',
      'version.from',
      `SERVERware ${from} is not covered by the upgrade document (it covers 3.2.x and earlier, 3.3.x – 4.2.x, 4.3.x – 4.8.x and 5.x)`,
    ]),
    [
      'SERVERware already newest',
      lines('name: a', 'system: serverware', 'topology: mirror', 'version: { from: 5.2.1 }'),
      '4:18',
      'version.from',
      'from and to are both 5.2.1: nothing to upgrade',
    ],

    // hosts
    [
      'hosts not a mapping',
      lines(CLUSTER.trimEnd(), 'hosts: 7'),
      '5:8',
      'hosts',
      'got the number 7',
    ],
    [
      'hosts key of another system',
      lines(CLUSTER.trimEnd(), 'hosts: { devices: [a, b] }'),
      '5:10',
      'hosts.devices',
      '`devices` names ha-pair hosts',
    ],
    [
      'unknown hosts key',
      lines(CLUSTER.trimEnd(), 'hosts: { procesing: 3 }'),
      '5:10',
      'hosts.procesing',
      'did you mean `processing`?',
    ],
    [
      'processing on a Mirror',
      lines(MIRROR.trimEnd(), 'hosts: { processing: 2 }'),
      '5:10',
      'hosts.processing',
      'Mirror has no processing hosts: VPSs run on the storage Primary',
    ],
    [
      'zero processing hosts',
      lines(CLUSTER.trimEnd(), 'hosts: { processing: 0 }'),
      '5:22',
      'hosts.processing',
      '0 is too small (at least 1)',
    ],
    [
      'no processing names',
      lines(CLUSTER.trimEnd(), 'hosts: { processing: [] }'),
      '5:22',
      'hosts.processing',
      'at least one processing host',
    ],
    [
      'too many processing hosts',
      lines(CLUSTER.trimEnd(), 'hosts: { processing: 100000000 }'),
      '5:22',
      'hosts.processing',
      'too many hosts',
    ],
    [
      // Before: a 5 MB name was taken, and printed whole on every report's first line.
      'a name past its limit',
      CLUSTER.replace(/^name: .*$/m, `name: ${'x'.repeat(LIMITS.nameLength + 1)}`),
      '1:7',
      'name',
      `the text is ${(LIMITS.nameLength + 1).toLocaleString('en-US')} characters; at most ${LIMITS.nameLength}`,
    ],
    [
      'just too many processing hosts',
      lines(CLUSTER.trimEnd(), `hosts: { processing: ${LIMITS.hosts - 2} }`),
      '5:22',
      'hosts.processing',
      'too many hosts',
    ],
    [
      'bad host name',
      lines(CLUSTER.trimEnd(), 'hosts: { backup: "bad name" }'),
      '5:18',
      'hosts.backup',
      '"bad name" is not a valid host name',
    ],
    [
      'host named after a role',
      lines(CLUSTER.trimEnd(), 'hosts: { storage: [primary, b] }'),
      '5:20',
      'hosts.storage[0]',
      '"primary" is a role name',
    ],
    [
      'duplicate host names',
      lines(CLUSTER.trimEnd(), 'hosts: { storage: [a, a] }'),
      '5:23',
      'hosts.storage[1]',
      'host name "a" is used twice (also at hosts.storage[0])',
    ],
    [
      'a name that clashes with a default',
      lines(CLUSTER.trimEnd(), 'hosts: { backup: processing-2 }'),
      '5:18',
      'hosts.backup',
      'host name "processing-2" is already the default name of a processing host',
    ],
    [
      'a host named all',
      lines(HA.trimEnd(), 'hosts: { devices: [all, b] }'),
      '4:20',
      'hosts.devices[0]',
      '`all` cannot name a host',
    ],
    [
      'storage pair of three',
      lines(CLUSTER.trimEnd(), 'hosts: { storage: [a, b, c] }'),
      '5:19',
      'hosts.storage',
      'needs exactly two names, got 3',
    ],
    [
      'one HA device',
      lines(HA.trimEnd(), 'hosts: { devices: [a] }'),
      '4:19',
      'hosts.devices',
      'an HA pair needs exactly two names',
    ],

    // workloads
    [
      'negative VPS count',
      lines(CLUSTER.trimEnd(), 'vps: -3'),
      '5:6',
      'vps',
      '-3 is too small (at least 0)',
    ],
    [
      'VPS count as text',
      lines(CLUSTER.trimEnd(), 'vps: many'),
      '5:6',
      'vps',
      'got the text "many"',
    ],
    [
      'too many VPSs',
      lines(CLUSTER.trimEnd(), `vps: ${LIMITS.workloads + 1}`),
      '5:6',
      'vps',
      'too many VPSs',
    ],
    [
      'too many services',
      lines(HA.trimEnd(), 'services: 100000000'),
      '4:11',
      'services',
      'too many services',
    ],
    [
      'VPS without a name',
      lines(CLUSTER.trimEnd(), 'vps:', '  - { host: primary }'),
      '6:5',
      'vps[0].name',
      '`name` is required',
    ],
    [
      'VPS on the Secondary in a Cluster',
      lines(CLUSTER.trimEnd(), 'vps:', '  - { name: a, host: storage-2 }'),
      '6:22',
      'vps[0].host',
      'VPSs run on processing hosts or on the storage Primary',
    ],
    [
      'VPS on the Backup in a Cluster',
      lines(CLUSTER.trimEnd(), 'vps: [{ name: a, host: backup }]'),
      '5:24',
      'vps[0].host',
      'not on "backup"',
    ],
    [
      'VPS off the Primary in a Mirror',
      lines(MIRROR.trimEnd(), 'vps: [{ name: a, host: storage-2 }]'),
      '5:24',
      'vps[0].host',
      'in Mirror, VPSs run on the storage Primary',
    ],
    [
      'VPS on a misspelt host',
      lines(CLUSTER.trimEnd(), 'vps: [{ name: a, host: procesing-1 }]'),
      '5:24',
      'vps[0].host',
      'unknown host "procesing-1" — did you mean "processing-1"?',
    ],
    [
      'duplicate VPS names',
      lines(CLUSTER.trimEnd(), 'vps: [a, b, a]'),
      '5:13',
      'vps[2]',
      'workload name "a" is used twice (also at vps[0])',
    ],
    [
      'bad service name',
      lines(SA.trimEnd(), 'services: [ok, -bad]'),
      '4:16',
      'services[1]',
      '"-bad" is not a valid service name',
    ],

    // durations
    [
      'duration without unit',
      lines(HA.trimEnd(), 'durations: { failover: 15 }'),
      '4:24',
      'durations.failover',
      'durations need a unit: 15m, 90s, 500ms, 1h30m',
    ],
    [
      'negative duration',
      lines(HA.trimEnd(), 'durations: { reboot: -5m }'),
      '4:22',
      'durations.reboot',
      'a duration cannot be negative: -5m',
    ],
    [
      'garbage duration',
      lines(HA.trimEnd(), 'durations: { reboot: soon }'),
      '4:22',
      'durations.reboot',
      '"soon" is not a duration',
    ],
    [
      'unknown duration key',
      lines(HA.trimEnd(), 'durations: { falover: 15m }'),
      '4:14',
      'durations.falover',
      'unknown key `falover` — did you mean `failover`?',
    ],
    [
      'durations as a list',
      lines(HA.trimEnd(), 'durations: [15m]'),
      '4:12',
      'durations',
      'got a list',
    ],

    // policy
    [
      'preemption on SERVERware',
      lines(CLUSTER.trimEnd(), 'policy: { preemption: enabled }'),
      '5:11',
      'policy.preemption',
      '`preemption` applies to ha-pair only',
    ],
    [
      'final-failover on an HA pair',
      lines(HA.trimEnd(), 'policy: { final-failover: always }'),
      '4:11',
      'policy.final-failover',
      '`final-failover` applies to serverware only',
    ],
    [
      'bad preemption',
      lines(HA.trimEnd(), 'policy: { preemption: enabld }'),
      '4:23',
      'policy.preemption',
      'did you mean "enabled"?',
    ],
    [
      'unknown preferred device',
      lines(HA.trimEnd(), 'policy: { preferred: device-c }'),
      '4:22',
      'policy.preferred',
      'unknown device "device-c"',
    ],
    [
      'sync-retries too high',
      lines(HA.trimEnd(), 'policy: { sync-retries: 11 }'),
      '4:25',
      'policy.sync-retries',
      '11 is too large (at most 10)',
    ],
    [
      'no session comparison at all',
      lines(HA.trimEnd(), 'policy: { session-checks: 0 }'),
      '4:27',
      'policy.session-checks',
      '0 is too small (at least 1)',
    ],
    [
      'bad backup setting',
      lines(SA.trimEnd(), 'policy: { backup: twice }'),
      '4:19',
      'policy.backup',
      'unknown backup setting "twice"',
    ],
    [
      'backup policy on an HA pair',
      lines(HA.trimEnd(), 'policy: { backup: once }'),
      '4:11',
      'policy.backup',
      '`backup` applies to standalone only',
    ],
    [
      'bad final-failover',
      lines(CLUSTER.trimEnd(), 'policy: { final-failover: sometimes }'),
      '5:27',
      'policy.final-failover',
      'unknown final-failover setting "sometimes"',
    ],

    // faults
    [
      'faults not a list',
      lines(CLUSTER.trimEnd(), 'faults: { fault: host-crash }'),
      '5:9',
      'faults',
      'got a mapping',
    ],
    [
      'unknown target',
      lines(CLUSTER.trimEnd(), 'faults:', '  - fault: upgrade-failure', '    target: procesing-2'),
      '7:13',
      'faults[0].target',
      'unknown host "procesing-2" — did you mean "processing-2"?',
    ],
    [
      'unknown fault',
      lines(CLUSTER.trimEnd(), 'faults:', '  - fault: upgrade-fail'),
      '6:12',
      'faults[0].fault',
      'did you mean "upgrade-failure"?',
    ],
    [
      'missing fault',
      lines(CLUSTER.trimEnd(), 'faults:', '  - target: backup'),
      '6:5',
      'faults[0].fault',
      '`fault` is required',
    ],
    [
      'unknown fault key',
      lines(CLUSTER.trimEnd(), 'faults:', '  - fault: host-crash', '    tagret: backup'),
      '7:5',
      'faults[0].tagret',
      'did you mean `target`?',
    ],
    [
      'sync-failure on SERVERware',
      lines(CLUSTER.trimEnd(), 'faults: [{ fault: sync-failure }]'),
      '5:19',
      'faults[0].fault',
      'sync-failure cannot happen on a SERVERware Cluster',
    ],
    [
      'session-loss on a single server',
      lines(SA.trimEnd(), 'faults: [{ fault: session-loss }]'),
      '4:19',
      'faults[0].fault',
      'session-loss cannot happen on a standalone server',
    ],
    [
      'split-brain on SERVERware',
      lines(MIRROR.trimEnd(), 'faults: [{ fault: split-brain }]'),
      '5:19',
      'faults[0].fault',
      'split-brain cannot happen',
    ],
    [
      'pool-degraded on an HA pair',
      lines(HA.trimEnd(), 'faults: [{ fault: pool-degraded }]'),
      '4:19',
      'faults[0].fault',
      'only SERVERware has a ZFS storage pool',
    ],
    [
      'backup-failure on SERVERware',
      lines(CLUSTER.trimEnd(), 'faults: [{ fault: backup-failure }]'),
      '5:19',
      'faults[0].fault',
      'backup-failure cannot happen',
    ],
    [
      'precheck-failure on an HA pair',
      lines(HA.trimEnd(), 'faults: [{ fault: precheck-failure }]'),
      '4:19',
      'faults[0].fault',
      'no precheck step',
    ],
    [
      'failover-timeout on a single server',
      lines(SA.trimEnd(), 'faults: [{ fault: failover-timeout }]'),
      '4:19',
      'faults[0].fault',
      'nothing to fail over to',
    ],
    [
      'processing target in a Mirror',
      lines(MIRROR.trimEnd(), 'faults: [{ fault: boot-failure, target: processing }]'),
      '5:41',
      'faults[0].target',
      '"processing" is not a role in a SERVERware Mirror',
    ],
    [
      'primary target on an HA pair',
      lines(HA.trimEnd(), 'faults: [{ fault: boot-failure, target: primary }]'),
      '4:41',
      'faults[0].target',
      '"primary" is not a role in an HA pair',
    ],
    [
      'pool-degraded on a processing host',
      lines(CLUSTER.trimEnd(), 'faults: [{ fault: pool-degraded, target: processing-1 }]'),
      '5:42',
      'faults[0].target',
      'pool-degraded hits the storage pair',
    ],
    [
      'host-crash without when',
      lines(CLUSTER.trimEnd(), 'faults: [{ fault: host-crash, target: backup }]'),
      '5:10',
      'faults[0].when',
      'host-crash needs `when`',
    ],
    [
      'host-crash at a time without target',
      lines(CLUSTER.trimEnd(), 'faults: [{ fault: host-crash, when: { at: 1h } }]'),
      '5:37',
      'faults[0].target',
      'needs a `target`',
    ],
    [
      'unknown step',
      lines(CLUSTER.trimEnd(), 'faults: [{ fault: host-crash, when: { step: instal } }]'),
      '5:45',
      'faults[0].when.step',
      'did you mean "install"?',
    ],
    [
      'switchover step on SERVERware',
      lines(CLUSTER.trimEnd(), 'faults: [{ fault: host-crash, when: { step: switchover } }]'),
      '5:45',
      'faults[0].when.step',
      'never runs on a SERVERware Cluster',
    ],
    [
      'hop past the path',
      lines(CLUSTER.trimEnd(), 'faults: [{ fault: host-crash, when: { step: install, hop: 4 } }]'),
      '5:59',
      'faults[0].when.hop',
      '4 is too large (at most 3)',
    ],
    [
      'hop zero',
      lines(CLUSTER.trimEnd(), 'faults: [{ fault: host-crash, when: { step: install, hop: 0 } }]'),
      '5:59',
      'faults[0].when.hop',
      '0 is too small (at least 1)',
    ],
    [
      'step and at',
      lines(
        CLUSTER.trimEnd(),
        'faults: [{ fault: host-crash, target: backup, when: { step: install, at: 5m } }]',
      ),
      '5:70',
      'faults[0].when.at',
      'use either when.step or when.at',
    ],
    [
      'bare number at',
      lines(CLUSTER.trimEnd(), 'faults: [{ fault: host-crash, target: backup, when: { at: 90 } }]'),
      '5:59',
      'faults[0].when.at',
      'durations need a unit',
    ],
    [
      'unknown when.host',
      lines(
        CLUSTER.trimEnd(),
        'faults: [{ fault: host-crash, when: { step: install, host: bakup } }]',
      ),
      '5:60',
      'faults[0].when.host',
      'did you mean "backup"?',
    ],
    [
      'check on another fault',
      lines(CLUSTER.trimEnd(), 'faults: [{ fault: boot-failure, check: console }]'),
      '5:33',
      'faults[0].check',
      '`check` applies to precheck-failure faults only',
    ],
    [
      'unknown check',
      lines(SA.trimEnd(), 'faults: [{ fault: precheck-failure, check: license }]'),
      '4:44',
      'faults[0].check',
      'did you mean "licence"?',
    ],
    [
      'sessions on another fault',
      lines(HA.trimEnd(), 'faults: [{ fault: sync-failure, sessions: 3 }]'),
      '4:33',
      'faults[0].sessions',
      '`sessions` applies to session-loss faults only',
    ],
    [
      'zero times',
      lines(HA.trimEnd(), 'faults: [{ fault: sync-failure, times: 0 }]'),
      '4:40',
      'faults[0].times',
      '0 is too small (at least 1)',
    ],
    [
      'a fault failing more attempts than any run makes',
      lines(HA.trimEnd(), 'faults: [{ fault: sync-failure, times: 99999999999 }]'),
      '4:40',
      'faults[0].times',
      '99999999999 is too large (at most 1000)',
    ],
    [
      'more decisions in all than a run takes',
      lines(
        CLUSTER.trimEnd(),
        'decisions:',
        '  - { at: install-failed, choose: reinstall, times: 600 }',
        '  - { at: boot-failed, choose: reinstall, times: 401 }',
      ),
      '7:50',
      'decisions[1].times',
      'the entries take 1001 decisions in all, more than 1000',
    ],
    [
      'zero fault duration',
      lines(HA.trimEnd(), 'faults: [{ fault: failover-timeout, duration: 0s }]'),
      '4:47',
      'faults[0].duration',
      'longer than 0s',
    ],
    [
      'second fault wrong',
      lines(
        HA.trimEnd(),
        'faults:',
        '  - fault: sync-failure',
        '  - fault: boot-failure',
        '    target: device-c',
      ),
      '7:13',
      'faults[1].target',
      'unknown host "device-c"',
    ],

    // plans
    [
      'unknown plan word',
      lines(HA.trimEnd(), 'plan: manual'),
      '4:7',
      'plan',
      'unknown plan "manual"',
    ],
    ['empty plan', lines(HA.trimEnd(), 'plan: []'), '4:7', 'plan', 'the plan is empty'],
    [
      'unknown step name',
      lines(HA.trimEnd(), 'plan:', '  - upgrad: device-b'),
      '5:5',
      'plan[0].upgrad',
      'unknown step `upgrad` — did you mean `upgrade`?',
    ],
    [
      'two keys in a step',
      lines(HA.trimEnd(), 'plan:', '  - upgrade: device-b', '    to: 9.1.0'),
      '5:5',
      'plan[0]',
      'a plan step is a mapping with one key',
    ],
    [
      'unknown plan host',
      lines(HA.trimEnd(), 'plan:', '  - upgrade: device-c'),
      '5:14',
      'plan[0].upgrade',
      'unknown host "device-c" — did you mean "device-a"?',
    ],
    [
      'switchover on SERVERware',
      lines(CLUSTER.trimEnd(), 'plan:', '  - switchover'),
      '6:5',
      'plan[0]',
      'use failover',
    ],
    [
      'failover on an HA pair',
      lines(HA.trimEnd(), 'plan: [failover]'),
      '4:8',
      'plan[0]',
      'use switchover',
    ],
    [
      'gui-update on a single server',
      lines(SA.trimEnd(), 'plan: [gui-update]'),
      '4:8',
      'plan[0]',
      '`gui-update` is a step of serverware only',
    ],
    [
      'restore on an HA pair',
      lines(HA.trimEnd(), 'plan: [{ restore: device-a }]'),
      '4:10',
      'plan[0].restore',
      '`restore` is a step of standalone only',
    ],
    [
      'stop-services on SERVERware',
      lines(CLUSTER.trimEnd(), 'plan: [stop-services]'),
      '5:8',
      'plan[0]',
      '`stop-services` is a step of standalone only',
    ],
    [
      'preemption on a single server',
      lines(SA.trimEnd(), 'plan: [{ preemption: off }]'),
      '4:10',
      'plan[0].preemption',
      '`preemption` is a step of ha-pair only',
    ],
    [
      'bare upgrade',
      lines(HA.trimEnd(), 'plan: [upgrade]'),
      '4:8',
      'plan[0]',
      '`upgrade` needs an argument',
    ],
    [
      'argument to a bare step',
      lines(HA.trimEnd(), 'plan: [{ check-sync: device-a }]'),
      '4:22',
      'plan[0].check-sync',
      '`check-sync` takes no argument',
    ],
    [
      'bad preemption word',
      lines(HA.trimEnd(), 'plan: [{ preemption: of }]'),
      '4:22',
      'plan[0].preemption',
      'did you mean "off"?',
    ],
    [
      'all is for backups',
      lines(HA.trimEnd(), 'plan: [{ upgrade: all }]'),
      '4:19',
      'plan[0].upgrade',
      'unknown host "all"',
    ],
    [
      'processing role in a plan',
      lines(CLUSTER.trimEnd(), 'plan: [{ upgrade: processing }]'),
      '5:19',
      'plan[0].upgrade',
      '`processing` names every processing host',
    ],
    [
      'wait without unit',
      lines(HA.trimEnd(), 'plan: [{ wait: 5 }]'),
      '4:16',
      'plan[0].wait',
      'durations need a unit',
    ],
    [
      'bad upgrade version',
      lines(HA.trimEnd(), 'plan: [{ upgrade: { host: device-b, to: latest } }]'),
      '4:41',
      'plan[0].upgrade.to',
      '"latest" is not a version',
    ],
    [
      'upgrade without host',
      lines(HA.trimEnd(), 'plan: [{ upgrade: { to: 9.1.0 } }]'),
      '4:19',
      'plan[0].upgrade.host',
      '`host` is required',
    ],

    // expect
    [
      'unknown expect key',
      lines(HA.trimEnd(), 'expect: { outcom: completed }'),
      '4:11',
      'expect.outcom',
      'did you mean `outcome`?',
    ],
    [
      'unknown outcome',
      lines(HA.trimEnd(), 'expect: { outcome: complete }'),
      '4:20',
      'expect.outcome',
      'did you mean "completed"?',
    ],
    [
      'negative failovers',
      lines(HA.trimEnd(), 'expect: { failovers: -1 }'),
      '4:22',
      'expect.failovers',
      '-1 is too small',
    ],
    [
      'bad expected path',
      lines(HA.trimEnd(), 'expect: { path: [9.1.0, next] }'),
      '4:25',
      'expect.path[1]',
      '"next" is not a version',
    ],
    [
      'downtime of an unknown workload',
      lines(HA.trimEnd(), 'expect: { downtime: { service-9: 5m } }'),
      '4:23',
      'expect.downtime.service-9',
      'unknown workload "service-9"',
    ],
    [
      'downtime without unit',
      lines(HA.trimEnd(), 'expect: { downtime: { service-1: 5 } }'),
      '4:34',
      'expect.downtime.service-1',
      'durations need a unit',
    ],
    [
      'workload limit with an unknown key',
      lines(HA.trimEnd(), 'expect: { downtime: { service-1: { mx: 5m } } }'),
      '4:36',
      'expect.downtime.service-1.mx',
      'did you mean `max`?',
    ],
    [
      'workload limit without a unit',
      lines(HA.trimEnd(), 'expect: { downtime: { service-1: { max: 20 } } }'),
      '4:41',
      'expect.downtime.service-1.max',
      'durations need a unit',
    ],
    [
      'workload limit without any limit',
      lines(HA.trimEnd(), 'expect: { downtime: { service-1: {} } }'),
      '4:34',
      'expect.downtime.service-1',
      'no limit given',
    ],
    [
      'negative outage limit',
      lines(HA.trimEnd(), 'expect: { downtime: { service-1: { outages: -1 } } }'),
      '4:45',
      'expect.downtime.service-1.outages',
      '-1 is too small',
    ],
    [
      'unknown budget key',
      lines(HA.trimEnd(), 'expect: { budget: { totl: 1h } }'),
      '4:21',
      'expect.budget.totl',
      'did you mean `total`?',
    ],
    [
      'budget total without a unit',
      lines(HA.trimEnd(), 'expect: { budget: { total: 90 } }'),
      '4:28',
      'expect.budget.total',
      'durations need a unit',
    ],
    [
      'budget outages as a duration',
      lines(HA.trimEnd(), 'expect: { budget: { outages: 5m } }'),
      '4:30',
      'expect.budget.outages',
      'got the text "5m"',
    ],
    [
      'budget group of an unknown host',
      lines(HA.trimEnd(), 'expect: { budget: { groups: [{ hosts: [device-c], total: 1h }] } }'),
      '4:40',
      'expect.budget.groups[0].hosts[0]',
      'unknown host "device-c"',
    ],
    [
      'budget group of a role the system does not have',
      lines(MIRROR.trimEnd(), 'expect: { budget: { groups: [{ hosts: processing, each: 1h }] } }'),
      '5:39',
      'expect.budget.groups[0].hosts',
      'not a role in a SERVERware Mirror',
    ],
    [
      'budget group without hosts',
      lines(HA.trimEnd(), 'expect: { budget: { groups: [{ total: 1h }] } }'),
      '4:30',
      'expect.budget.groups[0].hosts',
      '`hosts` is required',
    ],
    [
      'budget group without a limit',
      lines(HA.trimEnd(), 'expect: { budget: { groups: [{ hosts: active }] } }'),
      '4:30',
      'expect.budget.groups[0]',
      'no limit given',
    ],
    [
      'unknown invariant',
      lines(HA.trimEnd(), 'expect: { violations: [settle] }'),
      '4:24',
      'expect.violations[0]',
      'did you mean "settles"?',
    ],

    // window
    [
      'unreal date',
      lines(HA.trimEnd(), 'window: { start: 2025-02-29 21:00 }'),
      '4:18',
      'window.start',
      'not a real date and time',
    ],
    [
      'bad hour',
      lines(HA.trimEnd(), 'window: { start: 2025-03-10 24:00 }'),
      '4:18',
      'window.start',
      'not a real date and time',
    ],
    [
      'bad window format',
      lines(HA.trimEnd(), 'window: { start: tomorrow }'),
      '4:18',
      'window.start',
      'is not a date and time',
    ],
    [
      'window without start',
      lines(HA.trimEnd(), 'window: { end: 2025-03-10 21:00 }'),
      '4:11',
      'window.end',
      'unknown key `end`',
    ],
  ];

  test.each(rows)('%s', (_label, text, at, path, reason) => {
    const error = errorOf(text);
    expect(error.reason).toContain(reason);
    expect(error.path).toBe(path);
    expect(`${error.line}:${error.column}`).toBe(at);
    expect(error.file).toBe('x.yaml');
    const formatted = error.format();
    expect(formatted).not.toContain('\n');
    expect(formatted.startsWith(`x.yaml:${at}: ${path === '' ? '' : `${path}: `}`)).toBe(true);
  });
});

describe('a name outside ASCII', () => {
  test('a name in Greek letters is refused as not of ASCII letters (a–z, A–Z)', () => {
    const error = errorOf(lines(CLUSTER.trimEnd(), 'hosts: { processing: [πρώτος] }'));
    expect(error.format()).toBe(
      "x.yaml:5:23: hosts.processing[0]: \"πρώτος\" is not a valid host name (expected a name of ASCII letters (a–z, A–Z), digits, '.', '_' and '-', starting with a letter or digit, at most 63 characters)",
    );
  });
});

describe('the formatted message', () => {
  test('FILE:LINE:COLUMN: PATH: what is wrong (expected …)', () => {
    const text = lines(
      'name: Cluster, one processing host fails',
      'system: serverware',
      'topology: cluster',
      'version: { from: 3.2.4 }',
      'hosts: { processing: 3 }',
      'faults:',
      '  - fault: upgrade-failure',
      '    target: processing-2',
      '  - fault: boot-failure',
      '    target: procesing-2',
    );
    const error = errorOf(text, 'scenarios/x.yaml');
    expect(error.format()).toBe(
      'scenarios/x.yaml:10:13: faults[1].target: unknown host "procesing-2" — did you mean "processing-2"? ' +
        '(expected a host name or a role: primary, secondary, backup, processing; ' +
        'hosts: backup, storage-1, storage-2, processing-1, processing-2, processing-3)',
    );
    expect(error.message).toBe(error.format());
    expect(error.expected).toContain('a host name or a role');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ScenarioError');
  });

  test('an unknown when.step offers the steps of the scenario’s system', () => {
    // Before: every system's steps, `switchover`, `sync` and `preemption` among them.
    const text = lines(
      'name: Cluster',
      'system: serverware',
      'topology: cluster',
      'version: { from: 4.5.0 }',
      'faults: [{ fault: host-crash, when: { step: instal } }]',
    );
    expect(errorOf(text, 'x.yaml').expected).toBe(
      'one of: precheck, backup, install, reboot, failover, verify, rollback, services, wait',
    );
  });

  test('an empty file has no position', () => {
    for (const text of ['', '   \n\n', '# only a comment\n']) {
      const error = errorOf(text, 'empty.yaml');
      expect(error.format()).toBe(
        'empty.yaml: the file is empty; a scenario needs at least name and system',
      );
      expect(error.line).toBeUndefined();
      expect(error.path).toBe('');
    }
  });

  test('a file holding only null is not called empty: it is a value, at its place', () => {
    // Before: `null` and `~` were "the file is empty", though the file holds a word.
    for (const [text, word, line] of [
      ['null\n', 'null', 1],
      ['~\n', '~', 1],
      ['# the scenario\n\nNULL\n', 'NULL', 3],
    ] as const) {
      expect(errorOf(text, 'null.yaml').format()).toBe(
        `null.yaml:${line}:1: a scenario is a mapping of keys such as name, system and version; this document is \`${word}\`, no value (expected a mapping)`,
      );
    }
  });

  test('a ScenarioError built by hand formats without the parts it lacks', () => {
    expect(new ScenarioError('bad', { file: 'f.yaml' }).format()).toBe('f.yaml: bad');
    expect(new ScenarioError('bad', { file: 'f.yaml', line: 3 }).format()).toBe('f.yaml:3: bad');
    expect(
      new ScenarioError('bad\nthing', {
        file: 'f.yaml',
        line: 3,
        column: 4,
        path: 'a.b',
        expected: 'good',
      }).format(),
    ).toBe('f.yaml:3:4: a.b: bad thing (expected good)');
  });

  test('user text with newlines stays on one line', () => {
    const error = errorOf(lines('name: a', 'system: "server\\nware"'));
    expect(error.format()).not.toContain('\n');
    expect(error.reason).toContain('unknown system "server\\nware"');
  });
});

describe('YAML collections no scenario key takes', () => {
  test.each([
    [
      '!!omap as version',
      'version: !!omap\n  - from: 1.0.0\n  - to: 1.1.0',
      4,
      'version',
      '!!omap',
    ],
    [
      '!!pairs in an x- key',
      'version: { from: 1.0.0, to: 1.1.0 }\nx-a: !!pairs\n  - a: 1',
      5,
      'x-a',
      '!!pairs',
    ],
    [
      '!!omap as a fault',
      'version: { from: 1.0.0, to: 1.1.0 }\nfaults:\n  - !!omap\n    - fault: backup-failure',
      6,
      'faults[0]',
      '!!omap',
    ],
  ])('%s is refused at its first pair, by its tag', (_name, body, line, path, tag) => {
    const error = errorOf(lines('name: x', 'system: standalone', body));
    expect(error.reason).toBe(`${tag} is not supported: write a plain mapping`);
    expect([error.line, error.path]).toEqual([line, path]);
    expect(error.column).toBeGreaterThan(0);
  });
});

describe('hostile input fails fast', () => {
  // The timeouts fail a test that takes too long even though the parser is synchronous.
  test('a billion-laughs alias bomb is rejected', { timeout: 1_000 }, () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) {
      const previous = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]`);
    }
    const text = lines('name: bomb', 'system: ha-pair', ...levels, 'description: *i');
    const error = errorOf(text);
    expect(error.reason).toContain('too many aliases');
    // a: 9 texts; b: 9 aliases; c: 9 × (1 + 9) = 90 more; the first *c of d crosses 100.
    expect(error.line).toBe(6);
    expect(error.path).toBe('d[0]');
  });

  test('an alias bomb under a known key is rejected too', () => {
    const text = lines(
      'x-a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]',
      'x-b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'x-c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'x-d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
      'name: x',
      'system: ha-pair',
      'version: { from: 1, to: 2 }',
      'services: *d',
    );
    expect(errorOf(text).reason).toContain('too many aliases');
  });

  test('an alias that contains itself is refused', () => {
    expect(errorOf(lines('name: a', 'x-loop: &l [*l]')).reason).toContain(
      'refers to the node that contains it',
    );
  });

  test.each([
    ['processing: 100000000', lines(CLUSTER.trimEnd(), 'hosts: { processing: 100000000 }')],
    ['processing: 1e300', lines(CLUSTER.trimEnd(), 'hosts: { processing: 1e300 }')],
    ['vps: 100000000', lines(CLUSTER.trimEnd(), 'vps: 100000000')],
    ['services: 99999999999', lines(HA.trimEnd(), 'services: 99999999999')],
  ])('%s is rejected without allocating', { timeout: 500 }, (_label, text) => {
    const error = errorOf(text);
    expect(error.reason).toMatch(/^too many/);
  });

  test('deep nesting is refused, not a stack overflow', () => {
    const text = `name: a\nsystem: ha-pair\ndescription: ${'['.repeat(200)}${']'.repeat(200)}\n`;
    expect(errorOf(text).reason).toContain('nests deeper than');
  });

  test('the largest allowed scenario parses', () => {
    const s = parse(
      lines(CLUSTER.trimEnd(), `hosts: { processing: ${LIMITS.hosts - 3} }`, 'vps: 20000'),
    );
    expect(s.hosts).toHaveLength(LIMITS.hosts);
    // Round-robin: the 20 000th VPS lands on processing host 19 999 % (LIMITS.hosts - 3) + 1.
    expect(s.workloads[19_999]).toEqual({
      name: 'vps-20000',
      kind: 'vps',
      placement: `processing-${(19_999 % (LIMITS.hosts - 3)) + 1}`,
    });
  });
});

describe('file size', () => {
  const head = `name: x\nsystem: standalone\nversion: { from: 1.0.0, to: 1.1.0 }\ndescription: '`;
  test('a text over 16 MiB is refused with its exact size in bytes and the limit, as the command line refuses the file', () => {
    const huge = `${head}${'y'.repeat(17_000_000 - head.length - 2)}'\n`;
    expect(huge).toHaveLength(17_000_000);
    expect(() => parseScenario(huge, 'huge.yaml')).toThrow(
      'huge.yaml: the file is 17,000,000 bytes; the limit is 16,777,216 bytes (16 MiB): give large numbers of hosts or VPSs as counts',
    );
  });
  test('a text under the limit in characters but over it in UTF-8 bytes is refused: the limit counts bytes', () => {
    const huge = `${head}${'ü'.repeat(8_500_000)}'\n`;
    expect(huge.length).toBeLessThan(LIMITS.fileSize);
    expect(() => parseScenario(huge, 'huge.yaml')).toThrow(
      `huge.yaml: the file is ${(head.length + 17_000_002).toLocaleString('en-US')} bytes; the limit is 16,777,216 bytes (16 MiB)`,
    );
  });
});

describe('text that is not text', () => {
  test('a NUL is refused with its line, column and byte, as the command line refuses the file', () => {
    expect(() =>
      parseScenario('name: ü\nsystem: standalone\ndescription: a\u0000b\n', 'nul.yaml'),
    ).toThrow(
      'nul.yaml:3:15: it is not text: byte 42 is NUL, as in a binary file or UTF-16 text (save it as UTF-8)',
    );
  });
});

describe('version.path length', () => {
  const path = (count: number): string =>
    Array.from({ length: count }, (_, index) => `9.0.${index + 2}`).join(', ');
  test('a path of the most versions allowed parses', () => {
    const s = parse(
      lines(
        'name: p',
        'system: ha-pair',
        `version: { from: 9.0.1, path: [${path(LIMITS.pathVersions)}] }`,
      ),
    );
    expect(s.path).toHaveLength(LIMITS.pathVersions);
  });
  test('one version more is refused at the list, naming the limit', () => {
    const error = errorOf(
      lines(
        'name: p',
        'system: ha-pair',
        `version: { from: 9.0.1, path: [${path(LIMITS.pathVersions + 1)}] }`,
      ),
    );
    expect(error.path).toBe('version.path');
    expect(error.line).toBe(3);
    expect(error.reason).toBe(
      `too many versions: ${LIMITS.pathVersions + 1}, more than ${LIMITS.pathVersions}`,
    );
  });
});

describe('plan and fault list length', () => {
  const HA_HEAD = ['name: p', 'system: ha-pair', 'version: { from: 9.0.1, to: 9.1.0 }'];
  const plan = (count: number) => [
    'plan:',
    ...Array.from({ length: count }, () => '  - check-services'),
  ];
  const faults = (count: number) => [
    'faults:',
    ...Array.from(
      { length: count },
      (_, index) => `  - { fault: host-crash, target: device-a, when: { at: ${index + 1}m } }`,
    ),
  ];

  test('a plan of the most steps allowed parses', () => {
    const s = parse(lines(...HA_HEAD, ...plan(LIMITS.planSteps)));
    expect(steps(s)).toHaveLength(LIMITS.planSteps);
  });
  test('one step more is refused at the plan, naming the limit', () => {
    const error = errorOf(lines(...HA_HEAD, ...plan(LIMITS.planSteps + 1)));
    expect(error.path).toBe('plan');
    expect(error.line).toBe(5);
    expect(error.reason).toBe(
      `too many steps: ${LIMITS.planSteps + 1}, more than ${LIMITS.planSteps}`,
    );
  });
  test('a fault list of the most faults allowed parses', () => {
    const s = parse(lines(...HA_HEAD, ...faults(LIMITS.faults)));
    expect(s.faults).toHaveLength(LIMITS.faults);
  });
  test('services stop at their own limit, far below the VPS limit', () => {
    expect(parse(lines(...HA_HEAD, `services: ${LIMITS.services}`)).workloads).toHaveLength(
      LIMITS.services,
    );
    const error = errorOf(lines(...HA_HEAD, `services: ${LIMITS.services + 1}`));
    expect(error.path).toBe('services');
    expect(error.reason).toBe(
      `too many services: ${LIMITS.services + 1}, more than ${LIMITS.services}`,
    );
    const listed = Array.from({ length: LIMITS.services + 1 }, (_, index) => `s${index}`);
    expect(errorOf(lines(...HA_HEAD, `services: [${listed.join(', ')}]`)).reason).toBe(
      `too many services: ${LIMITS.services + 1}, more than ${LIMITS.services}`,
    );
  });
  test('one fault more is refused at the list, naming the limit', () => {
    const error = errorOf(lines(...HA_HEAD, ...faults(LIMITS.faults + 1)));
    expect(error.path).toBe('faults');
    expect(error.line).toBe(5);
    expect(error.reason).toBe(`too many faults: ${LIMITS.faults + 1}, more than ${LIMITS.faults}`);
  });
});

describe('every list a scenario can grow has a bound', () => {
  const HA_HEAD = ['name: p', 'system: ha-pair', 'version: { from: 9.0.1, to: 9.1.0 }'];
  const decisions = (count: number) => [
    'decisions:',
    ...Array.from({ length: count }, () => '  - { at: install-failed, choose: retry }'),
  ];

  test('a decision list of the most entries allowed parses; one more is refused at the list', () => {
    expect(parse(lines(...HA_HEAD, ...decisions(LIMITS.decisions))).decisions).toHaveLength(
      LIMITS.decisions,
    );
    const error = errorOf(lines(...HA_HEAD, ...decisions(LIMITS.decisions + 1)));
    expect(error.path).toBe('decisions');
    expect(error.line).toBe(5);
    expect(error.reason).toBe(
      `too many decisions: ${LIMITS.decisions + 1}, more than ${LIMITS.decisions}`,
    );
  });

  test('an expected path longer than any path a run can take is refused', () => {
    const longest = Array.from({ length: LIMITS.pathVersions + 1 }, () => '9.0.1');
    expect(() =>
      parse(lines(...HA_HEAD, `expect: { path: [${longest.join(', ')}] }`)),
    ).not.toThrow();
    const error = errorOf(
      lines(...HA_HEAD, `expect: { path: [${[...longest, '9.1.0'].join(', ')}] }`),
    );
    expect(error.path).toBe('expect.path');
    expect(error.reason).toBe(
      `too many versions: ${LIMITS.pathVersions + 2}, more than ${LIMITS.pathVersions + 1}`,
    );
  });

  test('an invariant listed twice under expect.violations is refused where it repeats', () => {
    const error = errorOf(
      lines(
        ...HA_HEAD,
        'expect:',
        '  violations:',
        '    - no-maintenance-on-active',
        '    - one-member-down-at-a-time',
        '    - no-maintenance-on-active',
      ),
    );
    expect(error.path).toBe('expect.violations[2]');
    expect(error.line).toBe(8);
    expect(error.reason).toBe(
      'invariant "no-maintenance-on-active" is listed twice (also at expect.violations[0])',
    );
  });
});

describe('how long a step may last', () => {
  const tooLong = 'too long for a step: one lasts at most 365d';
  test.each([
    ['a key of durations', lines('durations: { install: 366d }'), 'durations.install', 4, 23],
    ['a range', lines('durations: { install: 1d..400d }'), 'durations.install', 4, 23],
    [
      'an estimate',
      lines('durations: { install: { min: 1d, likely: 2d, max: 400d } }'),
      'durations.install.max',
      4,
      51,
    ],
    [
      'an override per host',
      lines('durations: { install: { default: 20m, server: 400d } }'),
      'durations.install.server',
      4,
      47,
    ],
    [
      "a fault's duration",
      lines(
        'faults:',
        '  - { fault: host-crash, target: server, duration: 366d, when: { at: 1m } }',
      ),
      'faults[0].duration',
      5,
      52,
    ],
    ['a wait', lines('plan: [{ wait: 366d }]'), 'plan[0].wait', 4, 16],
    ['the hold', lines('recovery: { hold: 366d }'), 'recovery.hold', 5, 19, CLUSTER],
  ])(
    '%s longer than 365d is refused where it is written',
    (_what, extra, path, line, column, head = SA) => {
      const error = errorOf(head + extra);
      expect(error.message).toContain(tooLong);
      expect(error.path).toBe(path);
      expect([error.line, error.column]).toEqual([line, column]);
    },
  );

  test('a step of 365d, and a fault at any time up to 1,000 years, are accepted', () => {
    const scenario = parse(
      SA +
        lines(
          'durations: { install: 365d, reboot: 1d..365d }',
          'faults: [{ fault: host-crash, target: server, when: { at: 365000d } }]',
        ),
    );
    expect(scenario.durations.install).toBe(LIMITS.duration);
    expect(scenario.faults[0]?.when).toEqual({ at: LIMITS.runTime });
  });
});
