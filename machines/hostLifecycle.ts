import {
  assign,
  enqueueActions,
  not,
  or,
  sendParent,
  setup,
  stateIn,
  type EventObject,
} from 'xstate';
import { failureReason } from './faultTable';
import type { Action, Durations, FaultType, HostKind } from './types';

/** A fault the procedure attaches to the command that starts a step. */
export interface StepFault {
  readonly type: FaultType;
  /** Index of the fault in the scenario's `faults` list. */
  readonly index: number;
  readonly duration?: number;
}

export interface HostInput {
  readonly name: string;
  readonly kind: HostKind;
  readonly version: string;
  readonly durations: Durations;
  /** HA devices: preemption setting at start. */
  readonly preemption?: boolean;
  /** HA devices: whether this device has the higher priority. */
  readonly preferred?: boolean;
  /** Storage and HA devices: whether the host starts in the serving role (primary / active). */
  readonly leading?: boolean;
  /**
   * Processing hosts (`policy.failed-restart: move`): whether the controller starts the VPSs of
   * this host elsewhere when its restart into the new version fails.
   */
  readonly movesOnFailedRestart?: boolean;
  /**
   * `recovery.install-again-after-crash: false`: a crash between the host's install and its
   * restart leaves the version it installed in place, for that restart to boot.
   */
  readonly keepsInstallOnCrash?: boolean;
}

export interface HostContext {
  readonly name: string;
  readonly kind: HostKind;
  /** The version the host runs now. */
  readonly version: string;
  /** A version installed and waiting for the restart that boots it. */
  readonly staged?: string;
  readonly durations: Durations;
  /** The fault attached to the step in progress, if any. */
  readonly fault?: StepFault;
  /** The step in progress, reported back when it ends. */
  readonly step?: Action;
  /** How long the step in progress lasts when its command says (a drawn duration). */
  readonly stepTime?: number;
  /** How long the host stays down after a crash or power loss. */
  readonly downFor: number;
  /** Whether a crash or power loss interrupted a step (the host then needs a rollback). */
  readonly interrupted: boolean;
  readonly preemption: boolean;
  readonly preferred: boolean;
  readonly leading: boolean;
  readonly poolResilver: number;
  /** See {@link HostInput.movesOnFailedRestart}. */
  readonly movesOnFailedRestart: boolean;
  /** See {@link HostInput.keepsInstallOnCrash}. */
  readonly keepsInstallOnCrash: boolean;
  /**
   * Whether the version staged or last booted came from a rollback or a restore: the host is
   * being brought back to a version it ran before (until its next install).
   */
  readonly goingBack: boolean;
}

export type HostEvent =
  | { type: 'install.start'; version: string; fault?: StepFault; duration?: number }
  | { type: 'reboot.start'; fault?: StepFault; duration?: number }
  | { type: 'verify.start'; fault?: StepFault; duration?: number }
  | { type: 'rollback.start'; version: string; fault?: StepFault; duration?: number }
  | { type: 'restore.start'; version: string; fault?: StepFault; duration?: number }
  | { type: 'services.stop'; fault?: StepFault; duration?: number }
  | { type: 'services.start'; fault?: StepFault; duration?: number }
  | ({ type: 'host.crash'; duration: number } & ByFault)
  | ({ type: 'power.loss'; duration: number } & ByFault)
  | ({ type: 'fault.arm'; fault: StepFault } & ByFault)
  | { type: 'gui.update'; version: string }
  | ({ type: 'pool.degrade'; duration: number } & ByFault)
  | { type: 'failover.begin' }
  | { type: 'failover.complete' }
  | { type: 'failover.abort' }
  | ({ type: 'role.activate' } & Partial<ByFault>)
  | ({ type: 'role.standby' } & Partial<ByFault>)
  | ({ type: 'takeover.begin' } & Partial<ByFault>)
  | ({ type: 'role.demote' } & Partial<ByFault>)
  | ({ type: 'role.takeover' } & Partial<ByFault>)
  | { type: 'preemption.set'; enabled: boolean };

/**
 * The mark of an event a fault sends to a host — the fault striking it, or the system's own
 * reaction to the fault (an HA pair taking over from a device that went down) — as opposed to
 * a command of the procedure. Events only a fault sends carry it always; a role change carries
 * it when a fault, not a step, made it.
 */
export interface ByFault {
  readonly byFault: true;
}

