import {
  assumed,
  documented,
  handWritten,
  serverwareCheck,
  serverwareStep,
  sourceLabel,
  writtenIndex,
  type ServerwarePart,
  type StepSource,
} from '../../machines/sources';
import { documentsFinalFailover, documentsPoolCheck } from './versions';
import type { HostSpec, PlannedStep, Scenario } from './types';

/**
 * An upgrade of one host as Rehearse runs it: install, restart into it, check it. The check has
 * a source of its own where the document does not ask for it as it asks for the upgrade
 * (SERVERware's, see `serverwareCheck`), and says what the document asks it to confirm, if more.
 */
function upgradeHost(
  host: string,
  version: string,
  hop: number,
  why: string,
  source: StepSource,
  check: { readonly source: StepSource; readonly also?: string } = { source },
): PlannedStep[] {
  const checked = `check ${host} runs ${version}${check.also === undefined ? '' : `, ${check.also}`}`;
  return [
    { action: 'install', host, version, hop, note: why, source },
    { action: 'reboot', host, hop, note: `restart ${host} into ${version}`, source },
    { action: 'verify', host, hop, note: checked, source: check.source },
  ];
}

function byKind(hosts: readonly HostSpec[], kind: HostSpec['kind']): HostSpec[] {
  return hosts.filter((host) => host.kind === kind);
}

/** The document's NOTE before the procedures: stopping every VPS first is advised, not mandatory. */
const STOP_VPS_NOTE = documented(
  'serverware',
  'NOTE before the procedures: stopping all VPSs prior to the upgrade is recommended, not mandatory (policy.stop-vps)',
);

/**
 * SERVERware: per hop, the Backup host, then (Cluster) every processing host in turn, then the
 * Secondary, a failover, and the former Primary; the 4.3.x – 4.8.x case ends with a failover
 * that returns the hosts to their places. Pure.
 */
function planServerware(scenario: Scenario): PlannedStep[] {
  if (scenario.path.length === 0) {
    // The requirements belong to the core upgrade; a GUI update needs none of them.
    return [
      {
        action: 'gui-update',
        hop: 0,
        version: scenario.version.to,
        note: `5.x already: only a GUI update to ${scenario.version.to}, with no downtime`,
        source: documented('serverware', 'SERVERware v5.x: only a GUI update, with no downtime'),
      },
    ];
  }
  const steps: PlannedStep[] = [
    {
      action: 'precheck',
      hop: 0,
      note: 'check the requirements: KVM access to every host, firmware up to date, licensing servers reachable through the firewall, an agreed date',
      source: documented('serverware', 'Requirements 1–4'),
    },
  ];
  if (scenario.policy.stopVps) {
    steps.push({
      action: 'stop-vps',
      hop: 0,
      note: 'stop every VPS before the upgrade (recommended, not mandatory): each is down until the last step starts them again',
      source: STOP_VPS_NOTE,
    });
  }
  const cluster = scenario.topology === 'cluster';
  // Only some Cluster sections of the document say to confirm services and pool after step 4.
  const poolCheck = cluster && documentsPoolCheck(scenario.version.from);
  const sw = (part: ServerwarePart, what: string) => serverwareStep(part, cluster, what);
  const backup = byKind(scenario.hosts, 'backup');
  const processing = byKind(scenario.hosts, 'processing');
  const storage = byKind(scenario.hosts, 'storage');
  let primary = storage.find((host) => host.role === 'primary')?.name ?? 'storage-1';
  const original = primary;
  let secondary = storage.find((host) => host.role === 'secondary')?.name ?? 'storage-2';
  scenario.path.forEach((version, index) => {
    const hop = index + 1;
    for (const host of backup) {
      steps.push(
        ...upgradeHost(
          host.name,
          version,
          hop,
          `upgrade the Backup host ${host.name} to ${version}: no downtime`,
          sw('backup', 'the Backup host'),
          serverwareCheck(false, cluster),
        ),
      );
    }
    for (const host of processing) {
      steps.push(
        ...upgradeHost(
          host.name,
          version,
          hop,
          `upgrade processing host ${host.name} to ${version}: the VPSs left on it are down while it restarts`,
          sw('processing', 'each processing host in turn'),
          serverwareCheck(false, cluster),
        ),
      );
    }
    steps.push(
      ...upgradeHost(
        secondary,
        version,
        hop,
        `upgrade the Secondary storage host ${secondary} to ${version}: no downtime`,
        sw('secondary', 'the Secondary storage host'),
        serverwareCheck(false, cluster),
      ),
      {
        action: 'failover',
        hop,
        note: `fail over: ${secondary} becomes Primary, ${primary} Secondary; every VPS on the Primary is down meanwhile`,
        source: sw('secondary', 'initiate a failover, about 15 minutes'),
      },
    );
    [primary, secondary] = [secondary, primary];
    steps.push(
      ...upgradeHost(
        secondary,
        version,
        hop,
        `upgrade the Secondary (former Primary) ${secondary} to ${version}${poolCheck ? ', then confirm services up and the pool ONLINE' : ''}`,
        sw('former', 'the Secondary, former Primary'),
        serverwareCheck(poolCheck, cluster),
      ),
    );
  });
  const final = scenario.policy.finalFailover;
  // `always`: whenever the hops leave the Primary role away from the host that held it (an odd
  // number of failovers); after an even number it is back in its place already.
  if (
    (final === 'always' && primary !== original) ||
    (final === 'documented' && documentsFinalFailover(scenario.version.from))
  ) {
    steps.push({
      action: 'failover',
      hop: scenario.path.length,
      note: `one final failover to return ${secondary} to its original place as Primary`,
      source:
        final === 'documented'
          ? documented(
              'serverware',
              'v4.3.x – v4.8.x: one final failover to return the host to its original location',
            )
          : assumed(
              'a final failover returns the hosts to their places although the document does not call for one from this version',
              'policy.final-failover',
            ),
    });
  }
  if (scenario.policy.stopVps) {
    steps.push({
      action: 'start-vps',
      hop: scenario.path.length,
      note: 'start every VPS again: the upgrade is over',
      source: STOP_VPS_NOTE,
    });
  }
  return steps;
}

