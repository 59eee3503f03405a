import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DRILL, openApp, scenarioHash } from './app';
import { useBuiltApp } from './helpers';

// The keyboard path of a class: Tab stops are controls, or regions that have something to
// scroll; presenter mode keeps the short way to the fault form; the decision card takes the
// focus when it opens and gives it back when answered.

/** The data-testid, or failing that a short description, of the focused element. */
function focusedName(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return 'body';
    return (
      element.getAttribute('data-testid') ??
      element.getAttribute('aria-label') ??
      element.tagName.toLowerCase()
    );
  });
}

/**
 * Every element in the page's Tab order that is not a control — no native focusability, no
 * interactive role, not editable — and has nothing to scroll: a Tab stop that does nothing.
 */
function idleStops(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const controls =
      'a[href], button, input, select, textarea, summary, [contenteditable="true"], [role="button"], [role="tab"], [role="option"], [role="slider"], [role="radio"], [role="checkbox"], [role="menuitem"], [role="link"], [role="switch"], [role="combobox"], [role="listbox"], [role="textbox"], [role="application"], svg[role="img"], [role="dialog"]';
    return [...document.querySelectorAll<HTMLElement>('[tabindex]')]
      .filter((element) => element.tabIndex >= 0 && element.getClientRects().length > 0)
      .filter((element) => !element.matches(controls) && !element.closest('.cm-editor'))
      .filter(
        (element) =>
          element.scrollHeight <= element.clientHeight + 1 &&
          element.scrollWidth <= element.clientWidth + 1,
      )
      .map(
        (element) =>
          `${element.tagName.toLowerCase()} "${element.getAttribute('aria-label') ?? element.getAttribute('data-testid') ?? element.className}"`,
      );
  });
}

