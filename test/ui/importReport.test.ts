import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseScenario, simulate } from '../../src/sim';
import { cli, HA_PAIR, STANDALONE, workspace, type Workspace } from '../cli/helpers';
import { importReport, parseStateValue } from '../../src/ui/state/importReport';
import { buildRunView, stepStatusesAt } from '../../src/ui/state/runView';
import { FIXTURES, fixtureText } from './harness';

describe('parseStateValue', () => {
  it.each([
    ['online', 'online'],
    ['running.timed', { running: 'timed' }],
    [
      'lifecycle.online, role.active, preemption.disabled',
      { lifecycle: 'online', role: 'active', preemption: 'disabled' },
    ],
    ['a.(b.c, d.e), f.g', { a: { b: 'c', d: 'e' }, f: 'g' }],
  ])('should read %s back', (text, value) => {
    expect(parseStateValue(text)).toEqual(value);
  });
});

describe('importReport', () => {
  it.each(FIXTURES)(
    'should rebuild the host states, steps and outages of %s from its JSON report',
    async (name) => {
      const run = simulate(parseScenario(fixtureText(name), name));
      const { run: imported } = await importReport(JSON.stringify(run.report));
      expect(imported.report.trace).toEqual(run.report.trace);
      const simplify = (frame: (typeof run.frames)[number]) =>
        frame.host
          ? {
              name: frame.host.name,
              role: frame.host.role,
              lifecycle: frame.host.lifecycle,
              serving: frame.host.serving,
              leading: frame.host.leading,
            }
          : { procedure: frame.procedure?.state, step: frame.procedure?.stepNumber };
      expect(imported.frames.map(simplify)).toEqual(run.frames.map(simplify));
      const outages = (groups: typeof run.groups) =>
        Object.fromEntries(groups.map((g) => [g.key, { outages: g.outages, moves: g.moves }]));
      expect(outages(imported.groups)).toEqual(outages(run.groups));
      const view = buildRunView(run);
      const replay = buildRunView(imported, true);
      for (const cursor of [
        0,
        Math.floor(run.report.trace.length / 2),
        run.report.trace.length - 1,
      ]) {
        expect(stepStatusesAt(replay, cursor)).toEqual(stepStatusesAt(view, cursor));
      }
    },
  );

  it.each(['storage', 'local'])(
    "should count a Cluster's VPSs as the run did with vps-disks: %s",
    async (disks) => {
      const text = `name: x\nsystem: serverware\ntopology: cluster\nversion: { from: 4.5.0 }\nvps: 4\npolicy: { vps-disks: ${disks} }\nfaults: [ { fault: host-crash, target: primary, when: { step: install, host: secondary }, duration: 20m } ]\n`;
      const run = simulate(parseScenario(text, 'x.yaml'));
      const { run: imported } = await importReport(JSON.stringify(run.report));
      const outages = (groups: typeof run.groups) =>
        Object.fromEntries(groups.map((g) => [g.key, g.outages]));
      expect(outages(imported.groups)).toEqual(outages(run.groups));
      // The crash's 20 minutes, or the restart's 5 alone.
      expect(run.report.workloads[0]?.downtime).toBe((disks === 'local' ? 5 : 25) * 60_000);
    },
  );

  it('should take the first of several reports and say so', async () => {
    const run = simulate(parseScenario(fixtureText('standalone.yaml'), 'standalone.yaml'));
    const { run: imported, note } = await importReport(JSON.stringify([run.report, run.report]));
    expect(imported.report.scenario).toBe(run.report.scenario);
    expect(note).toContain('2 reports');
  });

  it('should keep the cause of each violation', async () => {
    const run = simulate(parseScenario(fixtureText('ha-left-on.yaml'), 'ha-left-on.yaml'));
    expect(run.report.invariants.some((i) => !i.holds)).toBe(true);
    const { run: imported, note } = await importReport(JSON.stringify(run.report));
    expect(imported.report.invariants).toEqual(run.report.invariants);
    expect(note).toBeUndefined();
  });

  it('should show a report written before violations recorded their cause, and say so', async () => {
    const run = simulate(parseScenario(fixtureText('ha-left-on.yaml'), 'ha-left-on.yaml'));
    const older = {
      ...run.report,
      invariants: run.report.invariants.map((invariant) => ({
        ...invariant,
        violations: invariant.violations.map(({ cause: _cause, ...rest }) => rest),
      })),
    };
    const { run: imported, note } = await importReport(JSON.stringify(older));
    expect(imported.report.invariants.map((i) => i.violations.length)).toEqual(
      run.report.invariants.map((i) => i.violations.length),
    );
    expect(note).toMatch(/before violations recorded their cause/);
  });

  it('should reject a violation whose cause is neither procedure nor fault', async () => {
    const run = simulate(parseScenario(fixtureText('ha-left-on.yaml'), 'ha-left-on.yaml'));
    const index = run.report.invariants.findIndex((i) => !i.holds);
    const broken = {
      ...run.report,
      invariants: run.report.invariants.map((invariant, position) =>
        position === index
          ? {
              ...invariant,
              violations: invariant.violations.map((v) => ({ ...v, cause: 'operator' })),
            }
          : invariant,
      ),
    };
    await expect(importReport(JSON.stringify(broken))).rejects.toThrow(
      `invariants[${index}].violations[0].cause: unknown value "operator" (expected one of: procedure, fault)`,
    );
  });

  it.each([
    ['not json', /not JSON/],
    ['[]', /empty/],
    ['{"scenario": "x"}', /system/],
  ])('should reject %s with a reason', async (text, reason) => {
    await expect(importReport(text)).rejects.toThrow(reason);
  });

  /** A real report with one field made wrong. */
  type Loose = {
    trace: unknown[];
    invariants: { violations: unknown[] }[];
    steps: Record<string, unknown>[];
    hosts: Record<string, unknown>[];
    warnings: unknown[];
  };
  const broken = (change: (report: Loose) => void): string => {
    const run = simulate(parseScenario(fixtureText('standalone.yaml'), 'standalone.yaml'));
    const report = JSON.parse(JSON.stringify(run.report)) as Loose;
    change(report);
    return JSON.stringify(report);
  };

  it.each([
    [
      'an empty trace entry',
      (r: Loose) => void (r.trace[0] = {}),
      /^not a Rehearse JSON report: trace\[0\]\.\w+: /,
    ],
    [
      'a violation message that is a number',
      (r: Loose) =>
        void ((r.invariants[0] as Loose['invariants'][0]).violations = [
          { at: 0, seq: 0, message: 42 },
        ]),
      /^not a Rehearse JSON report: invariants\[0\]\.violations\[0\]\.message: got the number 42 \(expected text\)$/,
    ],
    [
      'a step status that is an object',
      (r: Loose) => void ((r.steps[1] as Record<string, unknown>).status = { done: true }),
      /^not a Rehearse JSON report: steps\[1\]\.status: /,
    ],
    [
      'a host name that is missing',
      (r: Loose) => void delete (r.hosts[0] as Record<string, unknown>).name,
      /^not a Rehearse JSON report: hosts\[0\]\.name: /,
    ],
    [
      'a warning that is not text',
      (r: Loose) => void (r.warnings = [null]),
      /^not a Rehearse JSON report: warnings\[0\]: /,
    ],
  ])('should refuse a report with %s, naming the field', async (_name, change, reason) => {
    await expect(importReport(broken(change))).rejects.toThrow(reason);
  });
});

