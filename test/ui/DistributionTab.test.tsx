// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { samplesText } from '../../src/cli/samplesOutput';
import { makePaint } from '../../src/cli/text';
import {
  OUTCOMES,
  formatChance,
  formatDuration,
  parseScenario,
  sampleRuns,
  simulate,
  summarizeSamples,
  type Sample,
  type SamplesReport,
  type Spread,
} from '../../src/sim';
import type { DistributionMessage, DistributionRunner } from '../../src/ui/distribution';
import { DistributionTab } from '../../src/ui/panels/DistributionTab';
import { readShareHash, shareHash } from '../../src/ui/state/persistence';
import type { PlayerActor } from '../../src/ui/state/PlayerContext';
import { MODES, renderWithPlayer, sampleInProcess, startPlayer } from './harness';

/**
 * A wrong procedure (preemption left on) whose durations vary and whose install on device-a
 * fails by chance: runs differ in outcome, downtime, violations and missed expectations.
 */
const VARYING = `name: HA pair, preemption left on, durations that vary
system: ha-pair
version: { from: 9.0.2, to: 9.1.0 }
services: [vpn, web-portal, voip]
policy: { preemption: enabled }
plan:
  - sync-config
  - switchover
  - check-sync
  - backup: all
  - upgrade: device-a
  - wait: 5m
  - switchover
  - upgrade: device-b
  - check-sync
durations:
  install: 15m..30m
  switchover: { min: 5s, likely: 20s, max: 3m }
  reboot: { default: 5m, device-b: 3m..12m }
seed: 4 # the scenario's own seed
faults:
  - { fault: upgrade-failure, target: device-a, when: { step: install }, probability: 0.3 }
expect:
  budget: { each: 2m }
`;
const FILE = 'varying.yaml';

/** One server, whose failover's range times nothing: it has no failover. */
const ONE_SERVER = `name: one server
system: standalone
version: { from: 2.4.1, to: 2.5.0 }
services: [web]
durations:
  failover: 10m..30m
`;
const SCENARIO = parseScenario(VARYING, FILE);
const N = 60;

// What the CLI computes for `rehearse run varying.yaml --samples 60`, once.
let cli: { samples: Sample[]; report: SamplesReport } | undefined;
function expected() {
  if (!cli) {
    const samples = sampleRuns(SCENARIO, SCENARIO.seed, N);
    cli = { samples, report: summarizeSamples(SCENARIO, samples) };
  }
  return cli;
}

/**
 * The run at a percentile read from its definition: the runs ranked by total downtime, then
 * outcome, a failed check and the window, the one of nearest rank p, the smallest seed among the
 * runs alike to it.
 */
function seedAt(samples: readonly Sample[], p: number): number {
  const key = (s: Sample) => [s.total, OUTCOMES.indexOf(s.outcome), s.passed ? 0 : 1, s.duration];
  const order = (a: Sample, b: Sample) => {
    const [ka, kb] = [key(a), key(b)];
    return ka.map((value, i) => value - (kb[i] ?? 0)).find((d) => d !== 0) ?? 0;
  };
  const rank = Math.max(1, Math.ceil((p / 100) * samples.length));
  const at = [...samples].sort(order)[rank - 1] as Sample;
  return Math.min(...samples.filter((s) => order(s, at) === 0).map((s) => s.seed));
}

const p95Seed = (samples: readonly Sample[]) => seedAt(samples, 95);

function start(sampler: DistributionRunner = sampleInProcess, text = VARYING): PlayerActor {
  return startPlayer(
    'ha-pair.yaml',
    { initial: { text, edited: true, dirty: false, file: FILE } },
    undefined,
    undefined,
    sampler,
  );
}

function sample(count: number) {
  act(
    () =>
      void fireEvent.change(screen.getByTestId('distribution-samples'), {
        target: { value: String(count) },
      }),
  );
  act(() => void fireEvent.click(screen.getByTestId('distribution-start')));
}

/** The four figures of a row of a spread table, as shown and in ms. */
function cells(row: HTMLElement, name: string) {
  return (['p50', 'p90', 'p99', 'max'] as const).map((column) => {
    const cell = within(row).getByTestId(`${name}-${column}`);
    return { text: cell.textContent, ms: Number(cell.dataset.value) };
  });
}

