import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  boxOverlaps,
  distanceToPath,
  edgeCrossings,
  type DrawnBox,
  type DrawnEdge,
  type Point,
  type Rect,
} from '../support/statechartGeometry';
import { builtinRuns, openApp, pickScenario, runSettled, type BuiltinRun } from './app';
import { resultsDir, useBuiltApp } from './helpers';

/** The statechart as drawn on the page: boxes, edges sampled along their paths, labels. */
interface Drawn {
  readonly boxes: DrawnBox[];
  readonly edges: Array<DrawnEdge & { readonly label: Rect | undefined }>;
  readonly active: string[];
  readonly activeStroke: string;
  readonly idleStroke: string;
}

/** Reads the drawing from the DOM, in the drawing's own units (`getBBox`, `getPointAtLength`). */
function readDrawing(page: Page): Promise<Drawn> {
  return page.evaluate(() => {
    const svg = document.querySelector('[data-testid="statechart"] svg') as SVGSVGElement;
    const rect = (element: Element | null) => {
      if (!element) return undefined;
      const b = (element as SVGGraphicsElement).getBBox();
      return { x: b.x, y: b.y, width: b.width, height: b.height };
    };
    const parentOf = (path: string) =>
      path === '' ? undefined : path.includes('.') ? path.slice(0, path.lastIndexOf('.')) : '';
    const boxes = Array.from(svg.querySelectorAll('[data-state]')).map((g) => {
      const path = g.getAttribute('data-state') ?? '';
      const box = rect(g.querySelector(':scope > rect')) as Rect;
      return { id: path, parent: parentOf(path), ...box };
    });
    const edges = Array.from(svg.querySelectorAll('[data-edge][data-source]')).map((g) => {
      const path = g.querySelector(':scope > path') as SVGPathElement;
      const length = path.getTotalLength();
      const points: Point[] = [];
      for (let at = 0; at < length; at += 3) {
        const p = path.getPointAtLength(at);
        points.push({ x: p.x, y: p.y });
      }
      const end = path.getPointAtLength(length);
      points.push({ x: end.x, y: end.y });
      return {
        id: g.getAttribute('data-edge') ?? '',
        source: g.getAttribute('data-source') ?? '',
        target: g.getAttribute('data-target') ?? '',
        sections: [points],
        label: rect(g.querySelector('[data-label-for] > rect')),
      };
    });
    const stroke = (selector: string) => {
      const element = svg.querySelector(selector);
      return element ? getComputedStyle(element).stroke : '';
    };
    return {
      boxes,
      edges,
      active: Array.from(svg.querySelectorAll('[data-active="true"]')).map(
        (g) => g.getAttribute('data-state') ?? '',
      ),
      activeStroke: stroke('[data-active="true"] > rect'),
      idleStroke: stroke('[data-kind="atomic"]:not([data-active]) > rect'),
    };
  });
}

/** The scale of the drawing's zoom, from its transform. */
async function zoomScale(page: Page): Promise<number> {
  const transform = await page.locator('[data-viewport]').getAttribute('transform');
  return Number(/scale\(([\d.]+)\)/.exec(transform ?? '')?.[1]);
}

/** One browser and one server for the whole file: each test opens a context of its own. */
const app = useBuiltApp();

