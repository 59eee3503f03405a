import { effectOn, strikesAtItsTime, takesEffectUnreported } from '../../../machines/faultTable';
import { FAULT_EVENTS, groupUp, stepLabel, volumesServed } from '../../sim';
import { invariantWords, span, words } from '../format';
import type {
  Availability,
  FaultSpec,
  GroupMove,
  HostState,
  Run,
  StepStatus,
  WorkloadGroup,
} from '../../sim';

/** What a marker on the timeline stands for; `jump.next` walks them in order. */
/** The kinds of marker, in the order legends list them. */
export const MARKER_KINDS = ['failover', 'fault', 'violation'] as const;

export type MarkerKind = (typeof MARKER_KINDS)[number];

/** Each marker kind in words: legends, and `No failover or switchover ahead`. */
export const MARKER_WORDS: Readonly<Record<MarkerKind, string>> = {
  failover: 'failover or switchover',
  fault: 'fault',
  violation: 'violation',
};

/**
 * What a marker is, said before its label (`role change: switchover at 0:02:00`): its kind's id
 * read "failover: switchover" on an HA pair.
 */
export const MARKER_NOUNS: Readonly<Record<MarkerKind, string>> = {
  failover: 'role change',
  fault: 'fault',
  violation: 'violation',
};

/** A notable instant of a run: a failover or switchover, a fault or failure, a violation. */
export interface Marker {
  readonly seq: number;
  readonly at: number;
  readonly kind: MarkerKind;
  /** What it is in words, as a person reads it (never an invariant's id: see `invariant`). */
  readonly label: string;
  /** A violation's invariant, by its id: what the report is looked up by. */
  readonly invariant?: string;
}

/** A stretch of virtual time a host spent in one lifecycle state: [start, end). */
export interface Segment {
  readonly start: number;
  readonly end: number;
  readonly state: string;
  /** Whether the host held the serving role (Primary / active) during the stretch. */
  readonly leading: boolean;
}

/**
 * A step's status at the cursor; `hidden` for recovery steps not added yet (and, spoiler-free, for
 * every step still to come: see `selectStepStatuses`).
 */
export type StepStatusAt = StepStatus | 'hidden';

/**
 * A run indexed once for playback: every question the views ask about an instant (a host's
 * state, the current step, whether a workload is up) is a binary search, so seeking is O(log n).
 */
export interface RunView {
  readonly run: Run;
  /** True for a report imported from JSON: read-only playback, nothing to re-simulate. */
  readonly imported: boolean;
  /** Host names in scenario order. */
  readonly hosts: readonly string[];
  /** For each host, the trace indexes at which it moved, ascending. */
  readonly hostFrames: ReadonlyMap<string, Int32Array>;
  /** Trace indexes at which the procedure moved, ascending. */
  readonly procFrames: Int32Array;
  /** Per procedure frame: index of the step at the procedure's cursor. */
  readonly procStep: Int32Array;
  /** Per procedure frame: status of that step then. */
  readonly procStatus: readonly StepStatus[];
  /** Per procedure frame: whether the procedure had settled. */
  readonly procFinal: readonly boolean[];
  /** For recovery and skipped steps: the failed step whose failure added or skipped them, else -1. */
  readonly stepCause: Int32Array;
  /** `report.trace[i].at`, for binary search by time. */
  readonly times: Float64Array;
  readonly duration: number;
  readonly markers: readonly Marker[];
  readonly segments: ReadonlyMap<string, readonly Segment[]>;
  /** Total downtime of each group of `run.groups`, over the whole run. */
  readonly groupTotals: readonly number[];
  /**
   * Where each group of workloads was placed: a host name, `primary` or `active` (follows the
   * role). A group the controller moved runs elsewhere from its first move on: {@link groupHostsAt}.
   */
  readonly groupPlacement: readonly string[];
}

const FINAL_STATES = new Set(['completed', 'rolledBack', 'aborted', 'stuck']);

/** The last position in `sorted` whose value is ≤ `value`, or -1. Pure. */
export function lastAtOrBefore(sorted: ArrayLike<number>, value: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) <= value) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

