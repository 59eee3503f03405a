/**
 * The npm package as a user gets it: `npm pack` (which builds it through `prepack`), installed
 * into a fresh project without network — its dependencies come from the npm cache that `npm ci`
 * filled, pinned by a lockfile written from this repository's — and used there: the CLI, the
 * engine from plain Node, the Vitest matchers, and the type declarations.
 */
import { spawn, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

interface PackageJson {
  name: string;
  version: string;
  bin: Record<string, string>;
  exports: Record<string, string | Record<string, string>>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

interface LockEntry {
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as PackageJson;
const NAME = manifest.name;

let tmp: string;
let project: string;
let packedFiles: string[];

/** The environment without the npm variables of a surrounding `npm run`, which would steer npm. */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_')),
  );
}

function run(command: string, args: readonly string[], options: SpawnSyncOptions = {}) {
  const result = spawnSync(command, args, {
    cwd: project,
    encoding: 'utf8',
    env: { ...cleanEnv(), NO_COLOR: '1' },
    timeout: 120_000,
    ...options,
  });
  return {
    status: result.status,
    stdout: String(result.stdout),
    stderr: String(result.stderr),
  };
}

/**
 * Lockfile entries for `names` and everything they depend on, as this repository's lockfile
 * pins them: `npm ci --offline` then needs nothing but the cached tarballs.
 */
function lockedClosure(names: readonly string[]): Record<string, LockEntry> {
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, LockEntry>;
  };
  const entries: Record<string, LockEntry> = {};
  const queue = [...names];
  for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
    const key = `node_modules/${name}`;
    if (key in entries) continue;
    const entry = lock.packages[key];
    if (entry === undefined) throw new Error(`${name} is not in package-lock.json`);
    entries[key] = entry;
    queue.push(...Object.keys(entry.dependencies ?? {}));
  }
  return entries;
}

