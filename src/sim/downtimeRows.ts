import { strikesAtItsTime } from '../../machines/faultTable';
import type { WorkloadGroup } from './availability';
import type { Run } from './runner';
import type { FaultSpec, TraceEntry, WorkloadReport } from './types';

/**
 * What began an outage, as data: the step the procedure was at when it began and, when an
 * injected fault struck at that instant, the fault. An outage with a `fault` is the fault's
 * doing, not the step's; one without is the step's (a recovery step's included).
 */
export interface OutageOrigin {
  /** The `seq` of the procedure's step at the outage's start; absent before the procedure started. */
  readonly step?: number;
  /**
   * The fault that began it, in words (`host-crash on px-2`; a preemption a crash set off:
   * `preemption by device-a, back from host-crash on device-a`); absent when the step did.
   */
  readonly fault?: string;
  /**
   * Faults that rode on the step that began it and lengthened it (a slow failover, sessions lost
   * at a switchover, a failed boot), in words and in order; the outage stays the step's.
   */
  readonly lengthenedBy?: readonly string[];
}

/** One outage of a workload, inside the window asked for: [start, end). */
export interface OutageRecord {
  readonly start: number;
  readonly end: number;
  /**
   * What began it: the injected fault that fired at its start (`host-crash on storage-1`), else
   * the procedure's step at that instant (`step 6: reboot processing-1`), with the faults that
   * rode on the step and lengthened it (`step 6: reboot processing-1, lengthened by boot-failure
   * on processing-1`).
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

/** The lifecycle states a crash or a power loss leaves a host in: down until it is back. */
export const STRUCK_DOWN: ReadonlySet<string> = new Set(['down', 'consoleRecovery']);

/** Down states no step of a procedure puts a host in: a fault's doing. */
const UNPLANNED: ReadonlySet<string> = new Set([...STRUCK_DOWN, 'bootFailed']);

const LIFECYCLE = /(?:^|[ (])lifecycle\.([A-Za-z]+)/;
const ROLE = /(?:^|[ (])role\.([A-Za-z]+)/;

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

/** A fault's words: `host-crash on storage-1`. Pure. */
function faultWords(spec: { readonly fault: string; readonly target?: string }): string {
  return `${spec.fault}${spec.target ? ` on ${spec.target}` : ''}`;
}

/**
 * The fault a procedure's `fault.inject` entry (trace index `index`) stands for, in words, and
 * whether it rides on a step (a slow failover, a session loss) instead of striking at its time.
 * Pure.
 */
function injectedAt(
  run: Pick<Run, 'scenario' | 'fired'> & Partial<Pick<Run, 'frames'>>,
  injections: readonly number[],
  index: number,
): {
  readonly words: string;
  readonly rides: boolean;
  readonly fault?: FaultSpec['fault'];
  readonly target?: string;
  /** The fault's index in the scenario, and whether it is injected at a time (`when.at`). */
  readonly index?: number;
  readonly timed?: boolean;
} {
  const own = run.frames?.[index]?.fault;
  // The run noted which fault each injection was; a run read back from a report: the k-th
  // injection is the k-th fault that fired, when as many fired as were injected.
  const distinct = new Set(run.fired);
  const position =
    own ??
    (injections.length === run.fired.length
      ? run.fired[injections.indexOf(index)]
      : // One fault fired several times (a session loss at a comparison, then at the switchover).
        distinct.size === 1
        ? run.fired[0]
        : undefined);
  const spec =
    position === undefined ? undefined : run.scenario.faults.find((f) => f.index === position);
  if (spec === undefined || (own !== undefined && !run.fired.includes(own)))
    return { words: 'injected fault', rides: false };
  return {
    words: faultWords(spec),
    rides: !strikesAtItsTime(spec.fault),
    fault: spec.fault,
    ...(spec.target !== undefined ? { target: spec.target } : {}),
    index: spec.index,
    timed: 'at' in spec.when,
  };
}

/** Host states a fault that rides on a step leaves a host in: a boot that failed. */
const RIDING_STATES: Readonly<Record<string, true>> = { bootFailed: true };

/** A fault riding on a step, where the trace shows it act. */
interface Rider {
  readonly at: number;
  readonly words: string;
  /** The host it acts on, when a host's state shows it (a failed boot); absent: the system. */
  readonly host?: string;
  /** It loses sessions: it lengthens only the outages of services whose sessions it lost. */
  readonly sessions?: true;
}

/**
 * Every fault that rode on a step, in trace order: the procedure's `fault.inject` entries of
 * faults that act through their step, and hosts entering a state only such a fault leaves them
 * in. Pure.
 */
function ridersOf(
  run: Pick<Run, 'scenario' | 'report' | 'fired'> & Partial<Pick<Run, 'frames'>>,
  injections: readonly number[],
): Rider[] {
  const riders: Rider[] = [];
  const last = new Map<string, string | undefined>();
  // The faults injected at a time seen so far: the first entry of one that rides on a step is
  // its arming, which acts on nothing; it lengthens the step it takes effect at, noted again
  // there (see `takesEffectUnreported`) or told by the step's failure.
  const armed = new Set<number>();
  run.report.trace.forEach((entry, index) => {
    if (entry.actor === 'procedure') {
      if (entry.event !== 'fault.inject') return;
      const injected = injectedAt(run, injections, index);
      if (injected.rides && injected.timed === true && injected.index !== undefined) {
        const arming = !armed.has(injected.index);
        armed.add(injected.index);
        if (arming) return;
      }
      if (injected.rides)
        riders.push({
          at: entry.at,
          words: injected.words,
          ...(injected.fault === 'session-loss' ? { sessions: true as const } : {}),
        });
      return;
    }
    const lifecycle = LIFECYCLE.exec(entry.state)?.[1];
    const before = last.get(entry.actor);
    last.set(entry.actor, lifecycle);
    if (lifecycle !== undefined && lifecycle !== before && RIDING_STATES[lifecycle])
      riders.push({
        at: entry.at,
        words: `${DOWN_CAUSE[lifecycle] ?? lifecycle} on ${entry.actor}`,
        host: entry.actor,
      });
  });
  return riders;
}

/** The step the procedure was at before trace index `first`. Pure. */
function stepBefore(trace: readonly TraceEntry[], first: number): string | undefined {
  for (let index = first - 1; index >= 0; index--) {
    const entry = trace[index];
    if (entry?.actor === 'procedure' && entry.step !== undefined) return entry.step;
  }
  return undefined;
}

/**
 * When `actor` last went down unplanned (a crash, a power loss) before trace index `before`, if
 * it was down just before it came up again: the instant the fault struck. Pure.
 */
function crashBefore(
  trace: readonly TraceEntry[],
  actor: string,
  before: number,
): number | undefined {
  let down: number | undefined;
  for (let index = before - 1; index >= 0; index--) {
    const entry = trace[index];
    if (entry?.actor !== actor) continue;
    const lifecycle = LIFECYCLE.exec(entry.state)?.[1];
    const isDown = lifecycle !== undefined && UNPLANNED.has(lifecycle);
    if (isDown) down = entry.at;
    else if (down !== undefined) return down;
    else if (ROLE.exec(entry.state)?.[1] !== 'preemptionPending') return undefined;
  }
  return down;
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
  relevant: (host: string) => boolean = () => true,
): Cause {
  const { trace } = run.report;
  const first = firstAt(trace, at);
  let step: string | undefined;
  let preempting: number | undefined;
  // The faults that struck at that instant, each with the host it struck when known (a role
  // named by the scenario resolves to the host whose event follows), and the step then.
  const struck: { words: string; host?: string; step?: string }[] = [];
  const names = new Set(run.report.hosts.map((host) => host.name));
  for (let index = first; index < trace.length; index++) {
    const entry = trace[index];
    if (!entry || entry.at !== at) break;
    if (entry.actor === 'procedure') {
      // The procedure's last move at that instant is the step the outage belongs to (it starts
      // the step, the hosts follow).
      if (entry.step !== undefined) step = entry.step;
      if (entry.event === 'fault.inject') {
        const injected = injectedAt(run, injections, index);
        // A fault that rides on a step lengthens the step's outage rather than beginning one.
        if (injected.rides) continue;
        const target = injected.target;
        struck.push({
          words: injected.words,
          ...(target !== undefined && names.has(target) ? { host: target } : {}),
          ...(step !== undefined ? { step } : {}),
        });
      }
    } else if (FAULT_EVENTS[entry.event] !== undefined) {
      const last = struck[struck.length - 1];
      // The injection just before, whose role named no host yet: this is the host it struck.
      if (last && last.host === undefined) last.host = entry.actor;
      else
        struck.push({
          words: `${FAULT_EVENTS[entry.event]} on ${entry.actor}`,
          host: entry.actor,
          ...(step !== undefined ? { step } : {}),
        });
    } else {
      // A fault that fails a step's actor (a power loss during an install) sends no event of
      // its own: the host's state says what happened.
      const lifecycle = LIFECYCLE.exec(entry.state)?.[1];
      if (lifecycle !== undefined && UNPLANNED.has(lifecycle)) {
        if (!struck.some((s) => s.host === entry.actor))
          struck.push({
            words: `${DOWN_CAUSE[lifecycle] ?? lifecycle} on ${entry.actor}`,
            host: entry.actor,
            ...(step !== undefined ? { step } : {}),
          });
      } else if (ROLE.exec(entry.state)?.[1] === 'preempting') preempting ??= index;
    }
  }
  // The first fault that struck what the workload depends on; another host's fault at the
  // same instant (a crash elsewhere as a host restarts for its step) is not its outage's cause.
  const chosen = struck.find((s) => s.host === undefined || relevant(s.host));
  let fault = chosen?.words;
  if (chosen !== undefined) step = chosen.step;
  // A preferred HA device taking the active role back, the step's doing named: `, preemption by`.
  let named = '';
  if (fault === undefined && preempting !== undefined) {
    // What brought it up with preemption on: a crash is the fault's doing, through the
    // preemption it set off (the impact report lists it under the fault).
    const actor = trace[preempting]?.actor ?? '';
    const crash = crashBefore(trace, actor, preempting);
    const crashed = crash === undefined ? undefined : causeAt(run, injections, crash).origin.fault;
    if (crashed !== undefined) fault = `preemption by ${actor}, back from ${crashed}`;
    else named = `, preemption by ${actor}`;
  }
  // Nothing of the procedure moved at that instant: the step it was at before.
  step ??= stepBefore(trace, first);
  const seq = step === undefined ? undefined : Number.parseInt(step, 10);
  const origin: OutageOrigin = {
    ...(seq !== undefined && Number.isInteger(seq) ? { step: seq } : {}),
    ...(fault !== undefined ? { fault } : {}),
  };
  if (fault !== undefined)
    return { text: step === undefined ? fault : `${fault}, at ${stepWords(step)}`, origin };
  return {
    text: step === undefined ? 'before the procedure started' : `${stepWords(step)}${named}`,
    origin,
  };
}

/**
 * Whether a group's workloads ran on `host` at `at`: the host they were placed on, or the last
 * one they were moved to by then. Pure.
 */
function ranOn(group: WorkloadGroup, host: string, at: number): boolean {
  let where = group.key;
  for (const move of group.moves) if (move.at <= at) where = move.host;
  return where === host;
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
  const kinds = new Map(report.hosts.map((host) => [host.name, host.kind]));
  /**
   * Whether a fault on `host` can be what took group `index` down at `at`: a storage host for
   * the Primary's VPSs (and a Cluster's, whose volumes it serves), a device for an HA service,
   * else the host the group ran on then.
   */
  const dependsOn = (index: number, at: number) => (host: string) => {
    const group = run.groups[index];
    if (!group) return true;
    const kind = kinds.get(host);
    if (group.key === 'primary') return kind === 'storage';
    if (group.key.startsWith('service:')) return kind === 'device';
    if (kind === 'storage') return report.vpsDisks !== 'local';
    return ranOn(group, host, at);
  };
  const causes = new Map<string, Cause>();
  const cause = (at: number, index: number): Cause => {
    const key = `${at}\n${index}`;
    let found = causes.get(key);
    if (found === undefined) {
      found = causeAt(run, injections, at, dependsOn(index, at));
      causes.set(key, found);
    }
    return found;
  };
  const riders = ridersOf(run, injections);
  /** Whether an HA service group's sessions were lost at some instant of [start, end). */
  const lostSessions = (group: WorkloadGroup, start: number, end: number): boolean => {
    if (!group.key.startsWith('service:') || run.frames === undefined) return true;
    const service = group.key.slice('service:'.length);
    const { trace } = report;
    for (let index = firstAt(trace, start); index < trace.length; index++) {
      if ((trace[index]?.at ?? end) >= end) break;
      if (run.frames[index]?.procedure?.interrupted.includes(service)) return true;
    }
    return false;
  };
  /**
   * The riders that acted during a step's outage [start, end) of group `index`: a fault of the
   * whole system, or one on a host the group ran on then.
   */
  const ridersDuring = (index: number, start: number, end: number): string[] => {
    const group = run.groups[index];
    const words: string[] = [];
    for (const rider of riders) {
      if (rider.at < start) continue;
      if (rider.at >= end) break;
      if (rider.host !== undefined && group !== undefined && !ranOn(group, rider.host, rider.at))
        continue;
      if (rider.sessions && group !== undefined && !lostSessions(group, start, end)) continue;
      if (!words.includes(rider.words)) words.push(rider.words);
    }
    return words;
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
      const began = cause(start, index);
      const riding = began.origin.fault === undefined ? ridersDuring(index, start, end) : [];
      const { text, origin } =
        riding.length === 0
          ? began
          : {
              text: `${began.text}, lengthened by ${riding.join(' and ')}`,
              origin: { ...began.origin, lengthenedBy: riding },
            };
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
