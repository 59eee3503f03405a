/**
 * Spoiler-free mode: for a trainer's "spot the mistake" exercise, the views show only what the
 * playhead has reached. This module is the one place that knows what that is: every view that
 * reads the run's future (its later segments and markers, its violations, its step outcomes, its
 * totals, its findings) asks it, rather than deciding for itself.
 *
 * The horizon is the playhead: trace entry `cursor` at virtual time `time`. Everything at or
 * before it is shown; nothing after it is. Once the playhead has reached the run's last
 * transition there is no future left and everything is shown again.
 *
 * A drill has a horizon of its own, spoiler-free or not: its decision still to take. The run
 * past it was simulated with the documented default only to have a run to draw; the trainee's
 * choice decides what happens there, so showing it would teach the default's outcome as the
 * run's (see `undecidedPoint`).
 */
import type { Outage, Scenario } from '../../sim';
import { selectUndecided } from '../drill/drillSelectors';
import type { PlayerSnapshot } from './selectors';
import {
  lastAtOrBefore,
  procedureAt,
  settledAfter,
  settledAt,
  type Marker,
  type MarkerKind,
  type RunView,
  type Segment,
} from './runView';

/** How far the views may see: the playhead, or `undefined` when they may see the whole run. */
export interface Horizon {
  /** The last trace entry reached. */
  readonly cursor: number;
  /** The playhead's virtual time (ms). */
  readonly time: number;
  /** What holds the rest back: spoiler-free mode, or a drill's decision still to take. */
  readonly why: 'spoiler-free' | 'decision';
}

/**
 * The horizon of a run at the playhead: a drill's decision still to take (`undecided`), or,
 * spoiler-free and short of the run's last transition, the playhead if it comes first;
 * `undefined` (show everything) otherwise. Pure.
 */
export function horizonOf(
  spoilerFree: boolean,
  view: RunView | undefined,
  cursor: number,
  time: number,
  undecided?: { readonly cursor: number; readonly time: number },
): Horizon | undefined {
  if (!view) return undefined;
  if (undecided && !(spoilerFree && cursor < undecided.cursor))
    return { cursor: undecided.cursor, time: undecided.time, why: 'decision' };
  if (!spoilerFree) return undefined;
  return atEnd(view, cursor) ? undefined : { cursor, time, why: 'spoiler-free' };
}

/** Whether the playhead stands at the run's last transition: nothing is left to happen. Pure. */
function atEnd(view: RunView, cursor: number): boolean {
  return cursor >= view.times.length - 1;
}

/**
 * THE predicate: whether something of the run is visible at the horizon. An event of the trace
 * (a violation, a marker, a step's outcome) is visible once the playhead has reached its entry
 * (`seq`); a stretch of time once the playhead has reached its start (`at`). Pure.
 */
export function isVisible(
  horizon: Pick<Horizon, 'cursor' | 'time'> | undefined,
  item: { readonly seq: number } | { readonly at: number },
): boolean {
  if (!horizon) return true;
  return 'seq' in item ? item.seq <= horizon.cursor : item.at <= horizon.time;
}

/**
 * The markers visible at the horizon (all of them without one). At a drill's decision the
 * failure that asks for it is visible too: it is marked at the procedure's transition that
 * takes the decision, one past where the drill waits, and the card is about it. Pure.
 */
export function visibleAt(
  markers: readonly Marker[],
  horizon: (Pick<Horizon, 'cursor' | 'time'> & Partial<Pick<Horizon, 'why'>>) | undefined,
): readonly Marker[] {
  if (!horizon) return markers;
  const failure = (marker: Marker) =>
    horizon.why === 'decision' &&
    marker.kind === 'fault' &&
    marker.seq === horizon.cursor + 1 &&
    marker.at <= horizon.time;
  return markers.filter((marker) => isVisible(horizon, marker) || failure(marker));
}

/**
 * A lane's segments as far as the playhead: those that start after it left out, the one under
 * it cut at it. `until` undefined: every segment. Pure.
 */
