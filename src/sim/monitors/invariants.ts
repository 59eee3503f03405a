import { compareVersions } from '../versions';
import { formatDuration } from '../scenario';
import type { Action, InvariantId, SystemKind } from '../types';
import type { HostState, Observation, World } from '../world';

/** A monitor's answer for one transition: its new memory, and a message if the invariant broke. */
export interface Verdict<S> {
  readonly state: S;
  readonly message?: string;
}

/**
 * An invariant monitor: a pure reducer over the run's transitions. `check` sees every
 * transition; `finish` sees the end of the run. Monitors judge states, not blame: the runner
 * charges each violation to the procedure or to a fault from the transition it was found on, and
 * what `finish` finds to the procedure.
 */
export interface Monitor<S> {
  readonly id: InvariantId;
  /** What the invariant promises, in one sentence a trainer can read aloud. */
  readonly title: string;
  readonly systems: readonly SystemKind[];
  /**
   * The documented procedure's steps that keep the invariant (a backup, the sync check), when
   * a few steps do; absent when it is kept by doing each step on the right host at the right time.
   */
  readonly keptBy?: readonly Action[];
  init(world: World): S;
  check(state: S, obs: Observation): Verdict<S>;
  finish?(state: S, world: World): string | undefined;
}

const ALL: readonly SystemKind[] = ['serverware', 'ha-pair', 'standalone'];
const PAIRS: readonly SystemKind[] = ['serverware', 'ha-pair'];

/** Lifecycle states that change a host: what maintenance means. */
const CHANGING = new Set([
  'installing',
  'rebooting',
  'rollingBack',
  'rollingBackOffline',
  'reinstallingOffline',
  'restoring',
]);

/** How a pair hands its traffic to the other member: SERVERware fails over, an HA pair switches over. */
function handOver(host: HostState): { readonly peer: string; readonly move: string } {
  return host.kind === 'storage'
    ? { peer: 'Secondary', move: 'fail over' }
    : { peer: 'standby', move: 'switch over' };
}

function roleName(host: HostState): string {
  switch (host.role) {
    case 'primary':
      return 'Primary';
    case 'secondary':
      return 'Secondary';
    case 'active':
      return 'active device';
    case 'standby':
      return 'standby device';
    default:
      return host.role;
  }
}

const LIFECYCLE_WORDS: Readonly<Record<string, string>> = {
  online: 'online',
  installing: 'installing',
  installed: 'installed and waiting for its restart',
  rebooting: 'restarting',
  booted: 'restarted but not yet verified',
  verifying: 'being verified',
  rollingBack: 'rolling back',
  rollingBackOffline: 'down and rolling back',
  reinstallingOffline: 'down and reinstalling',
  installedOffline: 'down, waiting for its restart',
  restoring: 'restoring its backup',
  failed: 'failed',
  bootFailed: 'down after failing to boot',
  down: 'down',
  consoleRecovery: 'down in console recovery',
};

/** A lifecycle state in words a trainer can read aloud. Pure. */
function lifecycleWords(lifecycle: string): string {
  return LIFECYCLE_WORDS[lifecycle] ?? lifecycle;
}

/** `storage-1 (Primary)` for pair members, the plain name for other hosts. Pure. */
function named(host: HostState): string {
  return host.kind === 'storage' || host.kind === 'device'
    ? `${host.name} (${roleName(host)})`
    : host.name;
}

/**
 * "At 1h35m, during step 14 (install on storage-1)"; `previous` names the step just ended. The
 * hands-on panel reads "during step N (" and "at the end of step N (" back to say the trainee's
 * own step numbers (`inYourSteps` in src/ui/drill/handsOnLogic.ts).
 */
function when(obs: Observation, which: 'current' | 'previous' = 'current'): string {
  const { step, stepNumber, previous } = obs.world.procedure;
  const time = `At ${formatDuration(obs.entry.at)}`;
  const shown = which === 'previous' && previous ? previous : step;
  const number = which === 'previous' && previous ? stepNumber - 1 : stepNumber;
  if (!shown) return time;
  const during = which === 'previous' && previous ? 'at the end of step' : 'during step';
  return `${time}, ${during} ${number} (${shown.action}${shown.host ? ` on ${shown.host}` : ''})`;
}

/** The host entered a lifecycle state in `states` with this transition. */
function entered(obs: Observation, states: ReadonlySet<string>): HostState | undefined {
  const { before, after } = obs;
  if (!after || !states.has(after.lifecycle)) return undefined;
  if (before && before.lifecycle === after.lifecycle) return undefined;
  return after;
}

