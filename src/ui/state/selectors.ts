/**
 * One narrow selector per value the views read from the player. Selectors that derive arrays
 * come with the comparison to pass to `useSelector`, so a view re-renders only when its own
 * value changes, not on every tick.
 */
import type { SnapshotFrom } from 'xstate';
import type { HostState, Scenario } from '../../sim';
import { selectDrillDecision } from '../drill/drillSelectors';
import type { PendingDecision } from '../drill/drillLogic';
import { drawsShown, sampledKey, type ShownDraws } from './distribution';
import { cardStatusAt, type CardStatus } from './cardStatus';
import type { playerMachine } from './playerMachine';
import { isVisible, selectHorizon } from './spoilers';
import { stageAt, stageLayout, type StageLayout, type StageState } from './stage';
import {
  actorEntryAt,
  actorEntryBefore,
  currentStepAt,
  downtimeUntil,
  groupHostsAt,
  groupsDownAt,
  hostsAt,
  procedureAt,
  stepStatusesAt,
  type RunView,
  type StepStatusAt,
} from './runView';

export type PlayerSnapshot = SnapshotFrom<typeof playerMachine>;

const NONE: readonly never[] = [];

/** Element-wise `===` of two arrays: derived lists re-render only when an element changes. */
export function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index++) if (a[index] !== b[index]) return false;
  return true;
}

/**
 * Remembers the last result of a pure derivation of a run view at an instant, so the views that
 * ask for it on the same tick share one computation (and one array: `sameItems` is then `===`).
 */
function lastResult<T>(
  derive: (view: RunView, cursor: number, time: number) => T,
): (view: RunView, cursor: number, time: number) => T {
  let last: { view: RunView; cursor: number; time: number; value: T } | undefined;
  return (view, cursor, time) => {
    if (last && last.view === view && last.cursor === cursor && last.time === time)
      return last.value;
    last = { view, cursor, time, value: derive(view, cursor, time) };
    return last.value;
  };
}

const hostsNow = lastResult((view, cursor) => hostsAt(view, cursor));
const groupsDownNow = lastResult(groupsDownAt);
const downtimeNow = lastResult((view, _cursor, time) => downtimeUntil(view, time));
const groupHostsNow = lastResult((view, cursor) => groupHostsAt(view, cursor));
const cardStatusOf = (spoilerFree: boolean) =>
  lastResult((view, cursor, time) =>
    cardStatusAt(view, cursor, time, {
      hosts: hostsNow(view, cursor, 0),
      down: groupsDownNow(view, cursor, time),
      where: groupHostsNow(view, cursor, 0),
      spoilerFree,
    }),
  );
const cardStatusNow = cardStatusOf(false);
const cardStatusSpoilerFree = cardStatusOf(true);
const NO_STATUS: CardStatus = { hosts: new Map(), groups: [] };
const LAYOUTS = new WeakMap<RunView, StageLayout>();

/** Where each host of a run stands on the stage (computed once per run). */
function layoutOf(view: RunView): StageLayout {
  let layout = LAYOUTS.get(view);
  if (!layout) {
    layout = stageLayout(view.run.report.system, view.run.scenario.hosts);
    LAYOUTS.set(view, layout);
  }
  return layout;
}
const stageNow = lastResult((view, cursor, time) =>
  stageAt(layoutOf(view), hostsNow(view, cursor, 0), cardStatusNow(view, cursor, time).hosts),
);
const NO_STAGE: StageState = {};

export const selectView = (s: PlayerSnapshot) => s.context.view;
export const selectRun = (s: PlayerSnapshot) => s.context.view?.run;
export const selectImported = (s: PlayerSnapshot) => s.context.view?.imported ?? false;
/** The imported file of several reports on screen, to pick another of them. */
export const selectImportedFile = (s: PlayerSnapshot) =>
  s.context.view?.imported ? s.context.importedFile : undefined;
