import { describe, expect, it, test } from 'vitest';
import { formatDuration, parseScenario, planImpact, planProcedure, simulate } from '../src/sim';
import type { PlannedStep, Scenario, Topology } from '../src/sim';

const lines = (...text: string[]): string => `${text.join('\n')}\n`;

/** Mirror: three VPSs, all on the Primary. Cluster: one on the Primary, one per processing host. */
function serverware(topology: Topology, from: string): Scenario {
  const vps =
    topology === 'mirror'
      ? 'vps: [vps-1, vps-2, vps-3]'
      : 'vps: [{ name: vps-db, host: primary }, { name: vps-pbx-1, host: processing-1 }, { name: vps-pbx-2, host: processing-2 }]';
  return parseScenario(
    lines(
      `name: SERVERware ${topology} from ${from}`,
      'system: serverware',
      `topology: ${topology}`,
      `version: { from: ${from} }`,
      vps,
    ),
    'planner.yaml',
  );
}

/**
 * One hop of the plan as the document tells it: `3.3.1: backup → storage-2 → failover → …`,
 * where a host name stands for its install → reboot → verify, in that order, to the hop's version.
 */
function hopOrder(plan: readonly PlannedStep[], hop: number, version: string): string {
  const steps = plan.filter((step) => step.hop === hop);
  const tokens: string[] = [];
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i] as PlannedStep;
    const reboot = steps[i + 1];
    const verify = steps[i + 2];
    if (
      step.action === 'install' &&
      step.version === version &&
      reboot?.action === 'reboot' &&
      reboot.host === step.host &&
      verify?.action === 'verify' &&
      verify.host === step.host
    ) {
      tokens.push(step.host ?? '?');
      i += 2;
    } else {
      tokens.push([step.action, step.host, step.version].filter(Boolean).join(' '));
    }
  }
  return `${version}: ${tokens.join(' → ')}`;
}

interface ServerwareCase {
  readonly name: string;
  readonly topology: Topology;
  readonly from: string;
  /** The hops, one version per hop. */
  readonly path: readonly string[];
  /** Host order within each hop (Backup, processing hosts, Secondary, failover, former Primary). */
  readonly hops: readonly string[];
  readonly failovers: number;
  /** What each hop takes down: `action host: VPSs for downtime`. */
  readonly impactPerHop: readonly string[];
  /** What the final return failover takes down (4.3.x – 4.8.x only). */
  readonly finalImpact: readonly string[];
  /** Whether the report warns that the document's note disagrees with its steps. */
  readonly noteWarning: boolean;
}

const MIRROR_IMPACT = ['failover: vps-1, vps-2, vps-3 for 15m'];
const CLUSTER_IMPACT = [
  'reboot processing-1: vps-pbx-1 for 5m',
  'reboot processing-2: vps-pbx-2 for 5m',
  'failover: vps-db for 15m',
];

