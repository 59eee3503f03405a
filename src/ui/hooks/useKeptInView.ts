import { useEffect, type RefObject } from 'react';

/** What a reader does that moves the page or a box: after it, a box is theirs to place. */
const READER_INPUT = ['wheel', 'touchmove', 'keydown', 'pointerdown'] as const;

/**
 * Brings `element` into view each time `key` changes (a range selected), in the boxes around it
 * that scroll and in the window, and keeps it there while the boxes around it settle: a box that
 * resizes after (the side column fitted again after a seek, the stage's timeline box with it) no
 * longer leaves it under its edge. Only until the reader's next input (the wheel, a touch, a key,
 * a press anywhere): from then on the page and its boxes stay where the reader puts them.
 */
export function useKeptInView(element: RefObject<HTMLElement | null>, key: unknown): void {
  useEffect(() => {
    const shown = element.current;
    if (!shown) return undefined;
    // The unit tests' DOM has no `scrollIntoView`.
    const bring = () => shown.scrollIntoView?.({ block: 'nearest' });
    bring();
    if (typeof ResizeObserver === 'undefined') return undefined;
    const observer = new ResizeObserver(bring);
    observer.observe(shown);
    for (let box = shown.parentElement; box; box = box.parentElement)
      if (getComputedStyle(box).overflowY !== 'visible') observer.observe(box);
    const release = () => {
      observer.disconnect();
      for (const type of READER_INPUT) window.removeEventListener(type, release, true);
    };
    for (const type of READER_INPUT)
      window.addEventListener(type, release, { capture: true, passive: true });
    return release;
  }, [element, key]);
}