/**
 * Delays that time a fault's own effect: how long a crashed host stays down, a pool resilvers, a
 * Secondary takes over from a lost Primary, an HA standby notices its active device is gone.
 */
const FAULT_DELAYS: ReadonlySet<string> = new Set(['downtime', 'resilver', 'takeover', 'detect']);

/**
 * Whether a fault, rather than the procedure, moved a host with `event`: the event is marked
 * {@link ByFault}; or it is the end of a step a fault was attached to (the fault makes the step
 * fail there: an install that fails, a restart that does not boot, power lost while flashing);
 * or it ends the downtime or resilvering a fault started. Every other move — a step starting,
 * a step ending as planned, a switchover, a failover, preemption grabbing the active role after
 * a planned restart — is the procedure's. `before` is the host's context before the move. Pure.
 */
export function movedByFault(event: EventObject, before: HostContext | undefined): boolean {
  if ((event as Partial<ByFault>).byFault === true) return true;
  if (!event.type.startsWith('xstate.after.')) return false;
  const delay = event.type.slice('xstate.after.'.length).split('.')[0] ?? '';
  return FAULT_DELAYS.has(delay) || before?.fault !== undefined;
}

/** What hosts tell the procedure. */
export type HostReportEvent =
  | { type: 'step.done'; host: string; action: Action; version: string }
  | { type: 'step.failed'; host: string; action: Action; version: string; reason: string }
  | {
      type: 'host.down';
      host: string;
      reason: string;
      /** The version it installed and had not booted survives (see `keepsInstallOnCrash`). */
      keptInstall?: true;
    }
  | { type: 'host.up'; host: string; version: string; interrupted: boolean }
  | { type: 'host.preempted'; host: string }
  | { type: 'host.took-over'; host: string }
  | { type: 'preemption.pending'; host: string; pending: boolean }
  | { type: 'pool.online'; host: string };

function reasonFor(context: HostContext, fallback: string): string {
  if (!context.fault) return fallback;
  // A rollback's or a restore's restart boots the staged version; its check, the one booted.
  const back = context.goingBack ? (context.staged ?? context.version) : undefined;
  return failureReason(context.fault.type, context.step, fallback, back);
}

/** The step each command starts. */
const STEP_OF_COMMAND: Partial<Record<HostEvent['type'], Action>> = {
  'install.start': 'install',
  'reboot.start': 'reboot',
  'verify.start': 'verify',
  'rollback.start': 'rollback',
  'restore.start': 'restore',
};

/**
 * The shared setup of every host machine: the lifecycle every role goes through (install,
 * restart, verification, rollback, crashes), the delays that time it and the reports it sends
 * to the procedure. Role machines add their own regions on top.
 */
