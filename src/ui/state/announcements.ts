import {
  DECISION_OPTIONS,
  DECISION_POINTS,
  describeSource,
  missLine,
  optionWords,
  type DecisionRecord,
  type Run,
  largest,
} from '../../sim';
import { decisionSeq } from '../drill/drillLogic';
import { chosenBy, clock, recordedCause, words } from '../format';
import type { Marker, MarkerKind } from './runView';

/** What an announcement is about; a marker's kind, a decision, or what the report says at the end. */
export type AnnouncementKind = MarkerKind | 'decision' | 'warning' | 'expectation';

/** Something that happens at one instant of a run, said in words when the playhead reaches it. */
export interface Announcement {
  /** The trace entry it happens at (the run's last for what the report says at the end). */
  readonly seq: number;
  readonly at: number;
  readonly kind: AnnouncementKind;
  /** What happened, in the words of the class: no scenario key, no event name. */
  readonly text: string;
  /**
   * Where it comes from, for the developer: a decision's source with the scenario key that
   * changes it. Shown out of presenter mode only.
   */
  readonly detail?: string;
}

/** The order announcements of one entry are listed in: what went wrong first. */
const KIND_ORDER: readonly AnnouncementKind[] = [
  'violation',
  'fault',
  'failover',
  'decision',
  'expectation',
  'warning',
];

/**
 * Everything worth announcing in a run, in the order the playhead meets it: the timeline's
 * markers (failovers and switchovers, faults and failed steps, violations with their message and
 * cause), the decisions taken with who chose, and at the run's last entry the scenario's missed
 * `expect` entries and the report's warnings. Pure; built once per run.
 * @param markers - the run view's markers (`RunView.markers`), so the two never disagree
 */
export function announcements(run: Run, markers: readonly Marker[]): Announcement[] {
  const { trace, invariants, decisions, warnings, expectations } = run.report;
  const last = trace[trace.length - 1];
  const end = { seq: last?.seq ?? 0, at: last?.at ?? 0 };
  const list: Announcement[] = [];
  const violations = new Map(
    invariants.flatMap((invariant) =>
      invariant.violations.map((violation) => [`${violation.seq} ${invariant.id}`, violation]),
    ),
  );
  for (const marker of markers) {
    if (marker.kind === 'violation') {
      const violation = violations.get(`${marker.seq} ${marker.invariant ?? ''}`);
      const cause = violation ? recordedCause(violation) : undefined;
      list.push({
        ...marker,
        text: `${marker.label} violated${cause ? ` (${cause})` : ''}${violation ? `: ${violation.message}` : ''}`,
      });
    } else {
      list.push({ ...marker, text: marker.label });
    }
  }
  decisions.forEach((decision, index) => {
    list.push({
      seq: decisionSeq(run, index),
      at: decision.at,
      kind: 'decision',
      text: decisionText(decision),
      detail: describeSource(decision.source),
    });
  });
  for (const miss of expectations?.misses ?? []) {
    list.push({ ...end, kind: 'expectation', text: missLine(miss) });
  }
  for (const warning of warnings) list.push({ ...end, kind: 'warning', text: warning });
  return list.sort(
    (a, b) => a.seq - b.seq || KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind),
  );
}

/** Whether `key` names one of the table's entries (a report read back may name others). */
function has<T extends object>(table: T, key: string): key is Extract<keyof T, string> {
  return Object.hasOwn(table, key);
}

/**
 * A decision as the class hears it: the situation and the option taken, in the decision table's
 * words, and who chose. Its source (which may name a scenario key) is the announcement's detail.
 * Pure.
 * @example "An install (or a GUI update) failed (device-b): roll back both members of the pair,
 *   the standby first, then stop — the documented default."
 */
