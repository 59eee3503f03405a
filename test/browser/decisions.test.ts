import { describe, expect, it } from 'vitest';
import { ruleFor, searchDecisions, simulate } from '../../src/sim';
import { builtinRuns, openApp, runSettled, pickScenario } from './app';
import { useBuiltApp } from './helpers';

describe('the decision search in the browser', () => {
  const app = useBuiltApp();

  it('searches the decisions of the single server in a worker, then opens a row as a run with that option chosen', async () => {
    const standalone = builtinRuns().find(({ id }) => id === 'standalone.yaml');
    if (!standalone) throw new Error('no scenarios/standalone.yaml');
    const search = searchDecisions(standalone.run.scenario);
    const index = search.findings.findIndex((f) => f.best !== undefined && f.best !== f.default);
    const finding = search.findings[index];
    if (!finding?.best) throw new Error('no option beats the default on the single server');

    const { page, errors } = await openApp(app.browser, app.url);
    await pickScenario(page, standalone.id);
    await page.locator('[data-testid="tab-explore"]').click();
    await page.locator('[data-testid="explore-mode-decisions"]').check();
    await page.locator('[data-testid="explore-start"]').click();
    const panel = page.locator('[data-testid="explore"]');
    await expect
      .poll(() => panel.getAttribute('data-status'), { timeout: 90_000 })
      .toBe('finished');
    expect(
      await page.locator('[data-testid="explore-progress"]').getAttribute('aria-valuenow'),
    ).toBe('100');
    // What the worker found is what the engine finds in Node.
    const rows = page.locator('[data-testid="decision-finding"]');
    expect(
      await rows.evaluateAll((lis) =>
        lis.map((li) => [li.getAttribute('data-point'), li.getAttribute('data-best')]),
      ),
    ).toEqual(search.findings.map((f) => [f.point, f.best ?? '']));

    const option = rows
      .nth(index)
      .locator(`[data-testid="decision-option"][data-option="${finding.best}"]`);
    await option.locator('[data-testid="decision-open"]').click();
    await runSettled(page);
    await expect
      .poll(() => option.locator('[data-testid="decision-open"]').innerText())
      .toBe('Opened');
    expect(await page.locator('[data-testid="scenario-picker"] option:checked').innerText()).toBe(
      'Edited scenario',
    );
    // The run on screen is the one the search measured for that option.
    const result = finding.results.find((r) => r.option === finding.best);
    const expected = simulate({
      ...standalone.run.scenario,
      faults: finding.faults,
      decisions: [
        ruleFor({ situation: finding.point, host: finding.host, hop: finding.hop }, finding.best),
      ],
    }).report;
    expect(expected.outcome).toBe(result?.outcome);
    await page.keyboard.press('End');
    await expect
      .poll(() => page.locator('[data-testid="outcome"]').getAttribute('data-outcome'))
      .toBe(expected.outcome);
    expect(await page.locator('[data-testid="panel-error"]').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
