import { useEffect, useRef } from 'react';
import { selectReplacedCount } from '../state/selectors';
import { usePlayer } from '../state/usePlayer';
import { usePlayerSelector } from '../state/usePlayerSelector';

/** The key of the browser-history state this hook writes. */
const KEY = 'rehearseReplaced';

function depthOf(state: unknown): number {
  const value = (state as Record<string, unknown> | null)?.[KEY];
  return typeof value === 'number' ? value : 0;
}

/**
 * Makes the browser's Back button undo a replacement of the editor's text: each replacement
 * adds a history entry (a link pasted into the address bar already made one), and going back
 * past it brings the replaced text back.
 */
export function useHistoryUndo(): void {
  const actor = usePlayer();
  const count = usePlayerSelector(selectReplacedCount);
  const last = useRef(count);
  useEffect(() => {
    const grew = count > last.current;
    last.current = count;
    if (!grew) return;
    const state = { ...(window.history.state as object | null), [KEY]: count };
    const arrivedByLink =
      depthOf(window.history.state) === 0 && window.location.hash.startsWith('#s=');
    if (arrivedByLink) window.history.replaceState(state, '');
    else window.history.pushState(state, '');
  }, [count]);
  useEffect(() => {
    const back = (event: PopStateEvent) => {
      if (depthOf(event.state) < actor.getSnapshot().context.replaced.length)
        actor.send({ type: 'scenario.undo' });
    };
    window.addEventListener('popstate', back);
    return () => window.removeEventListener('popstate', back);
  }, [actor]);
}
