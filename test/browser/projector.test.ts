import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  type AppPage,
  brushRange,
  DRILL,
  handsOnOffer,
  openApp,
  startHandsOn,
  runSettled,
  scenarioHash,
  screenshot,
  pickScenario,
} from './app';
import { useBuiltApp, type BuiltApp } from './helpers';

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

/** Opens the app in a fresh context at `size`, in presenter mode (optionally at a hash). */
async function openPresenter(
  app: BuiltApp,
  size: { readonly width: number; readonly height: number },
  hash = '',
): Promise<AppPage> {
  const opened = await openApp(app.browser, app.url, hash);
  await opened.page.setViewportSize(size);
  await setPresenter(opened.page, true);
  return opened;
}

/** A window's size, in presenter mode or out of it. */
interface Layout {
  readonly width: number;
  readonly height: number;
  readonly presenter: boolean;
}

/** The layouts a class meets: 720p, a laptop's 900 px and 1080p, in presenter mode and out. */
const LAYOUTS: readonly Layout[] = [
  { width: 1280, height: 720, presenter: false },
  { width: 1280, height: 720, presenter: true },
  { width: 1440, height: 900, presenter: false },
  { width: 1920, height: 1080, presenter: false },
  { width: 1920, height: 1080, presenter: true },
];

/** Opens the app in a fresh context at `layout`'s size, in presenter mode or out of it. */
async function openLayout(app: BuiltApp, { width, height, presenter }: Layout): Promise<AppPage> {
  const opened = await openApp(app.browser, app.url);
  await opened.page.setViewportSize({ width, height });
  await setPresenter(opened.page, presenter);
  return opened;
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
function cutLines(page: Page, selector: string, topAlways = false): Promise<string[]> {
  return page.evaluate(
    ({ selector, topAlways }) => {
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
        // A line hidden by a box of its own that scrolls inside this one (a large Cluster's
        // workloads' lanes in presenter mode) is no line at this box's edge: that box is
        // checked on its own.
        let hidden = false;
        for (let inner = node.parentElement; inner && inner !== box; inner = inner.parentElement)
          if (getComputedStyle(inner).overflowY !== 'visible') {
            const clip = inner.getBoundingClientRect();
            const range = document.createRange();
            range.selectNodeContents(node);
            const rect = range.getBoundingClientRect();
            if (rect.top < clip.top - 1 || rect.bottom > clip.bottom + 1) hidden = true;
          }
        if (hidden) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        for (const line of range.getClientRects()) {
          if (line.width === 0 || line.height === 0) continue;
          // A pixel of slack: the zoom of presenter mode puts edges between whole pixels.
          // The top edge of a box scrolled by the app itself is left out, unless `topAlways`: the
          // narration scrolled by hand shows what it was scrolled to.
          const edges =
            box.scrollTop > 0 && !topAlways
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
    },
    { selector, topAlways },
  );
}

/** Where an element is drawn, and the viewport's size. */
function rectOf(page: Page, selector: string) {
  return page.evaluate((selector) => {
    const box = document.querySelector(selector)?.getBoundingClientRect();
    return {
      box: box ? { top: box.top, bottom: box.bottom, left: box.left, right: box.right } : null,
      width: window.innerWidth,
      height: window.innerHeight,
    };
  }, selector);
}

/** Whether `selector` is drawn whole inside the viewport and inside the visible rect of `within`. */
async function inView(page: Page, selector: string, within: string): Promise<string | true> {
  const [{ box, width, height }, { box: outer }] = await Promise.all([
    rectOf(page, selector),
    rectOf(page, within),
  ]);
  if (!box) return `${selector} is not on the page`;
  if (!outer) return `${within} is not on the page`;
  const inside =
    box.top >= Math.max(0, outer.top) - 0.5 &&
    box.bottom <= Math.min(height, outer.bottom) + 0.5 &&
    box.left >= Math.max(0, outer.left) - 0.5 &&
    box.right <= Math.min(width, outer.right) + 0.5;
  return inside || `${selector} at ${JSON.stringify(box)}, outside ${JSON.stringify(outer)}`;
}

/**
 * Whether the first line of text in `selector` is drawn whole inside the visible rect of `within`
 * (its padding box) and the viewport: a paragraph read from its start.
 */
function firstLineIn(page: Page, selector: string, within: string): Promise<string | true> {
  return page.evaluate(
    ({ selector, within }) => {
      const element = document.querySelector(selector);
      const box = document.querySelector(within);
      if (!element || !box) return `${selector} or ${within} is not on the page`;
      const range = document.createRange();
      range.selectNodeContents(element);
      const line = [...range.getClientRects()].find((rect) => rect.width > 0 && rect.height > 0);
      if (!line) return `${selector} has no text`;
      const outer = box.getBoundingClientRect();
      const style = getComputedStyle(box);
      const top = Math.max(0, outer.top + parseFloat(style.borderTopWidth));
      const bottom = Math.min(innerHeight, outer.bottom - parseFloat(style.borderBottomWidth));
      return (
        (line.top >= top - 1 && line.bottom <= bottom + 1) ||
        `${selector}: "${(element.textContent ?? '').slice(0, 30)}" at ${line.top}–${line.bottom}, outside ${top}–${bottom}`
      );
    },
    { selector, within },
  );
}

/** The time window the timeline shows. */
async function shownWindow(page: Page): Promise<{ from: number; to: number }> {
  const element = page.locator('[data-testid="window"]');
  return {
    from: Number(await element.getAttribute('data-from')),
    to: Number(await element.getAttribute('data-to')),
  };
}

/** One browser and one server for the whole file: each test opens a context of its own. */
const app = useBuiltApp();

describe('the stage on a projector: nothing a class needs below a fold', () => {
  it('the narration and the invariants end on a whole line, never one cut in half at their edge', async () => {
    const { page, errors } = await openApp(app.browser, app.url);
    for (const presenter of [true, false]) {
      await setPresenter(page, presenter);
      for (const { width, height } of SIZES) {
        await page.setViewportSize({ width, height });
        for (const scenario of SCENARIOS) {
          await pickScenario(page, scenario);
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
              '[data-testid="findings"]',
            ]) {
              await expect
                .poll(() => cutLines(page, box), { timeout: 3_000, message: `${where}: ${box}` })
                .toEqual([]);
            }
            // The step list at its top edge too, scrolled to the current step: before, at the
            // end of a run it showed the last step under the lower half of the one before it.
            await expect
              .poll(() => cutLines(page, '.panel.procedure ol', true), {
                timeout: 3_000,
                message: `${where}: the step list`,
              })
              .toEqual([]);
          }
        }
      }
    }
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it.each(SIZES)(
    'presenter mode at $width×$height: the timeline’s zoom, pan and fit and its legend are in its box and on screen, and work',
    async ({ width, height }) => {
      const { page, errors } = await openPresenter(app, { width, height });
      const timeline = 'section[aria-label="Timeline"]';
      for (const scenario of ['ha-pair-preemption-disabled.yaml', 'serverware-cluster-3.2.yaml']) {
        await pickScenario(page, scenario);
        await page.evaluate(() => window.scrollTo(0, 0));
        const where = `${scenario} at ${width}×${height}`;
        // Before: below the chart, under the timeline box's fold (the box scrolled to show them).
        for (const id of ['zoom-in', 'zoom-out', 'zoom-fit', 'pan-earlier', 'pan-later']) {
          expect(await inView(page, `[data-testid="${id}"]`, timeline), `${where}: ${id}`).toBe(
            true,
          );
        }
        const toggle = page.locator('[data-testid="legend-toggle"]');
        expect(await inView(page, '[data-testid="legend-toggle"]', timeline), where).toBe(true);
        expect(await toggle.getAttribute('aria-expanded')).toBe('false');
        // The legend opens over the chart, whole, in the box and on screen.
        await toggle.click();
        const legend = page.locator('[data-testid="timeline-legend"]');
        expect(await legend.isVisible(), `${where}: the legend open`).toBe(true);
        expect(await inView(page, '[data-testid="timeline-legend"]', timeline), where).toBe(true);
        const swatches = await legend.locator('[data-testid="legend-swatch"]').count();
        expect(swatches).toBeGreaterThan(3);
        await screenshot(page, `projector-legend-${width}x${height}`, false);
        await toggle.click();
        expect(await legend.isVisible(), `${where}: the legend closed`).toBe(false);
        expect(
          await page.locator(timeline).evaluate((box) => box.scrollTop),
          `${where}: the timeline box scrolled`,
        ).toBe(0);

        // They work: zoom in, pan, fit.
        const whole = await shownWindow(page);
        await page.locator('[data-testid="zoom-in"]').click();
        const zoomed = await shownWindow(page);
        expect(zoomed.to - zoomed.from).toBeCloseTo((whole.to - whole.from) / 2, -3);
        const panned = zoomed.to < whole.to ? 'pan-later' : 'pan-earlier';
        await page.locator(`[data-testid="${panned}"]`).click();
        const moved = await shownWindow(page);
        expect(moved.from, `${where}: ${panned}`).not.toBe(zoomed.from);
        expect(moved.to - moved.from).toBeCloseTo(zoomed.to - zoomed.from, -3);
        await page.locator('[data-testid="zoom-fit"]').click();
        expect(await shownWindow(page)).toEqual(whole);
      }
      expect(errors).toEqual([]);
      await page.context().close();
    },
  );

  it('in presenter mode a step reads whole, its badges and version included', async () => {
    const { page, errors } = await openApp(app.browser, app.url);
    await pickScenario(page, SCENARIOS[2]);
    await setPresenter(page, true);
    // A failed install on a processing host: its reinstall is a recovery step, assumed.
    await seekShare(page, 0.1);
    await page.locator('select[name="fault"]').selectOption('upgrade-failure');
    await page.locator('select[name="target"]').selectOption('processing-2');
    await page.locator('[data-testid="inject"]').click();
    await runSettled(page);
    await expect.poll(() => page.locator('[data-testid="live-fault"]').count()).toBe(1);
    // To the failure, then on to the reinstall: the current step is the recovery.
    const recovery = page.locator(
      '[data-testid="step"][aria-current="step"][data-recovery="true"]',
    );
    for (let jump = 0; jump < 8 && (await recovery.count()) === 0; jump++) {
      await page.locator('[data-testid="jump-next"]').click();
      await page
        .locator('[data-testid="step-forward"], button[aria-label="Step forward"]')
        .first()
        .click();
    }
    expect(await recovery.count(), 'the reinstall is the current step').toBe(1);
    for (const { width, height } of SIZES) {
      await page.setViewportSize({ width, height });
      await page.waitForTimeout(300);
      // Before: `9 in… recovery assumed RUNNING`, and `install processing-3 → 4.…`.
      const cut = await page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('[data-testid="step-title"]')]
          .filter((title) => title.getClientRects().length > 0)
          .filter((title) => title.scrollWidth > title.clientWidth + 1)
          .map((title) => title.textContent),
      );
      expect(cut, `${width}×${height}: step titles cut`).toEqual([]);
      expect(await recovery.locator('[data-testid="step-source"]').innerText()).toBe('assumed');
    }
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('at 1280×720 and 1920×1080, in presenter mode and out of it, the live faults and Write stay in view with Inject', async () => {
    const { page, errors } = await openApp(app.browser, app.url);
    await pickScenario(page, SCENARIOS[0]);
    const faults = 'section[aria-label="Faults"]';
    for (const presenter of [true, false]) {
      await setPresenter(page, presenter);
      for (const { width, height } of SIZES) {
        await page.setViewportSize({ width, height });
        for (const [count, share] of [
          [1, 0.1],
          [2, 0.3],
        ] as const) {
          await page.evaluate(() => window.scrollTo(0, 0));
          await seekShare(page, share);
          await page.locator('[data-testid="inject"]').click();
          await runSettled(page);
          await expect.poll(() => page.locator('[data-testid="live-fault"]').count()).toBe(count);
          await page.evaluate(() => window.scrollTo(0, 0));
          const where = `${width}×${height}${presenter ? ' presenter' : ''}, ${count} live`;
          // Before: at 720p the list and Write below the form, past the bottom of the screen.
          const shown = [
            ...Array.from(
              { length: count },
              (_, index) => `[data-testid="live-fault"]:nth-child(${index + 1})`,
            ),
            '[data-testid="fault-write"]',
            '[data-testid="inject"]',
            '[data-testid="fault-reach"]',
          ];
          for (const selector of shown) {
            expect(await inView(page, selector, faults), `${where}: ${selector}`).toBe(true);
          }
          // The invariants gave the form their room, still on a whole line (the faults break
          // the run: one is violated).
          expect(await cutLines(page, 'section[aria-label="Invariants"]'), where).toEqual([]);
          // And the current step still reads: its heading and its narration's first line (before:
          // at 1280×720 out of presenter mode, the heading alone, the narration scrolled away).
          for (const line of ['[data-testid="narration"] > p', '[data-testid="narration-note"]'])
            expect(await firstLineIn(page, line, '[data-testid="narration"]'), where).toBe(true);
        }
        // At the run's end, its outcome first, in view (before: under the last step's story, cut
        // at "Rolled back after 2h14m40s: install" at 1080p); the last step's story scrolls.
        await seekShare(page, 1);
        await page.evaluate(() => window.scrollTo(0, 0));
        expect(
          await page.locator('[data-testid="narration"] > p').first().getAttribute('data-testid'),
        ).toBe('outcome');
        expect(
          await firstLineIn(page, '[data-testid="outcome"]', '[data-testid="narration"]'),
          `${width}×${height}${presenter ? ' presenter' : ''}, at the end`,
        ).toBe(true);
        await screenshot(
          page,
          `projector-faults-${width}x${height}${presenter ? '-presenter' : ''}`,
          false,
        );
        // The next size starts with no live fault.
        for (let left = 2; left > 0; left--) {
          await page.locator('[data-testid="live-fault"] button').first().click();
          await runSettled(page);
          await expect
            .poll(() => page.locator('[data-testid="live-fault"]').count())
            .toBe(left - 1);
        }
      }
    }
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('at the run’s end, in presenter mode, the reason Inject refuses is in view just under the button', async () => {
    const { page, errors } = await openApp(app.browser, app.url);
    await setPresenter(page, true);
    const faults = 'section[aria-label="Faults"]';
    for (const scenario of ['serverware-cluster-large.yaml', 'serverware-cluster-3.2.yaml']) {
      await pickScenario(page, scenario);
      for (const { width, height } of SIZES) {
        await page.setViewportSize({ width, height });
        await page.evaluate(() => window.scrollTo(0, 0));
        await page.locator('[data-testid="app-root"] h1').click();
        await page.keyboard.press('End');
        const reach = page.locator('[data-testid="fault-reach"]');
        await expect.poll(() => reach.getAttribute('data-fires')).toBe('false');
        const where = `${scenario} at ${width}×${height}, at the end`;
        // Before: the target's select widened by "(cannot fire now)" put the target, `times` and
        // Inject a row down each; the reason began at 674 px of 720 and ended off screen.
        expect(await inView(page, '[data-testid="fault-reach"]', faults), where).toBe(true);
        expect(await inView(page, '[data-testid="inject"]', faults), where).toBe(true);
        const [button, reason] = await Promise.all([
          rectOf(page, '[data-testid="inject"]'),
          rectOf(page, '[data-testid="fault-reach"]'),
        ]);
        const gap = (reason.box?.top ?? Infinity) - (button.box?.bottom ?? 0);
        expect(gap, `${where}: between Inject and its reason`).toBeLessThan(20);
        expect(await reach.innerText()).toMatch(
          /^The run has ended at .*: rewind to inject a fault\./,
        );
      }
    }
    await screenshot(page, 'projector-fault-refused-1920x1080', false);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it.each(SIZES)(
    'presenter mode at $width×$height: a pair’s and a Mirror’s timeline shows every lane, its workloads’ and its hosts’, whole in its box',
    async ({ width, height }) => {
      const { page, errors } = await openPresenter(app, { width, height });
      const timeline = 'section[aria-label="Timeline"]';
      for (const scenario of [
        'ha-pair-preemption-enabled.yaml',
        'ha-pair-preemption-disabled.yaml',
        'serverware-mirror-4.3-4.8.yaml',
      ]) {
        await pickScenario(page, scenario);
        await page.evaluate(() => window.scrollTo(0, 0));
        await seekShare(page, 0.3);
        const where = `${scenario} at ${width}×${height}`;
        const rows = page.locator(
          `${timeline} [data-testid="group-row"], ${timeline} [data-testid="host-row"]`,
        );
        const count = await rows.count();
        expect(count, where).toBeGreaterThanOrEqual(4);
        // Before: the HA pair's three workloads only, its two hosts under the box's fold.
        for (let index = 0; index < count; index++) {
          const row = rows.nth(index);
          const name = await row.locator('[data-testid="row-label"]').innerText();
          const marked = `lane-${index}`;
          await row.evaluate(
            (element, marked) => element.setAttribute('data-probe', marked),
            marked,
          );
          expect(
            await inView(page, `[data-probe="${marked}"]`, timeline),
            `${where}: ${name}`,
          ).toBe(true);
        }
        expect(
          await page.locator(timeline).evaluate((box) => box.scrollTop),
          `${where}: the timeline box scrolled`,
        ).toBe(0);
      }
      await screenshot(page, `projector-lanes-${width}x${height}`, false);
      expect(errors).toEqual([]);
      await page.context().close();
    },
  );

  it('at 1280×720, 1366×768 and 1920×1080, in presenter mode and out of it, the stage ends at the window’s foot, not past it', async () => {
    // Before: at 1280×720 out of presenter mode the stage ran 5 px past the window, the feet of
    // the Findings strip and the fault form cut by its edge; and 5 px again (15 px with a drill
    // on) on a scenario whose long name took two lines of the intro.
    const { page, errors } = await openApp(app.browser, app.url);
    for (const presenter of [false, true]) {
      await setPresenter(page, presenter);
      for (const [width, height] of [
        [1280, 720],
        [1366, 768],
        [1920, 1080],
      ] as const) {
        await page.setViewportSize({ width, height });
        for (const scenario of [...SCENARIOS, 'golden/serverware-cluster-stop-vps.yaml']) {
          await pickScenario(page, scenario);
          await page.evaluate(() => window.scrollTo(0, 0));
          const bottom = await page.evaluate(
            () => document.querySelector('.stage')?.getBoundingClientRect().bottom ?? Infinity,
          );
          expect(
            bottom,
            `${scenario} at ${width}×${height}${presenter ? ' presenter' : ''}`,
          ).toBeLessThanOrEqual(height + 0.5);
        }
      }
    }
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

describe('the timeline’s box', () => {
  it.each(SIZES)(
    'at $width×$height: no line of the timeline cut at its box’s edge, on a pair and a Mirror',
    async ({ width, height }) => {
      const { page, errors } = await openPresenter(app, { width, height });
      for (const scenario of [
        'ha-pair-preemption-enabled.yaml',
        'ha-pair-preemption-disabled.yaml',
        'serverware-mirror-4.3-4.8.yaml',
      ]) {
        await pickScenario(page, scenario);
        await page.evaluate(() => window.scrollTo(0, 0));
        for (const share of [0.05, 0.5, 1]) {
          await seekShare(page, share);
          // Before: on the HA pairs at 1280×720, the row `Drag to: Seek Select range Pan` and
          // `A row per workload` half under the box's bottom edge (10 px of it hidden).
          await expect
            .poll(() => cutLines(page, 'section[aria-label="Timeline"]'), {
              timeout: 3_000,
              message: `${scenario} at ${width}×${height}, ${share} of the run`,
            })
            .toEqual([]);
        }
      }
      expect(errors).toEqual([]);
      await page.context().close();
    },
  );

  it('at 1280×720 and 1920×1080, in presenter mode and out of it, a Cluster’s timeline ends on a whole lane', async () => {
    const { page, errors } = await openApp(app.browser, app.url);
    for (const presenter of [true, false]) {
      await setPresenter(page, presenter);
      for (const { width, height } of SIZES) {
        await page.setViewportSize({ width, height });
        for (const scenario of [
          'serverware-cluster-4.3-4.8.yaml',
          'serverware-cluster-3.2.yaml',
          'serverware-cluster-large.yaml',
        ]) {
          await pickScenario(page, scenario);
          await page.evaluate(() => window.scrollTo(0, 0));
          for (const share of [0.05, 1]) {
            await seekShare(page, share);
            // Before: the lanes of the hosts under the box's fold, the first one's name cut in
            // half at its bottom edge (`backup`, 14 px of it hidden, at 1280×720 in presenter
            // mode; `WORKLOADS` out of it).
            await expect
              .poll(() => cutLines(page, 'section[aria-label="Timeline"]'), {
                timeout: 3_000,
                message: `${scenario} at ${width}×${height}${presenter ? ' presenter' : ''}, ${share} of the run`,
              })
              .toEqual([]);
          }
        }
      }
    }
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it.each(SIZES)(
    'at $width×$height in presenter mode, a large Cluster’s axis keeps its height: no row of the chart over another',
    async ({ width, height }) => {
      // Before: with more lanes than the box holds, the flex column shrank the axis row from 28
      // to 16 px, and its "time" label ran into the WORKLOADS heading under it.
      const { page, errors } = await openPresenter(app, { width, height });
      await pickScenario(page, 'serverware-cluster-large.yaml');
      const overlaps = () =>
        page.evaluate(() => {
          const chart = document.querySelector('[data-testid="axis-row"]')?.parentElement;
          if (!chart) return ['no chart'];
          const rows = [...chart.children]
            .map((row) => ({ row, box: row.getBoundingClientRect() }))
            // The rows and groups of rows; not what is laid over them (the playhead, the markers).
            .filter(
              ({ row, box }) => box.height > 0 && getComputedStyle(row).position !== 'absolute',
            )
            .sort((a, b) => a.box.top - b.box.top);
          const found: string[] = [];
          for (let k = 1; k < rows.length; k++) {
            const [above, below] = [rows[k - 1], rows[k]];
            if (above && below && above.box.bottom > below.box.top + 0.5)
              found.push(
                `${(above.row.textContent ?? '').slice(0, 20)} over ${(below.row.textContent ?? '').slice(0, 20)}`,
              );
          }
          const axis = document.querySelector('[data-testid="axis-row"]')?.getBoundingClientRect();
          const lane = document.querySelector('[data-testid="axis-lane"]')?.getBoundingClientRect();
          if (axis && lane && axis.height + 0.5 < lane.height)
            found.push(`axis row ${axis.height} < its lane ${lane.height}`);
          return found;
        });
      await expect.poll(overlaps).toEqual([]);
      expect(errors).toEqual([]);
      await page.context().close();
    },
  );

  it('is not fitted again at a seek that changes only its figures: its cut is left as it is', async () => {
    // Before: every seek changed a total in the timeline, which cleared the box's cut and laid
    // the page out again to measure it; on a 400-host Cluster a rewind took 650 ms from input
    // to the next frame instead of 51 (`npm run bench -- browser`).
    const { page, errors } = await openApp(app.browser, app.url);
    await page.setViewportSize({ width: 1280, height: 720 });
    await pickScenario(page, 'serverware-cluster-large.yaml');
    await page.evaluate(() => window.scrollTo(0, 0));
    await seekShare(page, 0.2);
    await page.waitForTimeout(300);
    const cut = () =>
      page.evaluate(
        () =>
          document.querySelector<HTMLElement>('section[aria-label="Timeline"]')?.style.maxHeight,
      );
    expect(await cut(), 'the box is cut on a whole lane').toMatch(/px$/);
    await page.evaluate(() => {
      const box = document.querySelector('section[aria-label="Timeline"]');
      const record = window as unknown as { restyled: number };
      record.restyled = 0;
      if (box)
        new MutationObserver((list) => (record.restyled += list.length)).observe(box, {
          attributes: true,
          attributeFilter: ['style'],
        });
    });
    const totals = page.locator('[data-testid="downtime-so-far"]');
    for (const share of [0.5, 0.8, 0.35]) {
      const before = await totals.innerText();
      await seekShare(page, share);
      await expect.poll(() => totals.innerText()).not.toBe(before);
    }
    await page.waitForTimeout(300);
    expect(
      await page.evaluate(() => (window as unknown as { restyled: number }).restyled),
      'style changes of the timeline box',
    ).toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

describe('a Cluster’s timeline in presenter mode', () => {
  it.each([...SIZES, { width: 3840, height: 2160 }])(
    'at $width×$height, keeps the workloads’ lanes and the lane of the step’s host in view, the page not scrolled',
    async (size) => {
      // Before: the box cut at its first whole lines, whatever the step: at 1080p and 4K only
      // `backup` of the six hosts' lanes in view (263 of 377 px shown), at 720p none, the HOSTS
      // heading cut at the box's foot.
      const { page, errors } = await openPresenter(app, size);
      for (const scenario of ['serverware-cluster-3.2.yaml', 'serverware-cluster-large.yaml']) {
        await pickScenario(page, scenario);
        const seen = new Set<string>();
        for (const share of [0.02, 0.12, 0.25, 0.45, 0.7, 0.95, 0.3]) {
          await seekShare(page, share);
          await runSettled(page);
          const current = page.locator('[data-testid="host-row"][data-current]');
          const where = `${scenario} at ${size.width}×${size.height}, ${share} of the run`;
          if ((await current.count()) === 0) continue;
          const host = await current.locator('[data-testid="row-label"]').innerText();
          seen.add(host);
          await expect
            .poll(
              () =>
                outOfView(page, [
                  '[data-testid="axis-lane"]',
                  '[data-testid="host-row"][data-current] [data-testid="row-label"]',
                ]),
              { timeout: 3_000, message: `${where}: ${host}` },
            )
            .toEqual([]);
          // Every workload's lane of a Cluster of three processing hosts; of the 20-host one, the
          // lane of the step's host's workloads, its box scrolling the others.
          const group = `[data-testid="group-row"][data-group="${host}"]`;
          expect(
            await outOfView(
              page,
              scenario === 'serverware-cluster-3.2.yaml'
                ? ['[data-testid="group-row"]']
                : (await page.locator(group).count()) > 0
                  ? [group]
                  : [],
              scenario === 'serverware-cluster-3.2.yaml',
            ),
            `${where}: the workloads' lanes`,
          ).toEqual([]);
          // The box follows in the frames after a seek, and again once it is cut anew: what it
          // shows is read once it has settled (a busy machine left a lane 1.3 px short at 4K).
          await expect
            .poll(() => cutLines(page, '[data-testid="workload-lanes"]'), {
              timeout: 3_000,
              message: `${where}: the workloads' box`,
            })
            .toEqual([]);
          await expect
            .poll(() => cutLines(page, 'section[aria-label="Timeline"]'), {
              timeout: 3_000,
              message: where,
            })
            .toEqual([]);
          expect(await page.evaluate(() => window.scrollY), where).toBe(0);
          expect(
            await page.evaluate(
              () => document.querySelector('.stage')?.getBoundingClientRect().bottom ?? Infinity,
            ),
            where,
          ).toBeLessThanOrEqual(size.height + 0.5);
        }
        // Hosts of each tier followed: the Backup, then processing hosts below the box's first
        // screen.
        expect(seen.size, `${scenario}: ${[...seen].join(', ')}`).toBeGreaterThan(2);
        await screenshot(page, `timeline-follows-${scenario}-${size.width}x${size.height}`, false);
      }
      expect(errors).toEqual([]);
      await page.context().close();
    },
  );
});

describe('the transport with a run longer than a day', () => {
  it('holds a clock past a day on one row with the class’s switches: the stage starts where a shorter run’s does', async () => {
    const { page, errors } = await openApp(app.browser, app.url);
    const rows = () =>
      page.evaluate(() => {
        const top = (selector: string) =>
          document.querySelector(selector)?.getBoundingClientRect().top ?? NaN;
        return {
          transport: top('[role="toolbar"][aria-label="Playback"]'),
          switches: top('[data-testid="drill-bar"]'),
          transportHeight:
            document
              .querySelector('[role="toolbar"][aria-label="Playback"]')
              ?.getBoundingClientRect().height ?? NaN,
          summary: (() => {
            const summary = document.querySelector<HTMLElement>('[data-testid="downtime-summary"]');
            if (!summary) return { text: '', lines: NaN, together: false };
            const line = parseFloat(getComputedStyle(summary).lineHeight);
            // The role changes' name and figure on one line ("switchovers" then "2" below it).
            const figure = summary.querySelector('[data-testid="failovers"]');
            const range = document.createRange();
            let before = figure?.previousSibling;
            while (before && !before.textContent?.trim()) before = before.previousSibling;
            if (before) range.selectNodeContents(before);
            const name = before ? [...range.getClientRects()].at(-1) : undefined;
            return {
              text: summary.innerText,
              lines: Math.round(summary.getBoundingClientRect().height / line),
              together:
                !figure ||
                (name !== undefined &&
                  Math.abs(figure.getBoundingClientRect().top - name.top) < line / 2),
            };
          })(),
          stage: top('main.layout'),
        };
      });
    for (const presenter of [true, false]) {
      await setPresenter(page, presenter);
      for (const { width, height } of SIZES) {
        await page.setViewportSize({ width, height });
        const seen: Record<string, Awaited<ReturnType<typeof rows>>> = {};
        // The HA pair's headline counts switchovers, a longer word than failovers, beside
        // half-hour figures.
        for (const scenario of [
          'must-fail/ha-pair-preemption-left-on.yaml',
          'serverware-cluster-3.2.yaml',
          'serverware-cluster-large.yaml',
        ]) {
          await pickScenario(page, scenario);
          // At the end, so the transport shows the transition at the cursor too, its number
          // as long as it gets.
          await page.locator('[data-testid="app-root"] h1').click();
          await page.keyboard.press('End');
          await expect
            .poll(() => page.locator('[data-testid="cursor"]').getAttribute('data-cursor'))
            .not.toBe('0');
          await page.evaluate(() => window.scrollTo(0, 0));
          seen[scenario] = await rows();
        }
        const where = `${width}×${height}${presenter ? ' presenter' : ''}`;
        expect(await page.locator('[data-testid="duration"]').innerText()).toContain('1d 11:25:00');
        const short = seen['serverware-cluster-3.2.yaml'];
        const long = seen['serverware-cluster-large.yaml'];
        // Before: at 1280×720 in presenter mode `0:00:00 / 1d 11:25:00` put the switches on a
        // second row and the stage 47 px lower than for a run of hours.
        if (presenter) expect(long?.switches, `${where}: the switches`).toBe(long?.transport);
        expect(long?.transportHeight, `${where}: the transport's height`).toBe(
          short?.transportHeight,
        );
        expect(long?.stage, `${where}: the stage's top`).toBe(short?.stage);
        // Before: "Downtime so far 2d2h20m · at the end 4d5h" for a run of 1d11h25m read as the
        // run's own time; the sum over the workloads is said first, and presenter mode keeps it
        // to one line.
        for (const [scenario, seen_] of Object.entries(seen)) {
          expect(seen_.summary.text, `${where} ${scenario}`).toMatch(/^Downtime summed/);
          if (presenter) expect(seen_.summary.lines, `${where} ${scenario}`).toBe(1);
          expect(seen_.summary.together, `${where} ${scenario}: a figure with its name`).toBe(true);
        }
      }
    }
    await screenshot(page, 'projector-day-long-clock-1920x1080', false);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

describe('the invariants’ box on a projector', () => {
  it('keeps its heading in view, the violation under it, when a violation is clicked or focused', async () => {
    const { page, errors } = await openApp(app.browser, app.url);
    await pickScenario(page, 'must-fail/ha-pair-preemption-left-on.yaml');
    await setPresenter(page, true);
    for (const { width, height } of SIZES) {
      const where = `${width}×${height} presenter`;
      await page.setViewportSize({ width, height });
      await page.locator('[data-testid="app-root"] h1').click();
      await page.keyboard.press('End');
      const box = page.locator('section[aria-label="Invariants"]');
      const violation = box.locator('button').first();
      const seen = (which = 0) =>
        box.evaluate((section, which) => {
          const frame = section.getBoundingClientRect();
          const heading = section.querySelector('h2')?.getBoundingClientRect();
          const element = section.querySelectorAll('button')[which];
          const button = element?.getBoundingClientRect();
          // The name of the invariant the violation breaks, above its first violation.
          const item = element?.closest('[data-testid="invariant"]');
          const first = item?.querySelector('button') === element;
          const name = item?.firstElementChild?.getBoundingClientRect();
          // …or at the violation's own start, in sight.
          const own = element?.querySelector('.presenter-shown')?.getBoundingClientRect();
          return {
            named:
              (own !== undefined && own.width > 1 && own.top >= (heading?.bottom ?? 0) - 1) ||
              (first &&
                name !== undefined &&
                heading !== undefined &&
                name.top >= heading.bottom - 1 &&
                name.bottom <= frame.bottom + 1),
            heading:
              heading !== undefined &&
              heading.top >= frame.top - 1 &&
              heading.bottom <= frame.bottom + 1,
            under:
              button !== undefined && heading !== undefined && button.top >= heading.bottom - 1,
          };
        }, which);
      // Clicked (scrolled into view first, as a pointer reaching it past the box's edge does).
      // Before: "Invariants · 2 of 10 violated" scrolled out of the box, leaving a red paragraph
      // with no title.
      await violation.click();
      await runSettled(page);
      await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => done(null))));
      const clicked = await seen();
      expect(clicked.heading, `${where}, clicked: the heading in the box`).toBe(true);
      // …and each violation clicked shows its start (its time and cause) under it, not its
      // middle.
      const count = await box.locator('button').count();
      expect(count).toBeGreaterThan(1);
      for (let which = 0; which < count; which++) {
        // A click where the box shows part of it (the element's own click: the pointer's target
        // in so small a box is a matter of where the reader's hand is).
        await box
          .locator('button')
          .nth(which)
          .evaluate((button) => (button as HTMLElement).click());
        await runSettled(page);
        await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => done(null))));
        const shown = await seen(which);
        expect(shown.heading, `${where}, violation ${which} clicked: the heading`).toBe(true);
        expect(shown.under, `${where}, violation ${which} clicked: its start in view`).toBe(true);
        // Before: "no maintenance on active" scrolled out, its violation shown with no name.
        expect(shown.named, `${where}, violation ${which} clicked: its invariant named`).toBe(true);
      }
      // Reached with the keyboard from the box's top: the focus stops it under the heading.
      await box.evaluate((section) => section.scrollTo(0, 0));
      await violation.evaluate((button) => button.blur());
      await box.evaluate((section) => {
        section.scrollTo(0, section.scrollHeight);
      });
      await violation.focus();
      const focused = await seen();
      expect(focused.heading, `${where}, focused: the heading in the box`).toBe(true);
      expect(focused.under, `${where}, focused: the violation under the heading`).toBe(true);
      await screenshot(page, `projector-invariants-${width}x${height}`, false);
    }
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

describe('the downtime headline', () => {
  it('keeps its height as its figures grow while the run plays, at 1280×720 and 1920×1080, in presenter mode and out of it', async () => {
    const { page, errors } = await openApp(app.browser, app.url);
    for (const presenter of [false, true]) {
      await setPresenter(page, presenter);
      for (const { width, height } of SIZES) {
        await page.setViewportSize({ width, height });
        for (const scenario of [
          'serverware-cluster-large.yaml',
          'ha-pair-preemption-disabled.yaml',
        ]) {
          await pickScenario(page, scenario);
          const where = `${scenario} at ${width}×${height}${presenter ? ' presenter' : ''}`;
          const heights = new Set<number>();
          for (const share of [0.02, 0.1, 0.3, 0.55, 0.8, 0.99]) {
            await seekShare(page, share);
            heights.add(
              await page
                .locator('[data-testid="downtime-summary"]')
                .evaluate((summary) => Math.round(summary.getBoundingClientRect().height)),
            );
          }
          // Before: at 1280×720 out of presenter mode, one line at "so far 5h" and two at
          // "so far 6h6m32s", the lanes under it jumping 21 px as the run played.
          expect([...heights], where).toHaveLength(1);
        }
      }
    }
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

describe('the narration on a 720p screen', () => {
  it('never shows less than the step’s heading and the first line of its narration, however long the heading', async () => {
    const { page, errors } = await openApp(app.browser, app.url);
    await page.setViewportSize({ width: 1280, height: 720 });
    await pickScenario(page, 'serverware-cluster-3.2.yaml');
    const narration = page.locator('[data-testid="narration"]');
    // Played and paused, as a class watches it: "install processing-1 → 3.3.1" takes two
    // lines of heading in this box.
    await page.locator('[data-testid="speed"]').selectOption('1000');
    await page.locator('[data-testid="play"]').click();
    await page.waitForTimeout(2500);
    await page.locator('[data-testid="play"]').click();
    await runSettled(page);
    for (let look = 0; look < 3; look++)
      await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => done(null))));
    const shown = await narration.evaluate((box) => {
      const frame = box.getBoundingClientRect();
      const note = box.querySelector('[data-testid="narration-note"]');
      const range = document.createRange();
      if (note) range.selectNodeContents(note);
      const first = note ? [...range.getClientRects()].filter((rect) => rect.height > 0) : [];
      const top = Math.min(...first.map((rect) => rect.top));
      const line = first.filter((rect) => rect.top < top + 2);
      const heading = box.querySelector('p');
      return {
        heading: heading?.textContent ?? '',
        firstLine:
          line.length > 0 && Math.max(...line.map((rect) => rect.bottom)) <= frame.bottom + 1,
      };
    });
    // Before: once the heading took two lines, the box was cut to the heading alone.
    expect(shown.firstLine, `${shown.heading}: its narration's first line in view`).toBe(true);
    await screenshot(page, 'narration-1280x720-played', false);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

describe('the narration in presenter mode at 1280×720', () => {
  it('reads whole: the step list’s one row in view gives it its room', async () => {
    // Before: "document: step 3 fail over:" and the rest of the sentence under a row of the
    // list that named the same step.
    const { page, errors } = await openPresenter(app, { width: 1280, height: 720 });
    await pickScenario(page, 'serverware-cluster-3.2.yaml');
    for (let jump = 0; jump < 3; jump++) {
      await page.keyboard.press('Shift+ArrowRight');
      await page.waitForTimeout(250);
    }
    const note = await page.locator('[data-testid="narration"]').evaluate((box) => {
      const text = box.querySelector('[data-testid="narration-note"]');
      return {
        text: text?.textContent ?? '',
        whole:
          (text?.getBoundingClientRect().bottom ?? Infinity) <=
          box.getBoundingClientRect().bottom + 1,
      };
    });
    expect(note.text.length, note.text).toBeGreaterThan(60);
    expect(note.whole, note.text).toBe(true);
    await screenshot(page, 'narration-presenter-1280x720', false);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

/**
 * The smallest type drawn under `root` (the topology's stage by default), as font size × zoom,
 * and its text. Code is left out with `codeAsBody`: set at 0.92em everywhere, a monospace face's
 * letters that size match the body's.
 */
function smallestType(
  page: Page,
  root = '[data-testid="stage"]',
  codeAsBody = false,
): Promise<{ px: number; text: string }> {
  return page.evaluate(
    ({ root, codeAsBody }) => {
      const stage = document.querySelector(root);
      let least = { px: Infinity, text: '' };
      for (const element of stage?.querySelectorAll('*') ?? []) {
        if (codeAsBody && element.closest('code, kbd')) continue;
        const own = [...element.childNodes].some(
          (node) => node.nodeType === Node.TEXT_NODE && (node.textContent ?? '').trim() !== '',
        );
        const rect = element.getBoundingClientRect();
        // Visually hidden text (a screen reader's) is 1 px wide, clipped.
        if (!own || rect.width <= 1 || rect.height <= 1) continue;
        const zoom = (element as Element & { currentCSSZoom?: number }).currentCSSZoom ?? 1;
        const px = parseFloat(getComputedStyle(element).fontSize) * zoom;
        if (px < least.px) least = { px, text: element.textContent?.trim().slice(0, 40) ?? '' };
      }
      return least;
    },
    { root, codeAsBody },
  );
}

/**
 * The elements of `selectors` (the first of each, or with `every` each one) not wholly in view:
 * inside the window and inside every box that scrolls or clips them.
 */
function outOfView(page: Page, selectors: readonly string[], every = false): Promise<string[]> {
  return page.evaluate(
    ({ selectors, every }) => {
      return selectors.flatMap((selector) => {
        const elements = every
          ? [...document.querySelectorAll(selector)]
          : [document.querySelector(selector)].filter((element) => element !== null);
        if (elements.length === 0) return [`${selector}: not on the page`];
        return elements.flatMap((element) => {
          const rect = element.getBoundingClientRect();
          const frames = [
            { top: 0, bottom: window.innerHeight, left: 0, right: window.innerWidth },
          ];
          for (let box = element.parentElement; box; box = box.parentElement) {
            if (getComputedStyle(box).overflowY !== 'visible')
              frames.push(box.getBoundingClientRect());
          }
          const cut = frames.find(
            (frame) =>
              // Two pixels of slack: presenter mode's zoom puts edges between whole pixels.
              rect.top < frame.top - 2 ||
              rect.bottom > frame.bottom + 2 ||
              rect.left < frame.left - 2 ||
              rect.right > frame.right + 2,
          );
          const name = every ? `${selector} "${element.textContent?.trim() ?? ''}"` : selector;
          return cut
            ? [
                `${name}: ${Math.round(rect.top)}–${Math.round(rect.bottom)} px, in ${Math.round(cut.top)}–${Math.round(cut.bottom)}`,
              ]
            : [];
        });
      });
    },
    { selectors, every },
  );
}

describe('a drill in presenter mode', () => {
  const hash = scenarioHash(DRILL);

  it.each(SIZES)(
    'at $width×$height, the decision and the hands-on steps sit beside the run: topology, timeline and every option in view',
    async (size) => {
      // Before: the decision card and the hands-on panel stood above the stage and pushed the
      // topology and the timeline off the screen (at 1280×720 the hands-on panel took all of it),
      // the drill's switches took two rows, and at 1920×1080 the stage, fitted while the clients'
      // arrow slid, fell to its least zoom at the decision (its type 13 px).
      const { page, errors } = await openPresenter(app, size, hash);
      await page.locator('[data-testid="speed"]').selectOption('1000');
      await page.locator('[data-testid="drill-switch"]').check();
      const bar = await page.getByTestId('drill-bar').boundingBox();
      const box = await page.getByTestId('drill-debrief').boundingBox();
      expect(bar && box && bar.height < box.height * 1.8, 'the drill bar on one row').toBe(true);
      await page.locator('[data-testid="play"]').click();
      const card = page.getByRole('dialog', { name: /Decision/ });
      await card.waitFor({ timeout: 30_000 });
      await page.waitForTimeout(1_000);
      const where = `${size.width}×${size.height}`;
      expect(
        await outOfView(page, [
          '[data-testid="host-card"]',
          '[data-testid="axis-lane"]',
          '[data-testid="host-row"]',
          '[data-option="retry"]',
          '[data-option="rollback-host"]',
          '[data-testid="narration"]',
        ]),
        where,
      ).toEqual([]);
      const abort = await page.locator('[data-option="abort"]').boundingBox();
      expect(abort && abort.y + abort.height / 2 < size.height, `${where}: abort`).toBe(true);
      if (size.width === 1920) expect((await smallestType(page)).px).toBeGreaterThanOrEqual(23.95);
      await screenshot(page, `drill-decision-presenter-${where}`, false);

      await page.getByTestId('hands-on-switch').check();
      await page.getByTestId('hands-on').waitFor();
      // The steps are offered once the hands-on run (of no step yet) is on screen: until it
      // arrives from the worker, the drill's run with its decision waiting is.
      await page.locator('[data-testid="hands-on-offer"]').first().waitFor();
      expect(
        await outOfView(page, [
          '[data-testid="hands-on-offer"]',
          '[data-testid="hands-on-finish"]',
        ]),
        where,
      ).toEqual([]);
      // Each step's verdict in view as it is taken (before: the panel stayed at the choices).
      const steps = page.locator('[data-testid="hands-on-step"]');
      for (const [index, item] of ['sync-config', 'backup all'].entries()) {
        await (await handsOnOffer(page, item)).click();
        await steps.nth(index).waitFor();
        await page.waitForTimeout(300);
        expect(
          await outOfView(page, [
            '[data-testid="host-card"]',
            '[data-testid="axis-lane"]',
            '[data-testid="hands-on-finish"]',
            '[data-testid="hands-on-status"]',
            '[data-testid="narration"]',
          ]),
          `${where}, ${item}`,
        ).toEqual([]);
      }
      await screenshot(page, `hands-on-presenter-${where}`, false);
      // A step that reaches a decision: its card beside the run, the page where it was (before:
      // the card under the panel, the page moved 380 px, Undo and Finish under the bars), each of
      // its options in view (before: the invariants' box, which the panel's verdicts repeat, and
      // the panel's list kept two of the three under the card's fold).
      await (await handsOnOffer(page, 'upgrade device-b')).click();
      await card.waitFor({ timeout: 30_000 });
      await page.waitForTimeout(500);
      expect(await page.evaluate(() => window.scrollY), `${where}: the page scrolled`).toBe(0);
      expect(
        await outOfView(page, [
          '[data-testid="host-card"]',
          '[data-testid="axis-lane"]',
          '[data-testid="hands-on-finish"]',
          '[data-testid="decision-card"] [data-option="retry"]',
          '[data-testid="decision-card"] [data-option="rollback-host"]',
          '[data-testid="decision-card"] [data-option="abort"]',
          '[data-testid="narration"]',
        ]),
        `${where}, at the decision`,
      ).toEqual([]);
      if (size.width === 1920) {
        // Step names and choices are code: 22 px before, at 0.92em.
        const least = await smallestType(page, '[data-testid="hands-on"]');
        expect(least.px, `the hands-on panel: "${least.text}"`).toBeGreaterThanOrEqual(23.95);
      }
      await screenshot(page, `hands-on-decision-presenter-${where}`, false);
      await card.locator('[data-option]').first().click();
      await card.waitFor({ state: 'detached' });

      // The debrief's comparison of the runs read 17–20 px at 1080p (its own 12–14 px type).
      await page.getByTestId('hands-on-finish').click();
      const debrief = page.getByTestId('debrief');
      await debrief.locator('[data-testid="compare"]').waitFor();
      if (size.width === 1920) {
        const least = await smallestType(page, '[data-testid="debrief"]', true);
        expect(least.px, `the debrief: "${least.text}"`).toBeGreaterThanOrEqual(23.95);
      }
      expect(errors).toEqual([]);
      await page.context().close();
    },
  );
});

describe('a decision’s options beside the run in presenter mode', () => {
  it.each(SIZES)(
    'at $width×$height, every option of a storage system’s decision is in view, and a violation’s count with them',
    async (size) => {
      // Before: the invariants' line ("all 8 hold") kept the Cluster's fourth option (abort)
      // under the card's fold at both sizes, and a Mirror's list of one violation its third.
      const { page, errors } = await openPresenter(app, size);
      await page.locator('[data-testid="speed"]').selectOption('1000');
      const drill = page.locator('[data-testid="drill-switch"]');
      for (const { scenario, options, violated } of [
        {
          scenario: 'golden/serverware-cluster-upgrade-failure-processing-hop1.yaml',
          options: ['reinstall', 'rollback-host', 'rollback-hop', 'abort'],
          violated: false,
        },
        {
          scenario: 'golden/serverware-mirror-host-crash-primary-during-secondary-install.yaml',
          options: ['wait', 'continue', 'abort'],
          violated: true,
        },
      ]) {
        if (await drill.isChecked()) await drill.uncheck();
        await pickScenario(page, scenario);
        await drill.check();
        await page.locator('[data-testid="play"]').click();
        const card = page.getByTestId('decision-card');
        await card.waitFor({ timeout: 30_000 });
        await page.waitForTimeout(700);
        const where = `${size.width}×${size.height}, ${scenario}`;
        expect(
          await card
            .locator('[data-option]')
            .evaluateAll((buttons) =>
              buttons.map((button) => (button as HTMLElement).dataset.option),
            ),
          where,
        ).toEqual(options);
        expect(
          await outOfView(page, [
            '[data-testid="host-card"]',
            '[data-testid="axis-lane"]',
            '[data-testid="narration"]',
            ...options.map((option) => `[data-option="${option}"]`),
            // The news of the invariants stays: their heading's count.
            ...(violated ? ['.column-side > .invariants h2 .bad'] : []),
          ]),
          where,
        ).toEqual([]);
        expect(await page.evaluate(() => window.scrollY), `${where}: the page scrolled`).toBe(0);
        await screenshot(
          page,
          `decision-options-${size.width}-${scenario.split('/').pop()}`,
          false,
        );
      }
      expect(errors).toEqual([]);
      await page.context().close();
    },
  );
});

describe('a range brushed on the timeline in presenter mode', () => {
  it.each(SIZES)('at $width×$height, has its summary in view', async (size) => {
    // Before: at 1920×1080 the summary began at y = 1079, under the window's foot, inside the
    // stage's timeline box; nothing on screen said it was there.
    const { page, errors } = await openPresenter(app, size);
    await pickScenario(page, 'golden/serverware-cluster-power-loss-processing.yaml');
    await page.keyboard.press('End');
    const row = await page.locator('[data-testid="host-row"]').first().boundingBox();
    if (!row) throw new Error('no timeline');
    await brushRange(page, row.y + row.height / 2, 0.1, 0.6);
    await page.locator('[data-testid="range-summary"]').waitFor();
    await page.waitForTimeout(400);
    expect(
      await outOfView(page, ['[data-testid="range-downtime"]', '[data-testid="clear-selection"]']),
      `${size.width}×${size.height}`,
    ).toEqual([]);
    await screenshot(page, `range-presenter-${size.width}x${size.height}`, false);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

describe('a range brushed on the timeline, its summary', () => {
  it('stays in view as the boxes around it resize after, until the reader moves', async () => {
    // Before: brought into view once, as it was selected; a fit of the side column after the
    // seek, shrinking the timeline's box, left the summary under the window's foot at
    // 1920×1080 in presenter mode ("Clear" at 1091–1140 px). A window made shorter does the same.
    const { page, errors } = await openPresenter(app, { width: 1920, height: 1080 });
    await pickScenario(page, 'golden/serverware-cluster-power-loss-processing.yaml');
    await page.keyboard.press('End');
    const row = await page.locator('[data-testid="host-row"]').first().boundingBox();
    if (!row) throw new Error('no timeline');
    await brushRange(page, row.y + row.height / 2, 0.1, 0.6);
    await page.locator('[data-testid="range-summary"]').waitFor();
    const summary = ['[data-testid="range-downtime"]', '[data-testid="clear-selection"]'];
    await expect.poll(() => outOfView(page, summary)).toEqual([]);
    for (const height of [900, 800]) {
      await page.setViewportSize({ width: 1920, height });
      await expect
        .poll(() => outOfView(page, summary), { timeout: 3_000, message: `1920×${height}` })
        .toEqual([]);
    }
    // The reader scrolls the timeline's box: a resize after leaves it where they put it.
    const box = await page.locator('[data-testid="range-summary"]').boundingBox();
    if (!box) throw new Error('no summary');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -600);
    await expect.poll(() => outOfView(page, summary)).not.toEqual([]);
    await page.setViewportSize({ width: 1920, height: 900 });
    await page.waitForTimeout(500);
    expect(await outOfView(page, summary)).not.toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

describe('the stage’s type in presenter mode', () => {
  it('at 1920×1080, the cards read at least 24 px through the run’s events, a jump with nowhere to go included', async () => {
    // Before: a Mirror's cards read 21.6 px once its Primary crashed (the status's second line
    // kept blank, the pair's heading over the cards), 19.5 px while "No failover, fault or
    // violation ahead of the playhead" pushed the stage down; the 20-host Cluster, which scrolls
    // in its box, 19.4 px (zoomed to 0.8 so that more of its processing hosts were in view).
    const { page, errors } = await openPresenter(app, { width: 1920, height: 1080 });
    const smallest = () => smallestType(page);
    for (const scenario of [
      'serverware-mirror-3.2.yaml',
      'golden/serverware-mirror-host-crash-primary-during-secondary-install.yaml',
      'serverware-cluster-3.2.yaml',
      // Before: 19.2 px at 1:08:10, the active device restarting with three services down (the
      // scenario's line on a row of its own, the version's label, an 11 em heartbeat, the
      // findings' verdict on two lines).
      'must-fail/ha-pair-active-device-upgraded-first.yaml',
      // Before: 22.7 px at 2:10:00, a crashed processing host's strip on three lines beside
      // storage cards of 10.5 em (its VPSs down, why, and the status each took a line).
      'golden/serverware-cluster-downtime-budgets.yaml',
      'serverware-cluster-large.yaml',
    ]) {
      await pickScenario(page, scenario);
      let notices = 0;
      for (let jump = 0; jump <= 12; jump++) {
        if (jump > 0) await page.keyboard.press('Shift+ArrowRight');
        await page.waitForTimeout(250);
        notices += await page.locator('[data-testid="notice"]').count();
        const least = await smallest();
        const clock = await page.locator('[data-testid="clock"]').first().innerText();
        expect(least.px, `${scenario} at ${clock}: "${least.text}"`).toBeGreaterThanOrEqual(23.95);
        // The narration and the invariants' box too (before: a violation read 21.4 px).
        for (const box of ['.procedure', 'section[aria-label="Invariants"]']) {
          const text = await smallestType(page, box, true);
          expect(text.px, `${scenario} at ${clock}, ${box}: "${text.text}"`).toBeGreaterThanOrEqual(
            23.95,
          );
        }
      }
      // The last jumps found nothing ahead and said so, the stage unmoved.
      expect(notices, scenario).toBeGreaterThan(0);
    }
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

describe('the 20-host Cluster in presenter mode', () => {
  it.each(SIZES)(
    'at $width×$height, is on one screen: cards, step, timeline and fault form in view, the page not scrolled',
    async (size) => {
      // Its stage scrolls in its box at zoom 1 (24 px at 1080p) rather than 0.8 (19.4 px): the
      // rest of the screen must not pay for it.
      const { page, errors } = await openPresenter(app, size);
      await pickScenario(page, 'serverware-cluster-large.yaml');
      await page.keyboard.press('Shift+ArrowRight');
      await page.waitForTimeout(300);
      expect(
        await outOfView(page, [
          '[data-testid="host-card"]',
          '[data-testid="narration"]',
          '[data-testid="axis-lane"]',
          '[data-testid="inject"]',
        ]),
      ).toEqual([]);
      // The page not scrolled to show them: the stage ends at the window's foot (the tabs below it
      // are the second view).
      expect(await page.evaluate(() => window.scrollY)).toBe(0);
      expect(
        await page.evaluate(
          () => document.querySelector('.stage')?.getBoundingClientRect().bottom ?? Infinity,
        ),
      ).toBeLessThanOrEqual(size.height + 0.5);
      expect(errors).toEqual([]);
      await page.context().close();
    },
  );
});

describe('a card’s status in presenter mode', () => {
  it.each(SIZES)(
    'at $width×$height, is read whole through the run’s events, never cut',
    async (size) => {
      // Before: at 1280×720 a Cluster's Secondary whose install failed read "step failed · waits
      // for a rollback or…", its status clamped at three lines.
      const { page, errors } = await openPresenter(app, size);
      const cut = () =>
        page.evaluate(() =>
          [...document.querySelectorAll<HTMLElement>('[data-testid="host-status"]')]
            .filter((status) => status.scrollHeight > status.clientHeight + 1)
            .map((status) => status.textContent ?? ''),
        );
      // A drill's decision: the failed host waits for the trainee's choice.
      await pickScenario(page, 'golden/serverware-cluster-upgrade-failure-secondary.yaml');
      await page.locator('[data-testid="speed"]').selectOption('1000');
      await page.locator('[data-testid="drill-switch"]').check();
      await page.locator('[data-testid="play"]').click();
      await page.getByRole('dialog', { name: /Decision/ }).waitFor({ timeout: 30_000 });
      await page.waitForTimeout(500);
      expect(await cut(), 'at the decision').toEqual([]);
      await page.locator('[data-testid="drill-switch"]').uncheck();
      for (const scenario of [
        'golden/serverware-cluster-host-crash-primary-hold.yaml',
        'golden/serverware-cluster-stop-vps.yaml',
      ]) {
        await pickScenario(page, scenario);
        for (let jump = 0; jump < 6; jump++) {
          await page.keyboard.press('Shift+ArrowRight');
          await page.waitForTimeout(250);
          const clock = await page.locator('[data-testid="clock"]').first().innerText();
          expect(await cut(), `${scenario} at ${clock}`).toEqual([]);
        }
      }
      expect(errors).toEqual([]);
      await page.context().close();
    },
  );
});

describe('a card’s flags in presenter mode', () => {
  it('at 1920×1080, wrap inside the card, never cut at its edge', async () => {
    // Before: a crashed HA device read "not serving preemption" with "on" past its card's right
    // edge, and a Backup strip "not servin".
    const { page, errors } = await openPresenter(app, { width: 1920, height: 1080 });
    const outside = () =>
      page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('[data-testid="host-card"]')].flatMap((card) => {
          const edge = card.getBoundingClientRect().right;
          return [...card.querySelectorAll<HTMLElement>('[data-testid="host-flag"]')]
            .filter((flag) => flag.getBoundingClientRect().right > edge + 1)
            .map((flag) => `${card.dataset.host}: ${flag.textContent}`);
        }),
      );
    for (const scenario of [
      'golden/ha-pair-preemption-delay.yaml',
      'golden/serverware-cluster-host-crash-primary-hold.yaml',
    ]) {
      await pickScenario(page, scenario);
      for (let jump = 0; jump < 6; jump++) {
        await page.keyboard.press('Shift+ArrowRight');
        await page.waitForTimeout(200);
        const clock = await page.locator('[data-testid="clock"]').first().innerText();
        expect(await outside(), `${scenario} at ${clock}`).toEqual([]);
      }
    }
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

describe('a confirmation in presenter mode', () => {
  it('at 1920×1080, floats over the stage’s top: the stage keeps its place and its cards their size', async () => {
    // Before: "The injected fault was written into the scenario …" took a row above the stage
    // until closed, the stage 71 px lower and its cards 24.5 → 22.9 px.
    const { page, errors } = await openPresenter(app, { width: 1920, height: 1080 });
    await pickScenario(page, 'serverware-cluster-3.2.yaml');
    const stage = () =>
      page.evaluate(() => {
        const box = document.querySelector('[data-testid="stage"]')?.getBoundingClientRect();
        const zoom = document.querySelector<HTMLElement>('[data-testid="stage"]')?.style.zoom;
        return { top: box?.top ?? 0, zoom: zoom ?? '' };
      });
    await page.locator('select[name="fault"]').selectOption('upgrade-failure');
    await page.getByTestId('inject').click();
    await runSettled(page);
    await page.waitForTimeout(300);
    const before = await stage();
    await page.getByTestId('fault-write').click();
    await runSettled(page);
    await expect.poll(() => page.getByTestId('notice').count()).toBe(1);
    await page.waitForTimeout(300);
    expect(await stage()).toEqual(before);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

describe('a notice that only tells', () => {
  it.each([
    { width: 1280, height: 720, presenter: true },
    { width: 1920, height: 1080, presenter: true },
    { width: 1280, height: 720, presenter: false },
    { width: 1920, height: 1080, presenter: false },
  ])(
    'at $width×$height (presenter mode $presenter) covers none of the controls: the header, the picker, the playback bar, the fault form',
    async ({ width, height, presenter }) => {
      // Before: it floated over the header for 6 to 12 s, over the picker and the buttons.
      const { page, errors } = await openLayout(app, { width, height, presenter });
      await page.locator('select[name="fault"]').selectOption('upgrade-failure');
      await page.getByTestId('inject').click();
      await runSettled(page);
      await page.getByTestId('fault-write').click();
      await runSettled(page);
      const notice = page.locator('[data-testid="notice"][data-tone="info"]');
      await notice.waitFor();
      await page.waitForTimeout(300);
      const covered = await page.evaluate(() => {
        const box = document
          .querySelector('[data-testid="notice"][data-tone="info"]')
          ?.getBoundingClientRect();
        if (!box) return ['no notice'];
        const controls = [
          ...document.querySelectorAll(
            'header button, header select, header input, .controls-row button, .controls-row select, .controls-row input, .faults button, .faults select, .faults input, [role="tab"]',
          ),
        ];
        return controls.flatMap((control) => {
          const rect = control.getBoundingClientRect();
          if (rect.width === 0 || rect.height === 0) return [];
          const overlaps =
            rect.left < box.right &&
            rect.right > box.left &&
            rect.top < box.bottom &&
            rect.bottom > box.top;
          return overlaps
            ? [
                `${control.tagName} ${control.textContent?.trim() || control.getAttribute('aria-label') || ''}`,
              ]
            : [];
        });
      });
      expect(covered).toEqual([]);
      // In view, and gone by itself after a while.
      const box = await notice.boundingBox();
      expect(box && box.y >= 0 && box.y + box.height <= height).toBe(true);
      await notice.waitFor({ state: 'detached', timeout: 12_000 });
      expect(errors).toEqual([]);
      await page.context().close();
    },
  );
});

describe('the scenario’s line in presenter mode', () => {
  it('at 1280×720 and 1920×1080, is on the picker’s row, the system and the version path whole, every built-in’s, the name said once', async () => {
    // Before: an ellipsis at the line's end cut the path of four built-ins with long names,
    // "3.2.4 → 3.3.1 → 4.8.2 → …". Then the line had a row of its own under the picker, which
    // names the scenario: 47 px at 1080p that the stage lacked (an HA device restarting
    // mid-upgrade read 21 px there).
    const { page, errors } = await openApp(app.browser, app.url);
    await setPresenter(page, true);
    const builtIns = await page
      .locator('[data-testid="scenario-picker"] option')
      .evaluateAll((options) =>
        options
          .map((option) => (option as HTMLOptionElement).value)
          .filter((value) => value !== '' && !value.includes('/')),
      );
    expect(builtIns.length).toBeGreaterThanOrEqual(13);
    for (const [width, height] of [
      [1280, 720],
      [1920, 1080],
    ] as const) {
      await page.setViewportSize({ width, height });
      for (const scenario of builtIns) {
        await pickScenario(page, scenario);
        const line = await page.evaluate(() => {
          const system = document.querySelector<HTMLElement>('[data-testid="scenario-system"]');
          const name = document.querySelector<HTMLElement>('[data-testid="scenario-name"]');
          const picker = document.querySelector<HTMLSelectElement>(
            '[data-testid="scenario-picker"]',
          );
          if (!system || !name || !picker) return undefined;
          const at = system.getBoundingClientRect();
          const row = picker.getBoundingClientRect();
          return {
            onPickerRow: at.top < row.bottom && at.bottom > row.top && at.left >= row.right,
            inWindow: at.right <= window.innerWidth,
            systemWhole: system.scrollWidth <= system.clientWidth + 1,
            // Visually hidden: one pixel square, times the app's zoom.
            nameShown: name.getBoundingClientRect().width > 2,
            pickerShows: picker.selectedOptions[0]?.textContent ?? '',
            named: name.textContent ?? '',
            text: system.textContent ?? '',
          };
        });
        const where = `${scenario} at ${width}×${height}: ${line?.text}`;
        expect(line, where).toBeDefined();
        expect(line?.onPickerRow, where).toBe(true);
        expect(line?.inWindow, where).toBe(true);
        expect(line?.systemWhole, where).toBe(true);
        // The picker names the scenario; the line does not say it again (a screen reader does).
        expect(line?.pickerShows, where).toBe(line?.named);
        expect(line?.nameShown, where).toBe(false);
      }
    }
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('names an edited scenario, which the picker no longer does', async () => {
    const { page, errors } = await openApp(app.browser, app.url, scenarioHash(DRILL));
    await page.setViewportSize({ width: 1920, height: 1080 });
    await setPresenter(page, true);
    const name = page.locator('[data-testid="scenario-name"]');
    await expect
      .poll(() => name.evaluate((element) => element.getBoundingClientRect().width))
      .toBeGreaterThan(20);
    expect(await page.locator('[data-testid="scenario-picker"]').inputValue()).toBe('');
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

describe('a workload’s chip in presenter mode', () => {
  it('at 1920×1080, stays inside its card however long its downtime', async () => {
    // Before: a Primary's `▼ vps-db 1h10m44s` (VPSs stopped for the whole upgrade) ran 17 px
    // past its card's right edge, over the mirror link.
    const { page, errors } = await openPresenter(app, { width: 1920, height: 1080 });
    const outside = () =>
      page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('[data-testid="host-card"]')].flatMap((card) => {
          const edge = card.getBoundingClientRect();
          return [...card.querySelectorAll<HTMLElement>('[data-testid="workload"]')]
            .filter((chip) => {
              const box = chip.getBoundingClientRect();
              return box.right > edge.right + 1 || box.left < edge.left - 1;
            })
            .map((chip) => `${card.dataset.host}: ${chip.textContent}`);
        }),
      );
    for (const scenario of [
      'golden/serverware-cluster-stop-vps.yaml',
      'serverware-cluster-3.2.yaml',
    ]) {
      await pickScenario(page, scenario);
      for (let share = 0; share <= 1; share += 1 / 24) {
        await seekShare(page, share);
        await page.waitForTimeout(60);
        const clock = await page.locator('[data-testid="clock"]').first().innerText();
        expect(await outside(), `${scenario} at ${clock}`).toEqual([]);
      }
    }
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

describe('a hyphenated name on the screen', () => {
  it('at 1280×720, in presenter mode and out of it, is never broken at its hyphen', async () => {
    // Before: "storage-" at a line's end and "1" at the next's start in the narration, its
    // heading and the fault form's answer ("Fails the install on storage-/1").
    const { page, errors } = await openApp(app.browser, app.url);
    await page.setViewportSize({ width: 1280, height: 720 });
    const broken = () =>
      page.evaluate(() => {
        const found: string[] = [];
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const text = node.textContent ?? '';
          for (const match of text.matchAll(/[A-Za-z0-9]+(?:-[A-Za-z0-9]+)+/g)) {
            const range = document.createRange();
            range.setStart(node, match.index);
            range.setEnd(node, match.index + match[0].length);
            const lines = new Set(
              [...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)),
            );
            const where = node.parentElement?.closest('[data-testid]')?.getAttribute('data-testid');
            if (lines.size > 1) found.push(`${match[0]} in ${where ?? '?'}`);
          }
        }
        return [...new Set(found)];
      });
    for (const presenter of [true, false]) {
      await setPresenter(page, presenter);
      // The HA pair's heartbeat too: before, "lost: device-" over "a down" while the standby
      // restarted.
      for (const scenario of [
        'serverware-mirror-3.2.yaml',
        'serverware-cluster-3.2.yaml',
        'ha-pair-preemption-enabled.yaml',
      ]) {
        await pickScenario(page, scenario);
        for (let share = 0; share <= 1; share += 1 / 20) {
          await seekShare(page, share);
          await page.waitForTimeout(60);
          const clock = await page.locator('[data-testid="clock"]').first().innerText();
          expect(await broken(), `${scenario} at ${clock}, presenter ${presenter}`).toEqual([]);
        }
      }
    }
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

describe('the hands-on steps in presenter mode', () => {
  it('at 1280×720 and 1920×1080, wrap inside their panel: the page never scrolls sideways', async () => {
    // Before: the `switchover` row was cut at "the activ", its last choice reached only by
    // scrolling the page sideways (1,422 px wide at 1280, 2,073 at 1920).
    const { page, errors } = await openApp(app.browser, app.url);
    await setPresenter(page, true);
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await pickScenario(page, 'ha-pair-preemption-enabled.yaml');
      if (!(await page.getByTestId('hands-on').count()))
        await page.getByTestId('hands-on-switch').check();
      await page.getByTestId('hands-on').waitFor();
      const outside = await page.evaluate(() => {
        const panel = document.querySelector('[data-testid="hands-on"]');
        const edge = panel?.getBoundingClientRect().right ?? 0;
        return {
          wide: document.documentElement.scrollWidth - window.innerWidth,
          cut: [...(panel?.querySelectorAll('button') ?? [])]
            .filter((button) => button.getBoundingClientRect().right > edge + 1)
            .map((button) => button.textContent),
        };
      });
      expect(outside, `${size.width}×${size.height}`).toEqual({ wide: 0, cut: [] });
    }
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

describe('a violation the playhead reaches', () => {
  it.each(SIZES)(
    'at $width×$height in presenter mode, shows its start in the invariants’ box',
    async (size) => {
      // Before: at 1920×1080 a jump to the active device's upgrade showed the box's heading and
      // "violated 4× (1 so far)", the violation itself below the box's fold (its top at 729 px,
      // the box ending at 728) and the Procedure panel 135 px empty.
      const { page, errors } = await openPresenter(app, size);
      const box = 'section[aria-label="Invariants"]';
      for (const file of [
        'must-fail/ha-pair-active-device-upgraded-first.yaml',
        'must-fail/serverware-mirror-primary-upgraded-first.yaml',
        'must-fail/ha-pair-no-backup.yaml',
        // Before: at 1280×720 the box kept its heading alone ("1 of 8 violated"): the row it
        // keeps whatever the room was the first invariant, one that holds, which presenter mode
        // does not show.
        'must-fail/serverware-cluster-never-settles.yaml',
      ]) {
        await pickScenario(page, file);
        const reached = page.locator(`${box} li:not([data-ahead]) > [data-testid="violation"]`);
        for (let jumps = 0; jumps < 12 && (await reached.count()) === 0; jumps++) {
          await page.keyboard.press('Shift+ArrowRight');
          await page.waitForTimeout(150);
        }
        expect(await reached.count(), file).toBeGreaterThan(0);
        await page.waitForTimeout(300);
        const seq = await reached.last().getAttribute('data-seq');
        expect(
          await firstLineIn(page, `[data-testid="violation"][data-seq="${seq}"]`, box),
          `${size.width}×${size.height}, ${file}`,
        ).toBe(true);
        // The room the violation's row takes comes out of the narration, which still ends on a
        // whole line. Before: the row, kept after the narration was cut, squeezed it 28 px under
        // its cut, its note's line cut in half at 1280×720.
        await expect
          .poll(() => cutLines(page, '[data-testid="narration"]'), {
            timeout: 3_000,
            message: `${size.width}×${size.height}, ${file}: the narration`,
          })
          .toEqual([]);
      }
      expect(errors).toEqual([]);
      await page.context().close();
    },
  );
});

describe('a hands-on step that broke several rules', () => {
  it.each(SIZES)(
    'at $width×$height in presenter mode, is shown from its top: the step, its ✗ and the first rule',
    async (size) => {
      // Before: upgrading the active device first broke five rules, and the panel landed in the
      // middle of the fifth, its first line cut at the top; the step's row and the first four
      // above the box.
      const { page, errors } = await openPresenter(app, size);
      await pickScenario(page, 'ha-pair-preemption-enabled.yaml');
      const hand = await startHandsOn(page);
      await hand.take('upgrade device-a');
      await page.waitForTimeout(500);
      const panel = '[data-testid="hands-on"]';
      const where = `${size.width}×${size.height}`;
      expect(Number(await hand.steps.first().getAttribute('data-broken')), where).toBeGreaterThan(
        2,
      );
      expect(
        await firstLineIn(page, `${panel} [data-testid="hands-on-step-taken"]`, panel),
        where,
      ).toBe(true);
      expect(
        await firstLineIn(page, `${panel} [data-testid="hands-on-violation"]`, panel),
        where,
      ).toBe(true);
      expect(errors).toEqual([]);
      await page.context().close();
    },
  );
});

describe('the hands-on steps on offer', () => {
  it.each([
    { ...SIZES[0], presenter: true, file: 'ha-pair-preemption-enabled.yaml', first: 'sync-config' },
    { ...SIZES[1], presenter: true, file: 'ha-pair-preemption-enabled.yaml', first: 'sync-config' },
    { ...SIZES[0], presenter: true, file: 'serverware-cluster-3.2.yaml', first: 'precheck' },
    { ...SIZES[0], presenter: false, file: 'serverware-cluster-3.2.yaml', first: 'precheck' },
    { ...SIZES[1], presenter: true, file: 'serverware-cluster-3.2.yaml', first: 'precheck' },
  ])(
    'at $width×$height (presenter $presenter), every one in view on $file, with the hosts of the step picked',
    async ({ width, height, presenter, file, first }) => {
      // Before: every choice was laid out at once, 39 on an HA pair and 41 on a Cluster, and
      // the panel showed a part of them above its fold: 4 of the HA pair's at 1280×720 in
      // presenter mode (then 8, once the fault form and the invariants' box gave way), 11–14 of
      // the Cluster's at 1280×720 and 12 at 1080p. Now the steps, and the hosts of the one picked.
      const { page, errors } = await openLayout(app, { width, height, presenter });
      await pickScenario(page, file);
      await page.getByTestId('hands-on-switch').check();
      await page.getByTestId('hands-on').waitFor();
      // The offers of the hands-on run (of no step yet), once it is on screen.
      await runSettled(page);
      await page.locator('[data-testid="hands-on-step-name"]').first().waitFor();
      const where = `${width}×${height}, presenter ${presenter}, ${file}`;
      // The steps by name, or a step's hosts with the way back: whichever the panel shows.
      const choices = [
        '[data-testid="hands-on-step-name"], [data-testid="hands-on-offer"], [data-testid="hands-on-back"]',
      ];
      const shot = `hands-on-offers-${width}x${height}-${presenter ? 'presenter-' : ''}${file.replace('.yaml', '')}`;
      await screenshot(page, `${shot}-begin`, false);
      expect(await outOfView(page, choices, true), `${where}, as it begins`).toEqual([]);
      await page.locator('[data-testid="hands-on-step-name"][data-step="upgrade"]').click();
      const hosts = await page
        .locator('[data-testid="hands-on-targets"] [data-testid="hands-on-offer"]')
        .count();
      expect(hosts, where).toBeGreaterThanOrEqual(file.startsWith('ha-pair') ? 4 : 7);
      await screenshot(page, `${shot}-upgrade`, false);
      expect(await outOfView(page, choices, true), `${where}, the upgrade's hosts shown`).toEqual(
        [],
      );
      for (const item of [first, 'backup all']) {
        await (await handsOnOffer(page, item)).click();
        await runSettled(page);
        await page.waitForTimeout(300);
      }
      expect(await outOfView(page, choices, true), `${where}, two steps on`).toEqual([]);
      expect(errors).toEqual([]);
      await page.context().close();
    },
  );
});

describe('the tabs under the stage', () => {
  it('at 1280×720 and 1920×1080, in presenter mode and out of it, never make the page scroll sideways', async () => {
    // Before: Compare's select was as wide as its longest option, a built-in scenario's name:
    // the page was 1,285 px wide at 1280×720 in presenter mode, the select cut at the edge.
    const { page, errors } = await openApp(app.browser, app.url);
    await pickScenario(page, 'ha-pair-preemption-enabled.yaml');
    for (const presenter of [true, false]) {
      await setPresenter(page, presenter);
      for (const size of SIZES) {
        await page.setViewportSize(size);
        for (const tab of ['compare', 'explore', 'inspector', 'downtime', 'distribution']) {
          await page.getByTestId(`tab-${tab}`).click();
          await page.waitForTimeout(300);
          const wider = await page.evaluate(
            () => document.documentElement.scrollWidth - window.innerWidth,
          );
          expect(wider, `${tab} at ${size.width}×${size.height}, presenter ${presenter}`).toBe(0);
        }
      }
    }
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

/**
 * The parts of the current step's card (its heading, its narration, the document it cites, the
 * run's outcome) not drawn whole: each must lie inside the window and inside every box around it
 * that clips (a scroll box, `overflow: hidden`), and be what the page shows at its corners, not
 * something drawn over it. Each as what it says and where it is cut. With `least`, only what the
 * card keeps whatever the room: its first paragraph (the step's heading, or the run's outcome)
 * and the first two lines of the next, with the card's own box whole in view so that the rest is
 * a scroll of it away; and the fault form's Inject with the sentence under it.
 */
function stepCardCut(page: Page, least = false): Promise<string[]> {
  return page.evaluate((least) => {
    const card = document.querySelector<HTMLElement>('[data-testid="narration"]');
    if (!card) return ['no step card on the page'];
    const parts = [...card.querySelectorAll<HTMLElement>(':scope > p')];
    if (parts.length === 0) return ['the step card says nothing'];
    type Rect = { top: number; bottom: number; left: number; right: number };
    // What must be read, each with the rect that must be whole: a part, or its first lines.
    const wanted: {
      element: HTMLElement;
      rect: Rect;
      clipFrom: HTMLElement;
      what: string;
      inset?: number;
    }[] = [];
    const named = (element: HTMLElement) => `"${(element.textContent ?? '').trim().slice(0, 50)}"`;
    if (!least) {
      for (const part of parts)
        wanted.push({
          element: part,
          rect: part.getBoundingClientRect(),
          clipFrom: part,
          what: named(part),
        });
    } else {
      const [first, second] = parts;
      wanted.push({
        element: first!,
        rect: first!.getBoundingClientRect(),
        clipFrom: first!,
        what: named(first!),
      });
      if (second) {
        const range = document.createRange();
        range.selectNodeContents(second);
        const tops = [
          ...new Set([...range.getClientRects()].map((line) => Math.round(line.top))),
        ].sort((a, b) => a - b);
        const lines = [...range.getClientRects()].filter(
          (line) => line.height > 0 && Math.round(line.top) <= (tops[1] ?? tops[0] ?? 0),
        );
        wanted.push({
          element: second,
          rect: {
            top: Math.min(...lines.map((line) => line.top)),
            bottom: Math.max(...lines.map((line) => line.bottom)),
            left: Math.min(...lines.map((line) => line.left)),
            right: Math.max(...lines.map((line) => line.right)),
          },
          clipFrom: second,
          what: `the first two lines of ${named(second)}`,
        });
      }
      // The card's box itself, whole: what it hides is a scroll of it away.
      if (card.parentElement)
        wanted.push({
          element: card,
          rect: card.getBoundingClientRect(),
          clipFrom: card.parentElement,
          what: 'the card’s box',
          // Past its rounded corners.
          inset: 10,
        });
      for (const selector of ['[data-testid="inject"]', '[data-testid="fault-reach"]']) {
        const element = document.querySelector<HTMLElement>(selector);
        if (!element) return [`${selector} is not on the page`];
        wanted.push({
          element,
          rect: element.getBoundingClientRect(),
          clipFrom: element,
          what: selector,
        });
      }
    }
    return wanted.flatMap(({ element, rect, clipFrom, what, inset = 3 }) => {
      if (rect.bottom - rect.top <= 0) return [`${what} takes no room`];
      const frames: (Rect & { name: string })[] = [
        { name: 'the window', top: 0, bottom: innerHeight, left: 0, right: innerWidth },
      ];
      for (let box = clipFrom.parentElement; box; box = box.parentElement) {
        const style = getComputedStyle(box);
        if (style.overflowY !== 'visible' || style.overflowX !== 'visible') {
          const clip = box.getBoundingClientRect();
          frames.push({
            name: `${box.tagName.toLowerCase()}.${[...box.classList].join('.')}`,
            top: clip.top,
            bottom: clip.bottom,
            left: clip.left,
            right: clip.right,
          });
        }
      }
      // A pixel of slack: presenter mode's zoom puts edges between whole pixels.
      const cut = frames.filter(
        (frame) =>
          rect.top < frame.top - 1 ||
          rect.bottom > frame.bottom + 1 ||
          rect.left < frame.left - 1 ||
          rect.right > frame.right + 1,
      );
      if (cut.length > 0)
        return cut.map(
          (frame) =>
            `${what} at ${Math.round(rect.top)}–${Math.round(rect.bottom)} px, cut by ${frame.name} (${Math.round(frame.top)}–${Math.round(frame.bottom)})`,
        );
      // Drawn on top at its corners, a few pixels in.
      const corners = [
        [rect.left + inset, rect.top + inset],
        [rect.right - inset, rect.top + inset],
        [rect.left + inset, rect.bottom - inset],
        [rect.right - inset, rect.bottom - inset],
      ] as const;
      return corners.flatMap(([x, y]) => {
        const shown = document.elementFromPoint(x, y);
        return shown && element.contains(shown)
          ? []
          : [
              `${what}: at (${Math.round(x)}, ${Math.round(y)}) the page shows ${shown ? `${shown.tagName.toLowerCase()}.${[...shown.classList].join('.')}` : 'nothing'}`,
            ];
      });
    });
  }, least);
}

/** How many lines the current step's citation of the document (or its assumption) takes. */
function citationLines(page: Page): Promise<number> {
  return page.evaluate(() => {
    const source = document.querySelector('[data-testid="narration-source"]');
    if (!source) return 0;
    const range = document.createRange();
    range.selectNodeContents(source);
    return new Set(
      [...range.getClientRects()]
        .filter((line) => line.height > 0)
        .map((line) => Math.round(line.top)),
    ).size;
  });
}

describe('the current step’s card', () => {
  /** Live faults, in the order injected: each fails the install of one host on its next hop. */
  const TARGETS = ['storage-1', 'storage-2', 'processing-1', 'processing-2', 'processing-3'];

  it.each(LAYOUTS)(
    'at $width×$height (presenter: $presenter) reads whole with 0, 1, 2 and 5 live faults where the column has the room, else from its heading and two lines, the rest a scroll away',
    async ({ width, height, presenter }) => {
      // Before: at 1440×900 with two live faults the card was cut to its heading; in presenter
      // mode at 1280×720 the citation ("The document: SERVERware upgrade…") under the card's fold.
      // The column gives way by the step list, the live faults' list, the invariants and only
      // then the narration (`app.css`): at 1280×720 the fault form and the invariants' first row
      // leave the card less than its whole height; a recovery step's assumption of four lines
      // and more outgrows it at 1080p in presenter mode.
      const { page, errors } = await openLayout(app, { width, height, presenter });
      await pickScenario(page, 'serverware-cluster-3.2.yaml');
      const live = page.locator('[data-testid="live-fault"]');
      for (const count of [0, 1, 2, 5]) {
        while ((await live.count()) < count) {
          const before = await live.count();
          await page.evaluate(() => window.scrollTo(0, 0));
          await seekShare(page, 0.02);
          await page.locator('select[name="fault"]').selectOption('upgrade-failure');
          await page.locator('select[name="target"]').selectOption(TARGETS[before] ?? '');
          await page.locator('[data-testid="inject"]').click();
          await runSettled(page);
          await expect.poll(() => live.count()).toBe(before + 1);
        }
        for (const share of [0.1, 0.35, 0.6, 1]) {
          await page.evaluate(() => window.scrollTo(0, 0));
          await seekShare(page, share);
          await runSettled(page);
          const lines = await citationLines(page);
          const whole = height >= 900 && lines < 4;
          const where = `${width}×${height}${presenter ? ' presenter' : ''}, ${count} live, at ${share} of the run (citation of ${lines} lines)`;
          await expect
            .poll(() => stepCardCut(page, !whole), { timeout: 3_000, message: where })
            .toEqual([]);
        }
      }
      await screenshot(
        page,
        `step-card-${width}x${height}${presenter ? '-presenter' : ''}-5-live`,
        false,
      );
      expect(errors).toEqual([]);
      await page.context().close();
    },
  );
});

describe('the fault form with faults listed', () => {
  it.each(LAYOUTS)(
    'at $width×$height (presenter: $presenter) keeps its box once laid out, its foot in the window',
    async ({ width, height, presenter }) => {
      // Before: its least height was read from its own box, held at that least: with the list
      // cut below a row it grew at each change, 1080 → 1510 px in 4 s at 1920×1080, the step's
      // card squeezed above it and the page scrolled by a click on "Write into scenario".
      const { page, errors } = await openLayout(app, { width, height, presenter });
      await pickScenario(page, 'serverware-cluster-3.2.yaml');
      await page.locator('select[name="fault"]').selectOption('upgrade-failure');
      await page.getByTestId('inject').click();
      await runSettled(page);
      const box = () =>
        page.evaluate(() => {
          const form = document.querySelector('.stage .faults')?.getBoundingClientRect();
          const card = document.querySelector('.stage .procedure')?.getBoundingClientRect();
          return {
            form: form ? [Math.round(form.top), Math.round(form.bottom)] : [],
            card: card ? [Math.round(card.top), Math.round(card.bottom)] : [],
            window: innerHeight,
          };
        });
      await page.waitForTimeout(500);
      const first = await box();
      expect(first.form[1]).toBeLessThanOrEqual(first.window);
      await page.waitForTimeout(3_500);
      expect(await box()).toEqual(first);
      // Nor as the run plays: before, a note of three lines ("Playing: the fault strikes at the
      // playhead's time…") came under Inject at each play and went at each pause, and the
      // step's card above shrank and grew with it (to two lines of narration at 1280×720).
      await page.locator('[data-testid="speed"]').selectOption('1');
      await page.getByTestId('play').click();
      await expect.poll(() => page.getByTestId('inject').innerText()).toBe('Inject now');
      await page.waitForTimeout(300);
      expect(await box(), 'playing').toEqual(first);
      await page.getByTestId('play').click();
      expect(errors).toEqual([]);
      await page.context().close();
    },
  );
});
