import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario, simulate } from '../../src/sim';
import type { Report } from '../../src/sim';
import { DRILL, openApp, scenarioHash, screenshot } from './app';
import { resultsDir, useBuiltApp } from './helpers';

const HA = DRILL;

/** The decisions a run took, without who took them or why. */
function taken(report: Report) {
  return report.decisions.map(({ at, situation, host, hop, chosen }) => ({
    at,
    situation,
    host,
    hop,
    chosen,
  }));
}

const app = useBuiltApp();

describe('drill mode', () => {
  it('stops at the decision, takes the trainee’s retry, completes, and debriefs against the procedure', async () => {
    const documented = simulate(parseScenario(HA, 'drill.yaml')).report;
    const decision = documented.decisions[0];
    expect(decision?.chosen).toBe('rollback-host');
    const drilled = simulate(
      parseScenario(
        `${HA}decisions:\n  - { at: install-failed, host: ${decision?.host}, choose: retry }\n`,
        'drill.yaml',
      ),
    ).report;

    const { page, errors } = await openApp(app.browser, app.url, scenarioHash(HA));
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.locator('[data-testid="speed"]').selectOption('1000');
    await page.locator('[data-testid="drill-switch"]').check();
    await page.locator('[data-testid="drill-hide-invariants"]').check();
    await page.locator('[data-testid="play"]').click();

    const card = page.getByRole('dialog', { name: /Decision/ });
    await card.waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid="play"]').getAttribute('aria-label')).toBe('Play');
    const options = await card
      .locator('[data-option]')
      .evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-option')));
    expect(options).toEqual(decision?.options);
    expect(await card.innerText()).toContain(`host ${decision?.host}`);
    expect(await page.getByRole('region', { name: 'Invariants' }).innerText()).toContain(
      'Hidden until',
    );
    await screenshot(page, 'drill-decision-1280x720', false);

    // Keyboard: the first option has the focus; arrow down to retry's place and press Enter.
    const retryAt = options.indexOf('retry');
    expect(retryAt).toBeGreaterThanOrEqual(0);
    for (let i = 0; i < retryAt; i++) await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-option'))).toBe(
      'retry',
    );
    await page.keyboard.press('Enter');

    const debrief = page.locator('[data-testid="debrief"]');
    await debrief.waitFor({ timeout: drilled.duration / 1000 + 30_000 });
    await page.setViewportSize({ width: 1920, height: 1080 });
    await debrief.locator('[data-testid="compare"]').waitFor();
    const row = debrief.locator('[data-testid="debrief-choice"]');
    expect(await row.count()).toBe(1);
    expect(await row.innerText()).toMatch(
      /do the failed step again[\s\S]*roll back \(or restore\) only the failed host/,
    );
    const outcome = await debrief
      .locator('[data-field="outcome"] td')
      .evaluateAll((cells) => cells.map((c) => c.textContent));
    expect(outcome[0]).toContain(drilled.outcome);
    expect(outcome[1]).toContain(documented.outcome);
    expect(drilled.outcome).not.toBe(documented.outcome);
    // The invariants panel is back for the debrief.
    expect(await page.locator('[data-testid="invariant"]').count()).toBe(
      documented.invariants.length,
    );
    await debrief.scrollIntoViewIfNeeded();
    await page.waitForTimeout(500);
    mkdirSync(join(resultsDir, 'screenshots'), { recursive: true });
    await page.screenshot({ path: join(resultsDir, 'screenshots', 'drill-debrief-1920x1080.png') });

    // The exported drill replays the trainee's run.
    const download = page.waitForEvent('download');
    await page.locator('[data-testid="drill-export"]').click();
    const file = await (await download).path();
    const replayed = simulate(parseScenario(readFileSync(file, 'utf8'), 'drill.yaml')).report;
    expect(taken(replayed)).toEqual(taken(drilled));
    expect(replayed.outcome).toBe(drilled.outcome);
    expect(replayed.workloads).toEqual(drilled.workloads);

    expect(errors).toEqual([]);
    await page.context().close();
  });
});
