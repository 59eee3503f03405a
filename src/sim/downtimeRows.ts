import { strikesAtItsTime } from '../../machines/faultTable';
import type { Run } from './runner';
import type { TraceEntry, WorkloadReport } from './types';

/**
 * What began an outage, as data: the step the procedure was at when it began and, when an
 * injected fault struck at that instant, the fault. An outage with a `fault` is the fault's
 * doing, not the step's; one without is the step's (a recovery step's included).
 */
export interface OutageOrigin {
  /** The `seq` of the procedure's step at the outage's start; absent before the procedure started. */
  readonly step?: number;
  /** The fault that began it, in words (`host-crash on px-2`); absent when the step did. */
  readonly fault?: string;
}

/** One outage of a workload, inside the window asked for: [start, end). */
export interface OutageRecord {
  readonly start: number;
  readonly end: number;
  /**
   * What began it: the injected fault that fired at its start (`host-crash on storage-1`), else
   * the procedure's step at that instant (`step 6: reboot processing-1`).
   */
  readonly cause: string;
  /** The same cause as data: the impact report counts each outage under it. */
  readonly origin: OutageOrigin;
  /** The run ended with the workload still down: the outage goes on past `end`. */
  readonly ongoing?: true;
}

/** One workload's downtime over a window of the run: a row of the downtime table. */
export interface DowntimeRow {
  readonly workload: string;
  readonly kind: WorkloadReport['kind'];
  /** Where the scenario placed it (a host, or the role it follows). */
  readonly placed: string;
  /** The host that runs it at the end of the run. */
  readonly host: string;
  /** Its downtime inside the window (ms): the sum of its outages. */
  readonly downtime: number;
  /** Its outages inside the window, each cut to the window, in order. */
  readonly outages: readonly OutageRecord[];
  /** The longest of them (ms), 0 without any. */
  readonly longest: number;
  /** Percentage of the window it was up: `100 × (1 − downtime / window)`; 100 for an empty window. */
  readonly availability: number;
  /** Still down when the run ended. */
  readonly downAtEnd?: true;
}

/** A stretch of virtual time to restrict the table to: [from, to). */
export interface DowntimeWindow {
  readonly from: number;
  readonly to: number;
}

/**
 * Host events by which a fault strikes a host, in words: the downtime table's causes and the
 * timeline's markers say the same.
 */
export const FAULT_EVENTS: Readonly<Record<string, string>> = {
  'host.crash': 'host crash',
  'power.loss': 'power loss',
  'pool.degrade': 'pool degraded',
};

/**
 * The lifecycle states a host is down in, and the cause a workload on it is down for: the
 * topology's cards and the downtime table say the same words.
 */
export const DOWN_CAUSE: Readonly<Record<string, string>> = {
  down: 'host crash',
  consoleRecovery: 'power loss',
  rebooting: 'host restart',
  bootFailed: 'boot failure',
  rollingBackOffline: 'boot failure',
  reinstallingOffline: 'boot failure',
  installedOffline: 'boot failure',
  restoring: 'restore',
};

/** Down states no step of a procedure puts a host in: a fault's doing. */
const UNPLANNED = new Set(['down', 'consoleRecovery', 'bootFailed']);