export const hostSetup = setup({
  types: {
    context: {} as HostContext,
    events: {} as HostEvent,
    input: {} as HostInput,
  },
  guards: {
    hasFault: ({ context }, params: { fault: FaultType }) => context.fault?.type === params.fault,
    wasInterrupted: ({ context }) => context.interrupted,
    isLeading: ({ context }) => context.leading,
    movesOnFailedRestart: ({ context }) => context.movesOnFailedRestart,
    preempts: ({ context }) => context.preemption && context.preferred,
    isPreferred: ({ context }) => context.preferred,
    preemptionEnabled: ({ context }) => context.preemption,
    setsPreemption: ({ event }, params: { enabled: boolean }) =>
      event.type === 'preemption.set' && event.enabled === params.enabled,
  },
  delays: {
    install: ({ context }) => context.stepTime ?? context.durations.install,
    reboot: ({ context }) => context.stepTime ?? context.durations.reboot,
    verify: ({ context }) => context.stepTime ?? context.durations.verify,
    rollback: ({ context }) => context.stepTime ?? context.durations.rollback,
    restore: ({ context }) => context.stepTime ?? context.durations.restore,
    stopServices: ({ context }) => context.stepTime ?? context.durations['stop-services'],
    vpsRestart: ({ context }) => context.durations['vps-restart'],
    downtime: ({ context }) => context.downFor,
    resilver: ({ context }) => context.poolResilver,
    takeover: ({ context }) => context.durations.takeover,
    detect: ({ context }) => context.durations.detect,
    preemptionDelay: ({ context }) => context.durations['preemption-delay'],
    switchover: ({ context }) => context.durations.switchover,
  },
  actions: {
    /** Starts the step the command names; an install, rollback or restore stages its version. */
    beginStep: assign(({ event }) => {
      const step = STEP_OF_COMMAND[event.type];
      if (step === undefined) return {};
      const fault = 'fault' in event ? event.fault : undefined;
      const time =
        'duration' in event && event.duration !== undefined ? { stepTime: event.duration } : {};
      return 'version' in event
        ? {
            step,
            fault,
            staged: event.version,
            goingBack: step === 'rollback' || step === 'restore',
            ...time,
          }
        : { step, fault, ...time };
    }),
    clearStepTime: assign(({ context }) =>
      context.stepTime === undefined ? {} : { stepTime: undefined },
    ),
    /** Takes the length of a step the services region times (stopping services). */
    takeStepTime: assign(({ event }) =>
      'duration' in event && event.duration !== undefined ? { stepTime: event.duration } : {},
    ),
    bootStaged: assign(({ context }) => ({
      version: context.staged ?? context.version,
      staged: undefined,
    })),
    dropStaged: assign({ staged: undefined }),
    setVersion: assign((_, params: { version: string }) => ({ version: params.version })),
    reportDone: sendParent(({ context }) => ({
      type: 'step.done',
      host: context.name,
      action: context.step ?? 'verify',
      version: context.staged ?? context.version,
    })),
    reportFailed: sendParent(({ context }) => ({
      type: 'step.failed',
      host: context.name,
      action: context.step ?? 'verify',
      version: context.version,
      reason: reasonFor(context, 'the step failed'),
    })),
    endStep: assign(({ context }) =>
      context.stepTime === undefined
        ? { step: undefined, fault: undefined }
        : { step: undefined, fault: undefined, stepTime: undefined },
    ),
    goDown: assign(
      ({ context }, params: { duration: number; interrupted: boolean; keepsStaged: boolean }) => ({
        downFor: params.duration,
        interrupted: params.interrupted,
        staged: params.keepsStaged ? context.staged : undefined,
      }),
    ),
    reportInterrupted: enqueueActions(({ context, enqueue }, params: { reason: string }) => {
      if (context.step === undefined) return;
      enqueue.sendParent({
        type: 'step.failed',
        host: context.name,
        action: context.step,
        version: context.version,
        reason: params.reason,
      });
    }),
    reportDown: sendParent(({ context }, params: { reason: string }) => ({
      type: 'host.down',
      host: context.name,
      reason: params.reason,
      ...(context.staged !== undefined ? { keptInstall: true as const } : {}),
    })),
    reportUp: sendParent(({ context }) => ({
      type: 'host.up',
      host: context.name,
      version: context.version,
      interrupted: context.interrupted,
    })),
    /** Back up: nothing remembers how long it was down, so it is the host it was before. */
    clearDown: assign({ downFor: 0, interrupted: false }),
    armFault: assign((_, params: { fault: StepFault }) => ({ fault: params.fault })),
    setLeading: assign((_, params: { leading: boolean }) => ({ leading: params.leading })),
    setPreemption: assign((_, params: { enabled: boolean }) => ({ preemption: params.enabled })),
    reportPreempted: sendParent(({ context }) => ({ type: 'host.preempted', host: context.name })),
    reportTookOver: sendParent(({ context }) => ({ type: 'host.took-over', host: context.name })),
    reportPreemptionPending: sendParent(({ context }, params: { pending: boolean }) => ({
      type: 'preemption.pending',
      host: context.name,
      pending: params.pending,
    })),
    startResilver: assign((_, params: { duration: number }) => ({ poolResilver: params.duration })),
    endResilver: assign({ poolResilver: 0 }),
    reportServicesDone: sendParent(({ context }, params: { action: Action }) => ({
      type: 'step.done',
      host: context.name,
      action: params.action,
      version: context.version,
    })),
    reportPoolOnline: sendParent(({ context }) => ({ type: 'pool.online', host: context.name })),
  },
});

/** Down without warning: a crash, or a power loss (never the upgrade's own restart). */
export const wentDown = or([
  stateIn({ lifecycle: 'down' }),
  stateIn({ lifecycle: 'consoleRecovery' }),
]);
/** Not down without warning (see {@link wentDown}). */
export const isBack = not(wentDown);

