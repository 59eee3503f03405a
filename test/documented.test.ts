/**
 * The figures users quote from the source documents, checked against the engine: downtime per
 * VPS, number of outages, failovers, and the invariants every documented procedure keeps. The
 * expected figures are worked out from the documents' rules and the documented default
 * durations (failover 15m, reboot 5m, install 20m, verify 5m, switchover 10s…), not copied from
 * a run.
 */
import { describe, expect, it, test } from 'vitest';
import { formatDuration, parseScenario, planImpact, simulate } from '../src/sim';
import type { Report, Scenario, Topology } from '../src/sim';
import { APPLICABLE_INVARIANTS } from './support/contract';

const lines = (...text: string[]): string => `${text.join('\n')}\n`;

const MIRROR_VPS = 'vps: [vps-1, vps-2, vps-3]';
const CLUSTER_VPS =
  'vps: [{ name: vps-db, host: primary }, { name: vps-pbx-1, host: processing-1 }, { name: vps-pbx-2, host: processing-2 }]';

function serverware(topology: Topology, from: string, ...extra: string[]): Scenario {
  return parseScenario(
    lines(
      `name: SERVERware ${topology} from ${from}`,
      'system: serverware',
      `topology: ${topology}`,
      `version: { from: ${from} }`,
      topology === 'mirror' ? MIRROR_VPS : CLUSTER_VPS,
      ...extra,
    ),
    'documented.yaml',
  );
}

/** `45m in 3` for a workload of the report. */
function downtimeOf(report: Report, name: string): string {
  const workload = report.workloads.find((w) => w.name === name);
  if (!workload) return `no workload ${name}`;
  return `${formatDuration(workload.downtime)} in ${workload.outages}`;
}

describe('SERVERware Mirror: every VPS is down 15m per failover', () => {
  test.each([
    { kase: 'v3.2.x and earlier', from: '3.2.4', failovers: 3, each: '45m in 3' }, // 3 hops x 1 failover x 15m
    { kase: 'v3.3.x – v4.2.x', from: '4.1.0', failovers: 2, each: '30m in 2' }, // 2 hops x 1 failover x 15m
    { kase: 'v4.3.x – v4.8.x', from: '4.5.0', failovers: 2, each: '30m in 2' }, // hop failover + return failover
    { kase: 'v5.x', from: '5.0.3', failovers: 0, each: '0s in 0' }, // GUI update only
  ])(
    'should take each VPS down $each outage(s) from $kase ($failovers failovers)',
    ({ from, failovers, each }) => {
      const { report } = simulate(serverware('mirror', from));
      expect(report.outcome).toBe('completed');
      expect(report.failovers).toBe(failovers);
      expect(['vps-1', 'vps-2', 'vps-3'].map((name) => downtimeOf(report, name))).toEqual([
        each,
        each,
        each,
      ]);
    },
  );
});

describe('SERVERware Cluster: VPSs on the Primary down 15m × failovers, on processing hosts reboot × hops', () => {
  test.each([
    { kase: 'v3.2.x and earlier', from: '3.2.4', onPrimary: '45m in 3', onProcessing: '15m in 3' }, // 3 x 15m; 3 x 5m
    { kase: 'v3.3.x – v4.2.x', from: '4.1.0', onPrimary: '30m in 2', onProcessing: '10m in 2' }, // 2 x 15m; 2 x 5m
    { kase: 'v4.3.x – v4.8.x', from: '4.5.0', onPrimary: '30m in 2', onProcessing: '5m in 1' }, // 2 x 15m; 1 x 5m
    { kase: 'v5.x', from: '5.0.3', onPrimary: '0s in 0', onProcessing: '0s in 0' },
  ])(
    'should give $onPrimary on the Primary and $onProcessing on a processing host from $kase',
    ({ from, onPrimary, onProcessing }) => {
      const { report } = simulate(serverware('cluster', from));
      expect(report.outcome).toBe('completed');
      expect({
        'vps-db': downtimeOf(report, 'vps-db'),
        'vps-pbx-1': downtimeOf(report, 'vps-pbx-1'),
        'vps-pbx-2': downtimeOf(report, 'vps-pbx-2'),
      }).toEqual({ 'vps-db': onPrimary, 'vps-pbx-1': onProcessing, 'vps-pbx-2': onProcessing });
    },
  );
});

