import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { formatDuration, invariantWords, MONITORS, type Report } from '../../src/sim';
import { openApp, runSettled, scenarioHash, screenshot, startHandsOn } from './app';
import { useBuiltApp } from './helpers';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = join(root, 'bin', 'rehearse.mjs');

/** `rehearse run FILE --json` with the built CLI: the report a user gets from a file. */
function rehearseRun(path: string): Report {
  const result = spawnSync(process.execPath, [cli, 'run', path, '--json'], { encoding: 'utf8' });
  if (result.status !== 0 && result.status !== 1) throw new Error(result.stderr);
  return JSON.parse(result.stdout) as Report;
}

function scenarioText(name: string): string {
  return readFileSync(join(root, 'scenarios', name), 'utf8');
}

/** One cell of the debrief's run summary: the trainee's run (left) or the document's (right). */
async function summary(page: Page, field: string, side: 0 | 1): Promise<string> {
  const cell = page.locator(`[data-testid="debrief"] tr[data-field="${field}"] td`).nth(side);
  return (await cell.innerText()).trim();
}

/** A workload's downtime in the debrief: the trainee's run (left) or the document's (right). */
async function downtime(page: Page, workload: string, side: 0 | 1): Promise<string> {
  const row = page.locator(`[data-testid="debrief"] tr[data-workload="${workload}"] td`);
  return (await row.nth(1 + side).innerText()).trim();
}

/** Checks one side of the debrief against a report: outcome, duration, downtime per workload. */
async function expectDebriefShows(page: Page, report: Report, side: 0 | 1): Promise<void> {
  expect(await summary(page, 'outcome', side)).toBe(report.outcome);
  expect(await summary(page, 'duration', side)).toBe(formatDuration(report.duration));
  expect(report.workloads.length).toBeGreaterThan(0);
  for (const workload of report.workloads) {
    expect(await downtime(page, workload.name, side)).toBe(formatDuration(workload.downtime));
  }
}

/** Exports the drill as a scenario file and saves it where `rehearse run` can read it. */
async function exportDrill(page: Page): Promise<{ path: string; text: string }> {
  const download = page.waitForEvent('download');
  await page.locator('[data-testid="drill-export"]').click();
  const text = readFileSync(await (await download).path(), 'utf8');
  const path = join(mkdtempSync(join(tmpdir(), 'rehearse-hands-on-')), 'drill.hands-on.yaml');
  writeFileSync(path, text);
  return { path, text };
}

interface Play {
  /** The scenario file under `scenarios/`. */
  readonly file: string;
  /** The documented procedure, as the trainee takes it (the offers' `data-item`). */
  readonly documented: readonly string[];
  /** How many of the documented steps to take before the wrong one. */
  readonly before: number;
  /** A step the document forbids at that point, and what its verdict must name. */
  readonly wrong: {
    readonly item: string;
    readonly invariant: string;
    readonly step: string;
  };
  /** Offers that name a host with its role, as the start of the drill shows them. */
  readonly labels: Readonly<Record<string, string>>;
}

const PLAYS: readonly Play[] = [
  {
    file: 'serverware-mirror-4.3-4.8.yaml',
    documented: [
      'precheck',
      'upgrade backup',
      'upgrade secondary',
      'failover',
      'upgrade secondary',
      'failover',
    ],
    before: 2,
    // The Primary upgraded in place: the document upgrades it once a failover made it Secondary.
    wrong: {
      item: 'upgrade primary',
      invariant: 'no-maintenance-on-active',
      step: 'step 3 (the Secondary, former Primary)',
    },
    labels: {
      'upgrade storage-1': 'storage-1 (Primary)',
      'upgrade storage-2': 'storage-2 (Secondary)',
      'upgrade backup': 'backup',
      'upgrade primary': 'the Primary',
      'upgrade secondary': 'the Secondary',
    },
  },
  {
    file: 'serverware-cluster-4.3-4.8.yaml',
    documented: [
      'precheck',
      'upgrade backup',
      'upgrade processing-1',
      'upgrade processing-2',
      'upgrade storage-2',
      'failover',
      'upgrade storage-1',
      'failover',
    ],
    before: 4,
    wrong: {
      item: 'upgrade storage-1',
      invariant: 'no-maintenance-on-active',
      step: 'step 4 (the Secondary, former Primary)',
    },
    labels: {
      'upgrade storage-1': 'storage-1 (Primary)',
      'upgrade processing-1': 'processing-1',
      'reboot processing-2': 'processing-2',
      'upgrade secondary': 'the Secondary',
    },
  },
  {
    file: 'standalone.yaml',
    documented: [
      'backup all',
      'announce',
      'precheck',
      'stop-services',
      'install server',
      'reboot server',
      'start-services',
      'check-services',
      'wait',
      'verify server',
    ],
    before: 0,
    // Never upgrade without a backup: the guide's step 1.
    wrong: { item: 'upgrade server', invariant: 'backup-before-change', step: 'step 1' },
    labels: { 'upgrade server': 'server', 'backup all': 'all' },
  },
];

const app = useBuiltApp();

