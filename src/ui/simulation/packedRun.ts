import type { Scenario, WorkloadGroup, WorkloadReport, WorkloadSpec } from '../../sim';
import type { SimulationMessage } from './simulationJob';

type Done = Extract<SimulationMessage, { type: 'simulation.done' }>;

/**
 * A run's `simulation.done` with its workloads sent once, column by column: the scenario's
 * workloads, the report's row per workload and each group's members, which as objects are three
 * copies of a million workloads for a Cluster of a million VPSs, and whose copy on the page's
 * main thread (the structured clone of the worker's message) blocked it for seconds at once.
 * Here the names are one string, the rest typed arrays moved to the page without a copy; the
 * page rebuilds the same run from it a slice at a time (`unpackRun`).
 */
export interface PackedDone {
  readonly type: 'simulation.packed';
  readonly id: number;
  /** The message with the scenario's and the report's workloads and the groups' members empty. */
  readonly done: Done;
  /** The workloads' names, in scenario order, each followed by `\n`. */
  readonly names: string;
  /** The placements and hosts the workloads name, each once. */
  readonly strings: readonly string[];
  /** Per workload: 1 for a service, 0 for a VPS. */
  readonly service: Uint8Array;
  /** Per workload: its placement, in `strings`. */
  readonly placement: Int32Array;
  /** Per workload, its report row: the host it ran on and where it was placed, in `strings`. */
  readonly host: Int32Array;
  readonly placed: Int32Array;
  readonly downtime: Float64Array;
  readonly outages: Float64Array;
  /** 1 where the workload was still down when the run ended. */
  readonly downAtEnd: Uint8Array;
  /** Each group's members, as workloads' places in scenario order, the groups one after another. */
  readonly members: Int32Array;
  /** How many members each group has. */
  readonly sizes: Int32Array;
}

/** Below this many workloads the message is sent as it is: its copy is quick. */
const PACK_FROM = 10_000;

const SPEC_KEYS = 'name,kind,placement';
const ROW_KEYS = 'name,kind,host,placed,downtime,outages';

/** Keys in order, as one string. */
const keysOf = (value: object) => Object.keys(value).join(',');

/**
 * `message` as the worker posts it, and what to transfer with it: a `simulation.done` of many
 * workloads packed (see {@link PackedDone}), anything else as it is. A run whose workloads do not
 * have the shape the packing knows (a field it would lose) is sent as it is. Pure.
 */
