/** What the drill's views read from the player. */
import type { Run } from '../../sim';
import type { PlayerSnapshot } from '../state/selectors';
import type { Marker, MarkerKind } from '../state/runView';
import { pendingDecision, undecidedPoint, type PendingDecision } from './drillLogic';

const pendingOf = new WeakMap<Run, PendingDecision | null>();

/** The run's first decision the trainee has not taken (computed once per run). */
function pendingIn(run: Run): PendingDecision | undefined {
  let pending = pendingOf.get(run);
  if (pending === undefined) {
    pending = pendingDecision(run) ?? null;
    pendingOf.set(run, pending);
  }
  return pending ?? undefined;
}

export const selectDrill = (s: PlayerSnapshot) => s.context.drill;

/** How far the drill's run is the trainee's (see {@link undecidedPoint}). */
export const selectUndecided = (s: PlayerSnapshot) => {
  const { drill, view } = s.context;
  return view?.imported ? undefined : undecidedPoint(drill, view?.run, pendingIn);
};

/** Whether a hands-on drill is on: the scenario's `plan:` is then the trainee's steps. */
export const selectHandsOn = (s: PlayerSnapshot) => s.context.drill?.handsOn !== undefined;

/**
 * Whether a hands-on drill is under way (on, its debrief not open): the run on screen is the
 * trainee's steps so far, not a procedure that ended.
 */
export const selectHandsOnUnderWay = (s: PlayerSnapshot) =>
  s.context.drill?.handsOn !== undefined && !s.context.drill.debrief;

/** The decision the playhead stands at in a drill, waiting for the trainee's choice. */
export const selectDrillDecision = (s: PlayerSnapshot): PendingDecision | undefined => {
  const { drill, view, time } = s.context;
  if (!drill || !view || view.imported || drill.debrief) return undefined;
  if (!s.matches({ playback: 'paused' })) return undefined;
  const pending = pendingIn(view.run);
  return pending && pending.decision.at <= time ? pending : undefined;
};

/** Whether a drill waits for the trainee's choice at a decision. */
export const selectDeciding = (s: PlayerSnapshot) => selectDrillDecision(s) !== undefined;

/** Whether the run of a choice is being simulated. */
export const selectDrillRunning = (s: PlayerSnapshot) => {
  const kind = s.context.pendingRun?.purpose.kind;
  return kind === 'drill' || kind === 'hands-on';
};

/** The marker kinds a drill hides ahead of the playhead (none outside a drill or in its debrief). */
export function hiddenKinds(s: PlayerSnapshot): readonly MarkerKind[] {
  const { drill } = s.context;
  if (!drill || drill.debrief) return [];
  return [
    ...(drill.hideFaults ? (['fault'] as const) : []),
    ...(drill.hideInvariants ? (['violation'] as const) : []),
  ];
}

/**
 * Which markers a drill keeps off the timeline: `KIND@INDEX,…`, each hidden kind from the marker
 * at INDEX on (the first of them ahead of the playhead); `''` when every marker is drawn. A
 * hands-on drill's playhead stands at the end of the trainee's run, so its hidden violations are
 * hidden from the start. A string that changes only when the playhead passes a hidden marker, so
 * the timeline's lanes are not drawn again on every tick.
 */
export const selectHiddenMarkers = (s: PlayerSnapshot): string => {
  const kinds = hiddenKinds(s);
  const { view, time, drill } = s.context;
  if (kinds.length === 0 || !view) return '';
  // Markers are in time order: every hidden one from the first ahead of the playhead is hidden.
  return kinds
    .map((kind) => {
      const all = drill?.handsOn !== undefined && kind === 'violation';
      const from = view.markers.findIndex((m) => m.kind === kind && (all || m.at > time));
      return from < 0 ? '' : `${kind}@${from}`;
    })
    .filter((part) => part !== '')
    .join(',');
};

/** The markers to draw, given {@link selectHiddenMarkers}'s value. Pure. */
export function visibleMarkers(markers: readonly Marker[], hidden: string): readonly Marker[] {
  if (hidden === '') return markers;
  const from = new Map(
    hidden.split(',').map((part) => {
      const [kind = '', index = '0'] = part.split('@');
      return [kind, Number(index)];
    }),
  );
  return markers.filter((m, index) => index < (from.get(m.kind) ?? Infinity));
}

/** Whether the invariants panel is hidden (a drill, until its debrief). */
export const selectInvariantsHidden = (s: PlayerSnapshot) =>
  s.context.drill !== undefined && s.context.drill.hideInvariants && !s.context.drill.debrief;
