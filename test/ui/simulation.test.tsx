// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../src/ui/App';
import type { ExploreRunner } from '../../src/ui/explore';
import {
  simulationJob,
  type SimulationMessage,
  type SimulationRequest,
  type SimulationRunner,
} from '../../src/ui/simulation';
import { fixtureText, MODES, renderWithPlayer, startPlayer } from './harness';

/** A runner that answers when the test says: the first run at once, later ones on demand. */
function manualRunner() {
  const stop = vi.fn();
  const pending: { request: SimulationRequest; report: (message: SimulationMessage) => void }[] =
    [];
  let first = true;
  const runner: SimulationRunner = (request, report) => {
    if (first) {
      first = false;
      simulationJob(request, report);
      return () => undefined;
    }
    pending.push({ request, report });
    return stop;
  };
  const finish = () =>
    act(() => {
      const job = pending.pop();
      if (job) simulationJob(job.request, job.report);
    });
  const progress = (step: number) =>
    act(() => {
      const job = pending.at(-1);
      job?.report({
        type: 'simulation.progress',
        id: job.request.id,
        step,
        steps: 40,
        transitions: 500,
        at: 3_600_000,
      });
    });
  return { runner, stop, pending, finish, progress };
}

const CHANGED = fixtureText('cluster.yaml').replace('processing: 3', 'processing: 4');

// Each test simulates the cluster fixture several times: slow on a busy machine.
describe.each(MODES)('simulating off the main thread (%s)', { timeout: 30_000 }, (_, strict) => {
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });

  it('should keep the last run on screen while a run is in flight, show its progress, and cancel it', () => {
    vi.useFakeTimers();
    const manual = manualRunner();
    const actor = startPlayer('cluster.yaml', {}, undefined, manual.runner);
    renderWithPlayer(actor, <App />, strict);
    const before = actor.getSnapshot().context.view;
    expect(before).toBeDefined();
    fireEvent.change(screen.getByTestId('source'), { target: { value: CHANGED } });
    act(() => void vi.advanceTimersByTime(300));
    expect(manual.pending).toHaveLength(1);
    expect(screen.getByTestId('run-status').dataset.state).toBe('running');
    manual.progress(12);
    expect(screen.getByTestId('run-status').textContent).toMatch(/step 12 of about 40/);
    // Typing goes on while the run is in flight: the text changes at once.
    fireEvent.change(screen.getByTestId('source'), { target: { value: `${CHANGED}# more\n` } });
    expect(actor.getSnapshot().context.source).toBe(`${CHANGED}# more\n`);
    act(() => void vi.advanceTimersByTime(300));
    // The newer text's run replaced the older one, which was stopped.
    expect(manual.stop).toHaveBeenCalledTimes(1);
    act(() => void fireEvent.click(screen.getByTestId('run-cancel')));
    expect(manual.stop).toHaveBeenCalledTimes(2);
    expect(actor.getSnapshot().context.view).toBe(before);
    expect(screen.getByTestId('run-status').dataset.state).toBe('cancelled');
    act(() => void fireEvent.click(screen.getByTestId('run-start')));
    // Messages of the runs stopped earlier are ignored; the newest one's run goes on screen.
    act(() => {
      for (const job of manual.pending.slice(0, -1)) simulationJob(job.request, job.report);
    });
    expect(actor.getSnapshot().context.view).toBe(before);
    manual.finish();
    expect(actor.getSnapshot().context.view?.hosts).toHaveLength((before?.hosts.length ?? 0) + 1);
    expect(screen.queryByTestId('run-status')).toBeNull();
  });

  it('should simulate the run to compare with through the simulation runner, with progress and cancel', () => {
    const manual = manualRunner();
    const actor = startPlayer('ha-pair.yaml', {}, undefined, manual.runner);
    renderWithPlayer(actor, <App />, strict);
    const view = actor.getSnapshot().context.view;
    fireEvent.click(screen.getByTestId('tab-compare'));
    fireEvent.click(screen.getByTestId('compare-open'));
    // The compare asks the runner (the worker in the app) and waits: nothing ran on this thread.
    expect(manual.pending).toHaveLength(1);
    expect(manual.pending[0]?.request.scenario?.policy.preemption).toBe('disabled');
    expect(actor.getSnapshot().context.comparison?.right).toBeUndefined();
    expect(screen.getByTestId('compare-status').textContent).toMatch(/Simulating the run/);
    manual.progress(7);
    expect(screen.getByTestId('compare-status').textContent).toMatch(/step 7 of about 40/);
    act(() => void fireEvent.click(screen.getByTestId('compare-cancel')));
    expect(manual.stop).toHaveBeenCalledTimes(1);
    expect(screen.getByTestId('compare-cancelled')).toBeDefined();
    // A late message of the cancelled run changes nothing.
    manual.finish();
    expect(actor.getSnapshot().context.comparison?.right).toBeUndefined();
    // Again, to the end: the run arrives and the comparison shows it; the run on screen stays.
    fireEvent.click(screen.getByTestId('compare-open'));
    expect(manual.pending).toHaveLength(1);
    manual.finish();
    expect(actor.getSnapshot().context.comparison?.right?.scenario.policy.preemption).toBe(
      'disabled',
    );
    expect(screen.queryByTestId('compare-status')).toBeNull();
    expect(actor.getSnapshot().context.view).toBe(view);
  });

  it('should not stop an exploration or a run in flight when the user types', () => {
    const manual = manualRunner();
    const stopExploring = vi.fn();
    const explorer: ExploreRunner = () => stopExploring;
    const actor = startPlayer('cluster.yaml', {}, explorer, manual.runner);
    actor.send({ type: 'simulation.run' });
    actor.send({ type: 'explore.start' });
    actor.send({ type: 'scenario.edit', text: CHANGED });
    actor.send({ type: 'scenario.edit', text: `${CHANGED}#\n` });
    expect(stopExploring).not.toHaveBeenCalled();
    expect(manual.stop).not.toHaveBeenCalled();
    expect(manual.pending).toHaveLength(1);
  });

  it('should not run at start-up a text whose last run never ended, and say why, with a button to run it', () => {
    const actor = startPlayer('cluster.yaml', { hold: true });
    renderWithPlayer(actor, <App />, strict);
    expect(actor.getSnapshot().context.view).toBeUndefined();
    expect(actor.getSnapshot().context.source).toBe(fixtureText('cluster.yaml'));
    const status = screen.getByTestId('run-status');
    expect(status.dataset.state).toBe('held');
    expect(status.textContent).toMatch(/still being simulated when the app last closed/);
    act(() => void fireEvent.click(screen.getByTestId('run-start')));
    expect(actor.getSnapshot().context.view?.run.report.scenario).toBe(
      actor.getSnapshot().context.scenario?.name,
    );
  });
});
