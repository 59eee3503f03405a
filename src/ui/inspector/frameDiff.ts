import { formatDuration } from '../../sim';
import type { Frame } from '../../sim';

/** One field an entry changed: its value before and after; absent on the side that lacks it. */
export interface FieldChange {
  /** The field's path in the host's or the procedure's state, e.g. `lifecycle`, `step.status`. */
  readonly field: string;
  readonly before?: string;
  readonly after?: string;
}

/**
 * Fields held in virtual milliseconds (`HostState.downFor`, `ProcedureState.stepTime`): shown as
 * durations, as the rest of the debugger writes times.
 */
const DURATION_FIELDS: ReadonlySet<string> = new Set(['downFor', 'stepTime']);

function show(field: string, value: unknown): string {
  if (typeof value === 'number' && DURATION_FIELDS.has(field)) return formatDuration(value);
  if (Array.isArray(value)) return `[${value.map((item) => show('', item)).join(', ')}]`;
  if (typeof value === 'string') return value === '' ? '""' : value;
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * The fields of a frame's state, flattened (`step.status`), as text; a field that is undefined
 * is left out. Pure.
 */
function flatten(state: object, prefix = '', out = new Map<string, string>()): Map<string, string> {
  for (const [key, value] of Object.entries(state)) {
    if (value === undefined) continue;
    const field = `${prefix}${key}`;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      flatten(value as object, `${field}.`, out);
    } else {
      out.set(field, show(key, value));
    }
  }
  return out;
}

/** The state a frame left behind: the host that moved, or the procedure. */
function stateOf(frame: Frame | undefined): object | undefined {
  return frame?.host ?? frame?.procedure;
}

/**
 * What one trace entry changed in its actor's state, as Redux DevTools' diff shows an action:
 * every field (of `HostState` for a host, `ProcedureState` for the procedure) whose value
 * differs from the actor's state after its previous entry, in the state's own field order. An
 * actor's first entry lists every field as new. Pure.
 * @param frames - `run.frames`, aligned with the trace by index
 * @param index - the entry's index in the trace
 * @param previous - the index of the same actor's previous entry, or -1
 */
export function frameChanges(
  frames: readonly Frame[],
  index: number,
  previous: number,
): FieldChange[] {
  const after = stateOf(frames[index]);
  if (!after) return [];
  const before = previous < 0 ? undefined : stateOf(frames[previous]);
  const was = before ? flatten(before) : new Map<string, string>();
  const now = flatten(after);
  const changes: FieldChange[] = [];
  for (const [field, value] of now) {
    const old = was.get(field);
    if (old !== value)
      changes.push({ field, ...(old === undefined ? {} : { before: old }), after: value });
  }
  for (const [field, old] of was) {
    if (!now.has(field)) changes.push({ field, before: old });
  }
  return changes;
}
