import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { runSimulation } from './runSimulation';
import type { SimulationMessage } from './simulationJob';

const TEXT = readFileSync('scenarios/ha-pair-preemption-disabled.yaml', 'utf8');

/** Runs `runSimulation` and collects what it reports once the current task's microtasks ran. */
async function reported(inPage: boolean, stopAtOnce = false): Promise<SimulationMessage[]> {
  const messages: SimulationMessage[] = [];
  const stop = runSimulation(
    { id: 7, file: 'ha.yaml', text: TEXT, live: [], ...(inPage ? { inPage } : {}) },
    (message) => messages.push(message),
  );
  if (stopAtOnce) stop();
  await Promise.resolve();
  await new Promise((resolve) => setTimeout(resolve, 0));
  return messages;
}

describe('runSimulation', () => {
  it('runs a request marked inPage in the page, once the current task is done', async () => {
    const messages = await reported(true);
    expect(messages.map((message) => message.type)).toEqual(['simulation.done']);
    expect(messages[0]?.id).toBe(7);
  });

  it('runs nothing for a request stopped before it started', async () => {
    expect(await reported(true, true)).toEqual([]);
  });

  it('sends every other request to a worker (none in this test DOM: the run says so)', async () => {
    const messages = await reported(false);
    expect(messages.map((message) => message.type)).toEqual(['simulation.failed']);
  });
});
