import type { Action, FaultType, HostState } from '../../sim';
import { faultRecord, isImmediateFault } from '../../../machines/faultTable';
import { isHostAction } from '../../../machines/procedureSteps';
import { clock } from '../format';
import { hostsAt, type RunView } from './runView';

/**
 * Whether a fault injected now would fire: where and when it strikes, or why it never can.
 * A step-bound fault changes nothing until it fires, so the run on screen decides exactly.
 */
export type FaultReach =
  | { readonly fires: true; readonly host: string; readonly at: number; readonly where: string }
  | { readonly fires: false; readonly why: string };

const ACTION_WORDS: Partial<Record<Action, string>> = {
  'check-sessions': 'session check',
  'check-sync': 'sync check',
  'gui-update': 'GUI update',
};

function words(action: Action): string {
  return ACTION_WORDS[action] ?? action;
}

function orList(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1] ?? ''}`;
}

/** The host a target (a host name, a role or a kind) names at an instant, as the engine resolves it. */
function resolve(hosts: readonly HostState[], target: string): HostState | undefined {
  return (
    hosts.find((host) => host.name === target) ??
    hosts.find((host) => host.role === target || host.kind === target)
  );
}

/**
 * Where a live fault injected at `time` (the playhead, after trace entry `cursor`) on `target`
 * would strike in this run, or why it cannot: the procedure has settled, no host holds the role,
 * or no step the fault acts on runs on that host from now on. Pure.
 */
export function faultReach(
  view: RunView,
  cursor: number,
  time: number,
  fault: FaultType,
  target: string,
): FaultReach {
  const what = `${fault} on ${target} at ${clock(time)}`;
  if (time > view.duration) {
    return {
      fires: false,
      why: `${what} would never fire: the procedure has ended, so nothing is left to strike.`,
    };
  }
  const host = resolve(hostsAt(view, cursor), target);
  if (!host) {
    return { fires: false, why: `${what} would never fire: no host is ${target} at this instant.` };
  }
  const then = host.name === target ? host.name : `${host.name}, the ${target} now`;
  const record = faultRecord(fault);
  if (isImmediateFault(fault) || record.strikesHostAtTime === true) {
    return { fires: true, host: host.name, at: time, where: `Strikes ${then} at once.` };
  }
  const actions = Object.keys(record.affects) as Action[];
  const affected = view.run.report.steps.filter(
    (step) =>
      actions.includes(step.action) &&
      step.start !== undefined &&
      step.status !== 'skipped' &&
      (step.end === undefined || step.end >= time),
  );
  // A step already running takes the fault only through its host's command; later ones at start.
  const next = affected.find(
    (step) => step.host === host.name && ((step.start ?? 0) > time || isHostAction(step.action)),
  );
  if (next) {
    const hop = next.hop > 0 ? ` in hop ${next.hop}` : '';
    const when = (next.start ?? 0) <= time ? 'now' : `at ${clock(next.start ?? 0)}`;
    return {
      fires: true,
      host: host.name,
      at: Math.max(time, next.start ?? 0),
      where: `Strikes the ${words(next.action)} on ${then}${hop}, ${when}.`,
    };
  }
  const elsewhere = [...new Set(affected.flatMap((step) => (step.host ? [step.host] : [])))];
  const acts = orList(actions.map(words));
  const hint =
    elsewhere.length > 0
      ? ` Aim it at ${orList(elsewhere)}, where one still runs.`
      : ` None is left in this run.`;
  return {
    fires: false,
    why: `${what} would never fire: it acts on ${/^[aeiou]/i.test(acts) ? 'an' : 'a'} ${acts}, and none runs on ${then} from here on.${hint}`,
  };
}
