import { useEffect } from 'react';
import { writeStoredSource, type StorageLike } from '../state/persistence';
import { selectBuiltinId, selectEdited, selectSource } from '../state/selectors';
import { usePlayerSelector } from '../state/usePlayerSelector';

/** Remembers the editor's text (and the built-in it started from) in storage across reloads. */
export function usePersistence(storage: StorageLike | undefined): void {
  const text = usePlayerSelector(selectSource);
  const builtin = usePlayerSelector(selectBuiltinId);
  const edited = usePlayerSelector(selectEdited);
  useEffect(() => {
    writeStoredSource(storage, { text, edited, ...(builtin !== undefined ? { builtin } : {}) });
  }, [storage, text, builtin, edited]);
}
