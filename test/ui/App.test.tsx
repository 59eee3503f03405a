// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src/ui/App';
import { readSettings, type StorageLike } from '../../src/ui/state/persistence';
import { settledAfter } from '../../src/ui/state/runView';
import { MODES, renderWithPlayer, startPlayer } from './harness';

describe.each(MODES)('App (%s)', (_, strict) => {
  afterEach(cleanup);

  it('should show every panel of a run and switch tabs', async () => {
    const actor = startPlayer('ha-pair.yaml');
    renderWithPlayer(actor, <App />, strict);
    for (const name of ['Topology', 'Timeline', 'Procedure', 'Invariants', 'Faults']) {
      expect(screen.getByRole('region', { name })).toBeTruthy();
    }
    expect(screen.getByTestId('editor')).toBeTruthy();
    fireEvent.click(screen.getByTestId('tab-compare'));
    fireEvent.click(screen.getByTestId('compare-open'));
    expect(actor.getSnapshot().context.comparison?.right).toBeDefined();
    fireEvent.click(screen.getByTestId('tab-statechart'));
    expect(await screen.findByTestId('active-state')).toBeTruthy();
    expect(screen.queryByTestId('panel-error')).toBeNull();
  });

  it('should cover the tabs that tell what lies ahead in spoiler-free mode, until shown', () => {
    // Before: the Scenario tab under the stage showed the scenario's name, its description of
    // the mistake to spot, and its faults, one scroll below a stage that hid them.
    const actor = startPlayer('cluster-crash.yaml', { spoilerFree: true });
    const { container } = renderWithPlayer(actor, <App />, strict);
    const page = () => container.textContent ?? '';
    expect(screen.getByTestId('spoiler-cover').textContent).toContain('names it, its faults');
    expect(screen.queryByTestId('editor')).toBeNull();
    expect(page()).not.toContain('crashes');
    for (const tab of ['inspector', 'compare', 'explore', 'distribution']) {
      fireEvent.click(screen.getByTestId(`tab-${tab}`));
      expect(screen.getByTestId('spoiler-cover'), tab).toBeTruthy();
    }
    // The statechart shows where the machines are now: not covered.
    fireEvent.click(screen.getByTestId('tab-statechart'));
    expect(screen.queryByTestId('spoiler-cover')).toBeNull();
    fireEvent.click(screen.getByTestId('tab-scenario'));
    fireEvent.click(screen.getByTestId('spoiler-show'));
    expect(screen.getByTestId('editor')).toBeTruthy();
    expect(page()).toContain('crashes');
    // Off and on again: covered again, for the next exercise.
    act(() => void actor.send({ type: 'spoilers.set', on: false }));
    expect(screen.getByTestId('editor')).toBeTruthy();
    act(() => void actor.send({ type: 'spoilers.set', on: true }));
    expect(screen.getByTestId('spoiler-cover')).toBeTruthy();
  });

  it('should start empty, without errors, when there are no built-in scenarios', () => {
    const actor = startPlayer('cluster.yaml', { builtins: [], initial: undefined });
    renderWithPlayer(actor, <App />, strict);
    expect(screen.getByTestId('scenario-picker').textContent).toContain('No built-in scenarios');
    expect(screen.getAllByText(/No run yet/).length).toBeGreaterThan(0);
    expect(screen.queryByTestId('panel-error')).toBeNull();
    fireEvent.change(screen.getByTestId('source'), {
      target: { value: 'name: x\nsystem: standalone\nversion: { from: 1.0.0, to: 2.0.0 }\n' },
    });
    expect(actor.getSnapshot().context.source).toContain('standalone');
  });

  it('should remember presenter mode for the next load', () => {
    const items = new Map<string, string>();
    const storage: StorageLike = {
      getItem: (key) => items.get(key) ?? null,
      setItem: (key, value) => void items.set(key, value),
      removeItem: (key) => void items.delete(key),
    };
    const actor = startPlayer('ha-pair.yaml');
    const { container } = renderWithPlayer(actor, <App storage={storage} />, strict);
    expect(readSettings(storage).presenter).toBeUndefined();
    fireEvent.click(screen.getByTestId('presenter'));
    expect(container.querySelector('.app.presenter')).not.toBeNull();
    // main.tsx starts the App with what was stored.
    expect(readSettings(storage).presenter).toBe(true);
    fireEvent.click(screen.getByTestId('presenter'));
    expect(readSettings(storage).presenter).toBeUndefined();
  });

  it('should play, step and open the help from the keyboard', () => {
    const actor = startPlayer('ha-pair.yaml');
    renderWithPlayer(actor, <App />, strict);
    act(() => void fireEvent.keyDown(window, { key: ' ' }));
    expect(actor.getSnapshot().matches({ playback: 'playing' })).toBe(true);
    act(() => void fireEvent.keyDown(window, { key: ' ' }));
    expect(actor.getSnapshot().matches({ playback: 'paused' })).toBe(true);
    act(() => void fireEvent.keyDown(window, { key: 'ArrowRight' }));
    expect(actor.getSnapshot().context.cursor).toBe(1);
    act(() => void fireEvent.keyDown(window, { key: 'ArrowRight', shiftKey: true }));
    // The next marker, where its instant has settled (see `settledAfter`).
    const view = actor.getSnapshot().context.view;
    const marker = view?.markers.find((m) => m.seq > 1);
    expect(actor.getSnapshot().context.cursor).toBe(
      view && marker ? settledAfter(view, marker.seq) : undefined,
    );
    act(() => void fireEvent.keyDown(window, { key: '5' }));
    expect(actor.getSnapshot().context.speed).toBe(1000);
    act(() => void fireEvent.keyDown(window, { key: '?' }));
    expect(screen.getByTestId('help').textContent).toContain('Shift + →');
    act(() => void fireEvent.keyDown(window, { key: 'Escape' }));
    expect(screen.queryByTestId('help')).toBeNull();
  });
});
