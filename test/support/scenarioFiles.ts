import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's `scenarios/` folder, wherever the tests are run from. */
const SCENARIOS_DIR = fileURLToPath(new URL('../../scenarios/', import.meta.url));

/**
 * Every YAML scenario under `scenarios/` (built-ins and both corpora), as paths relative to it
 * with `/`, sorted.
 */
export function scenarioFiles(): string[] {
  return readdirSync(SCENARIOS_DIR, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.ya?ml$/.test(file))
    .map((file) => file.split('\\').join('/'))
    .sort();
}

/** The path of one of `scenarioFiles()`. */
export function scenarioPath(file: string): string {
  return join(SCENARIOS_DIR, file);
}
