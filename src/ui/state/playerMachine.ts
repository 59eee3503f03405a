import { and, assertEvent, assign, fromPromise, not, raise, setup } from 'xstate';
import {
  faultEntryText,
  LIMITS,
  writtenIndex,
  planProcedure,
  ruleFor,
  rewriteScenarioText,
  writeSeedIntoText,
  writtenPlan,
} from '../../sim';
import type {
  DecisionOption,
  DecisionSearchResult,
  ExploreResult,
  FaultSpec,
  FaultType,
  InvariantId,
  Run,
  Scenario,
} from '../../sim';
import {
  choiceAt,
  choiceRefused,
  drilledScenario,
  pendingDecision,
  undecidedPoint,
  startDrill,
  type Drill,
  type HandsOn,
  type PlanItem,
} from '../drill/drillLogic';
import { handsOnPlan, handsOnScenario } from '../drill/handsOnLogic';
import { clock, invariantWords } from '../format';
import {
  distributionLogic,
  runDistributionInWorker,
  type DistributionResult,
} from '../distribution';
import { explorationLogic, runInWorker, type ExploreRequest } from '../explore';
import {
  runSimulation,
  simulationLogic,
  type SimulationMessage,
  type SimulationRequest,
  type SourceError,
} from '../simulation';
import type { BuiltinScenario } from './builtins';
import {
  configuredDistribution,
  DEFAULT_SAMPLES,
  distributionRequest,
  sampledKey,
  seedMatters,
  type Distribution,
  type DistributionPatch,
  type DistributionSettings,
} from './distribution';
import { draftName, type Draft } from './drafts';
import type { FaultParams } from './faultParams';
import { faultReach, injectionTime } from './faultReach';
import { differsFromPlan, nextJump, visibleAt } from './spoilers';
import { toggled, type PolicyToggle } from './policyToggles';
import { textWithLiveFaults } from './liveText';
import { importReport, type ImportedReport } from './importReport';
import {
  sameText,
  type DrillLink,
  type StoredDrill,
  type StoredFaults,
  type StoredPlayhead,
  type StoredSource,
} from './persistence';
import {
  buildRunView,
  cursorAtTime,
  divergence,
  MARKER_WORDS,
  previousMarker,
  settledAfter,
  type MarkerKind,
  type RunView,
} from './runView';

/** A banner: something the user should know that is not tied to one panel. */
interface Notice {
  readonly id: number;
  readonly tone: 'error' | 'info';
  readonly text: string;
  /**
   * Said in answer to a button and gone a few seconds later (`NOTICE_FADES_MS`): a banner that
   * stayed until closed took a row of the class's screen from the stage.
   */
  readonly transient?: true;
}

/** How long a transient notice stays on screen, in wall-clock ms. */
export const NOTICE_FADES_MS = 6000;

/** What the compare view shows on its right-hand side. */
export type CompareWith =
  | { readonly kind: 'without-faults' }
  | { readonly kind: 'policy'; readonly key: PolicyToggle }
  | { readonly kind: 'preemption-left-on' }
  | { readonly kind: 'builtin'; readonly id: string };

interface Comparison {
  readonly with: CompareWith;
  readonly label: string;
  readonly right?: Run;
  readonly error?: string;
  /** The right-hand run being simulated (off the main thread), until it is done. */
  readonly request?: SimulationRequest;
  readonly progress?: RunProgress;
  /** The user stopped the right-hand run before it was done. */
  readonly cancelled?: boolean;
}

/**
 * How the Explore tab explores: every single fault, every pair, random fault sets, or every
 * option at every decision point each single fault leads to.
 */
export interface ExploreSettings {
  readonly mode: 'single' | 'pairs' | 'random' | 'decisions';
  /** Random mode: how many fault sets to draw. */
  readonly runs: number;
  /** Random mode: the seed they are drawn from. */
  readonly seed: number;
}

/** The exploration started last: what it explores, how far it got, and what it found. */
export interface Exploration {
  readonly request: ExploreRequest;
  /** The scenario's name when it started (the editor may have moved on since). */
  readonly scenario: string;
  readonly done: number;
  readonly total: number;
  readonly result?: ExploreResult;
  /**
   * The editor's text and file name when it started: "Open as run" loads a finding as this text
   * with only its faults, `expect`, `decisions` and name written again, the author's comments
   * and spelling kept.
   */
  readonly text: { readonly source: string; readonly file: string };
  /** What the decision search found (a decisions request). */
  readonly decisions?: DecisionSearchResult;
  readonly error?: string;
}

/** What the editor held before a text replaced it: what Undo (or Back) brings back. */
interface EditorText {
  readonly source: string;
  readonly file: string;
  readonly builtin: string | undefined;
  readonly edited: boolean;
  readonly dirty: boolean;
}

/** An event that replaces the editor's text: asked about first when the text is unsaved. */
type Replacement =
  | { readonly type: 'scenario.select'; readonly id: string }
  | {
      readonly type: 'scenario.load';
      readonly text: string;
      readonly file?: string;
      /** A drill link: the drill to start on the text's run. */
      readonly drill?: DrillLink;
      /** A link's position (`&at=`, virtual ms): the run opens there. */
      readonly at?: number;
    }
  | { readonly type: 'explore.open'; readonly invariant: InvariantId }
  /** The decision search's finding `finding` (its index), run with `option` chosen there. */
  | {
      readonly type: 'explore.openDecision';
      readonly finding: number;
      readonly option: DecisionOption;
    }
  | { readonly type: 'draft.open'; readonly id: string }
  | { readonly type: 'scenario.undo' };

/** How a finished run is put on screen. */
type RunPurpose =
  /** New text: the playhead starts over (`restart`) or keeps its virtual time (an edit). */
  | {
      readonly kind: 'load';
      readonly restart: boolean;
      /** Put the playhead at this invariant's first violation (a counterexample opened). */
      readonly invariant?: InvariantId;
      /** Start this drill on the run (a drill link opened). */
      readonly drill?: DrillLink;
      /** Play the run once it is on screen (a run picked from the samples). */
      readonly play?: true;
      /** Put the playhead at this virtual time (the page's first run, after a reload; a link's `&at=`). */
      readonly resumeAt?: number;
      /** `resumeAt` is a share link's: said so when it is past the run's end. */
      readonly resumeLink?: true;
      /** Take up this drill on the run (the page's first run, after a reload). */
      readonly restoreDrill?: StoredDrill;
    }
  /** The same scenario with another set of live faults: the view continues from the same instant. */
  | { readonly kind: 'faults'; readonly added?: FaultSpec }
  /**
   * A drill's choice: the view continues from the decision, and playback goes on. `resumeAt`:
   * a drill taken up after a reload, its playhead put back where it stood.
   */
  | { readonly kind: 'drill'; readonly resumeAt?: number }
  /**
   * A hands-on drill's plan so far (or a choice in it): the playhead goes at once to the end of
   * the run, or to the decision point the trainee has to decide first.
   */
  | { readonly kind: 'hands-on' };

/** The run being simulated (off the main thread in the app) and how far it got. */
/** How far a run being simulated has got, as its last progress message said. */
export interface RunProgress {
  readonly step: number;
  readonly steps: number;
  readonly transitions: number;
  readonly at: number;
}

interface PendingRun {
  readonly request: SimulationRequest;
  readonly purpose: RunPurpose;
  readonly progress?: RunProgress;
}

/** Most texts Undo can bring back. */
const UNDO_DEPTH = 20;

/** Most fault sets a random exploration may draw from the Explore tab. */
export const MAX_RANDOM_RUNS = 100_000;

/** The playback speeds on offer: virtual milliseconds per wall-clock millisecond. */
export const SPEEDS: readonly number[] = [1, 10, 60, 100, 1000];

interface PlayerContext {
  readonly builtins: readonly BuiltinScenario[];
  /** The built-in scenario the editor's text started from. */
  readonly builtin: string | undefined;
  /** Whether the user changed the text since picking it. */
  readonly edited: boolean;
  readonly source: string;
  /** The name errors are reported against. */
  readonly file: string;
  readonly error: SourceError | undefined;
  /** The text the run on screen was simulated from. */
  readonly simulated: string | undefined;
  /** The last valid scenario, as written (without live faults). */
  readonly scenario: Scenario | undefined;
  /** Faults injected from the fault form, at virtual times of this run. */
  readonly live: readonly FaultSpec[];
  /**
   * The faults injected by hand before the last reload, waiting for the run of the text they
   * were injected into: the next load of that text injects them again (see `requestLoad`).
   */
  readonly restore: StoredFaults | undefined;
  readonly view: RunView | undefined;
  /** Index into `report.trace` of the last transition shown. */
  readonly cursor: number;
  /** Virtual time of the playhead (ms). */
  readonly time: number;
  readonly speed: number;
  /** The host whose machine the statechart tab shows (none: the procedure). */
  readonly host: string | undefined;
  readonly notices: readonly Notice[];
  readonly nextNotice: number;
  readonly comparison: Comparison | undefined;
  readonly exploreSettings: ExploreSettings;
  readonly exploration: Exploration | undefined;
  readonly distributionSettings: DistributionSettings;
  /** The sampling started last (the Distribution tab). */
  readonly distribution: Distribution | undefined;
  /** Whether the text holds typing that is not in a draft (replacing it asks first). */
  readonly dirty: boolean;
  /** The user's named drafts, newest first. */
  readonly drafts: readonly Draft[];
  /** A replacement of unsaved text waiting for the user's answer. */
  readonly confirm: Replacement | undefined;
  /** Texts replaced, last on top: what Undo brings back. */
  readonly replaced: readonly EditorText[];
  readonly pendingRun: PendingRun | undefined;
  readonly nextRun: number;
  /** Why the editor's text has no run on screen: held at start-up, or its run cancelled. */
  readonly notRun: 'held' | 'cancelled' | undefined;
  /** Why the editor's text could not be saved in the browser's storage, while it cannot. */
  readonly storageError: string | undefined;
  /** Whether storage refused the drafts: they are kept in this tab only, and a reload loses them. */
  readonly draftsUnstored: boolean;
  /** Drill mode: playback stops at each decision point for the trainee to choose. */
  readonly drill: Drill | undefined;
  /** The imported file that holds several reports, to pick another of them. */
  readonly importedFile: ImportedFile | undefined;
  /**
   * Spoiler-free mode: the views show only what the playhead has reached (see `spoilers.ts`),
   * for a trainer's "spot the mistake" exercise.
   */
  readonly spoilerFree: boolean;
  /**
   * The scenario's run without any fault, simulated in spoiler-free mode when the run on screen
   * is not that run: where it ends is what the trainee knows from the plan, so the timeline's
   * axis may reach that far (see `axisEnd`).
   */
  readonly plan: FaultFreePlan | undefined;
}

/** The fault-free run of a scenario, being simulated or done. */
interface FaultFreePlan {
  /** The scenario (as written: `context.scenario`) it is the plan of. */
  readonly scenario: Scenario;
  /** Where its run ends (ms), once simulated; absent too when the engine failed on it. */
  readonly end?: number;
  /** Its run being simulated (off the main thread in the app), until it is done. */
  readonly request?: SimulationRequest;
}

