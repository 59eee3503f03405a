// @vitest-environment jsdom
import { act, cleanup } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type * as Sim from '../../src/sim';
import { App } from '../../src/ui/App';
import { simulationJob, type SimulationRunner } from '../../src/ui/simulation';
import { FIXTURES, MODES, renderWithPlayer, startPlayer } from './harness';

// Every call of the engine's `simulate`, wherever it comes from.
const calls = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../src/sim', async (original) => {
  const sim = await original<typeof Sim>();
  return {
    ...sim,
    simulate: (...args: Parameters<typeof sim.simulate>) => {
      calls.count += 1;
      return sim.simulate(...args);
    },
  };
});

afterEach(cleanup);

describe('opening a scenario', () => {
  // The app simulates in a worker; a simulation on the page's own thread freezes it for as long
  // as the run takes (a large cluster: seconds) and, at start, delays the first render.
  it.each(
    MODES.flatMap(([mode, strict]) => FIXTURES.map((fixture) => [mode, fixture, strict] as const)),
  )(
    '%s: %s is simulated once, by the simulation job, and by nothing on the page',
    (_, fixture, strict) => {
      calls.count = 0;
      let jobs = 0;
      const simulator: SimulationRunner = (request, report) => {
        jobs += 1;
        simulationJob(request, report);
        return () => undefined;
      };
      const actor = startPlayer(fixture, {}, undefined, simulator);
      renderWithPlayer(actor, <App />, strict);
      act(() => void actor.send({ type: 'play' }));
      expect(actor.getSnapshot().context.view).toBeDefined();
      expect(jobs).toBe(1);
      expect(calls.count).toBe(jobs);
    },
  );
});
