import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { parseScenario, simulate } from '../../src/sim';
import {
  cursorOf,
  DRILL,
  editorContent,
  openApp,
  runSettled,
  scenarioHash,
  setEditorText,
  startHandsOn,
  pickScenario,
} from './app';
import { axeViolations, describeViolations } from './axe';
import { useBuiltApp } from './helpers';

// Every view of the debugger, checked with axe-core: no serious or critical violation (WCAG
// 2.x A and AA, contrast included, and axe's best practices). Views are switched inside as few
// page loads as possible to keep the suite quick.

/** A scenario of one's own whose `expect:` the run misses on every count. */
const WRONG = [
  'name: Mine, expecting the wrong things',
  'system: ha-pair',
  'version: { from: 9.0.1, to: 9.1.0 }',
  'services: [vpn, web-portal]',
  'expect:',
  '  outcome: aborted',
  '  failovers: 7',
  '  path: [9.0.5]',
  '  downtime: { vpn: 1h, web-portal: 2h }',
  '  violations: [no-maintenance-on-active]',
  '',
].join('\n');

/** A built-in cluster with more workloads than cards can show. */
const LARGE = 'serverware-cluster-large.yaml';

/** A built-in whose durations vary, for the Distribution tab's samples. */
const VARYING = 'golden/serverware-cluster-varying-durations.yaml';

/** A built-in whose run breaks an invariant, for an announcement on screen. */
const MUST_FAIL = 'must-fail/ha-pair-preemption-left-on.yaml';

/** Runs axe on the page as it is and records, softly, what it finds under the view's name. */
async function check(page: Page, view: string): Promise<void> {
  // What a viewer reads: an announcement that has faded in, not one caught in its first frames.
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((animation) => animation.effect?.getComputedTiming().endTime !== Infinity)
        .map((animation) => animation.finished.catch(() => null)),
    ),
  );
  const violations = await axeViolations(page);
  expect
    .soft(
      violations.map((violation) => violation.id),
      describeViolations(view, violations),
    )
    .toEqual([]);
}

/** Sets the viewport and waits for the layout (and its resize observers) to follow. */
async function resize(page: Page, width: number, height: number): Promise<void> {
  await page.setViewportSize({ width, height });
  await page.waitForTimeout(150);
}

/** Takes the keyboard focus off any control, so the player's shortcuts reach the page. */
async function blur(page: Page): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}

