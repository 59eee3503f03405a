import type { HostView, ProcedureStep } from './procedureSteps';
import { serverwareCheck, serverwareStep, type StepSource } from './sources';
import type { PlannedStep } from './types';

/** What the SERVERware procedure knows when the storage roles moved without its failover. */
export interface StorageSituation {
  readonly hosts: Readonly<Record<string, HostView>>;
  readonly order: readonly string[];
  /** Versions in order: the running version first, then each hop. */
  readonly versions: readonly string[];
  /** Steps not run yet (pending), in order; they name hosts. */
  readonly upcoming: readonly ProcedureStep[];
  /** The final failover of the derived plan, which returns the original Primary to its place. */
  readonly finalFailover?: { readonly to: string; readonly source: StepSource };
  /** A step still running when the roles moved: its host's view does not show it yet. */
  readonly running?: ProcedureStep;
}

function isStorageStep(step: PlannedStep, hosts: Readonly<Record<string, HostView>>): boolean {
  if (step.action === 'failover') return true;
  return step.host !== undefined && hosts[step.host]?.kind === 'storage';
}

/**
 * Re-derives the storage part of the remaining SERVERware procedure after the Secondary took
 * over from a lost Primary: the steps of the Backup and processing hosts stay as planned; in each
 * hop, the host that is Secondary now is upgraded, then a failover, then the other one, as the
 * document orders them; at the end, a final failover returns the original Primary to its place
 * when the plan did so. Steps are those of the document, re-derived from where the pair is. Pure.
 */
export function replanServerware(s: StorageSituation): PlannedStep[] {
  const cluster = s.order.some((name) => s.hosts[name]?.kind === 'processing');
  const storage = s.order
    .map((name) => s.hosts[name])
    .filter((host): host is HostView => host?.kind === 'storage')
    .map((host) => ({ ...host }));
  const running = s.running;
  if (running?.host !== undefined && running.action === 'install') {
    const host = storage.find((h) => h.name === running.host);
    if (host && running.version !== undefined) host.staged = running.version;
  }
  const rank = (version: string) => s.versions.indexOf(version);
  const hops = [...new Set(s.upcoming.map((step) => step.hop))].filter((hop) => hop >= 1);
  const out: PlannedStep[] = [];
  // Steps before the first hop (none after the precheck) keep their place.
  for (const step of s.upcoming) if (step.hop < 1 && !isStorageStep(step, s.hosts)) out.push(step);
  // A recovery step (a reinstall waiting to start) stays marked as one.
  const strip = ({ id: _id, status: _status, ...step }: ProcedureStep) => step;
  for (const hop of hops) {
    const version = s.versions[hop];
    for (const step of s.upcoming) {
      if (step.hop === hop && !isStorageStep(step, s.hosts)) out.push(strip(step));
    }
    if (version === undefined) continue;
    // The check the document asks for after the former Primary's upgrade (some Cluster
    // sections), where the plan had one in this hop: it keeps its source.
    const documentedCheck = s.upcoming.some(
      (step) =>
        step.hop === hop &&
        step.action === 'verify' &&
        isStorageStep(step, s.hosts) &&
        step.source.kind === 'document',
    );
    const upgrade = (host: (typeof storage)[number], former: boolean) => {
      const source = former
        ? serverwareStep('former', cluster, 'the Secondary, former Primary')
        : serverwareStep('secondary', cluster, 'the Secondary storage host');
      const checked = serverwareCheck(former && documentedCheck, cluster);
      if (rank(host.version) < hop) {
        if (host.staged !== version) {
          out.push({
            action: 'install',
            host: host.name,
            version,
            hop,
            note: `upgrade the Secondary ${host.name} to ${version}, re-derived after the storage roles moved`,
            source,
          });
        }
        out.push({
          action: 'reboot',
          host: host.name,
          hop,
          note: `restart ${host.name} into ${version}`,
          source,
        });
        host.version = version;
        host.staged = undefined;
        host.verified = false;
      }
      if (!host.verified) {
        out.push({
          action: 'verify',
          host: host.name,
          hop,
          note: `check ${host.name} runs ${version}${checked.also === undefined ? '' : `, ${checked.also}`}`,
          source: checked.source,
        });
        host.verified = true;
      }
    };
    const secondary = storage.find((host) => host.role === 'secondary');
    const primary = storage.find((host) => host.role === 'primary');
    if (!secondary || !primary) continue;
    upgrade(secondary, false);
    if (rank(primary.version) < hop || !primary.verified) {
      out.push({
        action: 'failover',
        hop,
        note: `fail over: ${secondary.name} becomes Primary, ${primary.name} Secondary; every VPS on the Primary is down meanwhile`,
        source: serverwareStep('secondary', cluster, 'initiate a failover, about 15 minutes'),
      });
      [primary.role, secondary.role] = ['secondary', 'primary'];
      upgrade(primary, true);
    }
  }
  const last = hops[hops.length - 1] ?? 0;
  const primary = storage.find((host) => host.role === 'primary');
  const final = s.finalFailover;
  if (final !== undefined && primary !== undefined && primary.name !== final.to) {
    out.push({
      action: 'failover',
      hop: last,
      note: `one final failover to return ${final.to} to its original place as Primary`,
      source: final.source,
    });
  }
  return out;
}
