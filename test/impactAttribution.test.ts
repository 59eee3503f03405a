/**
 * The impact report counts each outage under what began it: a step row lists only the
 * workloads that step took down, a fault's outages are listed under the fault, and every outage
 * of the run is listed exactly once. Checked against the downtime table's own words for each
 * outage's cause (`step 17: failover`, `host-crash on px-2, at step 17: failover`), over every
 * scenario under `scenarios/` and over live faults struck in the middle of every step.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { downtimeRows, parseScenario, runImpact, simulate, type Run } from '../src/sim';
import { scenarioFiles, scenarioPath } from './support/scenarioFiles';

/** What the downtime table says began an outage, read from its words alone. */
function causeOf(text: string): { step: number } | { fault: string } {
  const step = /^step (\d+): /.exec(text);
  if (step) return { step: Number(step[1]) };
  const at = text.indexOf(', at step ');
  return { fault: at < 0 ? text : text.slice(0, at) };
}

/**
 * Checks a run's impact against its downtime table; returns the step rows and fault rows that
 * list workloads, in words, for the assertions of a single case.
 */
function checkImpact(run: Run): string[] {
  const impact = runImpact(run);
  const rows = downtimeRows(run);
  const { report } = run;
  const steps = new Map(impact.steps.map((step) => [step.seq, step]));
  const faults = new Map(impact.faults.map((fault) => [`${fault.fault}@${fault.at}`, fault]));
  // Each row's downtime per member, summed from the outages that row is responsible for.
  const owed = new Map<object, Map<string, number>>();
  let total = 0;
  for (const row of rows) {
    for (const outage of row.outages) {
      const cause = causeOf(outage.cause);
      const length = outage.end - outage.start;
      total += length;
      const owner =
        'step' in cause ? steps.get(cause.step) : faults.get(`${cause.fault}@${outage.start}`);
      // Listed where its cause is: under the step that began it, or under the fault.
      expect(owner, `${row.workload} ${outage.cause}`).toBeDefined();
      if (!owner) continue;
      expect(owner.members, `${row.workload} ${outage.cause}`).toContain(row.workload);
      if ('step' in cause && 'start' in owner) {
        // A step begins an outage once it has started (or after it ended: a preemption it
        // re-enabled strikes after the preemption delay).
        expect(outage.start).toBeGreaterThanOrEqual(owner.start);
      }
      const each = owed.get(owner) ?? new Map<string, number>();
      each.set(row.workload, (each.get(row.workload) ?? 0) + length);
      owed.set(owner, each);
    }
  }
  expect(total).toBe(report.downtime.total);
  // No row lists a workload it did not take down, and each says the longest it cost one.
  let listed = 0;
  const said: string[] = [];
  for (const owner of [...impact.steps, ...impact.faults]) {
    const each = owed.get(owner) ?? new Map<string, number>();
    const name = 'seq' in owner ? `step ${owner.seq} ${owner.action}` : `${owner.fault} (fault)`;
    expect(owner.members, name).toEqual(rows.map((r) => r.workload).filter((w) => each.has(w)));
    expect(owner.affected, name).toBe(owner.members.length);
    expect(owner.downtime, name).toBe(Math.max(0, ...each.values()));
    for (const length of each.values()) listed += length;
    if (owner.affected > 0)
      said.push(`${name}: ${owner.affected} down ${owner.downtime / 60_000}m`);
  }
  expect(listed).toBe(report.downtime.total);
  return said;
}

function runOf(text: string, file: string): Run {
  return simulate(parseScenario(text, file));
}

/** The reviewer's customer Cluster: a Backup, a storage pair, three processing hosts, 30 VPSs. */
const CUSTOMER = `name: Customer cluster, 6 hosts, 30 VPSs
system: serverware
topology: cluster
version: { from: 4.5.0 }
hosts:
  backup: bk-1
  storage: [st-a, st-b]
  processing: [px-1, px-2, px-3]
vps: 30
durations: { failover: 15m, reboot: 5m, install: 20m }
`;

describe('the impact report counts each outage under its cause', () => {
  it.each(scenarioFiles())('%s', (file) => {
    checkImpact(runOf(readFileSync(scenarioPath(file), 'utf8'), file));
  });

  it('should list a processing host crash during a Cluster failover under the crash, not the failover', () => {
    // px-2 crashes 1m49s into the first storage failover (2:40:00–2:55:00): its 10 VPSs are
    // restarted on px-1 after the 5m `vps-restart`; the failover itself takes no processing
    // host's VPS down (the document: "15 min for VPSs on the Primary only").
    const run = runOf(
      `${CUSTOMER}faults:\n  - { fault: host-crash, target: px-2, when: { at: 2h41m49s } }\n`,
      'customer.yaml',
    );
    const impact = runImpact(run);
    const failover = impact.steps.find((step) => step.seq === 17);
    expect(failover?.action).toBe('failover');
    expect(failover?.affected).toBe(0);
    const onPx2 = run.report.workloads.filter((w) => w.placed === 'px-2').map((w) => w.name);
    expect(onPx2).toHaveLength(10);
    expect(impact.faults).toEqual([
      {
        fault: 'host-crash on px-2',
        at: (2 * 3600 + 41 * 60 + 49) * 1000,
        step: 17,
        affected: 10,
        examples: onPx2.slice(0, 3),
        members: onPx2,
        downtime: 5 * 60_000,
      },
    ]);
    expect(checkImpact(run)).toEqual([
      'step 6 reboot: 10 down 5m',
      'step 9 reboot: 10 down 5m',
      'step 12 reboot: 10 down 5m',
      'host-crash on px-2 (fault): 10 down 5m',
    ]);
  });
});

/** One small scenario per system and topology, to strike live faults into. */
const BASES = {
  cluster: `name: Cluster
system: serverware
topology: cluster
version: { from: 4.5.0 }
hosts: { processing: 2 }
vps: [{ name: vps-db, host: primary }, { name: vps-1, host: processing-1 }, { name: vps-2, host: processing-2 }]
`,
  mirror: `name: Mirror
system: serverware
topology: mirror
version: { from: 4.1.0 }
vps: 2
`,
  'ha-pair': `name: HA pair
system: ha-pair
version: { from: 9.0.2, to: 9.1.0 }
`,
  standalone: `name: Standalone
system: standalone
version: { from: 2.4.1, to: 2.5.0 }
`,
};

describe('faults struck in the middle of every step', () => {
  /** A scenario's hosts and the midpoint of each of its steps, from its fault-free run. */
  const cases = Object.entries(BASES).flatMap(([base, text]) => {
    const quiet = runOf(text, `${base}.yaml`);
    const middles = quiet.report.steps
      .filter((step) => step.start !== undefined && step.end !== undefined)
      .map((step) => [step.seq, Math.floor(((step.start ?? 0) + (step.end ?? 0)) / 2)] as const);
    return quiet.scenario.hosts.flatMap((host) =>
      (['host-crash', 'power-loss'] as const).map((fault) => ({
        base,
        text,
        host,
        fault,
        middles,
      })),
    );
  });

  it.each(cases)('$base: $fault on $host.name', ({ text, host, fault, middles }) => {
    let struck = 0;
    for (const [seq, at] of middles) {
      const run = runOf(
        `${text}faults:\n  - { fault: ${fault}, target: ${host.name}, when: { at: ${at}ms } }\n`,
        `step-${seq}.yaml`,
      );
      const said = checkImpact(run);
      if (said.some((line) => line.includes('(fault)'))) struck++;
    }
    // The sweep means something only if some of these faults took a workload down.
    if (host.kind !== 'backup') expect(struck).toBeGreaterThan(0);
  });
});
