import { DOWN_CAUSE, STRUCK_DOWN, type Action, type FaultType, type StepRecord } from '../../sim';
import { effectOn, faultRecord, strikesAtItsTime } from '../../../machines/faultTable';
import { isHostAction } from '../../../machines/procedureSteps';
import { clock } from '../format';
import { lastAtOrBefore, resolveTarget, targetHostsAfter, type RunView } from './runView';

/**
 * Whether a fault injected now would fire: where and when it strikes, or why it never can.
 * A step-bound fault changes nothing until it fires, so the run on screen decides exactly.
 */
export type FaultReach =
  | { readonly fires: true; readonly host: string; readonly at: number; readonly where: string }
  | {
      readonly fires: false;
      readonly why: string;
      /**
       * Refused only because the run ends before the fault would strike: nothing the user did
       * wrong, so the form says it plainly ("The run has ended at 5:10:00: rewind to inject a
       * fault."), without an error's look.
       */
      readonly ended?: true;
    }
  /**
   * Spoiler-free: whether it fires depends on the steps still to come, which are not told (a
   * target with none left would tell the class that no step is left on its host). The player
   * still refuses it, with the reason, if it is injected and cannot fire.
   */
  | { readonly fires: 'untold'; readonly where: string };

/** Faults that take a host down at once (into a {@link STRUCK_DOWN} state). */
const TAKES_HOST_DOWN: ReadonlySet<FaultType> = new Set<FaultType>(['host-crash', 'power-loss']);

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

/**
 * When a live fault injected with the playhead at `time` strikes: the next whole second at or
 * after it. The scenario, a share link and the inspector then read a clock time (`1h29m59s`, not
 * `1h29m59s778ms` after a seek by the mouse), and the run up to the playhead stays the run on
 * screen. The engine runs a fault first among its instant's events, so where the screen already
 * shows an event of that very instant (`shown`, the time of the trace entry at the playhead: a
 * failover started at 1:10:00 and stepped into), the fault strikes the second after: at 1:10:00
 * it struck before the failover and undid it. Pure.
 */
export function injectionTime(time: number, shown = Number.NEGATIVE_INFINITY): number {
  const next = Math.ceil(time / 1000) * 1000;
  return shown === next ? next + 1000 : next;
}

/**
 * The host each fault injected at a time on a role (`primary`, `standby`) struck: the role's
 * holder just before its instant, as the engine resolves it ("whichever host matches `target`
 * then"; a fault runs first among its instant's events). Faults aimed at a host, or at a step,
 * are not in it. Pure.
 */
export function faultHolders(view: RunView): ReadonlyMap<number, string> {
  const out = new Map<number, string>();
  const names = new Set(view.hosts);
  for (const spec of view.run.scenario.faults) {
    if (!('at' in spec.when) || spec.target === undefined || names.has(spec.target)) continue;
    const before = lastAtOrBefore(view.times, spec.when.at - 1);
    const holder = resolveTarget(
      targetHostsAfter(view.run, view.hostFrames, view.hosts, Math.max(0, before)),
      spec.target,
    );
    if (holder) out.set(spec.index, holder.name);
  }
  return out;
}

/** What a step-bound fault does to the step it strikes, as the form's sentence begins. */
const EFFECT_VERB: Readonly<Record<NonNullable<ReturnType<typeof effectOn>>, string>> = {
  fails: 'Fails',
  slows: 'Slows',
  interrupts: 'Loses sessions across',
};

/** What a fault's reach depends on beside the run on screen. */
export interface ReachOptions {
  /**
   * The run goes on past its end: a hands-on drill's run stops where the trainee has got to, and
   * the next step taken continues it, so a fault at or after its end waits for that step.
   * @default false
   */
  readonly continues?: boolean;
  /**
   * Spoiler-free mode: whether, where and when a fault strikes a step still to come is not told
   * (a failure before it would move it, and a class would learn of it early; a target with no
   * step left would tell that none is): such a target's reach is `untold`, in words that are
   * the same whether it fires or not.
   * @default false
   */
  readonly spoilerFree?: boolean;
}

/**
 * Where a live fault striking at `time` (the playhead's next whole second, see
 * {@link injectionTime}; the playhead is after trace entry `cursor`) on `target` would strike in
 * this run, or why it cannot: the run has ended by then, no host holds the role, or no step the
 * fault acts on runs on that host from now on. Pure.
 */
export function faultReach(
  view: RunView,
  cursor: number,
  time: number,
  fault: FaultType,
  target: string,
  options: ReachOptions = {},
): FaultReach {
  return faultReaches(view, cursor, time, fault, [target], options).get(target) as FaultReach;
}

/**
 * {@link faultReach} for each of `targets`, sharing the work: the hosts at the instant and the
 * steps the fault acts on are read once, not once per target (a form offering every host of a
 * 400-host Cluster asks for all of them on every frame). Pure.
 */
