import { and, or, stateIn } from 'xstate';
import { hostContext, hostSetup, isBack, lifecycleRegion, wentDown } from './hostLifecycle';
/** Its restart into the new version failed, and the scenario has the controller take its VPSs. */
const restartFailed = and(['movesOnFailedRestart', stateIn({ lifecycle: 'bootFailed' })]);
/**
 * Running again after a failed restart: in a state of its lifecycle that serves (not down, being
 * reinstalled or restarting), read from the lifecycle's own `serving` tags.
 */
const upAgain = or(
  Object.entries(lifecycleRegion.states ?? {})
    .filter(([, state]) => 'tags' in state && state.tags.includes('serving'))
    .map(([name]) => stateIn({ lifecycle: name })),
);

/**
 * A SERVERware Cluster processing host: runs VPSs whose disks live on the storage pair. While
 * it restarts, the VPSs left on it are down; a storage failover does not affect them. When it
 * goes down without warning, the controller starts its VPSs on another processing host (Bicom,
 * "SERVERware 3: how does the failover work"); which host takes them is the world's to say
 * (`nextPlacement` in `src/sim/world.ts`), since it depends on every processing host's state.
 * When its restart into the new version fails, its VPSs wait for it (`policy.failed-restart:
 * wait`, Rehearse's assumption) or the controller takes them as after a crash (`move`).
 */
export const processingHostMachine = hostSetup.createMachine({
  id: 'processingHost',
  type: 'parallel',
  context: hostContext,
  states: {
    lifecycle: lifecycleRegion,
    vps: {
      initial: 'hosting',
      states: {
        hosting: {
          description:
            'Runs the VPSs placed on it, down while it restarts: a planned restart moves none of them, nor, by default, one that fails (`policy.failed-restart: wait`, an assumption).',
          always: [
            { guard: wentDown, target: 'lost' },
            { guard: restartFailed, target: 'restartFailed' },
          ],
        },
        restartFailed: {
          description:
            'Its restart into the new version failed and `policy.failed-restart: move` has the controller treat it as unavailable: after vps-restart the controller starts its VPSs on another processing host; running again before then, it runs them itself.',
          always: { guard: upAgain, target: 'hosting' },
          after: { vpsRestart: 'movedAway' },
        },
        lost: {
          description:
            'Went down without warning: after vps-restart the controller starts its VPSs on another processing host; back before then, it runs them again itself.',
          always: { guard: isBack, target: 'hosting' },
          after: { vpsRestart: 'movedAway' },
        },
        movedAway: {
          description:
            'The controller started its VPSs on another processing host; they stay there (the source documents no failback).',
          always: { guard: upAgain, target: 'hosting' },
        },
      },
    },
  },
});
