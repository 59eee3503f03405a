/**
 * Everything the bench measures, in one entry point that bench/bundle.ts bundles the way the
 * CLI is bundled: the figures are those of the shipped code, not of a development loader.
 */
export { createActor } from 'xstate';
export { procedureMachine } from '../machines';
export {
  exploreShard,
  mergeShards,
  parseScenario,
  planProcedure,
  sampler,
  simulate,
} from '../src/sim';
export { VirtualClock } from '../src/sim/clock';
