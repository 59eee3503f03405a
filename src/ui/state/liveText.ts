import {
  parseScenario,
  rewriteScenarioText,
  scenarioToYaml,
  writeFaultsIntoText,
  type FaultSpec,
  type Scenario,
} from '../../sim';

/**
 * The editor's text with the faults injected by hand written in, as the share link, a draft and
 * "Write into the scenario" carry them: added under `faults:` with the rest of the text as its
 * author wrote it, comments included. Where the text cannot take them that way (a flow mapping,
 * or text that no longer reads as the scenario on screen), only the keys that differ are
 * written again ({@link rewriteScenarioText}). `scenario` is the run's scenario without the live
 * faults; with none, or no live fault, the text as it is. Pure.
 */
export function textWithLiveFaults(
  source: string,
  file: string,
  scenario: Scenario | undefined,
  live: readonly FaultSpec[],
): string {
  if (live.length === 0 || !scenario) return source;
  const wanted = { ...scenario, faults: [...scenario.faults, ...live] };
  try {
    const text = writeFaultsIntoText(source, live);
    if (scenarioToYaml(parseScenario(text, file)) === scenarioToYaml(wanted)) return text;
  } catch {
    // Written below, key by key.
  }
  return rewriteScenarioText(source, file, wanted);
}
