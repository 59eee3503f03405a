/**
 * What the topology's cards say is happening to each host and each workload at the playhead,
 * and why: read from the run's own frames and trace (the machines' states, the procedure's step
 * and how long it timed it, how long a crash keeps a host down, how long a host times its step
 * in this run), never guessed. Pure, so a card is exact when paused, scrubbed or playing.
 */
import {
  DOWN_CAUSE,
  STRUCK_DOWN,
  type HostState,
  type ProcedureState,
  type StepRecord,
  volumesServed,
} from '../../sim';
import { clock, span, words } from '../format';
import { drawsOf } from './distribution';
import {
  actorEntryAt,
  groupHostsAt,
  groupsDownAt,
  hostsAt,
  lastAtOrBefore,
  type RunView,
} from './runView';

/** A role moving between the members of a pair. */
type RoleChange = 'failover' | 'switchover' | 'takeover' | 'preemption';

/** How a status reads at a glance; the words carry the meaning, the tone only repeats it. */
export type StatusTone = 'ok' | 'busy' | 'bad';

/**
 * A timed activity at the playhead: how much of it has passed, of how long it lasts (no total
 * where only the run's future knows it, in spoiler-free mode).
 */
export interface Progress {
  readonly elapsed: number;
  readonly total?: number;
}

/** One host card's status line. */
export interface HostStatus {
  /** What is happening to the host: `failing over`, `crashed`, `installing`, `online`. */
  readonly what: string;
  readonly tone: StatusTone;
  /** The activity's progress, when the model times it. */
  readonly progress?: Progress;
  /** When the host is back up (virtual ms), when the model knows it. */
  readonly backAt?: number;
  /** What it waits for, when nothing it knows of ends the state by itself. */
  readonly waitsFor?: string;
  /** The role change under way on the host: a failover, a switchover, a takeover, a preemption. */
  readonly roleChange?: RoleChange;
  /**
   * The role the host holds once the change under way is over (`primary` for the Secondary
   * taking over): where it is not the one it holds now, the card's badge says `Secondary →
   * Primary`, so a class sees which host is taking over, not two Secondaries.
   */
  readonly becomes?: string;
  /** The line as the card shows it: `failing over · 10m of 15m`, `crashed · back at 2:15:00`. */
  readonly text: string;
}

/** Why a workload group is down at the playhead, and when it is back. */
export interface GroupStatus {
  /** What took it down: `failover`, `host restart`, `host crash`, `session loss`… */
  readonly cause: string;
  /** When its outage ends (virtual ms), when the run has it end. */
  readonly backAt?: number;
  /** What it waits for when the run ends with it still down. */
  readonly waitsFor?: string;
  /** `down: failover, back in 5m`. */
  readonly text: string;
  /**
   * The assumption the outage rests on, where the documents do not say it (a processing host's
   * VPSs down for want of storage: their disks on the storage pair), with the key that changes it.
   */
  readonly assumption?: string;
}

/** Why a Cluster's processing-host VPSs are down while no storage host serves. */
const DISKS_ON_STORAGE =
  'Rehearse assumes these VPSs keep their disks on the storage pair, as Bicom documents the Cluster, so they are down while no storage host serves them (the upgrade document is silent); the scenario key `policy.vps-disks: local` changes it';

/** Every card's status at one instant. */
export interface CardStatus {
  readonly hosts: ReadonlyMap<string, HostStatus>;
  /** Per group of `run.groups`: why it is down, or `undefined` while it is up. */
  readonly groups: readonly (GroupStatus | undefined)[];
}

const FAILING_OVER = 'running.failingOver';
const SWITCHING_OVER = 'running.switchingOver';

/**
 * Lifecycle states the host machine times with one of its durations: the words a card says and
 * the duration key (`hostLifecycle.ts`'s delays), which a step's own length in the run (drawn,
 * or set for the host) takes the place of.
 */
const TIMED: Readonly<
  Record<
    string,
    {
      readonly what: string;
      readonly key: keyof RunView['run']['scenario']['durations'];
      readonly tone: StatusTone;
    }
  >
> = {
  installing: { what: 'installing', key: 'install', tone: 'busy' },
  rebooting: { what: 'restarting', key: 'reboot', tone: 'busy' },
  verifying: { what: 'checking', key: 'verify', tone: 'busy' },
  rollingBack: { what: 'rolling back', key: 'rollback', tone: 'busy' },
  rollingBackOffline: { what: 'down: rolling back', key: 'rollback', tone: 'bad' },
  reinstallingOffline: { what: 'down: reinstalling', key: 'install', tone: 'bad' },
  restoring: { what: 'restoring the backup', key: 'restore', tone: 'busy' },
};

