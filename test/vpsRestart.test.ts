import { describe, expect, it } from 'vitest';
import { parseScenario, planProcedure, simulate, type Report } from '../src/sim';
import {
  CLUSTER_CASE as CLUSTER,
  downtimeText,
  runClusterCase as run,
} from './support/clusterCase';

/**
 * A processing host that goes down unplanned has its VPSs started on another processing host by
 * the controller (Bicom, "SERVERware 3: how does the failover work"); the VPSs stay there. The
 * document's NOTE: stopping every VPS before the upgrade is recommended, not mandatory.
 */

function workloads(report: Report): Record<string, string> {
  return Object.fromEntries(report.workloads.map((w) => [w.name, `${w.host} ${downtimeText(w)}`]));
}

describe('a processing host that crashes', () => {
  // One hop: precheck 0–10m, Backup 10m–40m, processing-1 40m–1h10m (restart 1h–1h5m),
  // processing-2 1h10m–1h40m (restart 1h30m–1h35m).
  it.each([
    [
      'its VPSs start on the next processing host after vps-restart, and go down with that host’s own restart',
      'faults: [ { fault: host-crash, target: processing-1, when: { at: 5m }, duration: 30m } ]',
      // vps-1: 5m (crash to restart elsewhere) + 5m (processing-2's restart); before: 30m + 5m.
      { 'vps-db': 'storage-1 30m/2', 'vps-1': 'processing-2 10m/2', 'vps-2': 'processing-2 5m/1' },
    ],
    [
      'vps-restart sets how long the controller takes',
      'durations: { vps-restart: 2m }\nfaults: [ { fault: host-crash, target: processing-1, when: { at: 5m }, duration: 30m } ]',
      { 'vps-db': 'storage-1 30m/2', 'vps-1': 'processing-2 7m/2', 'vps-2': 'processing-2 5m/1' },
    ],
    [
      'a power loss moves them too',
      'faults: [ { fault: power-loss, target: processing-1, when: { at: 5m }, duration: 30m } ]',
      { 'vps-db': 'storage-1 30m/2', 'vps-1': 'processing-2 10m/2', 'vps-2': 'processing-2 5m/1' },
    ],
    [
      'with no other processing host up and out of maintenance they wait for one: processing-2, restarting, takes them once back',
      'faults: [ { fault: host-crash, target: processing-1, when: { step: reboot, host: processing-2 }, duration: 30m } ]',
      // vps-1: its own restart 1h–1h5m, then 1h30m (crash) to 1h35m (processing-2 back up).
      { 'vps-db': 'storage-1 30m/2', 'vps-1': 'processing-2 10m/2', 'vps-2': 'processing-2 5m/1' },
    ],
    [
      'a host back before vps-restart runs its VPSs again itself',
      'faults: [ { fault: host-crash, target: processing-1, when: { at: 5m }, duration: 3m } ]',
      { 'vps-db': 'storage-1 30m/2', 'vps-1': 'processing-1 8m/2', 'vps-2': 'processing-2 5m/1' },
    ],
    [
      'a host carrying moved VPSs that crashes hands all of them on, to the first host that can take them',
      'faults: [ { fault: host-crash, target: processing-1, when: { at: 5m }, duration: 30m }, { fault: host-crash, target: processing-2, when: { at: 50m }, duration: 30m } ]',
      // processing-2 crashes at 50m carrying vps-1 and vps-2; processing-1 (back at 35m, installing
      // from 40m) is under maintenance, so they wait until it is up and out of it: back from its
      // restart at 1h5m. processing-2, back at 1h20m, is upgraded then and moves nothing back.
      { 'vps-db': 'storage-1 30m/2', 'vps-1': 'processing-1 20m/2', 'vps-2': 'processing-1 15m/1' },
    ],
  ])('%s', (_, faults, expected) => {
    expect(workloads(run(faults))).toEqual(expected);
  });

  it('should stay down for the whole crash when the Cluster has no other processing host', () => {
    const report = simulate(
      parseScenario(
        `name: one
system: serverware
topology: cluster
version: { from: 4.5.0 }
hosts: { processing: 1 }
vps: [ { name: vps-1, host: processing-1 } ]
faults: [ { fault: host-crash, target: processing-1, when: { at: 5m }, duration: 30m } ]
`,
        'one.yaml',
      ),
    ).report;
    expect(workloads(report)).toEqual({ 'vps-1': 'processing-1 35m/2' });
  });
});

describe('policy stop-vps', () => {
  it.each(['mirror', 'cluster'])(
    'should stop every VPS after the precheck and start them last: each is down the whole window (%s)',
    (topology) => {
      const text = `name: stop
system: serverware
topology: ${topology}
version: { from: 4.5.0 }
vps: 3
policy: { stop-vps: true }
`;
      const scenario = parseScenario(text, 'stop.yaml');
      const plan = planProcedure(scenario);
      expect(plan.map((step) => step.action).slice(0, 2)).toEqual(['precheck', 'stop-vps']);
      expect(plan[plan.length - 1]?.action).toBe('start-vps');
      for (const step of plan.filter((s) => s.action.endsWith('-vps'))) {
        expect(step.source.kind).toBe('document');
        expect(step.source.ref).toMatch(/NOTE/);
      }
      const report = simulate(scenario).report;
      const stop = report.steps.find((step) => step.action === 'stop-vps');
      const start = report.steps.find((step) => step.action === 'start-vps');
      const window = (start?.end ?? 0) - (stop?.start ?? 0);
      expect(stop?.start).toBe(10 * 60_000);
      expect(start?.end).toBe(report.duration);
      for (const workload of report.workloads) {
        expect([workload.name, workload.downtime, workload.outages]).toEqual([
          workload.name,
          window,
          1,
        ]);
      }
    },
  );

  it('should leave the VPSs running by default: the note says the step is not mandatory', () => {
    const scenario = parseScenario(`${CLUSTER}`, 'default.yaml');
    expect(planProcedure(scenario).some((step) => step.action.endsWith('-vps'))).toBe(false);
  });

  it('should start the VPSs again when a failure ends the procedure early', () => {
    const report = run(
      'policy: { stop-vps: true }\nfaults: [ { fault: upgrade-failure, target: processing-1, times: 2, when: { step: install } } ]',
    );
    expect(report.outcome).toBe('aborted');
    const last = report.steps.filter((step) => step.status === 'done').pop();
    expect(last?.action).toBe('start-vps');
    expect(last?.recovery).toBe(true);
    const stop = report.steps.find((step) => step.action === 'stop-vps');
    for (const workload of report.workloads) {
      expect(workload.downtime).toBe(report.duration - (stop?.start ?? 0));
    }
  });

  it('should run stop-vps and start-vps as written in a hand-written plan', () => {
    const report = run(
      'plan:\n  - precheck\n  - stop-vps\n  - upgrade: processing-1\n  - start-vps\n',
    );
    expect(report.steps.map((step) => `${step.action}:${step.status}`)).toEqual([
      'precheck:done',
      'stop-vps:done',
      'install:done',
      'reboot:done',
      'verify:done',
      'start-vps:done',
    ]);
    for (const workload of report.workloads)
      expect(workload.downtime).toBe(report.duration - 10 * 60_000);
  });
});
