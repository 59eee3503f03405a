import { formatDuration } from '../../sim';
import type { TraceEntry } from '../../sim';

/** One row of the inspector log: a trace entry with the actor's state before it. */
export interface LogRow {
  readonly seq: number;
  readonly at: number;
  /** Virtual time, as `formatDuration` writes it. */
  readonly time: string;
  readonly actor: string;
  readonly event: string;
  /** The actor's state before this entry; `''` for its first entry. */
  readonly before: string;
  readonly state: string;
  readonly step?: string;
}

/**
 * Turns a trace into log rows, pairing each entry with the previous state of the same actor.
 * Pure; linear in the length of the trace.
 * @param trace - `run.report.trace`
 */
export function logRows(trace: readonly TraceEntry[]): LogRow[] {
  const last = new Map<string, string>();
  return trace.map((entry) => {
    const before = last.get(entry.actor) ?? '';
    last.set(entry.actor, entry.state);
    return {
      seq: entry.seq,
      at: entry.at,
      time: formatDuration(entry.at),
      actor: entry.actor,
      event: entry.event,
      before,
      state: entry.state,
      ...(entry.step === undefined ? {} : { step: entry.step }),
    };
  });
}

/** The actors of a trace in order of first appearance. Pure. */
export function actorsOf(rows: readonly LogRow[]): string[] {
  const seen = new Set<string>();
  for (const row of rows) seen.add(row.actor);
  return [...seen];
}

/**
 * The indexes of the rows that pass the filters: one actor (or all, with `''`) and a text the
 * event, either state or the step contains (case-insensitive). Pure.
 */
export function filterRows(rows: readonly LogRow[], actor: string, text: string): number[] {
  const needle = text.trim().toLowerCase();
  const out: number[] = [];
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (!row) continue;
    if (actor !== '' && row.actor !== actor) continue;
    if (
      needle !== '' &&
      !row.event.toLowerCase().includes(needle) &&
      !row.state.toLowerCase().includes(needle) &&
      !row.before.toLowerCase().includes(needle) &&
      !(row.step?.toLowerCase().includes(needle) ?? false)
    ) {
      continue;
    }
    out.push(i);
  }
  return out;
}

/** Index in `visible` of the last row at or before `seq` (binary search); -1 when none. Pure. */
export function indexAtOrBefore(
  rows: readonly LogRow[],
  visible: readonly number[],
  seq: number,
): number {
  let lo = 0;
  let hi = visible.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const row = rows[visible[mid] ?? 0];
    if (row && row.seq <= seq) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}
