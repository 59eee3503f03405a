/**
 * Which of a scenario's varying `durations:` a run took a drawn value of: what makes two seeds'
 * runs differ. A key that varies but timed nothing (`failover: 10m..30m` where no failover
 * happens) leaves every run as it was, so it is not drawn from the seed in any sense that shows.
 */
import { ruleValue } from '../../machines/durationDraw';
import { durationKeyOf, type ProcedureStep } from '../../machines/procedureSteps';
import type { DurationKey, DurationValue } from '../../machines/types';
import type { Scenario } from './types';
import { HOST_TIMED } from './warnings';

function varies(value: DurationValue | undefined): boolean {
  return value !== undefined && typeof value !== 'number' && value.max > value.min;
}

/**
 * The keys a host machine times from its own draw, made once per host and run, rather than from a
 * step's: a takeover, noticing a peer is gone, the controller restarting VPSs, a preferred device
 * waiting to preempt — and the switchover of such a preemption, which no step starts. Whether a
 * host waited one of them does not show in the run's steps, so such a key counts as drawn
 * whenever it varies.
 */
const OWN_DELAYS: ReadonlySet<string> = new Set([...HOST_TIMED, 'switchover']);

/**
 * The varying duration keys whose drawn value timed something in one run, in the order of the
 * scenario's `durations:`: a step that ran (not pending nor skipped) of that key, without a
 * `duration` of its own, on a host whose value for it (by the host's name, then the role it held
 * as the step started, then `default`) is a range or an estimate; and every varying key of a
 * host's own delays ({@link OWN_DELAYS}). A run that took none of them is the same run with every
 * seed, as far as durations go. Pure.
 * @param roles the role each step's host held as it started, by the step's place in `steps`.
 */
export function drawnDurations(
  scenario: Scenario,
  steps: readonly Pick<ProcedureStep, 'action' | 'host' | 'status' | 'duration'>[],
  roles: readonly (string | undefined)[],
): DurationKey[] {
  const spread = scenario.spread;
  if (spread === undefined) return [];
  const timed = new Set<DurationKey>();
  for (const [index, step] of steps.entries()) {
    if (step.status === 'pending' || step.status === 'skipped' || step.duration !== undefined)
      continue;
    const key = durationKeyOf(step.action);
    const rule = key === undefined ? undefined : spread[key];
    if (key === undefined || rule === undefined) continue;
    if (varies(ruleValue(rule, step.host, roles[index]))) timed.add(key);
  }
  return (Object.keys(spread) as DurationKey[]).filter((key) => {
    if (timed.has(key)) return true;
    const rule = spread[key];
    return (
      OWN_DELAYS.has(key) &&
      rule !== undefined &&
      [rule.default, ...Object.values(rule.by ?? {})].some(varies)
    );
  });
}