/** Lifecycle states that last until the procedure's next step: what the host waits for. */
const WAITING: Readonly<
  Record<string, { readonly what: string; readonly waitsFor: string; readonly tone: StatusTone }>
> = {
  installed: { what: 'installed', waitsFor: 'the restart', tone: 'busy' },
  booted: { what: 'restarted', waitsFor: 'its check', tone: 'busy' },
  failed: { what: 'step failed', waitsFor: 'a rollback or a reinstall', tone: 'bad' },
  bootFailed: { what: 'did not boot', waitsFor: 'a rollback or a reinstall', tone: 'bad' },
  installedOffline: { what: 'down', waitsFor: 'the restart', tone: 'bad' },
};

const REGION_PATTERNS = new Map<string, RegExp>();

/** A region's state in a trace entry's state text (`lifecycle.online, role.demoting, …`). Pure. */
export function regionOf(state: string, region: string): string | undefined {
  let pattern = REGION_PATTERNS.get(region);
  if (!pattern) {
    pattern = new RegExp(`(?:^|[ (])${region}\\.([A-Za-z]+)`);
    REGION_PATTERNS.set(region, pattern);
  }
  return pattern.exec(state)?.[1];
}

/** The state of `region` of a host after entry `cursor`, from its trace entry. */
function hostRegion(view: RunView, name: string, cursor: number, region: string) {
  const index = actorEntryAt(view, name, cursor);
  const entry = index < 0 ? undefined : view.run.report.trace[index];
  return entry === undefined ? undefined : regionOf(entry.state, region);
}

/**
 * When the host entered the stretch it is in after entry `cursor`: the time of the earliest of
 * its consecutive frames, up to the cursor, that `same` holds for. Pure.
 */
function since(
  view: RunView,
  name: string,
  cursor: number,
  same: (host: HostState, index: number) => boolean,
): number | undefined {
  const indexes = view.hostFrames.get(name);
  if (!indexes) return undefined;
  let position = lastAtOrBefore(indexes, cursor);
  if (position < 0) return undefined;
  let first: number | undefined;
  while (position >= 0) {
    const index = indexes[position] as number;
    const host = view.run.frames[index]?.host;
    if (!host || !same(host, index)) break;
    first = index;
    position--;
  }
  return first === undefined ? undefined : view.times[first];
}

/** The first time after entry `cursor` at which the host's frames stop satisfying `same`. */
function until(
  view: RunView,
  name: string,
  cursor: number,
  same: (host: HostState) => boolean,
): number | undefined {
  const indexes = view.hostFrames.get(name);
  if (!indexes) return undefined;
  for (let position = lastAtOrBefore(indexes, cursor) + 1; position < indexes.length; position++) {
    const index = indexes[position] as number;
    const host = view.run.frames[index]?.host;
    if (host && !same(host)) return view.times[index];
  }
  return undefined;
}

function progressOf(
  start: number | undefined,
  total: number | undefined,
  at: number,
  untimed = false,
): Progress | undefined {
  if (start === undefined || total === undefined) return undefined;
  const elapsed = Math.min(Math.max(0, at - start), total);
  return untimed ? { elapsed } : { elapsed, total };
}

function line(
  what: string,
  tone: StatusTone,
  extra: {
    progress?: Progress;
    backAt?: number;
    waitsFor?: string;
    roleChange?: RoleChange;
    becomes?: string;
    /** What the procedure has just started on it, its command not taken yet. */
    starting?: string;
  } = {},
): HostStatus {
  const parts = [what];
  if (extra.progress)
    parts.push(
      extra.progress.total === undefined
        ? `${span(extra.progress.elapsed)} so far`
        : `${span(extra.progress.elapsed)} of ${span(extra.progress.total)}`,
    );
  if (extra.backAt !== undefined) parts.push(`back at ${clock(extra.backAt)}`);
  if (extra.waitsFor !== undefined) parts.push(`waits for ${extra.waitsFor}`);
  if (extra.starting !== undefined) parts.push(`${extra.starting} starting`);
  const { becomes, starting: _starting, ...rest } = extra;
  return {
    what,
    tone,
    ...rest,
    ...(becomes === undefined ? {} : { becomes }),
    text: parts.join(' · '),
  };
}

