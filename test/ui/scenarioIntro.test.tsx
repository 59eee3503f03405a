// @vitest-environment jsdom
import { act, cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ScenarioIntro } from '../../src/ui/panels/ScenarioIntro';
import { fixtureText, MODES, renderWithPlayer, startPlayer } from './harness';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe.each(MODES)('ScenarioIntro (%s)', (_, strict) => {
  it('should say at the top that the editor text is invalid and the run is the last valid one', () => {
    vi.useFakeTimers();
    const actor = startPlayer('cluster.yaml');
    renderWithPlayer(actor, <ScenarioIntro />, strict);
    expect(screen.queryByTestId('intro-invalid')).toBeNull();
    const lines = fixtureText('cluster.yaml').split('\n');
    const line = lines.findIndex((text) => text.startsWith('topology:')) + 1;
    act(() => {
      actor.send({
        type: 'scenario.edit',
        text: lines
          .map((text) => (text.startsWith('topology:') ? 'topology: ring' : text))
          .join('\n'),
      });
    });
    act(() => {
      vi.advanceTimersByTime(1000);
    });
    // Before: the name of the last valid text's scenario, and nothing of the error up here.
    expect(screen.getByTestId('intro-invalid').textContent).toBe(
      `Editor text invalid at line ${line}: the last valid run is shown`,
    );
    expect(screen.getByTestId('scenario-name').textContent).toBe(
      actor.getSnapshot().context.view?.run.scenario.name,
    );
    act(() => {
      actor.send({ type: 'scenario.edit', text: lines.join('\n') });
    });
    act(() => {
      vi.advanceTimersByTime(1000);
    });
    expect(screen.queryByTestId('intro-invalid')).toBeNull();
  });
});
