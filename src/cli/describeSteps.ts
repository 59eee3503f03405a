/**
 * Steps in words, for `rehearse plan` and its Markdown document: who each step acts on at the
 * moment it runs (roles move with failovers and switchovers), and a host's install, restart and
 * checks gathered into one item.
 */
import type { Action, Role, Scenario, StepImpact } from '../sim';
import { durationWords } from './text';

/** How a host name is shown: plain, or as Markdown code. */
type NameStyle = (name: string) => string;

/** Follows the roles through the procedure so a step can say "the Secondary storage host". */
class RoleTracker {
  private readonly roles: Map<string, Role>;
  private readonly initial: ReadonlyMap<string, Role>;
  private readonly kinds: Map<string, string>;
  private formerPrimary: string | undefined;

  constructor(
    scenario: Scenario,
    private readonly name: NameStyle,
  ) {
    this.roles = new Map(scenario.hosts.map((host) => [host.name, host.role]));
    this.initial = new Map(this.roles);
    this.kinds = new Map(scenario.hosts.map((host) => [host.name, host.kind]));
  }

  private holding(role: Role): string | undefined {
    for (const [host, held] of this.roles) if (held === role) return host;
    return undefined;
  }

  /** `the Backup host backup`, `the Secondary storage host storage-1 (the former Primary)`. */
  describe(host: string): string {
    const shown = this.name(host);
    const role = this.roles.get(host);
    switch (this.kinds.get(host)) {
      case 'backup':
        return `the Backup host ${shown}`;
      case 'processing':
        return `processing host ${shown}`;
      case 'storage':
        if (role === 'primary') return `the Primary storage host ${shown}`;
        return `the Secondary storage host ${shown}${this.formerPrimary === host ? ' (the former Primary)' : ''}`;
      case 'device':
        return `the ${role === 'active' ? 'active' : 'standby'} device ${shown}`;
      case 'server':
        return `the server ${shown}`;
      default:
        return shown;
    }
  }

  kindOf(host: string): string {
    return this.kinds.get(host) ?? 'host';
  }

  /** `storage-2 becomes the Primary and storage-1 the Secondary`. */
  failoverWords(): string {
    const primary = this.holding('primary');
    const secondary = this.holding('secondary');
    if (primary === undefined || secondary === undefined)
      return 'the Secondary becomes the Primary';
    const back =
      this.initial.get(secondary) === 'primary' && this.initial.get(primary) === 'secondary';
    return `${this.name(secondary)} becomes the Primary and ${this.name(primary)} the Secondary${back ? ', back in their original places' : ''}`;
  }

  /** `device-b becomes the active device`. */
  switchoverWords(target: string | undefined): string {
    const to = target ?? this.holding('standby');
    return to === undefined
      ? 'the standby becomes active'
      : `${this.name(to)} becomes the active device`;
  }

  /** Moves the roles as the step does. */
  apply(action: Action, host: string | undefined): void {
    if (action === 'failover') {
      const primary = this.holding('primary');
      const secondary = this.holding('secondary');
      if (primary !== undefined && secondary !== undefined) {
        this.roles.set(primary, 'secondary');
        this.roles.set(secondary, 'primary');
        this.formerPrimary = primary;
      }
    } else if (action === 'switchover') {
      const active = this.holding('active');
      const to = host ?? this.holding('standby');
      if (to !== undefined && to !== active) {
        if (active !== undefined) this.roles.set(active, 'standby');
        this.roles.set(to, 'active');
      }
    }
  }
}

/** One item of the procedure: a step, or a host's whole upgrade to one version. */
export interface ProcedureItem {
  readonly steps: readonly StepImpact[];
  readonly hop: number;
  readonly text: string;
  readonly start: number;
  readonly end: number;
  /** Downtime the item causes each affected workload (the steps' downtimes added up). */
  readonly downtime: number;
  /** The most workloads down at once during the item. */
  readonly affected: number;
  readonly examples: readonly string[];
  /** Every workload down during the item's busiest step, for a document that lists them all. */
  readonly members: readonly string[];
  /** For a host's upgrade: the host, and what makes two hosts' upgrades alike. */
  readonly upgrade?: {
    readonly host: string;
    readonly kind: string;
    readonly version?: string;
    readonly subs: string;
  };
}

const SUB_WORDS: Partial<Record<Action, string>> = {
  'stop-services': 'stop the services',
  install: 'install',
  reboot: 'restart',
  wait: 'wait',
  verify: 'verify',
  'start-services': 'start the services',
};

function version(text: string | undefined): string {
  return text === undefined ? 'the next version' : `v${text}`;
}

