/** What the drill's views read from the player. */
import type { Run } from '../../sim';
import type { PlayerSnapshot } from '../state/selectors';
import type { Marker, MarkerKind } from '../state/runView';
import { pendingDecision, type PendingDecision } from './drillLogic';

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

/** The decision the playhead stands at in a drill, waiting for the trainee's choice. */
export const selectDrillDecision = (s: PlayerSnapshot): PendingDecision | undefined => {
  const { drill, view, time } = s.context;
  if (!drill || !view || view.imported || drill.debrief) return undefined;
  if (!s.matches({ playback: 'paused' })) return undefined;
  const pending = pendingIn(view.run);
  return pending && pending.decision.at <= time ? pending : undefined;
};

/** Whether the run of a choice is being simulated. */
export const selectDrillRunning = (s: PlayerSnapshot) =>
  s.context.pendingRun?.purpose.kind === 'drill';

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
 * Which markers a drill keeps off the timeline: `KINDS@INDEX`, the hidden kinds from the marker
 * at INDEX on (the first of them ahead of the playhead); `''` when every marker is drawn. A
 * string that changes only when the playhead passes a hidden marker, so the timeline's lanes are
 * not drawn again on every tick.
 */
export const selectHiddenMarkers = (s: PlayerSnapshot): string => {
  const kinds = hiddenKinds(s);
  const { view, time } = s.context;
  if (kinds.length === 0 || !view) return '';
  // Markers are in time order: every hidden one from the first ahead of the playhead is hidden.
  const ahead = view.markers.findIndex((m) => kinds.includes(m.kind) && m.at > time);
  return ahead < 0 ? '' : `${kinds.join(',')}@${ahead}`;
};

/** The markers to draw, given {@link selectHiddenMarkers}'s value. Pure. */
export function visibleMarkers(markers: readonly Marker[], hidden: string): readonly Marker[] {
  if (hidden === '') return markers;
  const [kinds = '', from = '0'] = hidden.split('@');
  const hiddenKinds = kinds.split(',');
  const start = Number(from);
  return markers.filter((m, index) => index < start || !hiddenKinds.includes(m.kind));
}

/** Whether the invariants panel is hidden (a drill, until its debrief). */
export const selectInvariantsHidden = (s: PlayerSnapshot) =>
  s.context.drill !== undefined && s.context.drill.hideInvariants && !s.context.drill.debrief;
