/**
 * How the decision search chooses the best option, in words: what the runbook, the command's
 * help and the debugger's Explore tab say. A module of its own so the debugger's page can show it
 * without loading the engine. `compareResults` in `decisionSearch.ts` is the rule itself.
 */
export const BEST_OPTION_RULE =
  'of the options that violate no invariant themselves, the one that gets the upgrade furthest (completed, then rolled back or stopped with the system serving, then stuck), then leaves the fewest workloads down at its end, then costs the least total downtime, then rolls back rather than stops half-way, then is the shorter run';