/** The host took the leading role (Primary / active) with this transition. */
function tookLead(obs: Observation): HostState | undefined {
  const { before, after } = obs;
  if (!after?.leading || before?.leading) return undefined;
  return after;
}

function pairMembers(world: World): HostState[] {
  const members: HostState[] = [];
  for (const host of world.hosts.values()) {
    if (host.kind === 'storage' || host.kind === 'device') members.push(host);
  }
  return members;
}

/** A stateless monitor: one check per transition. */
function stateless(
  id: InvariantId,
  title: string,
  systems: readonly SystemKind[],
  check: (obs: Observation) => string | undefined,
): Monitor<null> {
  return {
    id,
    title,
    systems,
    init: () => null,
    check: (state, obs) => {
      const message = check(obs);
      return message === undefined ? { state } : { state, message };
    },
  };
}

/** Returned by an episodic condition when this transition cannot change whether it holds. */
const OUT_UNCHANGED = Symbol('unchanged');

/**
 * The state of an episodic monitor: inside an episode (`true`), outside (`false`), or outside
 * since an episode ended at this virtual time (a number, kept only within that instant).
 */
type Episode = boolean | number;

/**
 * A monitor of a condition that can hold for a while: reports once when it starts holding. A
 * condition that stops and starts again at the same instant is one episode: no time passed in
 * between (a Secondary back from a crash is checked again the moment the Primary crashes, say;
 * the crash began it, not the check).
 */
function episodic(
  id: InvariantId,
  title: string,
  systems: readonly SystemKind[],
  bad: (obs: Observation) => string | undefined | typeof OUT_UNCHANGED,
): Monitor<Episode> {
  return {
    id,
    title,
    systems,
    init: () => false,
    check: (state, obs) => {
      const at = obs.entry.at;
      const outside = typeof state === 'number' && state !== at ? false : state;
      const message = bad(obs);
      if (message === OUT_UNCHANGED) return { state: outside };
      if (message === undefined) return { state: outside === true ? at : outside };
      if (outside === true || outside === at) return { state: true };
      return { state: true, message };
    },
  };
}

/** A monitor that checks a condition at the first change to any host. */
function atFirstChange(
  id: InvariantId,
  title: string,
  systems: readonly SystemKind[],
  missing: (obs: Observation, host: HostState) => string | undefined,
): Monitor<boolean> {
  return {
    id,
    title,
    systems,
    init: () => false,
    check: (changed, obs) => {
      if (changed) return { state: true };
      const host = entered(obs, CHANGING);
      if (!host) return { state: false };
      const message = missing(obs, host);
      return message === undefined ? { state: true } : { state: true, message };
    },
  };
}

const ranks = new WeakMap<readonly string[], Map<string, number>>();

/** Position of a version on the path; one off the path sits between its neighbours. Pure. */
function versionRank(world: World, version: string): number {
  let known = ranks.get(world.versions);
  if (!known) ranks.set(world.versions, (known = new Map<string, number>()));
  let rank = known.get(version);
  if (rank === undefined) {
    const index = world.versions.indexOf(version);
    if (index >= 0) {
      rank = index;
    } else {
      let below = 0;
      for (const v of world.versions) if (compareVersions(v, version) < 0) below++;
      rank = below - 0.5;
    }
    known.set(version, rank);
  }
  return rank;
}

/** Lifecycle states that take a host back to an earlier version: a rollback or a restore. */
const GOING_BACK = new Set(['rollingBack', 'rollingBackOffline', 'restoring']);
const INSTALLING = new Set(['installing']);

/** The host started installing a version older than the one it runs: a rollback in disguise. */
function downgrading(obs: Observation): HostState | undefined {
  const host = entered(obs, INSTALLING);
  if (host?.staged === undefined) return undefined;
  return compareVersions(host.staged, host.version) < 0 ? host : undefined;
}

const rollbackOnlyOnStandby = stateless(
  'rollback-only-on-standby',
  'A rollback — a rollback step, or an install of a version older than the one the host runs — never touches the device or host that carries traffic at that moment.',
  PAIRS,
  (obs) => {
    const host = entered(obs, GOING_BACK) ?? downgrading(obs);
    if (!host?.leading) return undefined;
    const what =
      host.lifecycle === 'installing'
        ? `rolled back (${host.version} replaced by the older ${host.staged ?? ''})`
        : 'rolled back';
    const { peer, move } = handOver(host);
    return `${when(obs)}, ${host.name} was ${what} while it was the ${roleName(host)}: roll back the ${peer} first, ${move}, then roll back the other.`;
  },
);

