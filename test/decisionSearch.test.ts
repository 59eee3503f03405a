import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario, simulate } from '../src/sim';
import {
  bestOption,
  endingOf,
  searchDecisions,
  SeenStates,
  type OptionResult,
} from '../src/sim/decisionSearch';
import { withFaults } from '../src/sim/explore';
import { simulateWith, type Checkpoint } from '../src/sim/runner';
import type { DecisionRecord } from '../src/sim/types';
import type { ProcedureContext } from '../machines/procedureMachine';
import { itemAt, type StepList } from '../machines/stepList';
import { decisionRunbook } from '../src/cli/decisionSearchOutput';
import { naiveDecisionSearch } from './support/naiveDecisionSearch';

const standalone = parseScenario(
  readFileSync('scenarios/standalone.yaml', 'utf8'),
  'standalone.yaml',
);

const result = (over: Partial<OptionResult> & Pick<OptionResult, 'option'>): OptionResult => ({
  outcome: 'completed',
  downtime: 0,
  leftDown: 0,
  duration: 0,
  violates: [],
  faultViolates: [],
  source: { kind: 'assumption', ref: 'a test option' },
  ...over,
});

describe('the best option', () => {
  it('should rank how far the upgrade got, then downtime, then duration, among options that keep the invariants', () => {
    expect(
      bestOption([
        result({ option: 'abort', outcome: 'aborted', downtime: 1 }),
        result({ option: 'rollback-host', outcome: 'rolled-back', downtime: 5 }),
        result({ option: 'retry', outcome: 'completed', downtime: 9 }),
      ]),
    ).toBe('retry');
    expect(
      bestOption([
        result({ option: 'retry', downtime: 9, violates: ['settles'] }),
        result({ option: 'rollback-host', outcome: 'rolled-back', downtime: 5, duration: 7 }),
        result({ option: 'rollback-pair', outcome: 'rolled-back', downtime: 5, duration: 6 }),
      ]),
    ).toBe('rollback-pair');
    // Equal cost: a system rolled back to one version beats one stopped half-way.
    expect(
      bestOption([
        result({ option: 'abort', outcome: 'aborted', downtime: 5, duration: 1 }),
        result({ option: 'wait', outcome: 'rolled-back', downtime: 5, duration: 9 }),
      ]),
    ).toBe('wait');
    // A workload left down outweighs any downtime inside the window.
    expect(
      bestOption([
        result({ option: 'abort', outcome: 'aborted', downtime: 1, leftDown: 3 }),
        result({ option: 'rollback-host', outcome: 'rolled-back', downtime: 90 }),
      ]),
    ).toBe('rollback-host');
    expect(
      bestOption([
        result({ option: 'retry', refused: 'not possible' }),
        result({ option: 'abort', violates: ['settles'] }),
      ]),
    ).toBeUndefined();
  });
});

