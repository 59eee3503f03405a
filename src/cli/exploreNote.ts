import { plural } from './text';

/**
 * What the findings are about when the scenario has faults of its own (placed or by chance):
 * the explorer leaves them out and injects its own, as the debugger's Explore tab says too.
 * Pure.
 */
export function ownFaultsNote(count: number): string | undefined {
  if (count === 0) return undefined;
  return `the scenario's own ${plural(count, 'fault')} (faults:) ${count === 1 ? 'is' : 'are'} left out: each run has only the faults the explorer injects, and the findings are about those runs`;
}
