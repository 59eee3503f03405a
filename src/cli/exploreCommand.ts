import type { Command } from './command';

/** `rehearse explore`: part of the contract, not of this version yet. */
export const exploreCommand: Command = {
  name: 'explore',
  synopsis: 'FILE [--faults K] [--json]',
  summary:
    'try faults systematically and report every invariant violation (not available in this version)',
  options: [
    { name: 'faults', value: 'K', help: 'how many faults to combine in one run' },
    { name: 'json', help: 'print the findings as JSON' },
  ],
  run(_args, { io }) {
    io.stderr(
      'rehearse explore: the explorer is not available in this version; to rehearse a fault, list it under `faults:` in the scenario and use `rehearse run FILE`\n',
    );
    return 2;
  },
};
