import { StrictMode, type ReactNode } from 'react';
import { EditorView } from '@codemirror/view';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { createActor } from 'xstate';
import {
  distributionJob,
  distributionLogic,
  type DistributionRunner,
} from '../../src/ui/distribution';
import { explorationLogic, exploreJob, type ExploreRunner } from '../../src/ui/explore';
import { simulationJob, simulationLogic, type SimulationRunner } from '../../src/ui/simulation';
import { describeBuiltins, type BuiltinScenario } from '../../src/ui/state/builtins';
import type { StorageLike } from '../../src/ui/state/persistence';
import { PlayerContext, type PlayerActor } from '../../src/ui/state/PlayerContext';
import { playerMachine, type PlayerInput } from '../../src/ui/state/playerMachine';

const FILES = import.meta.glob<string>('./fixtures/*.yaml', {
  query: '?raw',
  import: 'default',
  eager: true,
});

/** The fixture scenarios, as the app's built-in list would hold them. */
export const FIXTURES = [
  'cluster.yaml',
  'cluster-crash.yaml',
  'ha-pair.yaml',
  'standalone.yaml',
  'stuck.yaml',
  'ha-left-on.yaml',
] as const;
export type Fixture = (typeof FIXTURES)[number];

/** A fixture's YAML text. */
export function fixtureText(name: Fixture): string {
  const text = FILES[`./fixtures/${name}`];
  if (text === undefined) throw new Error(`no fixture ${name}`);
  return text;
}

/** The fixtures described as built-ins (ids are the file names). */
function fixtureBuiltins(): BuiltinScenario[] {
  return describeBuiltins(
    Object.fromEntries(FIXTURES.map((name) => [`scenarios/${name}`, fixtureText(name)])),
  );
}

/** Runs an exploration synchronously in the test's thread, exactly as the worker does. */
export const runInProcess: ExploreRunner = (request, report) => {
  exploreJob(request, report);
  return () => undefined;
};

/** Samples synchronously in the test's thread, exactly as the sampling worker does. */
export const sampleInProcess: DistributionRunner = (request, report) => {
  distributionJob(request, report);
  return () => undefined;
};

/** Simulates synchronously in the test's thread, exactly as the simulation worker does. */
export const simulateInProcess: SimulationRunner = (request, report) => {
  simulationJob(request, report);
  return () => undefined;
};

/**
 * A started player with the fixtures as built-ins, showing `start` (a fixture).
 * @param explorer How explorations run (default the app's worker, which jsdom does not have).
 * @param simulator How runs are simulated (default in the test's thread, at once).
 * @param sampler How the Distribution tab samples (default the app's worker, which jsdom lacks).
 */
export function startPlayer(
  start: Fixture,
  input: Partial<PlayerInput> = {},
  explorer?: ExploreRunner,
  simulator: SimulationRunner = simulateInProcess,
  sampler?: DistributionRunner,
): PlayerActor {
  const machine = playerMachine.provide({
    actors: {
      simulation: simulationLogic(simulator),
      ...(explorer ? { exploration: explorationLogic(explorer) } : {}),
      ...(sampler ? { distribution: distributionLogic(sampler) } : {}),
    },
  });
  const actor = createActor(machine, {
    input: {
      builtins: fixtureBuiltins(),
      initial: { text: fixtureText(start), builtin: start, edited: false },
      ...input,
    },
  });
  actor.start();
  return actor;
}

/** React modes every component test runs under. */
export const MODES = [
  ['plain', false],
  ['StrictMode', true],
] as const;

/** Renders views against a real player actor (never a mock), optionally under StrictMode. */
export function renderWithPlayer(actor: PlayerActor, ui: ReactNode, strict: boolean) {
  const tree = <PlayerContext value={actor}>{ui}</PlayerContext>;
  return render(strict ? <StrictMode>{tree}</StrictMode> : tree);
}

/**
 * The scenario editor (CodeMirror) once its chunk has loaded: the panel shows a plain textarea
 * until then. Works under fake timers: only the import is waited for.
 */
export async function codeEditor(): Promise<EditorView> {
  for (let attempt = 0; attempt < 20; attempt++) {
    await act(async () => {
      await import('../../src/ui/editor/ScenarioCodeEditor');
    });
    const host = screen.queryByTestId('code-editor');
    const view = host ? EditorView.findFromDOM(host) : null;
    if (view) return view;
  }
  throw new Error('the scenario editor did not load');
}

/** Replaces the editor's whole text as pasting over a selection of all of it does. */
export function typeInto(view: EditorView, text: string): void {
  act(() => {
    view.dispatch({
      changes: { from: 0, to: view.state.doc.length, insert: text },
      userEvent: 'input.paste',
    });
  });
}

/**
 * A `localStorage` in memory, holding `initial`, that refuses a value longer than `limit` as a
 * full browser storage does; `items` shows what it holds.
 */
export function memoryStorage(
  initial: Record<string, string> = {},
  limit = Infinity,
): StorageLike & { items: Map<string, string> } {
  const items = new Map(Object.entries(initial));
  return {
    items,
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => {
      if (value.length > limit) throw new DOMException('quota', 'QuotaExceededError');
      items.set(key, value);
    },
    removeItem: (key) => void items.delete(key),
  };
}

/**
 * The hands-on offer that adds `label` (`upgrade device-b`) to the plan: its step picked first
 * when the step is taken several ways (its hosts are shown only then, in the steps' place), or
 * back to the steps from another step's hosts.
 */
export function handsOnOffer(label: string): HTMLElement {
  const find = () =>
    screen.queryAllByTestId('hands-on-offer').find((button) => button.dataset.item === label);
  const back = screen.queryByTestId('hands-on-back');
  if (find() === undefined && back) act(() => void fireEvent.click(back));
  if (find() === undefined) {
    const name = screen.queryAllByTestId('hands-on-step-name').find((button) => {
      const step = button.dataset.step ?? '';
      return label === step || label.startsWith(`${step} `);
    });
    if (name) act(() => void fireEvent.click(name));
  }
  const offer = find();
  if (offer === undefined) throw new Error(`no offer "${label}"`);
  return offer;
}
