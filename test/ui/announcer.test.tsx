// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ANNOUNCEMENT_MS, Announcer, MAX_SHOWN } from '../../src/ui/panels/Announcer';
import { announcements } from '../../src/ui/state/announcements';
import type { PlayerActor } from '../../src/ui/state/PlayerContext';
import { DRILL } from '../support/drillScenario';
import { MODES, renderWithPlayer, startPlayer } from './harness';

function said(): { kind: string | null; text: string }[] {
  return screen.queryAllByTestId('announcement').map((item) => ({
    kind: item.getAttribute('data-kind'),
    text: item.textContent ?? '',
  }));
}

function listOf(actor: PlayerActor) {
  const view = actor.getSnapshot().context.view;
  if (!view) throw new Error('no run on screen');
  return announcements(view.run, view.markers);
}

const seek = (actor: PlayerActor, seq: number) => act(() => void actor.send({ type: 'seek', seq }));

describe.each(MODES)('Announcer (%s)', (_, strict) => {
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });

  it('should announce a violation when the playhead reaches it, and nothing ahead of it', () => {
    const actor = startPlayer('ha-left-on.yaml');
    renderWithPlayer(actor, <Announcer enabled />, strict);
    const violation = listOf(actor).find((item) => item.kind === 'violation');
    if (!violation) throw new Error('the wrong procedure breaks no invariant');
    seek(actor, violation.seq - 1);
    expect(said().filter((item) => item.kind === 'violation')).toEqual([]);
    seek(actor, violation.seq);
    const shown = said().filter((item) => item.kind === 'violation');
    expect(shown).toHaveLength(1);
    expect(shown[0]?.text).toContain(violation.text);
    // Moving back before it withdraws it (it lies ahead again) and announces nothing new.
    seek(actor, violation.seq - 1);
    expect(said().filter((item) => item.kind === 'violation')).toEqual([]);
    seek(actor, violation.seq);
    seek(actor, 0);
    expect(said()).toEqual([]);
    // Forward again, the playhead reaches it again: said once.
    seek(actor, violation.seq);
    expect(said().filter((item) => item.kind === 'violation')).toHaveLength(1);
  });

  it('should announce a fault injected live as the playhead reaches its strike, paused or playing', () => {
    for (const fault of ['host-crash', 'upgrade-failure'] as const) {
      const actor = startPlayer('cluster.yaml');
      renderWithPlayer(actor, <Announcer enabled />, strict);
      const steps = actor.getSnapshot().context.view?.run.report.steps ?? [];
      const install = steps.find((step) => step.action === 'install' && step.host === 'storage-2');
      act(() => void actor.send({ type: 'seek', at: (install?.start ?? 0) + 60_000 }));
      expect(said()).toEqual([]);
      act(() => void actor.send({ type: 'fault.inject', fault, target: 'secondary' }));
      const { cursor, view } = actor.getSnapshot().context;
      const struck = view?.markers.find((marker) => marker.kind === 'fault');
      expect(struck, fault).toBeDefined();
      // Before: the new run replaced the old one and nothing was said of the fault.
      if (struck && struck.seq <= cursor)
        expect(
          said().some((item) => item.kind === 'fault'),
          fault,
        ).toBe(true);
      else {
        expect(said()).toEqual([]);
        seek(actor, struck?.seq ?? 0);
        expect(
          said().some((item) => item.kind === 'fault'),
          fault,
        ).toBe(true);
      }
      cleanup();
    }
  });

  it('should say nothing of a run of another scenario', () => {
    const actor = startPlayer('cluster.yaml');
    renderWithPlayer(actor, <Announcer enabled />, strict);
    act(() => void actor.send({ type: 'seek.end' }));
    act(() => void actor.send({ type: 'scenario.select', id: 'ha-pair.yaml' }));
    expect(actor.getSnapshot().context.scenario?.system).toBe('ha-pair');
    expect(said()).toEqual([]);
  });

  it('should keep what is behind the playhead when it moves back, and withdraw only what is ahead', () => {
    const actor = startPlayer('ha-left-on.yaml');
    renderWithPlayer(actor, <Announcer enabled />, strict);
    const list = listOf(actor);
    const [first, second] = list.filter((item) => item.kind === 'violation');
    if (!first || !second) throw new Error('two violations in the wrong procedure');
    seek(actor, second.seq);
    const seqs = () =>
      screen.queryAllByTestId('announcement').map((item) => Number(item.getAttribute('data-seq')));
    expect(seqs()).toContain(second.seq);
    seek(actor, second.seq - 1);
    expect(seqs().length).toBeGreaterThan(0);
    expect(seqs().every((seq) => seq <= second.seq - 1)).toBe(true);
    // Forward past a moment it already said: nothing of it comes back, no copy.
    seek(actor, second.seq);
    seek(actor, second.seq + 1);
    expect(seqs().filter((seq) => seq === second.seq)).toHaveLength(
      list.filter((item) => item.seq === second.seq).length,
    );
  });

  it('should withdraw what was said when the paused playhead jumps forward past it', () => {
    const actor = startPlayer('ha-left-on.yaml');
    renderWithPlayer(actor, <Announcer enabled />, strict);
    const list = listOf(actor);
    const [first] = list;
    const end = actor.getSnapshot().context.view?.run.report.trace.length ?? 0;
    if (!first) throw new Error('nothing to announce');
    const seqs = () =>
      screen.queryAllByTestId('announcement').map((item) => Number(item.getAttribute('data-seq')));
    seek(actor, first.seq);
    expect(seqs()).toContain(first.seq);
    // One transition on (a step): still said.
    seek(actor, first.seq + 1);
    expect(seqs()).toContain(first.seq);
    // A jump that passes nothing to say, to just before the next one: nothing stays.
    const next = list.find((item) => item.seq > first.seq + 1);
    const to = (next?.seq ?? end) - 1;
    expect(to).toBeGreaterThan(first.seq + 2);
    seek(actor, to);
    expect(seqs()).toEqual([]);
    // A jump that passes one: only it.
    seek(actor, first.seq);
    seek(actor, next?.seq ?? 0);
    expect(seqs().every((seq) => seq > first.seq)).toBe(true);
    expect(seqs()).toContain(next?.seq);
  });

  it('should say the last few of a long jump and how many more it passed', () => {
    const actor = startPlayer('ha-left-on.yaml');
    renderWithPlayer(actor, <Announcer enabled />, strict);
    const list = listOf(actor);
    expect(list.length).toBeGreaterThan(MAX_SHOWN);
    const end = actor.getSnapshot().context.view?.run.report.trace.length ?? 0;
    seek(actor, end - 1);
    expect(said()).toHaveLength(MAX_SHOWN);
    expect(said().map((item) => item.kind)).toEqual(
      list.slice(-MAX_SHOWN).map((item) => item.kind),
    );
    expect(said()[0]?.text).toContain(
      `and ${list.length - MAX_SHOWN} earlier, passed in the same jump`,
    );
  });

  it('on a short layout, keeps in view the two that matter most of a jump, the rest for screen readers', () => {
    const actor = startPlayer('ha-left-on.yaml');
    renderWithPlayer(actor, <Announcer enabled compact />, strict);
    const end = actor.getSnapshot().context.view?.run.report.trace.length ?? 0;
    seek(actor, end - 1);
    const items = screen.getAllByTestId('announcement');
    expect(items).toHaveLength(MAX_SHOWN);
    // Out of the stage, where the two are a stack in the corner: the others are set aside.
    const inSight = items.filter((item) => !item.hasAttribute('data-aside'));
    expect(inSight).toHaveLength(2);
    // What went wrong first: no role change or decision is in view over a violation or a fault.
    const order = ['violation', 'fault', 'failover', 'decision', 'expectation', 'warning'];
    const rank = (item: Element) => order.indexOf(item.getAttribute('data-kind') ?? '');
    const worstHidden = Math.min(
      ...items.filter((item) => !inSight.includes(item)).map((item) => rank(item)),
    );
    for (const item of inSight) expect(rank(item)).toBeLessThanOrEqual(worstHidden);
  });

  it('on the stage, marks the one in view and counts the others behind a button that opens them', () => {
    const actor = startPlayer('ha-left-on.yaml');
    renderWithPlayer(actor, <Announcer enabled compact />, strict);
    const end = actor.getSnapshot().context.view?.run.report.trace.length ?? 0;
    seek(actor, end - 1);
    const items = screen.getAllByTestId('announcement');
    const leads = items.filter((item) => item.hasAttribute('data-lead'));
    expect(leads).toHaveLength(1);
    const more = screen.getByTestId('announcements-more');
    expect(leads[0]?.contains(more)).toBe(true);
    expect(more.textContent).toBe(`+${items.length - 1} more`);
    expect(more.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(more);
    expect(screen.getByTestId('announcements-more').getAttribute('aria-expanded')).toBe('true');
    // Back to the start: none is left to count.
    seek(actor, 0);
    expect(screen.queryByTestId('announcements-more')).toBeNull();
  });

  it('should seek to an announcement when it is clicked, and go away after a while', () => {
    vi.useFakeTimers();
    const actor = startPlayer('ha-left-on.yaml');
    renderWithPlayer(actor, <Announcer enabled />, strict);
    const first = listOf(actor)[0];
    if (!first) throw new Error('nothing to announce');
    seek(actor, first.seq + 1);
    seek(actor, first.seq + 2);
    const item = screen.getAllByTestId('announcement')[0];
    fireEvent.click(item?.querySelector('button') ?? document.body);
    expect(actor.getSnapshot().context.cursor).toBe(first.seq);
    act(() => void vi.advanceTimersByTime(ANNOUNCEMENT_MS * 10));
    expect(said()).toEqual([]);
  });

  it('should announce nothing when switched off, and no violation while a drill hides them', () => {
    const actor = startPlayer('ha-left-on.yaml');
    renderWithPlayer(actor, <Announcer enabled={false} />, strict);
    const violation = listOf(actor).find((item) => item.kind === 'violation');
    if (!violation) throw new Error('the wrong procedure breaks no invariant');
    seek(actor, violation.seq);
    expect(said()).toEqual([]);
    seek(actor, 0);
    cleanup();
    renderWithPlayer(actor, <Announcer enabled />, strict);
    act(() => {
      actor.send({ type: 'drill.start' });
      actor.send({ type: 'drill.configure', hideInvariants: true });
    });
    seek(actor, 0);
    seek(actor, violation.seq);
    expect(said().some((item) => item.kind === 'violation')).toBe(false);
    // The same drill showing its invariants says it.
    act(() => void actor.send({ type: 'drill.configure', hideInvariants: false }));
    seek(actor, 0);
    seek(actor, violation.seq);
    expect(said().some((item) => item.kind === 'violation')).toBe(true);
  });

  it('should say the failure a drill stops at, not the decision the trainee is to take', () => {
    // Before: the decision's card opened and nothing was said, the step's failure reported at
    // the decision's own entry, one past where the drill waits.
    const actor = startPlayer('ha-pair.yaml', { initial: { text: DRILL, edited: true } });
    renderWithPlayer(actor, <Announcer enabled />, strict);
    act(() => {
      actor.send({ type: 'drill.start' });
      actor.send({ type: 'speed.set', speed: 1000 });
      actor.send({ type: 'play' });
    });
    for (let i = 0; i < 10_000 && actor.getSnapshot().matches({ playback: 'playing' }); i++)
      act(() => void actor.send({ type: 'tick', elapsed: 1_000 }));
    const { drill, view } = actor.getSnapshot().context;
    expect(drill).toBeDefined();
    const failure = listOf(actor).find((item) => item.kind === 'fault');
    expect(failure?.at).toBe(view?.run.report.decisions[0]?.at);
    expect(said().map((item) => item.kind)).toContain('fault');
    expect(said().find((item) => item.kind === 'fault')?.text).toContain(failure?.text);
    expect(said().map((item) => item.kind)).not.toContain('decision');
  });
});
