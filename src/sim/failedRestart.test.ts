import { describe, expect, it } from 'vitest';
import { downtimeText, runClusterCase } from '../../test/support/clusterCase';
import { parseScenario, type Report } from './index';
import { scenarioToYaml } from './scenario/serialize';

/**
 * `policy.failed-restart`: what becomes of the VPSs of a processing host whose restart into the
 * new version fails. The document says only that a processing host's reboot takes down the VPSs
 * left on it; Bicom documents the controller starting elsewhere the VPSs of a host that becomes
 * unavailable. `wait` (default, Rehearse's assumption): they stay down with the host until it is
 * reinstalled and back. `move`: the controller starts them on another processing host after
 * `vps-restart`, as after a crash.
 */
const BOOT_FAILURE = `faults: [ { fault: boot-failure, target: processing-1, when: { step: reboot } } ]\n`;

function workload(report: Report, name: string) {
  const found = report.workloads.find((w) => w.name === name);
  if (!found) throw new Error(`no workload ${name}`);
  return found;
}

describe('policy.failed-restart', () => {
  it('wait (the default): the VPS waits for its host through the failed restart, the reinstall and the restart, 5m + 20m + 5m, and stays on it', () => {
    const report = runClusterCase(BOOT_FAILURE);
    expect(report.outcome).toBe('completed');
    expect(downtimeText(workload(report, 'vps-1'))).toBe('30m/1');
    expect(workload(report, 'vps-1').host).toBe('processing-1');
    expect(runClusterCase(`${BOOT_FAILURE}policy: { failed-restart: wait }\n`)).toEqual(report);
  });

  it('move: the controller starts the VPS on processing-2 five minutes (vps-restart) after the failed restart; it stays there and goes down with processing-2’s own restart', () => {
    const report = runClusterCase(`${BOOT_FAILURE}policy: { failed-restart: move }\n`);
    expect(report.outcome).toBe('completed');
    // 5m failed restart + 5m vps-restart, then 5m with processing-2's restart.
    expect(downtimeText(workload(report, 'vps-1'))).toBe('15m/2');
    expect(workload(report, 'vps-1').host).toBe('processing-2');
    expect(downtimeText(workload(report, 'vps-2'))).toBe('5m/1');
    const moved = report.trace.filter(
      (entry) => entry.actor === 'processing-1' && entry.state.includes('movedAway'),
    );
    expect(moved.length).toBeGreaterThan(0);
    // A restart that succeeds moves nothing, with either setting.
    const plain = runClusterCase('policy: { failed-restart: move }\n');
    expect(workload(plain, 'vps-1').host).toBe('processing-1');
    expect(downtimeText(workload(plain, 'vps-1'))).toBe('5m/1');
  });

  it('move: back before vps-restart, the host runs its VPSs again itself', () => {
    const report = runClusterCase(
      `${BOOT_FAILURE}policy: { failed-restart: move }\ndurations: { vps-restart: 2h }\n`,
    );
    expect(workload(report, 'vps-1').host).toBe('processing-1');
    expect(downtimeText(workload(report, 'vps-1'))).toBe('30m/1');
  });

  it('is kept when a scenario is written back, and refused with the legal values or on another system', () => {
    const text = `name: x\nsystem: serverware\ntopology: cluster\nversion: { from: 4.5.0 }\nvps: 2\npolicy: { failed-restart: move }\n`;
    const scenario = parseScenario(text, 'x.yaml');
    expect(scenario.policy.failedRestart).toBe('move');
    expect(parseScenario(scenarioToYaml(scenario), 'x.yaml').policy.failedRestart).toBe('move');
    expect(() => parseScenario(text.replace('move', 'later'), 'x.yaml')).toThrow(
      /policy\.failed-restart.*(wait.*move|move.*wait)/s,
    );
    expect(() =>
      parseScenario(
        'name: x\nsystem: ha-pair\nversion: { from: 1.0.0, to: 1.1.0 }\npolicy: { failed-restart: move }\n',
        'x.yaml',
      ),
    ).toThrow(/failed-restart/);
  });
});
