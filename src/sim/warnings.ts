import { faultRecord, isImmediateFault } from '../../machines/faultTable';
import { durationKeyOf } from '../../machines/procedureSteps';
import { serverwareCase } from './versions';
import type { DecisionTaken, FaultSpec, FaultTrigger, Scenario, StepRecord } from './types';

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** Day of week (0 = Sunday) of a proleptic Gregorian date, without the Date API. Pure. */
function dayOfWeek(year: number, month: number, day: number): number {
  const t = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];
  const y = month < 3 ? year - 1 : year;
  return (
    (y +
      Math.floor(y / 4) -
      Math.floor(y / 100) +
      Math.floor(y / 400) +
      (t[month - 1] ?? 0) +
      day) %
    7
  );
}

function describeFault(
  fault: FaultSpec,
  duration: number,
  hadChance: (index: number) => boolean,
): string {
  const what = `faults[${fault.index}] (${fault.fault}${fault.target ? ` on ${fault.target}` : ''}) never fired`;
  if (!('step' in fault.when)) {
    // Before the end, a fault tied to steps waits for one it acts on: none ran on its target.
    if (fault.when.at <= duration && !isImmediateFault(fault.fault)) {
      const acts = Object.keys(faultRecord(fault.fault).affects).join(', ');
      return `${what}: no step it acts on (${acts}) ran${fault.target ? ` on ${fault.target}` : ''} after its time`;
    }
    return `${what}: the procedure had ended before its time`;
  }
  if (fault.probability !== undefined && hadChance(fault.index)) {
    // Not striking is one of its outcomes, not a sign the scenario misses its step.
    return `${what}: it strikes by chance (probability ${fault.probability} at each ${stepPlace(fault.when, fault.target)}) and this run's seed drew no strike`;
  }
  return `${what}: ${noChanceWords(fault)}`;
}

type StepTrigger = Extract<FaultTrigger, { step: unknown }>;

/** Where a fault tied to a step strikes: `step install of hop 2 on active`. Pure. */
function stepPlace(when: StepTrigger, target?: string): string {
  return `step ${when.step}${hopWords(when)}${onWords(when, target)}`;
}

/** ` of hop 2`, or nothing for every hop. Pure. */
function hopWords(when: StepTrigger): string {
  return when.hop ? ` of hop ${when.hop}` : '';
}

/** ` on active`: the host the step runs on, else the fault's target; nothing for any. Pure. */
function onWords(when: StepTrigger, target: string | undefined): string {
  const on = when.host ?? target;
  return on ? ` on ${on}` : '';
}

/**
 * Why a fault tied to a step had no chance to strike in a run: `no step install ran on active`.
 * Pure.
 */
export function noChanceWords(fault: FaultSpec): string {
  const { when } = fault;
  if (!('step' in when)) return 'no step it acts on ran';
  return `no step ${when.step}${hopWords(when)} ran${onWords(when, fault.target)}`;
}

function windowWarnings(scenario: Scenario, durationHint: number): string[] {
  const start = scenario.window?.start;
  if (!start) return [];
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(start);
  if (!match) return [];
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const weekday = dayOfWeek(year, month, day);
  const startMinutes = hour * 60 + minute;
  const warnings: string[] = [];
  if (scenario.system === 'serverware') {
    if (weekday < 1 || weekday > 4) {
      warnings.push(
        `The window starts on a ${DAYS[weekday]}: SERVERware upgrades are done Monday to Thursday.`,
      );
    }
    if (startMinutes > 22 * 60) {
      warnings.push(
        `The window starts at ${start.slice(11)}: SERVERware upgrades can be scheduled until 22:00 local time.`,
      );
    }
  } else {
    const workday = weekday >= 1 && weekday <= 5;
    const endMinutes = startMinutes + Math.ceil(durationHint / 60_000);
    if (workday && startMinutes < 18 * 60 && endMinutes > 8 * 60) {
      warnings.push(
        `The window (${DAYS[weekday]} ${start.slice(11)}) falls in working hours (08:00–18:00 on weekdays): upgrade outside them to avoid affecting normal business.`,
      );
    }
  }
  return warnings;
}

