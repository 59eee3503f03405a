import { useEffect, useRef, type RefObject } from 'react';
import { REFITTED } from './followWholeLines';
import { zoomOf } from './zoomOf';

/**
 * Keeps a row of the timeline (`row`, a selector inside `box`: the lane of the current step's
 * host, or its workloads' lane) in view inside `box` in presenter mode, where the box shows fewer
 * lanes than a Cluster has: what stays at the box's top as it scrolls (`kept`, sticky in
 * `TimelinePanel.module.css`) is counted out of its room. As the procedure moves from host to
 * host, the box scrolls so the row ends at its foot, a whole line there (as `followWholeLines`
 * cuts the box at rest); a row already whole in view is not moved, and another run starts at the
 * box's top. Only the box scrolls, never the page.
 * @param box The box that scrolls.
 * @param row A selector of the row to keep in view (none: nothing to follow).
 * @param layout Anything that changes when the lanes are drawn again (another run).
 * @param kept Selectors of what stays at the box's top once it is scrolled.
 */
export function useFollowLane(
  box: RefObject<HTMLElement | null>,
  row: string | undefined,
  layout: unknown,
  kept: readonly string[] = [],
): void {
  const keptKey = kept.join(',');
  const drawn = useRef<unknown>(undefined);
  useEffect(() => {
    const outer = box.current;
    if (!outer) return undefined;
    // Another run: its lanes from their top, not at a scroll the last one's left (which ends on
    // no whole line of these).
    if (drawn.current !== layout) {
      drawn.current = layout;
      // The unit tests' DOM has no `scrollTo` on elements, and nothing to scroll.
      outer.scrollTo?.({ top: 0 });
    }
    if (row === undefined || !outer.closest('.presenter')) return undefined;
    // In the next frame, when the box has been cut (`followWholeLines`) and the row marked; and
    // again whenever it is cut anew, a scrolled box aligned to its new foot.
    const follow = (again: boolean) => {
      if (outer.scrollHeight <= outer.clientHeight + 1) return;
      const element = outer.querySelector(row);
      if (!element) return;
      // In the box's own pixels, as its `scrollTop` and `clientHeight` are.
      const scale = zoomOf(outer);
      const origin = outer.getBoundingClientRect().top + outer.clientTop * scale;
      const rect = element.getBoundingClientRect();
      const top = (rect.top - origin) / scale + outer.scrollTop;
      const bottom = top + rect.height / scale;
      const covered = keptKey
        ? keptKey
            .split(',')
            .map((selector) => outer.querySelector<HTMLElement>(selector)?.offsetHeight ?? 0)
            .reduce((sum, height) => sum + height, 0)
        : 0;
      const shownFrom = outer.scrollTop + (outer.scrollTop > 0 ? covered : 0);
      const whole = top >= shownFrom - 1 && bottom <= outer.scrollTop + outer.clientHeight + 1;
      if (whole && !(again && outer.scrollTop > 0)) return;
      const most = outer.scrollHeight - outer.clientHeight;
      // Not rounded: the row's foot on the box's, the row under it wholly out of view.
      const target = Math.max(0, Math.min(bottom - outer.clientHeight, most));
      if (Math.abs(outer.scrollTop - target) > 0.5) outer.scrollTo?.({ top: target });
    };
    const frame = requestAnimationFrame(() => follow(false));
    const refitted = () => follow(true);
    outer.addEventListener(REFITTED, refitted);
    return () => {
      cancelAnimationFrame(frame);
      outer.removeEventListener(REFITTED, refitted);
    };
  }, [box, row, layout, keptKey]);
}
