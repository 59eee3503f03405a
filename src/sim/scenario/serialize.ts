import { stringify } from 'yaml';
import { DEFAULT_DURATIONS, DEFAULT_POLICY } from '../defaults';
import type {
  DowntimeLimits,
  DurationKey,
  DurationRule,
  DurationValue,
  FaultSpec,
  PlannedStep,
  Scenario,
  WorkloadBudget,
} from '../types';
import { formatDuration } from './duration';

type Yaml = Record<string, unknown>;

/** A duration that may vary, as a scenario file writes it. Pure. */
function valueYaml(value: DurationValue): unknown {
  if (typeof value === 'number') return formatDuration(value);
  if (value.likely === undefined)
    return `${formatDuration(value.min)}..${formatDuration(value.max)}`;
  return {
    min: formatDuration(value.min),
    likely: formatDuration(value.likely),
    max: formatDuration(value.max),
  };
}

/** One key of `durations:` that varies or differs per host. Pure. */
function ruleYaml(rule: DurationRule): unknown {
  if (rule.by === undefined) return valueYaml(rule.default);
  const out: Yaml = { default: valueYaml(rule.default) };
  for (const [name, value] of Object.entries(rule.by)) out[name] = valueYaml(value);
  return out;
}

function hostsOf(scenario: Scenario): Yaml | undefined {
  const named = (kind: string) => scenario.hosts.filter((h) => h.kind === kind).map((h) => h.name);
  switch (scenario.system) {
    case 'serverware': {
      const out: Yaml = {};
      const backup = named('backup')[0];
      if (backup !== undefined && backup !== 'backup') out.backup = backup;
      const storage = named('storage');
      if (storage.join() !== 'storage-1,storage-2') out.storage = storage;
      const processing = named('processing');
      if (scenario.topology === 'cluster') {
        const defaults = processing.every((name, i) => name === `processing-${i + 1}`);
        out.processing = defaults ? processing.length : processing;
      }
      return Object.keys(out).length > 0 ? out : undefined;
    }
    case 'ha-pair': {
      const devices = named('device');
      return devices.join() === 'device-a,device-b' ? undefined : { devices };
    }
    case 'standalone': {
      const server = named('server')[0];
      return server === undefined || server === 'server' ? undefined : { server };
    }
  }
}

function workloadsOf(scenario: Scenario): [string, unknown] {
  if (scenario.system !== 'serverware') {
    const names = scenario.workloads.map((w) => w.name);
    const defaults = names.every((name, i) => name === `service-${i + 1}`);
    return ['services', defaults ? names.length : names];
  }
  return ['vps', scenario.workloads.map((w) => ({ name: w.name, host: w.placement }))];
}

/** A fault as its `faults:` entry reads: defaults (`times: 1`) left out, durations as written. Pure. */
export function faultOf(fault: FaultSpec): Yaml {
  const when = 'at' in fault.when ? { at: formatDuration(fault.when.at) } : { ...fault.when };
  return {
    fault: fault.fault,
    ...(fault.target !== undefined ? { target: fault.target } : {}),
    when,
    ...(fault.durationRange !== undefined
      ? { duration: valueYaml(fault.durationRange) }
      : fault.duration !== undefined
        ? { duration: formatDuration(fault.duration) }
        : {}),
    ...(fault.times !== 1 && fault.probability === undefined ? { times: fault.times } : {}),
    ...(fault.probability !== undefined ? { probability: fault.probability } : {}),
    ...(fault.check !== undefined ? { check: fault.check } : {}),
    ...(fault.sessions !== undefined ? { sessions: fault.sessions } : {}),
  };
}