describe('the statechart of a SERVERware storage host', () => {
  let cluster: BuiltinRun;

  beforeAll(() => {
    // A cluster whose storage hosts install, reboot and verify: the most of their machine in use.
    const found = builtinRuns()
      .filter(
        ({ id, run }) =>
          !id.includes('/') &&
          run.scenario.system === 'serverware' &&
          run.report.hosts.some((host) => host.kind === 'storage'),
      )
      .sort((a, b) => b.run.report.trace.length - a.run.report.trace.length)[0];
    if (!found) throw new Error('no SERVERware scenario with a storage host in scenarios/');
    cluster = found;
  });

  it.each([
    [1280, 720],
    [1920, 1080],
  ])(
    'is laid out without edges through states or overlapping states, highlighted, zoomable, at %i×%i',
    async (width, height) => {
      const requests: string[] = [];
      const { page, errors } = await openApp(app.browser, app.url, '', (p) => {
        p.on('request', (request) => requests.push(request.url()));
        return Promise.resolve();
      });
      await page.setViewportSize({ width, height });
      await page.locator('[data-testid="scenario-picker"]').selectOption(cluster.id);
      await expect
        .poll(() => page.locator('[data-testid="scenario-name"]').innerText())
        .toBe(cluster.run.report.scenario);
      await runSettled(page);
      // ELK (its API and its 1.6 MB worker script) is not loaded until a statechart is drawn.
      expect(requests.filter((url) => /elk/i.test(url))).toEqual([]);

      const host = cluster.run.report.hosts.find((h) => h.kind === 'storage')?.name ?? '';
      await page.keyboard.press('Shift+ArrowRight');
      await page.locator('[data-testid="tab-statechart"]').click();
      await page.locator('[data-testid="statechart-host"]').selectOption(host);
      await page
        .locator('[data-testid="statechart"][data-layout="done"]')
        .waitFor({ timeout: 30_000 });
      expect(requests.some((url) => /elk-worker/.test(url))).toBe(true);
      expect(await page.locator('[data-testid="statechart"] svg').getAttribute('aria-label')).toBe(
        `Statechart of storageHost, in ${await page.locator('[data-testid="active-state"]').innerText()}`,
      );

      const drawn = await readDrawing(page);
      expect(drawn.boxes.length).toBeGreaterThan(20);
      expect(drawn.edges.length).toBeGreaterThan(20);
      expect(edgeCrossings(drawn.boxes, drawn.edges)).toEqual([]);
      expect(boxOverlaps(drawn.boxes)).toEqual([]);
      for (const edge of drawn.edges) {
        expect(edge.label, edge.id).toBeDefined();
        if (edge.label)
          expect(distanceToPath(edge.label, edge.sections), edge.id).toBeLessThanOrEqual(6);
      }

      // The active state, as the tab names it, is the one highlighted.
      const activeState = await page.locator('[data-testid="active-state"]').innerText();
      expect([...drawn.active].sort()).toEqual(activeState.split(', ').sort());
      expect(drawn.activeStroke).not.toBe(drawn.idleStroke);
      await page.locator('[data-testid="statechart"]').scrollIntoViewIfNeeded();
      await page.screenshot({ path: `/tmp/elk-${width}x${height}.png` });
      await page.screenshot({
        path: join(resultsDir, 'screenshots', `statechart-${width}x${height}.png`),
      });

      // Scrubbing the playhead moves the highlight and keeps the layout.
      const before = drawn.boxes;
      const first = await page.locator('[data-testid="active-state"]').innerText();
      const step = page.getByRole('button', { name: 'Step forward' });
      for (let i = 0; i < 200; i++) {
        if ((await page.locator('[data-testid="active-state"]').innerText()) !== first) break;
        await step.click();
      }
      const later = await page.locator('[data-testid="active-state"]').innerText();
      expect(later).not.toBe(first);
      await expect
        .poll(async () => (await readDrawing(page)).active.sort())
        .toEqual(later.split(', ').sort());
      expect((await readDrawing(page)).boxes).toEqual(before);

      // Zoom: the buttons, the wheel and the keys change the drawing's transform; its viewBox
      // stays the whole machine.
      const viewBox = await page.locator('[data-testid="statechart"] svg').getAttribute('viewBox');
      const installing = page.locator('[data-state="lifecycle.installing"] > rect');
      const small = (await installing.boundingBox())?.width ?? 0;
      await page.getByRole('button', { name: '+', exact: true }).click();
      expect(await zoomScale(page)).toBe(1.25);
      expect((await installing.boundingBox())?.width).toBeCloseTo(small * 1.25, 0);
      await page.getByTestId('statechart').getByRole('button', { name: 'Fit' }).click();
      expect(await zoomScale(page)).toBe(1);
      // The wheel turns over the chart where the user sees it: brought into view first (the
      // clicks on the transport above may have scrolled the page).
      await page.locator('[data-testid="statechart"] svg').scrollIntoViewIfNeeded();
      const svgBox = await page.locator('[data-testid="statechart"] svg').boundingBox();
      if (!svgBox) throw new Error('no statechart on screen');
      await page.mouse.move(svgBox.x + svgBox.width / 2, svgBox.y + svgBox.height / 2);
      await page.mouse.wheel(0, -300);
      await expect.poll(() => zoomScale(page)).toBeGreaterThan(1);
      const zoomed = await page.locator('[data-viewport]').getAttribute('transform');
      await page.mouse.down();
      await page.mouse.move(svgBox.x + svgBox.width / 2 + 80, svgBox.y + svgBox.height / 2 + 40);
      await page.mouse.up();
      expect(await page.locator('[data-viewport]').getAttribute('transform')).not.toBe(zoomed);
      await page.locator('[data-testid="statechart"]').focus();
      await page.keyboard.press('0');
      expect(await zoomScale(page)).toBe(1);
      await page.keyboard.press('+');
      expect(await zoomScale(page)).toBe(1.25);
      const cursor = await page.locator('[data-testid="active-state"]').innerText();
      await page.keyboard.press('ArrowRight');
      // The arrow pans the focused chart; it does not move the playhead.
      expect(await page.locator('[data-testid="active-state"]').innerText()).toBe(cursor);
      expect(await page.locator('[data-testid="statechart"] svg').getAttribute('viewBox')).toBe(
        viewBox,
      );
      expect(errors).toEqual([]);
      await page.context().close();
    },
  );
});

