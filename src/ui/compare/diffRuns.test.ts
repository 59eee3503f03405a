import { describe, expect, it } from 'vitest';
import { parseScenario, simulate } from '../../sim';
import { diffRuns } from './diffRuns';

const PAIR =
  'system: ha-pair\nversion: { from: 9.0.1, to: 9.1.0 }\npolicy: { preemption: enabled }\n';
const auto = simulate(parseScenario(`name: auto\n${PAIR}`, 'auto.yaml'));
const forgetful = simulate(
  parseScenario(
    `name: forgets\n${PAIR}plan: [sync-config, check-sync, { backup: all }, { upgrade: device-b }, switchover, { upgrade: device-a }, switchover]\n`,
    'forgets.yaml',
  ),
);
const failing = simulate(
  parseScenario(
    `name: failing\n${PAIR}faults: [{ fault: upgrade-failure, target: device-b }]\n`,
    'failing.yaml',
  ),
);

describe('diffRuns', () => {
  it('should find no difference between a run and itself', () => {
    const diff = diffRuns(auto, auto);
    expect(diff.differs.size).toBe(0);
    expect(diff.workloads.filter((w) => w.differs)).toEqual([]);
    expect(diff.invariants.filter((i) => i.differs)).toEqual([]);
    expect(diff.steps.every((s) => s.change === 'same')).toBe(true);
    expect(diff.steps).toHaveLength(auto.report.steps.length);
  });

  it('should compare the headline figures', () => {
    const diff = diffRuns(auto, forgetful);
    expect(diff.left.scenario).toBe('auto');
    expect(diff.right.scenario).toBe('forgets');
    expect(diff.right.downtime).toEqual(forgetful.report.downtime);
    const [a, b] = [auto.report, forgetful.report];
    const expected = Object.entries({
      outcome: a.outcome !== b.outcome,
      path: a.path.join() !== b.path.join(),
      failovers: a.failovers !== b.failovers,
      duration: a.duration !== b.duration,
      downtimeTotal: a.downtime.total !== b.downtime.total,
      downtimeMax: a.downtime.max !== b.downtime.max,
      steps: a.steps.length !== b.steps.length,
    }).flatMap(([field, differs]) => (differs ? [field] : []));
    expect([...diff.differs].sort()).toEqual(expected.sort());
    expect(diff.differs.has('downtimeTotal')).toBe(true);
  });

  it("should give each workload's downtime on both sides and the difference", () => {
    const diff = diffRuns(auto, forgetful);
    expect(diff.workloads.map((w) => w.name)).toEqual(auto.report.workloads.map((w) => w.name));
    for (const w of diff.workloads) {
      const left = auto.report.workloads.find((x) => x.name === w.name)?.downtime;
      const right = forgetful.report.workloads.find((x) => x.name === w.name)?.downtime;
      expect(w).toMatchObject({
        left,
        right,
        delta: (right ?? 0) - (left ?? 0),
        differs: left !== right,
      });
    }
  });

  it('should tell which invariants hold on one side only, with the first violation', () => {
    const diff = diffRuns(auto, forgetful);
    const changed = diff.invariants.filter((i) => i.differs);
    expect(changed.map((i) => i.id)).toEqual(
      forgetful.report.invariants.filter((i) => !i.holds).map((i) => i.id),
    );
    const preemption = diff.invariants.find((i) => i.id === 'preemption-off-during-upgrade');
    expect(preemption?.left).toEqual({ holds: true, violations: 0, causes: [] });
    expect(preemption?.right?.holds).toBe(false);
    expect(preemption?.right?.causes).toEqual(['procedure']);
    expect(preemption?.right?.first).toMatch(/preemption was still enabled/);
  });

  it('should tell an invariant broken by a fault from the same one broken by the procedure', () => {
    const HA = 'system: ha-pair\nversion: { from: 9.0.1, to: 9.1.0 }\n';
    const crash = simulate(
      parseScenario(
        `name: crash\n${HA}faults: [{ fault: host-crash, target: active, when: { step: install, host: standby }, duration: 10m }]\n`,
        'crash.yaml',
      ),
    );
    const both = simulate(
      parseScenario(
        `name: both\n${HA}plan: [sync-config, check-sync, { backup: all }, { install: device-b }, { install: device-a }]\n`,
        'both.yaml',
      ),
    );
    const pair = diffRuns(crash, both).invariants.find((i) => i.id === 'one-member-down-at-a-time');
    expect(pair?.left).toMatchObject({ holds: false, causes: ['fault'] });
    expect(pair?.right).toMatchObject({ holds: false, causes: ['procedure'] });
    expect(pair?.differs).toBe(true);
  });

  it('should align the step sequences, keeping each side in order', () => {
    for (const [left, right] of [
      [auto, forgetful],
      [forgetful, auto],
      [auto, failing],
    ] as const) {
      const diff = diffRuns(left, right);
      expect(diff.steps.flatMap((s) => (s.left ? [s.left.seq] : []))).toEqual(
        left.report.steps.map((s) => s.seq),
      );
      expect(diff.steps.flatMap((s) => (s.right ? [s.right.seq] : []))).toEqual(
        right.report.steps.map((s) => s.seq),
      );
      for (const line of diff.steps) {
        if (line.change === 'same') expect(line.left?.label).toBe(line.right?.label);
        if (line.change === 'changed')
          expect(line.left?.label.split(' ')[0]).toBe(line.right?.label.split(' ')[0]);
      }
    }
    const lines = diffRuns(auto, forgetful).steps;
    expect(lines.filter((s) => s.change === 'left-only').map((s) => s.left?.label)).toContain(
      'preemption-off',
    );
    expect(lines.filter((s) => s.change === 'same').map((s) => s.left?.label)).toContain(
      'install device-b → 9.1.0',
    );
  });

  it('should mark a step that ran on both sides but ended differently', () => {
    const lines = diffRuns(auto, failing).steps;
    const install = lines.find((s) => s.left?.label === 'install device-b → 9.1.0');
    expect(install).toMatchObject({
      change: 'changed',
      left: { status: 'done' },
      right: { status: 'failed' },
    });
    const recovery = lines
      .filter((s) => s.change === 'right-only' && s.right?.recovery)
      .map((s) => s.right?.label);
    expect(recovery).toContain('rollback device-b → 9.0.1');
  });
});
