import { describe, expect, it } from 'vitest';
import type { CliIo } from './io';
import { expandOperands } from './operands';

/** A project folder: its own scenarios, hidden and `node_modules` entries full of YAML beside them. */
const TREE: Record<string, readonly string[]> = {
  '/p': ['a.yaml', 'node_modules/', '.github/', 'sub/'],
  '/p/sub': ['b.yml', 'node_modules/'],
  '/p/sub/node_modules': ['c.yaml'],
  '/p/node_modules': ['pkg/', 'x.json'],
  '/p/node_modules/pkg': ['action.yml', 'package.json'],
  '/p/.github': ['ci.yml'],
};

const io = {
  cwd: '/',
  isTTY: false,
  stdout: () => undefined,
  stderr: () => undefined,
  readFile: () => '',
  exists: (path: string) => path in TREE,
  listDir: (path: string) => {
    const names = TREE[path];
    if (names === undefined) throw new Error(`ENOTDIR: ${path}`);
    return names.map((name) => ({ name: name.replace(/\/$/, ''), directory: name.endsWith('/') }));
  },
} satisfies CliIo;

describe('expandOperands', () => {
  it('should leave node_modules out of a folder, as hidden entries are', () => {
    expect(expandOperands(['/p'], io)).toEqual(['/p/a.yaml', '/p/sub/b.yml']);
  });

  it("should leave node_modules out of a pattern's **", () => {
    expect(expandOperands(['/p/**/*.y*ml'], io)).toEqual(['/p/a.yaml', '/p/sub/b.yml']);
  });

  it('should read a folder inside node_modules named on the command line', () => {
    expect(expandOperands(['/p/node_modules/pkg'], io)).toEqual([
      '/p/node_modules/pkg/action.yml',
      '/p/node_modules/pkg/package.json',
    ]);
  });
});