/**
 * HA pair: the ten documented steps. Steps 5 to 7 repeat per version when the path has several
 * (one release at a time). Pure.
 */
function planHaPair(scenario: Scenario): PlannedStep[] {
  const devices = byKind(scenario.hosts, 'device');
  const active = devices.find((host) => host.role === 'active')?.name ?? 'device-a';
  const preemption = scenario.policy.preemption === 'enabled';
  const steps: PlannedStep[] = [
    {
      action: 'sync-config',
      host: active,
      hop: 0,
      note: 'synchronize the configuration manually on the active device',
      source: documented('ha-pair', 'step 1'),
    },
    {
      action: 'switchover',
      host: 'standby',
      hop: 0,
      note: 'switch over once',
      source: documented('ha-pair', 'step 1'),
    },
    {
      action: 'check-services',
      hop: 0,
      note: 'check the service status',
      source: documented('ha-pair', 'step 1'),
    },
    {
      action: 'check-sync',
      hop: 0,
      note: 'check the synchronization report on the active device',
      source: documented('ha-pair', 'step 2'),
    },
    {
      action: 'backup',
      hop: 0,
      note: 'back up the configuration of both devices',
      source: documented('ha-pair', 'step 3'),
    },
  ];
  if (preemption) {
    steps.push({
      action: 'preemption-off',
      hop: 0,
      note: 'disable preemption on both devices',
      source: documented('ha-pair', 'step 4'),
    });
  }
  // Steps 5–7 name roles, resolved when each step starts: after an unplanned takeover (a crash,
  // a preemption) "upgrade the standby" still means the device that is standby at that moment.
  scenario.path.forEach((version, index) => {
    const hop = index + 1;
    steps.push(
      {
        action: 'install',
        host: 'standby',
        version,
        hop,
        note: `upgrade the standby device to ${version}; the active device keeps serving`,
        source: documented('ha-pair', 'step 5'),
      },
      {
        action: 'reboot',
        host: 'standby',
        hop,
        note: `restart the standby into ${version}`,
        source: documented('ha-pair', 'step 5'),
      },
      {
        action: 'verify',
        host: 'standby',
        hop,
        note: `check the upgraded standby runs ${version}`,
        source: documented('ha-pair', 'step 5'),
      },
      {
        action: 'wait',
        hop,
        note: 'wait a few minutes after the standby restarts',
        source: documented('ha-pair', 'step 6'),
      },
      {
        action: 'check-sessions',
        hop,
        note: 'compare sessions: are the critical sessions synchronized to the upgraded standby?',
        source: documented('ha-pair', 'step 6'),
      },
      {
        action: 'switchover',
        host: 'standby',
        hop,
        note: 'switch over to the upgraded device',
        source: documented('ha-pair', 'step 6'),
      },
      {
        action: 'check-services',
        hop,
        note: 'check the service status on the new active device',
        source: documented('ha-pair', 'step 6'),
      },
      {
        action: 'install',
        host: 'standby',
        version,
        hop,
        note: `services normal: upgrade the new standby to ${version}`,
        source: documented('ha-pair', 'step 7'),
      },
      {
        action: 'reboot',
        host: 'standby',
        hop,
        note: `restart the new standby into ${version}`,
        source: documented('ha-pair', 'step 7'),
      },
      {
        action: 'verify',
        host: 'standby',
        hop,
        note: `check the new standby runs ${version}`,
        source: documented('ha-pair', 'step 7'),
      },
    );
  });
  steps.push(
    {
      action: 'check-sync',
      hop: scenario.path.length,
      note: 'check the synchronization report again',
      source: documented('ha-pair', 'step 8'),
    },
    {
      action: 'check-services',
      hop: scenario.path.length,
      note: 'check the service status',
      source: documented('ha-pair', 'step 9'),
    },
  );
  if (preemption) {
    steps.push({
      action: 'preemption-restore',
      hop: scenario.path.length,
      note: 'enable preemption again',
      source: documented('ha-pair', 'step 10'),
    });
  }
  return steps;
}

