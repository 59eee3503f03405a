import {
  formatDuration,
  parseScenario,
  simulate,
  type Report,
  type WorkloadReport,
} from '../../src/sim';

/**
 * A small SERVERware Cluster on 4.5.0 (one hop to 5.x) for fault cases: a VPS on the Primary and
 * one on each of the two processing hosts. One hop: precheck 0–10m, Backup 10m–40m,
 * processing-1 40m–1h10m (restart 1h–1h5m), processing-2 1h10m–1h40m (restart 1h30m–1h35m),
 * storage-2 from 1h40m.
 */
export const CLUSTER_CASE = `name: case
system: serverware
topology: cluster
version: { from: 4.5.0 }
vps: [ { name: vps-db, host: primary }, { name: vps-1, host: processing-1 }, { name: vps-2, host: processing-2 } ]
`;

/** The report of {@link CLUSTER_CASE} with `body` (faults, policy, durations…) added. */
export function runClusterCase(body: string): Report {
  return simulate(parseScenario(`${CLUSTER_CASE}${body}`, 'case.yaml')).report;
}

/** A workload's downtime and outages in words: `25m/2`. */
export function downtimeText(workload: WorkloadReport): string {
  return `${formatDuration(workload.downtime)}/${workload.outages}`;
}