/** The procedure's state after entry `cursor`, and the step it is at then. */
function procedureNow(view: RunView, cursor: number) {
  const index = actorEntryAt(view, 'procedure', cursor);
  const state: ProcedureState | undefined =
    index < 0 ? undefined : view.run.frames[index]?.procedure;
  const step: StepRecord | undefined =
    state === undefined ? undefined : view.run.report.steps[state.stepNumber - 1];
  return { state, step };
}

/**
 * How long the step the procedure is timing lasts: as the procedure timed it (a slow failover's
 * real length included), or, for a run rebuilt from a report, as long as the step took.
 */
function stepLength(state: ProcedureState, step: StepRecord | undefined): number | undefined {
  if (state.stepTime !== undefined) return state.stepTime;
  if (step?.start !== undefined && step.end !== undefined) return step.end - step.start;
  return undefined;
}

/** When the host's `role` region entered the state it is in after entry `cursor`. */
function roleSince(view: RunView, name: string, cursor: number, role: string) {
  return since(
    view,
    name,
    cursor,
    (_, index) => regionOf(view.run.report.trace[index]?.state ?? '', 'role') === role,
  );
}

/**
 * The failover or switchover whose role change is under way: the procedure's current step, or
 * the one it has just finished when the hosts have not taken their new roles yet (they do so at
 * the same instant, after the procedure's own transition).
 */
function roleChangeStep(
  view: RunView,
  procedure: ReturnType<typeof procedureNow>,
  action: 'failover' | 'switchover',
  at: number,
): { step: StepRecord & { start: number }; length: number | undefined } | undefined {
  const { state, step } = procedure;
  if (!state) return undefined;
  const running = action === 'failover' ? FAILING_OVER : SWITCHING_OVER;
  if (state.state === running && step?.action === action && step.start !== undefined)
    return { step: { ...step, start: step.start }, length: stepLength(state, step) };
  const previous = view.run.report.steps[state.stepNumber - 2];
  if (previous?.action !== action || previous.start === undefined) return undefined;
  // Only at the instant it ended: later, the hosts have their new roles.
  if (previous.end !== at) return undefined;
  return { step: { ...previous, start: previous.start }, length: previous.end - previous.start };
}

/**
 * A crashed or powerless host: when it is back, from its own record of how long it stays down
 * (spoiler-free: nothing of when, which only the run's future tells).
 */
function downStatus(
  view: RunView,
  host: HostState,
  cursor: number,
  spoilerFree: boolean,
): HostStatus {
  const what = host.lifecycle === 'down' ? 'crashed' : 'power lost';
  if (spoilerFree) return line(what, 'bad');
  const start = since(view, host.name, cursor, (frame) => frame.lifecycle === host.lifecycle);
  const backAt =
    host.downFor !== undefined && host.downFor > 0 && start !== undefined
      ? start + host.downFor
      : until(view, host.name, cursor, (frame) => frame.lifecycle === host.lifecycle);
  return backAt === undefined
    ? line(what, 'bad', { waitsFor: 'recovery' })
    : line(what, 'bad', { backAt });
}