describe('the keyboard in front of a class', () => {
  const app = useBuiltApp();

  it('stops Tab only at controls and at regions with something to scroll, at 1280×720 and 1920×1080, in both modes', async () => {
    const { page, errors } = await openApp(app.browser, app.url);
    await page.setViewportSize({ width: 1920, height: 1080 });
    // The Findings panel, with room for its list at 1920×1080, is no stop; made too short for
    // it, it becomes one, so the keyboard can still scroll it; given its room back, it is none.
    const findings = page.getByRole('region', { name: 'Findings' });
    const state = () =>
      findings.evaluate((panel) => ({
        scrolls: panel.scrollHeight > panel.clientHeight + 1,
        tabIndex: panel.tabIndex,
      }));
    await expect.poll(state).toEqual({ scrolls: false, tabIndex: -1 });
    // (Its height, not its max-height: the panel sets that itself, to end on a whole line.)
    await findings.evaluate((panel) => (panel.style.height = '40px'));
    await expect.poll(state).toEqual({ scrolls: true, tabIndex: 0 });
    await findings.evaluate((panel) => (panel.style.height = ''));
    await expect.poll(state).toEqual({ scrolls: false, tabIndex: -1 });
    for (const [width, height] of [
      [1920, 1080],
      [1280, 720],
    ] as const) {
      await page.setViewportSize({ width, height });
      for (const presenter of [false, true]) {
        if (presenter) await page.locator('[data-testid="presenter"]').click();
        await page.waitForTimeout(200);
        expect(
          await idleStops(page),
          `${width}×${height}${presenter ? ', presenter' : ''}`,
        ).toEqual([]);
        if (presenter) {
          await page.locator('[data-testid="presenter"]').click();
          await page.locator('.app.presenter').waitFor({ state: 'detached' });
        }
      }
    }
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('reaches the fault form’s Inject button in a few Tabs in presenter mode at 1280×720', async () => {
    const { page, errors } = await openApp(app.browser, app.url);
    await page.setViewportSize({ width: 1280, height: 720 });
    // As a trainer turns it on: P, from the top of a fresh page.
    await page.keyboard.press('p');
    await page.locator('.app.presenter').waitFor();
    let presses = 0;
    while (presses < 15 && (await focusedName(page)) !== 'inject') {
      await page.keyboard.press((await focusedName(page)) === 'skip-faults' ? 'Enter' : 'Tab');
      // A skip link moves the focus on the next frame.
      await page.evaluate(() => new Promise((done) => requestAnimationFrame(done)));
      presses += 1;
    }
    expect(await focusedName(page)).toBe('inject');
    const fields = await page
      .locator('[data-testid="fault-form"]')
      .locator('select:enabled, input:enabled')
      .count();
    expect(presses).toBeLessThanOrEqual(3 + fields);
    // The Inject button is on screen, not scrolled out of a presenter's view.
    const box = await page.locator('[data-testid="inject"]').boundingBox();
    expect(box).not.toBeNull();
    expect((box?.y ?? 0) + (box?.height ?? 0)).toBeLessThanOrEqual(720);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('skips to the scenario editor itself, not the draft name above it, and what is typed goes into the text', async () => {
    const { page, errors } = await openApp(app.browser, app.url);
    await page.setViewportSize({ width: 1280, height: 720 });
    let presses = 0;
    while (presses < 5 && (await focusedName(page)) !== 'skip-editor') {
      await page.keyboard.press('Tab');
      presses += 1;
    }
    expect(await focusedName(page)).toBe('skip-editor');
    await page.keyboard.press('Enter');
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(done)));
    const inEditor = () =>
      page.evaluate(() => Boolean(document.activeElement?.closest('[data-testid="editor"]')));
    expect(await inEditor()).toBe(true);
    await page.keyboard.type('# typed\n');
    // CodeMirror arrives once the editor is in view, with the focus and the text.
    await page.locator('[data-testid="code-editor"] .cm-content').waitFor({ timeout: 30_000 });
    await expect.poll(inEditor).toBe(true);
    const text = await page
      .locator('[data-testid="code-editor"]')
      .evaluate((element) => (element as HTMLElement & { value: string }).value);
    expect(text.startsWith('# typed\n')).toBe(true);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('keeps the focus on the speed when the keyboard changes it, and its arrows never move the playhead', async () => {
    const { page, errors } = await openApp(app.browser, app.url);
    await page.setViewportSize({ width: 1280, height: 720 });
    const speed = page.locator('[data-testid="speed"]');
    const cursor = () => page.locator('[data-testid="cursor"]').getAttribute('data-cursor');
    const before = await cursor();
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid'));
    await speed.focus();
    const first = await speed.inputValue();
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => speed.inputValue()).not.toBe(first);
    // Before: the speed changed and the focus fell to the page, so the next arrow stepped the
    // run (transition 1 → 2) and a second ↑ changed nothing.
    expect(await focused()).toBe('speed');
    const second = await speed.inputValue();
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => speed.inputValue()).not.toBe(second);
    await page.keyboard.press('ArrowRight');
    expect(await focused()).toBe('speed');
    expect(await cursor()).toBe(before);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('the decision card takes the focus, keeps the player’s keys to itself, and gives the focus back when answered', async () => {
    const { page, errors } = await openApp(app.browser, app.url, scenarioHash(DRILL));
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.locator('[data-testid="speed"]').selectOption('1000');
    await page.locator('[data-testid="drill-switch"]').check();
    await page.locator('[data-testid="play"]').focus();
    await page.keyboard.press('Enter');
    const card = page.getByRole('dialog', { name: /Decision/ });
    await card.waitFor({ timeout: 30_000 });

    const options = card.locator('[data-option]');
    const first = await options.first().getAttribute('data-option');
    const second = await options.nth(1).getAttribute('data-option');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-option'))).toBe(
      first,
    );
    // Arrows move between the options, not the playhead; the run stays paused at the decision.
    const cursor = await page.locator('[data-testid="cursor"]').textContent();
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-option'))).toBe(
      second,
    );
    await page.keyboard.press('ArrowRight');
    expect(await page.locator('[data-testid="cursor"]').textContent()).toBe(cursor);
    expect(await page.locator('[data-testid="play"]').getAttribute('aria-label')).toBe('Play');

    // Answered with the keyboard: the focus goes back to Play, not to the page's body.
    await page.keyboard.press('Enter');
    await card.waitFor({ state: 'detached', timeout: 30_000 });
    expect(await focusedName(page)).toBe('play');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('a decision answered with the mouse leaves Space to the player, not to the switch clicked before it', async () => {
    // Before: the card gave the focus back to the Drill switch the trainer had clicked, as if
    // the keyboard had put it there: Space, meant to pause, turned the drill off, dropping the
    // trainee's choice while the run played on.
    const { page, errors } = await openApp(app.browser, app.url, scenarioHash(DRILL));
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.locator('[data-testid="speed"]').selectOption('1000');
    const drill = page.locator('[data-testid="drill-switch"]');
    await drill.check();
    await page.keyboard.press(' ');
    const card = page.getByRole('dialog', { name: /Decision/ });
    await card.waitFor({ timeout: 30_000 });
    await card.locator('[data-option]').first().click();
    await card.waitFor({ state: 'detached', timeout: 30_000 });
    const playLabel = () => page.locator('[data-testid="play"]').getAttribute('aria-label');
    await expect.poll(playLabel).toBe('Pause');
    await page.keyboard.press(' ');
    await expect.poll(playLabel).toBe('Play');
    expect(await drill.isChecked()).toBe(true);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
