import { assign, setup } from 'xstate';
import { parseScenario, planProcedure, ScenarioError, simulate } from '../../sim';
import type { ExploreResult, FaultSpec, FaultType, InvariantId, Run, Scenario } from '../../sim';
import { explorationLogic, runInWorker, type ExploreRequest } from '../explore';
import type { BuiltinScenario } from './builtins';
import { importReport } from './importReport';
import type { StoredSource } from './persistence';
import {
  buildRunView,
  cursorAtTime,
  divergence,
  nextMarker,
  previousMarker,
  type MarkerKind,
  type RunView,
} from './runView';

/** Where the editor's text is wrong, as the engine's `ScenarioError` says. */
interface SourceError {
  readonly line?: number;
  readonly column?: number;
  readonly path: string;
  readonly reason: string;
  /** The whole formatted line: `FILE:LINE:COLUMN: PATH: what is wrong (expected …)`. */
  readonly message: string;
}

/** A banner: something the user should know that is not tied to one panel. */
interface Notice {
  readonly id: number;
  readonly tone: 'error' | 'info';
  readonly text: string;
}

/** What the compare view shows on its right-hand side. */
export type CompareWith =
  | { readonly kind: 'preemption' }
  | { readonly kind: 'preemption-left-on' }
  | { readonly kind: 'builtin'; readonly id: string };

interface Comparison {
  readonly with: CompareWith;
  readonly label: string;
  readonly right?: Run;
  readonly error?: string;
}

/** How the Explore tab explores: every single fault, every pair, or random fault sets. */
export interface ExploreSettings {
  readonly mode: 'single' | 'pairs' | 'random';
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
  /** Each counterexample's scenario as YAML, by invariant: what "Open as run" loads. */
  readonly yaml?: Readonly<Partial<Record<InvariantId, string>>>;
  readonly error?: string;
}

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
}

export interface PlayerInput {
  readonly builtins: readonly BuiltinScenario[];
  /** Text to start with (a shared link, the remembered editor text); default the first built-in. */
  readonly initial?: StoredSource & { readonly file?: string };
  /** Banners to show from the start (an unreadable link or stored value). */
  readonly notices?: readonly string[];
  readonly speed?: number;
}

type SeekTarget = { readonly seq: number } | { readonly at: number };

type PlayerEvent =
  | { type: 'scenario.select'; id: string }
  | { type: 'scenario.edit'; text: string }
  | { type: 'scenario.load'; text: string; file?: string }
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
  | { type: 'fault.inject'; fault: FaultType; target: string }
  | { type: 'fault.remove'; index: number }
  | { type: 'run.import'; text: string; name?: string }
  | { type: 'compare.open'; with: CompareWith }
  | { type: 'compare.close' }
  | { type: 'notice.add'; tone: Notice['tone']; text: string }
  | { type: 'notice.dismiss'; id: number }
  | { type: 'explore.configure'; settings: Partial<ExploreSettings> }
  | { type: 'explore.start' }
  | { type: 'explore.cancel' }
  | { type: 'explore.progress'; done: number; total: number }
  | {
      type: 'explore.done';
      result: ExploreResult;
      yaml: Readonly<Partial<Record<InvariantId, string>>>;
    }
  | { type: 'explore.failed'; message: string }
  | { type: 'explore.open'; invariant: InvariantId };

type Patch = { -readonly [K in keyof PlayerContext]?: PlayerContext[K] };

const UNTITLED = 'scenario.yaml';

function describeError(error: unknown, file: string): SourceError {
  if (error instanceof ScenarioError) {
    return {
      ...(error.line !== undefined ? { line: error.line } : {}),
      ...(error.column !== undefined ? { column: error.column } : {}),
      path: error.path,
      reason:
        error.expected === undefined
          ? error.reason
          : `${error.reason} (expected ${error.expected})`,
      message: error.format(),
    };
  }
  const reason = error instanceof Error ? error.message : String(error);
  return { path: '', reason, message: `${file}: ${reason}` };
}

function withNotice(context: PlayerContext, tone: Notice['tone'], text: string): Patch {
  return {
    notices: [...context.notices, { id: context.nextNotice, tone, text }],
    nextNotice: context.nextNotice + 1,
  };
}

function runOf(scenario: Scenario, live: readonly FaultSpec[]): Run {
  return simulate(
    live.length === 0 ? scenario : { ...scenario, faults: [...scenario.faults, ...live] },
  );
}

function clampTime(view: RunView, time: number): number {
  return Math.min(Math.max(0, time), view.duration);
}

/**
 * Parses the text and simulates it. On success the new run replaces the old one and the
 * playhead keeps its virtual time (or starts over when `restart`); on failure the error is
 * recorded and the last valid run stays on screen.
 */