export const selectCursor = (s: PlayerSnapshot) => s.context.cursor;
export const selectTime = (s: PlayerSnapshot) => s.context.time;
export const selectDuration = (s: PlayerSnapshot) => s.context.view?.duration ?? 0;
export const selectTraceLength = (s: PlayerSnapshot) => s.context.view?.times.length ?? 0;
export const selectPlaying = (s: PlayerSnapshot) => s.matches({ playback: 'playing' });
export const selectSpeed = (s: PlayerSnapshot) => s.context.speed;
export const selectSelectedHost = (s: PlayerSnapshot) => s.context.host;
export const selectBuiltins = (s: PlayerSnapshot) => s.context.builtins;
export const selectBuiltinId = (s: PlayerSnapshot) => s.context.builtin;
export const selectEdited = (s: PlayerSnapshot) => s.context.edited;
export const selectSource = (s: PlayerSnapshot) => s.context.source;
/** The name the editor's text goes by (a built-in's id, a counterexample's file, …). */
export const selectSourceFile = (s: PlayerSnapshot) => s.context.file;
export const selectSourceError = (s: PlayerSnapshot) => s.context.error;
/** Whether the editor's text holds typing that is in no draft. */
export const selectUnsaved = (s: PlayerSnapshot) => s.context.dirty;
export const selectDrafts = (s: PlayerSnapshot) => s.context.drafts;
/** The replacement of unsaved text waiting for the user's answer. */
export const selectConfirm = (s: PlayerSnapshot) => s.context.confirm;
/** How many replaced texts Undo can bring back. */
export const selectReplacedCount = (s: PlayerSnapshot) => s.context.replaced.length;
/** The run being simulated, with its progress. */
export const selectPendingRun = (s: PlayerSnapshot) => s.context.pendingRun;
/** Why the editor's text has no run on screen (`held`, `cancelled`), if it has none. */
export const selectNotRun = (s: PlayerSnapshot) => s.context.notRun;
export const selectStorageError = (s: PlayerSnapshot) => s.context.storageError;
export const selectValidating = (s: PlayerSnapshot) => s.matches({ editor: 'debouncing' });
export const selectScenario = (s: PlayerSnapshot): Scenario | undefined => s.context.scenario;
export const selectLiveFaults = (s: PlayerSnapshot) => s.context.live;
export const selectRestore = (s: PlayerSnapshot) => s.context.restore;
export const selectNotices = (s: PlayerSnapshot) => s.context.notices;
export const selectComparison = (s: PlayerSnapshot) => s.context.comparison;
/** Whether a fault can be injected now: paused or playing, at the playhead's time. */
export const selectCanInject = (s: PlayerSnapshot) =>
  s.context.view !== undefined && !s.context.view.imported && s.context.scenario !== undefined;

/** The trace entry at the cursor. */
export const selectEntry = (s: PlayerSnapshot) =>
  s.context.view?.run.report.trace[s.context.cursor];

/** Every host's state at the cursor (compare with {@link sameItems}: frames are shared objects). */
export const selectHosts = (s: PlayerSnapshot): readonly HostState[] =>
  s.context.view ? hostsNow(s.context.view, s.context.cursor, 0) : NONE;

/**
 * Each step's status at the cursor (compare with {@link sameItems}). Spoiler-free, the steps
 * after the current one are hidden: the run's steps still to come are not the plan's once a
 * fault strikes (a crash of the Primary is a failover of its own, so one planned failover is
 * dropped and the storage hosts swap places), and a list, a count or a number showing them
 * would tell the class what is coming. So are those after a drill's decision still to take,
 * which follow the default only until the trainee chooses.
 */
export const selectStepStatuses = (s: PlayerSnapshot): readonly StepStatusAt[] => {
  const { view, cursor } = s.context;
  if (!view) return NONE;
  const statuses = atDecision(view, stepStatusesAt(view, cursor), selectDrillDecision(s));
  const horizon = selectHorizon(s);
  if (!horizon) return statuses;
  // The playhead's step spoiler-free; in a drill, the step of its decision still to take.
  const last = procedureAt(view, horizon.cursor).step;
  return statuses.map((status, index) => (index > last ? 'hidden' : status));
};

/**
 * A drill stands just before the procedure's transition that takes the decision (its
 * consequences are the trainee's to choose), and that transition is also the one that records
 * the step whose failure asks for it: the step a card says failed would still read running. It
 * reads failed, as it is when the decision is taken; nothing else of that transition is shown.
 */
function atDecision(
  view: RunView,
  statuses: readonly StepStatusAt[],
  pending: PendingDecision | undefined,
): readonly StepStatusAt[] {
  if (!pending) return statuses;
  const then = stepStatusesAt(view, pending.seq);
  return statuses.map((status, index) =>
    status === 'running' && then[index] === 'failed' ? 'failed' : status,
  );
}

/** Index of the step being carried out at the cursor (or the last one run). */
export const selectCurrentStep = (s: PlayerSnapshot) =>
  s.context.view ? currentStepAt(s.context.view, s.context.cursor) : -1;

/** The host the step at the cursor works on, if any. */
export const selectCurrentStepHost = (s: PlayerSnapshot): string | undefined =>
  s.context.view?.run.report.steps[selectCurrentStep(s)]?.host;

/** Whether the procedure has settled (completed, rolled back, aborted, stuck) at the cursor. */
export const selectSettled = (s: PlayerSnapshot) =>
  s.context.view ? procedureAt(s.context.view, s.context.cursor).final : false;

