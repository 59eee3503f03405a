import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, resultsDir, startPreviewServer, type PreviewHandle } from './helpers';

describe('built app', () => {
  let browser: Browser;
  let server: PreviewHandle;

  beforeAll(async () => {
    server = await startPreviewServer();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('should load without console errors', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`${message.text()} (${message.location().url})`);
    });
    page.on('pageerror', (error) => errors.push(`${error.name}: ${error.message}`));

    await page.goto(server.url, { waitUntil: 'load' });
    await page.locator('[data-testid="app-root"]').waitFor({ state: 'visible' });

    expect(await page.title()).toContain('Rehearse');
    await page.screenshot({ path: join(resultsDir, 'screenshots', 'smoke.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });
});
