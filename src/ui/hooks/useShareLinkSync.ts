import { useEffect } from 'react';
import { readShareHash } from '../state/persistence';
import { selectSource } from '../state/selectors';
import { usePlayerSelector } from '../state/usePlayerSelector';

/**
 * Drops a `#s=` link from the address bar once the editor's text differs from it, so a reload
 * brings back the user's latest text (from storage) rather than the older shared one.
 */
export function useShareLinkSync(): void {
  const source = usePlayerSelector(selectSource);
  useEffect(() => {
    const shared = readShareHash(window.location.hash);
    if (shared && !('error' in shared) && shared.text !== source) {
      window.history.replaceState(
        window.history.state,
        '',
        window.location.pathname + window.location.search,
      );
    }
  }, [source]);
}
