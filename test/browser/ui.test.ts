import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { editorText, screenshot, setEditorText } from './app';
import { launchBrowser } from './helpers';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const MINE = `name: My own server\nsystem: standalone\nversion: { from: 1.0.0, to: 2.0.0 }\n`;

describe('rehearse ui', () => {
  let dir = '';
  let child: ChildProcess | undefined;
  let browser: Browser | undefined;
  let url = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rehearse-ui-'));
    writeFileSync(join(dir, 'mine.yaml'), MINE);
    const started = spawn(
      process.execPath,
      [join(root, 'dist/cli.mjs'), 'ui', 'mine.yaml', '--port', '0'],
      {
        cwd: dir,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child = started;
    url = await new Promise<string>((resolve, reject) => {
      let out = '';
      started.stdout.setEncoding('utf8');
      started.stdout.on('data', (chunk: string) => {
        out += chunk;
        const match = /Rehearse debugger: (\S+)/.exec(out);
        if (match?.[1]) resolve(match[1]);
      });
      started.on('exit', (code) => reject(new Error(`rehearse ui exited with ${code}: ${out}`)));
    });
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (child && child.exitCode === null) child.kill('SIGINT');
    rmSync(dir, { recursive: true, force: true });
  });

  it('opens the file given, lists it under Your files, and reloads it when it is saved', async () => {
    const context = await browser!.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(url);
    await expect.poll(() => editorText(page), { timeout: 30_000 }).toBe(MINE);
    const group = page.locator(
      '[data-testid="scenario-picker"] optgroup[label="Your files"] option',
    );
    expect(await group.allTextContents()).toEqual(['My own server']);
    await screenshot(page, 'ui-served-file-1280x720', false);

    // Saved in the user's editor: the page follows.
    const saved = MINE.replace('My own server', 'My own server, saved');
    writeFileSync(join(dir, 'mine.yaml'), saved);
    await expect.poll(() => editorText(page), { timeout: 30_000 }).toBe(saved);
    await expect
      .poll(() => page.locator('[data-testid="notice"]').allTextContents())
      .toContainEqual(
        expect.stringContaining('mine.yaml was saved: the run on screen is the saved file.'),
      );

    // Changed in the page, then saved on disk again: the page keeps the text typed there.
    const typed = `${saved}# typed in the page\n`;
    await setEditorText(page, typed);
    writeFileSync(join(dir, 'mine.yaml'), MINE);
    await expect
      .poll(() => page.locator('[data-testid="notice"]').allTextContents(), { timeout: 30_000 })
      .toContainEqual(
        expect.stringContaining('mine.yaml was saved on disk. Your text here is kept'),
      );
    expect(await editorText(page)).toBe(typed);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('stops on Ctrl-C with status 0', async () => {
    const exited = new Promise<number | null>((resolve) => child!.on('exit', resolve));
    child!.kill('SIGINT');
    expect(await exited).toBe(0);
  });
});