function figures(spread: Spread) {
  return (['p50', 'p90', 'p99', 'max'] as const).map((column) => ({
    text: formatDuration(spread[column]),
    ms: spread[column],
  }));
}

/** A runner that reports what the test says, when it says, and records being stopped. */
function manualRunner() {
  const stop = vi.fn();
  let report: ((message: DistributionMessage) => void) | undefined;
  const runner: DistributionRunner = (_request, send) => {
    report = send;
    return stop;
  };
  return {
    runner,
    stop,
    send: (message: DistributionMessage) => act(() => report?.(message)),
  };
}

describe.each(MODES)('DistributionTab (%s)', (_, strict) => {
  afterEach(cleanup);

  it('should show the figures rehearse run --samples gives for the same scenario, first seed and N', () => {
    const actor = start();
    renderWithPlayer(actor, <DistributionTab />, strict);
    expect(screen.getByTestId('distribution-seeds').textContent).toContain(
      'Seeds 4–203 (from the scenario’s seed), one run each, as rehearse run FILE --samples 200 does.',
    );
    sample(N);
    const { samples, report } = expected();
    const tab = screen.getByTestId('distribution');
    expect(tab.dataset.status).toBe('finished');
    expect(screen.getByTestId('distribution-progress').getAttribute('aria-valuenow')).toBe('100');
    expect(actor.getSnapshot().context.distribution?.result?.report).toEqual(report);

    expect(screen.getByTestId('distribution-runs').dataset.value).toBe(String(N));
    expect(screen.getByTestId('distribution-runs').textContent).toContain('(seeds 4–63)');
    expect(screen.getByTestId('distribution-passed').dataset.value).toBe(
      String(samples.filter((s) => s.passed).length),
    );
    const spread = screen.getByTestId('distribution-spread');
    const [durationRow, totalRow] = within(spread).getAllByRole('row').slice(1);
    expect(cells(durationRow as HTMLElement, 'duration')).toEqual(figures(report.duration));
    expect(cells(totalRow as HTMLElement, 'total')).toEqual(figures(report.total));

    // Each workload's row reads as the CLI's text table's row does.
    const text = samplesText(report, FILE, makePaint(false, {}));
    const rows = screen.getAllByTestId('distribution-workload');
    expect(rows.map((row) => row.dataset.workload)).toEqual(['vpn', 'web-portal', 'voip']);
    for (const row of rows) {
      const workload = row.dataset.workload ?? '';
      const line = text.find((l) => l.trim().startsWith(`${workload} `));
      expect(line?.trim().split(/\s+/)).toEqual([
        workload,
        ...cells(row, 'workload').map((cell) => cell.text),
        within(row).getByTestId('workload-longest').textContent,
      ]);
      const index = SCENARIO.workloads.findIndex((w) => w.name === workload);
      const values = samples.map((s) => s.downtime[index] ?? 0);
      expect(cells(row, 'workload').at(-1)?.ms).toBe(Math.max(...values));
    }
    // So do the window and the total.
    for (const [label, name] of [
      ['window (run duration)', 'duration'],
      ['downtime, all workloads', 'total'],
    ] as const) {
      const line = text.find((l) => l.trim().startsWith(label)) ?? '';
      const row = name === 'duration' ? durationRow : totalRow;
      expect(line.trim().slice(label.length).trim().split(/\s+/)).toEqual(
        cells(row as HTMLElement, name).map((cell) => cell.text),
      );
    }

    // Outcomes, violations, missed expectations and faults by chance, in the CLI's words.
    const counted = (testid: string) =>
      screen.getAllByTestId(testid).map((li) => [li.dataset.key, Number(li.dataset.count)]);
    const count = (pick: (s: Sample) => boolean) => samples.filter(pick).length;
    expect(counted('distribution-outcome')).toEqual(
      Object.keys(report.outcomes).map((o) => [o, count((s) => s.outcome === o)]),
    );
    expect(counted('distribution-outcome').length).toBeGreaterThan(1);
    expect(counted('distribution-violation')).toEqual(
      Object.keys(report.violations).map((id) => [
        id,
        count((s) => s.violated.some((v) => v === id)),
      ]),
    );
    // Some violations happen in every run, some only in some.
    const rates = counted('distribution-violation').map(([, n]) => n);
    expect(rates).toContain(N);
    expect(rates.some((n) => Number(n) > 0 && Number(n) < N)).toBe(true);
    for (const li of screen.getAllByTestId('distribution-violation')) {
      const line = text.find((l) => l.includes(`✗ ${li.dataset.key ?? '?'}: `)) ?? '?';
      expect(li.textContent).toContain(line.slice(line.indexOf(': ') + 2));
    }
    expect(screen.getByTestId('distribution-missed').textContent).toContain(
      formatChance(report.missedExpectations),
    );
    expect(report.missedExpectations.count).toBe(count((s) => s.missed));
    const risk = screen.getByTestId('distribution-risk');
    expect(risk.dataset.count).toBe(String(count((s) => s.fired.includes(0))));
    const added = text.find((l) => l.includes('downtime added: '))?.trim() ?? '?';
    expect(risk.textContent).toContain(`Downtime added: ${added.slice('downtime added: '.length)}`);
    const rolledBack = report.risks[0]?.outcomes['rolled-back'];
    if (!rolledBack) throw new Error('the fault by chance never led to a rollback');
    expect(risk.textContent).toContain(`When it struck: rolled back ${formatChance(rolledBack)}`);

    // The runs to replay: the p95 run and the worst.
    expect(screen.getByTestId('distribution-play-p95').dataset.seed).toBe(String(p95Seed(samples)));
    const worst = seedAt(samples, 100);
    expect(screen.getByTestId('distribution-play-worst').dataset.seed).toBe(String(worst));
    expect(text.join('\n')).toContain(`worst run: seed ${worst},`);

    // The histogram counts every run once, in bars of total downtime.
    const bars = screen.getAllByTestId('distribution-bar');
    expect(bars.reduce((sum, bar) => sum + Number(bar.dataset.samples), 0)).toBe(N);
    const title = screen.getByTestId('distribution-histogram').querySelector('svg title');
    expect(title?.textContent).toBe(`Total downtime of ${N} runs of “${SCENARIO.name}”`);
    expect(screen.getByTestId('distribution-bars').querySelectorAll('tbody tr').length).toBe(
      actor.getSnapshot().context.distribution?.result?.bars.length,
    );
  });

  it('should play the p95 run: its seed written into the text, the stage playing exactly that run, the link carrying it', () => {
    const actor = start();
    renderWithPlayer(actor, <DistributionTab />, strict);
    sample(N);
    const seed = p95Seed(expected().samples);
    expect(seed).not.toBe(SCENARIO.seed);
    act(() => void fireEvent.click(screen.getByTestId('distribution-play-p95')));

    const snapshot = actor.getSnapshot();
    const { context } = snapshot;
    expect(context.source).toBe(
      VARYING.replace('seed: 4 # the scenario', `seed: ${seed} # the scenario`),
    );
    expect(context.scenario?.seed).toBe(seed);
    expect(context.view?.run.report).toEqual(simulate(SCENARIO, { seed }).report);
    expect(snapshot.matches({ playback: 'playing' })).toBe(true);
    expect(context.cursor).toBe(0);
    // The link shares the text, seed included.
    const shared = readShareHash(shareHash(context.source));
    if (!shared || 'error' in shared) throw new Error('the link does not read');
    expect(parseScenario(shared.text, FILE).seed).toBe(seed);
    // Undo brings the text before back; the notice says what happened.
    expect(context.replaced.at(-1)?.source).toBe(VARYING);
    expect(context.notices.at(-1)?.text).toContain(
      `Playing seed ${seed}, the p95 run of the samples`,
    );
    // The samples stay current, say which run is on the stage, and sample the same seeds again.
    expect(screen.queryByTestId('distribution-stale')).toBeNull();
    expect(screen.getByTestId('distribution-play-p95').getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByTestId('distribution-on-screen').textContent).toBe(
      `On the stage: seed ${seed}, the p95 run of the samples.`,
    );
    expect(screen.getByTestId('distribution-seeds').textContent).toContain('Seeds 4–63,');
    act(() => void fireEvent.click(screen.getByTestId('distribution-start')));
    expect(actor.getSnapshot().context.distribution?.result?.report).toEqual(expected().report);
  });

  it('should play the run of the longest window, which the worst run is not', () => {
    const actor = start();
    renderWithPlayer(actor, <DistributionTab />, strict);
    sample(N);
    const { report } = expected();
    // The window to book is another run's than the most downtime's, in these samples.
    expect(report.longestWindow.seed).not.toBe(report.worst.seed);
    const button = screen.getByTestId('distribution-play-longest');
    expect(button.dataset.seed).toBe(String(report.longestWindow.seed));
    act(() => void fireEvent.click(button));
    const { context } = actor.getSnapshot();
    expect(context.scenario?.seed).toBe(report.longestWindow.seed);
    expect(context.view?.run.report.duration).toBe(report.longestWindow.duration);
    expect(screen.getByTestId('distribution-on-screen').textContent).toBe(
      `On the stage: seed ${report.longestWindow.seed}, the run of the longest window.`,
    );
  });

  it('should play the worst run, and a run of a histogram bar by click or by keyboard', () => {
    const actor = start();
    renderWithPlayer(actor, <DistributionTab />, strict);
    sample(N);
    const { report, samples } = expected();
    act(() => void fireEvent.click(screen.getByTestId('distribution-play-worst')));
    expect(actor.getSnapshot().context.scenario?.seed).toBe(report.worst.seed);
    expect(actor.getSnapshot().context.view?.run.report.downtime.total).toBe(report.worst.total);

    const bars = screen.getAllByTestId('distribution-bar');
    const bar = bars[0] as HTMLElement;
    act(() => void fireEvent.click(bar));
    const seed = Number(bar.dataset.seed);
    expect(actor.getSnapshot().context.scenario?.seed).toBe(seed);
    // The bar's run is one of its own: its total is among the bar's (the lowest bar's lowest).
    const lowest = Math.min(...samples.map((s) => s.total));
    const total = samples.find((s) => s.seed === seed)?.total ?? -1;
    expect(actor.getSnapshot().context.view?.run.report.downtime.total).toBe(total);
    expect(total).toBeGreaterThanOrEqual(lowest);
    expect(bar.getAttribute('aria-label')).toContain(`Play seed ${seed}`);

    // One Tab stop for the bars; the arrows move between them and Enter plays.
    const stops = screen.getAllByTestId('distribution-bar').filter((b) => b.tabIndex === 0);
    expect(stops).toHaveLength(1);
    const first = stops[0] as HTMLElement;
    act(() => first.focus());
    act(() => void fireEvent.keyDown(first, { key: 'ArrowRight' }));
    const next = document.activeElement as HTMLElement;
    expect(next.dataset.testid).toBe('distribution-bar');
    expect(next).not.toBe(first);
    expect(next.tabIndex).toBe(0);
    act(() => void fireEvent.keyDown(next, { key: 'Enter' }));
    expect(actor.getSnapshot().context.scenario?.seed).toBe(Number(next.dataset.seed));
  });

  it('should say plainly that every seed gives the same run when nothing is drawn, and not sample', () => {
    const actor = startPlayer('ha-pair.yaml', {}, undefined, undefined, sampleInProcess);
    renderWithPlayer(actor, <DistributionTab />, strict);
    expect(screen.getByTestId('distribution-fixed').textContent).toContain(
      'Every seed gives the same run',
    );
    expect(screen.queryByTestId('distribution-start')).toBeNull();
    act(() => actor.send({ type: 'distribution.start' }));
    expect(screen.getByTestId('distribution').dataset.status).toBe('idle');
    expect(actor.getSnapshot().context.distribution).toBeUndefined();
  });

  it('should say what the seed draws, durations in the order written', () => {
    renderWithPlayer(start(), <DistributionTab />, strict);
    expect(screen.getByTestId('distribution-draws').textContent).toBe(
      'The seed draws the length of each install, switchover and reboot step and whether faults[0] (upgrade failure on device-a) strikes at each matching step, with a chance of 0.3.',
    );
  });

  it('should say which ranges time nothing in the run on screen, and draw only the others', () => {
    // One server has no failover: its range is drawn for nothing. Before, the sentence named it
    // with the install's, read from the file.
    const text = ONE_SERVER.replace('durations:', 'durations:\n  install: 20m..25m');
    const actor = start(sampleInProcess, text);
    renderWithPlayer(actor, <DistributionTab />, strict);
    expect(actor.getSnapshot().context.view?.run.drawn).toEqual(['install']);
    expect(screen.getByTestId('distribution-draws').textContent).toBe(
      'The seed draws the length of each install step. The range of failover times nothing in the run on screen: no step it times runs.',
    );
    expect(screen.getByTestId('distribution-start')).toBeTruthy();
  });

  it('should say every seed gives the same run when its ranges time nothing, and not sample', () => {
    const actor = start(sampleInProcess, ONE_SERVER);
    renderWithPlayer(actor, <DistributionTab />, strict);
    expect(screen.getByTestId('distribution-fixed').textContent).toContain(
      'Every seed gives the same run: the range of failover times no step of it',
    );
    expect(screen.queryByTestId('distribution-draws')).toBeNull();
    expect(screen.queryByTestId('distribution-start')).toBeNull();
    act(() => actor.send({ type: 'distribution.start' }));
    expect(actor.getSnapshot().context.distribution).toBeUndefined();
  });

  it('should mark the samples as of another scenario once it is edited, and not play them', () => {
    const actor = start();
    renderWithPlayer(actor, <DistributionTab />, strict);
    sample(20);
    expect(screen.queryByTestId('distribution-stale')).toBeNull();
    const worst = () => screen.getByTestId<HTMLButtonElement>('distribution-play-worst');
    expect(worst().disabled).toBe(false);
    const edited = VARYING.replace('15m..30m', '10m..20m');
    act(() => actor.send({ type: 'scenario.edit', text: edited }));
    // Typed, not simulated yet: nothing plays from text the samples may not be of.
    expect(worst().disabled).toBe(true);
    act(() => actor.send({ type: 'simulation.run' }));
    expect(actor.getSnapshot().context.simulated).toBe(edited);
    expect(screen.getByTestId('distribution-stale').textContent).toContain(
      'the scenario has changed since',
    );
    expect(worst().disabled).toBe(true);
    act(() => actor.send({ type: 'distribution.play', seed: 7, what: 'a run' }));
    expect(actor.getSnapshot().context.source).toBe(edited);
  });

  it('should cancel: the runner is stopped and the partial progress stays', () => {
    const { runner, stop, send } = manualRunner();
    renderWithPlayer(start(runner), <DistributionTab />, strict);
    sample(50);
    send({ type: 'distribution.progress', done: 10, total: 50 });
    expect(screen.getByTestId('distribution').dataset.status).toBe('running');
    expect(screen.getByTestId('distribution-progress').getAttribute('aria-valuenow')).toBe('20');
    expect(screen.getByTestId('distribution-status').textContent).toContain(
      'Sampling “HA pair, preemption left on, durations that vary”… 10 of 50 runs',
    );
    expect(screen.getByTestId('distribution-samples').matches(':disabled')).toBe(true);
    act(() => void fireEvent.click(screen.getByTestId('distribution-cancel')));
    expect(stop).toHaveBeenCalledTimes(1);
    expect(screen.getByTestId('distribution').dataset.status).toBe('cancelled');
    expect(screen.getByTestId('distribution-status').textContent).toContain('Cancelled at 20 %');
    send({ type: 'distribution.progress', done: 40, total: 50 });
    expect(screen.getByTestId('distribution-progress').getAttribute('aria-valuenow')).toBe('20');
    expect(screen.getByTestId('distribution-start')).toBeTruthy();
  });

  it('should show a failure and leave the player working', () => {
    const { runner, send } = manualRunner();
    const actor = start(runner);
    renderWithPlayer(actor, <DistributionTab />, strict);
    sample(5);
    send({ type: 'distribution.failed', message: 'the engine threw: boom' });
    expect(screen.getByRole('alert').textContent).toBe(
      'The sampling failed: the engine threw: boom',
    );
    act(() => actor.send({ type: 'step.forward' }));
    expect(actor.getSnapshot().context.cursor).toBe(1);
  });

  it('should report that the app’s worker cannot start where there are no workers (jsdom)', () => {
    const actor = startPlayer('ha-pair.yaml', {
      initial: { text: VARYING, edited: true, dirty: false, file: FILE },
    });
    renderWithPlayer(actor, <DistributionTab />, strict);
    act(() => void fireEvent.click(screen.getByTestId('distribution-start')));
    expect(screen.getByTestId('distribution-error').textContent).toMatch(
      /sampling worker could not start/,
    );
  });

  it('should start from the seed asked for, as --seed does, and take at most the cap', () => {
    const actor = start();
    renderWithPlayer(actor, <DistributionTab />, strict);
    act(
      () =>
        void fireEvent.change(screen.getByTestId('distribution-from'), {
          target: { value: '100' },
        }),
    );
    sample(12);
    expect(screen.getByTestId('distribution-seeds').textContent).toContain(
      'Seeds 100–111, one run each, as rehearse run FILE --samples 12 --seed 100 does.',
    );
    expect(actor.getSnapshot().context.distribution?.result?.report).toEqual(
      summarizeSamples(SCENARIO, sampleRuns(SCENARIO, 100, 12)),
    );
    act(
      () =>
        void fireEvent.change(screen.getByTestId('distribution-samples'), {
          target: { value: '999999' },
        }),
    );
    expect(actor.getSnapshot().context.distributionSettings.samples).toBe(10_000);
  });

  it('should list the warnings of the runs, as run --samples does', () => {
    // Before: a `durations:` value that timed nothing (the plan never installs on the active
    // device) was warned of by a single run only; the figures read as if it counted.
    const careless = VARYING.replace(
      'install: 15m..30m',
      'install: { default: 15m..30m, active: 2h }',
    );
    const scenario = parseScenario(careless, FILE);
    const actor = start(sampleInProcess, careless);
    renderWithPlayer(actor, <DistributionTab />, strict);
    sample(12);
    const report = summarizeSamples(scenario, sampleRuns(scenario, scenario.seed, 12));
    expect(report.warnings.length).toBeGreaterThan(0);
    expect(
      screen.getAllByTestId('distribution-warning').map((item) => Number(item.dataset.runs)),
    ).toEqual(report.warnings.map((warning) => warning.runs));
    expect(screen.getAllByTestId('distribution-warning')[0]?.textContent).toContain(
      'durations.install: the value for active timed nothing',
    );
  });

  it('should refuse seeds past the largest, as the CLI does', () => {
    const actor = start();
    renderWithPlayer(actor, <DistributionTab />, strict);
    act(
      () =>
        void fireEvent.change(screen.getByTestId('distribution-from'), {
          target: { value: '9007199254740990' },
        }),
    );
    sample(4);
    // Before: sampled "seeds 9,007,199,254,740,990–9,007,199,254,740,992", one of them twice.
    expect(screen.getByTestId('distribution-seeds-refused').textContent).toBe(
      'Not sampled: 4 seeds from 9007199254740990 on go past 9007199254740991, the largest seed: start at 9007199254740988 or lower, or take fewer samples.',
    );
    expect(screen.getByTestId<HTMLButtonElement>('distribution-start').disabled).toBe(true);
    expect(actor.getSnapshot().context.distribution).toBeUndefined();
    sample(2);
    expect(screen.queryByTestId('distribution-seeds-refused')).toBeNull();
    expect(actor.getSnapshot().context.distribution?.result?.report.samples).toBe(2);
  });

  it('should note that faults injected by hand are not in the samples', () => {
    const actor = start();
    renderWithPlayer(actor, <DistributionTab />, strict);
    expect(screen.queryByTestId('distribution-faults-note')).toBeNull();
    act(() => actor.send({ type: 'fault.inject', fault: 'host-crash', target: 'device-b' }));
    expect(screen.getByTestId('distribution-faults-note').textContent).toContain(
      'without the 1 fault injected by hand',
    );
  });

  it('should hold the figures back in spoiler-free mode until the run reaches its end', () => {
    const actor = start();
    renderWithPlayer(actor, <DistributionTab />, strict);
    sample(10);
    act(() => actor.send({ type: 'spoilers.set', on: true }));
    expect(screen.getByTestId('distribution-hidden')).toBeTruthy();
    expect(screen.queryByTestId('distribution-result')).toBeNull();
    act(() => actor.send({ type: 'seek.end' }));
    expect(screen.getByTestId('distribution-result')).toBeTruthy();
  });
});
