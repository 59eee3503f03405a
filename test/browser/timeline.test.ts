import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { downtimeRows, parseScenario, simulate } from '../../src/sim';
import { fileStem } from '../../src/ui/export/download';
import { brushRange, openApp, runSettled, scenarioHash } from './app';
import { parseCsv } from '../support/csv';
import { useBuiltApp } from './helpers';

const ID = 'serverware-cluster-3.2.yaml';
const TEXT = readFileSync(`scenarios/${ID}`, 'utf8');
const RUN = simulate(parseScenario(TEXT, ID));
/** A processing host's 5-minute restart in a 10-hour run. */
const GROUP = RUN.groups.find((group) => group.key === 'processing-1');
const OUTAGE = GROUP?.outages[0] ?? [0, 0];

const VIEWPORTS = [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
] as const;

async function axisBox(page: Page) {
  const box = await page.locator('[data-testid="axis-lane"]').boundingBox();
  if (!box) throw new Error('no timeline');
  return box;
}

async function shownWindow(page: Page): Promise<{ from: number; to: number }> {
  const element = page.locator('[data-testid="window"]');
  return {
    from: Number(await element.getAttribute('data-from')),
    to: Number(await element.getAttribute('data-to')),
  };
}

/** The on-screen width of the first outage of processing-1's VPSs. */
async function outageWidth(page: Page): Promise<number> {
  const box = await page
    .locator('[data-testid="group-row"][data-group="processing-1"] [data-testid="outage"]')
    .first()
    .boundingBox();
  return box?.width ?? 0;
}

/** The axis labels' boxes, in order, with the axis's. */
async function tickBoxes(page: Page) {
  return page.evaluate(() => {
    const lane = document.querySelector('[data-testid="axis-lane"]')?.getBoundingClientRect();
    const ticks = [...document.querySelectorAll('[data-testid="tick"]')].map((tick) => {
      const box = tick.getBoundingClientRect();
      return { left: box.left, right: box.right, text: tick.textContent };
    });
    return { lane: lane ? { left: lane.left, right: lane.right } : undefined, ticks };
  });
}

/** One browser and one server for the whole file: each test opens a context of its own. */
const app = useBuiltApp();