/** The trace index of the last entry at or before virtual time `at` (0 when none is). Pure. */
export function cursorAtTime(view: RunView, at: number): number {
  return Math.max(0, lastAtOrBefore(view.times, at));
}

/** A host name, or the role whose holder runs the group (`primary`, `active`). */
function placementOf(group: WorkloadGroup, hosts: ReadonlySet<string>): string {
  if (hosts.has(group.key)) return group.key;
  if (group.key.startsWith('service:')) return 'active';
  return group.key;
}

/** The fault injected at trace entry `index`, as the run noted it (see `Frame.fault`). Pure. */
function faultOf(run: Run, index: number): FaultSpec | undefined {
  const own = run.frames[index]?.fault;
  return own === undefined ? undefined : run.scenario.faults.find((f) => f.index === own);
}

/**
 * A fault injected into the procedure, as the run noted it (see `Frame.fault`): `host crash on
 * processing-1`; one that rides on a step and has none to strike yet says it waits; one that
 * takes effect at a step's start with no report of its own says what it did there (`failover
 * timeout: the switchover on device-b takes 40m`).
 * @param armed - whether this entry is a timed fault's injection, not its striking a step
 */
function faultLabel(
  run: Run,
  index: number,
  armed: boolean,
  hostFrames: ReadonlyMap<string, Int32Array>,
): string {
  const spec = faultOf(run, index);
  if (!spec) return 'fault';
  // A role armed for a step names the host that held it then, which the step will strike
  // (`upgrade failure on primary (storage-1): armed …`), as a crash's marker does.
  const holder =
    armed &&
    !strikesAtItsTime(spec.fault) &&
    spec.target !== undefined &&
    !hostFrames.has(spec.target)
      ? holderAt(run, hostFrames, index, spec.target)
      : undefined;
  const what = `${words(spec.fault)}${spec.target !== undefined ? ` on ${spec.target}` : ''}${holder === undefined ? '' : ` (${holder})`}`;
  const procedure = run.frames[index]?.procedure;
  const step = procedure?.step;
  if (!armed && step && takesEffectUnreported(spec.fault, step.action)) {
    const on = `the ${words(step.action)}${step.host === undefined ? '' : ` on ${step.host}`}`;
    if (effectOn(spec.fault, step.action) === 'interrupts')
      return `${what}: sessions lost across ${on}`;
    return procedure.stepTime === undefined
      ? `${what}: ${on} slowed`
      : `${what}: ${on} takes ${span(procedure.stepTime)}`;
  }
  if (!armed || strikesAtItsTime(spec.fault)) return what;
  // A timed fault that rides on a step strikes that step later, if one comes.
  const struck = run.fired.includes(spec.index);
  return `${what}: armed for the next step it acts on${struck ? '' : ', and none came'}`;
}

/**
 * The host a target (a host name, a role or a kind) names among `hosts`, as the engine resolves
 * it: the fault form, the injected faults' list and the markers all ask it. Pure.
 */
export function resolveTarget(hosts: readonly HostState[], target: string): HostState | undefined {
  return (
    hosts.find((host) => host.name === target) ??
    hosts.find((host) => host.role === target || host.kind === target)
  );
}

/** The procedure's states in which it hands the roles over as the step ends. */
const HANDING_OVER = /\.(switchingOver|failingOver)$/;

/**
 * The hosts after trace entry `index`, in the order of `names`, as the procedure resolves a
 * fault's target against them: during a switchover or a failover, with the roles they held
 * before it began. The procedure hands the roles over as the step ends, while an HA pair's
 * devices drop the active role as it begins: both read `standby` meanwhile, and the fault form
 * named the first of them where the engine bound the other (a fault it promised for the next
 * switchover never fired, and was refused). Pure.
 */