/** Whether each workload group is down at the cursor (compare with {@link sameItems}). */
export const selectGroupsDown = (s: PlayerSnapshot): readonly boolean[] =>
  s.context.view ? groupsDownNow(s.context.view, s.context.cursor, s.context.time) : NONE;

/** Where each workload group runs at the cursor (compare with {@link sameItems}). */
export const selectGroupHosts = (s: PlayerSnapshot): readonly string[] =>
  s.context.view ? groupHostsNow(s.context.view, s.context.cursor, 0) : NONE;

/** Each workload group's downtime so far (compare with {@link sameItems}). */
export const selectDowntimeSoFar = (s: PlayerSnapshot): readonly number[] =>
  s.context.view ? downtimeNow(s.context.view, 0, s.context.time) : NONE;

/**
 * What each host card and each down workload group says at the playhead (compare with
 * `sameCardStatus`).
 */
export const selectCardStatus = (s: PlayerSnapshot): CardStatus => {
  const { view, cursor, time } = s.context;
  if (!view) return NO_STATUS;
  return (selectHorizon(s) ? cardStatusSpoilerFree : cardStatusNow)(view, cursor, time);
};

/** Where each host stands on the stage: by what it is, so it is one object per run. */
export const selectStageLayout = (s: PlayerSnapshot): StageLayout | undefined =>
  s.context.view ? layoutOf(s.context.view) : undefined;

/** The pair's link and the HA pair's traffic at the playhead (compare with `sameStage`). */
export const selectStage = (s: PlayerSnapshot): StageState =>
  s.context.view ? stageNow(s.context.view, s.context.cursor, s.context.time) : NO_STAGE;

/** The trace entry that put the inspected actor (selected host, else the procedure) in its state. */
export const selectInspectedEntry = (s: PlayerSnapshot) => {
  const { view, cursor, host } = s.context;
  if (!view) return undefined;
  const index = actorEntryAt(view, host ?? 'procedure', cursor);
  return index < 0 ? undefined : view.run.report.trace[index];
};

/**
 * The state of the inspected actor before its inspected entry: the state its last transition left
 * (`undefined` at its first entry). The statechart lights the one edge that transition took.
 */
export const selectInspectedBefore = (s: PlayerSnapshot): string | undefined => {
  const { view, cursor, host } = s.context;
  if (!view) return undefined;
  const index = actorEntryBefore(view, host ?? 'procedure', cursor);
  return index < 0 ? undefined : view.run.report.trace[index]?.state;
};

/** How many violations have happened up to the cursor, per invariant (compare with {@link sameItems}). */
export const selectViolationsSoFar = (s: PlayerSnapshot): readonly number[] => {
  const { view, cursor } = s.context;
  if (!view) return NONE;
  const reached = { cursor, time: s.context.time };
  return view.run.report.invariants.map(
    (invariant) => invariant.violations.filter((v) => isVisible(reached, v)).length,
  );
};

/** Where the Explore tab's exploration stands: `idle`, `running`, `finished`, `failed`, `cancelled`. */
export const selectExploreStatus = (s: PlayerSnapshot) => s.value.explorer;
export const selectExploreSettings = (s: PlayerSnapshot) => s.context.exploreSettings;
export const selectExploration = (s: PlayerSnapshot) => s.context.exploration;
/** Whether there is a valid scenario to explore. */
export const selectCanExplore = (s: PlayerSnapshot) => s.context.scenario !== undefined;

/** Where the Distribution tab's sampling stands: `idle`, `running`, `finished`, `failed`, `cancelled`. */
export const selectDistributionStatus = (s: PlayerSnapshot) => s.value.sampler;
export const selectDistributionSettings = (s: PlayerSnapshot) => s.context.distributionSettings;
export const selectDistribution = (s: PlayerSnapshot) => s.context.distribution;
/** What the scenario on screen's seed draws (one object per scenario). */
export const selectSeedDraws = (s: PlayerSnapshot): ShownDraws | undefined =>
  s.context.scenario ? drawsShown(s.context.scenario, s.context.view?.run) : undefined;
/** Whether the samples shown are of the scenario on screen, but for its seed. */
export const selectDistributionCurrent = (s: PlayerSnapshot) => {
  const { distribution, scenario } = s.context;
  return (
    distribution !== undefined &&
    scenario !== undefined &&
    sampledKey(scenario) === distribution.key
  );
};
/** The seed of the run on screen's scenario (the one a played sample wrote). */
export const selectScenarioSeed = (s: PlayerSnapshot) => s.context.scenario?.seed;
