import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { downtimeRows, formatAvailability } from './downtimeRows';
import { simulate } from './runner';
import { parseScenario } from './scenario';

const files = [
  ...readdirSync('scenarios')
    .filter((name) => name.endsWith('.yaml'))
    .map((name) => `scenarios/${name}`),
  'scenarios/golden/serverware-cluster-host-crash-primary-hold.yaml',
  'scenarios/golden/ha-pair-host-crash-active-peer-ready.yaml',
  'scenarios/golden/serverware-cluster-power-loss-processing.yaml',
];

function runOf(file: string) {
  return simulate(parseScenario(readFileSync(file, 'utf8'), file));
}

describe('downtimeRows', () => {
  it.each(files)('should add up to the report of %s', (file) => {
    const run = runOf(file);
    const rows = downtimeRows(run);
    expect(rows.map((row) => row.workload)).toEqual(run.report.workloads.map((w) => w.name));
    let total = 0;
    for (const [index, row] of rows.entries()) {
      const workload = run.report.workloads[index];
      expect(row.downtime).toBe(workload?.downtime);
      expect(row.outages).toHaveLength(workload?.outages ?? -1);
      expect(row.outages.reduce((sum, o) => sum + (o.end - o.start), 0)).toBe(row.downtime);
      expect(row.longest).toBeLessThanOrEqual(row.downtime);
      expect(row.longest).toBe(Math.max(0, ...row.outages.map((o) => o.end - o.start)));
      expect(row.availability).toBeCloseTo(100 * (1 - row.downtime / run.report.duration), 9);
      for (const outage of row.outages) {
        expect(outage.cause).not.toBe('');
        expect(outage.end).toBeGreaterThan(outage.start);
      }
      total += row.downtime;
    }
    expect(total).toBe(run.report.downtime.total);
    expect(Math.max(0, ...rows.map((row) => row.downtime))).toBe(run.report.downtime.max);
  });

  it('should name the fault that began an outage, else the step at its start', () => {
    const crash = downtimeRows(runOf(files[files.length - 3] ?? ''));
    const primary = crash.find((row) => row.placed === 'primary');
    expect(primary?.outages[0]?.cause).toMatch(/^host-crash on storage-1, at step 2: /);
    // The crash took the processing hosts' volumes too, until storage-2 took over; the host's
    // own restart is the step's.
    const processing = crash.find((row) => row.placed === 'processing-1');
    expect(processing?.outages[0]?.cause).toMatch(/^host-crash on storage-1, at step 2: /);
    expect(processing?.outages[1]?.cause).toBe('step 6: reboot processing-1');
    // The same causes as data, for the impact report to count each outage under.
    expect(primary?.outages[0]?.origin).toEqual({ step: 2, fault: 'host-crash on storage-1' });
    expect(processing?.outages[1]?.origin).toEqual({ step: 6 });
    // A power loss fails the install's actor: no event of its own, the host's state says it.
    const power = downtimeRows(runOf(files[files.length - 1] ?? ''));
    const lost = power.find((row) => row.placed === 'processing-2');
    expect(lost?.outages[0]?.cause).toMatch(/^power loss on processing-2, at step 8: /);
    const faults = downtimeRows(runOf(files[files.length - 2] ?? ''));
    expect(faults[0]?.outages[0]?.cause).toMatch(/^host-crash on active, at step 1: /);
  });

  it('should put a fault injected at a time on the step it lengthened, never on the outage it was injected during', () => {
    // A failover slowed to 40m, injected one minute into the first failover (2:40–2:55): it arms
    // itself for the next failover it acts on, the second. Before: the first failover's outage,
    // 15m as planned, was said to be "lengthened by failover-timeout on secondary" too.
    const base = readFileSync('scenarios/serverware-cluster-3.2.yaml', 'utf8');
    const causes = (fault: string) => {
      const run = simulate(parseScenario(`${base}\nfaults:\n  - ${fault}\n`, 'case.yaml'));
      const primary = run.groups.findIndex((group) => group.key === 'primary');
      return (downtimeRows(run)[primary]?.outages ?? []).map(
        (o) => `${(o.end - o.start) / 60_000}m ${o.cause}`,
      );
    };
    expect(
      causes('{ fault: failover-timeout, target: secondary, when: { at: 2h41m }, duration: 40m }'),
    ).toEqual([
      '15m step 17: failover',
      '40m step 36: failover, lengthened by failover-timeout on secondary',
      '15m step 55: failover',
    ]);
    // Injected as the first failover starts, it slows that one.
    expect(
      causes(
        '{ fault: failover-timeout, target: secondary, when: { at: 2h40m }, duration: 40m }',
      )[0],
    ).toBe('40m step 17: failover, lengthened by failover-timeout on secondary');
    // A failure armed for an install, injected during a failover, lengthens nothing.
    expect(
      causes('{ fault: upgrade-failure, target: storage-2, when: { at: 2h41m } }').filter((c) =>
        c.includes('lengthened'),
      ),
    ).toEqual([]);
  });

  it('should name the fault that lengthened a step it rode on, the outage staying the step’s', () => {
    const slow = downtimeRows(runOf('scenarios/golden/ha-pair-failover-timeout.yaml'));
    const lengthened = slow[0]?.outages.find((o) => o.cause.includes('lengthened'));
    expect(lengthened?.cause).toBe('step 11: switchover device-a, lengthened by failover-timeout');
    expect(lengthened?.origin).toEqual({ step: 11, lengthenedBy: ['failover-timeout'] });
    // A failed boot: the host's own restart, which the boot failure kept it down after.
    const boot = downtimeRows(
      simulate(
        parseScenario(
          'name: x\nsystem: serverware\ntopology: cluster\nversion: { from: 4.5.0 }\nvps: 2\nfaults: [ { fault: boot-failure, target: processing-1, when: { step: reboot } } ]\n',
          'x.yaml',
        ),
      ),
    );
    expect(boot[0]?.outages.map((o) => o.cause)).toEqual([
      'step 6: reboot processing-1, lengthened by boot failure on processing-1',
    ]);
    // The other processing host's restart, later, is not lengthened by it.
    expect(boot[1]?.outages.map((o) => o.cause)).toEqual(['step 12: reboot processing-2']);
  });

  it('should not blame a workload’s outage on a fault that struck another host at that instant', () => {
    // processing-2 crashes as processing-1 restarts for its step: vps-1's outage is the
    // restart's, vps-2's the crash's (before, both were the crash's).
    const text =
      'name: x\nsystem: serverware\ntopology: cluster\nversion: { from: 4.5.0 }\nvps: 2\nfaults: [ { fault: host-crash, target: processing-2, when: { step: reboot, host: processing-1 } } ]\n';
    const rows = downtimeRows(simulate(parseScenario(text, 'x.yaml')));
    expect(rows[0]?.outages[0]?.cause).toBe('step 6: reboot processing-1');
    expect(rows[1]?.outages[0]?.cause).toMatch(/^host-crash on processing-2, at step 6: /);
  });

  it('should name a fault that fired several times in a run read back from its report, not "injected fault"', () => {
    // A report keeps no record of which fault each injection was: one fault that fired at the
    // comparisons and again at the switchover was "injected fault".
    const run = runOf('scenarios/golden/ha-pair-sessions-not-synchronized.yaml');
    const { frames: _frames, ...fromReport } = run;
    const causes = downtimeRows(fromReport).flatMap((row) => row.outages.map((o) => o.cause));
    expect(causes.join('\n')).not.toMatch(/injected fault/);
    expect(causes).toContain('step 13: switchover device-a, lengthened by session-loss');
  });

  it('should say a session loss lengthened only the outages of the services that lost sessions', () => {
    const rows = downtimeRows(runOf('scenarios/golden/ha-pair-sessions-not-synchronized.yaml'));
    const at13 = (name: string) =>
      rows.find((row) => row.workload === name)?.outages.find((o) => o.cause.startsWith('step 13'))
        ?.cause;
    expect(at13('vpn')).toBe('step 13: switchover device-a, lengthened by session-loss');
    // voip kept its sessions: its outage is the switchover's 10 s alone.
    expect(at13('voip')).toBe('step 13: switchover device-a');
  });

  it('should blame a preemption on the crash that brought the preferred device back, else name it', () => {
    const rows = downtimeRows(runOf('scenarios/golden/ha-pair-preemption-delay.yaml'));
    const causes = rows[0]?.outages.map((o) => o.cause);
    expect(causes).toEqual([
      'step 2: switchover device-b',
      'preemption by device-a, back from host-crash on device-a, at step 5: backup',
      'step 13: switchover device-b',
      'step 20: preemption-restore, preemption by device-a',
    ]);
    expect(rows[0]?.outages[1]?.origin).toEqual({
      step: 5,
      fault: 'preemption by device-a, back from host-crash on device-a',
    });
  });

  it.each([
    ['one that never fires', '{ fault: upgrade-failure, target: processing-1, when: { at: 3h } }'],
    [
      'one that waits for its step',
      '{ fault: upgrade-failure, target: processing-2, when: { at: 4m } }',
    ],
    [
      'one that fires first',
      '{ fault: host-crash, target: processing-2, when: { at: 1m }, duration: 10m }',
    ],
  ])('should name the fault that began an outage beside another fault: %s', (_name, other) => {
    const text = readFileSync('test/ui/fixtures/cluster-crash.yaml', 'utf8').replace(
      /^faults:\n/m,
      `faults:\n  - ${other}\n`,
    );
    const run = simulate(parseScenario(text, 'two-faults.yaml'));
    const crashed = downtimeRows(run).find((row) => row.placed === 'processing-1');
    // The fixture's crash of processing-1 at 5m, its first fault, now the second of two.
    expect(crashed?.outages[0]?.start).toBe(300_000);
    expect(crashed?.outages[0]?.cause).toMatch(/^host-crash on processing-1, at step /);
  });

  it('should cut outages to a window and count availability over it', () => {
    const run = runOf('scenarios/serverware-cluster-3.2.yaml');
    const whole = downtimeRows(run);
    const row = whole.find((r) => r.outages.length > 1);
    const first = row?.outages[0];
    if (!row || !first) throw new Error('no workload with two outages');
    const window = { from: first.start + 1000, to: first.end + 60_000 };
    const part = downtimeRows(run, window).find((r) => r.workload === row.workload);
    expect(part?.outages).toEqual([{ ...first, start: window.from }]);
    expect(part?.downtime).toBe(first.end - window.from);
    expect(part?.availability).toBeCloseTo(
      100 * (1 - (first.end - window.from) / (window.to - window.from)),
      9,
    );
  });

  it('should never round an availability up to 100%', () => {
    expect(formatAvailability(99.99999)).toBe('99.999%');
    expect(formatAvailability(100)).toBe('100%');
    expect(formatAvailability(0)).toBe('0.000%');
  });
});