export function faultReaches(
  view: RunView,
  cursor: number,
  time: number,
  fault: FaultType,
  targets: readonly string[],
  { continues = false, spoilerFree = false }: ReachOptions = {},
): ReadonlyMap<string, FaultReach> {
  const out = new Map<string, FaultReach>();
  const what = (target: string) => `${fault} on ${target} at ${clock(time)}`;
  // The run's last transitions are at its end: the procedure has settled then, and a fault at
  // that instant or later is too late. (The engine runs a fault first among the events of its
  // instant: a crash at the very end would crash a host after the run, changing nothing counted,
  // or fail the step that ends the run after it was shown done.)
  if (!continues && time >= view.duration) {
    const end = clock(view.duration);
    const why =
      (view.times[cursor] ?? 0) >= view.duration
        ? `The run has ended at ${end}: rewind to inject a fault.`
        : `The run ends at ${end}, before a fault could strike: rewind to inject one.`;
    for (const target of targets) out.set(target, { fires: false, why, ended: true });
    return out;
  }
  const hosts = targetHostsAfter(view.run, view.hostFrames, view.hosts, cursor);
  const record = faultRecord(fault);
  const atOnce = strikesAtItsTime(fault);
  const actions = Object.keys(record.affects) as Action[];
  // Spoiler-free, what is said of a target that only a step to come could decide: the actions
  // of this procedure the fault acts on (the steps the plan has, not the run's future).
  let acts: string | undefined;
  const untold = (then: string): FaultReach => {
    if (acts === undefined) {
      const planned = actions.filter((action) =>
        view.run.report.steps.some((step) => !step.recovery && step.action === action),
      );
      acts = orList((planned.length > 0 ? planned : actions).map(words));
    }
    return {
      fires: 'untold',
      where: `Strikes ${then} at the next ${acts} it takes part in, if one comes (spoiler-free: whether one is left is not told).`,
    };
  };
  let steps:
    { affected: StepRecord[]; next: Map<string, StepRecord>; system?: StepRecord } | undefined;
  const stepsAhead = () => {
    if (steps) return steps;
    const affected = view.run.report.steps.filter(
      (step) =>
        actions.includes(step.action) &&
        step.start !== undefined &&
        step.status !== 'skipped' &&
        (step.end === undefined || step.end >= time),
    );
    // A step already running takes the fault only through its host's command; later ones at
    // start. The first such step of each host, and the first that names no host (a failover, a
    // sync check, a backup: a step of the whole system, which any target's fault strikes).
    const next = new Map<string, StepRecord>();
    let system: StepRecord | undefined;
    for (const step of affected) {
      if (step.host === undefined) {
        if (system === undefined && (step.start ?? 0) > time) system = step;
        continue;
      }
      if (next.has(step.host)) continue;
      if ((step.start ?? 0) > time || isHostAction(step.action)) next.set(step.host, step);
    }
    steps = { affected, next, ...(system ? { system } : {}) };
    return steps;
  };
  for (const target of targets) {
    const host = resolveTarget(hosts, target);
    if (!host) {
      out.set(target, {
        fires: false,
        why: `${what(target)} would never fire: no host is ${target} at this instant.`,
      });
      continue;
    }
    const then = host.name === target ? host.name : `${host.name} (${holderWords(target)})`;
    if (atOnce && TAKES_HOST_DOWN.has(fault) && STRUCK_DOWN.has(host.lifecycle)) {
      // The engine ignores a crash or a power loss on a host already down: it would change
      // nothing, and a fault kept on the timeline would say otherwise.
      out.set(target, {
        fires: false,
        why: `${what(target)} would change nothing: ${then} is already down (${DOWN_CAUSE[host.lifecycle] ?? host.lifecycle}).`,
      });
      continue;
    }
    if (atOnce) {
      out.set(target, {
        fires: true,
        host: host.name,
        at: time,
        where: `Strikes ${then} at once.`,
      });
      continue;
    }
    const { affected, next: nextOf, system } = stepsAhead();
    const own = nextOf.get(host.name);
    const next =
      own && (!system || (own.start ?? 0) <= (system.start ?? 0)) ? own : (system ?? own);
    const ahead = next === undefined || (next.start ?? 0) > time;
    if (spoilerFree && ahead) {
      out.set(target, untold(then));
      continue;
    }
    if (next) {
      const hop = next.hop > 0 ? ` in hop ${next.hop}` : '';
      const when = ahead ? `at ${clock(next.start ?? 0)}` : 'now';
      const on = next.host === undefined ? '' : ` on ${then}`;
      // Which targets a step of the whole system takes is the model's assumption: said so.
      const system =
        next.host === undefined
          ? ' A step of the whole system takes a fault aimed at any of its hosts (an assumption).'
          : '';
      // What it does there, and when the class sees it: a step it fails runs its time and
      // fails as it ends (before: "Strikes the install …, at 0:56:20", and nothing showed then).
      const effect = effectOn(fault, next.action);
      const what = effect === undefined ? 'Strikes' : EFFECT_VERB[effect];
      const seen =
        effect !== 'fails'
          ? `, ${when}`
          : next.end === undefined || spoilerFree
            ? ' as it ends'
            : ` as it ends, at ${clock(next.end)}`;
      out.set(target, {
        fires: true,
        host: host.name,
        at: Math.max(time, next.start ?? 0),
        where: `${what} the ${words(next.action)}${on}${hop}${seen}.${system}`,
      });
      continue;
    }
    const elsewhere = [...new Set(affected.flatMap((step) => (step.host ? [step.host] : [])))];
    const acts = orList(actions.map(words));
    const hint =
      elsewhere.length > 0
        ? ` Aim it at ${orList(elsewhere)}, where one still runs.`
        : ` None is left in this run.`;
    out.set(target, {
      fires: false,
      why: `${what(target)} would never fire: it acts on ${/^[aeiou]/i.test(acts) ? 'an' : 'a'} ${acts}, and none runs on ${then} from here on.${hint}`,
    });
  }
  return out;
}

/**
 * What a target names, beside the host it resolves to: a role that moves as the run goes on is
 * held "now" (`the primary now`); a kind of host is one of them (before: "the processing now").
 * Pure.
 */
function holderWords(target: string): string {
  return KIND_WORDS[target] ?? `the ${target} now`;
}

const KIND_WORDS: Readonly<Record<string, string>> = {
  processing: 'a processing host',
  backup: 'the Backup host',
  server: 'the server',
};