describe('searchDecisions', () => {
  const found = searchDecisions(standalone);

  it('should find that a failure met once is best retried, and a lasting one best restored', () => {
    const install = found.findings.filter(
      (f) =>
        f.point === 'install-failed' &&
        f.faults.length === 1 &&
        f.faults[0]?.fault === 'upgrade-failure',
    );
    const once = install.find((f) => f.faults[0]?.times === 1);
    const always = install.find((f) => (f.faults[0]?.times ?? 0) > 1);
    expect(once).toMatchObject({ default: 'rollback-host', best: 'retry' });
    expect(found.better).toContain(once);
    expect(always).toMatchObject({ default: 'rollback-host', best: 'rollback-host' });
    expect(found.better).not.toContain(always);
  });

  it('should report for each option what a run with that choice gives', () => {
    for (const finding of found.findings.slice(0, 6)) {
      for (const tried of finding.results) {
        const report = simulate({
          ...standalone,
          faults: finding.faults,
          decisions: [
            {
              index: 0,
              at: finding.point,
              ...(finding.host !== undefined ? { host: finding.host } : {}),
              hop: finding.hop,
              choose: tried.option,
              times: 1,
            },
          ],
        }).report;
        expect([report.outcome, report.downtime.total, report.duration]).toEqual([
          tried.outcome,
          tried.downtime,
          tried.duration,
        ]);
      }
    }
  });

  it('should say where each option comes from: the document only where it prescribes it there', () => {
    // Before: the runbook had no source at all, and recommended options the document does not
    // describe as though they were its ("retry (better than the default)").
    const install = found.findings.find(
      (f) => f.point === 'install-failed' && f.faults[0]?.fault === 'upgrade-failure',
    );
    const sources = Object.fromEntries(
      (install?.results ?? []).map((r) => [r.option, `${r.source.kind}: ${r.source.ref}`]),
    );
    expect(sources['rollback-host']).toBe(
      'document: Single-server upgrade guide, step 8: restore the system to the state before the upgrade',
    );
    expect(sources.retry).toBe(
      "assumption: retry at install-failed is the operator's choice, which the document does not prescribe",
    );
    const text = decisionRunbook(found);
    expect(text).toMatch(
      /\*\*What to do:\*\* retry \(\*\*better than the default\*\*\) — [^\n]*\. Not in the document; Rehearse assumes it: retry at install-failed is the operator's choice/,
    );
    expect(text).toContain('The document: Single-server upgrade guide, step 8');
  });

  it('should give the same result every time', () => {
    expect(JSON.stringify(searchDecisions(standalone))).toBe(JSON.stringify(found));
  });

  it('should write a runbook with a section per fault and the reason the others are worse', () => {
    const text = decisionRunbook(found);
    expect(text).toMatch(/^# Recovery runbook: Single server, one version, at night\n/);
    expect(text).toContain('## upgrade-failure on server at install (hop 1)\n');
    expect(text).toContain('**What to do:** retry (**better than the default**)');
    expect(text).toMatch(/- abort: .* \(aborted · downtime/);
  });

  it('should state the rule the best option is chosen by, which ranks how far the upgrade got before downtime', () => {
    // A retry that completes is best although stopping at once costs less downtime: the
    // runbook's own words must say why.
    const finding = found.findings.find((f) => f.best === 'retry');
    const retry = finding?.results.find((r) => r.option === 'retry');
    const abort = finding?.results.find((r) => r.option === 'abort');
    expect(retry && abort && retry.downtime > abort.downtime).toBe(true);
    const text = decisionRunbook(found);
    expect(text).toContain('gets the upgrade furthest (completed, then rolled back');
    expect(text).not.toContain('"Best" is the option with the least total downtime');
  });
});

describe('searchDecisions, sharing prefixes', () => {
  // The built-ins small enough to search twice in a unit test; the CLI's output on every
  // built-in was compared the same way when prefixes came to be shared (see BENCHMARKS.md).
  it.each([
    'standalone.yaml',
    'ha-pair-preemption-enabled.yaml',
    'serverware-mirror-4.3-4.8.yaml',
    'serverware-cluster-4.3-4.8.yaml',
  ])(
    'should find in %s what playing every run from the start finds',
    (file) => {
      const scenario = parseScenario(readFileSync(`scenarios/${file}`, 'utf8'), file);
      const oracle = naiveDecisionSearch(scenario);
      expect(oracle.findings.length).toBeGreaterThan(0);
      expect(JSON.stringify(searchDecisions(scenario), null, 2)).toBe(
        JSON.stringify(oracle, null, 2),
      );
    },
    120_000,
  );

  it('should find for pairs of faults what playing every run from the start finds', () => {
    const oracle = naiveDecisionSearch(standalone, 2);
    expect(oracle.findings.some((f) => f.faults.length === 2)).toBe(true);
    expect(JSON.stringify(searchDecisions(standalone, { faults: 2 }), null, 2)).toBe(
      JSON.stringify(oracle, null, 2),
    );
  }, 120_000);
});

describe('searchDecisions, runs that come to the same state', () => {
  const file = 'serverware-cluster-3.3-4.2.yaml';
  const cluster = parseScenario(readFileSync(`scenarios/${file}`, 'utf8'), file);
  const crash = (host: string) =>
    withFaults(cluster, [
      {
        fault: 'host-crash',
        target: 'primary',
        when: { step: 'install', hop: 1, host },
        times: 1,
        duration: 30 * 60_000,
      },
    ]);

  it('should stop a run where it comes to a state a run played to its end was in, and end it as that run did', () => {
    const seen = new SeenStates();
    const first = seen.watch();
    const whole = simulateWith(crash('processing-1'), { after: (s) => first.after(s) });
    expect(first.rest()).toBeUndefined();
    first.keep(endingOf(whole.report));

    const second = seen.watch();
    const stopped = simulateWith(crash('processing-2'), { after: (s) => second.after(s) });
    const rest = second.rest();
    expect(rest).toBeDefined();
    // Stopped well before its end, and composed to exactly what playing it whole gives.
    const full = simulate(crash('processing-2')).report;
    expect(stopped.report.duration).toBeLessThan(full.duration);
    expect(endingOf(stopped.report, rest)).toEqual(endingOf(full));
  });

  it('should not stop a run where the run it meets had a decision still to take', () => {
    const seen = new SeenStates();
    const first = seen.watch();
    const whole = simulateWith(crash('processing-1'), { after: (s) => first.after(s) });
    // As if the run had taken one more decision later on: none of its states may be kept.
    first.keep({ ...endingOf(whole.report), decisions: [...whole.report.decisions, decision] });
    const second = seen.watch();
    simulateWith(crash('processing-2'), { after: (s) => second.after(s) });
    expect(second.rest()).toBeUndefined();
  });

  const decision = {} as DecisionRecord;
});

describe('loose comparison of states', () => {
  const file = 'serverware-cluster-3.3-4.2.yaml';
  const cluster = parseScenario(readFileSync(`scenarios/${file}`, 'utf8'), file);

  it('should find a run whose recovery inserted steps in the state the run without faults was in at the same step', () => {
    const at = (context: { steps: StepList<{ id: number }>; cursor: number }) =>
      itemAt(context.steps, context.cursor)?.id ?? -1;
    const base = new Map<number, Checkpoint>();
    simulateWith(cluster, {
      after: (session) => {
        const id = at(session.context());
        if (!base.has(id)) base.set(id, session.checkpoint());
      },
    });
    const faulty = withFaults(cluster, [
      {
        fault: 'upgrade-failure',
        target: 'backup',
        when: { step: 'install', hop: 1, host: 'backup' },
        times: 1,
      },
    ]);
    const found: { id: number; loose: boolean; strict: boolean; shift: number }[] = [];
    simulateWith(faulty, {
      after: (session) => {
        const context = session.context();
        const checkpoint = base.get(at(context));
        if (!checkpoint || context.faults.some((f) => f.remaining > 0)) return undefined;
        // Compared where each step starts, as the search does.
        if (found.some((f) => f.id === at(context))) return undefined;
        found.push({
          id: at(context),
          loose: session.sameAs(checkpoint, 0, true),
          strict: session.sameAs(checkpoint, 0),
          shift: context.cursor - (checkpoint.root.context as ProcedureContext).cursor,
        });
        return undefined;
      },
    });
    // Just after the failure the states differ; once the reinstall is done they are the
    // same, with its three steps behind the cursor, which a strict comparison refuses.
    expect(found[0]).toMatchObject({ loose: false, strict: false, shift: 0 });
    const first = found.findIndex((f) => f.loose);
    expect(found[first]).toMatchObject({ strict: false, shift: 3 });
    expect(found.slice(first).every((f) => f.loose && !f.strict && f.shift === 3)).toBe(true);
  });
});