describe('accessibility: axe-core on every view', () => {
  const app = useBuiltApp();

  // Some thirty views in one page load: a longer hang guard than one test's usual.
  it('the start page, presenter mode and help at 1280×720 and 1920×1080; every tab, the distribution sampled; the editor, drafts, the replace dialog, the fault form, spoiler-free mode, an announcement and an imported report', async () => {
    const { page, errors } = await openApp(app.browser, app.url);
    for (const [width, height] of [
      [1280, 720],
      [1920, 1080],
    ] as const) {
      await resize(page, width, height);
      await check(page, `start page ${width}×${height}`);
      await blur(page);
      await page.keyboard.press('?');
      await page.locator('[data-testid="help"]').waitFor();
      await check(page, `help overlay ${width}×${height}`);
      await page.keyboard.press('Escape');
      await page.locator('[data-testid="help"]').waitFor({ state: 'detached' });
      await page.locator('[data-testid="presenter"]').click();
      await page.locator('.app.presenter').waitFor();
      await check(page, `presenter ${width}×${height}`);
      await page.locator('[data-testid="presenter"]').click();
      await page.locator('.app.presenter').waitFor({ state: 'detached' });
    }
    await resize(page, 1280, 720);

    // The tabs at the start of the run (every inspector row ahead of the cursor)…
    for (const tab of [
      'scenario',
      'inspector',
      'downtime',
      'compare',
      'explore',
      'distribution',
      'statechart',
    ]) {
      await page.locator(`[data-testid="tab-${tab}"]`).click();
      if (tab === 'statechart') await page.locator('[data-testid="active-state"]').waitFor();
      if (tab === 'scenario') await editorContent(page);
      if (tab === 'explore') await page.locator('[data-testid="explore"]').waitFor();
      if (tab === 'distribution') await page.locator('[data-testid="distribution"]').waitFor();
      await check(page, `${tab} tab`);
    }
    // …and part-way, a host selected: its statechart, and the inspector's entry with its changes.
    await blur(page);
    await page.keyboard.press('Shift+ArrowRight');
    await page.locator('[data-testid="host-card"]').first().locator('button').first().click();
    await page.locator('[data-testid="active-state"]').waitFor();
    await check(page, 'statechart tab, a host selected');
    await page.locator('[data-testid="tab-inspector"]').click();
    await page.locator('[data-testid="inspector-changes"]').waitFor();
    await check(page, 'inspector tab, an entry part-way');
    // Compare with a comparison open.
    await page.locator('[data-testid="tab-compare"]').click();
    await page.locator('[data-testid="compare-open"]').click();
    await page.locator('[data-testid="compare"]').waitFor({ timeout: 30_000 });
    await check(page, 'compare tab, comparing');
    // Explore, finished.
    await page.locator('[data-testid="tab-explore"]').click();
    await page.locator('[data-testid="explore-start"]').click();
    await expect
      .poll(() => page.locator('[data-testid="explore"]').getAttribute('data-status'), {
        timeout: 60_000,
      })
      .toBe('finished');
    await check(page, 'explore tab, finished');
    // The decision search, finished: its table of options per decision point.
    await page.locator('[data-testid="explore-mode-decisions"]').check();
    await page.locator('[data-testid="explore-start"]').click();
    await expect
      .poll(() => page.locator('[data-testid="explore"]').getAttribute('data-status'), {
        timeout: 90_000,
      })
      .toBe('finished');
    await page.locator('[data-testid="decision-finding"]').first().waitFor();
    await check(page, 'explore tab, decision search finished');

    // The distribution of a scenario whose durations vary, sampled, its histogram as a table
    // open and one of its runs on the stage; then in presenter mode.
    await pickScenario(page, VARYING);
    await page.locator('[data-testid="tab-distribution"]').click();
    await page.locator('[data-testid="distribution-samples"]').fill('40');
    await page.locator('[data-testid="distribution-start"]').click();
    await expect
      .poll(() => page.locator('[data-testid="distribution"]').getAttribute('data-status'), {
        timeout: 60_000,
      })
      .toBe('finished');
    await page.locator('[data-testid="distribution-histogram"] summary').click();
    await check(page, 'distribution tab, sampled');
    await page.locator('[data-testid="distribution-play-worst"]').click();
    await runSettled(page);
    await page.locator('[data-testid="play"]').click();
    await check(page, 'distribution tab, the worst run on the stage');
    await page.locator('[data-testid="presenter"]').click();
    await page.locator('.app.presenter').waitFor();
    await check(page, 'distribution tab, presenter mode');
    await page.locator('[data-testid="presenter"]').click();
    await page.locator('.app.presenter').waitFor({ state: 'detached' });

    // The editor with a YAML error, then the drafts bar with a draft saved.
    await page.locator('[data-testid="tab-scenario"]').click();
    await setEditorText(page, 'name: Broken\nsystem: [unclosed\n');
    await page.locator('[data-testid="editor-error"]').waitFor();
    await page.locator('.cm-lint-marker-error').first().waitFor();
    await check(page, 'editor with a YAML error');
    await page.locator('[data-testid="draft-save"]').click();
    await page.locator('[data-testid="drafts"] summary').click();
    await page.locator('[data-testid="draft"]').first().waitFor();
    await check(page, 'drafts bar, open');

    // Text typed and kept in no draft, whose expectations the run misses: the Findings panel,
    // longer than its box; then a built-in picked: the replace-confirmation dialog.
    await setEditorText(page, WRONG);
    await runSettled(page);
    await page.locator('[data-testid="expect-miss"]').first().waitFor();
    await check(page, 'findings, expectations missed');
    await page.waitForTimeout(800);
    await page.locator('[data-testid="scenario-picker"]').selectOption(MUST_FAIL);
    await page.locator('[data-testid="replace-dialog"]').waitFor();
    await check(page, 'replace-confirmation dialog');
    await page.locator('[data-testid="replace-confirm"]').click();
    await runSettled(page);

    // The fault form with a parameter, one of them refused.
    const form = page.locator('[data-testid="fault-form"]');
    await form.locator('select[name="fault"]').selectOption('failover-timeout');
    const duration = form.locator('input[name="duration"]');
    await duration.fill('soon');
    await form.locator('[data-testid="inject"]').click();
    await form.locator('[data-testid="fault-param-error"]').waitFor();
    await check(page, 'fault form with a refused parameter');

    // Spoiler-free mode, the playhead part-way; and in presenter mode on a 720p projector,
    // where its panels are short enough to scroll.
    await page.locator('[data-testid="spoiler-switch"]').check();
    await check(page, 'spoiler-free mode');
    const wide = page.viewportSize();
    await resize(page, 1280, 720);
    await page.locator('[data-testid="presenter"]').click();
    await page.locator('.app.presenter').waitFor();
    await check(page, 'spoiler-free mode, presenter mode at 1280×720');
    await page.locator('[data-testid="presenter"]').click();
    await page.locator('.app.presenter').waitFor({ state: 'detached' });
    if (wide) await resize(page, wide.width, wide.height);
    await page.locator('[data-testid="spoiler-switch"]').uncheck();

    // An announcement on screen: step onto the first violation.
    const violation = simulate(
      parseScenario(readFileSync(`scenarios/${MUST_FAIL}`, 'utf8'), MUST_FAIL),
    ).report.invariants.flatMap((invariant) => invariant.violations)[0];
    if (!violation) throw new Error(`${MUST_FAIL} breaks no invariant`);
    await blur(page);
    await page.keyboard.press('Home');
    while ((await cursorOf(page)) < violation.seq) await page.keyboard.press('ArrowRight');
    await page.locator('[data-testid="announcement"]').first().waitFor();
    await check(page, 'an announcement on screen');

    // An imported report, replayed read-only.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-testid="export-json"]').click(),
    ]);
    await page.locator('[data-testid="import-file"]').setInputFiles(await download.path());
    await expect
      .poll(() => page.locator('[data-testid="notice"]').last().innerText())
      .toContain('read-only');
    await check(page, 'an imported report (read-only)');

    // A cluster too large for a card per workload: the workload grids, part-way.
    await pickScenario(page, LARGE);
    await page.locator('[data-testid="workload-grid"]').first().waitFor();
    await blur(page);
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('Shift+ArrowRight');
    await check(page, 'a large cluster');

    expect(errors).toEqual([]);
    await page.context().close();
  }, 300_000);

  it('drill mode with its decision card and debrief, and hands-on mode', async () => {
    const { page, errors } = await openApp(app.browser, app.url, scenarioHash(DRILL));
    await resize(page, 1280, 720);
    await page.locator('[data-testid="speed"]').selectOption('1000');
    await page.locator('[data-testid="drill-switch"]').check();
    await check(page, 'drill mode');
    await page.locator('[data-testid="play"]').click();
    const card = page.getByRole('dialog', { name: /Decision/ });
    await card.waitFor({ timeout: 30_000 });
    await check(page, 'drill decision card');
    await card.locator('[data-option]').first().click();
    await page.locator('[data-testid="drill-debrief"]').click();
    await page
      .locator('[data-testid="debrief"] [data-testid="compare"]')
      .waitFor({ timeout: 30_000 });
    await check(page, 'drill debrief');

    const handsOn = await startHandsOn(page);
    await check(page, 'hands-on mode');
    // The active device upgraded first: a step marked wrong, with its violations.
    await handsOn.take('upgrade device-a');
    await handsOn.panel.locator('[data-testid="hands-on-violation"]').first().waitFor();
    await check(page, 'hands-on mode, a wrong step taken');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('the keyboard: skip links reach the fault form’s Inject button in a few Tabs, and every Tab stop shows its focus', async () => {
    const { page, errors } = await openApp(app.browser, app.url);
    await resize(page, 1280, 720);
    // The editor as it is once scrolled to (CodeMirror), then the page from its top again.
    await editorContent(page);
    await page.evaluate(() => window.scrollTo(0, 0));

    // From the top of the page: Tab to the skip link, Enter, Tab through the form to Inject.
    const focused = () =>
      page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? '');
    let presses = 0;
    while (presses < 12 && (await focused()) !== 'inject') {
      await page.keyboard.press((await focused()) === 'skip-faults' ? 'Enter' : 'Tab');
      await page.waitForTimeout(50);
      presses += 1;
    }
    expect(await focused()).toBe('inject');
    // Two Tabs to the skip link, Enter, then one Tab per field of the form before Inject.
    const fields = await page
      .locator('[data-testid="fault-form"]')
      .locator('select:enabled, input:enabled')
      .count();
    expect(presses).toBeLessThanOrEqual(3 + fields);

    // Every Tab stop of the page, from here round to here again: each one draws an outline
    // or a ring when focused that it does not draw unfocused (on itself or, for the editor's
    // content, on the editor around it).
    const stops: string[] = [];
    const unmarked: string[] = [];
    let previous: { key: string; outline: string; shadow: string } | undefined;
    for (let press = 0; press < 400; press++) {
      await page.keyboard.press('Tab');
      const stop = await page.evaluate(async () => {
        // Two frames: the editor marks itself focused in its next update.
        await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
        // The box that shows the focus: the element, or the editor that wraps its content.
        const shownBy = (element: Element) => element.closest('.cm-editor') ?? element;
        const ring = (element: Element | undefined) => {
          if (!element) return { outline: '', shadow: '' };
          const style = getComputedStyle(shownBy(element));
          const outline =
            style.outlineStyle !== 'none' &&
            parseFloat(style.outlineWidth) >= 1 &&
            !/rgba\([^)]*,\s*0\)|transparent/.test(style.outlineColor)
              ? `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`
              : '';
          return { outline, shadow: style.boxShadow === 'none' ? '' : style.boxShadow };
        };
        const memory = window as unknown as { lastStop?: Element };
        // The stop before, now that the focus has left it.
        const before = ring(memory.lastStop);
        const element = document.activeElement;
        if (!element || element === document.body) return { before, now: undefined };
        memory.lastStop = element;
        const name =
          element.getAttribute('data-testid') ??
          element.getAttribute('aria-label') ??
          (element.textContent ?? '').trim().slice(0, 40);
        return {
          before,
          now: { key: `${element.tagName.toLowerCase()} "${name}"`, ...ring(element) },
        };
      });
      // The stop before drew something focused that it does not draw unfocused.
      if (previous) {
        const shows =
          (previous.outline !== '' && previous.outline !== stop.before.outline) ||
          (previous.shadow !== '' && previous.shadow !== stop.before.shadow);
        if (!shows) unmarked.push(`${previous.key}: ${JSON.stringify(previous)}`);
      }
      previous = stop.now;
      if (!stop.now) continue;
      // Round the whole page: back at the first stop seen.
      if (stops[0] === stop.now.key) break;
      stops.push(stop.now.key);
    }
    expect(stops.length, stops.join('\n')).toBeGreaterThan(20);
    expect(unmarked, `Tab stops with no visible focus:\n${unmarked.join('\n')}`).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