export function targetHostsAfter(
  run: Run,
  hostFrames: ReadonlyMap<string, Int32Array>,
  names: readonly string[],
  index: number,
): HostState[] {
  const after = (at: number) =>
    names.flatMap((name) => {
      const indexes = hostFrames.get(name);
      if (!indexes || indexes.length === 0) return [];
      const host = run.frames[indexes[Math.max(0, lastAtOrBefore(indexes, at))] as number]?.host;
      return host ? [host] : [];
    });
  const hosts = after(index);
  // The procedure's state now, and the entry its switchover or failover began at.
  let at = Math.min(index, run.frames.length - 1);
  while (at >= 0 && run.frames[at]?.procedure === undefined) at--;
  const now = run.frames[at]?.procedure;
  if (now === undefined || !HANDING_OVER.test(now.state)) return hosts;
  let began = at;
  for (let i = at - 1; i >= 0; i--) {
    const procedure = run.frames[i]?.procedure;
    if (procedure === undefined) continue;
    if (procedure.stepNumber !== now.stepNumber || procedure.state !== now.state) break;
    began = i;
  }
  const roles = new Map(after(began - 1).map((host) => [host.name, host.role]));
  return hosts.map((host) => {
    const role = roles.get(host.name);
    return role === undefined || role === host.role ? host : { ...host, role };
  });
}

/** The host that holds role `target` (`primary`, `standby`) after trace entry `index`. Pure. */
function holderAt(
  run: Run,
  hostFrames: ReadonlyMap<string, Int32Array>,
  index: number,
  target: string,
): string | undefined {
  return resolveTarget(targetHostsAfter(run, hostFrames, [...hostFrames.keys()], index), target)
    ?.name;
}

function findMarkers(run: Run, hostFrames: ReadonlyMap<string, Int32Array>): Marker[] {
  const { trace, steps, invariants } = run.report;
  const markers: Marker[] = [];
  let previousProcedure = '';
  const windows = steps
    .filter(
      (step) =>
        (step.action === 'failover' || step.action === 'switchover') && step.start !== undefined,
    )
    .map((step) => [step.start ?? 0, step.end ?? step.start ?? 0] as const);
  // The marker of the last fault injected, while its host's own event may still follow it at the
  // same instant: one fault, one marker, which then names the host it struck.
  let injected: { marker: number; at: number; words: string; host?: string } | undefined;
  // The faults noted so far: a timed fault's first entry is its injection, a later one its
  // striking a step (see `faultLabel`).
  const noted = new Set<number>();
  // The failed steps marked so far, by their index in the report.
  const marked = new Set<number>();
  for (const [index, entry] of trace.entries()) {
    if (entry.actor === 'procedure') {
      const state = entry.state;
      if (
        state !== previousProcedure &&
        (state === 'running.failingOver' || state === 'running.switchingOver')
      ) {
        markers.push({
          seq: entry.seq,
          at: entry.at,
          kind: 'failover',
          label: state === 'running.failingOver' ? 'storage failover' : 'switchover',
        });
      }
      previousProcedure = state;
      if (entry.event === 'fault.inject') {
        const spec = faultOf(run, index);
        const armed = spec !== undefined && 'at' in spec.when && !noted.has(spec.index);
        if (spec) noted.add(spec.index);
        injected = spec && {
          marker: markers.length,
          at: entry.at,
          words: words(spec.fault),
          ...(spec.target !== undefined ? { host: spec.target } : {}),
        };
        markers.push({
          seq: entry.seq,
          at: entry.at,
          kind: 'fault',
          label: faultLabel(run, index, armed, hostFrames),
        });
      } else if (entry.event === 'step.failed' || entry.event === 'xstate.after.stepTime') {
        // The step at the cursor after a failure may be the recovery inserted for it: the failed
        // step is the one the report says ended failed then, not yet marked. An operators' step
        // (a check, a backup) fails when its time is up, with no event of its own; one that
        // ended as planned marks nothing.
        const failed = steps.findIndex(
          (step, i) => step.status === 'failed' && step.end === entry.at && !marked.has(i),
        );
        if (entry.event !== 'step.failed' && failed < 0) continue;
        if (failed >= 0) marked.add(failed);
        const step = steps[failed];
        const named = step ? stepLabel(failed + 1, step) : entry.step;
        markers.push({
          seq: entry.seq,
          at: entry.at,
          kind: 'fault',
          label: `step failed${named ? `: ${named}` : ''}`,
        });
      }
    } else if (FAULT_EVENTS[entry.event] !== undefined) {
      const said = injected?.marker === undefined ? undefined : markers[injected.marker];
      if (
        injected &&
        said &&
        injected.at === entry.at &&
        injected.words === FAULT_EVENTS[entry.event]
      ) {
        // The injected fault striking its host: said once, with the host when a role named it,
        // and marked where the host is struck (a jump or a click there shows it down; the
        // procedure's note of the injection comes a transition before).
        markers[injected.marker] = {
          ...said,
          seq: entry.seq,
          label: injected.host === entry.actor ? said.label : `${said.label} (${entry.actor})`,
        };
        injected = undefined;
        continue;
      }
      markers.push({
        seq: entry.seq,
        at: entry.at,
        kind: 'fault',
        label: `${entry.actor}: ${FAULT_EVENTS[entry.event]}`,
      });
    }
  }
  // A host taking the serving role outside a planned failover window: a preemption (the
  // preferred HA device taking the active role back, as its configuration says it does: it went
  // through `role.preempting`) or an unplanned takeover (a crash's, a lost heartbeat's). Before,
  // both read "unplanned takeover", the documented preemption after step 10 included.
  for (const [name, indexes] of hostFrames) {
    let wasLeading: boolean | undefined;
    let preempting = false;
    for (const index of indexes) {
      const host = run.frames[index]?.host;
      const entry = trace[index];
      if (!host || !entry) continue;
      if (wasLeading === false && host.leading) {
        const planned = windows.some(([start, end]) => entry.at >= start && entry.at <= end);
        if (!planned) {
          markers.push({
            seq: entry.seq,
            at: entry.at,
            kind: 'failover',
            label: preempting
              ? `preemption: ${name} takes the active role back`
              : `unplanned takeover by ${name}`,
          });
        }
      }
      wasLeading = host.leading;
      if (entry.actor === name) preempting = /\brole\.preempting\b/.test(entry.state);
    }
  }
  for (const invariant of invariants) {
    for (const violation of invariant.violations) {
      markers.push({
        seq: violation.seq,
        at: violation.at,
        kind: 'violation',
        label: invariantWords(invariant.id),
        invariant: invariant.id,
      });
    }
  }
  return markers.sort((a, b) => a.seq - b.seq || a.kind.localeCompare(b.kind));
}

