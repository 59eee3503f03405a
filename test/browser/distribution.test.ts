import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  OUTCOMES,
  parseScenario,
  sampleRuns,
  simulate,
  summarizeSamples,
  type Sample,
  type Spread,
} from '../../src/sim';
import { cursorOf, openApp, runSettled, screenshot, pickScenario, sharedText } from './app';
import { useBuiltApp, watchWorkers } from './helpers';

/** The built-in whose durations vary and whose installs fail by chance. */
const VARYING = 'golden/serverware-cluster-varying-durations.yaml';
const TEXT = readFileSync(`scenarios/${VARYING}`, 'utf8');
const SCENARIO = parseScenario(TEXT, VARYING);
/** Enough runs that the sampling is still going when the page is asked to move the playhead. */
const N = 300;

/**
 * The p95 run read from its definition: the runs ranked by total downtime, then outcome, a failed
 * check and the window, the one of nearest rank 95, the smallest seed among the runs alike to it.
 */
function p95Seed(samples: readonly Sample[]): number {
  const key = (s: Sample) => [s.total, OUTCOMES.indexOf(s.outcome), s.passed ? 0 : 1, s.duration];
  const order = (a: Sample, b: Sample) => {
    const [ka, kb] = [key(a), key(b)];
    return ka.map((value, i) => value - (kb[i] ?? 0)).find((d) => d !== 0) ?? 0;
  };
  const at = [...samples].sort(order)[Math.ceil(0.95 * samples.length) - 1] as Sample;
  return Math.min(...samples.filter((s) => order(s, at) === 0).map((s) => s.seed));
}

/** The four figures of a row of a spread table, in ms. */
async function row(page: Page, name: string, nth = 0): Promise<number[]> {
  return Promise.all(
    ['p50', 'p90', 'p99', 'max'].map(async (column) =>
      Number(
        await page.locator(`[data-testid="${name}-${column}"]`).nth(nth).getAttribute('data-value'),
      ),
    ),
  );
}

const figures = (spread: Spread) => [spread.p50, spread.p90, spread.p99, spread.max];

/** The total downtime of the run on the stage, in ms. */
async function stageDowntime(page: Page): Promise<number> {
  return Number(await page.locator('[data-testid="downtime-total"]').getAttribute('data-ms'));
}

async function blur(page: Page): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}

