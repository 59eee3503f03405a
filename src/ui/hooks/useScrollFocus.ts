import { useCallback, useState, type RefCallback } from 'react';
import { watchBox } from './watchBox';

/**
 * A tab index for a region that scrolls but may hold no control: 0 (a tab stop, so the keyboard
 * can scroll it, as WCAG's "scrollable region must be focusable" asks) while its content
 * overflows it, and none while everything fits, so a region with nothing to scroll is not a stop
 * of its own on the way to the controls. Follows resizes of the region and changes of its
 * content; measures only then, never on a tick.
 * @returns the callback to give the region as its `ref`, and the `tabIndex` to give it
 */
export function useScrollFocus<T extends HTMLElement>(): [RefCallback<T>, 0 | undefined] {
  const [overflows, setOverflows] = useState(false);
  const attach = useCallback((region: T | null) => {
    if (!region) return;
    const measure = () =>
      setOverflows(
        region.scrollHeight > region.clientHeight + 1 ||
          region.scrollWidth > region.clientWidth + 1,
      );
    measure();
    // Rows added or removed change the content's height without resizing the region itself.
    return watchBox(region, () => [region, ...region.children], measure);
  }, []);
  return [attach, overflows ? 0 : undefined];
}