function findSegments(run: Run, hostFrames: ReadonlyMap<string, Int32Array>, duration: number) {
  const segments = new Map<string, Segment[]>();
  for (const [name, indexes] of hostFrames) {
    const list: Segment[] = [];
    let open: { start: number; state: string; leading: boolean } | undefined;
    for (const index of indexes) {
      const host = run.frames[index]?.host;
      const at = run.report.trace[index]?.at ?? 0;
      if (!host) continue;
      if (open && open.state === host.lifecycle && open.leading === host.leading) continue;
      if (open && at > open.start)
        list.push({ start: open.start, end: at, state: open.state, leading: open.leading });
      open = {
        start: open && at <= open.start ? open.start : at,
        state: host.lifecycle,
        leading: host.leading,
      };
    }
    if (open)
      list.push({
        start: open.start,
        end: Math.max(duration, open.start),
        state: open.state,
        leading: open.leading,
      });
    segments.set(name, list);
  }
  return segments;
}

function stepCauses(run: Run): Int32Array {
  const { steps } = run.report;
  const cause = new Int32Array(steps.length).fill(-1);
  let lastFailed = -1;
  steps.forEach((step, index) => {
    if ((step.recovery || step.status === 'skipped') && lastFailed >= 0) cause[index] = lastFailed;
    if (step.status === 'failed') lastFailed = index;
  });
  return cause;
}

/**
 * Indexes a run for playback. Runs once per simulation or import; everything the views
 * derive at a cursor afterwards is a lookup. Pure.
 */
