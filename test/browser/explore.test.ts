import { beforeAll, describe, expect, it } from 'vitest';
import { explore, invariantWords } from '../../src/sim';
import { builtinRuns, cursorOf, openApp, runSettled, screenshot, type BuiltinRun } from './app';
import { useBuiltApp, watchWorkers } from './helpers';

describe('exploring in the browser', () => {
  const app = useBuiltApp();
  let builtins: BuiltinRun[];

  beforeAll(() => {
    builtins = builtinRuns();
  });

  it('explores every single fault of the HA pair in a worker, then opens a counterexample as a run', async () => {
    const ha = builtins.find(
      ({ id, run }) => !id.includes('/') && run.scenario.system === 'ha-pair',
    );
    expect(ha, 'an HA pair scenario in scenarios/').toBeDefined();
    if (!ha) return;
    const expected = explore(ha.run.scenario);
    expect(expected.counterexamples.length).toBeGreaterThan(0);

    const { page, errors } = await openApp(app.browser, app.url);
    await page.locator('[data-testid="scenario-picker"]').selectOption(ha.id);
    // The pick is simulated in its own worker; the exploration's are counted from here.
    await runSettled(page);
    const workers = watchWorkers(page, 'exploreWorker');
    await page.locator('[data-testid="tab-explore"]').click();
    const panel = page.locator('[data-testid="explore"]');
    await panel.waitFor();
    expect(await page.locator('[data-testid="explore-mode-single"]').isChecked()).toBe(true);
    await page.locator('[data-testid="explore-start"]').click();
    await expect
      .poll(() => panel.getAttribute('data-status'), { timeout: 60_000 })
      .toBe('finished');
    const progress = page.locator('[data-testid="explore-progress"]');
    expect(await progress.getAttribute('aria-valuenow')).toBe('100');
    expect(workers.map(({ worker }) => worker.url())).toEqual([
      expect.stringMatching(/exploreWorker-[\w-]+\.js$/),
    ]);
    // Done: the worker is let go.
    await expect.poll(() => workers[0]?.closed, { timeout: 20_000 }).toBe(true);

    // What the worker found is what the engine finds in Node.
    expect(
      Number(await page.locator('[data-testid="explore-runs-done"]').getAttribute('data-value')),
    ).toBe(expected.runs);
    expect(
      Number(await page.locator('[data-testid="explore-states"]').getAttribute('data-value')),
    ).toBe(expected.distinctStates);
    const items = page.locator('[data-testid="counterexample"]');
    expect(
      await items.evaluateAll((lis) => lis.map((li) => li.getAttribute('data-invariant'))),
    ).toEqual(expected.counterexamples.map((found) => found.invariant));
    const found = expected.counterexamples[0];
    if (!found) return;
    expect(await items.first().innerText()).toContain(found.message);

    await items.first().locator('[data-testid="explore-open"]').click();
    const invariant = page.locator(`[data-testid="invariant"][data-id="${found.invariant}"]`);
    await expect.poll(() => invariant.getAttribute('data-holds')).toBe('false');
    expect(await invariant.innerText()).toContain(found.message);
    expect(await page.locator('[data-testid="scenario-name"]').innerText()).toContain(
      `counterexample for ${invariantWords(found.invariant)}`,
    );
    expect(await cursorOf(page)).toBe(found.seq);
    expect(await page.locator('[data-testid="scenario-picker"] option:checked').innerText()).toBe(
      'Edited scenario',
    );
    await screenshot(page, 'explore');

    // It plays and rewinds like any run.
    await page.keyboard.press('Home');
    expect(await cursorOf(page)).toBe(0);
    await page.keyboard.press('End');
    expect(await cursorOf(page)).toBeGreaterThan(found.seq);
    expect(await page.locator('[data-testid="panel-error"]').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('cancels a long exploration: the worker is terminated and the app keeps playing', async () => {
    const large = builtins
      .filter(({ id, run }) => !id.includes('/') && run.scenario.topology === 'cluster')
      .sort((a, b) => b.run.scenario.hosts.length - a.run.scenario.hosts.length)[0];
    if (!large) throw new Error('no SERVERware Cluster scenario in scenarios/');
    const { page, errors } = await openApp(app.browser, app.url);
    const workers = watchWorkers(page, 'exploreWorker');
    await page.locator('[data-testid="scenario-picker"]').selectOption(large.id);
    await page.locator('[data-testid="tab-explore"]').click();
    await page.locator('[data-testid="explore-mode-pairs"]').check();
    await page.locator('[data-testid="explore-start"]').click();
    const panel = page.locator('[data-testid="explore"]');
    const progress = page.locator('[data-testid="explore-progress"]');
    await expect
      .poll(async () => Number(await progress.getAttribute('data-done')), { timeout: 60_000 })
      .toBeGreaterThan(0);
    expect(await panel.getAttribute('data-status')).toBe('running');
    // The page stays responsive while the worker explores.
    await page.keyboard.press('ArrowRight');
    expect(await cursorOf(page)).toBe(1);
    await page.locator('[data-testid="explore-cancel"]').click();
    expect(await panel.getAttribute('data-status')).toBe('cancelled');
    await expect.poll(() => workers[0]?.closed, { timeout: 20_000 }).toBe(true);
    // Progress is shown in tenths of a percent: a cancel early on reads "Cancelled at 0.1 %".
    const percent = await progress.getAttribute('aria-valuenow');
    expect(percent).toMatch(/^\d+(\.\d)?$/);
    expect(Number(percent)).toBeLessThan(100);
    expect(await page.locator('[data-testid="explore-status"]').innerText()).toMatch(
      new RegExp(`^Cancelled at ${percent?.replace('.', '\\.') ?? ''} %: every pair of faults of `),
    );
    await page.keyboard.press('ArrowRight');
    expect(await cursorOf(page)).toBe(2);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('shows a worker that fails to load in the panel, and the app keeps working', async () => {
    const { page, errors } = await openApp(app.browser, app.url);
    await page.route(/exploreWorker-[\w-]+\.js$/, (route) =>
      route.fulfill({
        contentType: 'text/javascript',
        body: 'throw new Error("this worker is broken on purpose");',
      }),
    );
    await page.locator('[data-testid="tab-explore"]').click();
    await page.locator('[data-testid="explore-start"]').click();
    const panel = page.locator('[data-testid="explore"]');
    await expect.poll(() => panel.getAttribute('data-status'), { timeout: 30_000 }).toBe('failed');
    expect(await page.locator('[data-testid="explore-error"]').innerText()).toContain(
      'The exploration failed',
    );
    await page.keyboard.press('ArrowRight');
    expect(await cursorOf(page)).toBe(1);
    expect(await page.locator('[data-testid="panel-error"]').count()).toBe(0);
    // The worker's own uncaught error may be logged by the browser; nothing else may be.
    expect(errors.filter((error) => !error.includes('broken on purpose'))).toEqual([]);
    await page.context().close();
  });
});
