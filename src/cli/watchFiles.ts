import { watch, type FSWatcher } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** A watch on some files, stopped with `close`. */
export interface FileWatch {
  close(): void;
}

export interface WatchOptions {
  /** How long the files must stay unchanged before `onChange` is called, in ms. */
  readonly settleMs: number;
  /** The files that changed (as given), once they have settled. */
  readonly onChange: (changed: readonly string[]) => void;
  /** A folder that cannot be watched, or a watch that failed; the other folders go on. */
  readonly onError: (folder: string, error: unknown) => void;
}

/**
 * Watches files for `rehearse run --watch` and `rehearse ui`. Their folders are watched rather
 * than the files: an editor that saves by writing a new file and renaming it over the old one
 * would leave a watch on the file looking at nothing, and a file created after the watch began is
 * seen too. Changes are gathered until the files have been quiet for `settleMs`, so an editor's
 * save in several writes is one change.
 */
export function watchFiles(paths: readonly string[], options: WatchOptions): FileWatch {
  const byFolder = new Map<string, Map<string, string>>();
  for (const path of paths) {
    const folder = dirname(resolve(path));
    const names = byFolder.get(folder) ?? new Map<string, string>();
    names.set(resolve(path), path);
    byFolder.set(folder, names);
  }
  const watchers: FSWatcher[] = [];
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const settle = (): void => {
    timer = undefined;
    const changed = [...pending];
    pending.clear();
    if (!closed) options.onChange(changed);
  };
  for (const [folder, names] of byFolder) {
    try {
      const watcher = watch(folder, (_event, name) => {
        const path = name === null ? undefined : names.get(resolve(folder, name.toString()));
        if (path === undefined || closed) return;
        pending.add(path);
        if (timer) clearTimeout(timer);
        timer = setTimeout(settle, options.settleMs);
      });
      watcher.on('error', (error) => {
        if (!closed) options.onError(folder, error);
      });
      watchers.push(watcher);
    } catch (error) {
      // Told after the watch is returned, so the caller can close it from `onError`.
      queueMicrotask(() => {
        if (!closed) options.onError(folder, error);
      });
    }
  }
  return {
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      for (const watcher of watchers) watcher.close();
    },
  };
}