/** The status line of one host at the playhead. */
function hostStatus(
  view: RunView,
  host: HostState,
  hosts: readonly HostState[],
  cursor: number,
  at: number,
  procedure: ReturnType<typeof procedureNow>,
  spoilerFree: boolean,
): HostStatus {
  // The host's own durations in this run (its overrides and draws applied), the scenario's for
  // a run rebuilt from a report.
  const own = host.durations ?? view.run.scenario.durations;
  const lifecycle = host.lifecycle;
  if (STRUCK_DOWN.has(lifecycle)) return downStatus(view, host, cursor, spoilerFree);
  // How long a failover or switchover lasts is the run's (a slow one is a fault's doing):
  // spoiler-free, only how long it has taken so far.
  const stepProgress = (start: number, length: number | undefined) =>
    progressOf(start, spoilerFree ? Infinity : length, at, spoilerFree);
  const waiting = WAITING[lifecycle];
  if (waiting?.tone === 'bad') {
    // The recovery the procedure has just started on it, at the instant its step failed (the
    // host takes the command a transition later): said, not "waits for" what the narration
    // already shows running.
    const next = procedure.step;
    if (
      next?.recovery === true &&
      next.host === host.name &&
      next.start !== undefined &&
      next.start <= at &&
      (next.end === undefined || at < next.end)
    )
      return line(waiting.what, 'bad', { starting: `recovery: ${words(next.action)}` });
    return line(waiting.what, 'bad', { waitsFor: waiting.waitsFor });
  }

  // Role changes: a failover, a switchover, a takeover, a preemption.
  const role = hostRegion(view, host.name, cursor, 'role');
  if (
    host.kind === 'storage' &&
    (role === 'demoting' || role === 'promoting' || procedure.state?.state === FAILING_OVER)
  ) {
    const failover = roleChangeStep(view, procedure, 'failover', at);
    return line('failing over', 'busy', {
      roleChange: 'failover',
      progress: failover && stepProgress(failover.step.start, failover.length),
      becomes: role === 'promoting' ? 'primary' : role === 'demoting' ? 'secondary' : undefined,
    });
  }
  if (host.kind === 'storage' && role === 'takingOverPrimary') {
    return line('taking over as Primary', 'busy', {
      roleChange: 'takeover',
      becomes: 'primary',
      progress: progressOf(roleSince(view, host.name, cursor, role), own.takeover, at),
    });
  }
  if (host.kind === 'device') {
    const devices = hosts.filter((other) => other.kind === 'device');
    const switchover = roleChangeStep(view, procedure, 'switchover', at);
    const target = switchover?.step.host;
    if (
      switchover &&
      target !== undefined &&
      !devices.some((device) => device.name === target && device.leading && device.serving)
    )
      return line(`switching over → ${target}`, 'busy', {
        roleChange: 'switchover',
        becomes: target === host.name ? 'active' : 'standby',
        progress: stepProgress(switchover.step.start, switchover.length),
      });
    const preemptor = devices.find(
      (device) => hostRegion(view, device.name, cursor, 'role') === 'preempting',
    )?.name;
    if (preemptor !== undefined)
      return line(`preemption: switching over → ${preemptor}`, 'busy', {
        roleChange: 'preemption',
        becomes: preemptor === host.name ? 'active' : 'standby',
        progress: progressOf(
          roleSince(view, preemptor, cursor, 'preempting'),
          (devices.find((device) => device.name === preemptor)?.durations ?? own).switchover,
          at,
        ),
      });
    if (role === 'takingOver')
      return line(`peer lost: taking over → ${host.name}`, 'busy', {
        roleChange: 'takeover',
        becomes: 'active',
        progress: progressOf(roleSince(view, host.name, cursor, role), own.detect, at),
      });
    if (role === 'preemptionPending')
      return line('preemption pending', 'busy', {
        progress: progressOf(roleSince(view, host.name, cursor, role), own['preemption-delay'], at),
      });
  }

  const timed = TIMED[lifecycle];
  if (timed) {
    const start = since(view, host.name, cursor, (frame) => frame.lifecycle === lifecycle);
    // The length the host times the step with in this run: drawn for the step or set for the
    // host; before, the scenario's figure ("restarting · 5m of 5m" on a host set to 12m).
    // Spoiler-free, a drawn length is the run's to tell, as a failover's is: only the time so far.
    const drawn = spoilerFree && drawsOf(view.run.scenario).durations.includes(timed.key);
    return line(timed.what, timed.tone, {
      progress: drawn
        ? progressOf(start, Infinity, at, true)
        : progressOf(start, host.stepTime ?? own[timed.key], at),
    });
  }
  if (waiting) return line(waiting.what, waiting.tone, { waitsFor: waiting.waitsFor });
  if (host.kind === 'server') {
    const services = hostRegion(view, host.name, cursor, 'services');
    if (services === 'stopping') {
      const start = since(
        view,
        host.name,
        cursor,
        (_, index) =>
          regionOf(view.run.report.trace[index]?.state ?? '', 'services') === 'stopping',
      );
      return line('stopping services', 'busy', {
        progress: progressOf(start, host.stepTime ?? own['stop-services'], at),
      });
    }
    if (services === 'stopped') return line('services stopped', 'busy');
  }
  return line(lifecycle, host.serving ? 'ok' : 'bad');
}

/** Why the workloads a host runs are down, from its state; `undefined` while it serves. */
function causeOfHost(host: HostState | undefined): string | undefined {
  if (!host) return undefined;
  return DOWN_CAUSE[host.lifecycle] ?? (host.serving ? undefined : host.lifecycle);
}

