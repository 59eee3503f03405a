import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { fileStem } from '../../src/ui/export/download';
import { groupLabel } from '../../src/ui/panels/timelineScale';
import { cli, workspace } from '../cli/helpers';
import { builtinRuns, openApp, runSettled, screenshot, type BuiltinRun } from './app';
import { resultsDir, useBuiltApp } from './helpers';

const downloadsDir = join(resultsDir, 'downloads');

/** Clicks `testid`, saves the download it starts and returns its name and path. */
async function downloadFrom(page: Page, testid: string): Promise<{ name: string; path: string }> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator(`[data-testid="${testid}"]`).click(),
  ]);
  mkdirSync(downloadsDir, { recursive: true });
  const name = download.suggestedFilename();
  const path = join(downloadsDir, name);
  await download.saveAs(path);
  return { name, path };
}

/** Picks a built-in scenario and waits for its run to be on screen. */
async function pick(page: Page, builtin: BuiltinRun): Promise<void> {
  await page.locator('[data-testid="scenario-picker"]').selectOption(builtin.id);
  await expect
    .poll(() => page.locator('[data-testid="scenario-name"]').innerText())
    .toBe(builtin.run.report.scenario);
  await runSettled(page);
}

/** Opens a saved SVG on its own, as a file, in a page that has no access to the app. */
async function openSvg(browser: Browser, path: string) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  await page.goto(pathToFileURL(path).href);
  const root = await page.evaluate(() => {
    const element = document.documentElement;
    return {
      name: element.localName,
      namespace: element.namespaceURI,
      viewBox: element.getAttribute('viewBox'),
      width: element.getAttribute('width'),
      height: element.getAttribute('height'),
      title: document.querySelector(':root > title')?.textContent,
      parseError: document.querySelector('parsererror') !== null,
      // Drawn with a size: the file lays out without the app's style sheets.
      drawn: (element as unknown as SVGGraphicsElement).getBBox().width,
    };
  });
  return { page, root, close: () => context.close() };
}