export function buildRunView(run: Run, imported = false): RunView {
  const { trace } = run.report;
  const hosts = run.report.hosts.map((host) => host.name);
  const hostSet = new Set(hosts);
  const perHost = new Map<string, number[]>(hosts.map((name) => [name, []]));
  const proc: number[] = [];
  const times = new Float64Array(trace.length);
  trace.forEach((entry, index) => {
    times[index] = entry.at;
    const frame = run.frames[index];
    if (frame?.host) {
      let list = perHost.get(frame.host.name);
      if (!list) {
        list = [];
        perHost.set(frame.host.name, list);
      }
      list.push(index);
    } else if (frame?.procedure) {
      proc.push(index);
    }
  });
  const hostFrames = new Map<string, Int32Array>();
  for (const [name, list] of perHost) hostFrames.set(name, Int32Array.from(list));
  const procFrames = Int32Array.from(proc);
  const procStep = new Int32Array(proc.length);
  const procStatus: StepStatus[] = [];
  const procFinal: boolean[] = [];
  proc.forEach((index, i) => {
    const state = run.frames[index]?.procedure;
    procStep[i] = (state?.stepNumber ?? 1) - 1;
    const final = state?.final ?? FINAL_STATES.has(trace[index]?.state ?? '');
    procFinal.push(final);
    procStatus.push(state?.step?.status ?? (state?.state === 'ready' ? 'pending' : 'running'));
  });
  const duration = run.report.duration;
  const groupTotals = run.groups.map((group) =>
    group.outages.reduce((sum, [start, end]) => sum + (end - start), 0),
  );
  return {
    run,
    imported,
    hosts: hosts.length > 0 ? hosts : [...perHost.keys()],
    hostFrames,
    procFrames,
    procStep,
    procStatus,
    procFinal,
    stepCause: stepCauses(run),
    times,
    duration,
    markers: findMarkers(run, hostFrames),
    segments: findSegments(run, hostFrames, duration),
    groupTotals,
    groupPlacement: run.groups.map((group) => placementOf(group, hostSet)),
  };
}

/** A host's state after trace entry `cursor` (its first state if it had not moved yet). Pure. */
export function hostAt(view: RunView, name: string, cursor: number): HostState | undefined {
  const indexes = view.hostFrames.get(name);
  if (!indexes || indexes.length === 0) return undefined;
  const position = Math.max(0, lastAtOrBefore(indexes, cursor));
  return view.run.frames[indexes[position] as number]?.host;
}

/** Every host's state after trace entry `cursor`, in scenario order. Pure. */
export function hostsAt(view: RunView, cursor: number): HostState[] {
  const result: HostState[] = [];
  for (const name of view.hosts) {
    const host = hostAt(view, name, cursor);
    if (host) result.push(host);
  }
  return result;
}

/** The trace index of the entry an actor (a host or `procedure`) last moved at, up to `cursor`. Pure. */
export function actorEntryAt(view: RunView, actor: string, cursor: number): number {
  const indexes = actor === 'procedure' ? view.procFrames : view.hostFrames.get(actor);
  if (!indexes || indexes.length === 0) return -1;
  const position = Math.max(0, lastAtOrBefore(indexes, cursor));
  return indexes[position] as number;
}

/**
 * The trace index of `actor`'s entry before the one {@link actorEntryAt} finds (the state its last
 * transition left), or -1 at its first entry. Pure.
 */
export function actorEntryBefore(view: RunView, actor: string, cursor: number): number {
  const indexes = actor === 'procedure' ? view.procFrames : view.hostFrames.get(actor);
  if (!indexes || indexes.length === 0) return -1;
  const position = Math.max(0, lastAtOrBefore(indexes, cursor));
  return position > 0 ? (indexes[position - 1] as number) : -1;
}

/** Where the procedure stands after entry `cursor`: the index of its current step and its status. */
export function procedureAt(
  view: RunView,
  cursor: number,
): { step: number; status: StepStatus; final: boolean } {
  const position = lastAtOrBefore(view.procFrames, cursor);
  if (position < 0) return { step: 0, status: 'pending', final: false };
  return {
    step: view.procStep[position] as number,
    status: view.procStatus[position] ?? 'running',
    final: view.procFinal[position] ?? false,
  };
}