function planStepOf(step: PlannedStep): unknown {
  const to = step.version === undefined ? step.host : { host: step.host, to: step.version };
  switch (step.action) {
    case 'install':
    case 'rollback':
      return { [step.action]: to };
    case 'reboot':
    case 'verify':
    case 'demote':
      return { [step.action]: step.host };
    case 'restore':
      return { restore: step.host };
    case 'backup':
      return { backup: step.host ?? 'all' };
    case 'preemption-off':
      return { preemption: 'off' };
    case 'preemption-restore':
      return { preemption: 'restore' };
    case 'wait':
      return step.duration === undefined ? 'wait' : { wait: formatDuration(step.duration) };
    case 'switchover':
      return step.host === undefined ? 'switchover' : { switchover: step.host };
    default:
      return step.action;
  }
}

const GROUPED: Readonly<Record<string, string>> = {
  install: 'upgrade',
  rollback: 'rollback',
  restore: 'restore',
};

/**
 * A plan as written in a scenario file: install/rollback/restore + reboot + verify of one host
 * folded back into the step written (`upgrade: device-b`), each item a YAML value. Pure.
 */
export function writtenPlan(plan: readonly PlannedStep[]): unknown[] {
  const out: unknown[] = [];
  for (let i = 0; i < plan.length; i++) {
    const step = plan[i] as PlannedStep;
    const group = GROUPED[step.action];
    const reboot = plan[i + 1];
    const verify = plan[i + 2];
    const folds =
      group !== undefined &&
      reboot?.action === 'reboot' &&
      verify?.action === 'verify' &&
      reboot.host === step.host &&
      verify.host === step.host;
    if (folds) {
      const to =
        step.version === undefined || group === 'restore'
          ? step.host
          : { host: step.host, to: step.version };
      out.push({ [group]: to });
      i += 2;
    } else {
      out.push(planStepOf(step));
    }
  }
  return out;
}

/**
 * Writes a scenario back as YAML that parses to the same scenario (explicit plans come back as
 * their single actions: `upgrade` as install, reboot and verify). Pure.
 */