export function packMessage(message: SimulationMessage): {
  message: SimulationMessage | PackedDone;
  transfer: Transferable[];
} {
  const unpacked = { message, transfer: [] };
  if (message.type !== 'simulation.done') return unpacked;
  const { run } = message;
  const workloads = run.scenario.workloads;
  const rows = run.report.workloads;
  const count = workloads.length;
  if (
    count < PACK_FROM ||
    message.scenario.workloads !== workloads ||
    rows.length !== count ||
    run.groups.some((group) => keysOf(group) !== 'key,members,outages,moves')
  ) {
    return unpacked;
  }
  const strings: string[] = [];
  const stringIndex = new Map<string, number>();
  const indexOf = (text: string) => {
    let index = stringIndex.get(text);
    if (index === undefined) {
      index = strings.length;
      strings.push(text);
      stringIndex.set(text, index);
    }
    return index;
  };
  const names: string[] = [];
  const service = new Uint8Array(count);
  const placement = new Int32Array(count);
  const host = new Int32Array(count);
  const placed = new Int32Array(count);
  const downtime = new Float64Array(count);
  const outages = new Float64Array(count);
  const downAtEnd = new Uint8Array(count);
  const place = new Map<string, number>();
  for (let index = 0; index < count; index++) {
    const spec = workloads[index] as WorkloadSpec;
    const row = rows[index] as WorkloadReport;
    const rowKeys = keysOf(row);
    if (
      keysOf(spec) !== SPEC_KEYS ||
      spec.name.includes('\n') ||
      typeof spec.placement !== 'string' ||
      (spec.kind !== 'vps' && spec.kind !== 'service') ||
      row.name !== spec.name ||
      row.kind !== spec.kind ||
      !(rowKeys === ROW_KEYS || (rowKeys === `${ROW_KEYS},downAtEnd` && row.downAtEnd === true)) ||
      typeof row.host !== 'string' ||
      typeof row.placed !== 'string' ||
      typeof row.downtime !== 'number' ||
      typeof row.outages !== 'number'
    ) {
      return unpacked;
    }
    names.push(spec.name);
    if (!place.has(spec.name)) place.set(spec.name, index);
    service[index] = spec.kind === 'service' ? 1 : 0;
    placement[index] = indexOf(spec.placement);
    host[index] = indexOf(row.host);
    placed[index] = indexOf(row.placed);
    downtime[index] = row.downtime;
    outages[index] = row.outages;
    downAtEnd[index] = row.downAtEnd ? 1 : 0;
  }
  const sizes = new Int32Array(run.groups.length);
  const flat: number[] = [];
  for (const [at, group] of run.groups.entries()) {
    sizes[at] = group.members.length;
    for (const member of group.members) {
      const index = place.get(member);
      if (index === undefined) return unpacked;
      flat.push(index);
    }
  }
  const members = Int32Array.from(flat);
  const empty = (scenario: Scenario): Scenario => ({ ...scenario, workloads: [] });
  const scenario = empty(run.scenario);
  const done: Done = {
    ...message,
    scenario: message.scenario === run.scenario ? scenario : empty(message.scenario),
    run: {
      ...run,
      scenario,
      report: { ...run.report, workloads: [] },
      groups: run.groups.map((group) => ({ ...group, members: [] })),
    },
  };
  const packed: PackedDone = {
    type: 'simulation.packed',
    id: message.id,
    done,
    names: names.join('\n') + '\n',
    strings,
    service,
    placement,
    host,
    placed,
    downtime,
    outages,
    downAtEnd,
    members,
    sizes,
  };
  const transfer = [service, placement, host, placed, downtime, outages, downAtEnd, members, sizes];
  return { message: packed, transfer: transfer.map((array) => array.buffer) };
}

/** Workloads rebuilt between two looks at the clock. */
const SLICE = 4_096;

/**
 * Rebuilds the run of a {@link PackedDone}, the same as the worker's, a slice of workloads at a
 * time: yields between slices, so that the caller can hand the page back between them.
 */
export function* unpackRun(packed: PackedDone): Generator<void, Done> {
  const { names: joined, strings, done } = packed;
  const count = packed.service.length;
  const names: string[] = new Array<string>(count);
  const workloads: WorkloadSpec[] = new Array<WorkloadSpec>(count);
  const rows: WorkloadReport[] = new Array<WorkloadReport>(count);
  let from = 0;
  for (let index = 0; index < count; index++) {
    const end = joined.indexOf('\n', from);
    const name = joined.slice(from, end);
    from = end + 1;
    names[index] = name;
    const kind = packed.service[index] === 1 ? 'service' : 'vps';
    workloads[index] = {
      name,
      kind,
      placement: strings[packed.placement[index] as number] as string,
    };
    const row: { -readonly [K in keyof WorkloadReport]: WorkloadReport[K] } = {
      name,
      kind,
      host: strings[packed.host[index] as number] as string,
      placed: strings[packed.placed[index] as number] as string,
      downtime: packed.downtime[index] as number,
      outages: packed.outages[index] as number,
    };
    if (packed.downAtEnd[index] === 1) row.downAtEnd = true;
    rows[index] = row;
    if (index % SLICE === SLICE - 1) yield;
  }
  const groups: WorkloadGroup[] = [];
  let at = 0;
  for (const [position, group] of done.run.groups.entries()) {
    const size = packed.sizes[position] as number;
    const members: string[] = new Array<string>(size);
    for (let member = 0; member < size; member++) {
      members[member] = names[packed.members[at + member] as number] as string;
    }
    at += size;
    groups.push({ ...group, members });
    yield;
  }
  const withWorkloads = (scenario: Scenario): Scenario => ({ ...scenario, workloads });
  const scenario = withWorkloads(done.run.scenario);
  return {
    ...done,
    scenario: done.scenario === done.run.scenario ? scenario : withWorkloads(done.scenario),
    run: { ...done.run, scenario, report: { ...done.run.report, workloads: rows }, groups },
  };
}
