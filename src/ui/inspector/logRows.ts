import { clock } from '../format';
import type { TraceEntry } from '../../sim';

/** One row of the inspector log: a trace entry with the actor's state before it. */
export interface LogRow {
  readonly seq: number;
  readonly at: number;
  /** Virtual time, on the clock as the rest of the debugger writes an instant (`4:25:00`). */
  readonly time: string;
  readonly actor: string;
  readonly event: string;
  /** The actor's state before this entry; `''` for its first entry. */
  readonly before: string;
  readonly state: string;
  readonly step?: string;
  /** The index in the trace of the same actor's previous entry; -1 for its first. */
  readonly previous: number;
}

/** What the log can be narrowed to; an empty field does not narrow it. */
export interface LogFilter {
  /** One actor, or `''` for all. */
  readonly actor: string;
  /** One event, or `''` for all. */
  readonly event: string;
  /** Text the event, either state or the step contains (case-insensitive). */
  readonly text: string;
  /** Virtual time range, in ms, both ends included. */
  readonly from?: number;
  readonly to?: number;
}

/**
 * Turns a trace into log rows, pairing each entry with the previous state of the same actor.
 * Pure; linear in the length of the trace.
 * @param trace - `run.report.trace`
 */
export function logRows(trace: readonly TraceEntry[]): LogRow[] {
  const last = new Map<string, { readonly state: string; readonly index: number }>();
  return trace.map((entry, index) => {
    const previous = last.get(entry.actor);
    last.set(entry.actor, { state: entry.state, index });
    const before = previous?.state ?? '';
    return {
      seq: entry.seq,
      at: entry.at,
      time: clock(entry.at),
      actor: entry.actor,
      event: entry.event,
      before,
      state: entry.state,
      ...(entry.step === undefined ? {} : { step: entry.step }),
      previous: previous?.index ?? -1,
    };
  });
}

/** The distinct values of one column, in order of first appearance. Pure. */
function distinct(rows: readonly LogRow[], pick: (row: LogRow) => string): string[] {
  const seen = new Set<string>();
  for (const row of rows) seen.add(pick(row));
  return [...seen];
}

/** The actors of a trace in order of first appearance. Pure. */
export function actorsOf(rows: readonly LogRow[]): string[] {
  return distinct(rows, (row) => row.actor);
}

/** The events of a trace in order of first appearance. Pure. */
export function eventsOf(rows: readonly LogRow[]): string[] {
  return distinct(rows, (row) => row.event);
}

/** The indexes of the rows that pass every filter given. Pure. */
export function filterRows(rows: readonly LogRow[], filter: LogFilter): number[] {
  const needle = filter.text.trim().toLowerCase();
  const out: number[] = [];
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (!row) continue;
    if (filter.actor !== '' && row.actor !== filter.actor) continue;
    if (filter.event !== '' && row.event !== filter.event) continue;
    if (filter.from !== undefined && row.at < filter.from) continue;
    if (filter.to !== undefined && row.at > filter.to) continue;
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
