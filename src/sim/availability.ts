import type { Policy, SystemKind, WorkloadReport, WorkloadSpec } from './types';
import type { HostState, Placement, World } from './world';

/** One stretch of time a group of workloads was down: [start, end). */
export type Outage = readonly [number, number];

/** A group of VPSs the controller started on another processing host, at one transition. */
export interface GroupMove {
  /** The trace entry after which the group runs on `host`. */
  readonly seq: number;
  readonly at: number;
  /** The processing host that runs the group from then on; `''` while none can take it. */
  readonly host: string;
}

/** Workloads that share one placement go up and down (and move) together. */
export interface WorkloadGroup {
  readonly key: string;
  /** Workload names in this group (in scenario order). */
  readonly members: readonly string[];
  readonly outages: readonly Outage[];
  /** Where the group was moved, in order (VPSs of a processing host that went down). */
  readonly moves: readonly GroupMove[];
}

interface GroupState {
  readonly key: string;
  readonly members: string[];
  up: boolean;
  since: number;
  downtime: number;
  outages: Outage[];
  moves: GroupMove[];
  /** Still down when the run ended (its last outage closed by the end). */
  downAtEnd?: boolean;
}

/** What decides whether a group of workloads is up at one instant. */
export interface Availability {
  readonly hosts: ReadonlyMap<string, HostState>;
  /** Where each group of VPSs placed on a processing host runs now. */
  readonly placement: Placement;
  /** SERVERware: every VPS stopped by the procedure (`stop-vps` … `start-vps`). */
  readonly vpsStopped: boolean;
  /** SERVERware Cluster: the processing hosts' VPS volumes are served (see {@link volumesServed}). */
  readonly volumesServed: boolean;
  /** HA pair: whether a service's sessions are lost. */
  sessionsLost(service: string): boolean;
}

function groupKey(system: SystemKind, workload: WorkloadSpec): string {
  return system === 'ha-pair' ? `service:${workload.name}` : workload.placement;
}

/** The host a group runs on now: where it was moved, else where it was placed. Pure. */
function hostOfGroup(key: string, placement: Placement): string {
  return placement.get(key) ?? key;
}

/**
 * Whether the storage pair serves the VPS volumes of a Cluster's processing hosts: a storage host
 * serves as Primary, or the pair is in a planned failover between two running hosts — the
 * document: the VPSs on processing hosts "are not affected by it". Rehearse assumes they are down
 * otherwise (the Primary down and the Secondary not taking over, or still taking over, or
 * finishing a failover the crashed Primary began), since Bicom documents their volumes as the
 * storage host's; `policy.vps-disks: local` turns that off. Pure.
 */
export function volumesServed(
  hosts: ReadonlyMap<string, HostState>,
  disks: Policy['vpsDisks'],
): boolean {
  if (disks === 'local') return true;
  let storage = false;
  let handing = 0;
  let running = 0;
  for (const host of hosts.values()) {
    if (host.kind !== 'storage') continue;
    storage = true;
    if (host.serving && host.leading) return true;
    if (host.handingOver) {
      handing++;
      if (host.serving) running++;
    }
  }
  return !storage || (handing > 0 && running === handing);
}

/**
 * Whether a group of workloads is up, by the one rule the accounting and the debugger share: a
 * host's workloads run while the host that runs them now serves (and, on a single server, its
 * services run) and, on a Cluster, while their volumes are served; the Primary's while some
 * storage host leads and serves; SERVERware VPSs not while the procedure has them stopped; an HA
 * service while exactly one device is active and serving and its sessions are not lost. Pure.
 * @returns undefined when the group names a host that is not there.
 */
export function groupUp(system: SystemKind, key: string, now: Availability): boolean | undefined {
  const { hosts } = now;
  const leading = (kind: HostState['kind']) => {
    let count = 0;
    for (const host of hosts.values())
      if (host.kind === kind && host.leading && host.serving) count++;
    return count;
  };
  if (system === 'ha-pair') {
    const service = key.slice('service:'.length);
    return leading('device') === 1 && !now.sessionsLost(service);
  }
  if (system === 'serverware' && now.vpsStopped) return false;
  if (key === 'primary') return leading('storage') >= 1;
  const where = hostOfGroup(key, now.placement);
  if (where === '') return false;
  const host = hosts.get(where);
  if (host === undefined) return undefined;
  return host.serving && host.servicesUp && (host.kind !== 'processing' || now.volumesServed);
}

