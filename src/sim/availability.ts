import type { SystemKind, WorkloadReport, WorkloadSpec } from './types';
import type { HostState, World } from './world';

/** One stretch of time a group of workloads was down: [start, end). */
export type Outage = readonly [number, number];

/** Workloads that share one placement go up and down together. */
export interface WorkloadGroup {
  readonly key: string;
  /** Workload names in this group (in scenario order). */
  readonly members: readonly string[];
  readonly outages: readonly Outage[];
}

interface GroupState {
  readonly key: string;
  readonly members: string[];
  up: boolean;
  since: number;
  downtime: number;
  outages: Outage[];
}

function groupKey(system: SystemKind, workload: WorkloadSpec): string {
  return system === 'ha-pair' ? `service:${workload.name}` : workload.placement;
}

/**
 * Whether a group of workloads is up, by the one rule the accounting and the debugger share: a
 * host's workloads run while it serves (and, on a single server, its services run); the
 * Primary's while some storage host leads and serves; an HA service while exactly one device is
 * active and serving and its sessions are not lost. Pure.
 * @returns undefined when the group names a host that is not there.
 */
export function groupUp(
  system: SystemKind,
  key: string,
  hosts: ReadonlyMap<string, HostState>,
  sessionsLost: (service: string) => boolean,
): boolean | undefined {
  const leading = (kind: HostState['kind']) => {
    let count = 0;
    for (const host of hosts.values())
      if (host.kind === kind && host.leading && host.serving) count++;
    return count;
  };
  if (system === 'ha-pair') {
    const service = key.slice('service:'.length);
    return leading('device') === 1 && !sessionsLost(service);
  }
  if (key === 'primary') return leading('storage') >= 1;
  const host = hosts.get(key);
  return host === undefined ? undefined : host.serving && host.servicesUp;
}

/**
 * Downtime accounting: tracks whether each group of workloads is up after every transition
 * and adds up its outages. A VPS on a processing host is down while that host is not serving; a
 * VPS on the Primary while no storage host serves as Primary (during a failover, say); an HA
 * service while no single active device serves it or its sessions are lost; a single server's
 * services from the moment they stop until they start again after a passed test.
 */
export class AvailabilityTracker {
  private readonly groups = new Map<string, GroupState>();
  private readonly byHost = new Map<string, GroupState[]>();

  constructor(
    private readonly system: SystemKind,
    private readonly workloads: readonly WorkloadSpec[],
    world: World,
  ) {
    for (const workload of workloads) {
      const key = groupKey(system, workload);
      let group = this.groups.get(key);
      if (!group) {
        group = { key, members: [], up: true, since: 0, downtime: 0, outages: [] };
        this.groups.set(key, group);
      }
      group.members.push(workload.name);
    }
    for (const group of this.groups.values()) {
      group.up = this.isUp(group.key, world);
      const host = world.hosts.get(group.key);
      if (host) this.byHost.set(host.name, [...(this.byHost.get(host.name) ?? []), group]);
    }
  }

  /** An independent copy, to carry on from where this one stands. */
  clone(): AvailabilityTracker {
    const copy = Object.create(AvailabilityTracker.prototype) as AvailabilityTracker;
    const groups = new Map<string, GroupState>();
    for (const [key, group] of this.groups)
      groups.set(key, { ...group, outages: group.outages.slice() });
    const byHost = new Map<string, GroupState[]>();
    for (const [host, list] of this.byHost)
      byHost.set(
        host,
        list.map((group) => groups.get(group.key) as GroupState),
      );
    Object.assign(copy, { system: this.system, workloads: this.workloads, groups, byHost });
    return copy;
  }

  private isUp(key: string, world: World): boolean {
    const lost = world.procedure.interrupted;
    return groupUp(this.system, key, world.hosts, (service) => lost.includes(service)) ?? false;
  }

  private refresh(group: GroupState, world: World, at: number): void {
    const up = this.isUp(group.key, world);
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

  /** Re-evaluates the groups a transition can affect. */
  update(world: World, host: HostState | undefined, at: number): void {
    if (this.system !== 'serverware' || host === undefined) {
      for (const group of this.groups.values()) this.refresh(group, world, at);
      return;
    }
    for (const group of this.byHost.get(host.name) ?? []) this.refresh(group, world, at);
    if (host.kind === 'storage') {
      const primary = this.groups.get('primary');
      if (primary) this.refresh(primary, world, at);
    }
  }

  /** Closes open outages at the end of the run and lists the groups. */
  finish(at: number): WorkloadGroup[] {
    const result: WorkloadGroup[] = [];
    for (const group of this.groups.values()) {
      if (!group.up) {
        group.downtime += at - group.since;
        group.outages.push([group.since, at]);
        group.up = true;
      }
      result.push({ key: group.key, members: group.members, outages: group.outages });
    }
    return result;
  }

  /** Per-workload downtime, in scenario order. */
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
            : workload.placement;
      return {
        name: workload.name,
        kind: workload.kind,
        host,
        downtime: group.downtime,
        outages: group.outages.length,
      };
    });
  }
}