/** Builds the initial context of a host from its input. Pure. */
export function hostContext({ input }: { input: HostInput }): HostContext {
  return {
    name: input.name,
    kind: input.kind,
    version: input.version,
    durations: input.durations,
    downFor: 0,
    interrupted: false,
    preemption: input.preemption ?? false,
    preferred: input.preferred ?? false,
    leading: input.leading ?? false,
    poolResilver: 0,
    movesOnFailedRestart: input.movesOnFailedRestart ?? false,
    keepsInstallOnCrash: input.keepsInstallOnCrash ?? false,
    goingBack: false,
  };
}

function downParams({ context, event }: { context: HostContext; event: HostEvent }) {
  const duration = event.type === 'host.crash' || event.type === 'power.loss' ? event.duration : 0;
  // A check changes nothing on the host: one a crash cuts short leaves it on the version it
  // booted, to be checked again (see the procedure's `react`), not half-changed.
  const interrupted = context.step !== undefined && context.step !== 'verify';
  // What it installed and has not booted is lost with it, unless the scenario keeps it through
  // a crash that cuts no step short (a power loss while flashing never does).
  const keepsStaged = event.type === 'host.crash' && context.keepsInstallOnCrash && !interrupted;
  return { duration, interrupted, keepsStaged };
}

const crash = {
  'host.crash': {
    target: '.down',
    actions: [
      { type: 'goDown', params: downParams },
      { type: 'reportDown', params: { reason: 'the host crashed' } },
      { type: 'reportInterrupted', params: { reason: 'the host crashed' } },
      'endStep',
    ],
  },
  'power.loss': {
    target: '.consoleRecovery',
    actions: [
      { type: 'goDown', params: downParams },
      { type: 'reportDown', params: { reason: 'power was lost' } },
      { type: 'reportInterrupted', params: { reason: 'power was lost while flashing' } },
      'endStep',
    ],
  },
} as const;

/**
 * The lifecycle region shared by every host: serving, backing up, installing, restarting,
 * verifying, rolling back, failed, down. States tagged `serving` keep the host's workloads up;
 * `ready` means the host can take over a role; `maintenance` marks planned work on the host.
 */
