import { describe, expect, it } from 'vitest';
import { parseScenario, simulate } from '../../src/sim';
import {
  buildRunView,
  cursorAtTime,
  divergence,
  groupsDownAt,
  hostAt,
  lastAtOrBefore,
  stepStatusesAt,
} from '../../src/ui/state/runView';
import { announcements } from '../../src/ui/state/announcements';
import { FIXTURES, fixtureText } from './harness';

const runOf = (name: (typeof FIXTURES)[number]) => simulate(parseScenario(fixtureText(name), name));

describe('lastAtOrBefore', () => {
  it.each([
    [[], 5, -1],
    [[1, 3, 3, 7], 0, -1],
    [[1, 3, 3, 7], 3, 2],
    [[1, 3, 3, 7], 6, 2],
    [[1, 3, 3, 7], 9, 3],
  ])('should find in %j the last index ≤ %d: %d', (sorted, value, index) => {
    expect(lastAtOrBefore(sorted, value)).toBe(index);
  });
});

describe('buildRunView', () => {
  it.each(FIXTURES)(
    'should give every host the state of its last transition up to the cursor (%s)',
    (name) => {
      const run = runOf(name);
      const view = buildRunView(run);
      run.report.trace.forEach((_, cursor) => {
        for (const host of run.report.hosts) {
          let expected = run.frames.find((frame) => frame.host?.name === host.name)?.host;
          for (let index = 0; index <= cursor; index++) {
            const frame = run.frames[index];
            if (frame?.host?.name === host.name) expected = frame.host;
          }
          expect(hostAt(view, host.name, cursor)).toBe(expected);
        }
      });
    },
  );

  it.each(FIXTURES)(
    'should agree with the outages between instants and end on the final statuses (%s)',
    (name) => {
      const run = runOf(name);
      const view = buildRunView(run);
      const last = run.report.trace.length - 1;
      // After the last transition of every instant, the workloads are down exactly within an outage
      // (the end is left to the next test: an outage the run ends in is closed at the end time).
      run.report.trace.forEach((entry, cursor) => {
        if (cursor === last || run.report.trace[cursor + 1]?.at === entry.at) return;
        const expected = run.groups.map((group) =>
          group.outages.some(([start, end]) => start <= entry.at && entry.at < end),
        );
        expect(groupsDownAt(view, cursor, entry.at)).toEqual(expected);
      });
      expect(stepStatusesAt(view, last)).toEqual(run.report.steps.map((step) => step.status));
      expect(cursorAtTime(view, run.report.duration)).toBe(last);
    },
  );

  it('should take services down at the transition that ends the active role, not before', () => {
    const run = runOf('ha-pair.yaml');
    const view = buildRunView(run);
    const trace = run.report.trace;
    const start = trace.findIndex((entry) => entry.state === 'running.switchingOver');
    const demoted = trace.findIndex(
      (entry, index) => index > start && entry.event === 'role.standby',
    );
    const at = trace[start]?.at ?? 0;
    expect(trace[demoted]?.at).toBe(at);
    expect(groupsDownAt(view, start, at).every((down) => !down)).toBe(true);
    expect(groupsDownAt(view, demoted, at).every((down) => down)).toBe(true);
  });

  it('should keep workloads down at the end of a run that ended with their host down', () => {
    const run = runOf('stuck.yaml');
    expect(run.report.outcome).toBe('stuck');
    const view = buildRunView(run);
    const last = run.report.trace.length - 1;
    const index = run.groups.findIndex((group) => group.key === 'processing-2');
    expect(run.groups[index]?.outages.at(-1)?.[1]).toBe(run.report.duration);
    expect(groupsDownAt(view, last, run.report.duration)[index]).toBe(true);
  });

  it('should find where two runs part', () => {
    const run = runOf('ha-pair.yaml');
    expect(divergence(run, run)).toBe(-1);
    const scenario = parseScenario(fixtureText('ha-pair.yaml'), 'ha-pair.yaml');
    const faulty = simulate({
      ...scenario,
      faults: [
        { index: 0, fault: 'host-crash', target: 'standby', when: { at: 3_600_000 }, times: 1 },
      ],
    });
    const at = divergence(run, faulty);
    expect(run.report.trace.slice(0, at)).toEqual(faulty.report.trace.slice(0, at));
    expect(faulty.report.trace[at]?.at).toBeGreaterThanOrEqual(3_600_000);
  });
});