describe('the timeline, zoomed, brushed and split, and the downtime table', () => {
  it.each(VIEWPORTS)('should read at $width×$height', async (viewport) => {
    expect(OUTAGE[1] - OUTAGE[0]).toBe(300_000);
    expect(RUN.report.duration).toBeGreaterThan(9 * 3_600_000);
    const { page, errors } = await openApp(app.browser, app.url);
    await page.setViewportSize(viewport);
    await page.locator('[data-testid="scenario-picker"]').selectOption(ID);
    await expect
      .poll(() => page.locator('[data-testid="scenario-name"]').innerText())
      .toBe(RUN.report.scenario);
    await runSettled(page);
    const tag = `${viewport.width}`;
    await page.locator('[data-testid="timeline"]').scrollIntoViewIfNeeded();

    // Zoom into the restart with Ctrl + wheel over it.
    const before = await outageWidth(page);
    expect(before).toBeLessThan(10);
    let box = await axisBox(page);
    for (let i = 0; i < 6; i++) {
      const window = await shownWindow(page);
      const middle = (OUTAGE[0] + OUTAGE[1]) / 2;
      const x = box.x + ((middle - window.from) / (window.to - window.from)) * box.width;
      await page.mouse.move(x, box.y + box.height / 2);
      await page.keyboard.down('Control');
      await page.mouse.wheel(0, -120);
      await page.keyboard.up('Control');
      await expect
        .poll(async () => (await shownWindow(page)).to - window.from)
        .toBeLessThan(window.to - window.from);
    }
    const zoomed = await outageWidth(page);
    expect(zoomed, `the 5-minute restart at ${tag} px`).toBeGreaterThan(100);
    expect(zoomed).toBeGreaterThan(20 * before);
    // The axis's labels stay apart and on the axis.
    const { lane, ticks } = await tickBoxes(page);
    expect(ticks.length).toBeGreaterThan(1);
    for (const [index, tick] of ticks.entries()) {
      expect(tick.left).toBeGreaterThanOrEqual((lane?.left ?? 0) - 1);
      expect(tick.right).toBeLessThanOrEqual((lane?.right ?? 0) + 1);
      const next = ticks[index + 1];
      if (next)
        expect(next.left, `${tick.text ?? ''} clear of ${next.text ?? ''}`).toBeGreaterThanOrEqual(
          tick.right,
        );
    }
    // A click seeks to the instant under the pointer, and the playhead is drawn there.
    box = await axisBox(page);
    const window = await shownWindow(page);
    await page.mouse.click(box.x + box.width * 0.3, box.y + box.height / 2);
    const text = await page.locator('[data-testid="clock"]').innerText();
    const [h = 0, m = 0, sec = 0] = text.split(':').map(Number);
    const time = ((h * 60 + m) * 60 + sec) * 1000;
    const clicked = window.from + 0.3 * (window.to - window.from);
    // The clock shows whole seconds.
    expect(Math.abs(time - clicked)).toBeLessThan(1000);
    const playhead = await page.locator('[data-testid="playhead"]').boundingBox();
    const pxPerMs = box.width / (window.to - window.from);
    expect(Math.abs((playhead?.x ?? 0) - (box.x + box.width * 0.3))).toBeLessThan(
      1.5 + pxPerMs * 1000,
    );
    await page.screenshot({ path: `/tmp/timeline-zoom-${tag}.png` });

    // Fit, then brush a range with shift+drag and read its summary against the rows.
    await page.locator('[data-testid="zoom-fit"]').click();
    // Fit is beside the title: the workloads' rows may be below the box's fold at 720p.
    const first = page.locator('[data-testid="group-row"]').first();
    await first.scrollIntoViewIfNeeded();
    const lanes = await first.boundingBox();
    await brushRange(page, (lanes?.y ?? 0) + (lanes?.height ?? 0) / 2, 0.05, 0.3);
    const summary = page.locator('[data-testid="range-summary"]');
    await summary.waitFor();
    const range = {
      from: Number(await summary.getAttribute('data-from')),
      to: Number(await summary.getAttribute('data-to')),
    };
    expect(range.to).toBeGreaterThan(range.from);
    const expectedRows = downtimeRows(RUN, range).filter((row) => row.downtime > 0);
    expect(expectedRows.length).toBeGreaterThan(0);
    const shownRows = await page.locator('[data-testid="range-row"]').evaluateAll((rows) =>
      rows.map((row) => ({
        name: (row as HTMLElement).dataset.workload,
        ms: Number(row.querySelector('td')?.getAttribute('data-ms')),
      })),
    );
    expect(shownRows).toEqual(
      expectedRows.map((row) => ({ name: row.workload, ms: row.downtime })),
    );
    // Each step is numbered once, by its own number: the list's markers, outside the box of a
    // list that scrolls, were clipped to their last digit and counted 1, 2, … beside it.
    const steps = await page.locator('[data-testid="range-step"]').evaluateAll((items) =>
      items.map((item) => ({
        text: item.textContent,
        marker: getComputedStyle(item).listStyleType,
      })),
    );
    expect(steps.length).toBeGreaterThan(0);
    for (const step of steps) {
      expect(step.text).toMatch(/^\d+\. \S/);
      expect(step.marker).toBe('none');
    }
    await page.screenshot({ path: `/tmp/timeline-range-${tag}.png`, fullPage: true });

    // A row per workload.
    await page.locator('[data-testid="per-workload"]').check();
    await expect
      .poll(() => page.locator('[data-testid="workload-row"]').count())
      .toBe(RUN.report.workloads.length);
    await page
      .locator('[data-testid="timeline"]')
      .screenshot({ path: `/tmp/timeline-rows-${tag}.png` });

    // The downtime table: sort by downtime, download the CSV and read it back.
    await page.locator('[data-testid="tab-downtime"]').click();
    await page.locator('[data-testid="sort-downtime"]').click();
    await expect
      .poll(() => page.locator('th:has([data-testid="sort-downtime"])').getAttribute('aria-sort'))
      .toBe('descending');
    const order = await page
      .locator('[data-testid="downtime-row"]')
      .evaluateAll((rows) => rows.map((row) => (row as HTMLElement).dataset.workload ?? ''));
    const rows = downtimeRows(RUN);
    const byName = new Map(rows.map((row) => [row.workload, row]));
    const downtimes = order.map((name) => byName.get(name)?.downtime ?? -1);
    expect(downtimes).toEqual([...downtimes].sort((a, b) => b - a));
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-testid="downtime-csv"]').click(),
    ]);
    expect(download.suggestedFilename()).toBe(`${fileStem(RUN.report.scenario)}.downtime.csv`);
    const path = await download.path();
    const [head, ...records] = parseCsv(readFileSync(path, 'utf8'));
    expect(head?.[0]).toBe('workload');
    expect(records.map((record) => record[0])).toEqual(order);
    for (const record of records) {
      const row = byName.get(record[0] ?? '');
      expect(Number(record[3])).toBe(Math.round((row?.downtime ?? -1) / 1000));
      expect(Number(record[5])).toBe(row?.outages.length);
    }
    await page
      .getByRole('region', { name: 'Downtime per workload' })
      .screenshot({ path: `/tmp/timeline-table-${tag}.png` });
    // Presenter mode hides the download, as it hides the SVG ones; the table stays.
    await page.locator('[data-testid="presenter"]').click();
    await expect.poll(() => page.locator('[data-testid="downtime-csv"]').isVisible()).toBe(false);
    expect(await page.locator('[data-testid="downtime-table"]').isVisible()).toBe(true);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

/** The Cluster from 4.8.2 with processing-1 crashing halfway through its install. */
const CLUSTER = readFileSync('scenarios/serverware-cluster-4.3-4.8.yaml', 'utf8').replace(
  /^expect:[\s\S]*$/m,
  '',
);
const INSTALL = simulate(parseScenario(CLUSTER, 'cluster.yaml')).report.steps.find(
  (step) => step.action === 'install' && step.host === 'processing-1',
);
const CRASH_AT = Math.round(((INSTALL?.start ?? 0) + (INSTALL?.end ?? 0)) / 2 / 60_000);

describe('markers of one instant', () => {
  it.each(VIEWPORTS)(
    "should show a crash during a step beside the step's failure at $width×$height, neither hidden",
    async (viewport) => {
      const text = `${CLUSTER}faults:\n  - { fault: host-crash, target: processing-1, when: { at: ${CRASH_AT}m } }\n`;
      const { page, errors } = await openApp(app.browser, app.url, scenarioHash(text));
      await page.setViewportSize(viewport);
      await runSettled(page);
      const markers = page.locator('[data-testid="marker"][data-kind="fault"]');
      await expect.poll(() => markers.count()).toBe(2);
      const labels = await markers.evaluateAll((items) =>
        items.map((item) => item.getAttribute('aria-label')),
      );
      expect(labels[0]).toMatch(/^fault: host crash on processing-1 at /);
      expect(labels[1]).toMatch(/^fault: step failed: \d+ install processing-1 at /);
      const [crash, failed] = await Promise.all([
        markers.nth(0).boundingBox(),
        markers.nth(1).boundingBox(),
      ]);
      if (!crash || !failed) throw new Error('a marker is not drawn');
      // Side by side: no overlap, and each still about the instant (within a marker's width).
      expect(failed.x).toBeGreaterThanOrEqual(crash.x + crash.width);
      expect(failed.x - crash.x).toBeLessThan(2 * crash.width);
      // Each is the one the pointer finds at its own centre.
      for (const [index, box] of [crash, failed].entries()) {
        const hit = await page.evaluate(
          ({ x, y }) => document.elementFromPoint(x, y)?.getAttribute('aria-label'),
          { x: box.x + box.width / 2, y: box.y + box.height / 4 },
        );
        expect(hit).toBe(labels[index]);
      }
      expect(errors).toEqual([]);
      await page.context().close();
    },
  );
});