/** Why a group that is down at the playhead is down, and what it waits for when nothing ends it. */
function groupCause(
  view: RunView,
  index: number,
  hosts: ReadonlyMap<string, HostState>,
  where: string,
  cursor: number,
  at: number,
  procedure: ReturnType<typeof procedureNow>,
): { cause: string; waitsFor: string; assumption?: string } {
  const { run } = view;
  const group = run.groups[index];
  const key = group?.key ?? '';
  const state = procedure.state;
  const system = run.report.system;
  const roleOf = (name: string) => hostRegion(view, name, cursor, 'role');
  const kinds = (kind: HostState['kind']) => [...hosts.values()].filter((h) => h.kind === kind);
  if (system === 'ha-pair') {
    const service = key.slice('service:'.length);
    if (state?.interrupted.includes(service))
      return { cause: 'session loss', waitsFor: 'its sessions to be restored' };
    const devices = kinds('device');
    const switchover = roleChangeStep(view, procedure, 'switchover', at);
    const target = switchover?.step.host;
    if (target !== undefined && !devices.some((d) => d.name === target && d.leading && d.serving))
      return { cause: 'switchover', waitsFor: 'the switchover' };
    if (devices.some((device) => roleOf(device.name) === 'preempting'))
      return { cause: 'preemption switchover', waitsFor: 'the switchover' };
    if (devices.some((device) => roleOf(device.name) === 'takingOver'))
      return { cause: 'takeover', waitsFor: 'the standby to take over' };
    const active = devices.filter((device) => device.leading && device.serving);
    if (active.length > 1) return { cause: 'split brain', waitsFor: 'one active device' };
    // One device carries the traffic: by the rule of `groupUp`, only lost sessions keep a
    // service down then (a report does not keep which; its restore step says).
    if (active.length === 1)
      return { cause: 'session loss', waitsFor: 'its sessions to be restored' };
    // The device that should carry the traffic, else one that went down.
    const leader =
      devices.find((device) => device.leading) ??
      devices.find((device) => DOWN_CAUSE[device.lifecycle] !== undefined);
    return { cause: causeOfHost(leader) ?? 'no active device', waitsFor: 'an active device' };
  }
  if (system === 'serverware' && state?.vpsStopped)
    return { cause: 'stopped for the upgrade', waitsFor: 'the step that starts them' };
  // Why no storage host serves as Primary: the Primary's VPSs, and a Cluster's VPS volumes.
  const storageCause = () => {
    const storage = kinds('storage');
    const roles = storage.map((host) => roleOf(host.name));
    if (
      state?.state === FAILING_OVER ||
      roles.some((role) => role === 'demoting' || role === 'promoting')
    )
      return { cause: 'failover', waitsFor: 'the failover' };
    if (roles.includes('takingOverPrimary')) return { cause: 'takeover', waitsFor: 'the takeover' };
    const primary =
      storage.find((host) => host.role === 'primary') ??
      storage.find((host) => DOWN_CAUSE[host.lifecycle] !== undefined);
    return { cause: causeOfHost(primary) ?? 'no Primary', waitsFor: 'a Primary' };
  };
  if (key === 'primary') return storageCause();
  const served = hosts.get(where);
  if (
    served?.kind === 'processing' &&
    served.serving &&
    !volumesServed(hosts, run.scenario.policy.vpsDisks)
  ) {
    // Its host runs, but no storage host serves its volumes (`volumesServed`). A failover
    // leaves them be, as the document says (they are served throughout one): when they lack a
    // storage host during one, a storage host went down, and that is the cause (until its peer
    // takes over from it).
    const storage = kinds('storage');
    const fallen = storage.find((host) => STRUCK_DOWN.has(host.lifecycle));
    const struck = causeOfHost(fallen);
    const assumption = DISKS_ON_STORAGE;
    if (struck !== undefined && !storage.some((host) => roleOf(host.name) === 'takingOverPrimary'))
      return { cause: `storage ${struck}`, waitsFor: 'a Primary', assumption };
    const { cause, waitsFor } = storageCause();
    return cause === 'no Primary'
      ? { cause: 'no storage', waitsFor, assumption }
      : { cause: `storage ${cause}`, waitsFor, assumption };
  }
  if (where === '')
    return {
      cause: causeOfHost(hosts.get(key)) ?? 'host lost',
      waitsFor: 'a processing host to start them',
    };
  const host = hosts.get(where);
  if (host?.kind === 'server' && host.serving && !host.servicesUp)
    return { cause: 'services stopped', waitsFor: 'the services to start' };
  return { cause: causeOfHost(host) ?? 'host down', waitsFor: `${where} to be back up` };
}