describe('the timeline markers of role changes outside a planned switchover', () => {
  const roleChanges = (text: string) =>
    buildRunView(simulate(parseScenario(text, 'roles.yaml')))
      .markers.filter((marker) => marker.kind === 'failover')
      .map((marker) => marker.label)
      // The planned ones are marked by their step's name.
      .filter((label) => label !== 'switchover');
  const HA = `
name: HA
system: ha-pair
version: { from: 9.0.1, to: 9.1.0 }
`;

  it('should call the preferred device taking the active role back a preemption, not an unplanned takeover', () => {
    // Before: both preemptions (after the crash, and the documented one once step 10 enables
    // preemption again) read "unplanned takeover by device-a", in the marker and its
    // announcement: a class learned the configured preemption as a failure.
    const text = `${HA}policy: { preemption: enabled }
faults: [ { fault: host-crash, target: device-a, when: { at: 3m }, duration: 5m } ]
`;
    expect(roleChanges(text)).toEqual([
      'preemption: device-a takes the active role back',
      'preemption: device-a takes the active role back',
    ]);
  });

  it('should still call a takeover after the active device crashes unplanned', () => {
    const text = `${HA}faults: [ { fault: host-crash, target: active, when: { at: 1m }, duration: 10m } ]
`;
    expect(roleChanges(text)).toEqual(['unplanned takeover by device-b']);
  });
});

