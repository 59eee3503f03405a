import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page, type Worker } from 'playwright-core';
import { preview } from 'vite';
import { afterAll, beforeAll } from 'vitest';

/** Repository root, resolved from this file so suites work from any working directory. */
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Where browser suites write screenshots and other artefacts (git-ignored). */
export const resultsDir = join(repoRoot, 'test-results');

const appDir = join(repoRoot, 'dist', 'app');

/**
 * Launches the system Chromium headless through playwright-core.
 * Set `CHROMIUM_PATH` to use another binary.
 * @returns A browser the caller must close.
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A running `vite preview` of the built app. */
export interface PreviewHandle {
  /** Base URL with a trailing slash, e.g. `http://127.0.0.1:41234/`. */
  url: string;
  close: () => Promise<void>;
}

/**
 * Serves the already-built app (`dist/app`, from `npm run build`) with `vite preview` on
 * 127.0.0.1 and a free port. It builds nothing itself.
 * @returns The server's URL and a function that stops it.
 */
export async function startPreviewServer(): Promise<PreviewHandle> {
  if (!existsSync(join(appDir, 'index.html'))) {
    throw new Error(`No built app in ${appDir}: run \`npm run build\` before the browser tests.`);
  }
  const port = await freePort();
  const server = await preview({
    root: repoRoot,
    configFile: false,
    base: './',
    logLevel: 'warn',
    build: { outDir: appDir },
    preview: { host: '127.0.0.1', port, strictPort: false, open: false },
  });
  const url = server.resolvedUrls?.local[0] ?? `http://127.0.0.1:${port}/`;
  return {
    url,
    close: () => server.close(),
  };
}

/** The built app served and a browser open, for the suite that calls it. */
export interface BuiltApp {
  readonly browser: Browser;
  readonly url: string;
}

/**
 * Serves the built app and launches Chromium before the suite's tests, and closes both after.
 * Call it at the top of a `describe` (or of the file); read `browser` and `url` inside tests.
 */
export function useBuiltApp(): BuiltApp {
  let browser: Browser | undefined;
  let server: PreviewHandle | undefined;
  beforeAll(async () => {
    server = await startPreviewServer();
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  return {
    get browser() {
      if (!browser) throw new Error('the browser is not launched yet: use it inside a test');
      return browser;
    },
    get url() {
      if (!server) throw new Error('the app is not served yet: use it inside a test');
      return server.url;
    },
  };
}

/**
 * Collects the web workers the page starts from the script named `script` (`exploreWorker`,
 * `distributionWorker`), and whether each has been terminated; the app's other workers (the
 * simulation's, started ahead of each run) are left out.
 */
export function watchWorkers(page: Page, script: string) {
  const workers: { worker: Worker; closed: boolean }[] = [];
  page.on('worker', (worker) => {
    if (!new URL(worker.url()).pathname.split('/').pop()?.startsWith(`${script}-`)) return;
    const entry = { worker, closed: false };
    workers.push(entry);
    worker.on('close', () => {
      entry.closed = true;
    });
  });
  return workers;
}

/**
 * What the freeze test and the browser benchmark do to a large run once it is drawn: play it at
 * 1000× for three seconds, pause, then seek to its end and back to its start.
 */
export async function playAndSeek(page: Page): Promise<void> {
  await page.locator('[data-testid="speed"]').selectOption('1000');
  await page.locator('[data-testid="play"]').click();
  await page.waitForTimeout(3_000);
  await page.locator('[data-testid="play"]').click();
  await page.keyboard.press('End');
  await page.waitForTimeout(500);
  await page.keyboard.press('Home');
  await page.waitForTimeout(500);
}