/** The SERVERware upgrade-impact document, case by case. */
const CASES: readonly ServerwareCase[] = [
  {
    name: 'Mirror, v3.2.x and earlier',
    topology: 'mirror',
    from: '3.2.4',
    path: ['3.3.1', '4.8.2', '5.2.1'],
    hops: [
      '3.3.1: backup → storage-2 → failover → storage-1',
      '4.8.2: backup → storage-1 → failover → storage-2',
      '5.2.1: backup → storage-2 → failover → storage-1',
    ],
    failovers: 3,
    impactPerHop: MIRROR_IMPACT,
    finalImpact: [],
    noteWarning: false,
  },
  {
    name: 'Cluster, v3.2.x and earlier',
    topology: 'cluster',
    from: '3.2.4',
    path: ['3.3.1', '4.8.2', '5.2.1'],
    hops: [
      '3.3.1: backup → processing-1 → processing-2 → storage-2 → failover → storage-1',
      '4.8.2: backup → processing-1 → processing-2 → storage-1 → failover → storage-2',
      '5.2.1: backup → processing-1 → processing-2 → storage-2 → failover → storage-1',
    ],
    failovers: 3,
    impactPerHop: CLUSTER_IMPACT,
    finalImpact: [],
    noteWarning: false,
  },
  {
    name: 'Mirror, v3.3.x – v4.2.x',
    topology: 'mirror',
    from: '4.1.0',
    path: ['4.8.2', '5.2.1'],
    hops: [
      '4.8.2: backup → storage-2 → failover → storage-1',
      '5.2.1: backup → storage-1 → failover → storage-2',
    ],
    failovers: 2,
    impactPerHop: MIRROR_IMPACT,
    finalImpact: [],
    noteWarning: false,
  },
  {
    // The document's note for this case says "three failovers will be performed"; its steps
    // (one failover per hop, two hops) give two. The plan follows the steps.
    name: 'Cluster, v3.3.x – v4.2.x (two failovers from the steps, not three from the note)',
    topology: 'cluster',
    from: '4.1.0',
    path: ['4.8.2', '5.2.1'],
    hops: [
      '4.8.2: backup → processing-1 → processing-2 → storage-2 → failover → storage-1',
      '5.2.1: backup → processing-1 → processing-2 → storage-1 → failover → storage-2',
    ],
    failovers: 2,
    impactPerHop: CLUSTER_IMPACT,
    finalImpact: [],
    noteWarning: true,
  },
  {
    name: 'Mirror, v4.3.x – v4.8.x (final failover back)',
    topology: 'mirror',
    from: '4.5.0',
    path: ['5.2.1'],
    hops: ['5.2.1: backup → storage-2 → failover → storage-1 → failover'],
    failovers: 2,
    impactPerHop: MIRROR_IMPACT,
    finalImpact: ['failover: vps-1, vps-2, vps-3 for 15m'],
    noteWarning: false,
  },
  {
    name: 'Cluster, v4.3.x – v4.8.x (final failover back)',
    topology: 'cluster',
    from: '4.5.0',
    path: ['5.2.1'],
    hops: [
      '5.2.1: backup → processing-1 → processing-2 → storage-2 → failover → storage-1 → failover',
    ],
    failovers: 2,
    impactPerHop: CLUSTER_IMPACT,
    finalImpact: ['failover: vps-db for 15m'],
    noteWarning: false,
  },
  {
    name: 'Mirror, v5.x (GUI update only)',
    topology: 'mirror',
    from: '5.0.3',
    path: [],
    hops: [],
    failovers: 0,
    impactPerHop: [],
    finalImpact: [],
    noteWarning: false,
  },
  {
    name: 'Cluster, v5.x (GUI update only)',
    topology: 'cluster',
    from: '5.0.3',
    path: [],
    hops: [],
    failovers: 0,
    impactPerHop: [],
    finalImpact: [],
    noteWarning: false,
  },
];

const NOTE_WARNING =
  /note for the 3\.3\.x – 4\.2\.x Cluster case says three failovers, but its own steps give two/;

describe.each(CASES)('planner: SERVERware $name', (c) => {
  const scenario = serverware(c.topology, c.from);
  const plan = planProcedure(scenario);

  it(`should go through the documented hops: ${c.path.join(' → ') || 'none'}`, () => {
    expect(scenario.path).toEqual(c.path);
    expect(simulate(scenario).report.path).toEqual(c.path.length > 0 ? c.path : ['5.2.1']);
  });

  it('should upgrade Backup, then each processing host, then the Secondary, fail over, then the former Primary', () => {
    expect(c.path.map((version, index) => hopOrder(plan, index + 1, version))).toEqual(c.hops);
    // Every host, and nothing else, is installed exactly once per hop.
    const installs = plan.filter((step) => step.action === 'install');
    expect(installs).toHaveLength(scenario.hosts.length * c.path.length);
  });

  it(`should fail over ${c.failovers} time(s): one per hop${c.finalImpact.length > 0 ? ', plus the final return failover' : ''}`, () => {
    const perHop = c.path.map(
      (_, index) =>
        plan.filter((step) => step.action === 'failover' && step.hop === index + 1).length,
    );
    const expected = c.path.map((_, index) =>
      index === c.path.length - 1 && c.finalImpact.length > 0 ? 2 : 1,
    );
    expect(perHop).toEqual(expected);
    expect(plan.filter((step) => step.action === 'failover')).toHaveLength(c.failovers);
    expect(simulate(scenario).report.failovers).toBe(c.failovers);
  });

  it('should restart every processing host exactly once per hop', () => {
    const processing = scenario.hosts.filter((host) => host.kind === 'processing');
    expect(processing).toHaveLength(c.topology === 'cluster' ? 2 : 0);
    const reboots = plan.filter(
      (step) => step.action === 'reboot' && processing.some((host) => host.name === step.host),
    );
    expect(reboots).toHaveLength(processing.length * c.path.length);
    for (const host of processing) {
      const perHop = c.path.map(
        (_, index) =>
          plan.filter((s) => s.action === 'reboot' && s.host === host.name && s.hop === index + 1)
            .length,
      );
      expect(perHop, host.name).toEqual(c.path.map(() => 1));
    }
  });

  it('should take down only the VPSs the document names, step by step', () => {
    const impact = planImpact(scenario)
      .steps.filter((step) => step.affected > 0)
      .map(
        (step) =>
          `hop ${step.hop} ${step.action}${step.host ? ` ${step.host}` : ''}: ${step.examples.join(', ')} for ${formatDuration(step.downtime)}`,
      );
    const expected = [
      ...c.path.flatMap((_, index) => c.impactPerHop.map((line) => `hop ${index + 1} ${line}`)),
      ...c.finalImpact.map((line) => `hop ${c.path.length} ${line}`),
    ];
    expect(impact).toEqual(expected);
  });

  it(`should ${c.noteWarning ? '' : 'not '}warn that the document's note disagrees with its steps`, () => {
    const { warnings } = simulate(scenario).report;
    if (c.noteWarning) expect(warnings).toEqual([expect.stringMatching(NOTE_WARNING)]);
    else expect(warnings).toEqual([]);
  });
});