describe('the timeline markers of faults', () => {
  const labels = (text: string) =>
    buildRunView(simulate(parseScenario(text, 'markers.yaml')))
      .markers.filter((marker) => marker.kind === 'fault')
      .map((marker) => marker.label);
  const HA = `
name: HA
system: ha-pair
version: { from: 9.0.2, to: 9.1.0 }
`;

  it('should name the step that failed, not the rollback put in its place', () => {
    const text = `${HA}faults:\n  - { fault: upgrade-failure, target: device-b, when: { step: install } }\n`;
    const { steps } = simulate(parseScenario(text, 'failed.yaml')).report;
    const install = steps.findIndex((step) => step.status === 'failed');
    expect(steps[install]?.action).toBe('install');
    // Right after it, the rollback the failure put in the plan: what the cursor then stood at.
    expect(steps[install + 1]?.action).toBe('rollback');
    expect(labels(text)).toEqual([`step failed: ${install + 1} install device-b`]);
  });

  it('should mark an operators’ step that fails when its time is up (a session check, a sync check)', () => {
    // These fail with no event of their own: before, a session loss at step 6's comparison left
    // no marker where it struck, and "next event" went past it.
    for (const fault of [
      '{ fault: session-loss, when: { step: verify }, sessions: 1 }',
      '{ fault: sync-failure, when: { step: sync, hop: 1 } }',
    ]) {
      const text = `${HA}services: 2\nfaults:\n  - ${fault}\n`;
      const { steps } = simulate(parseScenario(text, 'failed.yaml')).report;
      const failed = steps.findIndex((step) => step.status === 'failed');
      const step = steps[failed];
      expect(step, fault).toBeDefined();
      const view = buildRunView(simulate(parseScenario(text, 'markers.yaml')));
      const marker = view.markers.find(
        (m) => m.label === `step failed: ${failed + 1} ${step?.action}`,
      );
      expect(marker?.at, fault).toBe(step?.end);
    }
  });

  it('should name each fault in words, and say when one only armed itself for a step', () => {
    const found = labels(`${HA}faults:
  - { fault: host-crash, target: device-a, when: { at: 1h }, duration: 10m }
  - { fault: upgrade-failure, target: device-b, when: { at: 30m } }
  - { fault: backup-failure, when: { at: 1h10m } }
`);
    // One fault, one marker: the injection and the crash of its host are said once.
    expect(found).toContain('host crash on device-a');
    expect(found.filter((label) => label.includes('host crash'))).toHaveLength(1);
    expect(found).toContain('upgrade failure on device-b: armed for the next step it acts on');
    // Aimed at a role, it names the host that held it, which the step it waits for strikes.
    expect(
      labels(`${HA}faults:\n  - { fault: upgrade-failure, target: standby, when: { at: 30m } }\n`),
    ).toContainEqual(
      expect.stringMatching(/^upgrade failure on standby \(device-[ab]\): armed for the next step/),
    );
    expect(found).toContain('backup failure: armed for the next step it acts on, and none came');
    expect(found.join(' ')).not.toMatch(/host\.crash|fault injected/);
  });

  it('should mark, announce and trace a slow switchover once, where it takes effect', () => {
    const text = `${HA}faults:\n  - { fault: failover-timeout, duration: 40m }\n`;
    const run = simulate(parseScenario(text, 'slow.yaml'));
    const switchover = run.report.steps.find((step) => step.action === 'switchover');
    expect(switchover?.end).toBe((switchover?.start ?? 0) + 40 * 60_000);
    const view = buildRunView(run);
    const faults = view.markers.filter((marker) => marker.kind === 'fault');
    expect(faults).toEqual([
      expect.objectContaining({
        at: switchover?.start,
        label: `failover timeout: the switchover on ${switchover?.host ?? '?'} takes 40m`,
      }),
    ]);
    // The trace names the fault at the entry where the switchover starts, slowed.
    const entry = run.report.trace[faults[0]?.seq ?? -1];
    expect(entry).toMatchObject({ actor: 'procedure', event: 'fault.inject' });
    expect(entry?.state).toBe('running.switchingOver');
    expect(announcements(run, view.markers).filter((item) => item.kind === 'fault')).toMatchObject([
      { at: switchover?.start, text: faults[0]?.label },
    ]);
  });

  it('should mark a slow failover injected at a time twice: armed, then where it takes effect', () => {
    const text = `${HA}faults:\n  - { fault: failover-timeout, when: { at: 30m }, duration: 40m }\n`;
    const run = simulate(parseScenario(text, 'slow.yaml'));
    const switchover = run.report.steps.find(
      (step) => step.action === 'switchover' && (step.start ?? 0) > 30 * 60_000,
    );
    const faults = buildRunView(run).markers.filter((marker) => marker.kind === 'fault');
    expect(faults.map(({ at, label }) => ({ at, label }))).toEqual([
      { at: 30 * 60_000, label: 'failover timeout: armed for the next step it acts on' },
      {
        at: switchover?.start,
        label: `failover timeout: the switchover on ${switchover?.host ?? '?'} takes 40m`,
      },
    ]);
  });

  it('should mark a session loss across a switchover where it takes effect', () => {
    const run = simulate(parseScenario(`${HA}faults:\n  - { fault: session-loss }\n`, 'lost.yaml'));
    const switchover = run.report.steps.find((step) => step.action === 'switchover');
    const faults = buildRunView(run).markers.filter((marker) => marker.kind === 'fault');
    expect(faults.map(({ at, label }) => ({ at, label }))).toEqual([
      {
        at: switchover?.start,
        label: `session loss: sessions lost across the switchover on ${switchover?.host ?? '?'}`,
      },
    ]);
  });

  it('should put a fault that takes a host down where its host is down: a jump or a click on it shows the host struck', () => {
    // Before: the marker sat at the procedure's note of the injection, a transition before the
    // host's own; a jump to it showed the Primary still failing over.
    for (const [target, at] of [
      ['standby', '1h'],
      ['active', '1h'],
      ['device-b', '30m'],
    ] as const) {
      for (const fault of ['host-crash'] as const) {
        const text = `${HA}faults:\n  - { fault: ${fault}, target: ${target}, when: { at: ${at} }, duration: 10m }\n`;
        const view = buildRunView(simulate(parseScenario(text, 'struck.yaml')));
        const marker = view.markers.find((m) => m.kind === 'fault');
        const host = /\((device-[ab])\)$/.exec(marker?.label ?? '')?.[1] ?? target;
        const where = `${fault} on ${target} at ${at}: ${marker?.label}`;
        expect(marker, where).toBeDefined();
        expect(['down', 'consoleRecovery'], where).toContain(
          hostAt(view, host, marker?.seq ?? -1)?.lifecycle,
        );
      }
    }
  });

  it('should say a fault aimed at a role once, naming the host it struck', () => {
    const found = labels(`${HA}faults:
  - { fault: host-crash, target: standby, when: { at: 1h }, duration: 10m }
`);
    expect(found.filter((label) => label.includes('crash'))).toEqual([
      'host crash on standby (device-b)',
    ]);
  });
});
