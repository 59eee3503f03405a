import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openApp, runSettled, screenshot, editorText, setEditorText } from './app';
import { useBuiltApp } from './helpers';

const LINKED = `name: From a link\nsystem: standalone\nversion: { from: 1.0.0, to: 2.0.0 }\n`;

function hash(text: string): string {
  return '#s=' + Buffer.from(text, 'utf8').toString('base64url');
}

const sourceOf = (page: Page) => editorText(page);

/** Sets the editor's text as a paste over all of it does. */
const setSource = setEditorText;

const app = useBuiltApp();

describe('text the user typed', () => {
  it('a link never destroys unsaved text: the app asks, keeps it by default, keeps a draft, and Back brings it back', async () => {
    const { page, errors } = await openApp(app.browser, app.url);
    await page.setViewportSize({ width: 1280, height: 720 });
    const mine = `${await sourceOf(page)}\n# my edits\n`;
    await setSource(page, mine);
    await page.waitForTimeout(800);

    // A link pasted into the address bar of the open app.
    await page.goto(app.url + hash(LINKED));
    const dialog = page.locator('[data-testid="replace-dialog"]');
    await dialog.waitFor();
    expect(await sourceOf(page)).toBe(mine);
    await screenshot(page, 'replace-dialog-1280x720', false);
    await page.keyboard.press('Enter'); // the focused default: keep my draft
    await dialog.waitFor({ state: 'detached' });
    expect(await sourceOf(page)).toBe(mine);

    // The same link in a new tab of this browser: the saved text is not overwritten either.
    const tab = await page.context().newPage();
    await tab.goto(app.url + hash(LINKED));
    await tab.locator('[data-testid="replace-dialog"]').waitFor();
    expect(await sourceOf(tab)).toBe(mine);
    await tab.locator('[data-testid="replace-confirm"]').click();
    await expect.poll(() => sourceOf(tab)).toBe(LINKED);
    await tab.locator('[data-testid="drafts"] summary').click();
    expect(await tab.locator('[data-testid="draft"]').count()).toBe(1);
    // Back brings the replaced text back.
    await tab.goBack();
    await expect.poll(() => sourceOf(tab)).toBe(mine);
    await tab.close();

    // The draft is listed after a reload; at 1280×720 the page still fits its width.
    await page.reload();
    await page.locator('[data-testid="drafts"] summary').click();
    await screenshot(page, 'drafts-1280x720');
    expect(await page.locator('[data-testid="draft"]').innerText()).toMatch(/draft|—/i);
    const layout = await page.evaluate(() => ({
      width: document.documentElement.scrollWidth,
      viewport: window.innerWidth,
    }));
    expect(layout.width).toBeLessThanOrEqual(layout.viewport);
    expect(errors).toEqual([]);
  });

  it('two tabs: the text edited last is stored, once, and the other tab keeps its own as a draft', async () => {
    const { page: first, errors } = await openApp(app.browser, app.url);
    const second = await first.context().newPage();
    await second.goto(app.url);
    await runSettled(second);
    // A third tab of the same browser hears every write of the stored text.
    const listener = await first.context().newPage();
    await listener.goto(app.url);
    await listener.evaluate(() => {
      const heard: string[] = [];
      (window as unknown as { heard: string[] }).heard = heard;
      window.addEventListener('storage', (event) => {
        if (event.key !== 'rehearse.editor.v1') return;
        const text = event.newValue ?? '';
        heard.push(text.includes('# first') ? 'first' : text.includes('# second') ? 'second' : '?');
      });
    });
    const heard = () =>
      listener.evaluate(() => (window as unknown as { heard: string[] }).heard.join(' '));
    const base = await sourceOf(first);
    await setSource(first, `${base}\n# first\n`);
    await expect.poll(heard).toBe('first');
    await setSource(second, `${base}\n# second\n`);
    await expect.poll(heard).toBe('first second');
    // The first tab keeps its text as a draft, and must not store it back over the second's.
    const notice = first.locator('[data-testid="notice"]', { hasText: 'Another tab saved' });
    await notice.waitFor();
    await first.waitForTimeout(2_000);
    expect(await heard()).toBe('first second');
    expect(await sourceOf(first)).toBe(`${base}\n# first\n`);
    const secondNotices = second.locator('[data-testid="notice"]', { hasText: 'Another tab' });
    expect(await secondNotices.count()).toBe(0);
    // Closing the first tab writes nothing either; a new tab starts from the second's text.
    await first.close({ runBeforeUnload: true });
    const third = await second.context().newPage();
    await third.goto(app.url);
    await runSettled(third);
    expect(await sourceOf(third)).toBe(`${base}\n# second\n`);
    expect(await heard()).toBe('first second');
    expect(errors).toEqual([]);
  });

  it('faults injected by hand come back after a reload, with the same run', async () => {
    const { page, errors } = await openApp(app.browser, app.url);
    await runSettled(page);
    const form = page.getByTestId('fault-form');
    await form.locator('select[name="fault"]').selectOption('host-crash');
    await form.getByTestId('inject').click();
    const live = page.getByTestId('live-fault');
    await expect.poll(() => live.count()).toBe(1);
    await runSettled(page);
    const injected = await live.innerText();
    const downtime = await page.getByTestId('downtime-total').getAttribute('data-ms');
    await page.waitForTimeout(800);

    await page.reload();
    await runSettled(page);
    await expect.poll(() => live.count()).toBe(1);
    expect(await live.innerText()).toBe(injected);
    expect(await page.getByTestId('downtime-total').getAttribute('data-ms')).toBe(downtime);
    expect(await page.locator('[data-testid="notice"][data-tone="info"]').innerText()).toMatch(
      /injected by hand before the reload is injected again/,
    );
    expect(errors).toEqual([]);
  });

  it('a 10 MB scenario that storage refuses is reported, and a reload says the text shown is older', async () => {
    const { page, errors } = await openApp(app.browser, app.url);
    const older = await sourceOf(page);
    await page.waitForTimeout(800);
    const big = `name: Ten megabytes\nsystem: standalone\nversion: { from: 1.0.0, to: 2.0.0 }\n#${'x'.repeat(10 * 1024 * 1024)}\n`;
    await setSource(page, big);
    const banner = page.locator('[data-testid="storage-error"]');
    await banner.waitFor({ timeout: 20_000 });
    expect(await banner.innerText()).toMatch(/not saved.*download/is);
    expect(await banner.locator('[data-testid="storage-download"]').count()).toBe(1);

    await page.reload();
    const notice = page.locator('[data-testid="notice"][data-tone="error"]');
    await notice.waitFor();
    expect(await notice.innerText()).toMatch(/could not be saved.*older/);
    expect(await sourceOf(page)).toBe(older);
    expect(errors).toEqual([]);
  });

  it('at 1280×720, the notice that the text shown is older fits its place: whole, in view, the stage unmoved', async () => {
    const { page, errors } = await openApp(app.browser, app.url);
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.waitForTimeout(800);
    const big = `name: Ten megabytes\nsystem: standalone\nversion: { from: 1.0.0, to: 2.0.0 }\n#${'x'.repeat(10 * 1024 * 1024)}\n`;
    await setSource(page, big);
    await page.locator('[data-testid="storage-error"]').waitFor({ timeout: 20_000 });
    await page.reload();
    await runSettled(page);
    const notice = page.locator('[data-testid="notice"][data-tone="error"]');
    await notice.waitFor();
    await page.waitForTimeout(500);
    await screenshot(page, 'older-text-1280', false);
    const fit = await page.evaluate(() => {
      const box = document.querySelector<HTMLElement>('[data-testid="notice"][data-tone="error"]');
      if (!box) return ['no notice'];
      const cut: string[] = [];
      for (const element of [box, ...box.querySelectorAll<HTMLElement>('*')]) {
        const rect = element.getBoundingClientRect();
        if (
          element.scrollWidth > element.clientWidth + 1 ||
          element.scrollHeight > element.clientHeight + 1
        )
          cut.push(
            `${element.tagName} overflows: ${element.scrollWidth}×${element.scrollHeight} in ${element.clientWidth}×${element.clientHeight}`,
          );
        if (
          rect.left < 0 ||
          rect.right > window.innerWidth ||
          rect.top < 0 ||
          rect.bottom > window.innerHeight
        )
          cut.push(
            `${element.tagName} out of the window: ${Math.round(rect.left)}–${Math.round(rect.right)} × ${Math.round(rect.top)}–${Math.round(rect.bottom)}`,
          );
      }
      if (document.documentElement.scrollWidth > window.innerWidth)
        cut.push(`the page scrolls sideways: ${document.documentElement.scrollWidth}`);
      const inject = document.querySelector('[data-testid="inject"]')?.getBoundingClientRect();
      if (!inject || inject.bottom > window.innerHeight)
        cut.push(`Inject is below the window: ${Math.round(inject?.bottom ?? Infinity)}`);
      const chart = document.querySelector('[data-testid="timeline"]')?.getBoundingClientRect();
      const lanes = [...document.querySelectorAll('[data-testid="host-row"]')].filter((row) => {
        const rect = row.getBoundingClientRect();
        return rect.height > 0 && rect.bottom <= Math.min(chart?.bottom ?? 0, window.innerHeight);
      }).length;
      if (lanes < 2) cut.push(`${lanes} lanes of the timeline in view`);
      const stage = document.querySelector('.stage')?.getBoundingClientRect().bottom ?? Infinity;
      if (stage > window.innerHeight + 0.5) cut.push(`the stage ends at ${Math.round(stage)}`);
      return cut;
    });
    expect(fit).toEqual([]);
    expect(errors).toEqual([]);
  });
});
