import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resultsDir, useBuiltApp } from './helpers';

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
});
