import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openApp, screenshot, pickScenario } from './app';
import { useBuiltApp } from './helpers';

/**
 * Points across the sticky bar of playback and switches, down its whole height and between its
 * two bars, where nothing opaque is drawn: the topmost element there and its ancestors up to the
 * bar all have a see-through background, so what scrolls under the bar shows through.
 */
function seenThroughBar(page: Page) {
  return page.evaluate(() => {
    const bar = document.querySelector('.controls-row');
    if (!bar) return ['no bar'];
    const opaque = (element: Element) => {
      const style = getComputedStyle(element);
      const alpha = /rgba\(.*,\s*([\d.]+)\)$/.exec(style.backgroundColor)?.[1];
      return style.backgroundImage !== 'none' || (alpha === undefined ? true : Number(alpha) >= 1);
    };
    const box = bar.getBoundingClientRect();
    const found: string[] = [];
    for (let y = Math.ceil(box.top) + 1; y < box.bottom - 1; y += 2) {
      for (const x of [box.left + 4, (box.left + box.right) / 2, box.right - 4]) {
        let drawn = false;
        for (let at = document.elementFromPoint(x, y); at && !drawn; at = at.parentElement) {
          if (!bar.contains(at)) break;
          drawn = opaque(at);
        }
        if (!drawn) found.push(`${x.toFixed(0)},${y}`);
      }
    }
    return found;
  });
}

describe('sticky bars out of presenter mode', () => {
  const app = useBuiltApp();

  it('the bar of playback and switches hides what scrolls under it, and what the keyboard focuses comes to rest below it', async () => {
    const { page, errors } = await openApp(app.browser, app.url);
    await pickScenario(page, 'serverware-cluster-large.yaml');
    for (const [width, height] of [
      [1280, 720],
      [1920, 1080],
    ] as const) {
      const where = `${width}×${height}`;
      await page.setViewportSize({ width, height });
      await page.locator('[data-testid="tab-downtime"]').click();
      const table = page.locator('[role="tabpanel"] table');
      await table.waitFor();
      // The page scrolled half-way down the stage: its lanes and forms pass under the bar.
      for (const share of [0.3, 0.6]) {
        await page.evaluate((share) => {
          const tabs = document.querySelector('[role="tabpanel"]');
          if (tabs) window.scrollTo(0, (tabs.getBoundingClientRect().top + scrollY) * share);
        }, share);
        // Before: the timeline's lanes and the Inject button showed through the 8 px between
        // the transport and the switches.
        expect(await seenThroughBar(page), `${where}, scrolled ${share}`).toEqual([]);
      }
      // A control of the stage scrolled up under the bar, then focused from the keyboard.
      const zoom = page.locator('[data-testid="zoom-in"]');
      const bar = await page.locator('.controls-row').boundingBox();
      if (!bar) throw new Error('no bar');
      await page.evaluate(
        (to) => {
          const button = document.querySelector('[data-testid="zoom-in"]');
          if (button) window.scrollBy(0, button.getBoundingClientRect().top - to);
        },
        bar.y + bar.height / 2,
      );
      const under = await zoom.boundingBox();
      expect(under && under.y < bar.y + bar.height, `${where}: under the bar first`).toBe(true);
      await zoom.focus();
      const focused = await zoom.boundingBox();
      // Before: focused where it was, under the bar's middle.
      expect(focused && focused.y >= bar.y + bar.height, `${where}: focused below the bar`).toBe(
        true,
      );
      await screenshot(page, `sticky-bar-${width}x${height}`, false);
    }
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('the downtime table’s header keeps its rule as the rows scroll under it', async () => {
    const { page, errors } = await openApp(app.browser, app.url);
    await page.setViewportSize({ width: 1280, height: 720 });
    await pickScenario(page, 'serverware-cluster-large.yaml');
    await page.locator('[data-testid="tab-downtime"]').click();
    const head = page.locator('[role="tabpanel"] thead th').first();
    await head.waitFor();
    const rule = await head.evaluate((cell) => {
      const box = cell.closest('table')?.parentElement;
      if (box) box.scrollTop = 75;
      // The rule under the header is the header cell's own, drawn where it sticks.
      return getComputedStyle(cell).borderBottomWidth;
    });
    expect(rule).toBe('1px');
    const [first, row] = await page.evaluate(() => {
      const th = document.querySelector('[role="tabpanel"] thead th')?.getBoundingClientRect();
      const box = document
        .querySelector('[role="tabpanel"] table')
        ?.parentElement?.getBoundingClientRect();
      return [th?.top ?? 0, box?.top ?? -1];
    });
    expect(first, 'the header stuck to the top of its box').toBeCloseTo(row, 0);
    expect(
      await head.evaluate((cell) => getComputedStyle(cell.closest('table') ?? cell).borderCollapse),
    ).toBe('separate');
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
