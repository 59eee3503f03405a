import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatDuration, parseScenario, simulate } from '../../src/sim';
import {
  builtinRuns,
  cursorOf,
  openApp,
  panelsText,
  runSettled,
  screenshot,
  type BuiltinRun,
  editorText,
  setEditorText,
  lintedLines,
  pickScenario,
} from './app';
import { useBuiltApp } from './helpers';

describe('the visual debugger', () => {
  const app = useBuiltApp();
  let builtins: BuiltinRun[];

  beforeAll(() => {
    builtins = builtinRuns();
  });

  it("the trainer's path: picks a SERVERware Cluster scenario, plays it at 1000× to the end, sees the engine's downtime", async () => {
    // The shortest built-in Cluster upgrade that has failovers (and so real downtime).
    const cluster = builtins
      .filter(
        ({ id, run }) =>
          !id.includes('/') &&
          run.scenario.system === 'serverware' &&
          run.scenario.topology === 'cluster',
      )
      .filter(({ run }) => run.report.failovers > 0)
      .sort((a, b) => a.run.report.duration - b.run.report.duration)[0];
    expect(cluster, 'a SERVERware Cluster scenario in scenarios/').toBeDefined();
    if (!cluster) return;
    const { report, groups } = cluster.run;

    const { page, errors } = await openApp(app.browser, app.url);
    await page.locator('[data-testid="scenario-picker"]').selectOption(cluster.id);
    await expect
      .poll(() => page.locator('[data-testid="scenario-name"]').innerText())
      .toBe(report.scenario);
    await screenshot(page, 'trainer-start');
    await page.locator('[data-testid="speed"]').selectOption('1000');
    await page.locator('[data-testid="play"]').click();
    await expect
      .poll(() => page.locator('[data-testid="play"]').getAttribute('aria-label'))
      .toBe('Pause');
    await screenshot(page, 'trainer-playing');
    // 1000× real time: the whole run takes duration / 1000 ms of wall time.
    await page
      .locator('[data-testid="play"][aria-label="Play"]')
      .waitFor({ timeout: report.duration / 1000 + 20_000 });
    expect(await cursorOf(page)).toBe(report.trace.length - 1);
    expect(await page.locator('[data-testid="clock"]').innerText()).toMatch(/\d/);

    // The same figures `simulate` gives.
    const ms = async (id: string) =>
      Number(await page.locator(`[data-testid="${id}"]`).getAttribute('data-ms'));
    expect(await ms('downtime-total')).toBe(report.downtime.total);
    expect(await ms('downtime-max')).toBe(report.downtime.max);
    expect(await ms('downtime-so-far')).toBe(report.downtime.total);
    expect(await page.locator('[data-testid="downtime-total"]').innerText()).toBe(
      formatDuration(report.downtime.total),
    );
    expect(Number(await page.locator('[data-testid="failovers"]').innerText())).toBe(
      report.failovers,
    );
    const rows = page.locator('[data-testid="group-downtime"]');
    expect(await rows.count()).toBe(groups.length);
    for (const [index, group] of groups.entries()) {
      const total = group.outages.reduce((sum, [start, end]) => sum + end - start, 0);
      const row = rows.nth(index);
      expect(Number(await row.getAttribute('data-total'))).toBe(total);
      expect(Number(await row.getAttribute('data-so-far'))).toBe(total);
      for (const name of group.members) {
        expect(report.workloads.find((w) => w.name === name)?.downtime).toBe(total);
      }
    }
    const statuses = await page
      .locator('[data-testid="step"]')
      .evaluateAll((items) => items.map((li) => li.getAttribute('data-status')));
    expect(statuses).toEqual(report.steps.map((step) => step.status));
    await expect
      .poll(() => page.locator('[data-testid="outcome"]').innerText())
      .toMatch(/^Completed/);
    await screenshot(page, 'trainer-end');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("the engineer's path: pauses an HA pair, injects an upgrade failure on the standby, sees the rollback touch only the standby", async () => {
    const ha = builtins.find(
      ({ id, run }) => !id.includes('/') && run.scenario.system === 'ha-pair',
    );
    expect(ha, 'an HA pair scenario in scenarios/').toBeDefined();
    if (!ha) return;
    const { page, errors } = await openApp(app.browser, app.url);
    await page.locator('[data-testid="scenario-picker"]').selectOption(ha.id);
    await expect
      .poll(() => page.locator('[data-testid="scenario-name"]').innerText())
      .toBe(ha.run.report.scenario);

    // Seek into the standby's install: click the timeline halfway through that step.
    const install = ha.run.report.steps.find((step) => step.action === 'install');
    const middle = ((install?.start ?? 0) + (install?.end ?? 0)) / 2;
    const box = await page.locator('[data-testid="axis-lane"]').boundingBox();
    if (!box) throw new Error('no timeline');
    await page.mouse.click(
      box.x + (box.width * middle) / ha.run.report.duration,
      box.y + box.height / 2,
    );
    const standby = await page
      .locator('[data-testid="host-card"][data-role="standby"]')
      .getAttribute('data-host');
    const active = await page
      .locator('[data-testid="host-card"][data-role="active"]')
      .getAttribute('data-host');
    expect(await page.locator(`[data-host="${standby}"]`).getAttribute('data-lifecycle')).toBe(
      'installing',
    );
    const instant = async () =>
      [
        await page.getByRole('region', { name: 'Topology', exact: true }).innerText(),
        await page.locator('[data-testid="narration"]').innerText(),
        await page.locator('[data-testid="clock"]').innerText(),
      ].join('\n---\n');
    const before = await instant();
    const cursor = await cursorOf(page);

    await page
      .locator('[data-testid="fault-form"] select[name="fault"]')
      .selectOption('upgrade-failure');
    await page.locator('[data-testid="fault-form"] select[name="target"]').selectOption('standby');
    await screenshot(page, 'engineer-before-fault');
    await page.locator('[data-testid="inject"]').click();
    await expect.poll(() => page.locator('[data-testid="live-fault"]').count()).toBe(1);
    // The view continues from the instant the fault strikes (the playhead's next whole second),
    // past the fault's own transitions there; it only arms itself for the install, so the
    // stage is the same but for the install's progress.
    expect(await cursorOf(page)).toBeGreaterThanOrEqual(cursor);
    const strikes = (await page.locator('[data-testid="live-fault"]').innerText()).match(
      / at (\d+:\d\d:\d\d)/,
    )?.[1];
    expect(await page.locator('[data-testid="clock"]').innerText()).toBe(strikes);
    const progress = (text: string) => text.replace(/\d+m\d*s? of|\d+:\d\d:\d\d/g, '…');
    expect(progress(await instant())).toBe(progress(before));

    await page.locator('[data-testid="seek-end"]').click();
    await expect
      .poll(() => page.locator('[data-testid="outcome"]').innerText())
      .toMatch(/^Rolled back/);
    const recovery = page.locator('[data-testid="step"][data-recovery="true"]');
    expect(await recovery.count()).toBeGreaterThan(0);
    const recoveryTitles = await recovery.getByTestId('step-title').allInnerTexts();
    for (const title of recoveryTitles) {
      expect(title).toContain(standby ?? '?');
      expect(title).not.toContain(active ?? '?');
    }
    // While the recovery runs, the active device keeps serving, untouched.
    for (let index = 0; index < recoveryTitles.length; index++) {
      await recovery.nth(index).locator('button').click();
      await page.keyboard.press('ArrowRight');
      const card = page.locator(`[data-host="${active}"]`);
      expect(await card.getAttribute('data-role')).toBe('active');
      expect(await card.getAttribute('data-lifecycle')).toBe('online');
    }
    const holds = await page
      .locator('[data-testid="invariant"]')
      .evaluateAll((items) => items.map((li) => li.getAttribute('data-holds')));
    expect(holds.length).toBeGreaterThan(0);
    expect(holds.every((value) => value === 'true')).toBe(true);
    await page.locator('[data-testid="seek-end"]').click();
    await screenshot(page, 'engineer-after-rollback');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('rewinds to exactly the earlier state: stepping, jumping and dragging the playhead', async () => {
    const { page, errors } = await openApp(app.browser, app.url);
    for (let step = 0; step < 25; step++) await page.keyboard.press('ArrowRight');
    expect(await cursorOf(page)).toBe(25);
    const at25 = await panelsText(page);
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('End');
    expect(await panelsText(page)).not.toBe(at25);
    await page.keyboard.press('Home');
    for (let step = 0; step < 25; step++) await page.keyboard.press('ArrowRight');
    expect(await panelsText(page)).toBe(at25);

    // Drag the playhead to 60 % and back to 30 %: the same instant gives the same view.
    const drag = async (from: number, to: number) => {
      const box = await page.locator('[data-testid="axis-lane"]').boundingBox();
      if (!box) throw new Error('no timeline');
      const y = box.y + box.height / 2;
      await page.mouse.move(box.x + box.width * from, y);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width * to, y, { steps: 5 });
      await page.mouse.up();
    };
    await drag(0.3, 0.3);
    const at30 = await panelsText(page);
    await drag(0.3, 0.6);
    expect(await panelsText(page)).not.toBe(at30);
    await drag(0.6, 0.3);
    expect(await panelsText(page)).toBe(at30);
    await screenshot(page, 'rewind');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('shows bad YAML at its line and keeps working with the last valid run', async () => {
    const { page, errors } = await openApp(app.browser, app.url);
    await page.locator('[data-testid="tab-scenario"]').click();
    const text = await editorText(page);
    const lines = text.split('\n');
    const systemLine = lines.findIndex((line) => line.startsWith('system:'));
    expect(systemLine).toBeGreaterThanOrEqual(0);
    lines[systemLine] = 'system: mainframe';
    const hosts = await page.locator('[data-testid="host-card"]').count();
    await setEditorText(page, lines.join('\n'));
    const error = page.locator('[data-testid="editor-error"]');
    await error.waitFor();
    expect(await error.getAttribute('data-line')).toBe(String(systemLine + 1));
    expect(await error.innerText()).toContain(`Line ${systemLine + 1}`);
    // The editor marks the same line: a lint marker in its gutter, the value underlined.
    await page.locator('.cm-lint-marker-error').waitFor();
    expect(await lintedLines(page)).toEqual([systemLine + 1]);
    expect(await page.locator('.cm-lintRange-error').innerText()).toBe('mainframe');
    expect(await page.locator('[data-testid="host-card"]').count()).toBe(hosts);
    await screenshot(page, 'editor-error');

    // Still plays, steps and seeks.
    await page.locator('[data-testid="play"]').click();
    await page.waitForTimeout(300);
    await page.locator('[data-testid="play"]').click();
    await page.locator('[data-testid="jump-next"]').click();
    expect(await cursorOf(page)).toBeGreaterThan(0);

    // Typed YAML syntax errors too, then a fix.
    await setEditorText(page, `${text}\nfaults: [`);
    await expect.poll(() => error.getAttribute('data-line')).not.toBe(String(systemLine + 1));
    await setEditorText(
      page,
      text.replace(/hosts: \{ processing: (\d+) \}/, 'hosts: { processing: 5 }'),
    );
    await error.waitFor({ state: 'detached' });
    await page.locator('.cm-lint-marker-error').waitFor({ state: 'detached' });
    expect(await page.locator('[data-testid="editor-status"]').innerText()).toMatch(/Valid/);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('shares a scenario as a link, reports a corrupted link or stored text, and keeps edits across reloads', async () => {
    const { page, errors } = await openApp(app.browser, app.url);
    await page.locator('[data-testid="tab-scenario"]').click();
    const edited = (await editorText(page)).replace(
      /^name: .*$/m,
      'name: Shared — ünïcode <b>name</b>',
    );
    await setEditorText(page, edited);
    await expect
      .poll(() => page.locator('[data-testid="scenario-name"]').innerText())
      .toBe('Shared — ünïcode <b>name</b>');
    expect(await page.locator('[data-testid="scenario-name"] b').count()).toBe(0);
    await page.getByRole('button', { name: 'Share link' }).click();
    await expect
      .poll(() => page.evaluate(() => window.location.hash))
      .toMatch(/^#s=[0-9a-f]+-\d+\.[A-Za-z0-9_-]+$/);
    const hash = await page.evaluate(() => window.location.hash);

    // Editing after sharing drops the stale link; a reload brings the latest edits back from storage.
    await setEditorText(page, `${edited}\n# one more edit\n`);
    await expect.poll(() => page.evaluate(() => window.location.hash)).toBe('');
    await page.reload({ waitUntil: 'load' });
    await page.locator('[data-testid="tab-scenario"]').click();
    expect(await editorText(page)).toBe(`${edited}\n# one more edit\n`);

    // The link opens the same scenario in a fresh browser.
    const shared = await openApp(app.browser, app.url, hash);
    await expect
      .poll(() => shared.page.locator('[data-testid="scenario-name"]').innerText())
      .toBe('Shared — ünïcode <b>name</b>');
    await shared.page.context().close();

    // A corrupted link is reported in a banner and ignored.
    const corrupted = await openApp(app.browser, app.url, '#s=%%%not-base64');
    const notice = corrupted.page.locator('[data-testid="notice"][data-tone="error"]');
    await notice.waitFor();
    expect(await notice.innerText()).toContain('could not be read');
    expect(await corrupted.page.locator('[data-testid="host-card"]').count()).toBeGreaterThan(0);
    await screenshot(corrupted.page, 'corrupted-link');
    expect(corrupted.errors).toEqual([]);
    await corrupted.page.context().close();

    // A corrupted stored value is reported and set aside.
    await page.evaluate(() => localStorage.setItem('rehearse.editor.v1', '{broken'));
    await page.goto(app.url, { waitUntil: 'load' });
    await page.locator('[data-testid="notice"][data-tone="error"]').waitFor();
    const setAside = await page.evaluate(() =>
      localStorage.getItem('rehearse.editor.v1.unreadable'),
    );
    expect(
      (JSON.parse(setAside ?? '[]') as { key: string; value: string }[]).map(({ key, value }) => ({
        key,
        value,
      })),
    ).toEqual([{ key: 'rehearse.editor.v1', value: '{broken' }]);
    await runSettled(page);
    expect(await page.locator('[data-testid="host-card"]').count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('exports the report and the impact report, and replays an imported report read-only', async () => {
    const { page, errors } = await openApp(app.browser, app.url);
    const [json] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-testid="export-json"]').click(),
    ]);
    const jsonPath = await json.path();
    const report = JSON.parse(readFileSync(jsonPath, 'utf8')) as {
      scenario: string;
      steps: unknown[];
      trace: unknown[];
    };
    const name = await page.locator('[data-testid="scenario-name"]').innerText();
    expect(report.scenario).toBe(name);
    const [markdown] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-testid="export-markdown"]').click(),
    ]);
    const md = readFileSync(await markdown.path(), 'utf8');
    expect(md).toContain('| # | Step |');
    expect(md.split('\n').filter((line) => /^\| \d+ \|/.test(line)).length).toBeGreaterThan(3);

    // Replay the exported report: same steps, read-only.
    await page.locator('[data-testid="import-file"]').setInputFiles(jsonPath);
    await expect
      .poll(() => page.locator('[data-testid="notice"]').last().innerText())
      .toContain('read-only');
    expect(await page.locator('[data-testid="step"]').count()).toBe(report.steps.length);
    expect(await page.locator('[data-testid="inject"]').count()).toBe(0);
    await page.locator('[data-testid="seek-end"]').click();
    expect(await cursorOf(page)).toBe(report.trace.length - 1);
    await screenshot(page, 'imported-report');

    // A file that is not a report is refused with a banner.
    await page.locator('[data-testid="import-file"]').setInputFiles({
      name: 'junk.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"hello": 1}'),
    });
    await expect
      .poll(() => page.locator('[data-testid="notice"][data-tone="error"]').last().innerText())
      .toContain('junk.json');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('draws every view readably: statechart, inspector, compare, presenter mode, help, a large cluster', async () => {
    const { page, errors } = await openApp(app.browser, app.url);
    const ha = builtins.find(
      ({ id, run }) =>
        !id.includes('/') &&
        run.scenario.system === 'ha-pair' &&
        run.scenario.policy.preemption === 'enabled',
    );
    if (ha) await page.locator('[data-testid="scenario-picker"]').selectOption(ha.id);
    await page.keyboard.press('Shift+ArrowRight');
    await page.locator('[data-testid="host-card"]').first().locator('button').click();
    await page.locator('[data-testid="tab-statechart"]').click();
    await page.locator('[data-testid="active-state"]').waitFor();
    await screenshot(page, 'statechart');
    await page.locator('[data-testid="tab-inspector"]').click();
    await screenshot(page, 'inspector');
    await page.locator('[data-testid="tab-compare"]').click();
    if (ha) await page.locator('[data-testid="compare-choice"]').selectOption('preemption-left-on');
    await page.locator('[data-testid="compare-open"]').click();
    await screenshot(page, 'compare');
    await page.keyboard.press('?');
    await page.locator('[data-testid="help"]').waitFor();
    await screenshot(page, 'help', false);
    await page.keyboard.press('Escape');
    await page.keyboard.press('p');
    await page.locator('.app.presenter').waitFor();
    await screenshot(page, 'presenter');
    await page.keyboard.press('p');

    const large = builtins
      .filter(({ run }) => run.scenario.workloads.length > 100)
      .sort((a, b) => b.run.scenario.workloads.length - a.run.scenario.workloads.length)[0];
    if (large) {
      await page.locator('[data-testid="scenario-picker"]').selectOption(large.id);
      await page.locator('[data-testid="workload-grid"]').first().waitFor();
      await page.keyboard.press('Shift+ArrowRight');
      await page.keyboard.press('ArrowRight');
      await screenshot(page, 'large-cluster');
      expect(
        await page.locator('[data-testid="workload-grid"] [data-testid="workload"]').count(),
      ).toBe(large.run.scenario.workloads.length);
    }
    expect(await page.locator('[data-testid="panel-error"]').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('loads every built-in scenario, plays it to the end and never shows a panel error', async () => {
    const { page, errors } = await openApp(app.browser, app.url);
    const ids = await page
      .locator('[data-testid="scenario-picker"] option')
      .evaluateAll((options) =>
        options
          .map((option) => (option as HTMLOptionElement).value)
          .filter((value) => value !== ''),
      );
    // Every parseable file is listed (files that do not parse are listed too, marked invalid).
    expect(ids).toEqual(expect.arrayContaining(builtins.map((builtin) => builtin.id)));
    for (const id of ids) {
      await pickScenario(page, id);
      await page.keyboard.press('End');
      expect(await page.locator('[data-testid="panel-error"]').count(), id).toBe(0);
      const expected = builtins.find((builtin) => builtin.id === id)?.run.report;
      if (expected) expect(await cursorOf(page), id).toBe(expected.trace.length - 1);
    }
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('simulates the same run the engine does for the scenario on screen', async () => {
    const { page, errors } = await openApp(app.browser, app.url);
    await page.locator('[data-testid="tab-scenario"]').click();
    const text = await editorText(page);
    const run = simulate(parseScenario(text, 'x.yaml'));
    // A focused tab keeps Home and End for itself (they move between tabs): leave it first.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('End');
    expect(await cursorOf(page)).toBe(run.report.trace.length - 1);
    expect(
      Number(await page.locator('[data-testid="downtime-total"]').getAttribute('data-ms')),
    ).toBe(run.report.downtime.total);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
