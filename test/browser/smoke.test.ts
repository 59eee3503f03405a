import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resultsDir, useBuiltApp, watchWorkers } from './helpers';

describe('built app', () => {
  const app = useBuiltApp();

  it('should load without console errors', async () => {
    const page = await app.browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`${message.text()} (${message.location().url})`);
    });
    page.on('pageerror', (error) => errors.push(`${error.name}: ${error.message}`));

    await page.goto(app.url, { waitUntil: 'load' });
    await page.locator('[data-testid="app-root"]').waitFor({ state: 'visible' });

    expect(await page.title()).toContain('Rehearse');
    await page.screenshot({ path: join(resultsDir, 'screenshots', 'smoke.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('downloads the engine once: the simulation worker imports the chunk the page loaded', async () => {
    const page = await app.browser.newPage({ viewport: { width: 1280, height: 800 } });
    const workers = watchWorkers(page, 'simulationWorker');
    const scripts = new Map<string, Promise<string>>();
    page.on('response', (response) => {
      const path = new URL(response.url()).pathname;
      if (!path.endsWith('.js') || scripts.has(path)) return;
      scripts.set(
        path,
        response.text().catch(() => ''),
      );
    });
    await page.goto(app.url, { waitUntil: 'networkidle' });
    await page.locator('[data-testid="host-card"]').first().waitFor();
    expect(workers.length).toBeGreaterThan(0);
    // XState's global hook: in every copy of the engine, once.
    const withEngine: string[] = [];
    for (const [path, text] of scripts)
      if ((await text).includes('__xstate__')) withEngine.push(path);
    expect(withEngine).toHaveLength(1);
    await page.close();
  });
});
