/**
 * The app's built-in scenarios, described when the app is built: the plugin replaces
 * `src/ui/state/builtinList.ts` with the list its `loadBuiltins` would compute in the page (every
 * YAML file under `scenarios/` with the name, system and topology the picker lists, or why it
 * does not parse, read by the engine's own parser), so the page parses none of them at start.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runnerImport, type Plugin } from 'vite';
import type * as Builtins from '../src/ui/state/builtins';

/** The Vite plugin; `root` is the repository's folder. */
export function builtinScenarios(root: string): Plugin {
  const module = resolve(root, 'src/ui/state/builtinList.ts');
  const folder = resolve(root, 'scenarios');
  return {
    name: 'rehearse-builtins',
    enforce: 'pre',
    async load(id) {
      if (id !== module) return undefined;
      // Imported through Vite (TypeScript, the app's own module graph), not by the config's loader.
      const { module: builtins } = await runnerImport<typeof Builtins>(
        resolve(root, 'src/ui/state/builtins.ts'),
        { root, configFile: false, logLevel: 'warn' },
      );
      const files: Record<string, string> = {};
      const names = readdirSync(folder, { recursive: true, encoding: 'utf8' })
        .filter((name) => /\.ya?ml$/.test(name))
        .sort();
      for (const name of names) {
        const path = join(folder, name);
        this.addWatchFile(path);
        files[`scenarios/${name.split('\\').join('/')}`] = readFileSync(path, 'utf8');
      }
      const list = JSON.stringify(builtins.describeBuiltins(files));
      return `export function loadBuiltins() {\n  return ${list};\n}\n`;
    },
  };
}
