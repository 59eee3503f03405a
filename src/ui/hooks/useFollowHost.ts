import { useEffect, type RefObject } from 'react';
import { attributeSelector } from './attributeSelector';
import { zoomOf } from './zoomOf';

/** Frames in which the box is scrolled again while the cards it brings into view take their size. */
const SETTLE_FRAMES = 3;

/**
 * Keeps the card of `host` in view inside `box` when the stage is larger than its box in presenter
 * mode (a 20-host Cluster on a projector, scrolling in its box even at the least zoom): as the procedure moves
 * from host to host, the box scrolls to the card the current step works on, its name at the top,
 * as the step list follows the current step. Only the box scrolls, never the page; a box that
 * shows everything is left alone, and a card already whole in view is not moved.
 * @param box The scrolling box of the stage.
 * @param host The host the current step works on (none: nothing to follow).
 * @param layout Anything that changes when the stage is laid out again (another run).
 */
export function useFollowHost(
  box: RefObject<HTMLElement | null>,
  host: string | undefined,
  layout: unknown,
): void {
  useEffect(() => {
    const outer = box.current;
    // Presenter mode only: there the stage is the class's whole view of the system. Elsewhere
    // the box keeps where its reader scrolled it (and a seek on a cluster of hundreds of hosts
    // does not lay out a screenful of other cards).
    if (!outer || host === undefined || !outer.closest('.presenter')) return undefined;
    let frame = 0;
    const follow = (left: number, first: boolean) => {
      if (outer.scrollHeight <= outer.clientHeight + 1) return;
      const card = outer.querySelector(
        attributeSelector('data-host', host, '[data-testid="host-card"]'),
      );
      if (!card) return;
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
    return () => cancelAnimationFrame(frame);
  }, [box, host, layout]);
}
