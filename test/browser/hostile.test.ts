import { describe, expect, it } from 'vitest';
import { openApp, screenshot, setEditorText } from './app';
import { useBuiltApp } from './helpers';

/** Markup and script in every piece of text a scenario file can carry. */
const PAYLOAD = `<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>`;

const HOSTILE = `name: 'Hostile ${PAYLOAD}'
description: 'Trainer notes ${PAYLOAD}'
system: ha-pair
version: { from: 9.0.1, to: 9.1.0 }
faults:
  - fault: upgrade-failure
    target: device-b
`;

function hash(text: string): string {
  return '#s=' + Buffer.from(text, 'utf8').toString('base64url');
}

const app = useBuiltApp();

describe('hostile scenario text', () => {
  it('shows markup and script in names as text and runs none of it', async () => {
    const { page, errors } = await openApp(app.browser, app.url, hash(HOSTILE));
    await page
      .getByText(`Hostile ${PAYLOAD}`, { exact: false })
      .first()
      .waitFor({ state: 'visible' });
    // An unknown key made of markup comes back in an error message: that is text too.
    await setEditorText(page, `${HOSTILE}'<b onmouseover=window.__pwned=3>x</b>': 1\n`);
    await page.waitForTimeout(800);
    await screenshot(page, 'hostile-names');
    const pwned = await page.evaluate(() => (window as { __pwned?: number }).__pwned);
    expect(pwned).toBeUndefined();
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.locator('script:not([src])').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('serves the built app with a Content-Security-Policy that allows no inline script', async () => {
    const { page } = await openApp(app.browser, app.url);
    const policy = await page
      .locator('meta[http-equiv="Content-Security-Policy"]')
      .getAttribute('content');
    expect(policy).toContain("script-src 'self'");
    expect(policy).not.toContain("'unsafe-inline' 'self'");
    expect(policy ?? '').not.toMatch(/script-src[^;]*unsafe-inline/);
    const inline = await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__inline = 1';
      document.body.append(script);
      return (window as { __inline?: number }).__inline;
    });
    expect(inline).toBeUndefined();
  });
});
