/**
 * Module workers built with the page instead of beside it: `import url from './x.ts?worker-chunk'`
 * gives the URL of `x.ts` as a chunk of the app's own build, so the worker imports the chunks the
 * page already loaded (the engine, the YAML parser) instead of a bundle holding its own copy of
 * them. Vite's `new Worker(new URL(…))` builds each worker as a separate bundle, which shares
 * nothing with the page. In development the URL is the module's own, served by Vite.
 */
import { dirname, relative, resolve } from 'node:path';
import type { Plugin } from 'vite';

const SUFFIX = '?worker-chunk';
const PREFIX = '\0worker-chunk:';

/** The Vite plugin; `root` is the repository's folder. */
export function workerChunks(root: string): Plugin {
  let building = false;
  return {
    name: 'rehearse-worker-chunks',
    enforce: 'pre',
    configResolved(config) {
      building = config.command === 'build';
    },
    resolveId(source, importer) {
      if (!source.endsWith(SUFFIX) || importer === undefined) return undefined;
      return PREFIX + resolve(dirname(importer), source.slice(0, -SUFFIX.length));
    },
    load(id) {
      if (!id.startsWith(PREFIX)) return undefined;
      const file = id.slice(PREFIX.length);
      if (!building) {
        const served = `/${relative(root, file).split('\\').join('/')}`;
        return `export default new URL(${JSON.stringify(served)}, import.meta.url).href;\n`;
      }
      const name = file.replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, '');
      const reference = this.emitFile({ type: 'chunk', id: file, name });
      return `export default import.meta.ROLLUP_FILE_URL_${reference};\n`;
    },
  };
}
