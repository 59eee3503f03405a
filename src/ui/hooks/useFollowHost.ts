import { useEffect, useRef, type RefObject } from 'react';
import { attributeSelector } from './attributeSelector';
import { zoomOf } from './zoomOf';

/** Frames in which the box is scrolled again while the cards it brings into view take their size. */
const SETTLE_FRAMES = 3;

/** Keys that scroll a focused box. */
const SCROLL_KEYS: ReadonlySet<string> = new Set([
  'ArrowUp',
  'ArrowDown',
  'PageUp',
  'PageDown',
  'Home',
  'End',
  ' ',
]);

/**
 * Keeps the card of `host` in view inside `box` when the stage is larger than its box (a 20-host
 * Cluster on a projector, scrolling in its box even at the least zoom; a 6-host one at 1280×720,
 * whose workloads keep readable names): as the procedure moves from host to host, the box scrolls
 * to the card the current step works on, its name at the top, as the step list follows the
 * current step. Only the box scrolls, never the page; a box that shows everything is left alone,
 * and a card already whole in view is not moved until it grows past the box's edge. Out of
 * presenter mode, a reader who scrolls the box (the wheel, a touch, a key on the box, its scroll
 * bar) keeps it where they put it until another run is laid out, and a stage whose cards are
 * laid out only as they come into view (more than 60 processing hosts) is not followed: each
 * seek would lay out a screenful of cards, 60 to 80 ms of a rewind on 400 hosts. In presenter
 * mode the stage is the class's whole view of the system, and always follows.
 * @param box The scrolling box of the stage.
 * @param host The host the current step works on (none: nothing to follow).
 * @param layout Anything that changes when the stage is laid out again (another run).
 * @param lazy The stage's cards are laid out only as they come into view.
 */
export function useFollowHost(
  box: RefObject<HTMLElement | null>,
  host: string | undefined,
  layout: unknown,
  lazy = false,
): void {
  const held = useRef(false);
  useEffect(() => {
    held.current = false;
    const outer = box.current;
    if (!outer) return undefined;
    const hold = (event: Event) => {
      if (outer.closest('.presenter')) return;
      if (event instanceof KeyboardEvent && (event.target !== outer || !SCROLL_KEYS.has(event.key)))
        return;
      // A press on the box itself, not on a card in it: its scroll bar.
      if (event.type === 'pointerdown' && event.target !== outer) return;
      held.current = true;
    };
    const events = ['wheel', 'touchmove', 'keydown', 'pointerdown'] as const;
    for (const type of events) outer.addEventListener(type, hold, { passive: true });
    return () => {
      for (const type of events) outer.removeEventListener(type, hold);
    };
  }, [box, layout]);
  useEffect(() => {
    const outer = box.current;
    if (!outer || host === undefined) return undefined;
    if ((lazy || held.current) && !outer.closest('.presenter')) return undefined;
    const card = outer.querySelector(
      attributeSelector('data-host', host, '[data-testid="host-card"]'),
    );
    if (!card) return undefined;
    let frame = 0;
    const follow = (left: number, first: boolean) => {
      if (outer.scrollHeight <= outer.clientHeight + 1) return;
      // In the box's own pixels, as its `scrollTop` and `clientHeight` are.
      const scale = zoomOf(outer);
      const rect = card.getBoundingClientRect();
      const top = (rect.top - outer.getBoundingClientRect().top) / scale + outer.scrollTop;
      const bottom = top + rect.height / scale;
      const whole = top >= outer.scrollTop && bottom <= outer.scrollTop + outer.clientHeight;
      if (first && whole) return;
      const target = Math.max(0, Math.min(top - 8, outer.scrollHeight - outer.clientHeight));
      if (Math.abs(outer.scrollTop - target) <= 2) return;
      // The unit tests' DOM has no `scrollTo` on elements.
      outer.scrollTo?.({ top: target });
      // Cards scrolled into view are laid out only then (`content-visibility`) and may take
      // another height than their placeholder: measured again once they have.
      if (left > 0) frame = requestAnimationFrame(() => follow(left - 1, false));
    };
    // In the next frame, whose layout it reads rather than forcing one of its own: a seek on a
    // cluster of hundreds of hosts paints no later for it.
    frame = requestAnimationFrame(() => follow(SETTLE_FRAMES, true));
    // The card grows while its host stays the step's (a reboot's workloads going down, each with
    // its cause): one left in view at the box's foot is scrolled whole again as it does.
    // Sizes read from the observer's entries, which come after the frame's layout: none forced.
    let height: number | undefined;
    // The unit tests' DOM has no `ResizeObserver`.
    const grows =
      typeof ResizeObserver === 'function'
        ? new ResizeObserver(([entry]) => {
            const now = entry?.borderBoxSize[0]?.blockSize ?? 0;
            const grew = height !== undefined && now > height + 1;
            height = now;
            if (!grew || (held.current && !outer.closest('.presenter'))) return;
            cancelAnimationFrame(frame);
            frame = requestAnimationFrame(() => follow(SETTLE_FRAMES, true));
          })
        : undefined;
    grows?.observe(card);
    return () => {
      cancelAnimationFrame(frame);
      grows?.disconnect();
    };
  }, [box, host, layout, lazy]);
}