describe('the statechart in presenter mode', () => {
  it('at 1920×1080, opens about the active state with labels read from the room; Fit shows it whole', async () => {
    // Before: the whole machine fitted to the tab, its labels 7 px on the screen at 1080p.
    const { page, errors } = await openApp(app.browser, app.url);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.locator('[data-testid="presenter"]').click();
    await page.locator('.app.presenter').waitFor();
    await pickScenario(page, 'serverware-mirror-3.2.yaml');
    await page.locator('[data-testid="tab-statechart"]').click();
    await page.locator('[data-testid="statechart-host"]').selectOption('storage-1');
    const chart = page.locator('[data-testid="statechart"][data-layout="done"]');
    await chart.waitFor({ timeout: 60_000 });
    await chart.scrollIntoViewIfNeeded();
    const drawn = () =>
      page.evaluate(() => {
        const svg = document.querySelector('[data-testid="statechart"] svg');
        const frame = svg?.getBoundingClientRect();
        const inside = (r: DOMRect) =>
          !!frame &&
          r.left >= frame.left &&
          r.right <= frame.right &&
          r.top >= frame.top &&
          r.bottom <= frame.bottom;
        const texts = [...(svg?.querySelectorAll<SVGTextElement>('text') ?? [])].filter((t) =>
          inside(t.getBoundingClientRect()),
        );
        // The type on the screen: its size in the drawing's units times the screen's pixels
        // per unit (the view's scale and the app's zoom included).
        const px = texts.map(
          (t) => parseFloat(getComputedStyle(t).fontSize) * (t.getScreenCTM()?.a ?? 1),
        );
        const active = svg?.querySelector('[data-active="true"]');
        return {
          least: Math.min(...px),
          active: active ? inside(active.getBoundingClientRect()) : false,
        };
      });
    const opened = await drawn();
    expect(opened.least).toBeGreaterThanOrEqual(23.95);
    expect(opened.active).toBe(true);
    await page.locator('[data-testid="statechart"] button', { hasText: 'Fit' }).click();
    await expect.poll(() => chart.getAttribute('data-zoom')).toBe('fit');
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

describe('the last transition on the statechart', () => {
  it('lights only the edge the actor took, not every edge with the same event', async () => {
    const { page, errors } = await openApp(app.browser, app.url);
    await page.setViewportSize({ width: 1440, height: 900 });
    await pickScenario(page, 'serverware-cluster-3.2.yaml');
    // 3:10, storage-1 installing since its `install.start` from `lifecycle.online` at 2:55.
    const duration = 35_700_000;
    const axis = await page.locator('[data-testid="axis-lane"]').boundingBox();
    if (!axis) throw new Error('no timeline');
    await page.mouse.click(axis.x + (axis.width * 11_400_000) / duration, axis.y + axis.height / 2);
    await page.locator('[data-testid="tab-statechart"]').click();
    await page.locator('[data-testid="statechart-host"]').selectOption('storage-1');
    await page
      .locator('[data-testid="statechart"][data-layout="done"]')
      .waitFor({ timeout: 30_000 });
    await expect
      .poll(() => page.locator('[data-testid="active-state"]').innerText())
      .toContain('lifecycle.installing');
    const lit = () =>
      page.evaluate(() =>
        Array.from(document.querySelectorAll('[data-testid="statechart"] [data-last="true"]')).map(
          (g) => `${g.getAttribute('data-source')} → ${g.getAttribute('data-target')}`,
        ),
      );
    // Before: booted → installing, online → installing and failed → installing, all lit.
    await expect.poll(lit).toEqual(['lifecycle.online → lifecycle.installing']);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
