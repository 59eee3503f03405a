import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DURATIONS, LIMITS, formatDuration, parseScenario, simulate } from './index';
import { simulateWith, standingOf, type Standing } from './runner';

const standalone = `
name: single server
system: standalone
version: { from: 2.1.0, to: 2.2.0 }
services: 1
`;

const cluster = `
name: cluster
system: serverware
topology: cluster
version: { from: 3.2.4 }
hosts: { processing: 3 }
vps: [ { name: vps-db, host: primary }, { name: vps-web, host: processing-2 } ]
seed: 7
`;

function traceOf(text: string): string[] {
  const { report } = simulate(parseScenario(text, 'inline.yaml'));
  return report.trace.map(
    (e) =>
      `${formatDuration(e.at)} ${e.actor} ${e.event} → ${e.state}${e.step ? ` [${e.step}]` : ''}`,
  );
}

describe('simulate', () => {
  it('should give byte-identical reports for the same scenario and seed', () => {
    const scenario = parseScenario(cluster, 'cluster.yaml');
    const first = JSON.stringify(simulate(scenario).report);
    const second = JSON.stringify(simulate(parseScenario(cluster, 'cluster.yaml')).report);
    expect(second).toBe(first);
    expect(simulate(scenario, { seed: 9 }).report.seed).toBe(9);
  });

  it('should give the monitors host and procedure states of one shape, from the start on', () => {
    // Same keys in the same order: objects V8 does not have to tell apart on every transition.
    const hostShapes = new Set<string>();
    const procedureShapes = new Set<string>();
    let observations = 0;
    simulate(parseScenario(cluster, 'cluster.yaml'), {
      sinks: [
        {
          start(world) {
            for (const host of world.hosts.values()) hostShapes.add(Object.keys(host).join());
            procedureShapes.add(Object.keys(world.procedure).join());
          },
          send(observation) {
            observations++;
            if (observation.after) hostShapes.add(Object.keys(observation.after).join());
            procedureShapes.add(Object.keys(observation.world.procedure).join());
          },
        },
      ],
    });
    expect(observations).toBeGreaterThan(10);
    expect([...hostShapes]).toHaveLength(1);
    expect([...procedureShapes]).toHaveLength(1);
  });

  it('should record every transition of every actor in causal order', () => {
    expect(traceOf(standalone)).toMatchInlineSnapshot(`
      [
        "0s server xstate.init → lifecycle.online, services.running",
        "0s procedure xstate.init → ready [1 backup server]",
        "0s procedure procedure.start → running.timed [1 backup server]",
        "15m procedure xstate.after.stepTime → running.timed [2 announce]",
        "15m procedure xstate.after.stepTime → running.timed [3 precheck server]",
        "25m procedure xstate.after.stepTime → running.onHost [4 stop-services server]",
        "25m server services.stop → lifecycle.online, services.stopping",
        "27m server xstate.after.stopServices → lifecycle.online, services.stopped",
        "27m procedure step.done → running.onHost [5 install server]",
        "27m server install.start → lifecycle.installing, services.stopped",
        "47m server xstate.after.install → lifecycle.installed, services.stopped",
        "47m procedure step.done → running.onHost [6 reboot server]",
        "47m server reboot.start → lifecycle.rebooting, services.stopped",
        "52m server xstate.after.reboot → lifecycle.booted, services.stopped",
        "52m procedure step.done → running.onHost [7 start-services server]",
        "52m server services.start → lifecycle.booted, services.running",
        "52m procedure step.done → running.timed [8 check-services]",
        "53m procedure xstate.after.stepTime → running.timed [9 wait]",
        "58m procedure xstate.after.stepTime → running.onHost [10 verify server]",
        "58m server verify.start → lifecycle.verifying, services.running",
        "1h3m server xstate.after.verify → lifecycle.online, services.running",
        "1h3m procedure step.done → settling",
        "1h3m procedure xstate.after.settle → completed",
      ]
    `);
  });

  it('should derive outcome, path, failovers, downtime and final hosts from the run', () => {
    const { report } = simulate(parseScenario(cluster, 'cluster.yaml'));
    expect(report.outcome).toBe('completed');
    expect(report.path).toEqual(['3.3.1', '4.8.2', '5.2.1']);
    expect(report.failovers).toBe(3);
    const downtime = Object.fromEntries(
      report.workloads.map((w) => [w.name, [formatDuration(w.downtime), w.outages]]),
    );
    expect(downtime).toEqual({ 'vps-db': ['45m', 3], 'vps-web': ['15m', 3] });
    expect(report.hosts.map((h) => `${h.name}:${h.role}:${h.version}:${h.state}`)).toEqual([
      'backup:backup:5.2.1:online',
      'storage-1:secondary:5.2.1:online',
      'storage-2:primary:5.2.1:online',
      'processing-1:processing:5.2.1:online',
      'processing-2:processing:5.2.1:online',
      'processing-3:processing:5.2.1:online',
    ]);
    expect(
      report.steps.every(
        (s) => s.status === 'done' && s.end !== undefined && s.start !== undefined,
      ),
    ).toBe(true);
  });

  it('should stop a run that cannot go on as stuck, with the reason', () => {
    const text = `
name: crashed for good
system: serverware
topology: mirror
version: { from: 4.5.0 }
faults:
  - fault: host-crash
    target: secondary
    when: { step: install, host: secondary }
    duration: 90d
plan: [precheck, { upgrade: storage-2 }, failover]
`;
    const { report } = simulate(parseScenario(text, 'stuck.yaml'));
    expect(report.outcome).toBe('stuck');
    expect(report.reason).toMatch(/storage-2, which is down/);
    expect(report.invariants.find((i) => i.id === 'settles')?.holds).toBe(false);
  });
});