describe('planner: SERVERware v5.x', () => {
  it.each(['mirror', 'cluster'] as const)(
    'should only update the GUI, without the requirements the document ties to the core upgrade (%s)',
    (topology) => {
      const plan = planProcedure(serverware(topology, '5.0.3'));
      expect(plan.map((step) => `${step.action}${step.version ? ` ${step.version}` : ''}`)).toEqual(
        ['gui-update 5.2.1'],
      );
      expect(plan[0]?.source).toEqual({
        kind: 'document',
        ref: 'SERVERware upgrade procedure impact (Bicom), SERVERware v5.x: only a GUI update, with no downtime',
      });
    },
  );
});

/**
 * `N action host` from the plan, N being the documented step the note names. A step whose note
 * names none (the restart and check that follow an install) belongs to the step before it.
 */
/** The steps as they ran: steps 5–7 name roles in the plan, resolved to devices when they start. */
function documentedSteps(scenario: Scenario): string[] {
  const plan = simulate(scenario).report.steps;
  let number = '?';
  return plan.map((step) => {
    number = /, step (\d+)/.exec(step.source.ref)?.[1] ?? number;
    return `${number.padStart(2)} ${step.action}${step.host ? ` ${step.host}` : ''}${step.version ? ` ${step.version}` : ''}`;
  });
}

function haPair(preemption: 'enabled' | 'disabled'): Scenario {
  return parseScenario(
    lines(
      `name: HA pair, preemption ${preemption}`,
      'system: ha-pair',
      'version: { from: 9.0.2, to: 9.1.0 }',
      `policy: { preemption: ${preemption} }`,
    ),
    'ha.yaml',
  );
}

