// @vitest-environment jsdom
import { act, cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { FindingsPanel } from '../../src/ui/panels/FindingsPanel';
import { InvariantsPanel } from '../../src/ui/panels/InvariantsPanel';
import { TimelinePanel } from '../../src/ui/panels/TimelinePanel';
import { DowntimeTab } from '../../src/ui/panels/DowntimeTab';
import { TransportBar } from '../../src/ui/panels/TransportBar';
import { clock } from '../../src/ui/format';
import { MODES, renderWithPlayer, startPlayer } from './harness';

describe.each(MODES)('spoiler-free mode (%s)', (_, strict) => {
  afterEach(cleanup);

  it('should show a violation only once the playhead reaches it, and the findings at the end', () => {
    const actor = startPlayer('ha-left-on.yaml', { spoilerFree: true });
    const view = actor.getSnapshot().context.view;
    const first = Math.min(
      ...(view?.run.report.invariants.flatMap((item) => item.violations.map((v) => v.seq)) ?? []),
    );
    expect(Number.isFinite(first)).toBe(true);
    renderWithPlayer(
      actor,
      <>
        <InvariantsPanel />
        <FindingsPanel />
        <DowntimeTab />
      </>,
      strict,
    );
    act(() => {
      actor.send({ type: 'seek', seq: first - 1 });
    });
    expect(screen.queryAllByTestId('violation')).toHaveLength(0);
    expect(screen.getAllByTestId('invariant').every((li) => li.dataset.holds === 'true')).toBe(
      true,
    );
    expect(screen.getByTestId('findings-hidden')).toBeTruthy();
    expect(screen.getByTestId('downtime-hidden')).toBeTruthy();
    act(() => {
      actor.send({ type: 'seek', seq: first });
    });
    expect(screen.getAllByTestId('violation').length).toBeGreaterThan(0);
    act(() => {
      actor.send({ type: 'seek.end' });
    });
    expect(screen.queryByTestId('findings-hidden')).toBeNull();
    expect(screen.getByTestId('downtime-table')).toBeTruthy();
  });

  it("should keep the run's length and its transitions' count for its end", () => {
    const actor = startPlayer('cluster-crash.yaml', { spoilerFree: true });
    const run = actor.getSnapshot().context.view?.run;
    const total = clock(run?.report.duration ?? 0);
    renderWithPlayer(actor, <TransportBar />, strict);
    act(() => {
      actor.send({ type: 'seek', seq: 3 });
    });
    expect(screen.getByTestId('duration').textContent).not.toContain(total);
    expect(screen.getByTestId('cursor').textContent).toBe('transition 4');
    act(() => {
      actor.send({ type: 'seek.end' });
    });
    expect(screen.getByTestId('duration').textContent).toContain(total);
    expect(screen.getByTestId('cursor').textContent).toMatch(/ of \d/);
  });

  it('should draw nothing on the timeline past the playhead, and everything once it is off', () => {
    const actor = startPlayer('cluster-crash.yaml', { spoilerFree: true });
    const view = actor.getSnapshot().context.view;
    const at = (view?.duration ?? 0) / 3;
    renderWithPlayer(actor, <TimelinePanel />, strict);
    act(() => {
      actor.send({ type: 'seek', at });
    });
    const time = actor.getSnapshot().context.time;
    const scale = 1000 / (view?.duration ?? 1);
    const rects = [...document.querySelectorAll('[data-testid="segment"], [data-testid="outage"]')];
    expect(rects.length).toBeGreaterThan(0);
    for (const rect of rects) {
      const x = Number(rect.getAttribute('x'));
      expect(x / scale).toBeLessThanOrEqual(time + 1);
    }
    const cursor = actor.getSnapshot().context.cursor;
    expect(screen.queryAllByTestId('marker').length).toBe(
      view?.markers.filter((m) => m.seq <= cursor).length,
    );
    expect(screen.queryByTestId('downtime-total')).toBeNull();
    act(() => {
      actor.send({ type: 'spoilers.set', on: false });
    });
    expect(screen.getAllByTestId('marker')).toHaveLength(view?.markers.length ?? -1);
    expect(screen.getByTestId('downtime-total')).toBeTruthy();
  });
});