/**
 * Downtime accounting: tracks whether each group of workloads is up after every transition
 * and adds up its outages. A VPS on a processing host is down while the host that runs it is not
 * serving (a crashed host's VPSs run on the processing host the controller started them on) or
 * the storage pair does not serve its volumes (see {@link volumesServed}); a
 * VPS on the Primary while no storage host serves as Primary (during a failover, say); every VPS
 * while the procedure has them stopped; an HA service while no single active device serves it or
 * its sessions are lost; a single server's services from the moment they stop until they start
 * again after a passed test.
 */
export class AvailabilityTracker {
  private readonly groups = new Map<string, GroupState>();
  /** The groups each host runs now, for the placement they were indexed with. */
  private byHost = new Map<string, GroupState[]>();
  private indexed: Placement;
  /** The inputs of a pair's or a single server's groups at the last update (see `inputsOf`). */
  private inputs: readonly unknown[] = [];
  /** The lost sessions as a set, for the list the procedure holds now. */
  private lostSets = new WeakMap<readonly string[], ReadonlySet<string>>();
  /** Whether the processing hosts' VPS volumes were served at the last update. */
  private served = true;

  constructor(
    private readonly system: SystemKind,
    private readonly workloads: readonly WorkloadSpec[],
    world: World,
    private readonly disks: Policy['vpsDisks'] = 'storage',
  ) {
    for (const workload of workloads) {
      const key = groupKey(system, workload);
      let group = this.groups.get(key);
      if (!group) {
        group = { key, members: [], up: true, since: 0, downtime: 0, outages: [], moves: [] };
        this.groups.set(key, group);
      }
      group.members.push(workload.name);
    }
    const now = this.now(world);
    this.served = now.volumesServed;
    for (const group of this.groups.values())
      group.up = groupUp(this.system, group.key, now) ?? false;
    this.indexed = world.placement;
    this.index(world);
  }

  private index(world: World): void {
    this.byHost = new Map();
    for (const group of this.groups.values()) {
      const host = world.hosts.get(hostOfGroup(group.key, world.placement));
      if (host) this.byHost.set(host.name, [...(this.byHost.get(host.name) ?? []), group]);
    }
    this.indexed = world.placement;
  }

  /** An independent copy, to carry on from where this one stands. */
  clone(): AvailabilityTracker {
    const copy = Object.create(AvailabilityTracker.prototype) as AvailabilityTracker;
    const groups = new Map<string, GroupState>();
    for (const [key, group] of this.groups)
      groups.set(key, { ...group, outages: group.outages.slice(), moves: group.moves.slice() });
    const byHost = new Map<string, GroupState[]>();
    for (const [host, list] of this.byHost)
      byHost.set(
        host,
        list.map((group) => groups.get(group.key) as GroupState),
      );
    Object.assign(copy, {
      system: this.system,
      workloads: this.workloads,
      groups,
      byHost,
      indexed: this.indexed,
      inputs: this.inputs,
      lostSets: this.lostSets,
      served: this.served,
      disks: this.disks,
    });
    return copy;
  }

  /**
   * What `groupUp` reads of the world, built once per update: every group shares it. Whether the
   * VPS volumes are served is worked out again only when `storage` says a storage host moved.
   */
  private now(world: World, storage = true): Availability {
    const lost = world.procedure.interrupted;
    let lostSet: ReadonlySet<string> | undefined = this.lostSets.get(lost);
    if (!lostSet) {
      lostSet = new Set(lost);
      this.lostSets = new WeakMap([[lost, lostSet]]);
    }
    const set = lostSet;
    return {
      hosts: world.hosts,
      placement: world.placement,
      vpsStopped: world.procedure.vpsStopped,
      volumesServed: storage
        ? this.system === 'serverware' && volumesServed(world.hosts, this.disks)
        : this.served,
      sessionsLost: (service) => set.has(service),
    };
  }

  /**
   * Everything `groupUp` reads of a pair or a single server besides placement, as a list to
   * compare: such a system has one or two hosts, and most of its transitions change none of it.
   */
  private inputsOf(world: World): readonly unknown[] {
    const inputs: unknown[] = [world.procedure.vpsStopped, world.procedure.interrupted];
    for (const host of world.hosts.values())
      inputs.push(host.name, host.kind, host.leading, host.serving, host.servicesUp);
    return inputs;
  }