describe('SERVERware: who is down during which step', () => {
  const CASES = (['mirror', 'cluster'] as const).flatMap((topology) =>
    ['3.2.4', '4.1.0', '4.5.0'].map((from) => ({ topology, from })),
  );

  test.each(CASES)(
    'should cost nothing to upgrade the Backup host and the Secondary ($topology from $from)',
    ({ topology, from }) => {
      const scenario = serverware(topology, from);
      const storageOrBackup = new Set(
        scenario.hosts
          .filter((h) => h.kind === 'backup' || h.kind === 'storage')
          .map((h) => h.name),
      );
      const steps = planImpact(scenario).steps.filter(
        (step) => step.host !== undefined && storageOrBackup.has(step.host),
      );
      expect(steps.length).toBeGreaterThan(0);
      expect(steps.filter((step) => step.affected > 0)).toEqual([]);
    },
  );

  test.each(CASES)(
    'should take down only the VPSs on the Primary during a failover ($topology from $from)',
    ({ topology, from }) => {
      const failovers = planImpact(serverware(topology, from)).steps.filter(
        (step) => step.action === 'failover',
      );
      expect(failovers.length).toBeGreaterThan(0);
      const onPrimary = topology === 'mirror' ? ['vps-1', 'vps-2', 'vps-3'] : ['vps-db'];
      for (const failover of failovers) {
        expect(failover.examples).toEqual(onPrimary);
        expect(failover.affected).toBe(onPrimary.length);
        expect(formatDuration(failover.downtime)).toBe('15m');
      }
    },
  );

  test.each([
    // An odd number of failovers leaves the pair swapped; the 4.3.x – 4.8.x case ends with a
    // failover that "returns the host to its original location".
    { from: '3.2.4', primary: 'storage-2', why: '3 failovers' },
    { from: '4.1.0', primary: 'storage-1', why: '2 failovers' },
    { from: '4.5.0', primary: 'storage-1', why: 'the final failover returns it' },
    { from: '5.0.3', primary: 'storage-1', why: 'no failover' },
  ])('should end with $primary as Primary from $from ($why)', ({ from, primary }) => {
    for (const topology of ['mirror', 'cluster'] as const) {
      const { report } = simulate(serverware(topology, from));
      const roles = report.hosts
        .filter((host) => host.kind === 'storage')
        .map((host) => `${host.name} ${host.role} ${host.version}`);
      const secondary = primary === 'storage-1' ? 'storage-2' : 'storage-1';
      expect(roles.sort(), topology).toEqual(
        [`${primary} primary 5.2.1`, `${secondary} secondary 5.2.1`].sort(),
      );
    }
  });
});

describe('custom durations are honoured exactly', () => {
  const CUSTOM = 'durations: { failover: 20m, reboot: 7m }';

  test.each([
    { kase: 'v3.2.x and earlier', from: '3.2.4', onPrimary: '1h in 3', onProcessing: '21m in 3' }, // 3 x 20m; 3 x 7m
    { kase: 'v3.3.x – v4.2.x', from: '4.1.0', onPrimary: '40m in 2', onProcessing: '14m in 2' }, // 2 x 20m; 2 x 7m
    { kase: 'v4.3.x – v4.8.x', from: '4.5.0', onPrimary: '40m in 2', onProcessing: '7m in 1' }, // 2 x 20m; 1 x 7m
  ])(
    'should give $onPrimary and $onProcessing in a Cluster from $kase with failover 20m, reboot 7m',
    ({ from, onPrimary, onProcessing }) => {
      const { report } = simulate(serverware('cluster', from, CUSTOM));
      expect([downtimeOf(report, 'vps-db'), downtimeOf(report, 'vps-pbx-1')]).toEqual([
        onPrimary,
        onProcessing,
      ]);
    },
  );

  it('should give 60m per VPS in a Mirror from 3.2.4 with failover 20m', () => {
    const { report } = simulate(serverware('mirror', '3.2.4', CUSTOM));
    expect(report.workloads.map((w) => formatDuration(w.downtime))).toEqual(['1h', '1h', '1h']);
  });

  it('should give 1m per service on an HA pair with a 30s switchover (two switchovers)', () => {
    const { report } = simulate(
      parseScenario(
        lines(
          'name: ha',
          'system: ha-pair',
          'version: { from: 9.0.2, to: 9.1.0 }',
          'services: [vpn, voip]',
          'durations: { switchover: 30s }',
        ),
        'ha.yaml',
      ),
    );
    expect([downtimeOf(report, 'vpn'), downtimeOf(report, 'voip')]).toEqual(['1m in 2', '1m in 2']);
  });

  it('should give 52m per service on a single server with a 45m install', () => {
    // 2m stop + 45m install + 5m restart: the soak and the tests run with the services in use.
    const { report } = simulate(
      parseScenario(
        lines(
          'name: single',
          'system: standalone',
          'version: { from: 2.4.1, to: 2.5.0 }',
          'durations: { install: 45m }',
        ),
        'single.yaml',
      ),
    );
    expect(downtimeOf(report, 'service-1')).toBe('52m in 1');
  });
});

