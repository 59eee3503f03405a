import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Tests see a CSS module as a proxy that returns a name for any key, so a class a component takes
// from its module but the module lacks (a typo, a rename on one side only) renders unstyled
// without failing a test. This reads both sides instead.

const UI = resolve(dirname(fileURLToPath(import.meta.url)), '../../src/ui');

const files = readdirSync(UI, { recursive: true, encoding: 'utf8' }).map((file) => join(UI, file));

/** The classes a module defines: every `.name` outside comments and `:global(…)` (which may hold a `:not(…)`). */
function definedClasses(css: string): Set<string> {
  const local = css
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/:global\((?:[^()]|\([^()]*\))*\)/g, '');
  return new Set([...local.matchAll(/\.(-?[_a-zA-Z][\w-]*)/g)].map((match) => match[1] ?? ''));
}

interface ModuleUse {
  readonly module: string;
  /** The keys read by name (`styles.name`, `styles['name']`). */
  readonly keys: Set<string>;
  /** Whether it also reads keys computed at run time (`styles[tone]`). */
  readonly computed: boolean;
}

/** Every `import name from './X.module.css'` of a source file, with the keys it reads. */
function moduleUses(source: string, file: string): ModuleUse[] {
  return [...source.matchAll(/^import (\w+) from '([^']+\.module\.css)';$/gm)].map((match) => {
    const name = match[1] ?? '';
    const keys = new Set(
      [...source.matchAll(new RegExp(`\\b${name}(?:\\.(\\w+)|\\['([\\w-]+)'\\])`, 'g'))].map(
        (use) => use[1] ?? use[2] ?? '',
      ),
    );
    const computed = new RegExp(`\\b${name}\\[(?!')`).test(source);
    return { module: resolve(dirname(file), match[2] ?? ''), keys, computed };
  });
}

const uses = files
  .filter((file) => /\.tsx?$/.test(file) && !/\.test\.tsx?$/.test(file))
  .flatMap((file) => moduleUses(readFileSync(file, 'utf8'), file).map((use) => ({ ...use, file })));
const modules = files.filter((file) => file.endsWith('.module.css'));

describe('CSS modules of the debugger', () => {
  it('are imported by the components beside them', () => {
    expect(modules.length).toBeGreaterThan(10);
    expect(uses.length).toBeGreaterThan(modules.length);
    const imported = new Set(uses.map((use) => use.module));
    expect(modules.filter((module) => !imported.has(module))).toEqual([]);
  });

  it.each(modules.map((module) => [relative(UI, module), module]))(
    '%s defines every class its components use, and no class none of them uses',
    (_, module) => {
      const defined = definedClasses(readFileSync(module, 'utf8'));
      const importers = uses.filter((use) => use.module === module);
      const used = new Set(importers.flatMap((use) => [...use.keys]));
      for (const use of importers) {
        const missing = [...use.keys].filter((key) => !defined.has(key));
        expect(missing, `${relative(UI, use.file)} reads classes its module lacks`).toEqual([]);
      }
      // A class read under a computed key cannot be told apart from an unused one.
      if (importers.some((use) => use.computed)) return;
      expect([...defined].filter((name) => !used.has(name))).toEqual([]);
    },
  );
});
