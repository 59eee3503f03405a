import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  downtimeRows,
  formatAvailability,
  parseScenario,
  planImpact,
  runImpact,
  simulate,
} from '../../sim';
import { clock, span } from '../format';
import { faultHolders } from '../state/faultReach';
import { buildRunView } from '../state/runView';
import { impactMarkdown } from './impactMarkdown';

describe('impactMarkdown', () => {
  it('should say of each violation whether the procedure or a fault brought it about', () => {
    // The active device crashes while the standby installs (the fault's); once it is back, the
    // plan upgrades it while it is still active (the procedure's).
    const scenario = parseScenario(
      `name: crash, then a wrong step
system: ha-pair
version: { from: 9.0.1, to: 9.1.0 }
services: 1
faults: [ { fault: host-crash, target: active, when: { step: install, host: standby }, duration: 10m } ]
plan: [ sync-config, check-sync, { backup: all }, { upgrade: device-b }, { upgrade: device-a } ]
`,
      'case.yaml',
    );
    const run = simulate(scenario);
    const { report } = run;
    const markdown = impactMarkdown(planImpact(scenario), run);
    const row = (id: string) => markdown.split('\n').find((line) => line.startsWith(`| ${id} |`));
    expect(row('one-member-down-at-a-time')).toMatch(/violated 1×: 0:\d\d:\d\d \(fault\) At /);
    const active = report.invariants.find((i) => i.id === 'no-maintenance-on-active');
    expect(active?.violations.length).toBeGreaterThan(0);
    expect(row('no-maintenance-on-active')?.match(/\(procedure\) At /g)).toHaveLength(
      active?.violations.length ?? -1,
    );
    expect(markdown).toContain('_procedure_');
  });

  it('should head the report with the run on screen and its faults, not the fault-free plan', () => {
    const file = 'scenarios/ha-pair-preemption-disabled.yaml';
    const plain = parseScenario(readFileSync(file, 'utf8'), file);
    const install = simulate(plain).report.steps.find((step) => step.action === 'install');
    const scenario = {
      ...plain,
      faults: [
        {
          index: 0,
          fault: 'upgrade-failure' as const,
          target: 'standby',
          when: { at: (install?.start ?? 0) + 1000 },
          times: 1,
        },
      ],
    };
    const run = simulate(scenario);
    expect(run.report.outcome).not.toBe('completed');
    const markdown = impactMarkdown(runImpact(run), run, faultHolders(buildRunView(run)));
    const headline = markdown.split('\n').find((line) => line.startsWith('**')) ?? '';
    // The role, and the host that held it and whose install failed.
    const failed = run.report.steps.find((step) => step.status === 'failed');
    expect(failed?.host).toMatch(/^device-/);
    expect(headline).toContain(`upgrade-failure on standby (${failed?.host})`);
    expect(headline).toContain(span(run.report.duration));
    expect(markdown).toContain(`- Duration: ${span(run.report.duration)}`);
    // The steps table is the run's: its recovery steps are in it.
    const recovery = run.report.steps.filter((step) => step.recovery).length;
    expect(recovery).toBeGreaterThan(0);
    const rows = markdown.split('\n').filter((line) => /^\| \d+ \|/.test(line));
    const ran = run.report.steps.filter(
      (step) => step.status === 'done' || step.status === 'failed',
    );
    expect(rows).toHaveLength(ran.length);
    expect(ran.filter((step) => step.recovery)).toHaveLength(recovery);
  });

  it("should name a system's role changes as its document does and write the version path once", () => {
    for (const [file, noun, versions] of [
      ['scenarios/ha-pair-preemption-disabled.yaml', 'Switchovers', '9.0.2 → 9.1.0'],
      ['scenarios/serverware-mirror-3.2.yaml', 'Failovers', '3.2.4 → 3.3.1 → 4.8.2 → 5.2.1'],
    ] as const) {
      const run = simulate(parseScenario(readFileSync(file, 'utf8'), file));
      const text = impactMarkdown(runImpact(run), run);
      // Before: "Failovers / switchovers" on both, and "9.0.2 → 9.1.0 (path 9.1.0)".
      expect(text).toContain(`\n- ${noun}: ${run.report.failovers}\n`);
      expect(text).toContain(`\n- Versions: ${versions}\n`);
    }
  });

  it('should say of every step whether it failed, was a recovery or was skipped: no step number missing', () => {
    // An upgrade failure on the former Primary of a Cluster: its install fails, a reinstall
    // follows, steps are skipped. Before: the failed install and its reinstall read as two
    // plain "install" rows and the numbers of the skipped steps were simply missing.
    const file = 'scenarios/golden/serverware-cluster-upgrade-failure-former-primary-hop3.yaml';
    const run = simulate(parseScenario(readFileSync(file, 'utf8'), file));
    const markdown = impactMarkdown(runImpact(run), run);
    const lines = markdown.split('\n');
    const header = lines.find((line) => line.startsWith('| # | Step |')) ?? '';
    const columns = header.split('|').map((cell) => cell.trim());
    const status = columns.indexOf('Status');
    expect(status).toBeGreaterThan(0);
    const rows = new Map(
      lines
        .filter((line) => /^\| \d+ \|/.test(line))
        .map((line) => {
          const cells = line.split('|').map((cell) => cell.trim());
          return [Number(cells[1]), cells] as const;
        }),
    );
    const { steps } = run.report;
    expect(steps.some((step) => step.status === 'failed')).toBe(true);
    expect(steps.some((step) => step.recovery)).toBe(true);
    for (const step of steps) {
      if (step.status !== 'done' && step.status !== 'failed') {
        expect(markdown, `step ${step.seq}`).toMatch(new RegExp(`Not run: .*\\b${step.seq} `));
        continue;
      }
      const cells = rows.get(step.seq);
      expect(cells, `step ${step.seq}`).toBeDefined();
      expect(cells?.[status]).toBe(`${step.status}${step.recovery ? ' (recovery)' : ''}`);
    }
  });

  it('should name every affected workload of a step, never cut the list short', () => {
    const file = 'scenarios/serverware-cluster-large.yaml';
    const scenario = parseScenario(readFileSync(file, 'utf8'), file);
    const run = simulate(scenario);
    const impact = runImpact(run);
    const markdown = impactMarkdown(impact, run);
    expect(markdown).not.toContain('…');
    const widest = [...impact.steps].sort((a, b) => b.affected - a.affected)[0];
    expect(widest?.affected).toBeGreaterThan(5);
    const row = markdown.split('\n').find((line) => line.startsWith(`| ${widest?.seq ?? -1} |`));
    const named = /\| (\d+) \(([^)]*)\) \|/.exec(row ?? '');
    expect(named?.[2]?.split(', ')).toHaveLength(widest?.affected ?? -1);
  });

  it('should hold the whole downtime table: every workload, each outage with its cause', () => {
    const file = 'scenarios/serverware-cluster-large.yaml';
    const scenario = parseScenario(readFileSync(file, 'utf8'), file);
    const run = simulate(scenario);
    expect(scenario.hosts.filter((host) => host.kind === 'processing').length).toBe(20);
    const markdown = impactMarkdown(runImpact(run), run);
    expect(markdown).not.toContain('…');
    const start = markdown.indexOf('## Downtime per workload');
    const section = markdown.slice(start, markdown.indexOf('\n## ', start + 1));
    const rows = section
      .split('\n')
      .filter((line) => /^\| [^-|]/.test(line))
      .slice(1)
      .map((line) => line.slice(2, -2).split(' | '));
    const expected = downtimeRows(run);
    expect(rows.map((cells) => cells[0])).toEqual(run.report.workloads.map((w) => w.name));
    for (const [index, cells] of rows.entries()) {
      const row = expected[index];
      expect(cells[3]).toBe(span(row?.downtime ?? -1));
      expect(cells[4]).toBe(String(row?.outages.length));
      expect(cells[6]).toBe(formatAvailability(row?.availability ?? -1));
      const outages = (cells[7] ?? '').split('; ');
      expect(outages).toHaveLength(row?.outages.length ?? -1);
      for (const [k, outage] of (row?.outages ?? []).entries())
        expect(outages[k]).toBe(`${clock(outage.start)}–${clock(outage.end)} ${outage.cause}`);
    }
  });

  it('should list a crash during a failover under the crash, and the failover with no VPS down', () => {
    // A Cluster failover takes down only the VPSs on the Primary (none here); the processing host
    // px-2 crashing 1m49s into it takes its 10 VPSs down until they restart on another host.
    const scenario = parseScenario(
      `name: Customer cluster
system: serverware
topology: cluster
version: { from: 4.5.0 }
hosts: { backup: bk-1, storage: [st-a, st-b], processing: [px-1, px-2, px-3] }
vps: 30
faults: [ { fault: host-crash, target: px-2, when: { at: 2h41m49s } } ]
`,
      'customer.yaml',
    );
    const run = simulate(scenario);
    const markdown = impactMarkdown(runImpact(run), run);
    const lines = markdown.split('\n');
    const failover = lines.find((line) => line.startsWith('| 17 | failover |'));
    expect(failover).toMatch(/\| 0 \| — \|$/);
    const onPx2 = run.report.workloads.filter((w) => w.placed === 'px-2').map((w) => w.name);
    expect(lines.filter((line) => line.startsWith('| host-crash on px-2'))).toEqual([
      `| host-crash on px-2 (fault) | 2:41:49 | 17: failover | 10 (${onPx2.join(', ')}) | 5m |`,
    ]);
    expect(markdown).toContain('## Outages caused by faults');
  });

  it("should keep the scenario's name and description as they read, each on its line", () => {
    const scenario = parseScenario(
      `${JSON.stringify({
        name: 'Upgrade in ~2h, not ~4h',
        description: 'One line\rand a second | with a bar',
        system: 'standalone',
        version: { from: '1.0.0', to: '1.1.0' },
      })}\n`,
      'x.json',
    );
    const markdown = impactMarkdown(planImpact(scenario), simulate(scenario));
    const lines = markdown.split(/\r\n|\r|\n/);
    expect(lines[0]).toBe('# Impact report: Upgrade in \\~2h, not \\~4h');
    expect(lines).toContain('One line and a second \\| with a bar');
  });
});