export function segmentsUntil(
  segments: readonly Segment[],
  until: number | undefined,
): readonly Segment[] {
  if (until === undefined) return segments;
  return segments
    .filter((segment) => isVisible({ cursor: 0, time: until }, { at: segment.start }))
    .map((segment) => (segment.end > until ? { ...segment, end: until } : segment));
}

/** A group's outages as far as the playhead, the one under way cut at it. Pure. */
export function outagesUntil(
  outages: readonly Outage[],
  until: number | undefined,
): readonly Outage[] {
  if (until === undefined) return outages;
  return outages
    .filter(([start]) => start <= until)
    .map(([start, end]): Outage => [start, Math.min(end, until)]);
}

/**
 * Where a forward jump lands: the next marker after entry `cursor` (of one kind, or any).
 * Spoiler-free, it never looks for an event ahead: whether it found one, or found none ("no
 * failover ahead" on the must-fail Mirror whose mistake is to upgrade the Primary before any
 * failover), would tell the class what lies ahead. It goes to the start of the next step instead,
 * as playing on would (the end of the run after the last step), and a jump to a kind of event
 * ahead goes nowhere. Pure.
 */
export function nextJump(
  view: RunView,
  cursor: number,
  kind: MarkerKind | undefined,
  spoilerFree: boolean,
): Pick<Marker, 'seq' | 'at'> | undefined {
  if (!spoilerFree) {
    const marker = view.markers.find(
      (marker) => marker.seq > cursor && (kind === undefined || marker.kind === kind),
    );
    // Where its instant has settled, as a jump to the next step lands (below).
    return marker && { seq: settledAfter(view, marker.seq), at: marker.at };
  }
  if (kind !== undefined) return undefined;
  const { step } = procedureAt(view, cursor);
  const frames = view.procFrames;
  for (
    let index = Math.max(0, lastAtOrBefore(frames, cursor) + 1);
    index < frames.length;
    index++
  ) {
    if ((view.procStep[index] as number) > step) {
      // Where the next step is current and its instant settled (before: on its first entry,
      // PENDING though it started in that instant, the cards still on the step before).
      const seq = settledAt(view, index);
      return { seq, at: view.times[seq] ?? 0 };
    }
  }
  const last = view.times.length - 1;
  return last > cursor ? { seq: last, at: view.duration } : undefined;
}

/**
 * Whether the run on screen may not be its scenario's run without any fault: it has faults
 * (written or injected by hand) or a drill's choices and steps. Pure.
 */
export function differsFromPlan(context: {
  readonly scenario: Scenario | undefined;
  readonly live: readonly unknown[];
  readonly drill: unknown;
}): boolean {
  return (
    (context.scenario?.faults.length ?? 0) > 0 ||
    context.live.length > 0 ||
    context.drill !== undefined
  );
}

/**
 * Where the scenario's run without any fault ends: the run on screen's end when it is that run,
 * else its plan's once simulated (see the player's `planner`); `undefined` while that is unknown
 * and for an imported report, which has no scenario to plan. Pure.
 */
export function plannedEnd(context: {
  readonly view: RunView | undefined;
  readonly scenario: Scenario | undefined;
  readonly live: readonly unknown[];
  readonly drill: unknown;
  readonly plan: { readonly scenario: Scenario; readonly end?: number } | undefined;
}): number | undefined {
  const { view, scenario, plan } = context;
  if (!view || view.imported || !scenario) return undefined;
  if (!differsFromPlan(context)) return view.duration;
  return plan?.scenario === scenario ? plan.end : undefined;
}

/** The shortest the time axis is drawn (ms), for a playhead at the start of a run without a plan. */
const SHORTEST_AXIS = 1000;

/**
 * The ends a spoiler-free axis steps through as the playhead moves on (ms): round lengths, so it
 * grows now and then rather than at every frame; past the last, whole days.
 */
const AXIS_STEPS = [
  60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000, 7_200_000, 10_800_000,
  21_600_000, 43_200_000, 86_400_000, 172_800_000,
];

