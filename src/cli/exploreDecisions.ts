import { searchDecisions, type DecisionSearchResult } from '../sim/decisionSearch';
import type { Scenario } from '../sim';
import type { CliIo } from './io';
import { decisionRunbook, renderDecisionSearch } from './decisionSearchOutput';
import { ownFaultsNote } from './exploreNote';
import { oneLine } from './terminal';
import type { Paint } from './text';

/**
 * `rehearse explore FILE… --decisions`: the decision search on each file in turn, printed as
 * tables, JSON or a runbook. Exit status 1 when an option beats the default somewhere.
 */
export function exploreDecisions(
  io: CliIo,
  paint: Paint,
  loaded: readonly { readonly file: string; readonly scenario: Scenario }[],
  faults: number,
  output: { readonly json: boolean; readonly markdown: boolean },
): number {
  const results: DecisionSearchResult[] = [];
  for (const item of loaded) {
    const result = searchDecisions(item.scenario, {
      faults: faults === 2 ? 2 : 1,
      onProgress: (done, total) =>
        io.progress?.(`searching decisions in ${item.file}: ${done} of ${total} fault sets`),
    });
    io.progress?.(undefined);
    results.push(result);
    const leftOut = ownFaultsNote(item.scenario.faults.length);
    if (leftOut !== undefined) io.stderr(`rehearse explore: ${oneLine(item.file)}: ${leftOut}\n`);
  }
  if (output.json) {
    io.stdout(`${JSON.stringify(results.length === 1 ? results[0] : results, null, 2)}\n`);
  } else if (output.markdown) {
    io.stdout(results.map(decisionRunbook).join('\n'));
  } else {
    io.stdout(`${results.map((r) => renderDecisionSearch(r, paint).join('\n')).join('\n\n')}\n`);
  }
  return results.some((r) => r.better.length > 0) ? 1 : 0;
}