describe('exports and imports of the debugger', () => {
  const app = useBuiltApp();
  let builtins: BuiltinRun[];

  beforeAll(() => {
    builtins = builtinRuns();
  });

  /** The HA pair scenario with preemption: two hosts, failovers, a service lane. */
  const haPair = () => {
    const found = builtins.find(
      ({ id, run }) =>
        !id.includes('/') &&
        run.scenario.system === 'ha-pair' &&
        run.scenario.policy.preemption === 'enabled',
    );
    if (!found) throw new Error('no HA pair scenario with preemption in scenarios/');
    return found;
  };

  it('downloads the statechart of a host as an SVG that opens on its own, styled as on screen', async () => {
    const ha = haPair();
    const host = ha.run.report.hosts[0]?.name ?? '';
    const { page, errors } = await openApp(app.browser, app.url);
    await pick(page, ha);
    await page.keyboard.press('Shift+ArrowRight');
    await page.locator('[data-testid="tab-statechart"]').click();
    await page.locator('[data-testid="statechart-host"]').selectOption(host);
    await page.locator('[data-testid="statechart"] svg [data-active="true"]').first().waitFor();
    const onScreen = await page.evaluate(() => {
      const svg = document.querySelector('[data-testid="statechart"] svg');
      const active = svg?.querySelector('[data-active="true"] > rect');
      return {
        states: Array.from(svg?.querySelectorAll('[data-state]') ?? []).map((g) =>
          g.getAttribute('data-state'),
        ),
        names: Array.from(svg?.querySelectorAll('[data-state] > text') ?? []).map(
          (t) => t.textContent ?? '',
        ),
        viewBox: svg?.getAttribute('viewBox'),
        activeStroke: active ? getComputedStyle(active).stroke : undefined,
      };
    });
    const activeState = await page.locator('[data-testid="active-state"]').innerText();
    // Zoomed in on screen: the file still holds the whole machine.
    await page.getByRole('button', { name: '+', exact: true }).click();
    expect(await page.locator('[data-viewport]').getAttribute('transform')).toContain(
      'scale(1.25)',
    );

    const { name, path } = await downloadFrom(page, 'statechart-svg');
    expect(name).toBe(`${fileStem(ha.run.report.scenario)}.${fileStem(host)}.statechart.svg`);
    const svg = await openSvg(app.browser, path);
    expect(svg.root).toMatchObject({
      name: 'svg',
      namespace: 'http://www.w3.org/2000/svg',
      viewBox: onScreen.viewBox,
      parseError: false,
    });
    expect(`0 0 ${svg.root.width} ${svg.root.height}`).toBe(onScreen.viewBox);
    expect(svg.root.drawn).toBeGreaterThan(100);
    expect(svg.root.title).toContain(ha.run.report.scenario);
    expect(svg.root.title).toContain(host);
    expect(svg.root.title).toContain(activeState);
    const inFile = await svg.page.evaluate(() => ({
      states: Array.from(document.querySelectorAll('[data-state]')).map((g) =>
        g.getAttribute('data-state'),
      ),
      names: Array.from(document.querySelectorAll('[data-state] > text')).map(
        (t) => t.textContent ?? '',
      ),
      activeStroke: getComputedStyle(
        document.querySelector('[data-active="true"] > rect') as Element,
      ).stroke,
      text: document.documentElement.outerHTML,
      transformed: document.querySelectorAll('[transform]').length,
    }));
    expect(inFile.transformed).toBe(0);
    expect(inFile.states).toEqual(onScreen.states);
    expect(inFile.names.map((n) => n.toLowerCase())).toEqual(
      onScreen.names.map((n) => n.toLowerCase()),
    );
    expect(onScreen.states.length).toBeGreaterThan(3);
    // The colour the app's style sheet gave the active state, with no style sheet in the file.
    expect(inFile.activeStroke).toBe(onScreen.activeStroke);
    expect(inFile.text).not.toContain('var(--');
    expect(inFile.text).not.toContain('class=');
    await svg.page.screenshot({ path: join(resultsDir, 'screenshots', 'statechart-svg.png') });
    await svg.close();
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('downloads the timeline as an SVG with every host and workload lane, in the colours on screen', async () => {
    const ha = haPair();
    const { page, errors } = await openApp(app.browser, app.url);
    await pick(page, ha);
    await page.locator('[data-testid="timeline"]').waitFor();
    const firstFill = await page.evaluate(
      () =>
        getComputedStyle(
          document.querySelector('[data-testid="timeline"] [data-testid="segment"]') as Element,
        ).fill,
    );

    const { name, path } = await downloadFrom(page, 'timeline-svg');
    expect(name).toBe(`${fileStem(ha.run.report.scenario)}.timeline.svg`);
    const svg = await openSvg(app.browser, path);
    expect(svg.root).toMatchObject({
      name: 'svg',
      namespace: 'http://www.w3.org/2000/svg',
      parseError: false,
    });
    expect(svg.root.viewBox).toBe(`0 0 ${svg.root.width} ${svg.root.height}`);
    expect(svg.root.drawn).toBeGreaterThan(500);
    expect(svg.root.title).toContain(ha.run.report.scenario);
    const lanes = await svg.page.evaluate(() => ({
      hosts: Array.from(document.querySelectorAll('[data-lane="host"]')).map((g) =>
        g.getAttribute('data-name'),
      ),
      workloads: Array.from(document.querySelectorAll('[data-lane="workloads"]')).map((g) =>
        g.getAttribute('data-name'),
      ),
      firstFill: getComputedStyle(document.querySelector('[data-lane="host"] rect') as Element)
        .fill,
      markers: document.querySelectorAll('[data-marker]').length,
      text: document.documentElement.outerHTML,
    }));
    expect(lanes.hosts).toEqual(ha.run.report.hosts.map((host) => host.name));
    expect(lanes.workloads).toEqual(
      ha.run.groups.map((group) => groupLabel(group.key, group.members.length)),
    );
    expect(lanes.firstFill).toBe(firstFill);
    expect(lanes.markers).toBe(await page.locator('[data-testid="marker"]').count());
    expect(lanes.text).not.toContain('var(--');
    await svg.page.screenshot({ path: join(resultsDir, 'screenshots', 'timeline-svg.png') });
    await svg.close();

    // Presenter mode hides the downloads with the other file actions.
    await page.locator('[data-testid="presenter"]').click();
    await expect.poll(() => page.locator('[data-testid="timeline-svg"]').isVisible()).toBe(false);
    await page.locator('[data-testid="tab-statechart"]').click();
    await page.locator('[data-testid="statechart-host"]').waitFor();
    expect(await page.locator('[data-testid="statechart-svg"]').isVisible()).toBe(false);
    await page.locator('[data-testid="presenter"]').click();
    expect(await page.locator('[data-testid="timeline-svg"]').isVisible()).toBe(true);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('imports what rehearse run --reporter json prints, picks among its runs, and refuses another format', async () => {
    const picked = [haPair(), builtins.find(({ run }) => run.scenario.system === 'standalone')];
    const ws = workspace();
    try {
      const files = picked.map((builtin, index) => {
        if (!builtin) throw new Error('no standalone scenario in scenarios/');
        return ws.write(`s${index}.yaml`, builtin.text);
      });
      const { stdout } = await cli(['run', ...files, '--reporter', 'json'], { cwd: ws.dir });
      const ci = ws.write('ci.json', stdout);
      const newer = ws.write('newer.json', stdout.replace('"format": 1', '"format": 2'));
      const [first, second] = picked.map((builtin) => builtin?.run.report);
      if (!first || !second) throw new Error('no runs');

      const { page, errors } = await openApp(app.browser, app.url);
      await page.locator('[data-testid="import-file"]').setInputFiles(ci);
      await expect
        .poll(() => page.locator('[data-testid="notice"]').last().innerText())
        .toContain('The file holds 2 runs; showing the first');
      expect(await page.locator('[data-testid="scenario-name"]').innerText()).toBe(first.scenario);
      expect(await page.locator('[data-testid="step"]').count()).toBe(first.steps.length);
      const choices = page.locator('[data-testid="import-pick"] option');
      expect(await choices.allInnerTexts()).toEqual([
        `${files[0]}: ${first.scenario}`,
        `${files[1]}: ${second.scenario}`,
      ]);

      await page.locator('[data-testid="import-pick"]').selectOption('1');
      await expect
        .poll(() => page.locator('[data-testid="scenario-name"]').innerText())
        .toBe(second.scenario);
      expect(await page.locator('[data-testid="step"]').count()).toBe(second.steps.length);
      await screenshot(page, 'imported-envelope');

      await page.locator('[data-testid="import-file"]').setInputFiles(newer);
      await expect
        .poll(() => page.locator('[data-testid="notice"][data-tone="error"]').last().innerText())
        .toContain('newer.json: a report envelope of format 2');
      // Nothing of the refused file is on screen: the run picked before stays.
      expect(await page.locator('[data-testid="scenario-name"]').innerText()).toBe(second.scenario);
      expect(await page.locator('[data-testid="import-pick"]').inputValue()).toBe('1');
      expect(errors).toEqual([]);
      await page.context().close();
    } finally {
      ws.cleanup();
    }
  });
});