export function scenarioToYaml(scenario: Scenario): string {
  const doc: Yaml = { name: scenario.name };
  if (scenario.description !== undefined) doc.description = scenario.description;
  doc.system = scenario.system;
  if (scenario.topology !== undefined) doc.topology = scenario.topology;
  doc.version =
    scenario.system === 'serverware' || scenario.path.length <= 1
      ? { from: scenario.version.from, to: scenario.version.to }
      : { from: scenario.version.from, path: [...scenario.path] };
  const hosts = hostsOf(scenario);
  if (hosts) doc.hosts = hosts;
  const [key, workloads] = workloadsOf(scenario);
  doc[key] = workloads;
  const durations: Yaml = {};
  for (const [name, value] of Object.entries(scenario.durations) as [DurationKey, number][]) {
    const rule = scenario.spread?.[name];
    if (rule !== undefined) durations[name] = ruleYaml(rule);
    else if (value !== DEFAULT_DURATIONS[name]) durations[name] = formatDuration(value);
  }
  if (Object.keys(durations).length > 0) doc.durations = durations;
  doc.seed = scenario.seed;
  const policy: Yaml = {};
  if (scenario.system === 'ha-pair') {
    policy.preemption = scenario.policy.preemption;
    if (scenario.policy.preferred !== undefined) policy.preferred = scenario.policy.preferred;
    if (scenario.policy.syncRetries !== DEFAULT_POLICY.syncRetries)
      policy['sync-retries'] = scenario.policy.syncRetries;
    if (scenario.policy.sessionChecks !== DEFAULT_POLICY.sessionChecks)
      policy['session-checks'] = scenario.policy.sessionChecks;
  }
  if (scenario.system === 'standalone' && scenario.policy.backup !== DEFAULT_POLICY.backup)
    policy.backup = scenario.policy.backup;
  if (
    scenario.system === 'serverware' &&
    scenario.policy.finalFailover !== DEFAULT_POLICY.finalFailover
  ) {
    policy['final-failover'] = scenario.policy.finalFailover;
  }
  if (scenario.system === 'serverware' && scenario.policy.stopVps) policy['stop-vps'] = true;
  if (scenario.system === 'serverware' && scenario.policy.vpsDisks !== DEFAULT_POLICY.vpsDisks)
    policy['vps-disks'] = scenario.policy.vpsDisks;
  if (
    scenario.system === 'serverware' &&
    scenario.policy.failedRestart !== DEFAULT_POLICY.failedRestart
  )
    policy['failed-restart'] = scenario.policy.failedRestart;
  if (Object.keys(policy).length > 0) doc.policy = policy;
  const recovery: Yaml = {};
  if (scenario.system === 'serverware') {
    if (scenario.policy.serverwareRecovery !== DEFAULT_POLICY.serverwareRecovery)
      recovery.serverware = scenario.policy.serverwareRecovery;
    if (scenario.policy.reinstalls !== DEFAULT_POLICY.reinstalls)
      recovery.reinstalls = scenario.policy.reinstalls;
  }
  if (scenario.system !== 'standalone' && scenario.policy.hold !== DEFAULT_POLICY.hold)
    recovery.hold = formatDuration(scenario.policy.hold);
  if (
    scenario.system !== 'standalone' &&
    scenario.policy.checkAfterCrash !== DEFAULT_POLICY.checkAfterCrash
  )
    recovery['check-after-crash'] = scenario.policy.checkAfterCrash;
  if (scenario.policy.installAgainAfterCrash !== DEFAULT_POLICY.installAgainAfterCrash)
    recovery['install-again-after-crash'] = scenario.policy.installAgainAfterCrash;
  if (Object.keys(recovery).length > 0) doc.recovery = recovery;
  if (scenario.window) doc.window = { start: scenario.window.start };
  if (scenario.faults.length > 0) doc.faults = scenario.faults.map(faultOf);
  if (scenario.decisions !== undefined && scenario.decisions.length > 0) {
    doc.decisions = scenario.decisions.map((rule) => ({
      at: rule.at,
      ...(rule.host !== undefined ? { host: rule.host } : {}),
      ...(rule.hop !== undefined ? { hop: rule.hop } : {}),
      ...(rule.fault !== undefined ? { fault: rule.fault } : {}),
      choose: rule.choose,
      ...(rule.times !== 1 ? { times: rule.times } : {}),
    }));
  }
  if (scenario.plan !== 'auto') doc.plan = writtenPlan(scenario.plan);
  if (scenario.expect) {
    const expect: Yaml = {};
    const e = scenario.expect;
    if (e.outcome !== undefined) expect.outcome = e.outcome;
    if (e.failovers !== undefined) expect.failovers = e.failovers;
    if (e.path !== undefined) expect.path = [...e.path];
    if (e.downtime !== undefined || e.limits !== undefined) {
      const limitsOf = (budget: WorkloadBudget): Yaml => ({
        ...(budget.max === undefined ? {} : { max: formatDuration(budget.max) }),
        ...(budget.outages === undefined ? {} : { outages: budget.outages }),
      });
      expect.downtime = Object.fromEntries([
        ...Object.entries(e.downtime ?? {}).map(([k, v]) => [k, formatDuration(v)]),
        ...Object.entries(e.limits ?? {}).map(([k, v]) => [k, limitsOf(v)]),
      ]);
    }
    if (e.budget !== undefined) {
      const limits = (l: DowntimeLimits): Yaml => ({
        ...(l.total === undefined ? {} : { total: formatDuration(l.total) }),
        ...(l.each === undefined ? {} : { each: formatDuration(l.each) }),
        ...(l.outages === undefined ? {} : { outages: l.outages }),
      });
      expect.budget = {
        ...limits(e.budget),
        ...(e.budget.groups === undefined
          ? {}
          : { groups: e.budget.groups.map((g) => ({ hosts: [...g.hosts], ...limits(g) })) }),
      };
    }
    if (e.violations !== undefined) expect.violations = [...e.violations];
    doc.expect = expect;
  }
  return stringify(doc, { lineWidth: 0, flowCollectionPadding: true });
}
