import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { parseScenario, simulate } from '../../src/sim';
import { openApp, runSettled, scenarioHash, screenshot, sharedText } from './app';
import { useBuiltApp } from './helpers';

const MUST_FAIL = 'scenarios/must-fail/ha-pair-preemption-left-on.yaml';
const TEXT = readFileSync(MUST_FAIL, 'utf8');
const RUN = simulate(parseScenario(TEXT, MUST_FAIL));
const FIRST = RUN.report.invariants
  .flatMap((invariant) => invariant.violations)
  .sort((a, b) => a.seq - b.seq)[0];

/**
 * Seeks by a click on the time axis, `px` pixels from where virtual time `at` is drawn. The
 * spoiler-free axis ends a little past the playhead (never at the run's end): until it reaches
 * `at`, a click at its far end moves the playhead there and the axis on.
 */
async function seekNear(page: Page, at: number, px: number): Promise<void> {
  const box = await page.locator('[data-testid="axis-lane"]').boundingBox();
  if (!box) throw new Error('no timeline');
  const shown = page.locator('[data-testid="window"]');
  const window = async () => ({
    from: Number(await shown.getAttribute('data-from')),
    to: Number(await shown.getAttribute('data-to')),
  });
  for (let click = 0; click < 40; click++) {
    const { from, to } = await window();
    if (at + ((Math.abs(px) + 2) / box.width) * (to - from) < to) break;
    await page.mouse.click(box.x + box.width - 1, box.y + box.height / 2);
    await expect.poll(async () => (await window()).to).toBeGreaterThan(to);
  }
  const { from, to } = await window();
  const x = box.x + ((at - from) / (to - from)) * box.width + px;
  await page.mouse.click(x, box.y + box.height / 2);
}

/** How far right anything on the timeline is drawn, and where the playhead is. */
async function drawnPastPlayhead(page: Page): Promise<number> {
  return page.evaluate(() => {
    const playhead = document.querySelector('[data-testid="playhead"]')?.getBoundingClientRect();
    if (!playhead) return Infinity;
    const drawn = [
      ...document.querySelectorAll(
        ['segment', 'outage', 'uptime', 'marker', 'marker-line']
          .map((part) => `[data-testid="timeline"] [data-testid="${part}"]`)
          .join(', '),
      ),
    ].map((element) => element.getBoundingClientRect());
    return Math.max(0, ...drawn.map((box) => box.left - playhead.left));
  });
}

describe('spoiler-free mode and the fault form', () => {
  const app = useBuiltApp();

  it('shows no violation before its moment, shows it at its moment, and draws nothing past the playhead', async () => {
    expect(FIRST, 'a violation in the must-fail scenario').toBeDefined();
    if (!FIRST) return;
    const { page, errors } = await openApp(
      app.browser,
      app.url,
      scenarioHash(TEXT, '&spoilers=hidden'),
    );
    await page.setViewportSize({ width: 1280, height: 720 });
    expect(await page.getByTestId('spoiler-switch').isChecked()).toBe(true);
    await seekNear(page, FIRST.at, -3);
    expect(await page.getByTestId('violation').count()).toBe(0);
    expect(await page.locator('[data-testid="invariant"][data-holds="false"]').count()).toBe(0);
    expect(await page.getByTestId('findings-hidden').count()).toBe(1);
    expect(await drawnPastPlayhead(page)).toBeLessThanOrEqual(1);
    await screenshot(page, 'spoiler-free-before-violation-1280x720', false);
    await seekNear(page, FIRST.at, 3);
    await expect.poll(() => page.getByTestId('violation').count()).toBeGreaterThan(0);
    expect(await drawnPastPlayhead(page)).toBeLessThanOrEqual(1);
    await screenshot(page, 'spoiler-free-at-violation-1280x720', false);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await screenshot(page, 'spoiler-free-at-violation-1920x1080', false);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('injects a 40m slow failover while playing, writes it into the scenario, and the shared link opens the same run', async () => {
    const { page, errors } = await openApp(app.browser, app.url);
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.getByTestId('scenario-picker').selectOption('ha-pair-preemption-disabled.yaml');
    await runSettled(page);
    const before = Number(await page.getByTestId('downtime-total').getAttribute('data-ms'));
    await page.getByTestId('speed').selectOption('10');
    const form = page.getByTestId('fault-form');
    await form.locator('select[name="fault"]').selectOption('failover-timeout');
    await form.getByTestId('fault-param-duration').fill('soon');
    await page.getByTestId('play').click();
    await form.getByTestId('inject').click();
    await expect
      .poll(() => form.getByTestId('fault-param-error').textContent())
      .toMatch(/^duration: "soon"/);
    expect(await page.getByTestId('live-fault').count()).toBe(0);
    await form.getByTestId('fault-param-duration').fill('40m');
    await form.getByTestId('inject').click();
    await page.getByTestId('live-fault').waitFor();
    await runSettled(page);
    // Marked where it takes effect, as any fault is: the next switchover, 40 minutes long.
    await expect
      .poll(() =>
        page
          .locator('[data-testid="marker"][data-kind="fault"]')
          .evaluateAll((items) => items.map((item) => item.getAttribute('aria-label') ?? '')),
      )
      .toEqual([
        expect.stringMatching(
          /^fault: failover timeout on \S+( \(\S+\))?: armed for the next step it acts on at /,
        ),
        expect.stringMatching(
          /^fault: failover timeout on \S+: the switchover on \S+ takes 40m at /,
        ),
      ]);
    expect(await page.getByTestId('play').getAttribute('aria-label')).toBe('Pause');
    await page.getByTestId('play').click();
    const after = Number(await page.getByTestId('downtime-total').getAttribute('data-ms'));
    expect(after).not.toBe(before);
    await screenshot(page, 'fault-form-live-1280x720', false);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await screenshot(page, 'fault-form-live-1920x1080', false);
    await page.getByTestId('fault-write').click();
    await runSettled(page);
    expect(await page.getByTestId('live-fault').count()).toBe(0);
    expect(Number(await page.getByTestId('downtime-total').getAttribute('data-ms'))).toBe(after);
    await page.getByTestId('share').click();
    const url = page.url();
    expect(url).toContain('#s=');
    const shared = sharedText(url);
    expect(shared).toMatch(
      /fault: failover-timeout, target: \S+, when: \{ at: [^}]+\}, duration: 40m/,
    );
    const fresh = await openApp(app.browser, app.url, url.slice(url.indexOf('#')));
    expect(Number(await fresh.page.getByTestId('downtime-total').getAttribute('data-ms'))).toBe(
      after,
    );
    expect(await fresh.page.getByTestId('failovers').textContent()).toBe(
      await page.getByTestId('failovers').textContent(),
    );
    expect(errors).toEqual([]);
    expect(fresh.errors).toEqual([]);
    await fresh.page.context().close();
    await page.context().close();
  });
});
