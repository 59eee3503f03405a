import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openApp, runSettled } from './app';
import { useBuiltApp } from './helpers';

const SCENARIOS = [
  'ha-pair-preemption-disabled.yaml',
  'serverware-mirror-3.2.yaml',
  'serverware-cluster-3.2.yaml',
] as const;

const SIZES = [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
] as const;

/** Switches presenter mode to `on`, as the header's button does. */
async function setPresenter(page: Page, on: boolean): Promise<void> {
  if (on !== (await page.locator('.app.presenter').count()) > 0) {
    await page.locator('[data-testid="presenter"]').click();
  }
  await page.locator('.app.presenter').waitFor({ state: on ? 'attached' : 'detached' });
}

/** Clicks the timeline's axis at `share` of its width (0 to 1). */
async function seekShare(page: Page, share: number): Promise<void> {
  const box = await page.locator('[data-testid="axis-lane"]').boundingBox();
  if (!box) throw new Error('no timeline');
  await page.mouse.click(box.x + box.width * share, box.y + box.height / 2);
}

/**
 * The lines of text inside the box `selector` that its visible rect (its padding box, where a
 * scroll box shows its content) cuts across, at its bottom edge (and its top, unscrolled): each
 * as its text and how many pixels of it are hidden. A line box is measured as the browser lays the text out
 * (one rect per line of a text node), so a line cut in half shows here whatever its element.
 */
function cutLines(page: Page, selector: string): Promise<string[]> {
  return page.evaluate((selector) => {
    const box = document.querySelector(selector);
    if (!box) return selector.includes('findings') ? [] : [`${selector}: not on the page`];
    const rect = box.getBoundingClientRect();
    const style = getComputedStyle(box);
    const zoom = (box as Element & { currentCSSZoom?: number }).currentCSSZoom ?? 1;
    const top = rect.top + parseFloat(style.borderTopWidth) * zoom;
    const bottom = rect.bottom - parseFloat(style.borderBottomWidth) * zoom;
    const found: string[] = [];
    const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim() ?? '';
      if (text === '') continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const line of range.getClientRects()) {
        if (line.width === 0 || line.height === 0) continue;
        // A pixel of slack: the zoom of presenter mode puts edges between whole pixels.
        // The top edge of a box scrolled by the app itself is left out: a step list scrolled to
        // its last steps shows them down to its bottom, and the row above them as it falls.
        const edges =
          box.scrollTop > 0
            ? ([['bottom', bottom]] as const)
            : ([
                ['bottom', bottom],
                ['top', top],
              ] as const);
        for (const [edge, at] of edges) {
          if (line.top < at - 1 && line.bottom > at + 1) {
            const hidden = edge === 'bottom' ? line.bottom - at : at - line.top;
            found.push(
              `"${text.slice(0, 40)}" cut at the ${edge} (${hidden.toFixed(1)} px hidden)`,
            );
          }
        }
      }
    }
    return found;
  }, selector);
}

describe('the stage on a projector: nothing a class needs below a fold', () => {
  const app = useBuiltApp();

  it('the narration and the invariants end on a whole line, never one cut in half at their edge', async () => {
    const { page, errors } = await openApp(app.browser, app.url);
    for (const presenter of [true, false]) {
      await setPresenter(page, presenter);
      for (const { width, height } of SIZES) {
        await page.setViewportSize({ width, height });
        for (const scenario of SCENARIOS) {
          await page.locator('[data-testid="scenario-picker"]').selectOption(scenario);
          await runSettled(page);
          await page.evaluate(() => window.scrollTo(0, 0));
          for (const share of [0.05, 0.3, 0.55, 0.8, 1]) {
            await seekShare(page, share);
            const where = `${scenario} at ${width}×${height}${presenter ? ' presenter' : ''}, ${share} of the run`;
            // Before: a line of the narration (or of the invariants) half under the box's edge,
            // 3 to 20 px of it hidden, at most of these instants.
            // The step list under the narration and the findings end on whole lines too (the
            // room the narration gives up must not show a sliver of the next step).
            for (const box of [
              '[data-testid="narration"]',
              'section[aria-label="Invariants"]',
              '.panel.procedure ol',
              '[data-testid="findings"]',
            ]) {
              await expect
                .poll(() => cutLines(page, box), { timeout: 3_000, message: `${where}: ${box}` })
                .toEqual([]);
            }
          }
        }
      }
    }
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