/** Bare module specifiers the built library imports (`node:` ones aside). */
function importedPackages(dir: string): Set<string> {
  const found = new Set<string>();
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.mjs')) continue;
    const text = readFileSync(join(entry.parentPath, entry.name), 'utf8');
    // esbuild writes each import as a statement of its own: `import … from "x";`, `import "x";`.
    const statements = /^(?:import|export|\}) (?:[^;]*? from )?"([^".][^"]*)";$/gm;
    for (const match of text.matchAll(statements)) {
      const specifier = match[1] ?? '';
      if (specifier.startsWith('node:')) continue;
      const parts = specifier.split('/');
      found.add(specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? ''));
    }
  }
  return found;
}

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'rehearse-pack-'));
  project = join(tmp, 'project');
  mkdirSync(project);

  const pack = run('npm', ['pack', '--json', '--pack-destination', tmp], { cwd: ROOT });
  expect(pack.status, pack.stderr).toBe(0);
  // Lifecycle scripts (`prepack`) print before npm's JSON.
  const [packed] = JSON.parse(pack.stdout.slice(pack.stdout.search(/^\[/m))) as {
    filename: string;
    integrity: string;
    files: { path: string }[];
  }[];
  if (packed === undefined) throw new Error('npm pack wrote no tarball');
  packedFiles = packed.files.map((file) => file.path);

  const tarball = `file:../${packed.filename}`;
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({
      name: 'consumer',
      private: true,
      type: 'module',
      dependencies: { [NAME]: tarball },
    }),
  );
  writeFileSync(
    join(project, 'package-lock.json'),
    JSON.stringify({
      name: 'consumer',
      lockfileVersion: 3,
      requires: true,
      packages: {
        '': { name: 'consumer', dependencies: { [NAME]: tarball } },
        [`node_modules/${NAME}`]: {
          version: manifest.version,
          resolved: tarball,
          integrity: packed.integrity,
          dependencies: manifest.dependencies,
          bin: manifest.bin,
        },
        ...lockedClosure(Object.keys(manifest.dependencies)),
      },
    }),
  );
  const install = run('npm', ['ci', '--offline', '--no-audit', '--no-fund']);
  expect(install.status, install.stderr).toBe(0);
  // The test runner is the repository's own Vitest, linked in as a project would have it.
  symlinkSync(join(ROOT, 'node_modules/vitest'), join(project, 'node_modules/vitest'), 'dir');
}, 240_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('the packed package', () => {
  it('should carry the built CLI, library, types and schema, and no sources or tests', () => {
    for (const target of Object.values(manifest.exports).flatMap((value) =>
      typeof value === 'string' ? [value] : Object.values(value),
    )) {
      if (target.includes('*')) continue;
      expect(packedFiles).toContain(target.replace(/^\.\//, ''));
    }
    expect(packedFiles).toContain(manifest.bin.rehearse);
    expect(packedFiles).toContain('dist/cli.mjs');
    expect(packedFiles).toContain('dist/app/index.html');
    expect(packedFiles).toContain('LICENSE');
    expect(packedFiles).toContain('schema/report.schema.json');
    expect(packedFiles).toContain('scenarios/standalone.yaml');
    expect(
      packedFiles.filter((path) => /^(src|test|machines|bench|node_modules)\//.test(path)),
    ).toEqual([]);
  });

  it('should carry every file the README links to, so its reference opens where it is installed', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8').replace(/^```[\s\S]*?^```$/gm, '');
    const targets = [...readme.matchAll(/\]\(([^)\s#]+)(?:#[^)]*)?\)/g)]
      .map((match) => match[1] ?? '')
      .filter((target) => !/^[a-z]+:/i.test(target));
    expect(targets).toContain('docs/commands.md');
    for (const target of targets) expect(packedFiles, target).toContain(target);
  });

  it('should depend at run time on exactly what its built library imports', () => {
    const imported = importedPackages(join(project, 'node_modules', NAME, 'dist/lib'));
    // vitest is the test runner of whoever imports the `/vitest` entry: theirs, not installed by us.
    imported.delete('vitest');
    // …declared as an optional peer, so npm checks its version without installing it.
    expect(manifest.peerDependenciesMeta?.vitest?.optional).toBe(true);
    expect(Object.keys(manifest.peerDependencies ?? {})).toEqual(['vitest']);
    expect(Object.keys(manifest.dependencies).sort()).toEqual([...imported].sort());
    for (const devOnly of ['react', 'react-dom', '@xstate/react', '@statelyai/inspect']) {
      expect(Object.keys(manifest.devDependencies)).toContain(devOnly);
      expect(existsSync(join(project, 'node_modules', devOnly))).toBe(false);
    }
  });

  it('should run a built-in scenario with the installed rehearse command', () => {
    const scenario = join('node_modules', NAME, 'scenarios/standalone.yaml');
    const result = run(join(project, 'node_modules/.bin/rehearse'), ['run', scenario, '--json']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout) as { system: string; outcome: string };
    expect(report).toMatchObject({ system: 'standalone', outcome: 'completed' });

    const list = run(join(project, 'node_modules/.bin/rehearse'), ['list', '--json']);
    expect(list.status).toBe(0);
    const listed = (JSON.parse(list.stdout) as { file: string }[]).map((entry) => entry.file);
    expect(listed.some((file) => file.endsWith('scenarios/standalone.yaml'))).toBe(true);
  });

  it('should serve its own built debugger with rehearse ui, the user’s file in the list', async () => {
    writeFileSync(
      join(project, 'mine.yaml'),
      'name: Mine\nsystem: standalone\nversion: { from: 1.0.0, to: 2.0.0 }\n',
    );
    const child = spawn(
      join(project, 'node_modules/.bin/rehearse'),
      ['ui', 'mine.yaml', '--port', '0'],
      {
        cwd: project,
        env: cleanEnv(),
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.setEncoding('utf8');
        child.stdout.on('data', (chunk: string) => {
          out += chunk;
          const match = /Rehearse debugger: (\S+)/.exec(out);
          if (match?.[1]) resolve(match[1]);
        });
        child.on('exit', (code) => reject(new Error(`rehearse ui exited with ${code}: ${out}`)));
      });
      const page = await (await fetch(url)).text();
      expect(page).toContain('<meta name="rehearse-served" content="scenarios.json">');
      const script = /<script[^>]+src="\.?\/?(assets\/[^"]+\.js)"/.exec(page)?.[1];
      expect(script).toBeDefined();
      expect((await fetch(new URL(script ?? '', url))).status).toBe(200);
      expect(await (await fetch(new URL('scenarios.json', url))).json()).toEqual([
        {
          id: 'yours/mine.yaml',
          text: 'name: Mine\nsystem: standalone\nversion: { from: 1.0.0, to: 2.0.0 }\n',
        },
      ]);
    } finally {
      const exited = new Promise((resolve) => child.on('exit', resolve));
      child.kill('SIGINT');
      expect(await exited).toBe(0);
    }
  });

  it('should import the engine and the test API from plain Node', () => {
    const script = `
      const { parseScenario, simulate, reportPasses } = await import('${NAME}');
      const { sim } = await import('${NAME}/testing');
      const { reportSchema } = await import('${NAME}/report-schema');
      const text = 'name: pair\\nsystem: ha-pair\\nversion: { from: 9.0.1, to: 9.1.0 }\\n';
      const scenario = parseScenario(text, 'pair.yaml');
      const { report } = simulate(scenario);
      const driven = sim(text).run();
      console.log(JSON.stringify({
        outcome: report.outcome,
        passes: reportPasses(report, scenario),
        valid: reportSchema.safeParse(report).success,
        same: driven.report.outcome === report.outcome,
      }));`;
    const result = run(process.execPath, ['--input-type=module', '-e', script]);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({
      outcome: 'completed',
      passes: true,
      valid: true,
      same: true,
    });
  });

  /**
   * The example for projects that install the package: the README's test author's tour and the
   * testing reference each show it once, the same.
   */
  function readmeExample(): string {
    const examples = ['README.md', 'docs/testing.md'].map((file) => {
      const text = readFileSync(join(ROOT, file), 'utf8');
      const blocks = [...text.matchAll(/^```ts\n([\s\S]*?)^```$/gm)]
        .map((match) => match[1] ?? '')
        .filter((block) => block.includes(`'${NAME}/vitest'`));
      expect(blocks, file).toHaveLength(1);
      return blocks[0] ?? '';
    });
    expect(examples[1]).toBe(examples[0]);
    return examples[0] ?? '';
  }

  it('should register its matchers in a Vitest run through the /vitest entry', () => {
    writeFileSync(join(project, 'upgrade.test.ts'), readmeExample());
    const result = run(process.execPath, [
      join(project, 'node_modules/vitest/vitest.mjs'),
      'run',
      '--root',
      project,
    ]);
    expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);
    expect(result.stdout).toMatch(/Tests\s+1 passed \(1\)/);
    expect(result.stdout).toContain('upgrade.test.ts');
  });

  it('should type-check a consumer under Node module resolution with the matchers typed', () => {
    writeFileSync(join(project, 'upgrade.test.ts'), readmeExample());
    writeFileSync(
      join(project, 'typed.ts'),
      `import '${NAME}/vitest';
import { expect } from 'vitest';
import { parseScenario, simulate, type Report } from '${NAME}';
import { sim } from '${NAME}/testing';

const run = sim('name: pair\\nsystem: ha-pair\\nversion: { from: 9.0.1, to: 9.1.0 }\\n').run();
// @ts-expect-error not an outcome: the matchers are typed
expect(run).toHaveOutcome('done');
export const outcome: Report['outcome'] = simulate(
  parseScenario('name: x', 'x.yaml'),
).report.outcome;
// @ts-expect-error simulate takes a parsed scenario, not text
simulate('name: x');
`,
    );
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'nodenext',
          moduleResolution: 'nodenext',
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          types: [],
        },
        files: ['upgrade.test.ts', 'typed.ts'],
      }),
    );
    const result = run(process.execPath, [
      join(ROOT, 'node_modules/typescript/bin/tsc'),
      '-p',
      '.',
    ]);
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});