const LIFECYCLE = /(?:^|[ (])lifecycle\.([A-Za-z]+)/;

/** The first trace index whose time is ≥ `at` (the trace is in time order). Pure. */
function firstAt(trace: readonly TraceEntry[], at: number): number {
  let lo = 0;
  let hi = trace.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((trace[mid]?.at ?? Infinity) < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** `6 reboot processing-1` → `step 6: reboot processing-1`. Pure. */
function stepWords(step: string): string {
  const space = step.indexOf(' ');
  return space < 0 ? `step ${step}` : `step ${step.slice(0, space)}: ${step.slice(space + 1)}`;
}

/** An outage's cause, in words and as data. */
interface Cause {
  readonly text: string;
  readonly origin: OutageOrigin;
}

/**
 * Why an outage that starts at `at` began: read from the trace entries of that instant — a
 * fault that fired then, else the procedure step at the cursor — never guessed. Pure.
 */
function causeAt(
  run: Pick<Run, 'scenario' | 'report' | 'fired'> & Partial<Pick<Run, 'frames'>>,
  injections: readonly number[],
  at: number,
): Cause {
  const { trace } = run.report;
  const first = firstAt(trace, at);
  let step: string | undefined;
  let fault: string | undefined;
  for (let index = first; index < trace.length; index++) {
    const entry = trace[index];
    if (!entry || entry.at !== at) break;
    if (entry.actor === 'procedure') {
      // The procedure's last move at that instant is the step the outage belongs to (it starts
      // the step, the hosts follow), unless a fault fired: then the step it fired at.
      if (entry.step !== undefined && fault === undefined) step = entry.step;
      if (entry.event === 'fault.inject' && fault === undefined) {
        const own = run.frames?.[index]?.fault;
        if (own !== undefined) {
          // The run noted which fault each injection was: it names the outage if it struck
          // then (a fault that rides on a step waits for one and strikes later).
          const spec = run.scenario.faults.find((f) => f.index === own);
          if (spec && run.fired.includes(own) && strikesAtItsTime(spec.fault))
            fault = `${spec.fault}${spec.target ? ` on ${spec.target}` : ''}`;
          continue;
        }
        // A run read back from a report: the k-th injection is the k-th fault that fired, when
        // as many fired as were injected.
        const k = injections.indexOf(index);
        const spec =
          injections.length === run.fired.length
            ? run.scenario.faults.find((f) => f.index === run.fired[k])
            : undefined;
        fault = spec ? `${spec.fault}${spec.target ? ` on ${spec.target}` : ''}` : 'injected fault';
      }
    } else if (FAULT_EVENTS[entry.event] !== undefined && fault === undefined) {
      fault = `${FAULT_EVENTS[entry.event]} on ${entry.actor}`;
    } else if (fault === undefined) {
      // A fault that fails a step's actor (a power loss during an install) sends no event of
      // its own: the host's state says what happened.
      const lifecycle = LIFECYCLE.exec(entry.state)?.[1];
      if (lifecycle !== undefined && UNPLANNED.has(lifecycle))
        fault = `${DOWN_CAUSE[lifecycle] ?? lifecycle} on ${entry.actor}`;
    }
  }
  if (step === undefined) {
    // Nothing of the procedure moved at that instant: the step it was at before.
    for (let index = first - 1; index >= 0; index--) {
      const entry = trace[index];
      if (entry?.actor === 'procedure' && entry.step !== undefined) {
        step = entry.step;
        break;
      }
    }
  }
  const seq = step === undefined ? undefined : Number.parseInt(step, 10);
  const origin: OutageOrigin = {
    ...(seq !== undefined && Number.isInteger(seq) ? { step: seq } : {}),
    ...(fault !== undefined ? { fault } : {}),
  };
  if (fault !== undefined)
    return { text: step === undefined ? fault : `${fault}, at ${stepWords(step)}`, origin };
  return { text: step === undefined ? 'before the procedure started' : stepWords(step), origin };
}

/** An outage [start, end) cut to the window [from, to), or undefined when none of it is inside. Pure. */
function within(
  start: number,
  end: number,
  from: number,
  to: number,
): { readonly start: number; readonly end: number } | undefined {
  const a = Math.max(start, from);
  const b = Math.min(end, to);
  return b <= a ? undefined : { start: a, end: b };
}

/**
 * Each workload's longest outage over the whole run (ms, 0 without any), in scenario order: the
 * `longest` of {@link downtimeRows} without a window, read from the groups alone, so a run kept
 * without its trace (`simulate(…, { trace: false })`) answers it too. Pure.
 */
export function longestOutages(run: Pick<Run, 'report' | 'groups'>): number[] {
  const { report } = run;
  const longestOf = new Map<string, number>();
  for (const group of run.groups) {
    let longest = 0;
    for (const [start, end] of group.outages) {
      const span = within(start, end, 0, report.duration);
      if (span !== undefined) longest = Math.max(longest, span.end - span.start);
    }
    for (const name of group.members) longestOf.set(name, longest);
  }
  return report.workloads.map((workload) => longestOf.get(workload.name) ?? 0);
}

/**
 * The downtime table of a run: a row per workload, in scenario order, with its downtime, its
 * outages (each with what began it), the longest of them and its availability over the window
 * (the whole run unless `window` restricts it; outages are cut to the window). The report's
 * `downtime` figures, the HTML report, the debugger's table and its CSV all read these rows. Pure.
 * @param window the stretch to count, `[0, duration)` by default.
 * @example downtimeRows(simulate(scenario))[0]?.availability // 99.2
 */
export function downtimeRows(
  run: Pick<Run, 'scenario' | 'report' | 'groups' | 'fired'> & Partial<Pick<Run, 'frames'>>,
  window?: DowntimeWindow,
): DowntimeRow[] {
  const { report } = run;
  const from = Math.max(0, window?.from ?? 0);
  const to = Math.max(from, window?.to ?? report.duration);
  const length = to - from;
  const injections: number[] = [];
  report.trace.forEach((entry, index) => {
    if (entry.actor === 'procedure' && entry.event === 'fault.inject') injections.push(index);
  });
  const groupOf = new Map<string, number>();
  run.groups.forEach((group, index) => {
    for (const name of group.members) groupOf.set(name, index);
  });
  const causes = new Map<number, Cause>();
  const cause = (at: number): Cause => {
    let found = causes.get(at);
    if (found === undefined) {
      found = causeAt(run, injections, at);
      causes.set(at, found);
    }
    return found;
  };
  const outagesOf = new Map<number, OutageRecord[]>();
  const recordsOf = (index: number, downAtEnd: boolean): OutageRecord[] => {
    let records = outagesOf.get(index);
    if (records) return records;
    records = [];
    for (const [start, end] of run.groups[index]?.outages ?? []) {
      const span = within(start, end, from, to);
      if (span === undefined) continue;
      const ongoing = downAtEnd && end >= report.duration;
      const { text, origin } = cause(start);
      records.push({ ...span, cause: text, origin, ...(ongoing ? { ongoing } : {}) });
    }
    outagesOf.set(index, records);
    return records;
  };
  return report.workloads.map((workload) => {
    const index = groupOf.get(workload.name);
    const outages = index === undefined ? [] : recordsOf(index, workload.downAtEnd === true);
    let downtime = 0;
    let longest = 0;
    for (const outage of outages) {
      const span = outage.end - outage.start;
      downtime += span;
      if (span > longest) longest = span;
    }
    return {
      workload: workload.name,
      kind: workload.kind,
      placed: workload.placed,
      host: workload.host,
      downtime,
      outages,
      longest,
      availability: length > 0 ? 100 * (1 - downtime / length) : 100,
      ...(workload.downAtEnd === true ? { downAtEnd: true as const } : {}),
    };
  });
}

/** An availability percentage as tables show it: `99.958%`, never rounded up to `100%`. Pure. */
export function formatAvailability(percent: number): string {
  if (percent >= 100) return '100%';
  const text = (Math.floor(percent * 1000) / 1000).toFixed(3);
  return `${text}%`;
}

/** The downtime table's columns, in the order every rendering of it shows them. */
export const DOWNTIME_COLUMNS = [
  'workload',
  'placed',
  'host',
  'downtime',
  'outages',
  'longest outage',
  'availability',
  'each outage and its cause',
] as const;

/** An outage as one line: `1:00:00–1:05:00 step 6: reboot processing-1`. Pure. */
export function outageText(outage: OutageRecord, time: (ms: number) => string): string {
  return `${time(outage.start)}–${time(outage.end)} ${outage.cause}${outage.ongoing ? ' (still down at the end)' : ''}`;
}

/**
 * A row's cells as text, in {@link DOWNTIME_COLUMNS} order, with instants written by `time` and
 * lengths by `length`: the HTML report and the impact report print the same table. Pure.
 */
export function downtimeCells(
  row: DowntimeRow,
  time: (ms: number) => string,
  length: (ms: number) => string,
): string[] {
  return [
    row.workload,
    row.placed,
    row.host,
    `${length(row.downtime)}${row.downAtEnd ? ' (still down at the end)' : ''}`,
    String(row.outages.length),
    length(row.longest),
    formatAvailability(row.availability),
    row.outages.map((outage) => outageText(outage, time)).join('; '),
  ];
}