export const lifecycleRegion = hostSetup.createStateConfig({
  initial: 'online',
  on: {
    ...crash,
    'fault.arm': { actions: { type: 'armFault', params: ({ event }) => ({ fault: event.fault }) } },
  },
  states: {
    online: {
      tags: ['serving', 'ready'],
      description: 'Serving on its current version.',
      on: {
        'gui.update': {
          actions: { type: 'setVersion', params: ({ event }) => ({ version: event.version }) },
        },
        'install.start': {
          target: 'installing',
          actions: 'beginStep',
        },
        'reboot.start': {
          target: 'rebooting',
          actions: 'beginStep',
        },
        'verify.start': {
          target: 'verifying',
          actions: 'beginStep',
        },
        'rollback.start': {
          target: 'rollingBack',
          actions: 'beginStep',
        },
        'restore.start': {
          target: 'restoring',
          actions: 'beginStep',
        },
      },
    },
    installing: {
      tags: ['serving', 'maintenance'],
      description: 'Installing the new version; workloads keep running until the restart.',
      after: {
        install: [
          {
            guard: { type: 'hasFault', params: { fault: 'power-loss' } },
            target: 'consoleRecovery',
            actions: [
              {
                type: 'goDown',
                params: ({ context }) => ({
                  duration: context.fault?.duration ?? context.durations.restore,
                  interrupted: true,
                  keepsStaged: false,
                }),
              },
              { type: 'reportDown', params: { reason: 'power was lost while flashing' } },
              { type: 'reportInterrupted', params: { reason: 'power was lost while flashing' } },
              'endStep',
            ],
          },
          {
            guard: { type: 'hasFault', params: { fault: 'upgrade-failure' } },
            target: 'failed',
            actions: ['dropStaged', 'reportFailed', 'endStep'],
          },
          { target: 'installed', actions: ['reportDone', 'endStep'] },
        ],
      },
    },
    installed: {
      tags: ['serving', 'maintenance'],
      description: 'New version installed, waiting for the restart that boots it.',
      on: {
        'reboot.start': {
          target: 'rebooting',
          actions: 'beginStep',
        },
        'verify.start': {
          target: 'verifying',
          actions: 'beginStep',
        },
        'rollback.start': {
          target: 'rollingBack',
          actions: 'beginStep',
        },
      },
    },
    rebooting: {
      tags: ['maintenance'],
      description: 'Restarting; whatever runs on this host is down until it is back.',
      after: {
        reboot: [
          {
            guard: { type: 'hasFault', params: { fault: 'boot-failure' } },
            target: 'bootFailed',
            actions: ['dropStaged', 'reportFailed', 'endStep'],
          },
          { target: 'booted', actions: ['reportDone', 'bootStaged', 'endStep'] },
        ],
      },
    },
    booted: {
      tags: ['serving'],
      description: 'Back up after the restart, not yet verified.',
      on: {
        'verify.start': {
          target: 'verifying',
          actions: 'beginStep',
        },
        'install.start': {
          target: 'installing',
          actions: 'beginStep',
        },
        'rollback.start': {
          target: 'rollingBack',
          actions: 'beginStep',
        },
        'reboot.start': {
          target: 'rebooting',
          actions: 'beginStep',
        },
      },
    },
    verifying: {
      tags: ['serving', 'maintenance'],
      description: 'Checking the host: services up, pool ONLINE, tests passed.',
      after: {
        verify: [
          {
            guard: { type: 'hasFault', params: { fault: 'upgrade-failure' } },
            target: 'failed',
            actions: ['reportFailed', 'endStep'],
          },
          { target: 'online', actions: ['reportDone', 'endStep'] },
        ],
      },
    },
    rollingBack: {
      tags: ['serving', 'maintenance'],
      description: 'Reinstalling the previous version; a restart follows.',
      after: {
        rollback: { target: 'installed', actions: ['reportDone', 'endStep'] },
      },
    },
    rollingBackOffline: {
      tags: ['maintenance'],
      description: 'Reinstalling the previous version on a host that did not boot; it stays down.',
      after: {
        rollback: { target: 'installedOffline', actions: ['reportDone', 'endStep'] },
      },
    },
    reinstallingOffline: {
      tags: ['maintenance'],
      description: 'Reinstalling the new version on a host that did not boot; it stays down.',
      after: {
        install: [
          {
            guard: { type: 'hasFault', params: { fault: 'upgrade-failure' } },
            target: 'bootFailed',
            actions: ['dropStaged', 'reportFailed', 'endStep'],
          },
          { target: 'installedOffline', actions: ['reportDone', 'endStep'] },
        ],
      },
    },
    installedOffline: {
      tags: ['maintenance'],
      description:
        'Previous version reinstalled on a host that did not boot, waiting for the restart.',
      on: {
        'reboot.start': {
          target: 'rebooting',
          actions: 'beginStep',
        },
      },
    },
    restoring: {
      tags: ['maintenance'],
      description: 'Restoring the backup and the previous version.',
      after: {
        restore: { target: 'installed', actions: ['reportDone', 'endStep'] },
      },
    },
    failed: {
      tags: ['serving'],
      description:
        'The step failed; the host still runs its previous version and needs a rollback or a reinstall.',
      on: {
        'install.start': {
          target: 'installing',
          actions: 'beginStep',
        },
        'rollback.start': {
          target: 'rollingBack',
          actions: 'beginStep',
        },
        'restore.start': {
          target: 'restoring',
          actions: 'beginStep',
        },
        'reboot.start': {
          target: 'rebooting',
          actions: 'beginStep',
        },
      },
    },
    bootFailed: {
      description:
        'The new version did not boot; the host is down until it is rolled back or reinstalled.',
      on: {
        'install.start': {
          target: 'reinstallingOffline',
          actions: 'beginStep',
        },
        'rollback.start': {
          target: 'rollingBackOffline',
          actions: 'beginStep',
        },
        'restore.start': {
          target: 'restoring',
          actions: 'beginStep',
        },
      },
    },
    down: {
      description: 'Crashed; back on its running version after the crash duration.',
      on: { 'host.crash': { actions: [] }, 'power.loss': { actions: [] } },
      after: {
        downtime: [
          { guard: 'wasInterrupted', target: 'failed', actions: ['reportUp', 'clearDown'] },
          { target: 'online', actions: ['reportUp', 'clearDown'] },
        ],
      },
    },
    consoleRecovery: {
      description: 'Power was lost while flashing; the unit is being recovered from the console.',
      on: { 'host.crash': { actions: [] }, 'power.loss': { actions: [] } },
      after: {
        downtime: [
          { guard: 'wasInterrupted', target: 'failed', actions: ['reportUp', 'clearDown'] },
          { target: 'online', actions: ['reportUp', 'clearDown'] },
        ],
      },
    },
  },
});