export function decisionText(decision: DecisionRecord): string {
  const situation = has(DECISION_POINTS, decision.situation)
    ? DECISION_POINTS[decision.situation].situation
    : words(decision.situation);
  // An option's bound (`at most \`times\` times`) is the scenario's business, not the class's.
  const chosen =
    has(DECISION_OPTIONS, decision.chosen) && has(DECISION_POINTS, decision.situation)
      ? optionWords(decision.situation, decision.chosen).replace(/ \([^)]*`[^)]*\)/g, '')
      : words(decision.chosen);
  const who = chosenBy(decision).replace("the scenario's choice", 'the scenario');
  const where = decision.host ? ` (${decision.host})` : '';
  return `${situation.charAt(0).toUpperCase()}${situation.slice(1)}${where}: ${chosen} — chosen by ${who}.`;
}

/**
 * The announcements the playhead passed moving forward from `from` to `to` (`from` < seq ≤
 * `to`); none when it moved back or stayed. Pure; a binary search and a slice.
 */
export function passed(list: readonly Announcement[], from: number, to: number): Announcement[] {
  if (to <= from) return [];
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((list[mid]?.seq ?? 0) <= from) lo = mid + 1;
    else hi = mid;
  }
  const out: Announcement[] = [];
  for (let i = lo; i < list.length; i++) {
    const item = list[i];
    if (!item || item.seq > to) break;
    out.push(item);
  }
  return out;
}

/** An announcement on screen. */
export interface Shown extends Announcement {
  /** A key unique on screen: the entry, the kind and the words. */
  readonly key: string;
  /** How many more were passed in the same move and are not shown (a jump over many). */
  readonly more: number;
  /** Which move of the playhead said it: those of one move share it, a later move's is higher. */
  readonly move: number;
}

/**
 * What is on screen once the playhead moved from `from` to `to`. Whatever happens after `to` is
 * withdrawn, so a rewind (a seek, a step or a jump back) leaves nothing of what lies ahead;
 * what the playhead passed moving forward (see {@link passed}) and `say` accepts is added, the
 * last `max` of it, the first of those saying how many more it passed; `max` stay on screen at
 * most, the oldest making room. Nothing at or before `to` comes back on its own. Pure: `shown`
 * itself when nothing changes.
 * A `jump` forward (the playhead moved while paused over more than one transition: a seek on the
 * timeline, a jump to the next marker) withdraws what was said before it too: it speaks of
 * moments the playhead has left (before, a switchover said at 0:02:00 stayed its 8 s under a
 * playhead moved to 0:39:10), and the jump says what it passed.
 * @param list - the run's announcements (see {@link announcements})
 * @param say - whether to announce one (a drill hiding its violations does not)
 */
export function afterMove(
  shown: readonly Shown[],
  list: readonly Announcement[],
  from: number,
  to: number,
  max: number,
  say: (item: Announcement) => boolean = () => true,
  jump = false,
): readonly Shown[] {
  const kept = jump && to > from ? [] : shown.filter((item) => item.seq <= to);
  const fresh = passed(list, from, to).filter(say);
  if (fresh.length === 0) return kept.length === shown.length ? shown : kept;
  const last = fresh.slice(-max);
  const move =
    largest(
      kept.map((item) => item.move),
      0,
    ) + 1;
  const added = last.map((item, index) => ({
    ...item,
    key: `${item.seq}-${item.kind}-${item.text}`,
    more: index === 0 ? fresh.length - last.length : 0,
    move,
  }));
  const keys = new Set(added.map((item) => item.key));
  return [...kept.filter((item) => !keys.has(item.key)), ...added].slice(-max);
}

/**
 * The position in `list` of the one announcement kept in view where there is room for one: the
 * newest, but of several said in one move (a jump, or a crash with the step it failed and the
 * decisions that followed) the one that matters most (see {@link inView}); -1 when none. Pure.
 */
export function lead(list: readonly Pick<Shown, 'kind' | 'move'>[]): number {
  const move = largest(list.map((item) => item.move));
  const latest = list.flatMap((item, index) => (item.move === move ? [{ ...item, index }] : []));
  const [first] = inView(latest, 1);
  return first === undefined ? -1 : (latest[first]?.index ?? -1);
}

/**
 * The `count` announcements of `list` to keep in view where room is short: what went wrong first
 * (a violation, then a fault, then a role change…), the newer of two alike; their positions in
 * `list`. A fault is not pushed out of view by its own consequences (a step failing, decisions).
 * Pure.
 */
export function inView(list: readonly Pick<Announcement, 'kind'>[], count: number): Set<number> {
  const ranked = list
    .map((item, index) => ({ index, rank: KIND_ORDER.indexOf(item.kind) }))
    .sort((a, b) => a.rank - b.rank || b.index - a.index);
  return new Set(ranked.slice(0, count).map((item) => item.index));
}

/** An announcement's headline: what kind of thing happened, and when. Pure. */
export function headline(item: Announcement): string {
  const title: Record<AnnouncementKind, string> = {
    violation: 'Invariant violated',
    fault: 'Fault',
    failover: 'Role change',
    decision: 'Decision',
    expectation: 'Expectation missed',
    warning: 'Warning',
  };
  return `${title[item.kind]} · ${clock(item.at)}`;
}