describe('planner: HA pair', () => {
  it('should follow the ten documented steps, disabling and re-enabling preemption, when it was enabled', () => {
    expect(documentedSteps(haPair('enabled'))).toMatchInlineSnapshot(`
      [
        " 1 sync-config device-a",
        " 1 switchover device-b",
        " 1 check-services",
        " 2 check-sync",
        " 3 backup",
        " 4 preemption-off",
        " 5 install device-a 9.1.0",
        " 5 reboot device-a",
        " 5 verify device-a",
        " 6 wait",
        " 6 check-sessions",
        " 6 switchover device-a",
        " 6 check-services",
        " 7 install device-b 9.1.0",
        " 7 reboot device-b",
        " 7 verify device-b",
        " 8 check-sync",
        " 9 check-services",
        "10 preemption-restore",
      ]
    `);
  });

  it('should skip steps 4 and 10 when preemption was disabled', () => {
    expect(documentedSteps(haPair('disabled'))).toMatchInlineSnapshot(`
      [
        " 1 sync-config device-a",
        " 1 switchover device-b",
        " 1 check-services",
        " 2 check-sync",
        " 3 backup",
        " 5 install device-a 9.1.0",
        " 5 reboot device-a",
        " 5 verify device-a",
        " 6 wait",
        " 6 check-sessions",
        " 6 switchover device-a",
        " 6 check-services",
        " 7 install device-b 9.1.0",
        " 7 reboot device-b",
        " 7 verify device-b",
        " 8 check-sync",
        " 9 check-services",
      ]
    `);
  });

  it.each(['enabled', 'disabled'] as const)(
    'should only ever upgrade the standby device, with preemption %s',
    (preemption) => {
      const { report } = simulate(haPair(preemption));
      // The device each install hits was the standby when it started: step 1's switchover made
      // device-a standby, step 6's made device-b standby.
      const installs = report.steps
        .filter((step) => step.action === 'install')
        .map((step) => step.host);
      expect(installs).toEqual(['device-a', 'device-b']);
      expect(report.invariants.find((i) => i.id === 'no-maintenance-on-active')?.holds).toBe(true);
      expect(report.invariants.find((i) => i.id === 'preemption-off-during-upgrade')?.holds).toBe(
        true,
      );
      expect(report.hosts.map((host) => `${host.name} ${host.role} ${host.version}`)).toEqual([
        'device-a active 9.1.0',
        'device-b standby 9.1.0',
      ]);
    },
  );
});

function standalone(version: string, window?: string): Scenario {
  return parseScenario(
    lines(
      'name: single server',
      'system: standalone',
      `version: ${version}`,
      ...(window === undefined ? [] : [`window: { start: '${window}' }`]),
    ),
    'standalone.yaml',
  );
}

describe('planner: single server', () => {
  it('should back up, plan, check, then stop, install, restart, soak and test', () => {
    const plan = planProcedure(standalone('{ from: 2.4.1, to: 2.5.0 }'));
    expect(plan.map((step) => [step.action, step.host, step.version].filter(Boolean).join(' ')))
      .toMatchInlineSnapshot(`
        [
          "backup server",
          "announce",
          "precheck server",
          "stop-services server",
          "install server 2.5.0",
          "reboot server",
          "start-services server",
          "check-services",
          "wait",
          "verify server",
        ]
      `);
  });

  it('should test each of several consecutive versions before installing the next', () => {
    const scenario = standalone('{ from: 2.4.1, path: [2.5.0, 2.6.3, 3.0.1] }');
    const { report } = simulate(scenario);
    expect(report.outcome).toBe('completed');
    expect(report.path).toEqual(['2.5.0', '2.6.3', '3.0.1']);
    const installs = report.steps.filter((step) => step.action === 'install');
    expect(installs.map((step) => step.version)).toEqual(['2.5.0', '2.6.3', '3.0.1']);
    for (const [index, install] of installs.entries()) {
      if (index === 0) continue;
      const tested = report.steps.find(
        (step) => step.action === 'verify' && step.hop === install.hop - 1,
      );
      expect(tested?.status, `hop ${install.hop - 1} tested`).toBe('done');
      expect(
        tested?.end,
        `hop ${install.hop - 1} tested before ${install.version}`,
      ).toBeLessThanOrEqual(install.start ?? -1);
    }
    // The backup, the announcement and the checks come once, before the first version.
    expect(report.steps.filter((step) => step.hop === 0).map((step) => step.action)).toEqual([
      'backup',
      'announce',
      'precheck',
    ]);
  });

  test.each([
    { window: '2025-03-11 10:00', when: 'Tuesday 10:00', warns: true },
    { window: '2025-03-14 17:30', when: 'Friday 17:30', warns: true },
    { window: '2025-03-10 08:00', when: 'Monday 08:00', warns: true },
    { window: '2025-03-11 21:00', when: 'Tuesday 21:00', warns: false },
    { window: '2025-03-12 02:00', when: 'Wednesday 02:00', warns: false },
    { window: '2025-03-15 10:00', when: 'Saturday 10:00', warns: false },
    { window: '2025-03-16 14:00', when: 'Sunday 14:00', warns: false },
  ])('should warn about working hours: $when → $warns', ({ window, warns }) => {
    const { warnings } = simulate(standalone('{ from: 2.4.1, to: 2.5.0 }', window)).report;
    const working = warnings.filter((warning) => /working hours/.test(warning));
    expect(working).toHaveLength(warns ? 1 : 0);
  });
});