/** A file of several reports (a `--json` array, a `--reporter json` envelope) being replayed. */
interface ImportedFile {
  readonly name: string | undefined;
  readonly text: string;
  /** Each report in the file, as the picker lists it. */
  readonly choices: readonly string[];
  /** The one on screen. */
  readonly picked: number;
}

export interface PlayerInput {
  readonly builtins: readonly BuiltinScenario[];
  /** Text to start with (a shared link, the remembered editor text); default the first built-in. */
  readonly initial?: StoredSource & { readonly file?: string };
  /** Banners to show from the start (an unreadable link or stored value). */
  readonly notices?: readonly string[];
  readonly speed?: number;
  /** The saved drafts. */
  readonly drafts?: readonly Draft[];
  /** A link's text to open (and the drill it shares): asked about first when `initial` holds unsaved text. */
  readonly open?: { readonly text: string; readonly file: string; readonly drill?: DrillLink };
  /** Do not simulate the starting text: its run was in progress when the app last closed. */
  readonly hold?: boolean;
  /** Start in spoiler-free mode (a link or the remembered setting asks for it). */
  readonly spoilerFree?: boolean;
  /** The faults injected by hand before the last reload, with the text they belong to. */
  readonly restore?: StoredFaults;
  /** Where the playhead stood when the page was left: the starting text's run resumes there. */
  readonly resume?: StoredPlayhead;
  /** The drill on screen when the page was left: taken up again on the starting text's run. */
  readonly resumeDrill?: StoredDrill;
}

/**
 * Where a seek goes: an entry of the trace (`settled`: where that entry's instant has settled,
 * as a jump to a marker lands, see `settledAfter`), or a virtual time.
 */
type SeekTarget = { readonly seq: number; readonly settled?: boolean } | { readonly at: number };

type PlayerEvent =
  | Replacement
  | { type: 'scenario.edit'; text: string }
  | { type: 'replace.confirm'; at: number }
  | { type: 'replace.keep' }
  | { type: 'draft.save'; name?: string; at: number }
  | { type: 'draft.delete'; id: string }
  | { type: 'drafts.sync'; drafts: readonly Draft[] }
  | { type: 'simulation.start' }
  | { type: 'text.replaced' }
  | { type: 'simulation.run' }
  | { type: 'simulation.cancel' }
  | SimulationMessage
  /** `drafts`: whether the drafts are among what storage refused (then they keep nothing). */
  | { type: 'storage.failed'; reason: string; drafts?: boolean }
  | { type: 'storage.saved' }
  | { type: 'play' }
  | { type: 'pause' }
  | { type: 'toggle' }
  | { type: 'tick'; elapsed: number }
  | { type: 'step.forward' }
  | { type: 'step.back' }
  | ({ type: 'seek' } & SeekTarget)
  | { type: 'seek.start' }
  | { type: 'seek.end' }
  | { type: 'jump.next'; kind?: MarkerKind }
  | { type: 'jump.previous'; kind?: MarkerKind }
  | { type: 'speed.set'; speed: number }
  | { type: 'host.select'; name: string | undefined }
  | {
      type: 'fault.inject';
      fault: FaultType;
      target: string;
      /** The fault's parameters, read and checked by `readFaultForm`. */
      params?: FaultParams;
    }
  | { type: 'fault.remove'; index: number }
  /** The live faults are written into the editor's text as `faults:` entries, and cleared. */
  | { type: 'fault.write' }
  | { type: 'spoilers.set'; on: boolean }
  /** A JSON report to replay read-only; of a file with several, the one at `pick` (from 0). */
  | { type: 'run.import'; text: string; name?: string; pick?: number }
  | { type: 'run.imported' }
  | { type: 'compare.open'; with: CompareWith }
  | { type: 'compare.close' }
  | { type: 'compare.cancel' }
  | { type: 'notice.add'; tone: Notice['tone']; text: string }
  /** The user's files as `rehearse ui` serves them (see `servedReaction` for what follows). */
  | { type: 'served.update'; served: readonly BuiltinScenario[] }
  | { type: 'notice.dismiss'; id: number }
  | { type: 'explore.configure'; settings: Partial<ExploreSettings> }
  | { type: 'explore.start' }
  | { type: 'explore.cancel' }
  | { type: 'explore.progress'; done: number; total: number }
  | { type: 'explore.done'; result: ExploreResult }
  | { type: 'explore.decided'; search: DecisionSearchResult }
  | { type: 'explore.failed'; message: string }
  | { type: 'distribution.configure'; settings: DistributionPatch }
  | { type: 'distribution.start' }
  | { type: 'distribution.cancel' }
  | { type: 'distribution.progress'; done: number; total: number }
  | { type: 'distribution.done'; result: DistributionResult }
  | { type: 'distribution.failed'; message: string }
  /** Plays the run of one seed of the samples: the seed is written into the editor's text. */
  | { type: 'distribution.play'; seed: number; what: string }
  | { type: 'drill.start'; handsOn?: boolean }
  | { type: 'drill.stop' }
  | { type: 'drill.choose'; option: DecisionOption }
  | { type: 'drill.step'; item: PlanItem }
  | { type: 'drill.undo' }
  | { type: 'drill.finish' }
  | { type: 'drill.configure'; hideFaults?: boolean; hideInvariants?: boolean }
  | { type: 'drill.debrief'; open: boolean };

type Patch = { -readonly [K in keyof PlayerContext]?: PlayerContext[K] };

const UNTITLED = 'scenario.yaml';

function withNotice(
  context: PlayerContext,
  tone: Notice['tone'],
  text: string,
  transient = false,
): Patch {
  return {
    notices: [
      ...context.notices,
      { id: context.nextNotice, tone, text, ...(transient ? { transient: true as const } : {}) },
    ],
    nextNotice: context.nextNotice + 1,
  };
}

/**
 * What a jump with no marker to go to says: none ahead of the playhead, or none behind it.
 * Spoiler-free, a jump ahead never looks for an event (see `nextJump`), and says so in words
 * that tell nothing of what lies ahead. Pure.
 */
export function nothingToJumpTo(
  ahead: boolean,
  kind: MarkerKind | undefined,
  spoilerFree: boolean,
): string {
  const what = kind ? MARKER_WORDS[kind] : 'failover, fault or violation';
  if (!ahead) return `No ${what} before the playhead.`;
  if (spoilerFree)
    return kind === undefined
      ? 'The run has ended: nothing is left to play.'
      : 'Spoiler-free: a jump goes to the next step, never to an event ahead.';
  return `No ${what} ahead of the playhead.`;
}

function clampTime(view: RunView, time: number): number {
  return Math.min(Math.max(0, time), view.duration);
}

/** The faults of `StoredFaults` as the notices list them, one `faults:` entry after another. */
function entriesText(faults: readonly Readonly<Record<string, unknown>>[]): string {
  return faults.map(faultEntryText).join(', ');
}

/**
 * The faults injected by hand before the reload, when `text` is not the text they were
 * injected into: not injected, and said so with each fault as a `faults:` entry to copy.
 */
function restoreDropped(context: PlayerContext, why: string): Patch {
  const { restore } = context;
  if (!restore) return {};
  const count = restore.faults.length;
  return {
    restore: undefined,
    ...withNotice(
      context,
      'error',
      `${count === 1 ? 'The fault' : `The ${count} faults`} you had injected by hand before the reload ${count === 1 ? 'was' : 'were'} not injected again: ${why}. As faults: entries: ${entriesText(restore.faults)}.`,
    ),
  };
}

/** Starts simulating `text` (cancelling a run in flight); the last finished run stays on screen. */
function requestLoad(
  context: PlayerContext,
  text: string,
  file: string,
  restart: boolean,
  invariant?: InvariantId,
  drill?: DrillLink,
): Patch {
  const live = restart ? [] : context.live;
  // The faults injected by hand before a reload come back with the run of their own text.
  const { restore } = context;
  const restoring = restore !== undefined && sameText(restore, text);
  // The page's first run, of a scenario shipped with the app: in the page, without waiting for a
  // worker to start (its size is known; anything else may be large or hostile).
  const inPage =
    context.nextRun === 1 &&
    live.length === 0 &&
    !restoring &&
    context.builtins.some((builtin) => !builtin.served && builtin.text === text);
  return {
    ...(restore && !restoring
      ? restoreDropped(context, 'the text is not the one they were injected into')
      : {}),
    pendingRun: {
      request: {
        id: context.nextRun,
        file,
        text,
        live,
        ...(restoring ? { restore: restore.faults } : {}),
        ...(inPage ? { inPage } : {}),
      },
      purpose: {
        kind: 'load',
        restart,
        ...(invariant ? { invariant } : {}),
        ...(drill ? { drill } : {}),
      },
    },
    nextRun: context.nextRun + 1,
    notRun: undefined,
  };
}

/** Starts simulating the scenario on screen with a new set of live faults. */
function requestFaults(
  context: PlayerContext,
  live: readonly FaultSpec[],
  added?: FaultSpec,
  purpose: RunPurpose = { kind: 'faults', ...(added ? { added } : {}) },
): Patch {
  const { scenario, drill } = context;
  if (!scenario) return {};
  // A drill's choices ride along as `decisions:` entries, a hands-on drill's steps as `plan:`;
  // `context.scenario` stays as written.
  const drilled = drill?.handsOn
    ? handsOnScenario(scenario, drill.handsOn.plan, drill.choices)
    : drilledScenario(scenario, drill?.choices ?? []);
  return {
    pendingRun: {
      request: { id: context.nextRun, file: context.file, scenario: drilled, live },
      purpose,
    },
    nextRun: context.nextRun + 1,
  };
}

/**
 * Puts a finished run on screen. New text: the playhead keeps its virtual time (or starts over
 * when `restart`). New live faults: the view continues from the same instant.
 */
