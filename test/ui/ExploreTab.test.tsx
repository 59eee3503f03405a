// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  explore,
  formatDuration,
  parseScenario,
  searchDecisions,
  simulate,
  sourceLabel,
  type DecisionSearchResult,
  type ExploreResult,
} from '../../src/sim';
import type { ExploreMessage, ExploreRunner } from '../../src/ui/explore';
import { InvariantsPanel } from '../../src/ui/panels/InvariantsPanel';
import { ExploreTab } from '../../src/ui/panels/ExploreTab';
import { words } from '../../src/ui/format';
import { fixtureText, MODES, renderWithPlayer, runInProcess, startPlayer } from './harness';

const haPair = parseScenario(fixtureText('ha-pair.yaml'), 'ha-pair.yaml');
// The engine's own answer, computed once: what the tab must show.
let expected: ExploreResult | undefined;
const singleFaults = () => (expected ??= explore(haPair));
const searched = new Map<string, DecisionSearchResult>();
/** The engine's decision search on a fixture, computed once. */
function decisionSearch(file: Parameters<typeof fixtureText>[0]): DecisionSearchResult {
  const found = searched.get(file) ?? searchDecisions(parseScenario(fixtureText(file), file));
  searched.set(file, found);
  return found;
}

const Views = () => (
  <>
    <InvariantsPanel />
    <ExploreTab />
  </>
);

/** A runner that reports what the test says, when it says, and records being stopped. */
function manualRunner() {
  const stop = vi.fn();
  let report: ((message: ExploreMessage) => void) | undefined;
  const runner: ExploreRunner = (_request, send) => {
    report = send;
    return stop;
  };
  return { runner, stop, send: (message: ExploreMessage) => act(() => report?.(message)) };
}