  private refresh(group: GroupState, now: Availability, at: number): void {
    const up = groupUp(this.system, group.key, now) ?? false;
    if (up === group.up) return;
    const last = group.outages[group.outages.length - 1];
    if (!up && last && last[1] === at) {
      // Back up and down again at the same instant: one continuous outage, not two.
      group.outages.pop();
      group.downtime -= last[1] - last[0];
      group.since = last[0];
    } else if (!up) {
      group.since = at;
    } else if (at > group.since) {
      group.downtime += at - group.since;
      group.outages.push([group.since, at]);
    }
    group.up = up;
  }

  /** Re-evaluates the groups a transition (trace entry `seq`) can affect. */
  update(world: World, host: HostState | undefined, at: number, seq: number): void {
    const now = this.now(world, host?.kind === 'storage');
    const before = this.inputs;
    if (this.system !== 'serverware') this.inputs = this.inputsOf(world);
    // The processing hosts' VPS volumes came or went (with a storage host): every group.
    const volumes = now.volumesServed !== this.served;
    this.served = now.volumesServed;
    if (world.placement !== this.indexed) {
      // Groups moved: note where, and look at every group again.
      for (const group of this.groups.values()) {
        const where = world.placement.get(group.key);
        if (where !== undefined && where !== this.indexed.get(group.key))
          group.moves.push({ seq, at, host: where });
      }
      this.index(world);
      for (const group of this.groups.values()) this.refresh(group, now, at);
      return;
    }
    if (this.system !== 'serverware') {
      // Every group of a pair or a single server reads the same few facts: when none changed,
      // no group can have, and a long plan does not pay for its services at every transition.
      const inputs = this.inputs;
      if (inputs.length === before.length && inputs.every((value, i) => value === before[i]))
        return;
    }
    if (this.system !== 'serverware' || host === undefined || volumes) {
      for (const group of this.groups.values()) this.refresh(group, now, at);
      return;
    }
    for (const group of this.byHost.get(host.name) ?? []) this.refresh(group, now, at);
    if (host.kind === 'storage') {
      const primary = this.groups.get('primary');
      if (primary) this.refresh(primary, now, at);
    }
  }

  /**
   * The total downtime of every workload had the run ended at `at` (open outages closed then),
   * as the report's `downtime.total` would count it. Changes nothing.
   */
  downtimeAt(at: number): number {
    let total = 0;
    for (const workload of this.workloads) {
      const group = this.groups.get(groupKey(this.system, workload)) as GroupState;
      total += group.downtime + (group.up ? 0 : at - group.since);
    }
    return total;
  }

  /** Closes open outages at the end of the run and lists the groups. */
  finish(at: number): WorkloadGroup[] {
    const result: WorkloadGroup[] = [];
    for (const group of this.groups.values()) {
      if (!group.up) {
        group.downtime += at - group.since;
        group.outages.push([group.since, at]);
        group.up = true;
        group.downAtEnd = true;
      }
      result.push({
        key: group.key,
        members: group.members,
        outages: group.outages,
        moves: group.moves,
      });
    }
    return result;
  }

  /** Per-workload downtime, in scenario order, each on the host that runs it at the end. */
  report(world: World): WorkloadReport[] {
    const primary = [...world.hosts.values()].find(
      (host) => host.kind === 'storage' && host.leading,
    );
    const active = [...world.hosts.values()].find((host) => host.kind === 'device' && host.leading);
    return this.workloads.map((workload) => {
      const group = this.groups.get(groupKey(this.system, workload)) as GroupState;
      const host =
        workload.placement === 'primary'
          ? (primary?.name ?? 'primary')
          : workload.placement === 'active'
            ? (active?.name ?? 'active')
            : // A group waiting for a processing host is still on the one it was last on.
              (lastHost(group) ?? workload.placement);
      return {
        name: workload.name,
        kind: workload.kind,
        host,
        placed: workload.placement,
        downtime: group.downtime,
        outages: group.outages.length,
        // Its downtime goes on past the report's end.
        ...(group.downAtEnd === true ? { downAtEnd: true as const } : {}),
      };
    });
  }
}

/** The last processing host a group ran on after its moves, if it moved. Pure. */
function lastHost(group: GroupState): string | undefined {
  for (let index = group.moves.length - 1; index >= 0; index--) {
    const host = group.moves[index]?.host;
    if (host) return host;
  }
  return undefined;
}
