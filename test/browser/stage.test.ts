import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { parseScenario, simulate, type Run } from '../../src/sim';
import { moveDuration } from '../../src/ui/state/stage';
import { lowContrast, openApp, runSettled, scenarioHash, screenshot, pickScenario } from './app';
import { useBuiltApp } from './helpers';

const HA = 'ha-pair-preemption-enabled.yaml';
const CRASH = readFileSync(join('test', 'ui', 'fixtures', 'cluster-crash.yaml'), 'utf8');
const THIRTY = readFileSync(join('test', 'ui', 'fixtures', 'cluster-30-vps.yaml'), 'utf8');

/** The 20-host Cluster's run, and when processing-15's first install is half done. */
const LARGE: Run = simulate(
  parseScenario(
    readFileSync(join('scenarios', 'serverware-cluster-large.yaml'), 'utf8'),
    'serverware-cluster-large.yaml',
  ),
);
const LARGE_DURATION = LARGE.report.duration;
const PROCESSING_15_INSTALL = (() => {
  const step = LARGE.report.steps.find(
    (item) => item.action === 'install' && item.host === 'processing-15',
  );
  return ((step?.start ?? 0) + (step?.end ?? 0)) / 2;
})();

/** A Cluster of six processing hosts and thirty VPSs, written as a user would. */
const SIX = [
  'name: Six processing hosts, thirty VPSs',
  'system: serverware',
  'topology: cluster',
  'version: { from: 4.5.0 }',
  'hosts: { processing: 6 }',
  'vps: 30',
  '',
].join('\n');

const SIZES = [
  { width: 1280, height: 720, presenter: true },
  { width: 1920, height: 1080, presenter: false },
] as const;

/** Clicks the timeline at virtual time `at` of a run `duration` long. */
async function seekTimeline(page: Page, at: number, duration: number): Promise<void> {
  const box = await page.locator('[data-testid="axis-lane"]').boundingBox();
  if (!box) throw new Error('no timeline');
  await page.mouse.click(box.x + (box.width * at) / duration, box.y + box.height / 2);
}

/** Sets the playback speed from the transport's menu. */
async function setSpeed(page: Page, speed: number): Promise<void> {
  await page.locator('[data-testid="speed"]').selectOption(String(speed));
}

/** Whether the middle of `what` is inside the box of the card of `host`, as drawn now. */
async function over(page: Page, what: string, host: string): Promise<boolean> {
  return page.evaluate(
    ({ what, host }) => {
      const element = document.querySelector(what)?.getBoundingClientRect();
      const card = document
        .querySelector(`[data-testid="host-card"][data-host="${host}"]`)
        ?.getBoundingClientRect();
      if (!element || !card) return false;
      const x = element.left + element.width / 2;
      return x >= card.left && x <= card.right;
    },
    { what, host },
  );
}

/** Whether the middle of every workload named is inside the card of `host`, as drawn now. */
async function workloadsOn(page: Page, names: readonly string[], host: string): Promise<boolean> {
  return page.evaluate(
    ({ names, host }) => {
      const card = document
        .querySelector(`[data-testid="host-card"][data-host="${host}"]`)
        ?.getBoundingClientRect();
      if (!card) return false;
      return names.every((name) => {
        const chip = document
          .querySelector(`[data-testid="workload"][data-name="${name}"]`)
          ?.getBoundingClientRect();
        if (!chip) return false;
        const x = chip.left + chip.width / 2;
        const y = chip.top + chip.height / 2;
        return x >= card.left && x <= card.right && y >= card.top && y <= card.bottom;
      });
    },
    { names, host },
  );
}

/** The stage's animations under way (a move, the traffic arrow). */
function running(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      document
        .querySelector('[data-testid="stage"]')
        ?.getAnimations({ subtree: true })
        .filter((animation) => animation.playState === 'running').length ?? -1,
  );
}

/**
 * Records, from the page, the duration of the transitions that start on the first element
 * matching `selector` once `ready` (a selector) matches: the move as it begins.
 */
async function watchMove(page: Page, ready: string, selector: string): Promise<void> {
  await page.evaluate(
    ({ ready, selector }) => {
      const record = window as unknown as { moveDurations?: number[] };
      const observer = new MutationObserver(() => {
        if (!document.querySelector(ready)) return;
        observer.disconnect();
        const element = document.querySelector<HTMLElement>(selector);
        if (!element) return;
        void getComputedStyle(element).transform; // starts the transition, if there is one
        record.moveDurations = element
          .getAnimations()
          .map((animation) => Number(animation.effect?.getTiming().duration ?? 0));
      });
      observer.observe(document.body, { subtree: true, attributes: true, childList: true });
    },
    { ready, selector },
  );
}

function recordedMove(page: Page): Promise<number[] | undefined> {
  return page.evaluate(() => (window as unknown as { moveDurations?: number[] }).moveDurations);
}

async function openAt(
  size: { readonly width: number; readonly height: number; readonly presenter: boolean },
  page: Page,
): Promise<void> {
  await page.setViewportSize({ width: size.width, height: size.height });
  if (size.presenter) {
    await page.locator('[data-testid="presenter"]').click();
    await page.locator('.app.presenter').waitFor();
  }
}

/** The large Cluster's run, as the engine gives it. */
function largeRun(): Run {
  const large = readFileSync(join('scenarios', 'serverware-cluster-large.yaml'), 'utf8');
  return simulate(parseScenario(large, 'serverware-cluster-large.yaml'));
}

/** The middle of `host`'s first install in `report`. */
function installMiddle(report: Run['report'], host: string): number {
  const install = report.steps.find((step) => step.action === 'install' && step.host === host);
  if (install?.start === undefined || install.end === undefined)
    throw new Error(`an install on ${host}`);
  return (install.start + install.end) / 2;
}