/** How far past the playhead a spoiler-free axis reaches at least: a fifth of what is reached. */
const AXIS_MARGIN = 1.2;

/**
 * Where the timeline's time axis ends: at the run's end; spoiler-free, a little past the playhead
 * (the first round length at least a fifth past it: 5m at 0:03:06, 2h at 1:00:00), whatever the
 * run's length or its plan's, so that the axis tells no more than the playhead does. Before, it
 * ended at the fault-free plan's end, which for a run without faults is the run's own length:
 * at 0:03:06 of a 1h31m run the axis ran to 1h31m, ticked at 0:30 and 1:00. While a drill's
 * decision still to take holds the rest back (not spoiler-free), at the later of the plan's end
 * and that decision: the plan is what the trainee knows before the run (`rehearse plan`). Without
 * a plan (an imported report, or until it is simulated) there the axis ends at the decision.
 * Pure.
 */
export function axisEnd(
  horizon: (Pick<Horizon, 'cursor' | 'time'> & Partial<Pick<Horizon, 'why'>>) | undefined,
  duration: number,
  planned: number | undefined,
): number {
  if (!horizon) return duration;
  if (horizon.why === 'spoiler-free') {
    const least = Math.max(horizon.time * AXIS_MARGIN, horizon.time + SHORTEST_AXIS);
    return AXIS_STEPS.find((step) => step >= least) ?? Math.ceil(least / 86_400_000) * 86_400_000;
  }
  return Math.max(planned ?? 0, horizon.time, SHORTEST_AXIS);
}

/** Whether spoiler-free mode is on. */
export const selectSpoilerFree = (s: PlayerSnapshot) => s.context.spoilerFree;

/** What stands for the scenario's name on screen in spoiler-free mode. */
export const SPOILER_FREE_NAME = 'Scenario name hidden (spoiler-free)';

/** The horizon at the playhead (compare with {@link sameHorizon}). */
export const selectHorizon = (s: PlayerSnapshot): Horizon | undefined =>
  horizonOf(
    s.context.spoilerFree,
    s.context.view,
    s.context.cursor,
    s.context.time,
    selectUndecided(s),
  );

/** What holds back the run past the horizon, if anything (compares as a string). */
export const selectHorizonWhy = (s: PlayerSnapshot): Horizon['why'] | undefined =>
  selectHorizon(s)?.why;

/**
 * The playhead's time while spoiler-free mode hides what lies after it, else `undefined`: what
 * the timeline's lanes are cut at.
 */
export const selectHorizonTime = (s: PlayerSnapshot): number | undefined => selectHorizon(s)?.time;

/** Where the timeline's time axis ends (see {@link axisEnd}). */
export const selectAxisEnd = (s: PlayerSnapshot): number =>
  axisEnd(selectHorizon(s), s.context.view?.duration ?? 0, plannedEnd(s.context));

/**
 * Whether what only the run's end can tell (its findings, its totals, its downtime table, the
 * exports of the whole run) is held back: spoiler-free mode is on and the end is not reached.
 */
export const selectEndHidden = (s: PlayerSnapshot): boolean => selectHorizon(s) !== undefined;

/** What a view says in place of what it holds back until the end. */
const HIDDEN_UNTIL_END = 'Hidden until the run reaches its end (spoiler-free mode).';

/** What a view says in place of what a drill's decision still to take holds back. */
const HIDDEN_UNTIL_DECIDED =
  'Hidden until the decision ahead is taken: what follows is the trainee’s to choose (drill).';

/** What a view says in place of what the horizon holds back. Pure. */
export function hiddenText(horizon: Horizon): string {
  return horizon.why === 'decision' ? HIDDEN_UNTIL_DECIDED : HIDDEN_UNTIL_END;
}

/** What a view says in place of what only the run's end can tell, or `undefined` if shown. */
export const selectHiddenText = (s: PlayerSnapshot): string | undefined => {
  const horizon = selectHorizon(s);
  return horizon && hiddenText(horizon);
};