const noMaintenanceOnActive = stateless(
  'no-maintenance-on-active',
  'Upgrade, restart and rollback never hit the active device or the Primary; switch over (SERVERware: fail over) first.',
  PAIRS,
  (obs) => {
    const host = entered(obs, CHANGING);
    if (!host?.leading) return undefined;
    const what =
      host.lifecycle === 'installing'
        ? host.staged !== undefined && compareVersions(host.staged, host.version) < 0
          ? 'downgraded'
          : 'upgraded'
        : host.lifecycle === 'rebooting'
          ? 'restarted'
          : 'rolled back';
    const { peer, move } = handOver(host);
    return `${when(obs)}, ${host.name} was ${what} while it was the ${roleName(host)}: maintenance must only touch the ${peer} — ${move} first.`;
  },
);

const oneMemberDownEpisode = episodic(
  'one-member-down-at-a-time',
  'Never take both members of a redundant pair out of service at once.',
  PAIRS,
  (obs) => {
    // Only a pair member's own transition can start or end the condition.
    if (obs.after && obs.after.kind !== 'storage' && obs.after.kind !== 'device')
      return OUT_UNCHANGED;
    const members = pairMembers(obs.world);
    if (members.length < 2) return undefined;
    // A member mid-upgrade (installed, restarted but not verified…) is no redundant member.
    const out = members.filter((host) => !host.ready);
    if (out.length < members.length) return undefined;
    const states = out
      .map((host) => `${named(host)} is ${lifecycleWords(host.lifecycle)}`)
      .join(' and ');
    return `${when(obs)}, both members of the pair were out of service: ${states}.`;
  },
);

/**
 * Both members out at once is one violation for as long as it lasts; but a member newly taken
 * into maintenance while its peer is out (restarted, say, while the Primary is down) is a new
 * one: a crash may have started the condition, and the step that deepens it is its own mistake.
 */
const oneMemberDown: Monitor<Episode> = {
  ...oneMemberDownEpisode,
  check: (inside, obs) => {
    const verdict = oneMemberDownEpisode.check(inside, obs);
    if (inside === false || verdict.state !== true || verdict.message !== undefined) return verdict;
    const host = entered(obs, CHANGING);
    if (!host || (host.kind !== 'storage' && host.kind !== 'device')) return verdict;
    const peers = pairMembers(obs.world).filter((member) => member.name !== host.name);
    const states = peers
      .map((peer) => `${named(peer)} is ${lifecycleWords(peer.lifecycle)}`)
      .join(' and ');
    return {
      state: true,
      message: `${when(obs)}, ${named(host)} was ${lifecycleWords(host.lifecycle)} while its peer was out of service (${states}): wait for the peer before touching the other member.`,
    };
  },
};

const backupBeforeChange: Monitor<boolean> = {
  ...atFirstChange(
    'backup-before-change',
    "Every unit's configuration and data are backed up before the first change to any unit.",
    ['ha-pair', 'standalone'],
    (obs, host) => {
      const missing = obs.world.order.filter(
        (name) => !obs.world.procedure.backedUp.includes(name),
      );
      if (missing.length === 0) return undefined;
      return `${when(obs)}, ${named(host)} was changed before ${missing.join(' and ')} ${missing.length === 1 ? 'was' : 'were'} backed up: never upgrade without a backup.`;
    },
  ),
  keptBy: ['backup'],
};

const consistentBeforeChange: Monitor<boolean> = {
  id: 'consistent-before-change',
  title:
    'The sync report is OK (or the prerequisites checked) before the first change, and on SERVERware the storage pool is ONLINE before any storage step.',
  systems: ALL,
  keptBy: ['check-sync', 'precheck'],
  init: () => false,
  check: (changed, obs) => {
    const host = entered(obs, CHANGING);
    if (!host) return { state: changed };
    const { procedure, system } = obs.world;
    if (system === 'serverware' && host.kind === 'storage') {
      const degraded = pairMembers(obs.world).filter((member) => !member.poolOnline);
      if (degraded.length > 0) {
        return {
          state: true,
          message: `${when(obs)}, storage host ${named(host)} was ${lifecycleWords(host.lifecycle)} while the pool on ${degraded.map((h) => h.name).join(' and ')} was not ONLINE: wait until the pool is ONLINE with no errors.`,
        };
      }
    }
    if (changed) return { state: true };
    if (system === 'ha-pair' && !procedure.syncVerified) {
      return {
        state: true,
        message: `${when(obs)}, ${named(host)} was changed before the synchronization report was checked and found OK.`,
      };
    }
    if (system !== 'ha-pair' && !procedure.precheckPassed) {
      return {
        state: true,
        message: `${when(obs)}, ${host.name} was changed before the prerequisites were checked.`,
      };
    }
    return { state: true };
  },
};