describe.each(MODES)('ExploreTab (%s)', (_, strict) => {
  afterEach(cleanup);

  it('should explore every single fault, show progress at 100 % and exactly what explore() finds', () => {
    const actor = startPlayer('ha-pair.yaml', {}, runInProcess);
    renderWithPlayer(actor, <Views />, strict);
    expect(screen.getByTestId('explore').dataset.status).toBe('idle');
    act(() => void fireEvent.click(screen.getByTestId('explore-start')));

    const result = singleFaults();
    const found = actor.getSnapshot().context.exploration?.result;
    expect(found).toEqual(result);
    // Plain data: it crosses the worker boundary as it is.
    expect(JSON.parse(JSON.stringify(found))).toEqual(found);
    expect(screen.getByTestId('explore').dataset.status).toBe('finished');
    expect(screen.getByTestId('explore-progress').getAttribute('aria-valuenow')).toBe('100');
    expect(screen.getByTestId('explore-runs-done').dataset.value).toBe(String(result.runs));
    // Runs that rejoined the fault-free run are said so.
    expect(result.converged).toBeGreaterThan(0);
    expect(screen.getByTestId('explore-runs-done').textContent).toContain(
      `(${result.converged} converged)`,
    );
    expect(screen.getByTestId('explore-states').dataset.value).toBe(String(result.distinctStates));
    expect(screen.getByTestId('explore-outcomes').textContent).toContain(
      `completed ${result.outcomes.completed}`,
    );
    const items = screen.getAllByTestId('counterexample');
    expect(items.map((item) => item.dataset.invariant)).toEqual(
      result.counterexamples.map((c) => c.invariant),
    );
    expect(items.length).toBeGreaterThan(0);
    const first = result.counterexamples[0];
    const item = within(items[0] as HTMLElement);
    expect(item.getByText(first?.message ?? '?', { exact: false })).toBeTruthy();
    // Each finding says whether the procedure or its fault brought the violation about.
    expect(items.map((entry) => within(entry).getByTestId('violation-cause').textContent)).toEqual(
      result.counterexamples.map((c) => c.cause),
    );
    expect(items[0]?.textContent).toMatch(/1 fault · \d+ steps/);
  });

  it('should open a counterexample as an edited scenario, at its violation, red in the invariants panel', () => {
    const actor = startPlayer('ha-pair.yaml', {}, runInProcess);
    renderWithPlayer(actor, <Views />, strict);
    act(() => void fireEvent.click(screen.getByTestId('explore-start')));
    const found = singleFaults().counterexamples[0];
    if (!found) throw new Error('the HA pair fixture has no counterexample');
    const invariant = () =>
      screen.getAllByTestId('invariant').find((li) => li.dataset.id === found.invariant);
    expect(invariant()?.dataset.holds).toBe('true');

    act(() => void fireEvent.click(screen.getAllByTestId('explore-open')[0] as HTMLElement));
    const { context } = actor.getSnapshot();
    expect(context.edited).toBe(true);
    expect(context.builtin).toBeUndefined();
    expect(context.error).toBeUndefined();
    // The editor holds the counterexample's scenario: it replays to the same violation.
    const replay = simulate(parseScenario(context.source, 'x.yaml')).report;
    const violation = replay.invariants.find((i) => i.id === found.invariant)?.violations[0];
    expect(violation?.message).toBe(found.message);
    expect(context.scenario?.faults).toEqual(found.faults);
    expect(context.cursor).toBe(violation?.seq);
    // The text is the one explored, with only its name, faults and expect written again: the
    // author's flow mappings stay (before, the whole file came back in canonical block form).
    for (const line of ['version: { from: 9.0.2, to: 9.1.0 }', 'policy: { preemption: enabled }'])
      expect(context.source).toContain(`\n${line}\n`);
    expect(context.source).toContain('\nfaults:\n');
    expect(context.source).toContain('\nexpect:\n');
    expect(invariant()?.dataset.holds).toBe('false');
    expect(screen.getAllByTestId('explore-open')[0]?.textContent).toBe('Opened');
    // The findings stay, to open another one.
    expect(screen.getAllByTestId('counterexample')).toHaveLength(
      singleFaults().counterexamples.length,
    );
    // And it plays and rewinds like any run.
    act(() => actor.send({ type: 'seek.start' }));
    expect(actor.getSnapshot().context.cursor).toBe(0);
    expect(invariant()?.textContent).toContain('0 so far');
  });

  it('should pass random mode with its N and seed to the engine', () => {
    const actor = startPlayer('standalone.yaml', {}, runInProcess);
    renderWithPlayer(actor, <ExploreTab />, strict);
    expect(screen.getByTestId<HTMLInputElement>('explore-runs').disabled).toBe(true);
    act(() => void fireEvent.click(screen.getByTestId('explore-mode-random')));
    act(
      () => void fireEvent.change(screen.getByTestId('explore-runs'), { target: { value: '7' } }),
    );
    act(
      () => void fireEvent.change(screen.getByTestId('explore-seed'), { target: { value: '3' } }),
    );
    act(() => void fireEvent.click(screen.getByTestId('explore-start')));
    const scenario = parseScenario(fixtureText('standalone.yaml'), 'standalone.yaml');
    expect(actor.getSnapshot().context.exploration?.result).toEqual(
      explore(scenario, { random: { runs: 7, seed: 3 } }),
    );
    expect(screen.getByTestId('explore-status').textContent).toContain(
      '7 random fault sets (seed 3)',
    );
  });

  it('should ask for every pair of faults in pairs mode', () => {
    const { runner, send } = manualRunner();
    const requests: number[] = [];
    const actor = startPlayer('standalone.yaml', {}, (request, report) => {
      requests.push(request.faults);
      return runner(request, report);
    });
    renderWithPlayer(actor, <ExploreTab />, strict);
    act(() => void fireEvent.click(screen.getByTestId('explore-mode-pairs')));
    act(() => void fireEvent.click(screen.getByTestId('explore-start')));
    expect(requests).toEqual([2]);
    send({ type: 'explore.progress', done: 1, total: 4 });
    expect(screen.getByTestId('explore-progress').getAttribute('aria-valuenow')).toBe('25');
    expect(screen.getByTestId('explore-status').textContent).toContain('every pair of faults');
  });

  it('should cancel: the runner is stopped and the partial progress stays', () => {
    const { runner, stop, send } = manualRunner();
    const actor = startPlayer('ha-pair.yaml', {}, runner);
    renderWithPlayer(actor, <ExploreTab />, strict);
    act(() => void fireEvent.click(screen.getByTestId('explore-start')));
    send({ type: 'explore.progress', done: 3, total: 10 });
    expect(screen.getByTestId('explore').dataset.status).toBe('running');
    expect(screen.getByTestId('explore-progress').getAttribute('aria-valuenow')).toBe('30');
    expect(stop).not.toHaveBeenCalled();
    act(() => void fireEvent.click(screen.getByTestId('explore-cancel')));
    expect(stop).toHaveBeenCalledTimes(1);
    expect(screen.getByTestId('explore').dataset.status).toBe('cancelled');
    expect(screen.getByTestId('explore-status').textContent).toContain('Cancelled at 30 %');
    // Whatever a stopped runner still says is ignored.
    send({ type: 'explore.progress', done: 9, total: 10 });
    expect(screen.getByTestId('explore-progress').getAttribute('aria-valuenow')).toBe('30');
    expect(screen.getByTestId('explore-start')).toBeTruthy();
  });

  it('should show a failure in the panel and leave the player working', () => {
    const { runner, send } = manualRunner();
    const actor = startPlayer('ha-pair.yaml', {}, runner);
    renderWithPlayer(actor, <Views />, strict);
    act(() => void fireEvent.click(screen.getByTestId('explore-start')));
    send({ type: 'explore.failed', message: 'the engine threw: boom' });
    expect(screen.getByRole('alert').textContent).toContain('the engine threw: boom');
    expect(screen.getByTestId('explore').dataset.status).toBe('failed');
    act(() => actor.send({ type: 'step.forward' }));
    expect(actor.getSnapshot().context.cursor).toBe(1);
    // And it can start again.
    act(() => void fireEvent.click(screen.getByTestId('explore-start')));
    expect(screen.getByTestId('explore').dataset.status).toBe('running');
  });

  it('should report that the app’s worker cannot start where there are no workers (jsdom)', () => {
    const actor = startPlayer('standalone.yaml');
    renderWithPlayer(actor, <ExploreTab />, strict);
    act(() => void fireEvent.click(screen.getByTestId('explore-start')));
    expect(screen.getByTestId('explore').dataset.status).toBe('failed');
    expect(screen.getByTestId('explore-error').textContent).toMatch(/worker could not start/);
  });

  it('should search the decisions and show, per fault and decision point, exactly what the engine finds', () => {
    const requests: unknown[] = [];
    const actor = startPlayer('ha-left-on.yaml', {}, (request, report) => {
      requests.push({ decisions: request.decisions, faults: request.faults });
      return runInProcess(request, report);
    });
    renderWithPlayer(actor, <ExploreTab />, strict);
    act(() => void fireEvent.click(screen.getByTestId('explore-mode-decisions')));
    act(() => void fireEvent.click(screen.getByTestId('explore-start')));
    expect(requests).toEqual([{ decisions: true, faults: 1 }]);

    const search = decisionSearch('ha-left-on.yaml');
    const found = actor.getSnapshot().context.exploration?.decisions;
    expect(found).toEqual(search);
    // Plain data: it crosses the worker boundary as it is.
    expect(JSON.parse(JSON.stringify(found))).toEqual(found);
    expect(screen.getByTestId('explore').dataset.status).toBe('finished');
    expect(screen.getByTestId('explore-progress').getAttribute('aria-valuenow')).toBe('100');
    expect(screen.getByTestId('explore-status').textContent).toContain(
      'the decisions every single fault leads to',
    );
    const rows = screen.getAllByTestId('decision-finding');
    expect(search.findings.length).toBeGreaterThan(0);
    expect(
      rows.map((row) => [
        row.dataset.point,
        row.dataset.default,
        row.dataset.best,
        row.dataset.better,
      ]),
    ).toEqual(
      search.findings.map((f) => [
        f.point,
        f.default,
        f.best ?? '',
        String(search.better.includes(f)),
      ]),
    );
    // Each option of each row, with what it costs and what it violates.
    for (const [index, finding] of search.findings.entries()) {
      const options = within(rows[index] as HTMLElement).getAllByTestId('decision-option');
      expect(options.map((row) => row.dataset.option)).toEqual(
        finding.results.map((r) => r.option),
      );
      for (const [at, result] of finding.results.entries()) {
        const cells = [...(options[at] as HTMLElement).querySelectorAll('td')].map(
          (td) => td.textContent,
        );
        expect(cells[1]).toBe(formatDuration(result.downtime));
        expect(cells[3]).toBe(result.violates.map(words).join(', '));
        // Where the option comes from, the document only where it prescribes it there.
        expect(cells[4]).toBe(sourceLabel(result.source));
      }
    }
    // The default's cost and the options that violate an invariant are named in the verdict.
    const violating = search.findings.findIndex((f) =>
      f.results.some((r) => r.violates.length > 0),
    );
    expect(violating).toBeGreaterThanOrEqual(0);
    const finding = search.findings[violating] as DecisionSearchResult['findings'][number];
    const verdict = within(rows[violating] as HTMLElement).getByTestId(
      'decision-verdict',
    ).textContent;
    for (const r of finding.results.filter((r) => r.violates.length > 0))
      expect(verdict).toContain(`${words(r.option)} (${r.violates.map(words).join(', ')})`);
    const fallback = finding.results.find((r) => r.option === finding.default);
    expect(verdict).toContain(
      `Default: ${words(finding.default)} — ${words(fallback?.outcome ?? '?')}`,
    );
    // The downtime is every workload's added up, and says so (before: "downtime 6d9h30m").
    expect(verdict).toContain(
      `downtime ${formatDuration(fallback?.downtime ?? -1)} summed over the workloads`,
    );
  }, 60_000);

  it('should open a row of the decision search as a run of that fault with that option chosen', () => {
    const actor = startPlayer('standalone.yaml', {}, runInProcess);
    renderWithPlayer(actor, <ExploreTab />, strict);
    act(() => void fireEvent.click(screen.getByTestId('explore-mode-decisions')));
    act(() => void fireEvent.click(screen.getByTestId('explore-start')));
    const search = decisionSearch('standalone.yaml');
    // A row whose best option is not the default: opening it runs what the default does not.
    const index = search.findings.findIndex((f) => f.best !== undefined && f.best !== f.default);
    const finding = search.findings[index];
    if (!finding?.best) throw new Error('the standalone fixture has no better option');
    const row = screen.getAllByTestId('decision-finding')[index] as HTMLElement;
    const option = within(row)
      .getAllByTestId('decision-option')
      .find((tr) => tr.dataset.option === finding.best) as HTMLElement;
    act(() => void fireEvent.click(within(option).getByTestId('decision-open')));

    const { context } = actor.getSnapshot();
    expect(context.edited).toBe(true);
    expect(context.error).toBeUndefined();
    expect(context.scenario?.faults).toEqual(finding.faults);
    const replay = simulate(parseScenario(context.source, 'x.yaml')).report;
    const taken = replay.decisions.find((d) => d.situation === finding.point);
    expect(taken).toMatchObject({ chosen: finding.best, by: 'scenario' });
    // It expects what the search measured, and meets it: the explored scenario's own expect
    // was of its run without the fault.
    expect(replay.expectations?.met).toBe(true);
    // The explored text with its faults and decisions written in, its other lines as they were.
    const kept = fixtureText('standalone.yaml').split('\n').slice(1).filter(Boolean);
    for (const line of kept) expect(context.source).toContain(`${line}\n`);
    const result = finding.results.find((r) => r.option === finding.best);
    expect([replay.outcome, replay.downtime.total, replay.duration]).toEqual([
      result?.outcome,
      result?.downtime,
      result?.duration,
    ]);
    expect(within(option).getByTestId('decision-open').textContent).toBe('Opened');
    // The findings stay, to open another row.
    expect(screen.getAllByTestId('decision-finding')).toHaveLength(search.findings.length);
  }, 60_000);

  it('should cancel a decision search: the runner is stopped and the partial progress stays', () => {
    const { runner, stop, send } = manualRunner();
    const actor = startPlayer('standalone.yaml', {}, runner);
    renderWithPlayer(actor, <ExploreTab />, strict);
    act(() => void fireEvent.click(screen.getByTestId('explore-mode-decisions')));
    act(() => void fireEvent.click(screen.getByTestId('explore-start')));
    send({ type: 'explore.progress', done: 1, total: 4 });
    expect(screen.getByTestId('explore-status').textContent).toContain('1 of 4 fault sets');
    act(() => void fireEvent.click(screen.getByTestId('explore-cancel')));
    expect(stop).toHaveBeenCalledTimes(1);
    expect(screen.getByTestId('explore').dataset.status).toBe('cancelled');
    expect(screen.getByTestId('explore-status').textContent).toContain('Cancelled at 25 %');
    expect(actor.getSnapshot().context.exploration?.decisions).toBeUndefined();
  });

  it('should offer nothing to start without a valid scenario', () => {
    const actor = startPlayer('ha-pair.yaml', { builtins: [], initial: undefined }, runInProcess);
    renderWithPlayer(actor, <ExploreTab />, strict);
    expect(screen.getByTestId<HTMLButtonElement>('explore-start').disabled).toBe(true);
    act(() => actor.send({ type: 'explore.start' }));
    expect(actor.getSnapshot().matches({ explorer: 'idle' })).toBe(true);
  });
});
