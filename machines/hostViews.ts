/**
 * What the procedure knows of its hosts, and the one place it learns it from their reports:
 * a host tells the procedure it went down, came back (on which version, interrupted or not),
 * has its pool ONLINE again or took over as Primary; the procedure does not guess these.
 */
import type { HostReportEvent } from './hostLifecycle';
import type { HostView } from './procedureSteps';
import type { HostSpec } from './types';

/** The procedure's view of every host, by name. */
type HostViews = Readonly<Record<string, HostView>>;

/** Every host as the scenario starts it: up, verified, on `version`, in its first role. Pure. */
export function initialHostViews(hosts: readonly HostSpec[], version: string): HostViews {
  return Object.fromEntries(
    hosts.map((host) => [
      host.name,
      {
        name: host.name,
        kind: host.kind,
        role: host.role,
        version,
        down: false,
        verified: true,
        failed: false,
        poolOnline: true,
      } satisfies HostView,
    ]),
  );
}

/**
 * The views after a host's report of what happened to it (not of a step it was commanded:
 * the procedure books those with the step). Unknown hosts and other reports change nothing.
 * Pure.
 */
export function afterHostReport(views: HostViews, report: HostReportEvent): HostViews {
  const host = Object.hasOwn(views, report.host) ? views[report.host] : undefined;
  if (!host) return views;
  const set = (patch: Partial<HostView>): HostViews => ({
    ...views,
    [report.host]: { ...host, ...patch },
  });
  switch (report.type) {
    case 'host.down':
      // Whatever it had installed and not booted is lost with it, unless it says it kept it.
      return set({ down: true, ...(report.keptInstall ? {} : { staged: undefined }) });
    case 'host.up':
      return set({
        down: false,
        version: report.version,
        // Interrupted mid-step, it needs a rollback or a reinstall, and a check either way; a
        // crash verifies nothing (a host down during its check is still to be checked).
        verified: host.verified && !report.interrupted,
        failed: report.interrupted || host.failed,
        backFromCrash: true,
      });
    case 'pool.online':
      return set({ poolOnline: true });
    case 'host.took-over':
      return set({ role: 'primary' });
    default:
      return views;
  }
}
