import type { WorkloadReport } from '../sim';
import { thousands, workloadNoun } from './text';

/** Workloads with identical figures, shown as one line. */
interface WorkloadGroupLine {
  readonly members: readonly string[];
  readonly kind: WorkloadReport['kind'];
  readonly host: string;
  readonly downtime: number;
  readonly outages: number;
}

/** What a long list keeps back: the workloads beyond the lines shown. */
interface WorkloadRest {
  readonly workloads: number;
  readonly lines: number;
  readonly minDowntime: number;
  readonly maxDowntime: number;
}

/** Lines beyond which a list of workloads is grouped, then cut. */
const MAX_LINES = 12;
/** Lines kept (the longest downtime first) when even the groups are too many. */
const TOP = 10;

/**
 * Groups workloads that share a host (or placement), a downtime and a number of outages, in the
 * order they first appear. Pure.
 */
export function groupWorkloads(
  workloads: readonly WorkloadReport[],
  hostOf: (workload: WorkloadReport) => string = (workload) => workload.host,
): WorkloadGroupLine[] {
  const groups = new Map<string, { members: string[]; line: Omit<WorkloadGroupLine, 'members'> }>();
  for (const workload of workloads) {
    const host = hostOf(workload);
    const key = `${host}\u0000${workload.downtime}\u0000${workload.outages}\u0000${workload.kind}`;
    let group = groups.get(key);
    if (!group) {
      group = {
        members: [],
        line: { kind: workload.kind, host, downtime: workload.downtime, outages: workload.outages },
      };
      groups.set(key, group);
    }
    group.members.push(workload.name);
  }
  return [...groups.values()].map(({ members, line }) => ({ ...line, members }));
}

const NATURAL = new Intl.Collator('en', { numeric: true });

/** `processing-1`, or `processing-1, … processing-25 (25 hosts)`, in natural order. Pure. */
function hostsLabel(unsorted: readonly string[]): string {
  const hosts = [...unsorted].sort(NATURAL.compare);
  if (hosts.length === 1) return hosts[0] ?? '';
  if (hosts.length === 2) return hosts.join(', ');
  return `${hosts[0] ?? ''}, … ${hosts[hosts.length - 1] ?? ''} (${thousands(hosts.length)} hosts)`;
}

/** Merges groups with the same figures on different hosts into one line. Pure. */
function mergeHosts(
  groups: readonly WorkloadGroupLine[],
  workloads: readonly WorkloadReport[],
): WorkloadGroupLine[] {
  const merged = new Map<
    string,
    { members: string[]; hosts: string[]; first: WorkloadGroupLine }
  >();
  for (const group of groups) {
    const key = `${group.downtime}\u0000${group.outages}\u0000${group.kind}`;
    const entry = merged.get(key);
    if (entry) {
      for (const member of group.members) entry.members.push(member);
      entry.hosts.push(group.host);
    } else {
      merged.set(key, { members: [...group.members], hosts: [group.host], first: group });
    }
  }
  let order: Map<string, number> | undefined;
  return [...merged.values()].map(({ members, hosts, first }) => {
    if (hosts.length > 1) {
      order ??= new Map(workloads.map((workload, index) => [workload.name, index]));
      const rank = order;
      members.sort((a, b) => (rank.get(a) ?? 0) - (rank.get(b) ?? 0));
    }
    return { ...first, host: hostsLabel(hosts), members };
  });
}

/**
 * The lines a readable summary shows: one per workload up to 12, else one per group with the same
 * host and figures, else one per group with the same figures, else the 10 groups with the longest
 * downtime and a summary of the rest. Pure.
 */
export function workloadLines(
  workloads: readonly WorkloadReport[],
  hostOf?: (workload: WorkloadReport) => string,
  alwaysGroup = false,
): { lines: WorkloadGroupLine[]; rest?: WorkloadRest } {
  if (workloads.length <= MAX_LINES && !alwaysGroup) {
    return {
      lines: workloads.map((w) => ({
        members: [w.name],
        kind: w.kind,
        host: hostOf ? hostOf(w) : w.host,
        downtime: w.downtime,
        outages: w.outages,
      })),
    };
  }
  const byHost = groupWorkloads(workloads, hostOf);
  if (byHost.length <= MAX_LINES) return { lines: byHost };
  const groups = mergeHosts(byHost, workloads);
  if (groups.length <= MAX_LINES) return { lines: groups };
  const ranked = groups
    .map((group, index) => ({ group, index }))
    .sort((a, b) => b.group.downtime - a.group.downtime || a.index - b.index)
    .map(({ group }) => group);
  const shown = ranked.slice(0, TOP);
  const hidden = ranked.slice(TOP);
  let count = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = 0;
  for (const group of hidden) {
    count += group.members.length;
    min = Math.min(min, group.downtime);
    max = Math.max(max, group.downtime);
  }
  return {
    lines: shown,
    rest: { workloads: count, lines: hidden.length, minDowntime: min, maxDowntime: max },
  };
}

/** `vps-1`, `vps-1, vps-2`, `vps-1, vps-4, … vps-397 (133 VPSs)`. Pure. */
export function membersLabel(group: Pick<WorkloadGroupLine, 'members' | 'kind'>): string {
  const { members } = group;
  if (members.length <= 3) return members.join(', ');
  return `${members[0] ?? ''}, ${members[1] ?? ''}, … ${members[members.length - 1] ?? ''} (${thousands(members.length)} ${workloadNoun(group.kind, members.length)})`;
}