describe('HA pair and single server with the default durations', () => {
  test.each([
    { preemption: 'enabled', switchovers: 2 },
    { preemption: 'disabled', switchovers: 2 },
  ])(
    'should interrupt each service $switchovers times, 10s per switchover, with preemption $preemption',
    ({ preemption, switchovers }) => {
      const { report } = simulate(
        parseScenario(
          lines(
            'name: ha',
            'system: ha-pair',
            'version: { from: 9.0.2, to: 9.1.0 }',
            `policy: { preemption: ${preemption} }`,
          ),
          'ha.yaml',
        ),
      );
      expect(report.failovers).toBe(switchovers);
      const each = `${formatDuration(switchovers * 10_000)} in ${switchovers}`;
      expect(
        report.workloads.map((w) => `${w.name} ${formatDuration(w.downtime)} in ${w.outages}`),
      ).toEqual([`service-1 ${each}`, `service-2 ${each}`, `service-3 ${each}`]);
    },
  );

  test.each([
    // Stop 2m + install 20m + restart 5m; the soak and the tests run with the services in use.
    { versions: '{ from: 2.4.1, to: 2.5.0 }', hops: 1, down: '27m' },
    { versions: '{ from: 2.4.1, path: [2.5.0, 2.6.3, 3.0.1] }', hops: 3, down: '1h21m' }, // 3 x 27m
  ])('should keep a single server down $down for $hops version(s)', ({ versions, down }) => {
    const { report } = simulate(
      parseScenario(lines('name: single', 'system: standalone', `version: ${versions}`), 's.yaml'),
    );
    expect(report.workloads.map((w) => formatDuration(w.downtime))).toEqual([down, down, down]);
  });
});

const PROCEDURES: readonly { readonly name: string; readonly scenario: () => Scenario }[] = [
  ...(['mirror', 'cluster'] as const).flatMap((topology) =>
    ['3.2.4', '4.1.0', '4.5.0', '5.0.3'].map((from) => ({
      name: `SERVERware ${topology} from ${from}`,
      scenario: () => serverware(topology, from),
    })),
  ),
  ...['enabled', 'disabled'].map((preemption) => ({
    name: `HA pair, preemption ${preemption}`,
    scenario: () =>
      parseScenario(
        lines(
          'name: ha',
          'system: ha-pair',
          'version: { from: 9.0.2, to: 9.1.0 }',
          `policy: { preemption: ${preemption} }`,
        ),
        'ha.yaml',
      ),
  })),
  ...['{ from: 2.4.1, to: 2.5.0 }', '{ from: 2.4.1, path: [2.5.0, 2.6.3, 3.0.1] }'].map(
    (versions) => ({
      name: `single server ${versions}`,
      scenario: () =>
        parseScenario(lines('name: s', 'system: standalone', `version: ${versions}`), 's.yaml'),
    }),
  ),
];

describe('invariants on every documented procedure', () => {
  test.each(PROCEDURES)(
    'should list and keep every invariant that applies: $name',
    ({ scenario }) => {
      const s = scenario();
      const { report } = simulate(s);
      expect(report.outcome).toBe('completed');
      expect(report.invariants.map((invariant) => invariant.id)).toEqual(
        APPLICABLE_INVARIANTS[s.system],
      );
      const broken = report.invariants.flatMap((invariant) =>
        invariant.violations.map((violation) => `${invariant.id}: ${violation.message}`),
      );
      expect(broken).toEqual([]);
      expect(report.invariants.every((invariant) => invariant.holds)).toBe(true);
    },
  );
});