function applyRun(
  context: PlayerContext,
  pending: PendingRun,
  scenario: Scenario,
  run: Run,
  restored?: Restored,
): Patch {
  const { purpose, request } = pending;
  const view = buildRunView(run);
  if (purpose.kind === 'hands-on') {
    const stop = pendingDecision(run);
    return {
      live: request.live,
      view,
      comparison: undefined,
      ...(stop
        ? { time: stop.decision.at, cursor: Math.max(0, stop.seq - 1) }
        : { time: view.duration, cursor: lastIndex(view) }),
    };
  }
  if (purpose.kind === 'drill' && purpose.resumeAt !== undefined) {
    // A drill taken up after a reload: the playhead where it stood, or at the decision still to
    // take on the way there, as playing on would have stopped at it.
    const stop = pendingDecision(run);
    const time = clampTime(view, purpose.resumeAt);
    return {
      live: request.live,
      view,
      comparison: undefined,
      ...(stop && stop.decision.at <= time
        ? { time: stop.decision.at, cursor: Math.max(0, stop.seq - 1) }
        : { time, cursor: cursorAtTime(view, time) }),
    };
  }
  if (purpose.kind === 'faults' || purpose.kind === 'drill') {
    const previous = context.view;
    const added = purpose.kind === 'faults' ? purpose.added : undefined;
    // In a hands-on drill the run ends where the trainee has got to: a fault aimed at a step still
    // to be taken waits for it, and the trainee is told so.
    const waits = context.drill?.handsOn !== undefined;
    if (added && !run.fired.includes(added.index) && waits) {
      return {
        live: request.live,
        view,
        comparison: undefined,
        ...withNotice(
          context,
          'info',
          `The ${added.fault} on ${added.target ?? 'the current host'} waits for the next step you take that it affects.`,
        ),
      };
    }
    if (added && !run.fired.includes(added.index)) {
      // A live fault that cannot fire where it is aimed is refused, not kept as a silent marker.
      const at = 'at' in added.when ? added.when.at : context.time;
      const reach =
        previous && faultReach(previous, context.cursor, at, added.fault, added.target ?? '');
      const why =
        reach && !reach.fires
          ? reach.why
          : `${added.fault} on ${added.target ?? 'the current host'} would never fire from this instant.`;
      return withNotice(context, 'error', `Not injected: ${why}`);
    }
    const differs = previous ? divergence(previous.run, run) : 0;
    // The runs are identical before `differs`: keep the cursor unless it was past that point.
    const cursor =
      differs < 0 ? context.cursor : Math.max(0, Math.min(context.cursor, differs - 1));
    const patch: Patch = {
      live: request.live,
      view,
      cursor: Math.min(cursor, Math.max(0, run.report.trace.length - 1)),
      time: clampTime(view, context.time),
      comparison: undefined,
    };
    if (added && differs < 0) {
      return {
        ...patch,
        ...withNotice(
          context,
          'info',
          `The ${added.fault} on ${added.target ?? 'the current host'} changed nothing: nothing it affects was running or still to come.`,
        ),
      };
    }
    if (added && 'at' in added.when) {
      // The playhead goes to the instant the fault strikes (the next whole second, see
      // `injectionTime`), past all of it: paused, the class sees the host struck at once,
      // not a frame before it.
      const strikes = clampTime(view, Math.max(context.time, added.when.at));
      return {
        ...patch,
        time: strikes,
        cursor: Math.max(patch.cursor ?? 0, cursorAtTime(view, strikes)),
      };
    }
    return patch;
  }
  const time =
    purpose.resumeAt !== undefined
      ? clampTime(view, purpose.resumeAt)
      : purpose.restart || context.view?.imported
        ? 0
        : clampTime(view, context.time);
  const host =
    context.host !== undefined && view.hosts.includes(context.host) ? context.host : undefined;
  // A link's position past the end of its run: the run opens at its end, and the class is told.
  const pastEnd =
    purpose.resumeLink && purpose.resumeAt !== undefined && purpose.resumeAt > view.duration
      ? withNotice(
          context,
          'error',
          `The link's position ${clock(purpose.resumeAt)} is past the end of the run (${clock(view.duration)}): it opened at the end.`,
        )
      : {};
  const patch: Patch = {
    ...pastEnd,
    error: undefined,
    simulated: request.text,
    scenario,
    live: restored?.live ?? request.live,
    ...(request.restore
      ? { restore: undefined, ...restoredNotice(context, request, restored) }
      : {}),
    view,
    time,
    cursor:
      (purpose.restart && purpose.resumeAt === undefined) || time === 0
        ? 0
        : cursorAtTime(view, time),
    host,
    comparison: undefined,
  };
  // New text: a drill starts over on its run (a drill link starts the drill it shares; after a
  // reload, the drill left is taken up again).
  const { restoreDrill } = purpose;
  // The drill left wins over a drill link's fresh one: reloading a page opened from a link
  // keeps the link in the address bar.
  const settings = restoreDrill
    ? {
        handsOn: restoreDrill.steps !== undefined,
        hideFaults: restoreDrill.hideFaults,
        hideInvariants: restoreDrill.hideInvariants,
      }
    : (purpose.drill ?? drillSettings(context.drill));
  if (settings) {
    const started = { ...context, ...patch, drill: drillOn(scenario, run, settings) };
    if (restoreDrill) return { ...patch, ...takenUp(started, restoreDrill, time) };
    return { ...patch, drill: started.drill, ...(settings.handsOn ? handsOnRun(started) : {}) };
  }
  const violation =
    purpose.invariant === undefined
      ? undefined
      : run.report.invariants.find((item) => item.id === purpose.invariant)?.violations[0];
  return violation ? { ...patch, ...seekTo(view, { seq: violation.seq }) } : patch;
}

/** What the run of a request with `restore` says of the faults injected before the reload. */
type Restored = Extract<SimulationMessage, { type: 'simulation.done' }>['restored'];

/** Says which faults injected by hand before the reload are injected again, and which not and why. */
function restoredNotice(
  context: PlayerContext,
  request: SimulationRequest,
  restored: Restored,
): Patch {
  const back = (restored?.live.length ?? 0) - request.live.length;
  const refused = restored?.refused ?? [];
  const notices: Patch[] = [];
  let at = context;
  if (back > 0) {
    const patch = withNotice(
      at,
      'info',
      `${back === 1 ? 'The fault' : `The ${back} faults`} you had injected by hand before the reload ${back === 1 ? 'is' : 'are'} injected again: the run is the one you left.`,
    );
    notices.push(patch);
    at = { ...at, ...patch };
  }
  if (refused.length > 0) {
    const list = refused.map((item) => `${item.entry} (${item.why})`).join('; ');
    notices.push(
      withNotice(
        at,
        'error',
        `${refused.length === 1 ? 'A fault' : `${refused.length} faults`} you had injected by hand before the reload ${refused.length === 1 ? 'was' : 'were'} not injected again: ${list}.`,
      ),
    );
  }
  return Object.assign({}, ...notices) as Patch;
}

/**
 * A drill left by a reload, taken up again on the run of its text just put on screen (whose
 * drill, fresh, is `context.drill`): the trainee's choices and steps are back and their run is
 * simulated, the playhead where it stood (a hands-on drill's where its run stops), and a notice
 * says so. Steps that no longer read as a plan start the drill over, said too.
 */
function takenUp(context: PlayerContext, stored: StoredDrill, at: number): Patch {
  const { drill, scenario } = context;
  if (!drill || !scenario) return {};
  let { handsOn } = drill;
  if (stored.steps !== undefined && stored.steps.length > 0) {
    try {
      handsOn = { steps: stored.steps, plan: handsOnPlan(scenario, stored.steps) };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return {
        drill,
        ...withNotice(
          context,
          'error',
          `The hands-on drill you left could not be taken up again after the reload (${reason}): it starts over.`,
        ),
        ...handsOnRun(context),
      };
    }
  }
  const next: Drill = { ...drill, choices: stored.choices, ...(handsOn ? { handsOn } : {}) };
  const back = { ...context, drill: next };
  const count = (n: number, what: string) => (n === 0 ? [] : [`${n} ${what}${n === 1 ? '' : 's'}`]);
  const taken = [
    ...count(handsOn?.steps.length ?? 0, 'step'),
    ...count(stored.choices.length, 'choice'),
  ].join(' and ');
  const said = withNotice(
    back,
    'info',
    `The ${handsOn ? 'hands-on drill' : 'drill'} you left is back after the reload${taken === '' ? '' : `, with the trainee's ${taken}`}.`,
  );
  if (handsOn) return { drill: next, ...said, ...handsOnRun(back) };
  // No choice yet: the run on screen is the drill's.
  if (stored.choices.length === 0) return { drill: next, ...said };
  return {
    drill: next,
    ...said,
    ...requestFaults(back, back.live, undefined, { kind: 'drill', resumeAt: at }),
  };
}

/** How a drill is set up, to start it over on new text. */
function drillSettings(drill: Drill | undefined): DrillLink | undefined {
  if (!drill) return undefined;
  const { hideFaults, hideInvariants } = drill;
  return { handsOn: drill.handsOn !== undefined, hideFaults, hideInvariants };
}

/**
 * A fresh drill on the scenario's run. A hands-on drill starts from the scenario's own `plan:`
 * when it has one (a shared hands-on drill goes on where it was), and its baseline is the run of
 * the derived procedure: the run itself only when the plan is `auto`.
 */
function drillOn(scenario: Scenario, run: Run | undefined, settings: Partial<DrillLink>): Drill {
  if (!settings.handsOn) return startDrill(run, settings);
  const handsOn: HandsOn =
    scenario.plan === 'auto'
      ? { steps: [], plan: [] }
      : { steps: writtenPlan(scenario.plan) as PlanItem[], plan: scenario.plan };
  return startDrill(scenario.plan === 'auto' ? run : undefined, settings, handsOn);
}

/** Simulates a hands-on drill's plan so far (with its choices and the live faults). */
function handsOnRun(context: PlayerContext): Patch {
  return requestFaults(context, context.live, undefined, { kind: 'hands-on' });
}

/**
 * Whether the trainee of a hands-on drill can take a step now: the run of the plan so far is on
 * screen, completed, with no decision point left to decide, and the debrief is closed.
 */
function canTakeStep(context: PlayerContext): boolean {
  const { drill, view } = context;
  return (
    drill?.handsOn !== undefined &&
    !drill.debrief &&
    context.pendingRun === undefined &&
    view !== undefined &&
    !view.imported &&
    view.run.report.outcome === 'completed' &&
    pendingDecision(view.run) === undefined
  );
}

/** When the written step at `index` started in the run (never started: no time). */
function undoneFrom(run: Run, index: number): number {
  return run.report.steps.find((step) => writtenIndex(step.source) === index)?.start ?? Infinity;
}

/** A drill's baseline no longer matches once the live faults change: the debrief simulates it again. */
function staleBaseline(context: PlayerContext): Patch {
  if (!context.drill?.baseline) return {};
  const { baseline: _stale, ...drill } = context.drill;
  return { drill };
}

/** Where a drill waits for a decision still to take (see `undecidedPoint`), if it does. */
function decisionStop(context: PlayerContext) {
  const { view } = context;
  return view?.imported ? undefined : undecidedPoint(context.drill, view?.run);
}

/**
 * A move of the playhead kept short of a drill's decision still to take (see `undecidedPoint`):
 * a seek, a step or a jump past it stops at the decision, as playing does, its card on screen.
 * Before, a seek to the end played the default's outcome as the trainee's run. Pure.
 */
function shortOfDecision(context: PlayerContext, patch: Patch): Patch {
  const stop = decisionStop(context);
  if (!stop || patch.cursor === undefined) return patch;
  return patch.cursor > stop.cursor || (patch.time ?? 0) > stop.time
    ? { ...patch, cursor: stop.cursor, time: stop.time }
    : patch;
}

function seekTo(view: RunView | undefined, target: SeekTarget): Patch {
  if (!view || view.times.length === 0) return {};
  if ('seq' in target) {
    const entry = Math.min(Math.max(0, Math.round(target.seq)), view.times.length - 1);
    const cursor = target.settled ? settledAfter(view, entry) : entry;
    return { cursor, time: view.times[cursor] ?? 0 };
  }
  const time = clampTime(view, target.at);
  return { time, cursor: cursorAtTime(view, time) };
}

function lastIndex(view: RunView): number {
  return Math.max(0, view.times.length - 1);
}

/**
 * What a comparison simulates on its right-hand side: a request for the simulation worker, or
 * why there is nothing to simulate. The run itself arrives later, off the main thread.
 */