describe('the bound of virtual time', () => {
  it('should name the bound, not a blocked step, when a run goes past it', () => {
    const { report } = simulate(
      parseScenario(
        `name: a Secondary down for 40 days, in a plan written by hand
system: serverware
topology: mirror
version: { from: 4.5.0 }
faults:
  - fault: host-crash
    target: secondary
    duration: 40d
    when: { at: 1m }
plan: [precheck, { upgrade: storage-2 }]
`,
        'long.yaml',
      ),
    );
    const reason =
      'the run reached its bound of 30d of virtual time; the next event was due at 40d1m; by then install on storage-2 waits for storage-2, which is down';
    expect(report.outcome).toBe('stuck');
    expect(report.reason).toBe(reason);
    const settles = report.invariants.find((invariant) => invariant.id === 'settles');
    expect(settles?.violations.map((violation) => violation.message)).toEqual([
      `The procedure did not settle: it is stuck — ${reason}.`,
    ]);
  });

  it.each([
    [
      'a 40-day install',
      'system: standalone\nversion: { from: 2.1.0, to: 2.2.0 }\ndurations: { install: 40d }',
    ],
    [
      'a 31-day reboot',
      'system: ha-pair\nversion: { from: 9.0.1, to: 9.1.0 }\ndurations: { reboot: 31d }',
    ],
  ])('should let a procedure that is merely long finish: %s', (_name, body) => {
    const { report } = simulate(parseScenario(`name: long\n${body}\n`, 'long.yaml'));
    expect(report.outcome).toBe('completed');
    expect(report.duration).toBeGreaterThan(30 * 86_400_000);
  });

  it('should let a run settle whose long reinstalls its own decisions bound', () => {
    // Before: 400 reinstalls chosen against a 2h install that keeps failing ended `stuck` at the
    // 30-day bound, which counted only the planned steps.
    const { report } = simulate(
      parseScenario(
        `name: slow
system: serverware
topology: cluster
version: { from: 4.5.0, to: 5.2.1 }
durations: { install: 2h, reboot: 1h }
faults:
  - { fault: upgrade-failure, target: processing-1, when: { step: install }, times: 1000 }
decisions:
  - { at: install-failed, host: processing-1, choose: reinstall, times: 400 }
`,
        'slow.yaml',
      ),
    );
    expect(report.outcome).toBe('aborted');
    expect(report.decisions.filter((d) => d.chosen === 'reinstall')).toHaveLength(400);
    expect(report.duration).toBeGreaterThan(30 * 86_400_000);
  });

  it('should keep a run of year-long steps exact to the millisecond', () => {
    const body = (durations: string) =>
      `name: long\nsystem: standalone\nversion: { from: 2.4.1, path: [2.5.0, 2.6.3, 3.0.1] }\nservices: [web]\n${durations}`;
    const usual = simulate(parseScenario(body(''), 'usual.yaml')).report;
    const long = simulate(
      parseScenario(body('durations: { install: 365d, reboot: 365d }\n'), 'long.yaml'),
    ).report;
    // Three versions, each one install and one reboot longer by 365 days less their defaults.
    const longer = 3 * (2 * LIMITS.duration - DEFAULT_DURATIONS.install - DEFAULT_DURATIONS.reboot);
    expect(long.outcome).toBe('completed');
    expect(long.duration).toBe(usual.duration + longer);
    expect(long.workloads[0]?.downtime).toBe((usual.workloads[0]?.downtime ?? 0) + longer);
  });

  it('should stop any run at 1,000 years of virtual time, where its times are still exact', () => {
    const waits = Array.from({ length: 3_000 }, () => '  - { wait: 365d }').join('\n');
    const { report } = simulate(
      parseScenario(
        `name: waits\nsystem: standalone\nversion: { from: 2.1.0, to: 2.2.0 }\nplan:\n${waits}\n`,
        'waits.yaml',
      ),
    );
    expect(report.outcome).toBe('stuck');
    expect(report.duration).toBe(LIMITS.runTime);
    expect(report.reason).toMatch(/^the run reached its bound of 365000d of virtual time/);
  });
});

describe('standings', () => {
  it('should give each standing its hosts’ states at that firing, sharing those of the hosts that did not move', () => {
    const scenario = parseScenario(
      readFileSync('scenarios/serverware-cluster-3.2.yaml', 'utf8'),
      'cluster-3.2.yaml',
    );
    const seen: { standing: Standing; fresh: Standing }[] = [];
    simulateWith(scenario, {
      after: (session) => {
        seen.push({ standing: session.standing(), fresh: standingOf(session.checkpoint()) });
      },
    });
    const states = (standing: Standing) =>
      [...standing.children].map(([id, { snapshot }]) => [
        id,
        snapshot.status,
        snapshot.value,
        snapshot.context,
      ]);
    for (const { standing, fresh } of seen) {
      expect(states(standing)).toEqual(states(fresh));
      expect([...standing.timings]).toEqual([...fresh.timings]);
    }
    // A host that did not move since the last firing keeps its entry, one object for both.
    let kept = 0;
    let moved = 0;
    for (const [index, { standing }] of seen.entries()) {
      const last = seen[index - 1]?.standing.children;
      if (!last) continue;
      for (const [id, entry] of standing.children) {
        if (last.get(id) === entry) kept++;
        else moved++;
      }
    }
    expect(kept).toBeGreaterThan(moved);
    expect(moved).toBeGreaterThan(0);
  });
});
