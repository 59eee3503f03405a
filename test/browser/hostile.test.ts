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

  it('refuses a NUL and shows bidi controls escaped, as the command line does', async () => {
    // U+202E reverses what follows it on screen: "Upgrade ‮1-egarots" would read as "storage-1".
    const bidi = `name: 'Upgrade \u202e1-egarots'
system: ha-pair
version: { from: 9.0.1, to: 9.1.0 }
`;
    const { page, errors } = await openApp(app.browser, app.url, hash(bidi));
    const name = page.locator('[data-testid="scenario-name"]');
    await expect.poll(() => name.innerText()).toBe('Upgrade \\u202e1-egarots');
    // A host name holding one comes back in the error, escaped there too.
    const error = page.locator('[data-testid="editor-error"]');
    await setEditorText(page, `${bidi}hosts: { devices: [ 'device-\u2067a', device-b ] }\n`);
    await expect
      .poll(() => error.innerText())
      .toContain('"device-\\u2067a" is not a valid host name');
    // A NUL is refused where the command line refuses the file, naming its line, column and byte.
    await setEditorText(page, `${bidi}description: a\u0000b\n`);
    await expect
      .poll(() => error.innerText())
      .toMatch(/^Line 4, column 15:\s*it is not text: byte 95 is NUL/);
    // And in a share link, which opens the same text with the same error.
    const linked = await openApp(
      app.browser,
      app.url,
      hash(`${bidi}description: a\u0000b\n`),
      undefined,
      false,
    );
    await expect
      .poll(() => linked.page.locator('[data-testid="editor-error"]').innerText())
      .toContain('it is not text: byte 95 is NUL');
    const shown = await page.evaluate(() =>
      [...document.querySelectorAll('body *:not(.cm-editor *)')]
        .flatMap((element) => [...element.childNodes])
        .filter((node) => node.nodeType === Node.TEXT_NODE)
        .map((node) => node.textContent ?? '')
        .join(''),
    );
    expect(shown.includes('\0')).toBe(false);
    expect(shown).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
    expect(errors).toEqual([]);
    expect(linked.errors).toEqual([]);
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