function comparisonOf(context: PlayerContext, request: CompareWith): Patch {
  const { scenario } = context;
  const id = context.nextRun;
  const simulating = (label: string, ask: Omit<SimulationRequest, 'id' | 'live'>): Patch => ({
    comparison: { with: request, label, request: { id, live: [], ...ask } },
    nextRun: id + 1,
  });
  const refused = (label: string, error: string): Patch => ({
    comparison: { with: request, label, error },
  });
  try {
    if (request.kind === 'builtin') {
      const builtin = context.builtins.find((item) => item.id === request.id);
      if (!builtin) return refused(request.id, 'no such built-in scenario');
      return simulating(builtin.name, { file: builtin.id, text: builtin.text });
    }
    if (!scenario) return refused('nothing to compare', 'the editor holds no valid scenario');
    const base = { ...scenario, faults: [...scenario.faults, ...context.live] };
    if (request.kind === 'without-faults') {
      if (base.faults.length === 0)
        return refused(
          'without faults',
          'the run on screen has no faults: both runs would be the same',
        );
      return simulating('the same scenario without faults', {
        file: context.file,
        scenario: { ...scenario, faults: [] },
      });
    }
    if (request.kind === 'policy') {
      const flipped = toggled(base, request.key);
      if ('error' in flipped) return refused(`policy.${request.key}`, flipped.error);
      return simulating(flipped.label, { file: context.file, scenario: flipped.scenario });
    }
    if (scenario.system !== 'ha-pair') {
      // Elsewhere the policy has no device to preempt: both runs would be the same.
      return refused('preemption', 'preemption only exists on an HA pair');
    }
    const enabled: Scenario = { ...base, policy: { ...base.policy, preemption: 'enabled' } };
    const plan = planProcedure(enabled).filter(
      (step) => step.action !== 'preemption-off' && step.action !== 'preemption-restore',
    );
    return simulating('preemption left on during the upgrade (steps 4 and 10 left out)', {
      file: context.file,
      scenario: { ...enabled, plan },
    });
  } catch (error) {
    return refused(request.kind, error instanceof Error ? error.message : String(error));
  }
}

/** The comparison with its right-hand run's outcome in place of the request. */
function settleComparison(context: PlayerContext, outcome: Partial<Comparison>): Patch {
  const comparison = context.comparison;
  if (!comparison) return {};
  const { request: _request, progress: _progress, ...rest } = comparison;
  return { comparison: { ...rest, ...outcome } };
}

function configured(settings: ExploreSettings, patch: Partial<ExploreSettings>): ExploreSettings {
  const whole = (value: number | undefined, min: number, max: number, fallback: number) =>
    value === undefined || !Number.isFinite(value)
      ? fallback
      : Math.min(max, Math.max(min, Math.round(value)));
  return {
    mode:
      patch.mode === 'single' ||
      patch.mode === 'pairs' ||
      patch.mode === 'random' ||
      patch.mode === 'decisions'
        ? patch.mode
        : settings.mode,
    runs: whole(patch.runs, 1, MAX_RANDOM_RUNS, settings.runs),
    seed: whole(patch.seed, 0, Number.MAX_SAFE_INTEGER, settings.seed),
  };
}

function requestOf(scenario: Scenario, settings: ExploreSettings): ExploreRequest {
  if (settings.mode === 'decisions') return { scenario, faults: 1, decisions: true };
  return settings.mode === 'random'
    ? { scenario, faults: 1, random: { runs: settings.runs, seed: settings.seed } }
    : { scenario, faults: settings.mode === 'pairs' ? 2 : 1 };
}

/**
 * The scenario of one row of the decision search: the explored scenario with the row's faults,
 * a `decisions:` entry choosing `option` at its decision point, and an `expect` of what the
 * search measured of that option (its outcome, the invariants it and the fault violate), so the
 * run opened says whether it replays it. The explored scenario's own `expect` was of its run
 * without the fault: kept, an abort opened as "misses 1 of its scenario's expectations".
 */
function decisionScenario(
  scenario: Scenario,
  finding: DecisionSearchResult['findings'][number],
  option: DecisionOption,
): Scenario {
  const result = finding.results.find((item) => item.option === option);
  const { expect: _theirs, ...rest } = scenario;
  return {
    ...rest,
    faults: finding.faults,
    decisions: [
      ruleFor({ situation: finding.point, hop: finding.hop, host: finding.host }, option),
    ],
    ...(result
      ? {
          expect: {
            outcome: result.outcome,
            violations: [...new Set([...result.violates, ...result.faultViolates])],
          },
        }
      : {}),
  };
}

/** The file name a row of the decision search opens as. */
export function decisionFile(finding: number, option: DecisionOption): string {
  return `decision-${finding + 1}-${option}.yaml`;
}

/** The editor's text now, as Undo would bring it back. */
function editorText(context: PlayerContext): EditorText {
  const { source, file, builtin, edited, dirty } = context;
  return { source, file, builtin, edited, dirty };
}

/**
 * Whether the text holds typing that replacing it would lose: it is in no draft, or only in a
 * draft storage refused, which a reload loses (before, such a draft counted as keeping it, and
 * a built-in replaced the text without a question).
 */
export function textUnsaved(context: PlayerContext): boolean {
  if (context.source.trim() === '') return false;
  const inDraft = context.drafts.some((draft) => draft.text === context.source);
  return context.draftsUnstored
    ? context.dirty || (inDraft && context.edited)
    : context.dirty && !inDraft;
}

/** Whether replacing the text would lose work: unsaved typing, or faults injected by hand. */
function isUnsaved(context: PlayerContext): boolean {
  return textUnsaved(context) || context.live.length > 0;
}

/**
 * The text a replacement keeps as a draft: the editor's, with the faults injected by hand
 * written under `faults:` (as "Write into scenario" does), so that replacing loses neither.
 */
function draftSource(context: PlayerContext): string {
  return textWithLiveFaults(context.source, context.file, context.scenario, context.live);
}

/** The text a replacement puts in the editor, or why there is none. */
function targetOf(
  context: PlayerContext,
  event: Replacement,
):
  | { text: EditorText; invariant?: InvariantId; drill?: DrillLink; at?: number }
  | { error: string } {
  switch (event.type) {
    case 'scenario.select': {
      const builtin = context.builtins.find((item) => item.id === event.id);
      if (!builtin) return { error: `There is no built-in scenario "${event.id}".` };
      const { text, id } = builtin;
      return { text: { source: text, file: id, builtin: id, edited: false, dirty: false } };
    }
    case 'scenario.load': {
      const file = event.file ?? UNTITLED;
      return {
        text: { source: event.text, file, builtin: undefined, edited: true, dirty: false },
        ...(event.drill ? { drill: event.drill } : {}),
        ...(event.at === undefined ? {} : { at: event.at }),
      };
    }
    case 'explore.open': {
      const exploration = context.exploration;
      const found = exploration?.result?.counterexamples.find(
        (item) => item.invariant === event.invariant,
      );
      if (!exploration || !found)
        return {
          error: `There is no counterexample for ${invariantWords(event.invariant)} to open.`,
        };
      const text = rewriteScenarioText(
        exploration.text.source,
        exploration.text.file,
        found.scenario,
      );
      const file = `counterexample-${event.invariant}.yaml`;
      return {
        text: { source: text, file, builtin: undefined, edited: true, dirty: false },
        invariant: event.invariant,
      };
    }
    case 'explore.openDecision': {
      const exploration = context.exploration;
      const finding = exploration?.decisions?.findings[event.finding];
      if (!exploration || !finding || !finding.results.some((r) => r.option === event.option))
        return { error: 'That decision is no longer in the findings.' };
      const source = rewriteScenarioText(
        exploration.text.source,
        exploration.text.file,
        decisionScenario(exploration.request.scenario, finding, event.option),
      );
      const file = decisionFile(event.finding, event.option);
      return { text: { source, file, builtin: undefined, edited: true, dirty: false } };
    }
    case 'draft.open': {
      const draft = context.drafts.find((item) => item.id === event.id);
      if (!draft) return { error: 'That draft no longer exists.' };
      return {
        text: {
          source: draft.text,
          file: UNTITLED,
          builtin: draft.builtin,
          edited: true,
          dirty: false,
        },
      };
    }
    case 'scenario.undo': {
      const top = context.replaced[context.replaced.length - 1];
      if (!top) return { error: 'There is no replaced text to bring back.' };
      return { text: top };
    }
  }
}

/**
 * The notices left once the run they spoke of is replaced (another text, faults injected or
 * removed by hand): what was said of it (a link copied, faults brought back after a reload) no
 * longer holds; errors stay until dismissed or mended.
 */
function errorsKept(context: PlayerContext): Pick<PlayerContext, 'notices'> {
  return { notices: context.notices.filter((notice) => notice.tone === 'error') };
}

/**
 * Replaces the editor's text and starts simulating it. The text replaced goes on the Undo stack
 * (Undo itself takes it off), so nothing typed is ever dropped without a way back.
 */
function replaceText(before: PlayerContext, event: Replacement): Patch {
  const target = targetOf(before, event);
  if ('error' in target)
    return { confirm: undefined, ...withNotice(before, 'error', target.error) };
  const { text } = target;
  const context = { ...before, ...errorsKept(before) };
  const replaced =
    event.type === 'scenario.undo'
      ? context.replaced.slice(0, -1)
      : [...context.replaced, editorText(context)].slice(-UNDO_DEPTH);
  return {
    ...text,
    notices: context.notices,
    confirm: undefined,
    replaced,
    error: undefined,
    // Another scenario samples from its own seed again.
    distributionSettings: { ...context.distributionSettings, from: undefined },
    ...resumeAt(
      requestLoad(context, text.source, text.file, true, target.invariant, target.drill),
      target.at,
      true,
    ),
  };
}

/** The load `load` with its run opened at `at` (a reload's playhead, a link's position). Pure. */
function resumeAt(load: Patch, at: number | undefined, link: boolean): Patch {
  const pending = load.pendingRun;
  if (at === undefined || pending?.purpose.kind !== 'load') return load;
  return {
    ...load,
    pendingRun: {
      ...pending,
      purpose: { ...pending.purpose, resumeAt: at, ...(link ? { resumeLink: true as const } : {}) },
    },
  };
}

/**
 * Whether the run on screen goes on past its end: a hands-on drill's run stops where the trainee
 * has got to, and a live fault at its end waits for the next step taken (see `ReachOptions`).
 */
export function runContinues(context: PlayerContext): boolean {
  return context.drill?.handsOn !== undefined;
}

/**
 * Whether the live faults can be written into the editor's text: there are some, and the text
 * is the one the run on screen was simulated from (not typed over since, not being simulated).
 */
export function canWriteFaults(context: PlayerContext): boolean {
  return (
    context.live.length > 0 &&
    context.scenario !== undefined &&
    context.view !== undefined &&
    !context.view.imported &&
    context.pendingRun === undefined &&
    context.error === undefined &&
    context.source === context.simulated
  );
}

/**
 * Writes the live faults into the editor's text as `faults:` entries (the rest of the text as it
 * was) and clears them: the text's run is the run on screen, from the same instant. The text
 * before goes on the Undo stack like a replaced text, and the new one is unsaved until a draft
 * holds it, so a later replacement asks first.
 */