/**
 * The outage of a group under way at `at` (at an instant where one ends and another starts, the
 * one that starts), and when it ends: `undefined` when the run ends with the group still down.
 */
function outageEnd(view: RunView, index: number, at: number): number | undefined {
  const group = view.run.groups[index];
  if (!group) return undefined;
  const outage =
    group.outages.find(([start]) => start === at) ??
    group.outages.find(([start, end]) => start <= at && at < end) ??
    group.outages.find(([, end]) => end === at);
  if (!outage) return undefined;
  const [, end] = outage;
  return stillDownAtEnd(view)[index] === true && end >= view.duration ? undefined : end;
}

const DOWN_AT_END = new WeakMap<RunView, readonly boolean[]>();

/** Per group: whether the run ended with its workloads still down (computed once per run). */
function stillDownAtEnd(view: RunView): readonly boolean[] {
  let found = DOWN_AT_END.get(view);
  if (!found) {
    const down = new Set(
      view.run.report.workloads.filter((w) => w.downAtEnd === true).map((w) => w.name),
    );
    found = view.run.groups.map((group) => group.members.some((name) => down.has(name)));
    DOWN_AT_END.set(view, found);
  }
  return found;
}

/**
 * Every host card's status line and, for every workload group down at the playhead, why and
 * when it is back, after trace entry `cursor` at virtual time `at`. Pure.
 */
export function cardStatusAt(
  view: RunView,
  cursor: number,
  at: number,
  known: {
    /** {@link hostsAt} at `cursor`, when the caller has it. */
    readonly hosts?: readonly HostState[];
    /** {@link groupsDownAt} at `cursor` and `at`. */
    readonly down?: readonly boolean[];
    /** {@link groupHostsAt} at `cursor`. */
    readonly where?: readonly string[];
    /**
     * Spoiler-free mode: nothing only the run's future tells (when a host or a workload is
     * back, how long a failover lasts, that a workload is never back).
     */
    readonly spoilerFree?: boolean;
  } = {},
): CardStatus {
  const spoilerFree = known.spoilerFree === true;
  const list = known.hosts ?? hostsAt(view, cursor);
  const byName = new Map(list.map((host) => [host.name, host]));
  const procedure = procedureNow(view, cursor);
  const hosts = new Map<string, HostStatus>();
  for (const host of list)
    hosts.set(host.name, hostStatus(view, host, list, cursor, at, procedure, spoilerFree));
  const down = known.down ?? groupsDownAt(view, cursor, at);
  const where = known.where ?? groupHostsAt(view, cursor);
  const groups = down.map((isDown, index): GroupStatus | undefined => {
    if (!isDown) return undefined;
    const { cause, waitsFor, assumption } = groupCause(
      view,
      index,
      byName,
      where[index] ?? '',
      cursor,
      at,
      procedure,
    );
    const assumed = assumption === undefined ? {} : { assumption };
    if (spoilerFree) return { cause, text: `down: ${cause}`, ...assumed };
    const backAt = outageEnd(view, index, at);
    return backAt === undefined
      ? { cause, waitsFor, text: `down: ${cause}, waits for ${waitsFor}`, ...assumed }
      : {
          cause,
          backAt,
          // From one clock reading to the other (both show whole seconds, cut down): a return
          // at 1:15:02 is 3m12s away while the clock reads 1:11:50, whatever part of a second.
          text: `down: ${cause}, back in ${span(Math.max(0, secondOf(backAt) - secondOf(at)))}`,
          ...assumed,
        };
  });
  return { hosts, groups };
}

/** The start of the second the clock shows at `ms` (see {@link clock}). Pure. */
function secondOf(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}

/** Whether two instants' statuses read the same on every card: a card re-renders only then. */
export function sameCardStatus(a: CardStatus, b: CardStatus): boolean {
  if (a === b) return true;
  if (a.hosts.size !== b.hosts.size || a.groups.length !== b.groups.length) return false;
  for (const [name, status] of a.hosts) {
    const other = b.hosts.get(name);
    if (
      other?.text !== status.text ||
      other.tone !== status.tone ||
      other.becomes !== status.becomes
    )
      return false;
  }
  return a.groups.every((group, index) => group?.text === b.groups[index]?.text);
}
