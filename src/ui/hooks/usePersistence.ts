import { useEffect, useRef } from 'react';
import { faultOf } from '../../sim';
import {
  DRAFTS_KEY,
  readDrafts,
  STORAGE_KEY,
  storedFaults,
  writeDrafts,
  writeSettings,
  writeStoredFaults,
  writeDrill,
  writePlayhead,
  writeStoredSource,
  type StorageLike,
  type WriteResult,
} from '../state/persistence';
import {
  selectBuiltinId,
  selectDrafts,
  selectEdited,
  selectLiveFaults,
  selectRestore,
  selectSource,
  selectUnsaved,
} from '../state/selectors';
import type { PlayerActor } from '../state/PlayerContext';
import { selectSpoilerFree } from '../state/spoilers';
import { usePlayer } from '../state/usePlayer';
import { usePlayerSelector } from '../state/usePlayerSelector';

/** How long typing must pause before the text is stored: storing a large text takes time too. */
const SAVE_AFTER_MS = 400;

/** Why the last write of each part failed, if it did. */
interface Failures {
  text?: string;
  faults?: string;
  drafts?: string;
}

/** What the banner calls each part, and what keeps it when storage does not. */
const PARTS: Readonly<Record<keyof Failures, { what: string; keep: string }>> = {
  text: { what: 'your text', keep: 'download the text to keep it' },
  faults: {
    what: 'the faults you injected by hand',
    keep: 'write the faults into the scenario to keep them',
  },
  drafts: { what: 'your drafts', keep: 'download the text to keep it' },
};

/**
 * The banner's sentence for every part storage refuses, all of them named (before, only the
 * first: a draft saved while the text could not be stored was never said to be lost too). Pure.
 */
function storageFailureText(failures: Failures): string | undefined {
  const failed = (Object.keys(PARTS) as (keyof Failures)[]).filter(
    (name) => failures[name] !== undefined,
  );
  const [first] = failed;
  if (first === undefined) return undefined;
  const names = failed.map((name) => PARTS[name].what);
  const what =
    names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  const keeps = [...new Set(failed.map((name) => PARTS[name].keep))].join('; ');
  const one = failed.length === 1 && first === 'text';
  return `${what?.replace(/^./, (c) => c.toUpperCase())} ${one ? 'is' : 'are'} not saved: ${failures[first] ?? ''}. A reload will not bring ${one ? 'it' : 'them'} back — ${keeps}.`;
}

/** Tells the player when the storage failures change: a new one, or all of them over. */
function reportWrite(
  actor: PlayerActor,
  failures: Failures,
  part: keyof Failures,
  result: WriteResult,
): void {
  const was = { ...failures };
  if (result.ok) delete failures[part];
  else failures[part] = result.reason;
  const parts = Object.keys(PARTS) as (keyof Failures)[];
  if (parts.every((name) => failures[name] === was[name])) return;
  const reason = storageFailureText(failures);
  if (reason === undefined) {
    actor.send({ type: 'storage.saved' });
    return;
  }
  actor.send({ type: 'storage.failed', reason, drafts: failures.drafts !== undefined });
}

/**
 * Remembers the editor's text (and the built-in it started from), the faults injected by hand
 * (beside the text they belong to), where the playhead stood as the page was left, the drafts, and the trainer's settings (spoiler-free mode,
 * `presenter` mode) in storage across reloads. A write storage refuses is reported to the player, which shows it until a
 * later write succeeds. Another tab's writes: its drafts are taken in; when it stores its editor
 * text over this tab's unsaved text, this tab keeps its own as a draft.
 */
export function usePersistence(storage: StorageLike | undefined, presenter = false): void {
  const actor = usePlayer();
  const text = usePlayerSelector(selectSource);
  const builtin = usePlayerSelector(selectBuiltinId);
  const edited = usePlayerSelector(selectEdited);
  const dirty = usePlayerSelector(selectUnsaved);
  const drafts = usePlayerSelector(selectDrafts);
  const live = usePlayerSelector(selectLiveFaults);
  const restore = usePlayerSelector(selectRestore);
  const spoilerFree = usePlayerSelector(selectSpoilerFree);
  const failures = useRef<Failures>({});
  // What this tab's text and faults were when another tab stored its own over them: this tab
  // writes again only once they change, not when only its record of unsaved edits does (its
  // text kept as a draft), which wrote its text back over the other tab's.
  const latest = useRef<readonly unknown[]>([]);
  const yielded = useRef<readonly unknown[] | undefined>(undefined);

  useEffect(() => {
    // A setting that cannot be stored is only forgotten at the next reload: nothing to report.
    writeSettings(storage, { spoilerFree, presenter });
  }, [storage, spoilerFree, presenter]);

  useEffect(() => {
    const content = [text, builtin, edited, live, restore];
    latest.current = content;
    const unchanged = yielded.current?.every((value, index) => Object.is(value, content[index]));
    if (unchanged) return undefined;
    yielded.current = undefined;
    let pending = true;
    const save = () => {
      if (!pending) return;
      pending = false;
      reportWrite(
        actor,
        failures.current,
        'text',
        writeStoredSource(storage, {
          text,
          edited,
          dirty,
          ...(builtin !== undefined ? { builtin } : {}),
        }),
      );
      // Beside the text: the faults injected into it by hand, or those of the last reload
      // still waiting for its run (a reload before that run is done keeps them too).
      reportWrite(
        actor,
        failures.current,
        'faults',
        writeStoredFaults(storage, restore ?? storedFaults(text, live.map(faultOf))),
      );
    };
    const timer = window.setTimeout(save, SAVE_AFTER_MS);
    // Leaving the page before the pause is over still stores the text (and only then).
    window.addEventListener('pagehide', save);
    return () => {
      window.clearTimeout(timer);
      window.removeEventListener('pagehide', save);
    };
  }, [actor, storage, text, builtin, edited, dirty, live, restore]);

  useEffect(() => {
    // Where the playhead stands as the page is left: a reload puts the run back at that instant.
    const leave = () => {
      const { simulated, view, time, drill } = actor.getSnapshot().context;
      if (simulated !== undefined && view) writePlayhead(storage, simulated, time);
      // The drill too, or none: a reload takes it up again rather than show the scenario's
      // own run at the drill's instant.
      if (simulated !== undefined) writeDrill(storage, simulated, drill);
    };
    window.addEventListener('pagehide', leave);
    return () => window.removeEventListener('pagehide', leave);
  }, [actor, storage]);

  useEffect(() => {
    reportWrite(actor, failures.current, 'drafts', writeDrafts(storage, drafts));
  }, [actor, storage, drafts]);

  useEffect(() => {
    if (!storage) return undefined;
    const other = (event: StorageEvent) => {
      if (event.key === DRAFTS_KEY) {
        const read = readDrafts(storage);
        if (!('error' in read)) actor.send({ type: 'drafts.sync', drafts: read.drafts });
      } else if (event.key === STORAGE_KEY) {
        yielded.current = latest.current;
        if (!actor.getSnapshot().context.dirty) return;
        actor.send({ type: 'draft.save', at: Date.now() });
        actor.send({
          type: 'notice.add',
          tone: 'info',
          text: 'Another tab saved its text over this one: the text here was kept as a draft.',
        });
      }
    };
    window.addEventListener('storage', other);
    return () => window.removeEventListener('storage', other);
  }, [actor, storage]);
}