function writeFaults(context: PlayerContext): Patch {
  const text = textWithLiveFaults(context.source, context.file, context.scenario, context.live);
  const file = context.builtin ?? UNTITLED;
  const written = { ...context, live: [] as readonly FaultSpec[] };
  const count = context.live.length;
  return {
    source: text,
    edited: true,
    dirty: true,
    file,
    error: undefined,
    replaced: [...context.replaced, editorText(context)].slice(-UNDO_DEPTH),
    ...requestLoad(written, text, file, false),
    ...withNotice(
      context,
      'info',
      `${count === 1 ? 'The injected fault was' : `The ${count} injected faults were`} written into the scenario under faults: (Undo brings back the text before).`,
    ),
  };
}

/**
 * Whether a run of the samples can be played: they are finished and of the scenario on screen
 * (but for its seed), whose text is the one the run on screen was simulated from.
 */
export function canPlaySample(context: PlayerContext): boolean {
  const { distribution, scenario } = context;
  return (
    distribution?.result !== undefined &&
    scenario !== undefined &&
    sampledKey(scenario) === distribution.key &&
    context.view !== undefined &&
    !context.view.imported &&
    context.error === undefined &&
    context.source === context.simulated
  );
}

/**
 * Plays the run of one seed of the samples: the seed is written into the editor's text as its
 * `seed:` (the rest of the text as it was), so the run on screen, a link and the file are that
 * run; the text before goes on the Undo stack. Faults injected by hand are set aside: the run is
 * exactly the sampled one. The samples' first seed is kept, so sampling again gives the same.
 */
function playSample(context: PlayerContext, seed: number, what: string): Patch {
  let text: string;
  try {
    text = writeSeedIntoText(context.source, seed);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return withNotice(context, 'error', `The seed could not be written into the text: ${reason}`);
  }
  const file = context.builtin ?? UNTITLED;
  const load = requestLoad(context, text, file, true);
  const pending = load.pendingRun;
  const live = context.live.length;
  return {
    source: text,
    edited: true,
    dirty: true,
    file,
    error: undefined,
    replaced: [...context.replaced, editorText(context)].slice(-UNDO_DEPTH),
    ...load,
    ...(pending && pending.purpose.kind === 'load'
      ? { pendingRun: { ...pending, purpose: { ...pending.purpose, play: true as const } } }
      : {}),
    distributionSettings: {
      ...context.distributionSettings,
      from: context.distribution?.request.first,
    },
    ...withNotice(
      context,
      'info',
      `Playing seed ${seed}, ${what}: seed: ${seed} is written into the scenario (Undo brings back the text before).${live > 0 ? ` The ${live === 1 ? 'fault' : `${live} faults`} injected by hand ${live === 1 ? 'is' : 'are'} set aside: the run is the sampled one.` : ''}`,
    ),
  };
}

/** Saves the editor's text as a draft (or marks it saved when a draft already holds it). */
function saveDraft(context: PlayerContext, at: number, name?: string): Patch {
  if (context.source.trim() === '') return {};
  if (context.drafts.some((draft) => draft.text === context.source)) return { dirty: false };
  const draft: Draft = {
    id: `${at.toString(36)}-${context.drafts.length.toString(36)}`,
    name: name?.trim() || draftName(context.source, at),
    text: context.source,
    savedAt: at,
    ...(context.builtin !== undefined ? { builtin: context.builtin } : {}),
  };
  return { drafts: [draft, ...context.drafts], dirty: false };
}

function initialContext(input: PlayerInput): PlayerContext {
  const first = input.builtins.find((item) => item.error === undefined) ?? input.builtins[0];
  const initial = input.initial;
  const builtin = initial ? initial.builtin : first?.id;
  const fromBuiltin =
    initial?.builtin !== undefined && !initial.edited
      ? input.builtins.find((item) => item.id === initial.builtin)
      : undefined;
  const source = fromBuiltin?.text ?? initial?.text ?? first?.text ?? '';
  const file = initial?.file ?? builtin ?? UNTITLED;
  const notices = (input.notices ?? []).map<Notice>((text, id) => ({ id, tone: 'error', text }));
  const empty: PlayerContext = {
    builtins: input.builtins,
    builtin,
    edited: initial?.edited ?? false,
    source,
    file,
    error: undefined,
    simulated: undefined,
    scenario: undefined,
    live: [],
    restore: input.restore,
    view: undefined,
    cursor: 0,
    time: 0,
    speed: input.speed ?? 60,
    host: undefined,
    notices,
    nextNotice: notices.length,
    comparison: undefined,
    exploreSettings: { mode: 'single', runs: 200, seed: 1 },
    exploration: undefined,
    distributionSettings: { samples: DEFAULT_SAMPLES, from: undefined },
    distribution: undefined,
    dirty: initial ? (initial.dirty ?? initial.edited) : false,
    drafts: input.drafts ?? [],
    confirm: undefined,
    replaced: [],
    pendingRun: undefined,
    nextRun: 1,
    notRun: undefined,
    storageError: undefined,
    draftsUnstored: false,
    drill: undefined,
    importedFile: undefined,
    spoilerFree: input.spoilerFree ?? false,
    plan: undefined,
  };
  const open: Replacement | undefined = input.open
    ? {
        type: 'scenario.load',
        text: input.open.text,
        file: input.open.file,
        ...(input.open.drill ? { drill: input.open.drill } : {}),
      }
    : undefined;
  // A link never replaces unsaved text without asking: the text stays, the question is shown.
  if (open && isUnsaved(empty)) return { ...empty, confirm: open, ...startOrHold(empty, input) };
  if (open && input.hold) {
    const { text, file } = input.open ?? { text: '', file: UNTITLED };
    return {
      ...empty,
      source: text,
      file,
      builtin: undefined,
      edited: true,
      dirty: false,
      notRun: 'held',
    };
  }
  if (open)
    return { ...empty, ...resumed(replaceText(empty, open), open.text, input), replaced: [] };
  return { ...empty, ...startOrHold(empty, input) };
}

/** Simulates the starting text, unless there is none or its last run never finished. */
function startOrHold(context: PlayerContext, input: PlayerInput): Patch {
  if (context.source.trim() === '') return {};
  if (input.hold) return { notRun: 'held' };
  return resumed(requestLoad(context, context.source, context.file, true), context.source, input);
}

/**
 * The first run of `source` started where `input.resume` says the playhead stood (a reload, a
 * link that says where): only a load of that very text resumes. Pure.
 */
function resumed(load: Patch, source: string, input: PlayerInput): Patch {
  const { resume, resumeDrill } = input;
  const pending = load.pendingRun;
  if (pending?.purpose.kind !== 'load') return load;
  const at = resume && sameText(resume, source) ? resume.at : undefined;
  const drill = resumeDrill && sameText(resumeDrill, source) ? resumeDrill : undefined;
  const placed = resumeAt(load, at, resume?.link === true);
  if (!drill || placed.pendingRun?.purpose.kind !== 'load') return placed;
  return {
    ...placed,
    pendingRun: {
      ...placed.pendingRun,
      purpose: { ...placed.pendingRun.purpose, restoreDrill: drill },
    },
  };
}

/**
 * What a link's drill or position that cannot be applied to its invalid text is reported as: the
 * drill is not started and the position not taken, rather than dropped with nothing said. Pure.
 */
function linkNotRun(context: PlayerContext, error: string): Patch {
  const purpose = context.pendingRun?.purpose;
  if (purpose?.kind !== 'load') return {};
  const asked = purpose.drill
    ? `a ${purpose.drill.handsOn ? 'hands-on drill' : 'drill'}`
    : purpose.resumeLink && purpose.resumeAt !== undefined
      ? `its run at ${clock(purpose.resumeAt)}`
      : undefined;
  if (asked === undefined) return {};
  const start = purpose.drill
    ? `; once it is fixed, switch ${purpose.drill.handsOn ? 'Hands-on' : 'Drill'} on to start it`
    : '';
  return withNotice(
    context,
    'error',
    `The link asks for ${asked}, but its scenario has an error (${error}): nothing was started, and the text is in the editor to fix${start}.`,
  );
}

/** Replaces the editor's text, asking first when the text holds unsaved typing. */
const REPLACE = [
  { guard: 'isUnsaved', actions: 'askToReplace' },
  { actions: ['replaceText', 'announceReplaced', 'startSimulation'] },
] as const;

/** From any state but `running`: sample the scenario in the editor. */
const START_SAMPLING = {
  guard: 'canSample',
  target: 'running',
  actions: 'startDistribution',
} as const;

/** From any state but `running`: start exploring the scenario in the editor. */
const START_EXPLORING = {
  guard: 'canExplore',
  target: 'running',
  actions: 'startExploration',
} as const;

/**
 * The debugger's player: the scenario text and its validation, the simulated run, the playback
 * cursor and speed, live faults, comparisons and explorations. React reads it through selectors
 * and changes it only by sending these events; the rAF loop that drives playback sends `tick`,
 * the simulation actor (a web worker in the app) sends a run's progress and result, and the
 * exploration actor (another worker) sends `explore.progress` and its result.
 *
 * `markRunStarted` and `markRunEnded` do nothing here: the app provides them to remember in
 * storage that a run is in flight, so a run that never ends is not started again at start-up.
 */
/** What reading a JSON report gave: the run to replay, or why there is none. */
type ImportOutcome =
  | ({ readonly name?: string; readonly text: string } & ImportedReport)
  | { readonly name?: string; readonly error: string };

/** Reads a JSON report; never rejects, a failure is an outcome to show. */
const reportImport = fromPromise<ImportOutcome, { text: string; name?: string; pick?: number }>(
  async ({ input }) => {
    const name = input.name === undefined ? {} : { name: input.name };
    try {
      return { ...name, text: input.text, ...(await importReport(input.text, input.pick)) };
    } catch (error) {
      return { ...name, error: error instanceof Error ? error.message : String(error) };
    }
  },
);