interface PreemptionMemory {
  readonly original: boolean;
  /** Hosts already reported, so each is named once. */
  readonly reported: readonly string[];
}

const preemptionOff: Monitor<PreemptionMemory> = {
  id: 'preemption-off-during-upgrade',
  title:
    'Preemption is off on both devices while any device is upgraded, and restored to its old setting at the end.',
  systems: ['ha-pair'],
  keptBy: ['preemption-off', 'preemption-restore'],
  init: (world) => ({
    original: [...world.hosts.values()].some((host) => host.preemption),
    reported: [],
  }),
  check: (memory, obs) => {
    const host = entered(obs, CHANGING);
    if (!host || memory.reported.includes(host.name)) return { state: memory };
    const on = pairMembers(obs.world).filter((member) => member.preemption);
    if (on.length === 0) return { state: memory };
    return {
      state: { ...memory, reported: [...memory.reported, host.name] },
      message: `${when(obs)}, ${named(host)} was ${lifecycleWords(host.lifecycle)} while preemption was still enabled on ${on.map((h) => h.name).join(' and ')}: a restarted preferred device would grab the active role on its own.`,
    };
  },
  finish: (memory, world) => {
    const members = pairMembers(world);
    const now = members.some((host) => host.preemption);
    if (now === memory.original) return undefined;
    const devices = members.map((host) => host.name).join(' and ');
    return memory.original
      ? `When the procedure ended, preemption was still disabled on ${devices}: it was enabled before the upgrade and must be enabled again.`
      : `When the procedure ended, preemption was enabled on ${devices} although it was disabled before the upgrade.`;
  },
};

const failoverToReadyPeer = stateless(
  'failover-to-ready-peer',
  'A switchover or failover only goes to a peer that is up, synchronized and not mid-upgrade.',
  PAIRS,
  (obs) => {
    const host = tookLead(obs);
    if (!host || host.ready) return undefined;
    // An aborted failover hands nothing over: the Primary keeps its role, up or down (one that
    // is down is then a lost Primary, which a ready Secondary takes over).
    if (obs.entry.event === 'failover.abort') return undefined;
    // Activated while its peer is still active is a split brain, not a takeover: the procedure
    // demotes one first. (A preempting device grabs the role on its own, not through role.activate.)
    const peers = pairMembers(obs.world).filter(
      (member) => member.kind === host.kind && member.name !== host.name,
    );
    if (obs.entry.event === 'role.activate' && peers.some((peer) => peer.leading)) return undefined;
    const previous = obs.world.procedure.previous?.action;
    const planned =
      obs.entry.event === 'failover.complete' ||
      (obs.entry.event === 'role.activate' && previous === 'switchover');
    return `${when(obs, planned ? 'previous' : 'current')}, ${host.name} became the ${roleName(host)} while it was ${lifecycleWords(host.lifecycle)}, so not ready to take over.`;
  },
);

const noHopSkipped = stateless(
  'no-hop-skipped',
  'Every host goes through each version of the documented path in turn, one hop at a time, upgrading and going back alike: a way back (a rollback, an install of an older version) returns only to the version before it on the path; a restore returns to the version its backup holds.',
  ALL,
  (obs) => {
    const host = entered(obs, INSTALLING) ?? entered(obs, GOING_BACK);
    if (host?.staged === undefined) return undefined;
    const from = versionRank(obs.world, host.version);
    const to = versionRank(obs.world, host.staged);
    if (compareVersions(host.staged, host.version) >= 0) {
      // Upgrading: a version off the path between two of its versions is tolerated.
      if (to - from <= 1) return undefined;
      const skipped = obs.world.versions.filter((_, index) => index > from && index < to);
      const which =
        skipped.length > 0 ? `, skipping ${skipped.join(' and ')}` : ', off the documented path';
      return `${when(obs)}, ${named(host)} was upgraded from ${host.version} straight to ${host.staged}${which}.`;
    }
    // Going back: only to a version of the path, and to the one just before — but a restore
    // puts back a backup as it was taken, whatever version it holds: nothing is skipped.
    const onPath = obs.world.versions.includes(host.staged);
    if (onPath && (from - to <= 1 || host.lifecycle === 'restoring')) return undefined;
    const skipped = obs.world.versions.filter((_, index) => index > to && index < from);
    const which = [
      skipped.length > 0 ? `skipping ${skipped.join(' and ')}` : '',
      onPath ? '' : 'off the documented path',
    ]
      .filter(Boolean)
      .join(', ');
    const how = host.lifecycle === 'installing' ? 'downgraded' : 'rolled back';
    return `${when(obs)}, ${named(host)} was ${how} from ${host.version} straight to ${host.staged}, ${which}.`;
  },
);

