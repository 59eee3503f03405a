import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { watchFiles, type FileWatch } from '../../src/cli/watchFiles';

describe('watchFiles', () => {
  let dir = '';
  let watch: FileWatch | undefined;
  afterEach(() => {
    watch?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Watches `paths` and resolves with the first batch of changes. */
  function firstChange(paths: readonly string[]): Promise<readonly string[]> {
    return new Promise((resolve, reject) => {
      watch = watchFiles(paths, {
        settleMs: 50,
        onChange: resolve,
        onError: (folder, error) => reject(new Error(`${folder}: ${String(error)}`)),
      });
    });
  }

  test('sees a save by rename, as editors write files, and names the file as given', async () => {
    dir = mkdtempSync(join(tmpdir(), 'rehearse-watch-'));
    const file = join(dir, 'a.yaml');
    writeFileSync(file, 'one');
    const changed = firstChange([file]);
    writeFileSync(join(dir, '.a.yaml.swp'), 'two');
    renameSync(join(dir, '.a.yaml.swp'), file);
    expect(await changed).toEqual([file]);
  });

  test('gathers a burst of writes to several files into one change, ignoring other files', async () => {
    dir = mkdtempSync(join(tmpdir(), 'rehearse-watch-'));
    const a = join(dir, 'a.yaml');
    const b = join(dir, 'b.yaml');
    writeFileSync(a, '');
    writeFileSync(b, '');
    const changed = firstChange([a, b]);
    writeFileSync(join(dir, 'other.txt'), 'x');
    writeFileSync(a, '1');
    writeFileSync(b, '2');
    writeFileSync(a, '3');
    expect([...(await changed)].sort()).toEqual([a, b]);
  });

  test('reports a folder that is not there, after returning the watch', async () => {
    const missing = join(tmpdir(), 'rehearse-watch-missing', 'x.yaml');
    const error = await new Promise<unknown>((resolve) => {
      watch = watchFiles([missing], {
        settleMs: 50,
        onChange: () => undefined,
        onError: (_, e) => resolve(e),
      });
    });
    expect((error as { code?: string }).code).toBe('ENOENT');
  });
});
