// @vitest-environment jsdom
import { act, cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { versionPath } from '../../src/ui/format';
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

describe.each(MODES)('ScenarioIntro, the versions (%s)', (_, strict) => {
  it('should write the path once, from the version the run starts on', () => {
    const actor = startPlayer('cluster.yaml');
    const path = actor.getSnapshot().context.view?.run.report.path ?? [];
    renderWithPlayer(actor, <ScenarioIntro />, strict);
    const text = document.body.textContent;
    // Before: "3.2.4 → 5.2.1 (path 3.3.1 → 4.8.2 → 5.2.1)".
    expect(path.length).toBeGreaterThan(1);
    expect(text).toContain(`· 3.2.4 → ${path.join(' → ')}`);
    expect(text).not.toContain('(path');
  });
});

describe('versionPath', () => {
  it('should write the versions a run goes through once, the path in line', () => {
    // Before: "3.2.4 → 5.2.1 (path 3.3.1 → 4.8.2 → 5.2.1)", cut on a projector.
    expect(versionPath({ from: '3.2.4', to: '5.2.1' }, ['3.3.1', '4.8.2', '5.2.1'])).toBe(
      '3.2.4 → 3.3.1 → 4.8.2 → 5.2.1',
    );
    expect(versionPath({ from: '9.0.1', to: '9.1.0' }, ['9.1.0'])).toBe('9.0.1 → 9.1.0');
    expect(versionPath({ from: '5.0.3', to: '5.0.3' }, [])).toBe('5.0.3 → 5.0.3');
    // A path that does not end at the target (an imported report's) is said apart.
    expect(versionPath({ from: '1.0.0', to: '3.0.0' }, ['2.0.0'])).toBe(
      '1.0.0 → 3.0.0 (path 2.0.0)',
    );
    expect(versionPath({ from: '?', to: '?' }, ['2.0.0'])).toBe('path 2.0.0');
  });
});