/**
 * Warnings about a scenario that do not stop the run: faults that never fired, a window in
 * working hours or outside the vendor's days, and where a written procedure disagrees with
 * its own steps. Pure.
 */
export function scenarioWarnings(
  scenario: Scenario,
  fired: readonly number[],
  duration = 0,
  hadChance?: (index: number) => boolean,
): string[] {
  const warnings = windowWarnings(scenario, duration);
  if (
    scenario.system === 'serverware' &&
    scenario.topology === 'cluster' &&
    scenario.plan === 'auto' &&
    serverwareCase(scenario.version.from) === '3.3-4.2'
  ) {
    warnings.push(
      "The document's note for the 3.3.x – 4.2.x Cluster case says three failovers, but its own steps give two (one per hop): Rehearse follows the steps.",
    );
  }
  const firedSet = new Set(fired);
  for (const fault of scenario.faults) {
    if (firedSet.has(fault.index)) continue;
    // Without `hadChance` (a run of many, Monte Carlo's) a fault that strikes by chance and did
    // not is no warning: how often it struck is the samples' own figure (`risks`).
    if (hadChance === undefined && fault.probability !== undefined) continue;
    warnings.push(describeFault(fault, duration, hadChance ?? (() => true)));
  }
  return warnings;
}

/**
 * Warnings about the scenario's `decisions:`: an entry no decision point matched, and a choice
 * that was not possible where it matched (the default was taken instead). Pure.
 */
export function decisionWarnings(
  scenario: Scenario,
  context: { readonly decisions: readonly DecisionTaken[]; readonly ruleUses: readonly number[] },
): string[] {
  const warnings: string[] = [];
  for (const rule of scenario.decisions ?? []) {
    if ((context.ruleUses[rule.index] ?? 0) === 0) {
      const where = [
        rule.host === undefined ? '' : ` on ${rule.host}`,
        rule.hop === undefined ? '' : ` in hop ${rule.hop}`,
        rule.fault === undefined ? '' : ` after ${rule.fault}`,
      ].join('');
      warnings.push(
        `decisions[${rule.index}] (${rule.at}${where}: ${rule.choose}) was never used: the run reached no such decision point`,
      );
    }
  }
  for (const decision of context.decisions) {
    if (decision.refused !== undefined) warnings.push(decision.refused);
  }
  return warnings;
}

/**
 * The duration keys a host times for itself, whatever step runs (a takeover, the controller
 * restarting VPSs, a device noticing its peer is gone, a preferred device waiting to preempt):
 * a value per host or role for them is taken when the host needs it, and a run with no such
 * event takes none.
 */
export const HOST_TIMED: ReadonlySet<string> = new Set([
  'takeover',
  'detect',
  'vps-restart',
  'preemption-delay',
]);

/**
 * Warnings about the scenario's `durations:` values per host or role that timed no step of the
 * run: no step of the key ran on that host, or on a host in that role (a SERVERware Primary is
 * never upgraded; a failover is timed for the pair, not for one host). Without them an engineer
 * who wrote down their slow host would take it to be modelled. `roles`: the role each step's
 * host held as it started, by the step's place in `steps`. Pure.
 */
export function durationWarnings(
  scenario: Scenario,
  steps: readonly Pick<StepRecord, 'action' | 'host' | 'status'>[],
  roles: readonly (string | undefined)[],
): string[] {
  const warnings: string[] = [];
  for (const [key, rule] of Object.entries(scenario.spread ?? {})) {
    if (rule?.by === undefined || HOST_TIMED.has(key)) continue;
    const timed = steps.flatMap((step, index) =>
      durationKeyOf(step.action) === key && step.status !== 'pending' && step.status !== 'skipped'
        ? [index]
        : [],
    );
    for (const selector of Object.keys(rule.by)) {
      const used = timed.some(
        (index) => steps[index]?.host === selector || roles[index] === selector,
      );
      if (used) continue;
      const why =
        timed.length === 0
          ? `no step it times ran`
          : timed.every((index) => steps[index]?.host === undefined)
            ? `the steps it times act on no one host (a ${key} is timed by its default)`
            : `no step it times ran on ${selector}`;
      warnings.push(
        `durations.${key}: the value for ${selector} timed nothing in this run: ${why}`,
      );
    }
  }
  return warnings;
}
