import { describe, expect, it } from 'vitest';
import { parseScenario, simulate } from '../../src/sim';
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
    (name) => {
      const run = simulate(parseScenario(fixtureText(name), name));
      const { run: imported } = importReport(JSON.stringify(run.report));
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

  it('should take the first of several reports and say so', () => {
    const run = simulate(parseScenario(fixtureText('standalone.yaml'), 'standalone.yaml'));
    const { run: imported, note } = importReport(JSON.stringify([run.report, run.report]));
    expect(imported.report.scenario).toBe(run.report.scenario);
    expect(note).toContain('2 reports');
  });

  it.each([
    ['not json', /not JSON/],
    ['[]', /empty/],
    ['{"scenario": "x"}', /system/],
    [
      '{"scenario": "x", "system": "ha-pair", "duration": 1, "trace": [{}], "steps": [], "invariants": [], "hosts": [], "workloads": []}',
      /trace\[0\]/,
    ],
  ])('should reject %s with a reason', (text, reason) => {
    expect(() => importReport(text)).toThrow(reason);
  });
});
