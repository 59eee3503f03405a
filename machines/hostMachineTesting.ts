/**
 * Pure transitions of one host machine, for the machines' unit tests: a host alone has no
 * parent, so the reports it would send the procedure are kept as the actions a transition
 * returns (by name, with their parameters) instead of being sent.
 */
import { initialTransition, transition, type AnyEventObject, type AnyStateMachine } from 'xstate';
import type { HostContext, HostEvent, HostInput } from './hostLifecycle';
import type { Durations } from './types';

const MINUTE = 60_000;

/** Distinct durations, so a test can tell which delay a timer uses. */
export const TEST_DURATIONS: Durations = {
  precheck: 10 * MINUTE,
  backup: 15 * MINUTE,
  sync: 2 * MINUTE,
  check: MINUTE,
  resolve: 16 * MINUTE,
  install: 20 * MINUTE,
  reboot: 5 * MINUTE,
  takeover: 14 * MINUTE,
  'vps-restart': 6 * MINUTE,
  verify: 4 * MINUTE,
  failover: 17 * MINUTE,
  switchover: 10_000,
  rollback: 18 * MINUTE,
  restore: 21 * MINUTE,
  'session-restore': 7 * MINUTE,
  wait: 3 * MINUTE,
  'gui-update': 11 * MINUTE,
  'stop-services': 2 * MINUTE,
  detect: 15_000,
  'preemption-delay': 60_000,
};

/** Every action a host uses to tell the procedure something. */
const REPORTS = [
  'reportDone',
  'reportFailed',
  'reportDown',
  'reportUp',
  'reportInterrupted',
  'reportPreempted',
  'reportTookOver',
  'reportPreemptionPending',
  'reportServicesDone',
  'reportPoolOnline',
] as const;

/** A host's snapshot as the tests read it. */
interface HostSnapshot {
  readonly value: unknown;
  readonly context: HostContext;
  hasTag(tag: string): boolean;
}

/** Where one pure transition left the host, and the actions it returned. */
interface HostStep {
  readonly snapshot: HostSnapshot;
  readonly actions: readonly { readonly type: string; readonly params?: unknown }[];
  /** Delayed events scheduled and not yet fired or cancelled, by id. */
  readonly pending: ReadonlyMap<string, AnyEventObject>;
}

type Actions = HostStep['actions'];

/** The pending delayed events after `actions`: cancelled ones dropped, scheduled ones added. */
function pendingAfter(
  before: ReadonlyMap<string, AnyEventObject>,
  actions: Actions,
): Map<string, AnyEventObject> {
  const pending = new Map(before);
  for (const action of actions) {
    const params = action.params as
      { event?: AnyEventObject; delay?: number; id?: string; sendId?: string } | undefined;
    if (action.type === 'xstate.cancel' && params?.sendId !== undefined)
      pending.delete(params.sendId);
    if (action.type === 'xstate.raise' && params?.delay !== undefined && params.event)
      pending.set(params.id ?? params.event.type, params.event);
  }
  return pending;
}

/** Drives one host machine with pure transitions (nothing is executed or sent). */
export class HostHarness {
  private readonly machine: AnyStateMachine;

  constructor(machine: AnyStateMachine) {
    const keep = Object.fromEntries(REPORTS.map((name) => [name, () => {}]));
    this.machine = machine.provide({ actions: keep });
  }

  /** The host created from `input` (`host-1`, a storage host on 4.8.2, unless given). */
  start(input: Partial<HostInput> = {}): HostStep {
    const [snapshot, actions] = initialTransition(this.machine, {
      name: 'host-1',
      kind: 'storage',
      version: '4.8.2',
      durations: TEST_DURATIONS,
      ...input,
    } satisfies HostInput);
    return { snapshot, actions, pending: pendingAfter(new Map(), actions) };
  }

  /** The host after `event`. */
  send(step: HostStep, event: HostEvent): HostStep {
    return this.after(step, event, step.pending);
  }

  /** The host after the pending delayed event `delay` fires. */
  fire(step: HostStep, delay: string): HostStep {
    const found = [...step.pending].find(([, e]) => e.type.startsWith(`xstate.after.${delay}.`));
    if (!found) {
      const names = [...step.pending.values()].map((e) => e.type).join(', ');
      throw new Error(`no ${delay} timer pending (pending: ${names})`);
    }
    const [id, event] = found;
    const pending = new Map(step.pending);
    pending.delete(id);
    return this.after(step, event, pending);
  }

  private after(
    step: HostStep,
    event: AnyEventObject,
    pending: ReadonlyMap<string, AnyEventObject>,
  ): HostStep {
    const [snapshot, actions] = transition(this.machine, step.snapshot as never, event as never);
    return { snapshot, actions, pending: pendingAfter(pending, actions) };
  }
}

/** The delayed events the last transition scheduled, by delay name, with their lengths. */
export function timers(step: HostStep): Record<string, number> {
  const out: Record<string, number> = {};
  for (const action of step.actions) {
    const params = action.params as { event?: AnyEventObject; delay?: number } | undefined;
    if (action.type === 'xstate.raise' && params?.delay !== undefined && params.event)
      out[params.event.type.split('.')[2] ?? ''] = params.delay;
  }
  return out;
}

/** What the last transition would have told the procedure: report names, with their reasons. */
export function reports(step: HostStep): string[] {
  return step.actions.flatMap((action) => {
    if (!(REPORTS as readonly string[]).includes(action.type)) return [];
    const params = action.params as { reason?: string; action?: string } | undefined;
    const detail = params?.reason ?? params?.action;
    return [detail === undefined ? action.type : `${action.type}: ${detail}`];
  });
}

/** One region's state of a parallel host machine. */
export function region(step: HostStep, name: string): unknown {
  return (step.snapshot.value as Record<string, unknown>)[name];
}
