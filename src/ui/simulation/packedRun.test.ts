import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseScenario, readFaultEntry } from '../../sim';
import { packMessage, unpackRun, type PackedDone } from './packedRun';
import { simulationJob, type SimulationMessage, type SimulationRequest } from './simulationJob';

type Done = Extract<SimulationMessage, { type: 'simulation.done' }>;

/** A Cluster with enough VPSs that its run goes packed. */
const TEXT = `name: many\nsystem: serverware\ntopology: cluster\nversion: { from: 3.2.4 }\nhosts: { processing: 6 }\nvps: 12000\n`;

function done(request: Partial<SimulationRequest> = {}): Done {
  let result: SimulationMessage | undefined;
  simulationJob({ id: 3, file: 'many.yaml', text: TEXT, live: [], ...request }, (message) => {
    result = message;
  });
  if (result?.type !== 'simulation.done') throw new Error(`no run: ${JSON.stringify(result)}`);
  return result;
}

/** How many times `name` is held in `value`: as a string, or a line of one; each object once, as a structured clone copies it. */
function copiesOf(name: string, value: unknown, seen = new Set<object>()): number {
  if (typeof value === 'string') return value.split('\n').filter((line) => line === name).length;
  if (typeof value !== 'object' || value === null || seen.has(value)) return 0;
  seen.add(value);
  if (ArrayBuffer.isView(value)) return 0;
  let copies = 0;
  for (const item of Object.values(value)) copies += copiesOf(name, item, seen);
  return copies;
}

/** Runs the generator to its end. */
function drain<T>(steps: Generator<void, T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.resetModules();
});

describe('the run of many workloads the worker posts', () => {
  it('holds each workload once, whatever the scenario, the report and the groups say of it', async () => {
    const posted: unknown[] = [];
    const scope = {
      onmessage: null as ((event: { data: SimulationRequest }) => void) | null,
      postMessage: (message: unknown) => posted.push(message),
    };
    vi.stubGlobal('self', scope);
    await import('./simulationWorker');
    scope.onmessage?.({ data: { id: 3, file: 'many.yaml', text: TEXT, live: [] } });
    const last = posted.at(-1);
    const original = done();
    expect(original.run.report.workloads).toHaveLength(12_000);
    // As the run is, each workload is in the scenario, in the report and in its group.
    expect(copiesOf('vps-17', original)).toBe(3);
    expect(copiesOf('vps-17', last)).toBe(1);
    expect(copiesOf('vps-12000', last)).toBe(1);
  });

  it('is rebuilt on the page the same as the run simulated, key for key', () => {
    const original = done();
    const { message, transfer } = packMessage(original);
    expect(message.type).toBe('simulation.packed');
    expect(transfer.length).toBeGreaterThan(0);
    const rebuilt = drain(unpackRun(structuredClone(message as PackedDone)));
    expect(JSON.stringify(rebuilt)).toBe(JSON.stringify(original));
    expect(rebuilt).toEqual(original);
    expect(rebuilt.scenario).toBe(rebuilt.run.scenario);
  });

  it('keeps the scenario as written apart from the run’s, with its live faults', () => {
    const live = readFaultEntry(parseScenario(TEXT, 'many.yaml'), { fault: 'failover-timeout' });
    const original = done({ live: [live] });
    expect(original.scenario).not.toBe(original.run.scenario);
    const { message } = packMessage(original);
    expect(message.type).toBe('simulation.packed');
    const rebuilt = drain(unpackRun(message as PackedDone));
    expect(JSON.stringify(rebuilt)).toBe(JSON.stringify(original));
    expect(rebuilt.scenario.workloads).toBe(rebuilt.run.scenario.workloads);
  });

  it('goes as it is where a workload has a field the packing does not know, or there are few', () => {
    const original = done();
    const rows = original.run.report.workloads.map((row, index) =>
      index === 5 ? { ...row, extra: 1 } : row,
    );
    const odd: Done = {
      ...original,
      run: { ...original.run, report: { ...original.run.report, workloads: rows } },
    };
    expect(packMessage(odd).message).toBe(odd);
    const few = `${TEXT.replace('vps: 12000', 'vps: 50')}`;
    const small = done({ text: few });
    expect(packMessage(small).message).toBe(small);
  });
});
