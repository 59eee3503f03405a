import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { scenarioFiles, scenarioPath } from '../../../test/support/scenarioFiles';
import { builtinScenarios } from '../../../scripts/builtinScenarios';
import { loadBuiltins } from './builtinList';
import { describeBuiltins } from './builtins';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const MODULE = fileURLToPath(new URL('./builtinList.ts', import.meta.url));

/** Every YAML file under `scenarios/`, read from the disk. */
const files = Object.fromEntries(
  scenarioFiles().map((file) => [`scenarios/${file}`, readFileSync(scenarioPath(file), 'utf8')]),
);

describe('the built-in scenarios described when the app is built', () => {
  it('should replace the module with exactly the list it computes in the page', async () => {
    const plugin = builtinScenarios(ROOT);
    const watched: string[] = [];
    const load = plugin.load as (this: unknown, id: string) => Promise<string | undefined>;
    const code = await load.call({ addWatchFile: (path: string) => watched.push(path) }, MODULE);
    expect(code).toBeDefined();
    const list: unknown = JSON.parse(
      /return (\[[\s\S]*\]);\s*\}\s*$/.exec(code ?? '')?.[1] ?? 'null',
    );
    expect(list).toEqual(describeBuiltins(files));
    expect(watched).toHaveLength(Object.keys(files).length);
    // Other modules are left alone.
    expect(
      await load.call({ addWatchFile: () => undefined }, `${ROOT}src/ui/App.tsx`),
    ).toBeUndefined();
  });

  it('should give the app every file under scenarios/ once, described', () => {
    // Under Vitest the module is the plugin's, as in the built app (without it, the page's).
    const builtins = loadBuiltins();
    expect(builtins.map((item) => item.id).sort()).toEqual(
      Object.keys(files)
        .map((path) => path.replace(/^scenarios\//, ''))
        .sort(),
    );
    expect(builtins).toEqual(describeBuiltins(files));
  });
});