describe('the distribution of a scenario in the browser', () => {
  const app = useBuiltApp();

  it('samples in a worker without blocking the page, shows what the engine sums up, plays the p95 and the worst run, and a link opens that run', async () => {
    const samples = sampleRuns(SCENARIO, SCENARIO.seed, N);
    const report = summarizeSamples(SCENARIO, samples);
    const { page, errors } = await openApp(app.browser, app.url);
    await page.setViewportSize({ width: 1280, height: 720 });
    await pickScenario(page, VARYING);
    const workers = watchWorkers(page, 'distributionWorker');
    await page.locator('[data-testid="tab-distribution"]').click();
    const tab = page.locator('[data-testid="distribution"]');
    await tab.waitFor();
    expect(await page.locator('[data-testid="distribution-draws"]').innerText()).toContain(
      'The seed draws the length of each install, failover and reboot step',
    );
    await page.locator('[data-testid="distribution-samples"]').fill(String(N));
    await page.locator('[data-testid="distribution-start"]').click();
    await expect.poll(() => tab.getAttribute('data-status')).toBe('running');
    // The page answers while the worker samples: the playhead moves.
    await blur(page);
    const before = await cursorOf(page);
    await page.keyboard.press('ArrowRight');
    expect(await cursorOf(page)).toBe(before + 1);
    expect(await tab.getAttribute('data-status')).toBe('running');
    await expect.poll(() => tab.getAttribute('data-status'), { timeout: 120_000 }).toBe('finished');
    expect(workers.map(({ worker }) => worker.url())).toEqual([
      expect.stringMatching(/distributionWorker-[\w-]+\.js$/),
    ]);
    await expect.poll(() => workers[0]?.closed, { timeout: 20_000 }).toBe(true);

    // What the worker summed up is what the engine sums up in Node (and the CLI prints).
    expect(await row(page, 'duration')).toEqual(figures(report.duration));
    expect(await row(page, 'total')).toEqual(figures(report.total));
    for (const [index, workload] of report.workloads.entries()) {
      expect(await row(page, 'workload', index)).toEqual(figures(workload));
    }
    expect(
      await page
        .locator('[data-testid="distribution-outcome"]')
        .evaluateAll((items) =>
          items.map((li) => [li.getAttribute('data-key'), Number(li.getAttribute('data-count'))]),
        ),
    ).toEqual(Object.entries(report.outcomes).map(([outcome, chance]) => [outcome, chance.count]));
    const worst = page.locator('[data-testid="distribution-play-worst"]');
    const p95 = page.locator('[data-testid="distribution-play-p95"]');
    expect(Number(await worst.getAttribute('data-seed'))).toBe(report.worst.seed);
    expect(Number(await p95.getAttribute('data-seed'))).toBe(p95Seed(samples));
    // Full pages: the tab is below the stage.
    await screenshot(page, 'distribution-1280x720');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await screenshot(page, 'distribution-1920x1080');

    // The p95 run plays on the stage, which comes into view: that seed's run, as the engine runs it.
    const seed = p95Seed(samples);
    await p95.click();
    await runSettled(page);
    await expect
      .poll(() => page.locator('[data-testid="play"]').getAttribute('aria-label'))
      .toBe('Pause');
    expect(await stageDowntime(page)).toBe(simulate(SCENARIO, { seed }).report.downtime.total);
    expect(
      await page.locator('.stage').evaluate((stage) => stage.getBoundingClientRect().top),
    ).toBeLessThan(50);
    expect(await p95.getAttribute('aria-pressed')).toBe('true');
    await page.locator('[data-testid="play"]').click();

    // The link carries the seed: opened afresh, it shows the same run.
    await page.locator('[data-testid="share"]').click();
    const link = await page.evaluate(() => window.location.hash);
    const shared = sharedText(link);
    expect(parseScenario(shared, VARYING).seed).toBe(seed);
    const opened = await openApp(app.browser, app.url, link);
    expect(await stageDowntime(opened.page)).toBe(await stageDowntime(page));
    expect(opened.errors).toEqual([]);
    await opened.page.context().close();

    // The worst run, then: the largest total downtime of the samples.
    await worst.click();
    await runSettled(page);
    expect(await stageDowntime(page)).toBe(report.worst.total);
    await screenshot(page, 'distribution-worst-played-1920x1080');
    expect(await page.locator('[data-testid="panel-error"]').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('cancels a long sampling: the worker is terminated and the page keeps playing', async () => {
    const { page, errors } = await openApp(app.browser, app.url);
    await pickScenario(page, VARYING);
    const workers = watchWorkers(page, 'distributionWorker');
    await page.locator('[data-testid="tab-distribution"]').click();
    await page.locator('[data-testid="distribution-samples"]').fill('5000');
    await page.locator('[data-testid="distribution-start"]').click();
    const progress = page.locator('[data-testid="distribution-progress"]');
    await expect
      .poll(async () => Number(await progress.getAttribute('data-done')), { timeout: 60_000 })
      .toBeGreaterThan(0);
    await page.locator('[data-testid="distribution-cancel"]').click();
    expect(await page.locator('[data-testid="distribution"]').getAttribute('data-status')).toBe(
      'cancelled',
    );
    await expect.poll(() => workers[0]?.closed, { timeout: 20_000 }).toBe(true);
    expect(await page.locator('[data-testid="distribution-status"]').innerText()).toMatch(
      /^Cancelled at \d+(\.\d)? %: 5,000 runs of /,
    );
    await blur(page);
    await page.keyboard.press('ArrowRight');
    expect(await cursorOf(page)).toBe(1);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('says a scenario whose durations are all fixed runs the same with every seed', async () => {
    const { page, errors } = await openApp(app.browser, app.url);
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.locator('[data-testid="tab-distribution"]').click();
    await page.locator('[data-testid="distribution-fixed"]').waitFor();
    expect(await page.locator('[data-testid="distribution-start"]').count()).toBe(0);
    await screenshot(page, 'distribution-fixed-1280x720');
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
