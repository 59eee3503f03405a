// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src/ui/App';
import { readSettings, type StorageLike } from '../../src/ui/state/persistence';
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
    const marker = actor.getSnapshot().context.view?.markers.find((m) => m.seq > 1);
    expect(actor.getSnapshot().context.cursor).toBe(marker?.seq);
    act(() => void fireEvent.keyDown(window, { key: '5' }));
    expect(actor.getSnapshot().context.speed).toBe(1000);
    act(() => void fireEvent.keyDown(window, { key: '?' }));
    expect(screen.getByTestId('help').textContent).toContain('Shift + →');
    act(() => void fireEvent.keyDown(window, { key: 'Escape' }));
    expect(screen.queryByTestId('help')).toBeNull();
  });
});
