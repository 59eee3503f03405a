import { useEffect, useLayoutEffect, useRef, type RefObject } from 'react';
import { attributeSelector } from './attributeSelector';
import { zoomOf } from './zoomOf';
import { animatesMove, moveDuration } from '../state/stage';
import { usePlayer } from '../state/usePlayer';

/** Most workloads animated for one move; beyond them they are in their new place at once. */
const MOST_ANIMATED = 400;

const EASING = 'cubic-bezier(0.2, 0.7, 0.2, 1)';

/** How the run is played, which decides whether a change on the stage animates. */
interface StagePlayback {
  readonly playing: boolean;
  /** Virtual ms per wall ms. */
  readonly speed: number;
}

let reducedMotion: MediaQueryList | undefined;

function prefersReducedMotion(): boolean {
  if (typeof window.matchMedia !== 'function') return false;
  reducedMotion ??= window.matchMedia('(prefers-reduced-motion: reduce)');
  return reducedMotion.matches;
}

/**
 * Animates the stage's moves while the run plays: each workload whose group changed place (a
 * VPS group started on another processing host, the Primary's VPSs or the services following
 * their role) slides from its old host to its new one, and the stage's own transitions (the
 * traffic arrow) read their duration from `--move-ms`. Both last {@link moveDuration} at the
 * playback speed. A seek, a step or a pause finishes every move at once, so a paused or
 * scrubbed stage is exactly the one at the cursor.
 * @param root The stage: places are `[data-place]` elements, workloads `[data-group]` ones.
 * @param places Per workload group, the place (a host name, `''` for none) it is on now.
 * @param shown What else the stage shows that may move (the traffic arrow): a key of it.
 */
export function useStageMoves(
  root: RefObject<HTMLElement | null>,
  places: readonly string[],
  shown: string,
  { playing, speed }: StagePlayback,
): void {
  const actor = usePlayer();
  // The playhead's last two times, followed without re-rendering the stage on every tick.
  const clock = useRef({ previous: 0, now: actor.getSnapshot().context.time });
  useEffect(() => {
    const subscription = actor.subscribe((snapshot) => {
      const { time } = snapshot.context;
      if (time !== clock.current.now) clock.current = { previous: clock.current.now, now: time };
    });
    return () => subscription.unsubscribe();
  }, [actor]);
  const last = useRef<{ places: readonly string[]; ms: number } | undefined>(undefined);
  const moving = useRef(new Set<HTMLElement>());
  const unsettled = useRef(false);
  useLayoutEffect(() => {
    const stage = root.current;
    const before = last.current;
    const time = actor.getSnapshot().context.time;
    // The time before this one: the subscription may not have seen this snapshot yet.
    const from = time === clock.current.now ? clock.current.previous : clock.current.now;
    const animate =
      before !== undefined &&
      animatesMove({ playing, speed, reducedMotion: prefersReducedMotion(), from, to: time });
    const ms = animate ? moveDuration(speed) : 0;
    last.current = { places, ms };
    if (!stage) return;
    if (before?.ms !== ms) stage.style.setProperty('--move-ms', `${ms}ms`);
    if (!animate) {
      if (unsettled.current) {
        unsettled.current = false;
        settle(moving.current);
        // The stage's own CSS transitions (the traffic arrow) end where they are going.
        for (const animation of stage.getAnimations?.({ subtree: true }) ?? []) animation.finish();
      }
      return;
    }
    unsettled.current = true;
    if (before.places === places) return;
    const chips: { chip: HTMLElement; dx: number; dy: number }[] = [];
    for (let group = 0; group < places.length && chips.length < MOST_ANIMATED; group++) {
      const from = before.places[group];
      const to = places[group];
      if (from === undefined || to === undefined || from === to) continue;
      const old = stage.querySelector<HTMLElement>(attributeSelector('data-place', from));
      const now = stage.querySelector<HTMLElement>(attributeSelector('data-place', to));
      if (!old || !now) continue;
      const a = old.getBoundingClientRect();
      const b = now.getBoundingClientRect();
      // Rectangles are in screen pixels; a translation is in the stage's own, which it zooms.
      const scale = zoomOf(now);
      const dx = (a.left - b.left) / scale;
      const dy = (a.top - b.top) / scale;
      // A card off screen skips painting its content; a move into it is seen whole.
      now.style.contentVisibility = 'visible';
      for (const chip of now.querySelectorAll<HTMLElement>(`[data-group="${group}"]`)) {
        if (chips.length >= MOST_ANIMATED) break;
        chips.push({ chip, dx, dy });
      }
    }
    if (chips.length === 0) return;
    settle(moving.current);
    for (const { chip, dx, dy } of chips) {
      chip.style.transition = 'none';
      chip.style.transform = `translate(${dx}px, ${dy}px)`;
      chip.dataset.moving = '';
      moving.current.add(chip);
    }
    void stage.offsetWidth; // commit the old places before transitioning to the new ones
    for (const { chip } of chips) {
      chip.style.transition = `transform ${ms}ms ${EASING}`;
      chip.style.transform = '';
      chip.addEventListener('transitionend', () => settle(new Set([chip]), moving.current), {
        once: true,
      });
    }
  }, [actor, root, places, shown, playing, speed]);
}

/** Puts moving workloads in their place at once and forgets them. */
function settle(chips: Set<HTMLElement>, from: Set<HTMLElement> = chips): void {
  for (const chip of chips) {
    chip.style.transition = '';
    chip.style.transform = '';
    delete chip.dataset.moving;
    const place = chip.closest<HTMLElement>('[data-place]');
    if (place) place.style.contentVisibility = '';
    from.delete(chip);
  }
}