/**
 * Single server: back up, plan, check, then per version (backed up again before each one with
 * `policy.backup: per-version`): stop the services, install, restart and start them, check
 * they work, soak and test with them in use. Pure.
 */
function planStandalone(scenario: Scenario): PlannedStep[] {
  const server = scenario.hosts[0]?.name ?? 'server';
  const steps: PlannedStep[] = [
    {
      action: 'backup',
      host: server,
      hop: 0,
      note: 'back up the server data: never upgrade without a backup',
      source: documented('standalone', 'step 1'),
    },
    {
      action: 'announce',
      hop: 0,
      note: 'plan the window (time, content, owner) and let everyone concerned know',
      source: documented('standalone', 'step 2'),
    },
    {
      action: 'precheck',
      host: server,
      hop: 0,
      note: 'download the right version; check compatibility, dependencies, hardware and network health',
      source: documented('standalone', 'step 3 and note 4'),
    },
  ];
  const perVersion = scenario.policy.backup === 'per-version';
  scenario.path.forEach((version, index) => {
    const hop = index + 1;
    if (hop > 1 && perVersion) {
      steps.push({
        action: 'backup',
        host: server,
        hop,
        note: `back up the server data again before the change to ${version}: a failure then restores the version just tested`,
        source: assumed(
          'step 1 ("back up the server data") and note 3 ("regularly back up data") apply to each version change: a backup before each version',
          'policy.backup',
        ),
      });
    }
    steps.push(
      {
        action: 'stop-services',
        host: server,
        hop,
        note: 'stop the services and notify users and supervisors',
        source: documented('standalone', 'step 4'),
      },
      {
        action: 'install',
        host: server,
        version,
        hop,
        note: `install ${version} without interrupting the installer`,
        source: documented('standalone', 'step 5'),
      },
      {
        action: 'reboot',
        host: server,
        hop,
        note: `restart the server into ${version}`,
        source: documented('standalone', 'step 6'),
      },
      {
        action: 'start-services',
        host: server,
        hop,
        note: `services back in use on ${version}`,
        source: documented('standalone', 'step 6'),
      },
      {
        action: 'check-services',
        hop,
        note: 'check whether the services are working properly',
        source: documented('standalone', 'step 6'),
      },
      {
        action: 'wait',
        hop,
        note: 'let the new version run, in use, for a while before testing',
        source: documented('standalone', 'step 7'),
      },
      {
        action: 'verify',
        host: server,
        hop,
        note: `test ${version}: availability and stability, with the services in use`,
        source: documented('standalone', 'step 7'),
      },
    );
  });
  return steps;
}

/**
 * Derives the procedure from system, topology, versions and policy: the ordered steps with the
 * host and target version of each. An explicit plan is returned as written, each step's source
 * saying where the document has a step that does the same. Pure.
 */
export function planProcedure(scenario: Scenario): readonly PlannedStep[] {
  if (scenario.plan !== 'auto') return withDocumentedSteps(scenario.plan, scenario);
  switch (scenario.system) {
    case 'serverware':
      return planServerware(scenario);
    case 'ha-pair':
      return planHaPair(scenario);
    case 'standalone':
      return planStandalone(scenario);
  }
}

/**
 * A plan written by hand, each step's source naming the step of the document that does the same
 * (same action, on the same host where the document names one): "install device-a" is the
 * document's step 5 however the plan orders it. Before, every step of such a plan read as the
 * model's assumption, the documented ones included. Pure.
 */
function withDocumentedSteps(
  plan: readonly PlannedStep[],
  scenario: Scenario,
): readonly PlannedStep[] {
  const documentedSteps = planProcedure({ ...scenario, plan: 'auto' }).filter(
    (step) => step.source.kind === 'document',
  );
  return plan.map((step) => {
    const index = writtenIndex(step.source);
    if (index === undefined) return step;
    const same = documentedSteps.filter((other) => other.action === step.action);
    const onHost = same.filter((other) => other.host === step.host);
    const refs = [
      ...new Set(
        (onHost.length > 0 ? onHost : same).map((other) =>
          sourceLabel(other.source).replace(/^document: /, ''),
        ),
      ),
    ];
    return refs.length === 0 ? step : { ...step, source: handWritten(index, refs.join(' or ')) };
  });
}