describe.each(PLAYS)('hands-on drill of $file', (play) => {
  it('plays the documented procedure to a debrief rehearse run agrees with; a wrong step is judged and undone', async () => {
    const text = scenarioText(play.file);
    const { page, errors } = await openApp(app.browser, app.url, scenarioHash(text));
    await page.setViewportSize({ width: 1440, height: 1000 });
    const hand = await startHandsOn(page);

    // Hosts with the roles they hold now, and roles by the document's names.
    for (const [item, label] of Object.entries(play.labels)) {
      expect((await (await hand.offer(item)).innerText()).trim(), item).toBe(label);
    }

    // The documented steps up to the wrong one, each holding every invariant.
    for (const item of play.documented.slice(0, play.before)) await hand.take(item);

    // The wrong step: ✗ with the rule broken and the document's step that keeps it.
    await hand.take(play.wrong.item);
    const wrong = hand.steps.nth(play.before);
    expect(Number(await wrong.getAttribute('data-broken'))).toBeGreaterThan(0);
    expect(await wrong.innerText()).toContain('✗');
    const violation = wrong.locator('[data-testid="hands-on-violation"]').first();
    const said = await violation.innerText();
    const rule = MONITORS.find((monitor) => monitor.id === play.wrong.invariant);
    expect(rule).toBeDefined();
    expect(said).toContain(invariantWords(play.wrong.invariant));
    expect(said).toContain(`Rule: ${rule?.title ?? ''}`);
    expect(await violation.locator('[data-testid="hands-on-documented"]').innerText()).toContain(
      play.wrong.step,
    );
    // The rule broken in words, as a class reads it (its id stays in files).
    expect(await hand.status.innerText()).toContain(invariantWords(play.wrong.invariant));
    // The verdict is in view: the list of steps shows the step just taken, at its end, or from
    // its top (its ✗ and the first rule it broke) where the step is taller than the list.
    const list = hand.panel.getByRole('list', { name: 'Your steps' });
    await expect
      .poll(() =>
        list.evaluate((ol) => {
          const row = ol.lastElementChild?.getBoundingClientRect();
          const box = ol.getBoundingClientRect();
          if (!row) return 'no row';
          const fromTop = row.height > box.height && Math.abs(row.top - box.top) <= 1;
          return fromTop || ol.scrollHeight - ol.scrollTop - ol.clientHeight <= 1;
        }),
      )
      .toBe(true);
    await screenshot(page, `hands-on-${play.file.replace('.yaml', '')}-wrong`, false);

    // Undo it, and go on the document's way to the end.
    await hand.undo();
    for (const item of play.documented.slice(play.before)) await hand.take(item);
    const count = await hand.steps.count();
    expect(count).toBe(play.documented.length);
    for (let index = 0; index < count; index++) {
      expect(await hand.steps.nth(index).getAttribute('data-broken'), `step ${index + 1}`).toBe(
        '0',
      );
    }
    expect(await hand.panel.locator('[data-testid="hands-on-at-end"]').count()).toBe(0);

    // Finish: the debrief's figures are rehearse run's, on the exported drill and on the scenario.
    await hand.panel.locator('[data-testid="hands-on-finish"]').click();
    await page.locator('[data-testid="debrief"] [data-testid="compare"]').waitFor();
    await screenshot(page, `hands-on-${play.file.replace('.yaml', '')}-debrief`, false);
    const exported = await exportDrill(page);
    expect(exported.text).toContain('plan:');
    const trainee = rehearseRun(exported.path);
    expect(trainee.outcome).toBe('completed');
    expect(trainee.invariants.every((invariant) => invariant.holds)).toBe(true);
    await expectDebriefShows(page, trainee, 0);
    const documented = rehearseRun(join(root, 'scenarios', play.file));
    await expectDebriefShows(page, documented, 1);
    // Taken the document's way, the trainee's run is the documented procedure's.
    expect(trainee.workloads).toEqual(documented.workloads);
    expect(trainee.duration).toBe(documented.duration);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('reopens a shared hands-on link at the same steps and verdicts', async () => {
    const text = scenarioText(play.file);
    const { page, errors } = await openApp(app.browser, app.url, scenarioHash(text));
    const hand = await startHandsOn(page);
    const taken = [...play.documented.slice(0, play.before), play.wrong.item];
    for (const item of taken) await hand.take(item);
    // The panel with every step by name, as a link opens it (not at the hosts of the last one).
    const back = page.locator('[data-testid="hands-on-back"]');
    if ((await back.count()) > 0) await back.click();
    const before = await hand.panel.innerText();
    await page.getByRole('button', { name: 'Share drill' }).click();
    await expect.poll(() => page.url()).toContain('drill=hands-on');
    const link = new URL(page.url());
    await page.context().close();

    const reopened = await openApp(app.browser, app.url, link.hash);
    const again = await startHandsOn(reopened.page);
    await runSettled(reopened.page);
    await expect.poll(() => again.steps.count()).toBe(taken.length);
    await expect.poll(() => again.status.innerText()).not.toContain('Simulating');
    expect(await again.panel.innerText()).toBe(before);
    expect(await reopened.page.locator('[data-testid="hands-on-switch"]').isChecked()).toBe(true);
    // And goes on from there: the wrong step undone, the documented one in its place.
    await again.undo();
    await again.take(play.documented[play.before] ?? '');
    expect(await again.steps.nth(play.before).getAttribute('data-broken')).toBe('0');
    expect(errors).toEqual([]);
    expect(reopened.errors).toEqual([]);
    await reopened.page.context().close();
  });
});