export const playerMachine = setup({
  types: {
    context: {} as PlayerContext,
    events: {} as PlayerEvent,
    input: {} as PlayerInput,
  },
  actors: {
    exploration: explorationLogic(runInWorker),
    distribution: distributionLogic(runDistributionInWorker),
    simulation: simulationLogic(runSimulation),
    reportImport,
  },
  delays: {
    validation: 300,
  },
  guards: {
    hasView: ({ context }) => context.view !== undefined && context.view.times.length > 0,
    canInject: ({ context }) =>
      context.view !== undefined &&
      !context.view.imported &&
      context.scenario !== undefined &&
      context.pendingRun === undefined,
    canWriteFaults: ({ context }) => canWriteFaults(context),
    isUnsaved: ({ context }) => isUnsaved(context),
    hasPendingRun: ({ context }) => context.pendingRun !== undefined,
    isCurrentRun: ({ context, event }) =>
      'id' in event && typeof event.id === 'number' && context.pendingRun?.request.id === event.id,
    isComparing: ({ context }) => context.comparison?.request !== undefined,
    needsPlan: ({ context }) =>
      context.spoilerFree &&
      context.scenario !== undefined &&
      context.view !== undefined &&
      !context.view.imported &&
      differsFromPlan(context) &&
      context.plan?.scenario !== context.scenario,
    isPlanStale: ({ context }) =>
      context.plan?.request === undefined || context.plan.scenario !== context.scenario,
    isCurrentPlan: ({ context, event }) =>
      'id' in event && typeof event.id === 'number' && context.plan?.request?.id === event.id,
    isCurrentComparison: ({ context, event }) =>
      'id' in event && typeof event.id === 'number' && context.comparison?.request?.id === event.id,
    hasConfirm: ({ context }) => context.confirm !== undefined,
    canExplore: ({ context }) => context.scenario !== undefined,
    canSample: ({ context }) =>
      context.scenario !== undefined && seedMatters(context.scenario, context.view?.run),
    canPlaySample: ({ context }) => canPlaySample(context),
    isPlayRequest: ({ context }) =>
      context.pendingRun?.purpose.kind === 'load' && context.pendingRun.purpose.play === true,
    tickReachesDecision: ({ context, event }) => {
      const { view, drill } = context;
      if (event.type !== 'tick' || !view || !drill || view.imported) return false;
      const pending = pendingDecision(view.run);
      return (
        pending !== undefined &&
        pending.decision.at <= context.time + context.speed * Math.max(0, event.elapsed)
      );
    },
    canChoose: ({ context, event }) => {
      const { view, drill } = context;
      if (event.type !== 'drill.choose' || !view || !drill || context.pendingRun) return false;
      const pending = pendingDecision(view.run);
      return (
        pending !== undefined &&
        pending.decision.at <= context.time &&
        pending.decision.options.includes(event.option)
      );
    },
    // A choice just taken, not a drill taken up after a reload (which stays paused where it was).
    isDrillChoice: ({ context }) => {
      const purpose = context.pendingRun?.purpose;
      return purpose?.kind === 'drill' && purpose.resumeAt === undefined;
    },
    canStep: ({ context }) => canTakeStep(context),
    canUndoStep: ({ context }) =>
      (context.drill?.handsOn?.steps.length ?? 0) > 0 && context.pendingRun === undefined,
    canDrill: ({ context }) =>
      context.drill === undefined &&
      context.view !== undefined &&
      !context.view.imported &&
      context.scenario !== undefined,
    tickReachesEnd: ({ context, event }) =>
      event.type === 'tick' &&
      context.view !== undefined &&
      context.time + context.speed * Math.max(0, event.elapsed) >= context.view.duration,
  },
  actions: {
    markRunStarted: () => undefined,
    markRunEnded: () => undefined,
    askToReplace: assign(({ event }) =>
      event.type === 'scenario.select' ||
      event.type === 'scenario.load' ||
      event.type === 'explore.open' ||
      event.type === 'explore.openDecision' ||
      event.type === 'draft.open' ||
      event.type === 'scenario.undo'
        ? { confirm: event }
        : {},
    ),
    replaceText: assign(({ context, event }) =>
      event.type === 'scenario.select' ||
      event.type === 'scenario.load' ||
      event.type === 'explore.open' ||
      event.type === 'explore.openDecision' ||
      event.type === 'draft.open' ||
      event.type === 'scenario.undo'
        ? replaceText(context, event)
        : {},
    ),
    confirmReplacement: assign(({ context, event }) => {
      if (event.type !== 'replace.confirm' || !context.confirm) return {};
      // The text replaced is kept as a draft (with the faults injected by hand written in) as
      // well as on the Undo stack.
      const kept = saveDraft({ ...context, source: draftSource(context) }, event.at);
      const saved = { ...context, ...kept };
      return { ...kept, ...replaceText(saved, context.confirm) };
    }),
    keepText: assign({ confirm: undefined }),
    saveDraft: assign(({ context, event }) =>
      event.type === 'draft.save' ? saveDraft(context, event.at, event.name) : {},
    ),
    deleteDraft: assign(({ context, event }) => {
      if (event.type !== 'draft.delete') return {};
      const drafts = context.drafts.filter((draft) => draft.id !== event.id);
      // Deleting the draft that holds the text on screen leaves that text unsaved again.
      const held = context.drafts.some(
        (draft) => draft.id === event.id && draft.text === context.source,
      );
      return { drafts, ...(held && context.edited ? { dirty: true } : {}) };
    }),
    syncDrafts: assign(({ event }) =>
      event.type === 'drafts.sync' ? { drafts: event.drafts } : {},
    ),
    editSource: assign(({ context, event }) =>
      event.type === 'scenario.edit'
        ? { source: event.text, edited: true, dirty: true, file: context.builtin ?? UNTITLED }
        : {},
    ),
    validate: assign(({ context }) => {
      // Text that already produced the run on screen would produce it again.
      if (context.source === context.simulated && context.view && !context.view.imported)
        return { error: undefined, pendingRun: undefined, notRun: undefined };
      return requestLoad(context, context.source, context.file, false);
    }),
    runSource: assign(({ context }) =>
      context.source.trim() === '' ? {} : requestLoad(context, context.source, context.file, true),
    ),
    startSimulation: raise({ type: 'simulation.start' }),
    announceReplaced: raise({ type: 'text.replaced' }),
    recordRunProgress: assign(({ context, event }) =>
      event.type === 'simulation.progress' && context.pendingRun
        ? {
            pendingRun: {
              ...context.pendingRun,
              progress: {
                step: event.step,
                steps: event.steps,
                transitions: event.transitions,
                at: event.at,
              },
            },
          }
        : {},
    ),
    finishRun: assign(({ context, event }) => {
      const pending = context.pendingRun;
      if (event.type !== 'simulation.done' || !pending) return {};
      // A hands-on drill started on new text asks for the run of its plan next.
      return {
        pendingRun: undefined,
        ...applyRun(context, pending, event.scenario, event.run, event.restored),
      };
    }),
    recordInvalid: assign(({ context, event }) =>
      event.type === 'simulation.invalid'
        ? {
            error: event.error,
            pendingRun: undefined,
            ...linkNotRun(context, event.error.message),
            ...(context.pendingRun?.request.restore
              ? restoreDropped(context, `the text has an error (${event.error.message})`)
              : {}),
          }
        : {},
    ),
    recordRunFailure: assign(({ context, event }) => {
      if (event.type !== 'simulation.failed') return {};
      const failed = withNotice(
        context,
        'error',
        `The engine failed on this scenario: ${event.message}`,
      );
      return {
        error: undefined,
        pendingRun: undefined,
        ...failed,
        ...(context.pendingRun?.request.restore
          ? restoreDropped({ ...context, ...failed }, 'the engine failed on the text')
          : {}),
      };
    }),
    cancelRun: assign({ pendingRun: undefined, notRun: 'cancelled' as const }),
    recordStorageFailure: assign(({ event }) =>
      event.type === 'storage.failed'
        ? { storageError: event.reason, draftsUnstored: event.drafts === true }
        : {},
    ),
    recordStorageSaved: assign({ storageError: undefined, draftsUnstored: false }),
    rewindIfAtEnd: assign(({ context }) => {
      const { view } = context;
      if (!view || context.cursor < lastIndex(view) || context.time < view.duration) return {};
      return { cursor: 0, time: 0 };
    }),
    advance: assign(({ context, event }) => {
      const { view } = context;
      if (event.type !== 'tick' || !view) return {};
      const time = clampTime(view, context.time + context.speed * Math.max(0, event.elapsed));
      return { time, cursor: Math.max(context.cursor, cursorAtTime(view, time)) };
    }),
    advanceToDecision: assign(({ context }) => {
      const pending = context.view ? pendingDecision(context.view.run) : undefined;
      if (!pending) return {};
      return { time: pending.decision.at, cursor: Math.max(0, pending.seq - 1) };
    }),
    // A hands-on drill ends when the trainee says so (Finish), not when its run so far does.
    debriefAtEnd: assign(({ context }) =>
      context.drill && !context.drill.handsOn ? { drill: { ...context.drill, debrief: true } } : {},
    ),
    startDrill: assign(({ context, event }) => {
      const { scenario, view } = context;
      if (event.type !== 'drill.start' || !scenario || !view) return {};
      // The run on screen is the scenario's own unless another (a drill's, stopping) is coming.
      const own = context.pendingRun === undefined ? view.run : undefined;
      if (!event.handsOn) return { drill: startDrill(own), ...seekTo(view, { seq: 0 }) };
      const drill = drillOn(scenario, own, { handsOn: true });
      return { drill, ...handsOnRun({ ...context, drill }) };
    }),
    stopDrill: assign(({ context }) => {
      const changed = (context.drill?.choices.length ?? 0) > 0 || context.drill?.handsOn;
      const stopped = { ...context, drill: undefined };
      // Without the trainee's choices (and steps) the run is the scenario's own again.
      return changed
        ? { drill: undefined, ...requestFaults(stopped, context.live) }
        : { drill: undefined };
    }),
    chooseInDrill: assign(({ context, event }) => {
      const { view, drill } = context;
      const pending = view ? pendingDecision(view.run) : undefined;
      if (event.type !== 'drill.choose' || !drill || !pending) return {};
      const refused = context.scenario ? choiceRefused(context.scenario, drill.choices) : undefined;
      if (refused !== undefined)
        return withNotice(context, 'error', `That choice cannot be taken: ${refused}`);
      const next = { ...drill, choices: [...drill.choices, choiceAt(pending, event.option)] };
      const chosen = { ...context, drill: next };
      const purpose: RunPurpose = { kind: drill.handsOn ? 'hands-on' : 'drill' };
      return { drill: next, ...requestFaults(chosen, context.live, undefined, purpose) };
    }),
    stepInDrill: assign(({ context, event }) => {
      const { drill, scenario } = context;
      if (event.type !== 'drill.step' || !drill?.handsOn || !scenario) return {};
      const steps = [...drill.handsOn.steps, event.item];
      try {
        const next = { ...drill, handsOn: { steps, plan: handsOnPlan(scenario, steps) } };
        return { drill: next, ...handsOnRun({ ...context, drill: next }) };
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        return withNotice(context, 'error', `That step cannot be taken: ${reason}`);
      }
    }),
    undoStep: assign(({ context }) => {
      const { drill, scenario, view } = context;
      if (!drill?.handsOn || !scenario) return {};
      const steps = drill.handsOn.steps.slice(0, -1);
      // The choices taken from the undone step on go with it.
      const from = view ? undoneFrom(view.run, steps.length) : Infinity;
      const next: Drill = {
        ...drill,
        choices: drill.choices.filter((choice) => choice.at < from),
        handsOn: { steps, plan: handsOnPlan(scenario, steps) },
        debrief: false,
      };
      return { drill: next, ...handsOnRun({ ...context, drill: next }) };
    }),
    finishDrill: assign(({ context }) =>
      context.drill ? { drill: { ...context.drill, debrief: true } } : {},
    ),
    configureDrill: assign(({ context, event }) => {
      if (event.type !== 'drill.configure' || !context.drill) return {};
      return {
        drill: {
          ...context.drill,
          ...(event.hideFaults !== undefined ? { hideFaults: event.hideFaults } : {}),
          ...(event.hideInvariants !== undefined ? { hideInvariants: event.hideInvariants } : {}),
        },
      };
    }),
    openDebrief: assign(({ context, event }) =>
      event.type === 'drill.debrief' && context.drill
        ? { drill: { ...context.drill, debrief: event.open } }
        : {},
    ),
    advanceToEnd: assign(({ context }) =>
      context.view ? { time: context.view.duration, cursor: lastIndex(context.view) } : {},
    ),
    stepForward: assign(({ context }) => {
      const { view } = context;
      if (!view) return {};
      return shortOfDecision(
        context,
        seekTo(view, { seq: Math.min(context.cursor + 1, lastIndex(view)) }),
      );
    }),
    stepBack: assign(({ context }) =>
      context.view ? seekTo(context.view, { seq: context.cursor - 1 }) : {},
    ),
    seek: assign(({ context, event }) => {
      if (event.type === 'seek')
        return shortOfDecision(
          context,
          seekTo(context.view, 'seq' in event ? { seq: event.seq } : { at: event.at }),
        );
      if (event.type === 'seek.start') return seekTo(context.view, { seq: 0 });
      if (event.type === 'seek.end' && context.view)
        return shortOfDecision(context, seekTo(context.view, { seq: lastIndex(context.view) }));
      return {};
    }),
    jump: assign(({ context, event }) => {
      const { view } = context;
      if (!view || (event.type !== 'jump.next' && event.type !== 'jump.previous')) return {};
      const marker =
        event.type === 'jump.next'
          ? nextJump(view, context.cursor, event.kind, context.spoilerFree)
          : previousMarker(view, context.cursor, event.kind);
      // Said, never a button that silently does nothing (once, however often it is pressed).
      const say = (text: string) =>
        context.notices.at(-1)?.text === text ? {} : withNotice(context, 'info', text, true);
      // Past a drill's decision still to take the run is not the trainee's: a jump ahead stops
      // at the decision, and one to a kind of event not before it goes nowhere, saying so in
      // words that do not tell whether the default's run has one.
      // (Spoiler-free, a jump goes to the next step, kept short of the decision below.)
      const stop =
        event.type === 'jump.next' && !context.spoilerFree ? decisionStop(context) : undefined;
      if (stop) {
        const known = visibleAt(view.markers, { ...stop, why: 'decision' }).find(
          (item) =>
            item.seq > context.cursor && (event.kind === undefined || item.kind === event.kind),
        );
        if (known) return shortOfDecision(context, seekTo(view, { seq: known.seq, settled: true }));
        if (event.kind !== undefined)
          return say(
            `No ${MARKER_WORDS[event.kind]} before the decision ahead: what follows it is the trainee’s to choose.`,
          );
        return context.cursor < stop.cursor || context.time < stop.time
          ? { cursor: stop.cursor, time: stop.time }
          : say('The decision ahead is the trainee’s to take: choose an option on its card.');
      }
      if (!marker)
        return say(nothingToJumpTo(event.type === 'jump.next', event.kind, context.spoilerFree));
      return shortOfDecision(context, {
        cursor: marker.seq,
        time: view.times[marker.seq] ?? marker.at,
      });
    }),
    setSpeed: assign(({ event }) =>
      event.type === 'speed.set' && Number.isFinite(event.speed) && event.speed > 0
        ? { speed: event.speed }
        : {},
    ),
    selectHost: assign(({ context, event }) => {
      if (event.type !== 'host.select') return {};
      if (event.name === undefined || context.view?.hosts.includes(event.name))
        return { host: event.name };
      return {};
    }),
    injectFault: assign(({ context, event }) => {
      if (event.type !== 'fault.inject' || !context.scenario || !context.view) return {};
      // A fault injected by hand is one more `faults:` entry of the text it is written into, of
      // an exported drill and of a shared link: past the parser's limit none of them would open.
      const faults = context.scenario.faults.length + context.live.length;
      if (faults >= LIMITS.faults)
        return withNotice(
          context,
          'error',
          `Not injected: the scenario already has ${faults.toLocaleString('en-US')} faults, the most a scenario file may hold${context.live.length > 0 ? ` (${context.live.length.toLocaleString('en-US')} of them injected by hand)` : ''}, so it could not be written into the text, exported or shared. Remove one first (from faults: in the text${context.live.length > 0 ? ', or one injected by hand' : ''}).`,
        );
      const at = injectionTime(context.time, context.view.times[context.cursor]);
      // Refused at once where the form says it cannot fire (the run has ended by then, no step
      // it acts on is left there), with the form's reason: no run is simulated for nothing. In a
      // hands-on drill the run goes on with the trainee's next step, which the fault waits for.
      const continues = runContinues(context);
      const reach = faultReach(context.view, context.cursor, at, event.fault, event.target, {
        continues,
      });
      if (!reach.fires && !continues)
        return withNotice(
          context,
          'error',
          reach.ended === true
            ? `Not injected: ${event.fault} on ${event.target} at ${clock(at)} comes after the run's end at ${clock(context.view.duration)}; rewind to inject a fault.`
            : `Not injected: ${reach.why}`,
        );
      const spec: FaultSpec = {
        index: context.scenario.faults.length + context.live.length,
        fault: event.fault,
        target: event.target,
        when: { at },
        times: 1,
        ...event.params,
      };
      return {
        ...requestFaults(context, [...context.live, spec], spec),
        ...staleBaseline(context),
        ...errorsKept(context),
      };
    }),
    writeFaults: assign(({ context }) => writeFaults(context)),
    setSpoilers: assign(({ event }) =>
      event.type === 'spoilers.set' ? { spoilerFree: event.on } : {},
    ),
    removeFault: assign(({ context, event }) => {
      if (event.type !== 'fault.remove' || !context.scenario) return {};
      const base = context.scenario.faults.length;
      const live = context.live
        .filter((spec) => spec.index !== event.index)
        .map((spec, position) => ({ ...spec, index: base + position }));
      return {
        ...requestFaults(context, live),
        ...staleBaseline(context),
        ...errorsKept(context),
      };
    }),
    importRun: assign(({ context }, outcome: ImportOutcome) => {
      if ('error' in outcome)
        return withNotice(
          context,
          'error',
          `Could not import ${outcome.name ?? 'the file'}: ${outcome.error}`,
        );
      const view = buildRunView(outcome.run, true);
      const patch: Patch = {
        view,
        pendingRun: undefined,
        cursor: 0,
        time: 0,
        live: [],
        host: undefined,
        comparison: undefined,
        drill: undefined,
        importedFile:
          outcome.choices.length > 1
            ? {
                name: outcome.name,
                text: outcome.text,
                choices: outcome.choices,
                picked: outcome.picked,
              }
            : undefined,
      };
      const label = outcome.name ? `"${outcome.name}"` : 'the report';
      return {
        ...patch,
        ...withNotice(
          context,
          'info',
          `Replaying ${label} read-only: its trace, steps and invariants as recorded. ${outcome.note === undefined ? '' : `${outcome.note} `}Pick or edit a scenario to simulate again.`,
        ),
      };
    }),
    openComparison: assign(({ context, event }) =>
      event.type === 'compare.open' ? comparisonOf(context, event.with) : {},
    ),
    closeComparison: assign({ comparison: undefined }),
    requestPlan: assign(({ context }) => {
      const { scenario } = context;
      if (!scenario) return {};
      const id = context.nextRun;
      return {
        plan: {
          scenario,
          request: { id, file: context.file, scenario: { ...scenario, faults: [] }, live: [] },
        },
        nextRun: id + 1,
      };
    }),
    // A plan the engine failed on has no end: the axis then ends at the playhead.
    recordPlan: assign(({ context, event }) =>
      context.plan
        ? {
            plan: {
              scenario: context.plan.scenario,
              ...(event.type === 'simulation.done' ? { end: event.run.report.duration } : {}),
            },
          }
        : {},
    ),
    recordComparisonProgress: assign(({ context, event }) =>
      event.type === 'simulation.progress' && context.comparison
        ? {
            comparison: {
              ...context.comparison,
              progress: {
                step: event.step,
                steps: event.steps,
                transitions: event.transitions,
                at: event.at,
              },
            },
          }
        : {},
    ),
    finishComparison: assign(({ context, event }) => {
      switch (event.type) {
        case 'simulation.done':
          return settleComparison(context, { right: event.run });
        case 'simulation.invalid':
          return settleComparison(context, { error: event.error.message });
        case 'simulation.failed':
          return settleComparison(context, { error: event.message });
        default:
          return {};
      }
    }),
    cancelComparison: assign(({ context }) => settleComparison(context, { cancelled: true })),
    updateServed: assign(({ context, event }) =>
      event.type === 'served.update'
        ? { builtins: [...event.served, ...context.builtins.filter((item) => !item.served)] }
        : {},
    ),
    addNotice: assign(({ context, event }) =>
      event.type === 'notice.add' ? withNotice(context, event.tone, event.text) : {},
    ),
    dismissNotice: assign(({ context, event }) =>
      event.type === 'notice.dismiss'
        ? { notices: context.notices.filter((notice) => notice.id !== event.id) }
        : {},
    ),
    configureExploration: assign(({ context, event }) =>
      event.type === 'explore.configure'
        ? { exploreSettings: configured(context.exploreSettings, event.settings) }
        : {},
    ),
    startExploration: assign(({ context }) =>
      context.scenario
        ? {
            exploration: {
              request: requestOf(context.scenario, context.exploreSettings),
              scenario: context.scenario.name,
              text: { source: context.source, file: context.file },
              done: 0,
              total: 0,
            },
          }
        : {},
    ),
    recordProgress: assign(({ context, event }) =>
      event.type === 'explore.progress' && context.exploration
        ? { exploration: { ...context.exploration, done: event.done, total: event.total } }
        : {},
    ),
    recordResult: assign(({ context, event }) =>
      event.type === 'explore.done' && context.exploration
        ? { exploration: { ...context.exploration, result: event.result } }
        : {},
    ),
    recordDecisions: assign(({ context, event }) =>
      event.type === 'explore.decided' && context.exploration
        ? { exploration: { ...context.exploration, decisions: event.search } }
        : {},
    ),
    recordFailure: assign(({ context, event }) =>
      event.type === 'explore.failed' && context.exploration
        ? { exploration: { ...context.exploration, error: event.message } }
        : {},
    ),
    configureDistribution: assign(({ context, event }) =>
      event.type === 'distribution.configure'
        ? {
            distributionSettings: configuredDistribution(
              context.distributionSettings,
              event.settings,
            ),
          }
        : {},
    ),
    startDistribution: assign(({ context }) =>
      context.scenario
        ? {
            distribution: {
              request: distributionRequest(context.scenario, context.distributionSettings),
              scenario: context.scenario.name,
              key: sampledKey(context.scenario),
              done: 0,
              total: 0,
            },
          }
        : {},
    ),
    recordDistributionProgress: assign(({ context, event }) =>
      event.type === 'distribution.progress' && context.distribution
        ? { distribution: { ...context.distribution, done: event.done, total: event.total } }
        : {},
    ),
    recordDistribution: assign(({ context, event }) =>
      event.type === 'distribution.done' && context.distribution
        ? { distribution: { ...context.distribution, result: event.result } }
        : {},
    ),
    recordDistributionFailure: assign(({ context, event }) =>
      event.type === 'distribution.failed' && context.distribution
        ? { distribution: { ...context.distribution, error: event.message } }
        : {},
    ),
    playSample: assign(({ context, event }) =>
      event.type === 'distribution.play' ? playSample(context, event.seed, event.what) : {},
    ),
  },
}).createMachine({
  id: 'player',
  context: ({ input }) => initialContext(input),
  type: 'parallel',
  on: {
    'speed.set': { actions: 'setSpeed' },
    'host.select': { actions: 'selectHost' },
    'notice.add': { actions: 'addNotice' },
    'served.update': { actions: 'updateServed' },
    'notice.dismiss': { actions: 'dismissNotice' },
    'scenario.select': REPLACE,
    'scenario.load': REPLACE,
    'explore.open': REPLACE,
    'explore.openDecision': REPLACE,
    'draft.open': REPLACE,
    'scenario.undo': REPLACE,
    'replace.confirm': {
      guard: 'hasConfirm',
      actions: ['confirmReplacement', 'announceReplaced', 'startSimulation'],
    },
    'replace.keep': { actions: 'keepText' },
    'draft.save': { actions: 'saveDraft' },
    'draft.delete': { actions: 'deleteDraft' },
    'drafts.sync': { actions: 'syncDrafts' },
    'storage.failed': { actions: 'recordStorageFailure' },
    'storage.saved': { actions: 'recordStorageSaved' },
    'simulation.run': { actions: ['runSource', 'startSimulation'] },
    'drill.start': { guard: 'canDrill', actions: ['startDrill', 'startSimulation'] },
    'drill.undo': { guard: 'canUndoStep', actions: ['undoStep', 'startSimulation'] },
    'drill.finish': { actions: 'finishDrill' },
    'drill.stop': { actions: ['stopDrill', 'startSimulation'] },
    'drill.configure': { actions: 'configureDrill' },
    'drill.debrief': { actions: 'openDebrief' },
    'fault.write': { guard: 'canWriteFaults', actions: ['writeFaults', 'startSimulation'] },
    'distribution.play': {
      guard: 'canPlaySample',
      actions: ['playSample', 'announceReplaced', 'startSimulation'],
    },
    'spoilers.set': { actions: 'setSpoilers' },
  },
  states: {
    playback: {
      initial: 'paused',
      on: {
        'text.replaced': '.paused',
        'run.imported': '.paused',
        'step.forward': { target: '.paused', actions: 'stepForward' },
        'step.back': { target: '.paused', actions: 'stepBack' },
        'jump.next': { target: '.paused', actions: 'jump' },
        'jump.previous': { target: '.paused', actions: 'jump' },
        seek: { actions: 'seek' },
        'seek.start': { actions: 'seek' },
        'seek.end': { target: '.paused', actions: 'seek' },
        // Paused or playing: a fault strikes at the playhead's time, and playback goes on.
        'fault.inject': { guard: 'canInject', actions: ['injectFault', 'startSimulation'] },
        'fault.remove': { guard: 'canInject', actions: ['removeFault', 'startSimulation'] },
      },
      states: {
        paused: {
          description: 'The playhead stands still; faults can be injected at its virtual time.',
          on: {
            play: { guard: 'hasView', target: 'playing', actions: 'rewindIfAtEnd' },
            toggle: { guard: 'hasView', target: 'playing', actions: 'rewindIfAtEnd' },
            'drill.choose': { guard: 'canChoose', actions: ['chooseInDrill', 'startSimulation'] },
            'drill.step': { guard: 'canStep', actions: ['stepInDrill', 'startSimulation'] },
          },
        },
        playing: {
          description: 'Virtual time advances by speed × wall time on every tick.',
          on: {
            pause: 'paused',
            toggle: 'paused',
            tick: [
              { guard: 'tickReachesDecision', target: 'paused', actions: 'advanceToDecision' },
              {
                guard: 'tickReachesEnd',
                target: 'paused',
                actions: ['advanceToEnd', 'debriefAtEnd'],
              },
              { actions: 'advance' },
            ],
          },
        },
      },
    },
    editor: {
      initial: 'idle',
      on: {
        'text.replaced': '.idle',
      },
      states: {
        // Each state takes the edit itself: a `reenter` transition on the region would exit
        // the whole machine's regions (the run in flight, an exploration) and enter them again.
        idle: { on: { 'scenario.edit': { target: 'debouncing', actions: 'editSource' } } },
        debouncing: {
          on: { 'scenario.edit': { target: 'debouncing', reenter: true, actions: 'editSource' } },
          description:
            'Waits for typing to pause before simulating the text: typing never waits on a run.',
          after: { validation: { target: 'idle', actions: ['validate', 'startSimulation'] } },
        },
      },
    },
    simulation: {
      initial: 'starting',
      on: {
        'run.imported': '.idle',
      },
      states: {
        starting: {
          always: [{ guard: 'hasPendingRun', target: 'running' }, { target: 'idle' }],
        },
        // Each state takes `simulation.start` itself: a `reenter` transition on the region would
        // exit the whole machine's regions (pausing playback, dropping an exploration).
        idle: {
          on: { 'simulation.start': { guard: 'hasPendingRun', target: 'running' } },
        },
        running: {
          description:
            'A run is simulated off the main thread and reports its progress; the last finished run stays on screen until it ends.',
          entry: 'markRunStarted',
          exit: 'markRunEnded',
          invoke: {
            src: 'simulation',
            input: ({ context }) => context.pendingRun?.request,
          },
          on: {
            'simulation.start': [
              { guard: 'hasPendingRun', target: 'running', reenter: true },
              { target: 'idle' },
            ],
            'simulation.progress': { guard: 'isCurrentRun', actions: 'recordRunProgress' },
            'simulation.done': [
              {
                // A drill's choice: playback goes on from the decision.
                guard: and(['isCurrentRun', 'isDrillChoice']),
                target: 'idle',
                actions: ['finishRun', raise({ type: 'play' })],
              },
              {
                // A run picked from the samples: it plays from its start.
                guard: and(['isCurrentRun', 'isPlayRequest']),
                target: 'idle',
                actions: ['finishRun', 'startSimulation', raise({ type: 'play' })],
              },
              { guard: 'isCurrentRun', target: 'idle', actions: ['finishRun', 'startSimulation'] },
            ],
            'simulation.invalid': {
              guard: 'isCurrentRun',
              target: 'idle',
              actions: 'recordInvalid',
            },
            'simulation.failed': {
              guard: 'isCurrentRun',
              target: 'idle',
              actions: 'recordRunFailure',
            },
            'simulation.cancel': { target: 'idle', actions: 'cancelRun' },
          },
        },
      },
    },
    importer: {
      initial: 'idle',
      states: {
        // Each state takes `run.import` itself (see `simulation`).
        idle: { on: { 'run.import': 'reading' } },
        reading: {
          on: { 'run.import': { target: 'reading', reenter: true } },
          description:
            'A JSON report is read and checked against the report schema, which loads with the first import.',
          invoke: {
            src: 'reportImport',
            input: ({ event }) => {
              assertEvent(event, 'run.import');
              return {
                text: event.text,
                ...(event.name === undefined ? {} : { name: event.name }),
                ...(event.pick === undefined ? {} : { pick: event.pick }),
              };
            },
            onDone: [
              {
                guard: ({ event }) => 'run' in event.output,
                target: 'idle',
                actions: [
                  { type: 'importRun', params: ({ event }) => event.output },
                  raise({ type: 'run.imported' }),
                ],
              },
              {
                target: 'idle',
                actions: { type: 'importRun', params: ({ event }) => event.output },
              },
            ],
          },
        },
      },
    },
    comparison: {
      initial: 'idle',
      on: {
        'compare.close': { target: '.idle', actions: 'closeComparison' },
      },
      states: {
        // Each state takes `compare.open` itself (see `simulation`).
        idle: { on: { 'compare.open': { target: 'opening', actions: 'openComparison' } } },
        opening: {
          always: [{ guard: 'isComparing', target: 'running' }, { target: 'idle' }],
        },
        running: {
          description:
            'The run to compare with is simulated off the main thread and reports its progress.',
          invoke: {
            src: 'simulation',
            input: ({ context }) => context.comparison?.request,
          },
          // A new run on screen drops the comparison: its simulation stops with it.
          always: { guard: not('isComparing'), target: 'idle' },
          on: {
            'simulation.progress': {
              guard: 'isCurrentComparison',
              actions: 'recordComparisonProgress',
            },
            'simulation.done': {
              guard: 'isCurrentComparison',
              target: 'idle',
              actions: 'finishComparison',
            },
            'simulation.invalid': {
              guard: 'isCurrentComparison',
              target: 'idle',
              actions: 'finishComparison',
            },
            'simulation.failed': {
              guard: 'isCurrentComparison',
              target: 'idle',
              actions: 'finishComparison',
            },
            'compare.cancel': { target: 'idle', actions: 'cancelComparison' },
            'compare.open': { target: 'opening', reenter: true, actions: 'openComparison' },
          },
        },
      },
    },
    planner: {
      initial: 'idle',
      states: {
        idle: { always: { guard: 'needsPlan', target: 'running', actions: 'requestPlan' } },
        running: {
          description:
            "Spoiler-free, the scenario's run without any fault is simulated off the main thread: where it ends is what the timeline's axis may show.",
          invoke: {
            src: 'simulation',
            input: ({ context }) => context.plan?.request,
          },
          // Another scenario on screen: its own plan is simulated instead.
          always: { guard: 'isPlanStale', target: 'idle' },
          on: {
            'simulation.done': { guard: 'isCurrentPlan', target: 'idle', actions: 'recordPlan' },
            'simulation.invalid': { guard: 'isCurrentPlan', target: 'idle', actions: 'recordPlan' },
            'simulation.failed': { guard: 'isCurrentPlan', target: 'idle', actions: 'recordPlan' },
          },
        },
      },
    },
    explorer: {
      initial: 'idle',
      on: { 'explore.configure': { actions: 'configureExploration' } },
      states: {
        idle: { on: { 'explore.start': START_EXPLORING } },
        running: {
          description:
            'An exploration of the scenario runs off the main thread and reports its progress.',
          invoke: {
            src: 'exploration',
            input: ({ context }) => context.exploration?.request,
          },
          on: {
            'explore.progress': { actions: 'recordProgress' },
            'explore.done': { target: 'finished', actions: 'recordResult' },
            'explore.decided': { target: 'finished', actions: 'recordDecisions' },
            'explore.failed': { target: 'failed', actions: 'recordFailure' },
            'explore.cancel': 'cancelled',
          },
        },
        finished: { on: { 'explore.start': START_EXPLORING } },
        failed: { on: { 'explore.start': START_EXPLORING } },
        cancelled: { on: { 'explore.start': START_EXPLORING } },
      },
    },
    sampler: {
      initial: 'idle',
      on: { 'distribution.configure': { actions: 'configureDistribution' } },
      states: {
        idle: { on: { 'distribution.start': START_SAMPLING } },
        running: {
          description:
            'The scenario is run with one seed after another off the main thread, reporting its progress; the samples are summed up as the CLI sums them.',
          invoke: {
            src: 'distribution',
            input: ({ context }) => context.distribution?.request,
          },
          on: {
            'distribution.progress': { actions: 'recordDistributionProgress' },
            'distribution.done': { target: 'finished', actions: 'recordDistribution' },
            'distribution.failed': { target: 'failed', actions: 'recordDistributionFailure' },
            'distribution.cancel': 'cancelled',
          },
        },
        finished: { on: { 'distribution.start': START_SAMPLING } },
        failed: { on: { 'distribution.start': START_SAMPLING } },
        cancelled: { on: { 'distribution.start': START_SAMPLING } },
      },
    },
  },
});
