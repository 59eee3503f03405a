/** A text the user kept: listed in the editor, restorable and deletable, saved across reloads. */
export interface Draft {
  readonly id: string;
  readonly name: string;
  readonly text: string;
  /** When it was saved (milliseconds since the epoch). */
  readonly savedAt: number;
  /** The built-in scenario the text started from, if any. */
  readonly builtin?: string;
}

/** Most characters of a scenario's name a draft's default name takes. */
const NAME_LENGTH = 60;

/**
 * A draft's default name: the scenario's `name:` line (or "Untitled scenario") and the time it
 * was saved, e.g. `Cluster upgrade — 14:05`. Pure.
 */
export function draftName(text: string, at: number): string {
  const match = /^name:[ \t]*(.+)$/m.exec(text);
  const raw = (match?.[1] ?? '').trim().replace(/^(['"])(.*)\1$/, '$2');
  const name = raw === '' ? 'Untitled scenario' : raw.slice(0, NAME_LENGTH);
  const when = new Date(at);
  const time = `${String(when.getHours()).padStart(2, '0')}:${String(when.getMinutes()).padStart(2, '0')}`;
  return `${name} — ${time}`;
}

/** Whether a value read from storage is a draft. Pure. */
export function isDraft(value: unknown): value is Draft {
  if (typeof value !== 'object' || value === null) return false;
  const draft = value as Record<string, unknown>;
  return (
    typeof draft.id === 'string' &&
    typeof draft.name === 'string' &&
    typeof draft.text === 'string' &&
    typeof draft.savedAt === 'number' &&
    Number.isFinite(draft.savedAt) &&
    (draft.builtin === undefined || typeof draft.builtin === 'string')
  );
}