/** One step in words, with the roles as they are when it runs. */
function stepWords(
  step: StepImpact,
  roles: RoleTracker,
  scenario: Scenario,
  name: NameStyle,
): string {
  const on = step.host === undefined ? undefined : roles.describe(step.host);
  switch (step.action) {
    case 'precheck':
      if (scenario.system === 'standalone') {
        return 'Download the right version; check compatibility, dependencies, hardware and network health';
      }
      return 'Check the requirements listed above';
    case 'announce':
      return 'Plan the window (time, content, responsible person) and let everyone concerned know';
    case 'backup':
      if (on !== undefined) return `Back up ${on}`;
      return scenario.system === 'ha-pair'
        ? 'Back up the configuration of both devices'
        : 'Back up every host';
    case 'sync-config':
      return `Synchronize the configuration manually on ${on ?? 'the active device'}`;
    case 'check-sync':
      return 'Check the synchronization report on the active device';
    case 'resolve-sync':
      return 'Resolve the configuration differences between the devices';
    case 'check-services':
      return 'Check the service status';
    case 'check-sessions':
      return 'Compare the sessions of the two devices';
    case 'preemption-off':
      return 'Disable preemption on both devices';
    case 'preemption-restore':
      return 'Enable preemption again';
    case 'demote':
      return `Switch ${on ?? 'one device'} to standby`;
    case 'stop-services':
      return `Stop the services${on ? ` on ${on}` : ''} and notify users`;
    case 'start-services':
      return `Put the services${on ? ` on ${on}` : ''} back in use`;
    case 'install':
      return `Install ${version(step.version)} on ${on ?? 'the host'}`;
    case 'reboot':
      return `Restart ${on ?? 'the host'}`;
    case 'verify':
      return `Verify ${on ?? 'the host'}`;
    case 'rollback':
      return `Roll ${on ?? 'the host'} back${step.version ? ` to v${step.version}` : ''}`;
    case 'restore':
      return `Restore the backup on ${on ?? 'the server'}`;
    case 'restore-sessions':
      return 'Restore the services whose sessions were lost';
    case 'failover':
      return `Fail over: ${roles.failoverWords()}`;
    case 'switchover':
      return `Switch over: ${roles.switchoverWords(step.host)}`;
    case 'wait':
      return step.end > step.start ? `Wait ${durationWords(step.end - step.start)}` : 'Wait';
    case 'gui-update':
      return `Update the GUI to ${version(step.version ?? scenario.version.to)}`;
  }
  return name(step.action);
}

/** How many steps from `start` make one host's upgrade: install, restart, waits and checks. */
function upgradeRun(steps: readonly StepImpact[], start: number): number {
  const first = steps[start];
  if (
    !first ||
    first.host === undefined ||
    (first.action !== 'install' && first.action !== 'stop-services')
  )
    return 0;
  let end = start;
  let installs = 0;
  while (end < steps.length) {
    const step = steps[end] as StepImpact;
    const fits =
      step.hop === first.hop &&
      SUB_WORDS[step.action] !== undefined &&
      (step.host === first.host || (step.action === 'wait' && step.host === undefined)) &&
      !(step.action === 'stop-services' && end > start);
    if (!fits) break;
    if (step.action === 'install' && ++installs > 1) break;
    end++;
    if (step.action === 'start-services') break;
  }
  // A trailing wait belongs to whatever comes next.
  while (end > start && steps[end - 1]?.action === 'wait') end--;
  return installs === 1 && end - start > 1 ? end - start : 0;
}

function item(
  steps: readonly StepImpact[],
  text: string,
  upgrade?: ProcedureItem['upgrade'],
): ProcedureItem {
  const first = steps[0] as StepImpact;
  const last = steps[steps.length - 1] as StepImpact;
  let downtime = 0;
  let affected = 0;
  let examples: readonly string[] = [];
  let members: readonly string[] = [];
  for (const step of steps) {
    downtime += step.downtime;
    if (step.affected > affected) {
      affected = step.affected;
      examples = step.examples;
      members = step.members;
    }
  }
  return {
    steps,
    hop: first.hop,
    text,
    start: first.start,
    end: last.end,
    downtime,
    affected,
    examples,
    members,
    ...(upgrade ? { upgrade } : {}),
  };
}

/**
 * The procedure as numbered items: each host's install, restart and checks on one version become
 * one item; every other step is an item of its own. Pure.
 */
export function procedureItems(
  scenario: Scenario,
  steps: readonly StepImpact[],
  name: NameStyle = (text) => text,
): ProcedureItem[] {
  const roles = new RoleTracker(scenario, name);
  const items: ProcedureItem[] = [];
  for (let i = 0; i < steps.length;) {
    const length = upgradeRun(steps, i);
    if (length > 0) {
      const group = steps.slice(i, i + length);
      const install = group.find((step) => step.action === 'install') as StepImpact;
      const subs = group.map((step) => SUB_WORDS[step.action] ?? step.action).join(', ');
      const host = install.host as string;
      items.push(
        item(group, `Upgrade ${roles.describe(host)} to ${version(install.version)}: ${subs}`, {
          host,
          kind: roles.kindOf(host),
          ...(install.version !== undefined ? { version: install.version } : {}),
          subs,
        }),
      );
      i += length;
      continue;
    }
    const step = steps[i] as StepImpact;
    items.push(item([step], stepWords(step, roles, scenario, name)));
    roles.apply(step.action, step.host);
    i++;
  }
  return items;
}

/** Each step in words, for the note column of a plan without notes (an explicit plan). Pure. */
export function stepDescriptions(scenario: Scenario, steps: readonly StepImpact[]): string[] {
  const roles = new RoleTracker(scenario, (text) => text);
  return steps.map((step) => {
    const words = stepWords(step, roles, scenario, (text) => text);
    roles.apply(step.action, step.host);
    return words.charAt(0).toLowerCase() + words.slice(1);
  });
}
