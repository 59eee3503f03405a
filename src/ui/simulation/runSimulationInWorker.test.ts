import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { packMessage } from './packedRun';
import { simulationJob, type SimulationMessage, type SimulationRequest } from './simulationJob';

/** A stand-in for the browser's Worker: records what the page does with it. */
class FakeWorker {
  static started: FakeWorker[] = [];
  readonly posted: unknown[] = [];
  terminated = false;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  onmessageerror: (() => void) | null = null;
  private readonly errorListeners: (() => void)[] = [];
  constructor(
    readonly url: URL,
    readonly options: WorkerOptions,
  ) {
    FakeWorker.started.push(this);
  }
  addEventListener(type: string, listener: () => void): void {
    if (type === 'error') this.errorListeners.push(listener);
  }
  postMessage(message: unknown): void {
    this.posted.push(message);
  }
  terminate(): void {
    this.terminated = true;
  }
  /** The script failed to load. */
  fail(): void {
    for (const listener of this.errorListeners) listener();
    this.onerror?.({ message: '', preventDefault: () => undefined } as unknown as ErrorEvent);
  }
}

const request: SimulationRequest = { id: 1, file: 'a.yaml', text: 'name: a', live: [] };

async function load() {
  vi.resetModules();
  return import('./runSimulationInWorker');
}

beforeEach(() => {
  FakeWorker.started = [];
  vi.useFakeTimers();
  vi.stubGlobal('Worker', FakeWorker);
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('the simulation worker started ahead of the run', () => {
  it('should be the worker the first run is posted to, and another is started for the next once it is done', async () => {
    const { warmSimulationWorker, runSimulationInWorker } = await load();
    warmSimulationWorker();
    warmSimulationWorker();
    expect(FakeWorker.started).toHaveLength(1);
    const warm = FakeWorker.started[0];
    expect(warm?.options).toMatchObject({ type: 'module', name: 'rehearse-simulate' });
    runSimulationInWorker(request, () => undefined);
    expect(FakeWorker.started).toHaveLength(1);
    expect(warm?.posted).toEqual([request]);
    // Not while the run simulates: once it is done.
    warm?.onmessage?.({ data: { type: 'simulation.progress', id: 1 } } as MessageEvent);
    expect(FakeWorker.started).toHaveLength(1);
    warm?.onmessage?.({ data: { type: 'simulation.failed', id: 1, message: 'x' } } as MessageEvent);
    expect(warm?.terminated).toBe(true);
    expect(FakeWorker.started).toHaveLength(2);
    // The next run takes the worker started for it.
    runSimulationInWorker({ ...request, id: 2 }, () => undefined);
    expect(FakeWorker.started[1]?.posted).toEqual([{ ...request, id: 2 }]);
  });

  it('should start a worker for the run when none was started ahead', async () => {
    const { runSimulationInWorker } = await load();
    runSimulationInWorker(request, () => undefined);
    expect(FakeWorker.started).toHaveLength(1);
    expect(FakeWorker.started[0]?.posted).toEqual([request]);
  });

  it('should drop a spare whose script failed to load, and report a failure of the run’s own', async () => {
    const { warmSimulationWorker, runSimulationInWorker } = await load();
    warmSimulationWorker();
    const broken = FakeWorker.started[0];
    broken?.fail();
    expect(broken?.terminated).toBe(true);
    const messages: SimulationMessage[] = [];
    runSimulationInWorker(request, (message) => messages.push(message));
    expect(FakeWorker.started).toHaveLength(2);
    expect(broken?.posted).toEqual([]);
    FakeWorker.started[1]?.fail();
    expect(messages).toEqual([
      expect.objectContaining({ type: 'simulation.failed', id: 1 }) as SimulationMessage,
    ]);
  });

  it('should do nothing where workers are missing', async () => {
    vi.stubGlobal('Worker', undefined);
    const { warmSimulationWorker } = await load();
    expect(() => warmSimulationWorker()).not.toThrow();
  });
});

describe('a run posted packed', () => {
  const text = `name: many\nsystem: serverware\ntopology: cluster\nversion: { from: 3.2.4 }\nhosts: { processing: 4 }\nvps: 12000\n`;
  function simulated(): SimulationMessage {
    let last: SimulationMessage | undefined;
    simulationJob({ ...request, text }, (message) => {
      last = message;
    });
    return last as SimulationMessage;
  }

  it('should be reported as the run simulated, rebuilt in tasks after the message’s', async () => {
    const { runSimulationInWorker } = await load();
    const messages: SimulationMessage[] = [];
    runSimulationInWorker({ ...request, text }, (message) => messages.push(message));
    const original = simulated();
    const { message } = packMessage(original);
    expect(message.type).toBe('simulation.packed');
    FakeWorker.started[0]?.onmessage?.({ data: message } as MessageEvent);
    expect(messages).toEqual([]);
    await vi.runAllTimersAsync();
    expect(messages).toHaveLength(1);
    expect(JSON.stringify(messages[0])).toBe(JSON.stringify(original));
  });

  it('should report nothing once stopped while it is rebuilt', async () => {
    const { runSimulationInWorker } = await load();
    const messages: SimulationMessage[] = [];
    const stop = runSimulationInWorker({ ...request, text }, (message) => messages.push(message));
    FakeWorker.started[0]?.onmessage?.({ data: packMessage(simulated()).message } as MessageEvent);
    stop();
    await vi.runAllTimersAsync();
    expect(messages).toEqual([]);
  });
});