function loadSource(context: PlayerContext, text: string, file: string, restart: boolean): Patch {
  let scenario: Scenario;
  try {
    scenario = parseScenario(text, file);
  } catch (error) {
    return { error: describeError(error, file) };
  }
  const live = restart ? [] : context.live;
  let run: Run;
  try {
    run = runOf(scenario, live);
  } catch (error) {
    return {
      error: undefined,
      ...withNotice(
        context,
        'error',
        `The engine failed on this scenario: ${error instanceof Error ? error.message : String(error)}`,
      ),
    };
  }
  const view = buildRunView(run);
  const time = restart || context.view?.imported ? 0 : clampTime(view, context.time);
  const host =
    context.host !== undefined && view.hosts.includes(context.host) ? context.host : undefined;
  return {
    error: undefined,
    simulated: text,
    scenario,
    live,
    view,
    time,
    cursor: restart || time === 0 ? 0 : cursorAtTime(view, time),
    host,
    comparison: undefined,
  };
}

/** Re-simulates with a new set of live faults; the view continues from the same instant. */
function resimulate(context: PlayerContext, live: readonly FaultSpec[], added?: FaultSpec): Patch {
  const { scenario, view } = context;
  if (!scenario || !view) return {};
  let run: Run;
  try {
    run = runOf(scenario, live);
  } catch (error) {
    return withNotice(
      context,
      'error',
      `The engine failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const next = buildRunView(run);
  const differs = divergence(view.run, run);
  // The runs are identical before `differs`: keep the cursor unless it was past that point.
  const cursor = differs < 0 ? context.cursor : Math.max(0, Math.min(context.cursor, differs - 1));
  const patch: Patch = {
    live,
    view: next,
    cursor: Math.min(cursor, Math.max(0, run.report.trace.length - 1)),
    time: clampTime(next, context.time),
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
  return patch;
}

function seekTo(view: RunView | undefined, target: SeekTarget): Patch {
  if (!view || view.times.length === 0) return {};
  if ('seq' in target) {
    const cursor = Math.min(Math.max(0, Math.round(target.seq)), view.times.length - 1);
    return { cursor, time: view.times[cursor] ?? 0 };
  }
  const time = clampTime(view, target.at);
  return { time, cursor: cursorAtTime(view, time) };
}

function lastIndex(view: RunView): number {
  return Math.max(0, view.times.length - 1);
}

function comparisonOf(context: PlayerContext, request: CompareWith): Comparison {
  const { scenario } = context;
  try {
    if (request.kind === 'builtin') {
      const builtin = context.builtins.find((item) => item.id === request.id);
      if (!builtin) return { with: request, label: request.id, error: 'no such built-in scenario' };
      const right = simulate(parseScenario(builtin.text, builtin.id));
      return { with: request, label: builtin.name, right };
    }
    if (!scenario)
      return {
        with: request,
        label: 'nothing to compare',
        error: 'the editor holds no valid scenario',
      };
    const base = { ...scenario, faults: [...scenario.faults, ...context.live] };
    if (request.kind === 'preemption') {
      const preemption = scenario.policy.preemption === 'enabled' ? 'disabled' : 'enabled';
      const right = simulate({ ...base, policy: { ...base.policy, preemption } });
      return { with: request, label: `policy.preemption: ${preemption}`, right };
    }
    if (scenario.system !== 'ha-pair') {
      return {
        with: request,
        label: 'preemption left on',
        error: 'preemption only exists on an HA pair',
      };
    }
    const enabled: Scenario = { ...base, policy: { ...base.policy, preemption: 'enabled' } };
    const plan = planProcedure(enabled).filter(
      (step) => step.action !== 'preemption-off' && step.action !== 'preemption-restore',
    );
    const right = simulate({ ...enabled, plan });
    return {
      with: request,
      label: 'preemption left on during the upgrade (steps 4 and 10 left out)',
      right,
    };
  } catch (error) {
    return {
      with: request,
      label: request.kind,
      error: error instanceof Error ? error.message : String(error),
    };
  }
}

function configured(settings: ExploreSettings, patch: Partial<ExploreSettings>): ExploreSettings {
  const whole = (value: number | undefined, min: number, max: number, fallback: number) =>
    value === undefined || !Number.isFinite(value)
      ? fallback
      : Math.min(max, Math.max(min, Math.round(value)));
  return {
    mode:
      patch.mode === 'single' || patch.mode === 'pairs' || patch.mode === 'random'
        ? patch.mode
        : settings.mode,
    runs: whole(patch.runs, 1, MAX_RANDOM_RUNS, settings.runs),
    seed: whole(patch.seed, 0, Number.MAX_SAFE_INTEGER, settings.seed),
  };
}

function requestOf(scenario: Scenario, settings: ExploreSettings): ExploreRequest {
  return settings.mode === 'random'
    ? { scenario, faults: 1, random: { runs: settings.runs, seed: settings.seed } }
    : { scenario, faults: settings.mode === 'pairs' ? 2 : 1 };
}

/** Loads a counterexample's scenario as edited text and puts the playhead at its violation. */
function openCounterexample(context: PlayerContext, invariant: InvariantId): Patch {
  const text = context.exploration?.yaml?.[invariant];
  if (text === undefined)
    return withNotice(context, 'error', `There is no counterexample for ${invariant} to open.`);
  const file = `counterexample-${invariant}.yaml`;
  const loaded = loadSource(context, text, file, true);
  const patch: Patch = { builtin: undefined, edited: true, source: text, file, ...loaded };
  const violation = loaded.view?.run.report.invariants.find((item) => item.id === invariant)
    ?.violations[0];
  return violation ? { ...patch, ...seekTo(loaded.view, { seq: violation.seq }) } : patch;
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
  };
  if (source.trim() === '') return empty;
  return { ...empty, ...loadSource(empty, source, file, true) };
}

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
 * and the exploration actor (a web worker in the app) sends `explore.progress` and its result.
 */
export const playerMachine = setup({
  types: {
    context: {} as PlayerContext,
    events: {} as PlayerEvent,
    input: {} as PlayerInput,
  },
  actors: {
    exploration: explorationLogic(runInWorker),
  },
  delays: {
    validation: 300,
  },
  guards: {
    hasView: ({ context }) => context.view !== undefined && context.view.times.length > 0,
    canInject: ({ context }) =>
      context.view !== undefined && !context.view.imported && context.scenario !== undefined,
    canExplore: ({ context }) => context.scenario !== undefined,
    tickReachesEnd: ({ context, event }) =>
      event.type === 'tick' &&
      context.view !== undefined &&
      context.time + context.speed * Math.max(0, event.elapsed) >= context.view.duration,
  },
  actions: {
    selectBuiltin: assign(({ context, event }) => {
      if (event.type !== 'scenario.select') return {};
      const builtin = context.builtins.find((item) => item.id === event.id);
      if (!builtin)
        return withNotice(context, 'error', `There is no built-in scenario "${event.id}".`);
      return {
        builtin: builtin.id,
        edited: false,
        source: builtin.text,
        file: builtin.id,
        ...loadSource(context, builtin.text, builtin.id, true),
      };
    }),
    loadText: assign(({ context, event }) => {
      if (event.type !== 'scenario.load') return {};
      const file = event.file ?? UNTITLED;
      return {
        builtin: undefined,
        edited: true,
        source: event.text,
        file,
        ...loadSource(context, event.text, file, true),
      };
    }),
    editSource: assign(({ context, event }) =>
      event.type === 'scenario.edit'
        ? { source: event.text, edited: true, file: context.builtin ?? UNTITLED }
        : {},
    ),
    validate: assign(({ context }) => {
      // Text that already produced the run on screen would produce it again.
      if (context.source === context.simulated && context.view && !context.view.imported)
        return { error: undefined };
      return loadSource(context, context.source, context.file, false);
    }),
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
    advanceToEnd: assign(({ context }) =>
      context.view ? { time: context.view.duration, cursor: lastIndex(context.view) } : {},
    ),
    stepForward: assign(({ context }) => {
      const { view } = context;
      if (!view) return {};
      return seekTo(view, { seq: Math.min(context.cursor + 1, lastIndex(view)) });
    }),
    stepBack: assign(({ context }) =>
      context.view ? seekTo(context.view, { seq: context.cursor - 1 }) : {},
    ),
    seek: assign(({ context, event }) => {
      if (event.type === 'seek')
        return seekTo(context.view, 'seq' in event ? { seq: event.seq } : { at: event.at });
      if (event.type === 'seek.start') return seekTo(context.view, { seq: 0 });
      if (event.type === 'seek.end' && context.view)
        return seekTo(context.view, { seq: lastIndex(context.view) });
      return {};
    }),
    jump: assign(({ context, event }) => {
      const { view } = context;
      if (!view || (event.type !== 'jump.next' && event.type !== 'jump.previous')) return {};
      const marker =
        event.type === 'jump.next'
          ? nextMarker(view, context.cursor, event.kind)
          : previousMarker(view, context.cursor, event.kind);
      if (!marker) return {};
      return { cursor: marker.seq, time: view.times[marker.seq] ?? marker.at };
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
      if (event.type !== 'fault.inject' || !context.scenario) return {};
      const spec: FaultSpec = {
        index: context.scenario.faults.length + context.live.length,
        fault: event.fault,
        target: event.target,
        when: { at: Math.round(context.time) },
        times: 1,
      };
      return resimulate(context, [...context.live, spec], spec);
    }),
    removeFault: assign(({ context, event }) => {
      if (event.type !== 'fault.remove' || !context.scenario) return {};
      const base = context.scenario.faults.length;
      const live = context.live
        .filter((spec) => spec.index !== event.index)
        .map((spec, position) => ({ ...spec, index: base + position }));
      return resimulate(context, live);
    }),
    importRun: assign(({ context, event }) => {
      if (event.type !== 'run.import') return {};
      try {
        const { run, note } = importReport(event.text);
        const view = buildRunView(run, true);
        const patch: Patch = {
          view,
          cursor: 0,
          time: 0,
          live: [],
          host: undefined,
          comparison: undefined,
        };
        const label = event.name ? `"${event.name}"` : 'the report';
        return {
          ...patch,
          ...withNotice(
            context,
            'info',
            `Replaying ${label} read-only: its trace, steps and invariants as recorded. ${note ?? ''}Pick or edit a scenario to simulate again.`,
          ),
        };
      } catch (error) {
        return withNotice(
          context,
          'error',
          `Could not import ${event.name ?? 'the file'}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }),
    openComparison: assign(({ context, event }) =>
      event.type === 'compare.open' ? { comparison: comparisonOf(context, event.with) } : {},
    ),
    closeComparison: assign({ comparison: undefined }),
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
        ? { exploration: { ...context.exploration, result: event.result, yaml: event.yaml } }
        : {},
    ),
    recordFailure: assign(({ context, event }) =>
      event.type === 'explore.failed' && context.exploration
        ? { exploration: { ...context.exploration, error: event.message } }
        : {},
    ),
    openCounterexample: assign(({ context, event }) =>
      event.type === 'explore.open' ? openCounterexample(context, event.invariant) : {},
    ),
  },
}).createMachine({
  id: 'player',
  context: ({ input }) => initialContext(input),
  type: 'parallel',
  on: {
    'speed.set': { actions: 'setSpeed' },
    'host.select': { actions: 'selectHost' },
    'compare.open': { actions: 'openComparison' },
    'compare.close': { actions: 'closeComparison' },
    'notice.add': { actions: 'addNotice' },
    'notice.dismiss': { actions: 'dismissNotice' },
  },
  states: {
    playback: {
      initial: 'paused',
      on: {
        'scenario.select': { target: '.paused', actions: 'selectBuiltin' },
        'scenario.load': { target: '.paused', actions: 'loadText' },
        'run.import': { target: '.paused', actions: 'importRun' },
        'step.forward': { target: '.paused', actions: 'stepForward' },
        'step.back': { target: '.paused', actions: 'stepBack' },
        'jump.next': { target: '.paused', actions: 'jump' },
        'jump.previous': { target: '.paused', actions: 'jump' },
        seek: { actions: 'seek' },
        'seek.start': { actions: 'seek' },
        'seek.end': { target: '.paused', actions: 'seek' },
        'explore.open': { target: '.paused', actions: 'openCounterexample' },
      },
      states: {
        paused: {
          description: 'The playhead stands still; faults can be injected at its virtual time.',
          on: {
            play: { guard: 'hasView', target: 'playing', actions: 'rewindIfAtEnd' },
            toggle: { guard: 'hasView', target: 'playing', actions: 'rewindIfAtEnd' },
            'fault.inject': { guard: 'canInject', actions: 'injectFault' },
            'fault.remove': { guard: 'canInject', actions: 'removeFault' },
          },
        },
        playing: {
          description: 'Virtual time advances by speed × wall time on every tick.',
          on: {
            pause: 'paused',
            toggle: 'paused',
            tick: [
              { guard: 'tickReachesEnd', target: 'paused', actions: 'advanceToEnd' },
              { actions: 'advance' },
            ],
          },
        },
      },
    },
    editor: {
      initial: 'idle',
      on: {
        'scenario.edit': { target: '.debouncing', reenter: true, actions: 'editSource' },
        'scenario.select': '.idle',
        'scenario.load': '.idle',
        'explore.open': '.idle',
      },
      states: {
        idle: {},
        debouncing: {
          description: 'Waits for typing to pause before validating the text.',
          after: { validation: { target: 'idle', actions: 'validate' } },
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
            'explore.failed': { target: 'failed', actions: 'recordFailure' },
            'explore.cancel': 'cancelled',
          },
        },
        finished: { on: { 'explore.start': START_EXPLORING } },
        failed: { on: { 'explore.start': START_EXPLORING } },
        cancelled: { on: { 'explore.start': START_EXPLORING } },
      },
    },
  },
});