/**
 * Where step `index` is the procedure's current one and under way (or over, for a step that takes
 * no time), its instant settled (see {@link settledAt}): where a click on the step seeks to.
 * Seeking to its start time instead passed every step that starts and ends in the same instant
 * (turning preemption off, announcing the window), landing on the next; the first entry where it
 * is current showed step 1 pending, the procedure not yet started. `undefined` for a step that
 * never ran. Pure.
 */
export function stepCursor(view: RunView, index: number): number | undefined {
  const first = view.procStep.indexOf(index);
  if (first < 0) return undefined;
  let position = first;
  while (view.procStep[position] === index && view.procStatus[position] === 'pending') position++;
  return settledAt(view, view.procStep[position] === index ? position : first);
}

/**
 * The entry where the instant of the procedure's frame `position` has settled: its last entry
 * before the procedure moves to another step, the hosts having taken the commands it sent them
 * (and the step started, when it starts in that instant). At the procedure's own entry the cards
 * still told the step before: "online" on a host whose install was running, "failing over · 15m
 * of 15m" on a Mirror already installing, and the step read PENDING. Pure.
 */
export function settledAt(view: RunView, position: number): number {
  return settleFrom(view, position, view.procFrames[position] as number);
}

/**
 * The entry where the instant of trace entry `seq` has settled, the procedure still at the step
 * it is at there (see {@link settledAt}): where a jump to a marker lands. At the marker's own
 * entry the cards could contradict the narration: a failover's start read "every VPS on the
 * Primary is down meanwhile" beside a green `vps-db` and a Primary not yet handing over, the
 * transitions of that same instant one and two entries on. Pure.
 */
export function settledAfter(view: RunView, seq: number): number {
  return settleFrom(view, Math.max(0, lastAtOrBefore(view.procFrames, seq)), seq);
}

/** From entry `cursor`, the procedure's frame `position` at or before it, to its instant's end. */
function settleFrom(view: RunView, position: number, cursor: number): number {
  const { procFrames, procStep, times } = view;
  const step = procStep[position];
  const at = times[cursor];
  let frame = position;
  while (cursor + 1 < times.length && times[cursor + 1] === at) {
    if (procFrames[frame + 1] === cursor + 1) {
      if (procStep[frame + 1] !== step) break;
      frame++;
    }
    cursor++;
  }
  return cursor;
}

/** Every step's status after entry `cursor`. Pure. */
export function stepStatusesAt(view: RunView, cursor: number): StepStatusAt[] {
  const { step: current, status, final } = procedureAt(view, cursor);
  return view.run.report.steps.map((step, index) => {
    const cause = view.stepCause[index] ?? -1;
    if (cause >= 0 && current <= cause) return step.recovery ? 'hidden' : 'pending';
    if (index < current) return step.status;
    if (index === current) return final ? step.status : status;
    return step.status === 'skipped' ? 'skipped' : 'pending';
  });
}

/** Index of the step to narrate after entry `cursor` (the current one, or the last one run). */
export function currentStepAt(view: RunView, cursor: number): number {
  const { step } = procedureAt(view, cursor);
  const steps = view.run.report.steps;
  if (step < steps.length) return step;
  for (let index = steps.length - 1; index >= 0; index--) {
    const status = steps[index]?.status;
    if (status === 'done' || status === 'failed') return index;
  }
  return steps.length - 1;
}

/**
 * Whether each workload group is down at the cursor. Between instants this is read from the
 * run's outages. At an instant where an outage starts or ends, several transitions share the same
 * time, so the hosts' states after the cursor's transition decide, by the rule the engine's
 * accounting uses (a host's workloads run while it serves; the Primary's while a storage host
 * leads and serves; an HA service while exactly one device is active and its sessions are not
 * lost). Pure.
 */