describe('importReport of what `rehearse run` prints', () => {
  let ws: Workspace;
  let two: string;
  let bare: string;
  let invalid: string;
  beforeAll(async () => {
    ws = workspace();
    ws.write('ha.yaml', HA_PAIR);
    ws.write('single.yaml', STANDALONE);
    ws.write('bad.yaml', 'name: broken\nsystem: toaster\n');
    const run = async (...argv: string[]) => (await cli(['run', ...argv], { cwd: ws.dir })).stdout;
    two = await run('ha.yaml', 'single.yaml', '--reporter', 'json');
    bare = await run('ha.yaml', 'single.yaml', '--json');
    invalid = await run('bad.yaml', '--reporter', 'json');
  });
  afterAll(() => ws.cleanup());

  /** The envelope of two runs, changed by `change`. */
  const envelope = (change: (value: Record<string, unknown>) => void): string => {
    const value = JSON.parse(two) as Record<string, unknown>;
    change(value);
    return JSON.stringify(value);
  };

  it('should replay the first run of a --reporter json envelope, list them all and say so', async () => {
    const { run, note, choices, picked } = await importReport(two);
    expect(run.report.scenario).toBe('HA pair with preemption');
    expect(choices).toEqual([
      'ha.yaml: HA pair with preemption',
      'single.yaml: Single server, two versions',
    ]);
    expect(picked).toBe(0);
    expect(note).toBe(
      'The file holds 2 runs; showing the first, ha.yaml: HA pair with preemption (pick another beside the scenario picker).',
    );
  });

  it('should replay the run picked from an envelope, as a run of that file alone would', async () => {
    const { run, picked } = await importReport(two, 1);
    expect(picked).toBe(1);
    const alone = simulate(parseScenario(STANDALONE, 'single.yaml'));
    expect(run.report.system).toBe('standalone');
    expect(run.report.trace).toEqual(alone.report.trace);
  });

  it('should pick among the reports of a --json array too', async () => {
    const { run, choices } = await importReport(bare, 1);
    expect(choices).toEqual(['HA pair with preemption', 'Single server, two versions']);
    expect(run.report.scenario).toBe('Single server, two versions');
  });

  it('should list a single report as the only choice', async () => {
    const single = JSON.stringify(simulate(parseScenario(STANDALONE, 'single.yaml')).report);
    const { choices, note } = await importReport(single);
    expect(choices).toEqual(['Single server, two versions']);
    expect(note).toBeUndefined();
  });

  it.each([
    [
      'of another format version',
      (value: Record<string, unknown>) => void (value.format = 2),
      /^a report envelope of format 2, which this debugger cannot read \(it reads format 1\)/,
    ],
    [
      'without its format version',
      (value: Record<string, unknown>) => void delete value.format,
      /^a report envelope without its "format" version/,
    ],
    [
      'whose runs are not a list',
      (value: Record<string, unknown>) => void (value.runs = {}),
      /^a report envelope whose "runs" is not a list/,
    ],
    [
      'with no runs and no errors',
      (value: Record<string, unknown>) => void (value.runs = []),
      /^a report envelope with no scenario run to replay$/,
    ],
    [
      'with a run that carries no report',
      (value: Record<string, unknown>) =>
        void delete ((value.runs as Record<string, unknown>[])[1] as Record<string, unknown>)
          .report,
      /^a report envelope whose runs\[1\] carries no report to replay/,
    ],
  ])('should refuse an envelope %s, naming what is wrong', async (_name, change, reason) => {
    await expect(importReport(envelope(change))).rejects.toThrow(reason);
  });

  it('should refuse an envelope of files that could not be run, naming the first', async () => {
    await expect(importReport(invalid)).rejects.toThrow(
      /^a report envelope with no scenario run to replay: its file could not be run \(bad\.yaml:2:\d+: /,
    );
  });

  it('should name the field of a broken report by its place in the envelope', async () => {
    const broken = envelope((value) => {
      const runs = value.runs as { report: { hosts: Record<string, unknown>[] } }[];
      delete runs[1]?.report.hosts[0]?.name;
    });
    await expect(importReport(broken, 1)).rejects.toThrow(
      /^not a Rehearse JSON report: runs\[1\]\.report\.hosts\[0\]\.name: /,
    );
  });

  it('should refuse a pick the file does not hold', async () => {
    await expect(importReport(two, 2)).rejects.toThrow('the file holds 2 runs, and no number 3');
  });
});
