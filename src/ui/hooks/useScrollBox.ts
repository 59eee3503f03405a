import { useCallback, type RefCallback } from 'react';
import { followWholeLines } from './followWholeLines';
import { useScrollFocus } from './useScrollFocus';

/**
 * A box of the stage that scrolls inside itself (the narration, the invariants, the findings):
 * a tab stop while its content overflows it (see {@link useScrollFocus}), and a height that ends
 * on a whole line of its text, so a projector never shows a line cut in half at its edge.
 * @returns the callback to give the box as its `ref`, and the `tabIndex` to give it
 */
export function useScrollBox<T extends HTMLElement>(): [RefCallback<T>, 0 | undefined] {
  const [focusRegion, tabIndex] = useScrollFocus<T>();
  const attach = useCallback(
    (box: T | null) => {
      const unfocus = focusRegion(box);
      if (!box) return unfocus;
      const unfit = followWholeLines(box);
      return () => {
        unfocus?.();
        unfit();
      };
    },
    [focusRegion],
  );
  return [attach, tabIndex];
}