/** Whether the name on `host`'s card is whole in the stage's box (a card may be taller). */
function hostNameInBox(page: Page, host: string): Promise<boolean | 'missing'> {
  return page.evaluate((host) => {
    const box = document.querySelector('[data-testid="stage"]')?.parentElement;
    const name = document.querySelector(
      `[data-testid="host-card"][data-host="${host}"] [data-testid="host-name"]`,
    );
    if (!box || !name) return 'missing';
    const frame = box.getBoundingClientRect();
    const rect = name.getBoundingClientRect();
    return rect.top >= frame.top - 1 && rect.bottom <= frame.bottom + 1;
  }, host);
}

/** One browser and one server for the whole file: each test opens a context of its own. */
const app = useBuiltApp();

describe('the topology as a stage', () => {
  const haRun: Run = simulate(parseScenario(readFileSync(join('scenarios', HA), 'utf8'), HA));
  const crashRun: Run = simulate(parseScenario(CRASH, 'cluster-crash.yaml'));

  it('a cluster too large for its box says there is more below; one that fits says nothing', async () => {
    const { page, errors } = await openApp(app.browser, app.url, scenarioHash(THIRTY));
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.locator('[data-testid="presenter"]').click();
    await page.locator('.app.presenter').waitFor();
    const overflows = () =>
      page.evaluate(
        () =>
          document
            .querySelector('[data-testid="stage"]')
            ?.parentElement?.hasAttribute('data-overflows') ?? 'no stage',
      );
    await expect.poll(overflows).toBe(false);
    await pickScenario(page, 'serverware-cluster-large.yaml');
    await expect.poll(overflows, { timeout: 60_000 }).toBe(true);
    await screenshot(page, 'stage-overflows-1280x720-presenter', false);
    // The box follows the procedure: the card of the host the current step works on is scrolled
    // into it (before: the storage tier stayed in view and processing-12 was below the fold).
    const { report } = largeRun();
    for (const host of ['processing-12', 'processing-19', 'processing-3']) {
      await seekTimeline(page, installMiddle(report, host), report.duration);
      await expect
        .poll(() => hostNameInBox(page, host), {
          message: `the name of ${host}, whose install is the current step, in the box`,
        })
        .toBe(true);
    }
    // The page itself never scrolled: only the box did.
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    await screenshot(page, 'stage-follows-1280x720-presenter', false);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('out of presenter mode at 1280×720, follows the current step’s host until its reader scrolls the box', async () => {
    // Before: only presenter mode followed; at 1280×720 a Cluster's box scrolls (its workloads
    // keep readable names), and the host at work stayed below its fold.
    const { page, errors } = await openApp(app.browser, app.url);
    await page.setViewportSize({ width: 1280, height: 720 });
    await pickScenario(page, 'serverware-cluster-large.yaml');
    const { report } = largeRun();
    const installOn = (host: string) => installMiddle(report, host);
    const nameInBox = (host: string) => hostNameInBox(page, host);
    const scrollTop = () =>
      page.evaluate(
        () => document.querySelector('[data-testid="stage"]')?.parentElement?.scrollTop ?? -1,
      );
    expect(
      await page.evaluate(() => {
        const box = document.querySelector('[data-testid="stage"]')?.parentElement;
        return box ? box.scrollHeight > box.clientHeight + 1 : 'no stage';
      }),
    ).toBe(true);
    for (const host of ['processing-12', 'processing-3']) {
      await seekTimeline(page, installOn(host), report.duration);
      await expect
        .poll(() => nameInBox(host), {
          message: `the name of ${host}, whose install is the current step, in the box`,
        })
        .toBe(true);
    }
    // The reader scrolls the box: it stays where they put it as the procedure moves on.
    const box = await page.locator('[data-testid="stage"] >> xpath=..').boundingBox();
    if (!box) throw new Error('no stage box');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, 400);
    await expect.poll(scrollTop).toBeGreaterThan(0);
    await page.waitForTimeout(300);
    const kept = await scrollTop();
    // A host out of the box where the reader left it.
    const hosts = report.steps.flatMap((step) =>
      step.action === 'install' && step.host?.startsWith('processing-') ? [step.host] : [],
    );
    let away: string | undefined;
    for (const host of hosts) if ((await nameInBox(host)) === false) away ??= host;
    if (away === undefined) throw new Error('every processing host in view');
    await seekTimeline(page, installOn(away), report.duration);
    await page.waitForTimeout(500);
    // Cards above the view may change their height as the run moves on: a few pixels, not a
    // jump to the host's card.
    expect(Math.abs((await scrollTop()) - kept)).toBeLessThan(60);
    expect(await nameInBox(away)).toBe(false);
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('out of presenter mode, leaves a stage of more than 60 processing hosts where it is: its cards are laid out as they come into view', async () => {
    // Following it laid out a screenful of cards at each seek: 60 to 80 ms of a rewind on 400
    // hosts (`npx tsx bench/browser.ts --only rewind`).
    const many = [
      'name: A Cluster of 80 processing hosts',
      'system: serverware',
      'topology: cluster',
      'version: { from: 3.2.4 }',
      'hosts: { processing: 80 }',
      'vps: 160',
      '',
    ].join('\n');
    const { page, errors } = await openApp(app.browser, app.url, scenarioHash(many));
    await page.setViewportSize({ width: 1280, height: 720 });
    await runSettled(page);
    const { report } = simulate(parseScenario(many, 'many.yaml'));
    const scrollTop = () =>
      page.evaluate(
        () => document.querySelector('[data-testid="stage"]')?.parentElement?.scrollTop ?? -1,
      );
    expect(await scrollTop()).toBe(0);
    await seekTimeline(page, installMiddle(report, 'processing-70'), report.duration);
    await page.waitForTimeout(500);
    expect(await hostNameInBox(page, 'processing-70')).toBe(false);
    expect(await scrollTop()).toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('presenter mode puts a Cluster too large for its box with its first processing hosts beside the storage pair, on the first screen', async () => {
    const { page, errors } = await openApp(app.browser, app.url);
    await page.locator('[data-testid="presenter"]').click();
    await page.locator('.app.presenter').waitFor();
    await pickScenario(page, 'serverware-cluster-large.yaml');
    for (const [width, height] of [
      [1280, 720],
      [1920, 1080],
      [3840, 2160],
    ] as const) {
      const where = `${width}×${height} presenter`;
      await page.setViewportSize({ width, height });
      await page.locator('[data-testid="app-root"] h1').click();
      await page.keyboard.press('Home');
      // The cards drawn whole inside the stage's box, at the start of the run.
      const whole = () =>
        page.evaluate(() => {
          const box = document.querySelector('[data-testid="stage"]')?.parentElement;
          if (!box) return [];
          const frame = box.getBoundingClientRect();
          return [...document.querySelectorAll<HTMLElement>('[data-testid="host-card"]')]
            .filter((card) => {
              const rect = card.getBoundingClientRect();
              return rect.top >= frame.top - 1 && rect.bottom <= frame.bottom + 1;
            })
            .map((card) => card.dataset.host ?? '');
        });
      // Before: the storage pair at full size and, under it, only the heading of the processing
      // hosts: not one of the 20 on the stage. (Three were whole at zoom 0.8, their type 19.4 px
      // at 1080p; at zoom 1, the class's 24 px, the first one or two are, the box scrolling.)
      await expect
        .poll(async () => (await whole()).filter((host) => host.startsWith('processing')).length, {
          message: where,
        })
        .toBeGreaterThanOrEqual(1);
      expect(await whole(), where).toEqual(expect.arrayContaining(['storage-1', 'storage-2']));
      // Read from the room: not zoomed out (24 px at 1080p), the box scrolling instead.
      const zoom = Number(
        await page.locator('[data-testid="stage"]').evaluate((stage) => stage.style.zoom || 1),
      );
      expect(zoom, where).toBeGreaterThanOrEqual(1);
      await screenshot(page, `stage-cluster-large-${width}x${height}-presenter`, false);
      // The stage follows the step to processing-15, far down the box: the storage pair stays
      // in view beside it. Before: scrolled away, the left of the stage left blank.
      await page.evaluate(() => window.scrollTo(0, 0));
      await seekTimeline(page, PROCESSING_15_INSTALL, LARGE_DURATION);
      await expect
        .poll(async () => (await whole()).includes('processing-15'), { message: where })
        .toBe(true);
      expect(await whole(), where).toEqual(expect.arrayContaining(['storage-1', 'storage-2']));
    }
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('in presenter mode at 1920×1080, keeps the step’s card whole in the box as it grows through its step', async () => {
    // Before: a card whole at the box's foot when its install began was followed no more while
    // it grew (its reboot's workloads going down, each with its cause): the step's card ran 47
    // to 64 px under the box's foot through processing-2's, -5's and -8's reboots (14 px at
    // 1280×720 through processing-9's, the run stepped from its start).
    const { page, errors } = await openApp(app.browser, app.url);
    await openAt({ width: 1920, height: 1080, presenter: true }, page);
    await pickScenario(page, 'serverware-cluster-large.yaml');
    /** The card of the current step's host: whole in the box, or from its top if taller. */
    const cardInBox = () =>
      page.evaluate(() => {
        const box = document.querySelector('[data-testid="stage"]')?.parentElement;
        const title = document.querySelector('[data-testid="narration"]')?.textContent ?? '';
        const host = /processing-\d+/.exec(title)?.[0];
        const card = host
          ? document.querySelector(`[data-testid="host-card"][data-host="${host}"]`)
          : null;
        if (!box || !card) return `no card of ${host ?? 'a processing host'}`;
        const frame = box.getBoundingClientRect();
        const rect = card.getBoundingClientRect();
        const taller = rect.height > frame.height;
        const whole = rect.top >= frame.top - 2 && (taller || rect.bottom <= frame.bottom + 2);
        return whole
          ? 'whole'
          : `${host}: ${Math.round(rect.top - frame.top)} to ${Math.round(rect.bottom - frame.bottom)} px of the box's top and foot`;
      });
    for (const host of ['processing-2', 'processing-5', 'processing-8']) {
      await seekTimeline(page, installMiddle(LARGE.report, host), LARGE_DURATION);
      await expect.poll(cardInBox, { message: `${host}'s install` }).toBe('whole');
      // Through its install's end and its reboot, a transition at a time, to its verification.
      for (let press = 1; press <= 24; press++) {
        await page.keyboard.press('ArrowRight');
        await expect
          .poll(cardInBox, { message: `${host}, transition ${press}`, timeout: 2_000 })
          .toBe('whole');
        const step = await page.locator('[data-testid="narration"]').innerText();
        if (step.includes(`verify ${host}`)) break;
        expect(press, `${host}: its verification within 24 transitions`).toBeLessThan(24);
      }
    }
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('keeps the stage where it is as the clock grows a digit (10:00:00 and later)', async () => {
    // Before: at 1280×720 in presenter mode, a run past ten hours widened the clock at 10:00:00,
    // the toggles wrapped under the transport and the stage moved down 50 px.
    const text = `${readFileSync(join('scenarios', 'serverware-cluster-3.2.yaml'), 'utf8')}\nfaults: [ { fault: host-crash, target: processing-1, when: { at: 1h }, duration: 30m } ]\n`;
    const { page, errors } = await openApp(app.browser, app.url, scenarioHash(text));
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.locator('[data-testid="presenter"]').click();
    await page.locator('.app.presenter').waitFor();
    await runSettled(page);
    const where = () =>
      page.evaluate(() => ({
        stage: document
          .querySelector('[data-testid="stage"]')
          ?.parentElement?.getBoundingClientRect().top,
        clock: document
          .querySelector('[data-testid="clock"]')
          ?.parentElement?.getBoundingClientRect().width,
      }));
    const start = await where();
    await page.locator('h1').click();
    await page.keyboard.press('End');
    await expect.poll(() => page.locator('[data-testid="clock"]').innerText()).toMatch(/^1\d:/);
    expect(await where()).toEqual(start);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('zooms a stage in only as far as its cards fit the width too, after presenter mode is switched on', async () => {
    // Before: with height to spare the stage zoomed in to 1.056 and the processing hosts' strips
    // went past the panel's right edge, their VPS chips cut.
    const { page, errors } = await openApp(app.browser, app.url);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await pickScenario(
      page,
      'golden/serverware-cluster-host-crash-primary-during-secondary-install.yaml',
    );
    await page.locator('[data-testid="presenter"]').click();
    await page.locator('.app.presenter').waitFor();
    const past = () =>
      page.evaluate(() => {
        const box = document.querySelector('[data-testid="stage"]')?.parentElement;
        if (!box) return ['no stage'];
        const right = box.getBoundingClientRect().right;
        return [...box.querySelectorAll('[data-testid="host-card"], [data-testid="workload"]')]
          .filter((element) => element.getBoundingClientRect().right > right + 1)
          .map((element) => element.textContent?.trim().slice(0, 30) ?? '');
      });
    await expect.poll(past, { message: 'cards and chips past the stage’s right edge' }).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it.each([
    { width: 1280, height: 720, presenter: true },
    { width: 1920, height: 1080, presenter: true },
    { width: 1280, height: 720, presenter: false },
    { width: 1920, height: 1080, presenter: false },
  ])(
    'at $width×$height (presenter: $presenter), a Cluster of 30 VPSs shows every host in the stage',
    async ({ width, height, presenter }) => {
      const { page, errors } = await openApp(app.browser, app.url, scenarioHash(THIRTY));
      await page.setViewportSize({ width, height });
      if (presenter) {
        await page.locator('[data-testid="presenter"]').click();
        await page.locator('.app.presenter').waitFor();
      }
      await runSettled(page);
      await page.waitForTimeout(300);
      // Out of presenter mode at 1280×720 the stage keeps its workloads' names at 10 px and
      // more rather than zooming out to 0.67 (7.5 px) to show every card at once: it scrolls in
      // its box, says so with its shade, and every card is whole in view once the box is
      // scrolled to it (or fills the box, when as tall as it).
      const scrolls = !presenter && width === 1280;
      const cut = await page.evaluate((scrolls) => {
        const body = document.querySelector(
          'section[aria-label="Topology"] [data-arrangement]',
        )?.parentElement;
        if (!body) return ['no stage'];
        if (scrolls && !body.hasAttribute('data-overflows')) return ['no shade'];
        /** Whether the card shows whole in the box (or fills it, when as tall as it). */
        const whole = (card: Element) => {
          const box = body.getBoundingClientRect();
          const r = card.getBoundingClientRect();
          const shown = Math.min(r.bottom, box.bottom) - Math.max(r.top, box.top);
          return shown >= Math.min(r.height, box.height) - 2 && r.right <= box.right + 1;
        };
        return [...document.querySelectorAll('[data-testid="host-card"]')]
          .filter((card) => {
            if (!scrolls) {
              const box = body.getBoundingClientRect();
              const r = card.getBoundingClientRect();
              return r.bottom > box.bottom + 1 || r.right > box.right + 1 || r.top < box.top - 1;
            }
            // Scrolled to it; the storage pair, held at the box's top as the processing hosts
            // scroll past it, is whole once the box is scrolled to its end.
            card.scrollIntoView({ block: 'nearest' });
            if (whole(card)) return false;
            body.scrollTop = body.scrollHeight;
            return !whole(card);
          })
          .map((card) => card.getAttribute('data-host'));
      }, scrolls);
      expect(cut).toEqual([]);
      await screenshot(page, `stage-30-vps-${width}${presenter ? '-presenter' : ''}`, false);
      expect(errors).toEqual([]);
      await page.context().close();
    },
  );

  it.each([
    { width: 1440, height: 1000 },
    { width: 1920, height: 1080 },
    { width: 1280, height: 720 },
  ])(
    'at $width×$height, keeps the size it was first drawn at: nothing below it grows once drawn and makes it fit its cards again',
    async (size) => {
      const context = await app.browser.newContext({ viewport: size });
      const page = await context.newPage();
      // The topology's height when its first card is in the page.
      await page.addInitScript(() => {
        const observer = new MutationObserver(() => {
          if (!document.querySelector('[data-testid="host-card"]')) return;
          observer.disconnect();
          const topology = document.querySelector('section[aria-label="Topology"]');
          (window as unknown as { firstHeight: number }).firstHeight =
            topology?.getBoundingClientRect().height ?? -1;
        });
        observer.observe(document, { childList: true, subtree: true });
      });
      await page.goto(app.url, { waitUntil: 'load' });
      await runSettled(page);
      await page.waitForTimeout(500);
      const [first, now] = await page.evaluate(() => [
        (window as unknown as { firstHeight: number }).firstHeight,
        document.querySelector('section[aria-label="Topology"]')?.getBoundingClientRect().height,
      ]);
      expect(first).toBeGreaterThan(0);
      expect(now).toBe(first);
      await context.close();
    },
  );

  it.each(SIZES)(
    'at $width×$height, a switchover moves the client traffic and the services to the new active device, played and scrubbed',
    async (size) => {
      const switchover = haRun.report.steps.find((step) => step.action === 'switchover');
      const from = haRun.scenario.hosts.find((host) => host.role === 'active')?.name ?? '?';
      const to = switchover?.host ?? '?';
      const start = switchover?.start ?? 0;
      const end = switchover?.end ?? 0;
      const duration = haRun.report.duration;
      const services = haRun.scenario.workloads.map((w) => w.name);
      expect(to).not.toBe(from);

      const { page, errors } = await openApp(app.browser, app.url);
      await pickScenario(page, HA);
      await openAt(size, page);
      const arrow = '[data-testid="traffic"]';
      expect(await page.locator(arrow).getAttribute('data-to')).toBe(from);
      expect(await over(page, arrow, from)).toBe(true);
      expect(await page.getByRole('img', { name: `client traffic: to ${from}` }).count()).toBe(1);
      expect(
        await page.getByRole('img', { name: 'heartbeat: working, both devices up' }).count(),
      ).toBe(1);

      // Played at 10×: the arrow slides, for as long as a move lasts at that speed.
      await setSpeed(page, 10);
      await seekTimeline(page, Math.max(0, start - 20_000), duration);
      expect(await page.locator(arrow).getAttribute('data-to')).toBe(from);
      await watchMove(page, `${arrow}[data-to="${to}"]`, arrow);
      await page.locator('[data-testid="play"]').click();
      await page.locator(`${arrow}[data-to="${to}"]`).waitFor({ timeout: 20_000 });
      await page.locator('[data-testid="play"]').click(); // pause: the move ends at once
      await expect.poll(() => recordedMove(page)).toEqual([moveDuration(10)]);
      expect(await running(page)).toBe(0);
      expect(await over(page, arrow, to)).toBe(true);
      expect(await workloadsOn(page, services, to)).toBe(true);
      expect(await page.getByRole('img', { name: `client traffic: to ${to}` }).count()).toBe(1);
      await screenshot(page, `stage-ha-switched-${size.width}x${size.height}`, false);

      // Scrubbed back and forth: at the cursor at once, nothing animated.
      for (const [at, device] of [
        [start - 60_000, from],
        [end + 60_000, to],
        [start - 60_000, from],
        [end + 60_000, to],
      ] as const) {
        await seekTimeline(page, at, duration);
        expect(await page.locator(arrow).getAttribute('data-to')).toBe(device);
        expect(await running(page)).toBe(0);
        expect(await over(page, arrow, device)).toBe(true);
        expect(await workloadsOn(page, services, device)).toBe(true);
      }
      expect(await lowContrast(page, 'section[aria-label="Topology"]')).toEqual([]);
      expect(errors).toEqual([]);
      await page.context().close();
    },
  );

  it.each(SIZES)(
    'at $width×$height, the VPSs of a crashed processing host move to the host the controller starts them on, played and scrubbed',
    async (size) => {
      const group = crashRun.groups.find((g) => g.key === 'processing-1');
      const move = group?.moves[0];
      const from = 'processing-1';
      const to = move?.host ?? '?';
      const at = move?.at ?? 0;
      const duration = crashRun.report.duration;
      const vps = group?.members ?? [];
      expect(to).toBe('processing-2');
      expect(vps.length).toBeGreaterThan(0);

      const { page, errors } = await openApp(app.browser, app.url, scenarioHash(CRASH));
      await openAt(size, page);
      const chip = `[data-testid="workload"][data-name="${vps[0] ?? ''}"]`;
      // Every processing host is in view on the stage, none below a fold.
      const hidden = await page.evaluate(() => {
        const box = document.querySelector('[data-testid="stage"]')?.parentElement;
        const bottom = box?.getBoundingClientRect().bottom ?? 0;
        return [...document.querySelectorAll<HTMLElement>('[data-testid="host-card"]')]
          .filter((card) => card.getBoundingClientRect().bottom > bottom + 1)
          .map((card) => card.dataset.host);
      });
      expect(hidden).toEqual([]);

      await setSpeed(page, 60);
      await seekTimeline(page, Math.max(0, at - 60_000), duration);
      expect(await workloadsOn(page, vps, from)).toBe(true);
      const arrived = `[data-host="${to}"] ${chip}`;
      await watchMove(page, arrived, arrived);
      await page.locator('[data-testid="play"]').click();
      await page.locator(arrived).waitFor({ timeout: 20_000 });
      await page.locator('[data-testid="play"]').click();
      await expect.poll(() => recordedMove(page)).toEqual([moveDuration(60)]);
      expect(await running(page)).toBe(0);
      expect(await workloadsOn(page, vps, to)).toBe(true);
      expect(await page.locator(`[data-host="${from}"] [data-testid="workload"]`).count()).toBe(0);
      await screenshot(page, `stage-cluster-moved-${size.width}x${size.height}`, false);

      for (const [time, host] of [
        [at - 60_000, from],
        [at + 60_000, to],
        [at - 60_000, from],
        [at + 60_000, to],
      ] as const) {
        await seekTimeline(page, time, duration);
        expect(await running(page)).toBe(0);
        expect(await workloadsOn(page, vps, host)).toBe(true);
      }
      // The mirror link says how it is, in words and as a text equivalent.
      const link = page.locator('[data-testid="stage-link"]');
      expect(await link.getAttribute('data-kind')).toBe('mirror');
      expect(await page.getByRole('img', { name: /^mirror link: / }).count()).toBe(1);
      expect(await lowContrast(page, 'section[aria-label="Topology"]')).toEqual([]);
      expect(errors).toEqual([]);
      await page.context().close();
    },
  );
});

describe('the stage after its cards grew and came back', () => {
  const mirror = readFileSync(join('scenarios', 'serverware-mirror-3.2.yaml'), 'utf8').replace(
    /\nexpect:[\s\S]*$/,
    '\nfaults:\n  - { fault: host-crash, target: primary, when: { at: 1s }, duration: 30m }\n',
  );
  const run = simulate(parseScenario(mirror, 'mirror-crash.yaml'));
  const zoom = (page: Page) =>
    page.evaluate(() =>
      Number(document.querySelector<HTMLElement>('[data-testid="stage"]')?.style.zoom || '1'),
    );

  it.each([
    { width: 1920, height: 1080, presenter: true },
    { width: 1280, height: 720, presenter: false },
  ])(
    'at $width×$height (presenter: $presenter), zooms back in once a crash’s causes leave the cards: as large as a fresh fit',
    async (size) => {
      // Before: a Mirror whose Primary crashed at 0:00:01 had its stage zoomed out (from 1.27 to
      // 0.69 in presenter mode at 1080p, from 1 to 0.79 at 720p) by the takeover's causes, and
      // kept that zoom to the end of the run, over a blank band: only a resize fitted it again.
      const { page, errors } = await openApp(app.browser, app.url, scenarioHash(mirror));
      await openAt(size, page);
      await page.waitForTimeout(300);
      const start = await zoom(page);
      await setSpeed(page, 100);
      await page.locator('[data-testid="play"]').click();
      await expect.poll(() => zoom(page), { message: 'the causes take room' }).toBeLessThan(start);
      await page.locator('[data-testid="play"]').click(); // paused
      // Into the last restart, 5:15:00–5:20:00, the takeover and the crashed host's return long
      // past.
      const later = 5 * 3600 + 17 * 60;
      await seekTimeline(page, later * 1000, run.report.duration);
      await page.waitForTimeout(500);
      const played = await zoom(page);
      // A fresh fit of the same cards in the same box: the window resized, and back.
      await page.setViewportSize({ width: size.width, height: size.height - 60 });
      await page.waitForTimeout(300);
      await page.setViewportSize(size);
      await page.waitForTimeout(500);
      expect(Math.abs(played - (await zoom(page)))).toBeLessThan(0.03);
      await screenshot(page, `stage-zoomed-back-${size.width}x${size.height}`, false);
      expect(errors).toEqual([]);
      await page.context().close();
    },
  );
  it.each([
    { width: 1920, height: 1080, presenter: true },
    { width: 1280, height: 720, presenter: true },
  ])(
    'at $width×$height (presenter: $presenter), a takeover’s workloads in transit take a line under the pair, not the stage’s zoom',
    async (size) => {
      // Before: a Mirror's three VPSs and their cause took ten lines in the link's narrow column,
      // and the stage zoomed out for them (1.6 to 0.89 at 1080p), its statuses at 11 px at the
      // takeover.
      const { page, errors } = await openApp(app.browser, app.url, scenarioHash(mirror));
      await openAt(size, page);
      await page.waitForTimeout(300);
      const start = await zoom(page);
      await seekTimeline(page, 3 * 60_000, run.report.duration);
      await page.locator('[data-testid="in-transit"] [data-testid="workload"]').first().waitFor();
      await page.waitForTimeout(300);
      // The storage cards' own causes still take a line or two (crashed · back at …, taking over
      // as Primary · … of 15m): the stage gives up a quarter of its zoom at most (0.55 of it
      // before, the workloads in the link's column).
      expect(await zoom(page)).toBeGreaterThanOrEqual(start * 0.75);
      await screenshot(page, `stage-transit-mirror-${size.width}x${size.height}`, false);
      expect(errors).toEqual([]);
      await page.context().close();
    },
  );
});

describe('a takeover’s workloads in transit', () => {
  const cluster = readFileSync(join('scenarios', 'serverware-cluster-3.2.yaml'), 'utf8').replace(
    /\nexpect:[\s\S]*$/,
    '\nfaults:\n  - { fault: host-crash, target: primary, when: { at: 1s }, duration: 30m }\n',
  );

  it.each([
    { width: 1920, height: 1080, presenter: true },
    { width: 1280, height: 720, presenter: true },
    { width: 1920, height: 1080, presenter: false },
  ])('at $width×$height (presenter: $presenter), cover neither storage card', async (size) => {
    // Before: at 1080p in presenter mode the chip "▼ vps-db 2m9s" and its cause ran 8 px past
    // the link's column, over both storage cards' borders.
    const { page, errors } = await openApp(app.browser, app.url, `${scenarioHash(cluster)}&at=120`);
    await openAt(size, page);
    await page.locator('[data-testid="in-transit"] [data-testid="workload"]').waitFor();
    await page.waitForTimeout(300);
    const over = await page.evaluate(() => {
      const cards = [...document.querySelectorAll('[data-testid="host-card"]')]
        .filter((card) => /^storage-/.test(card.getAttribute('data-host') ?? ''))
        .map((card) => card.getBoundingClientRect());
      return [...document.querySelectorAll('[data-testid="in-transit"] *')]
        .filter((element) => {
          const r = element.getBoundingClientRect();
          return cards.some(
            (c) =>
              r.right > c.left + 0.5 &&
              r.left < c.right - 0.5 &&
              r.bottom > c.top &&
              r.top < c.bottom,
          );
        })
        .map((element) => (element.textContent ?? '').trim().slice(0, 40));
    });
    expect(over).toEqual([]);
    await screenshot(
      page,
      `stage-transit-${size.width}x${size.height}${size.presenter ? '-presenter' : ''}`,
      false,
    );
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

describe('the topology out of presenter mode on a 720p screen', () => {
  /** The cards' body text as drawn (zoom included), and which cards show whole in the box. */
  function cardsOf(page: Page) {
    return page.evaluate(() => {
      const stage = document.querySelector('[data-testid="stage"]');
      const box = stage?.parentElement?.getBoundingClientRect();
      const cards = [...document.querySelectorAll<HTMLElement>('[data-testid="host-card"]')];
      const px = (element: Element) =>
        parseFloat(getComputedStyle(element).fontSize) *
        ((element as Element & { currentCSSZoom?: number }).currentCSSZoom ?? 1);
      return {
        body: Math.min(...cards.map(px)),
        height: box?.height ?? 0,
        whole: cards
          .filter((card) => {
            const rect = card.getBoundingClientRect();
            return box !== undefined && rect.top >= box.top - 1 && rect.bottom <= box.bottom + 1;
          })
          .map((card) => card.dataset.host ?? ''),
      };
    });
  }

  /** The bottom of each part of the stage that must stay in view, and the viewport's height. */
  function stageBottoms(page: Page) {
    return page.evaluate(() => {
      const bottom = (selector: string) =>
        document.querySelector(selector)?.getBoundingClientRect().bottom ?? Infinity;
      return {
        parts: {
          'current step': bottom('[data-testid="step"][aria-current="step"]'),
          'timeline axis': bottom('[data-testid="axis-row"]'),
          'first lane': bottom('[data-testid="host-row"], [data-testid="group-row"]'),
          inject: bottom('[data-testid="inject"]'),
          "the fault's reach": bottom('[data-testid="fault-reach"]'),
        },
        viewport: window.innerHeight,
      };
    });
  }

  it('keeps an HA pair’s and a Cluster’s cards readable at 1280×720, the step, timeline and fault form in view', async () => {
    const { page, errors } = await openApp(app.browser, app.url);
    await page.setViewportSize({ width: 1280, height: 720 });
    // Before, too: a Cluster's Backup, storage pair and processing hosts in one row of cards,
    // zoomed to 63% to fit its width (9 px body text, 7 px badges), and one of the 20-host
    // Cluster's processing hosts in view; they are strips beside the pair now, as in presenter
    // mode.
    for (const [scenario, shown] of [
      [HA, ['device-a', 'device-b']],
      [
        'serverware-cluster-3.2.yaml',
        ['backup', 'storage-1', 'storage-2', 'processing-1', 'processing-2', 'processing-3'],
      ],
      [
        'serverware-cluster-large.yaml',
        ['storage-1', 'storage-2', 'processing-1', 'processing-2', 'processing-3', 'processing-4'],
      ],
    ] as const) {
      await pickScenario(page, scenario);
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.waitForTimeout(300);
      const cards = await cardsOf(page);
      // Before: the pair's cards zoomed to 61% (8.5 px names, 6 px badges) in a box 110 px tall,
      // and the Cluster's storage cards and first processing host cut at that box's foot.
      expect(cards.body, `${scenario}: the cards' body text, px`).toBeGreaterThanOrEqual(11);
      for (const host of shown) expect(cards.whole, `${scenario}: ${host} whole`).toContain(host);
      const { parts, viewport } = await stageBottoms(page);
      for (const [part, bottom] of Object.entries(parts)) {
        expect(bottom, `${scenario}: the ${part} in view`).toBeLessThanOrEqual(viewport);
      }
      await screenshot(page, `stage-normal-1280x720-${scenario.replace('.yaml', '')}`, false);
    }
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

describe('the workloads’ names on a crowded stage', () => {
  it('keeps the workloads’ names on every card after a crash crowds one card (6 processing hosts, 30 VPSs, 1440×900)', async () => {
    const { report } = simulate(parseScenario(SIX, 'six.yaml'));
    const { page, errors } = await openApp(app.browser, app.url, scenarioHash(SIX));
    await page.setViewportSize({ width: 1440, height: 900 });
    await runSettled(page);
    await seekTimeline(page, 4_200_000, report.duration);
    /** Each workload as drawn: its name's type on the screen (0: no name drawn), its card. */
    const chips = () =>
      page.evaluate(() =>
        Array.from(document.querySelectorAll<HTMLElement>('[data-testid="workload"]')).map(
          (chip) => {
            const stage = chip.closest<HTMLElement>('[data-testid="stage"]');
            const name = chip.querySelector('[class*="chipName"]');
            const type = name ? parseFloat(getComputedStyle(name).fontSize) : 0;
            return {
              name: chip.getAttribute('data-name') ?? '',
              host: chip.closest('[data-host]')?.getAttribute('data-host') ?? '',
              shown: name?.textContent === chip.getAttribute('data-name') ? type : 0,
              px: type * Number(stage?.style.zoom || 1),
              width: chip.getBoundingClientRect().width,
            };
          },
        ),
      );
    const before = await chips();
    expect(before).toHaveLength(30);
    const least = Math.min(...before.map((chip) => chip.px));
    expect(least).toBeGreaterThan(0);
    const form = page.locator('[data-testid="fault-form"]');
    await form.locator('select[name="fault"]').selectOption('upgrade-failure');
    await form.locator('select[name="target"]').selectOption('processing-3');
    await page.locator('[data-testid="inject"]').click();
    await runSettled(page);
    await form.locator('select[name="fault"]').selectOption('host-crash');
    await form.locator('select[name="target"]').selectOption('processing-5');
    await page.locator('[data-testid="inject"]').click();
    await runSettled(page);
    await expect
      .poll(() => page.locator('[data-testid="host-card"][data-host="processing-5"]').innerText())
      .toMatch(/crashed/);
    // Before: every chip an unnamed 8 px square (the stage's last resort), because processing-5's
    // card took two lines for its crash. The names stay, drawn no smaller than before the crash.
    await expect
      .poll(async () => (await chips()).filter((chip) => chip.shown === 0 || chip.width < 20))
      .toEqual([]);
    for (const chip of await chips())
      expect(chip.px, `${chip.name} on ${chip.host}`).toBeGreaterThanOrEqual(least - 0.01);
    expect(
      await page.locator('[data-testid="stage"]').getAttribute('data-arrangement'),
    ).not.toMatch(/squares/);
    await screenshot(page, 'stage-crash-names-1440x900', false);
    // At the end processing-5's VPSs run where the controller started them, named there.
    await page.locator('[data-testid="seek-end"]').click();
    await expect
      .poll(async () =>
        (await chips()).filter((chip) => chip.host === 'processing-5' || chip.shown === 0),
      )
      .toEqual([]);
    expect((await chips()).find((chip) => chip.name === 'vps-5')?.host).toBe('processing-1');
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

/**
 * How far apart two screenshots of the same size are: the mean difference of their pixels'
 * channels, 0 to 255, decoded by the page.
 */
function pixelDistance(page: Page, a: Buffer, b: Buffer): Promise<number> {
  return page.evaluate(
    async ([a, b]) => {
      const pixels = async (png: string) => {
        const image = new Image();
        image.src = `data:image/png;base64,${png}`;
        await image.decode();
        const canvas = document.createElement('canvas');
        canvas.width = image.width;
        canvas.height = image.height;
        const context = canvas.getContext('2d');
        if (!context) throw new Error('no canvas');
        context.drawImage(image, 0, 0);
        return context.getImageData(0, 0, image.width, image.height).data;
      };
      const [first, second] = await Promise.all([pixels(a), pixels(b)]);
      if (first.length !== second.length) return Infinity;
      let sum = 0;
      for (let index = 0; index < first.length; index++)
        sum += Math.abs((first[index] ?? 0) - (second[index] ?? 0));
      return sum / first.length;
    },
    [a.toString('base64'), b.toString('base64')] as const,
  );
}

describe('a crashed host on a stage that scrolls', () => {
  it.each([false, true])(
    'at 1280×720 (presenter mode %s), its card at the box’s foot reads as it does mid-box: no shade over “crashed · back at …”',
    async (presenter) => {
      // Before: the shade saying that more hosts are below was drawn over the box's last 28 px,
      // over the status line of a card resting there.
      const { page, errors } = await openApp(app.browser, app.url);
      await page.setViewportSize({ width: 1280, height: 720 });
      if (presenter) {
        await page.locator('[data-testid="presenter"]').click();
        await page.locator('.app.presenter').waitFor();
      }
      await pickScenario(page, 'serverware-cluster-large.yaml');
      await page.evaluate(() => window.scrollTo(0, 0));
      const axis = await page.locator('[data-testid="axis-lane"]').boundingBox();
      if (!axis) throw new Error('no timeline');
      await page.mouse.click(axis.x + axis.width * 0.05, axis.y + axis.height / 2);
      await page.locator('select[name="fault"]').selectOption('host-crash');
      await page.locator('select[name="target"]').selectOption('processing-8');
      await page.locator('[data-testid="inject"]').click();
      await runSettled(page);
      const status = page.locator('[data-host="processing-8"] [data-testid="host-status"]');
      await page.locator('button[aria-label="Step forward"]').first().click();
      await expect.poll(() => status.innerText()).toMatch(/^crashed · back at /);
      const box = page.locator('[data-testid="stage"] >> xpath=..');
      await expect.poll(() => box.getAttribute('data-overflows')).toBe('');
      /** Scrolls the box so that the status line ends `above` px over its foot (0: mid-box). */
      const place = (above: number) =>
        page.evaluate(
          ({ above }) => {
            const stage = document.querySelector('[data-testid="stage"]')?.parentElement;
            const line = document.querySelector(
              '[data-host="processing-8"] [data-testid="host-status"]',
            );
            if (!stage || !line) throw new Error('no stage');
            const zoom = (stage as Element & { currentCSSZoom?: number }).currentCSSZoom ?? 1;
            const frame = stage.getBoundingClientRect();
            const rect = line.getBoundingClientRect();
            const top = (rect.top - frame.top - stage.clientTop * zoom) / zoom + stage.scrollTop;
            const bottom = top + rect.height / zoom;
            stage.scrollTop =
              above > 0
                ? Math.round(bottom - stage.clientHeight + above)
                : Math.round(top - stage.clientHeight / 2);
          },
          { above },
        );
      const shot = async () => {
        for (let look = 0; look < 3; look++)
          await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => done(null))));
        const rect = await status.boundingBox();
        if (!rect) throw new Error('no status line');
        // Whole pixels, the same size at both places.
        return page.screenshot({
          clip: {
            x: Math.ceil(rect.x),
            y: Math.ceil(rect.y),
            width: Math.floor(rect.width) - 1,
            height: Math.floor(rect.height) - 1,
          },
        });
      };
      await place(0);
      const mid = await shot();
      await place(6);
      const foot = await shot();
      expect(await pixelDistance(page, mid, foot)).toBeLessThan(1);
      expect(errors).toEqual([]);
      await page.context().close();
    },
  );
});

describe('the workloads’ names read on a Cluster out of presenter mode', () => {
  /**
   * The smallest type on the stage as drawn (zoom included): the workloads' names (their counts
   * on a Cluster that draws them as squares, the 20-host one's 400), and any text on the cards.
   */
  function smallest(page: Page) {
    return page.evaluate(() => {
      const px = (element: Element) =>
        parseFloat(getComputedStyle(element).fontSize) *
        ((element as Element & { currentCSSZoom?: number }).currentCSSZoom ?? 1);
      const chips = [
        ...document.querySelectorAll(
          '[data-testid="workload"] [class*="chipName"], [data-testid="workloads-count"], [data-testid="workloads-more"]',
        ),
      ];
      const texts = [...document.querySelectorAll('[data-testid="host-card"] *')].filter(
        (element) =>
          [...element.childNodes].some(
            (node) => node.nodeType === Node.TEXT_NODE && (node.textContent ?? '').trim() !== '',
          ),
      );
      return {
        chips: chips.length,
        chip: Math.min(...chips.map(px)),
        card: Math.min(...texts.map(px)),
      };
    });
  }

  it.each([
    { width: 1280, height: 720, floor: 10 },
    { width: 1920, height: 1080, floor: 11 },
  ])(
    'at $width×$height, every chip’s name reads at $floor px or more on a 6-, 9- and 20-host Cluster',
    async ({ width, height, floor }) => {
      const { page, errors } = await openApp(app.browser, app.url, scenarioHash(SIX));
      await page.setViewportSize({ width, height });
      for (const scenario of [
        '',
        'serverware-cluster-3.2.yaml',
        'serverware-cluster-large.yaml',
      ] as const) {
        if (scenario) await pickScenario(page, scenario);
        await page.waitForTimeout(300);
        const type = await smallest(page);
        const name = scenario || 'six processing hosts';
        // Before: 7.5 px (six processing hosts at 1280×720), 9.5 px (the Cluster 3.2 at
        // 1280×720), 7 px (the 20-host Cluster at 1080p): the stage zoomed out to fit its box.
        expect(type.chips, `${name}: chips drawn`).toBeGreaterThan(0);
        // To the hundredth: the zoom that gives 10 px may draw 9.9999999.
        expect(type.chip, `${name}: the smallest chip's name, px`).toBeGreaterThanOrEqual(
          floor - 0.01,
        );
        expect(type.card, `${name}: the cards' smallest text, px`).toBeGreaterThanOrEqual(
          floor - 0.01,
        );
        await screenshot(
          page,
          `stage-chips-${width}x${height}-${name.replace('.yaml', '').replace(/ /g, '-')}`,
          false,
        );
      }
      expect(errors).toEqual([]);
      await page.context().close();
    },
  );
});