const versionSkew = episodic(
  'version-skew-within-one-hop',
  'Hosts are never more than one hop apart, and each hop completes on every host before the next starts.',
  PAIRS,
  (obs) => {
    if (!obs.after) return OUT_UNCHANGED;
    // The two hosts furthest ahead (counting a version staged) and the two furthest behind:
    // skew is between two different hosts; a skip on one host is no-hop-skipped's.
    let ahead1: [HostState, number] | undefined;
    let ahead2: [HostState, number] | undefined;
    let behind1: [HostState, number] | undefined;
    let behind2: [HostState, number] | undefined;
    for (const host of obs.world.hosts.values()) {
      const rank = versionRank(obs.world, host.version);
      const target =
        host.staged === undefined ? rank : Math.max(rank, versionRank(obs.world, host.staged));
      if (!ahead1 || target > ahead1[1]) [ahead2, ahead1] = [ahead1, [host, target]];
      else if (!ahead2 || target > ahead2[1]) ahead2 = [host, target];
      if (!behind1 || rank < behind1[1]) [behind2, behind1] = [behind1, [host, rank]];
      else if (!behind2 || rank < behind2[1]) behind2 = [host, rank];
    }
    if (!ahead1 || !behind1) return undefined;
    let pair: [HostState, HostState] | undefined;
    if (ahead1[0] !== behind1[0]) {
      if (ahead1[1] - behind1[1] > 1) pair = [ahead1[0], behind1[0]];
    } else {
      const a = ahead2 && ahead2[1] - behind1[1] > 1 ? ahead2[1] - behind1[1] : -1;
      const b = behind2 && ahead1[1] - behind2[1] > 1 ? ahead1[1] - behind2[1] : -1;
      if (a > 1 && a >= b && ahead2) pair = [ahead2[0], behind1[0]];
      else if (b > 1 && behind2) pair = [ahead1[0], behind2[0]];
    }
    if (!pair) return undefined;
    const [ahead, behind] = pair;
    return `${when(obs)}, ${named(ahead)} moved to ${ahead.staged ?? ahead.version} while ${named(behind)} was still on ${behind.version}: more than one hop apart.`;
  },
);

const settles: Monitor<null> = {
  id: 'settles',
  title: 'The procedure ends — completed, rolled back or aborted — within a bounded time.',
  systems: ALL,
  init: () => null,
  check: (state) => ({ state }),
  finish: (_, world) => {
    const { final, state, reason } = world.procedure;
    if (final && state !== 'stuck') return undefined;
    const how = state === 'stuck' ? 'it is stuck' : `it stopped in ${state}`;
    return `The procedure did not settle: ${how}${reason ? ` — ${reason}` : ''}.`;
  },
};

/** Hides a monitor's memory type so monitors of different memories share one list. */
function erase<S>(monitor: Monitor<S>): Monitor<unknown> {
  return monitor;
}

/** Every invariant monitor, in the order reports list them. */
export const MONITORS: readonly Monitor<unknown>[] = [
  erase(rollbackOnlyOnStandby),
  erase(noMaintenanceOnActive),
  erase(oneMemberDown),
  erase(backupBeforeChange),
  erase(consistentBeforeChange),
  erase(preemptionOff),
  erase(failoverToReadyPeer),
  erase(noHopSkipped),
  erase(versionSkew),
  erase(settles),
];

/** The monitors that apply to a system. Pure. */
export function monitorsFor(system: SystemKind): readonly Monitor<unknown>[] {
  return MONITORS.filter((monitor) => monitor.systems.includes(system));
}

/**
 * An invariant as a person reads it, everywhere one is named for a person (the debugger's panels,
 * announcements and markers, a counterexample's scenario name): `preemption-off-during-upgrade` →
 * `preemption off during upgrade`. The id itself stays where a file or a developer needs it (a
 * scenario's `expect.violations`, exported JSON and YAML, `data-` attributes). Pure.
 */
export function invariantWords(id: string): string {
  return id.replace(/-/g, ' ');
}