export function groupsDownAt(view: RunView, cursor: number, at: number): boolean[] {
  const { run } = view;
  let now: Availability | undefined;
  const ruleSaysDown = (key: string): boolean | undefined => {
    if (!now) {
      const proc = actorEntryAt(view, 'procedure', cursor);
      const state = proc >= 0 ? run.frames[proc]?.procedure : undefined;
      const lost = state?.interrupted ?? [];
      const placement = new Map<string, string>();
      for (const group of run.groups) {
        const move = moveAt(group, cursor);
        if (move) placement.set(group.key, move.host);
      }
      const hostsMap = new Map(hostsAt(view, cursor).map((host) => [host.name, host]));
      now = {
        hosts: hostsMap,
        placement,
        vpsStopped: state?.vpsStopped ?? false,
        volumesServed:
          run.report.system === 'serverware' &&
          volumesServed(hostsMap, run.scenario.policy.vpsDisks),
        sessionsLost: (service) => lost.includes(service),
      };
    }
    const up = groupUp(run.report.system, key, now);
    return up === undefined ? undefined : !up;
  };
  return run.groups.map((group) => {
    const boundary = group.outages.some(([start, end]) => start === at || end === at);
    if (boundary) {
      const down = ruleSaysDown(group.key);
      if (down !== undefined) return down;
    }
    return group.outages.some(([start, end]) => start <= at && at < end);
  });
}

/** The last move of a group at or before trace entry `cursor`. Pure. */
function moveAt(group: WorkloadGroup, cursor: number): GroupMove | undefined {
  let found: GroupMove | undefined;
  for (const move of group.moves) {
    if (move.seq > cursor) break;
    found = move;
  }
  return found;
}

/**
 * Where each workload group runs after entry `cursor`: the host the controller moved it to (`''`
 * while none could take it), else where it was placed (a host, `primary` or `active`). Pure.
 */
export function groupHostsAt(view: RunView, cursor: number): string[] {
  return view.run.groups.map(
    (group, index) => moveAt(group, cursor)?.host ?? view.groupPlacement[index] ?? group.key,
  );
}

/** Downtime of each group from the start up to virtual time `at`. Pure. */
export function downtimeUntil(view: RunView, at: number): number[] {
  return view.run.groups.map((group) => {
    let sum = 0;
    for (const [start, end] of group.outages) {
      if (start >= at) break;
      sum += Math.min(end, at) - start;
    }
    return sum;
  });
}

/**
 * Where a jump back lands: the last marker (of one kind, or any) whose instant settles before
 * entry `cursor`, at that settled entry (see {@link settledAfter}). Pure.
 */
export function previousMarker(
  view: RunView,
  cursor: number,
  kind?: MarkerKind,
): Pick<Marker, 'seq' | 'at'> | undefined {
  for (let index = view.markers.length - 1; index >= 0; index--) {
    const marker = view.markers[index];
    if (!marker || marker.seq >= cursor || (kind !== undefined && marker.kind !== kind)) continue;
    const seq = settledAfter(view, marker.seq);
    if (seq < cursor) return { seq, at: marker.at };
  }
  return undefined;
}

/**
 * Whether two runs are the same run: every transition alike, and the same workloads with the same
 * downtime and outages. Transitions alone do not tell two scenarios apart that differ only in
 * what the hosts serve (a single server with other services goes through the same states at the
 * same times), and a comparison of them said "identical" beside different downtimes. Pure.
 */
export function sameRun(a: Run, b: Run): boolean {
  if (divergence(a, b) >= 0) return false;
  const left = a.report.workloads;
  const right = b.report.workloads;
  return (
    left.length === right.length &&
    left.every((workload, index) => {
      const other = right[index];
      return (
        other !== undefined &&
        workload.name === other.name &&
        workload.downtime === other.downtime &&
        workload.outages === other.outages
      );
    })
  );
}

/** The first trace index at which two runs differ (the shorter length when one extends the other). Pure. */
export function divergence(a: Run, b: Run): number {
  const left = a.report.trace;
  const right = b.report.trace;
  const length = Math.min(left.length, right.length);
  for (let index = 0; index < length; index++) {
    const x = left[index];
    const y = right[index];
    if (
      !x ||
      !y ||
      x.at !== y.at ||
      x.actor !== y.actor ||
      x.event !== y.event ||
      x.state !== y.state
    )
      return index;
  }
  return left.length === right.length ? -1 : length;
}
