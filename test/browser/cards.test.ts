import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatDuration, parseDuration, type StepRecord } from '../../src/sim';
import { builtinRuns, openApp, runSettled, scenarioHash, screenshot, type BuiltinRun } from './app';
import { useBuiltApp } from './helpers';

const MIRROR = 'serverware-mirror-4.3-4.8.yaml';

/** A Cluster whose Primary crashes an hour in: storage-2 takes over while vps-db has no host. */
const TAKEOVER = `name: Cluster, the Primary crashes an hour in
system: serverware
topology: cluster
version: { from: 4.5.0 }
hosts: { processing: 3 }
vps:
  - { name: vps-db, host: primary }
  - { name: vps-1, host: processing-1 }
  - { name: vps-2, host: processing-2 }
  - { name: vps-3, host: processing-3 }
faults:
  - { fault: host-crash, target: primary, when: { at: 1h }, duration: 30m }
`;

/** Clicks the timeline at virtual time `at` of a run `duration` long. */
async function seekTimeline(page: Page, at: number, duration: number): Promise<void> {
  const lane = page.locator('[data-testid="axis-lane"]');
  // Where the axis rests: just after presenter mode or a resize, the stage above it is still
  // being fitted, and a click read from a box that then moved landed at another moment.
  let box = await lane.boundingBox();
  for (let tries = 0; tries < 20; tries++) {
    await page.waitForTimeout(100);
    const again = await lane.boundingBox();
    if (box && again && again.x === box.x && again.y === box.y && again.width === box.width) break;
    box = again;
  }
  if (!box) throw new Error('no timeline');
  await page.mouse.click(box.x + (box.width * at) / duration, box.y + box.height / 2);
}

/** The playhead's time as the transport shows it (`1:17:30`), in virtual ms. */
async function clockMs(page: Page): Promise<number> {
  const text = await page.locator('[data-testid="clock"]').innerText();
  const [h = 0, m = 0, s = 0] = text.split(':').map(Number);
  return ((h * 60 + m) * 60 + s) * 1000;
}

/**
 * Pairs of text boxes inside a host card that overlap, and status lines cut off or overflowing
 * their card: what would make a card unreadable.
 */
async function cardLayoutProblems(page: Page): Promise<string[]> {
  return page.locator('[data-testid="host-card"]').evaluateAll((cards) => {
    const problems: string[] = [];
    for (const card of cards) {
      const name = card.getAttribute('data-host') ?? '?';
      const frame = card.getBoundingClientRect();
      const boxes = [
        ...card.querySelectorAll<HTMLElement>(
          '[data-testid="host-name"], [data-testid="host-role"], [data-testid="host-version"], [data-testid="host-status"], [data-testid="host-flag"], [data-testid="workload-status"]',
        ),
      ].map((element) => ({ element, rect: element.getBoundingClientRect() }));
      for (const { element, rect } of boxes) {
        if (rect.width === 0) continue;
        if (rect.right > frame.right + 0.5 || rect.left < frame.left - 0.5)
          problems.push(`${name}: "${element.innerText}" overflows its card`);
      }
      for (let i = 0; i < boxes.length; i++) {
        for (let j = i + 1; j < boxes.length; j++) {
          const a = boxes[i]?.rect;
          const b = boxes[j]?.rect;
          if (!a || !b || a.width === 0 || b.width === 0) continue;
          const inside =
            boxes[i]?.element.contains(boxes[j]?.element ?? null) ||
            boxes[j]?.element.contains(boxes[i]?.element ?? null);
          if (inside) continue;
          const overlap =
            Math.min(a.right, b.right) - Math.max(a.left, b.left) > 0.5 &&
            Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 0.5;
          if (overlap)
            problems.push(
              `${name}: "${boxes[i]?.element.innerText}" overlaps "${boxes[j]?.element.innerText}"`,
            );
        }
      }
      // The name whole: a role that moves (`Primary → Secondary`) cut it to `stora…` beside it.
      const title = card.querySelector<HTMLElement>('[data-testid="host-name"]');
      if (title && title.scrollWidth > title.clientWidth + 1)
        problems.push(`${name}: its name is cut to ${title.clientWidth}px of ${title.scrollWidth}`);
      const status = card.querySelector<HTMLElement>('[data-testid="host-status"]');
      if (status && status.scrollHeight > status.clientHeight + 1)
        problems.push(`${name}: status "${status.innerText}" is cut off`);
    }
    return problems;
  });
}

describe('causes on the topology cards', () => {
  const app = useBuiltApp();
  let mirror: BuiltinRun | undefined;

  beforeAll(() => {
    mirror = builtinRuns().find(({ id }) => id === MIRROR);
  });

  it('halfway through a storage failover at 1280×720, both storage cards say they are failing over with the elapsed and total time, and the VPSs say why they are down and when they are back', async () => {
    expect(mirror, MIRROR).toBeDefined();
    if (!mirror) return;
    const { report, scenario } = mirror.run;
    const failover = report.steps.find(
      (step): step is StepRecord & { start: number; end: number } =>
        step.action === 'failover' && step.start !== undefined && step.end !== undefined,
    );
    expect(failover).toBeDefined();
    if (!failover) return;
    const total = scenario.durations.failover;
    expect(failover.end - failover.start).toBe(total);

    const { page, errors } = await openApp(app.browser, app.url);
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.locator('[data-testid="scenario-picker"]').selectOption(MIRROR);
    await expect
      .poll(() => page.locator('[data-testid="scenario-name"]').innerText())
      .toBe(report.scenario);

    const check = async (label: string) => {
      await seekTimeline(page, failover.start + total / 2, report.duration);
      const now = await clockMs(page);
      expect(now).toBeGreaterThan(failover.start);
      expect(now).toBeLessThan(failover.end);
      const storage = page.locator('[data-testid="host-card"][data-host^="storage-"]');
      expect(await storage.count()).toBe(2);
      const statuses = await storage.locator('[data-testid="host-status"]').allInnerTexts();
      expect(statuses).toHaveLength(2);
      for (const text of statuses) {
        const match = /^failing over · (\S+) of (\S+)$/.exec(text);
        expect(match, `${label}: "${text}"`).not.toBeNull();
        expect(match?.[2]).toBe(formatDuration(total));
        // The clock shows whole seconds: the elapsed time is within a second of it.
        const elapsed = parseDuration(match?.[1] ?? '');
        expect(Math.abs(elapsed - (now - failover.start)), text).toBeLessThanOrEqual(1000);
      }
      const causes = page.locator('[data-testid="workload-status"]');
      expect(await causes.count()).toBe(1);
      const cause = await causes.innerText();
      const match = /^(\d+) VPSs? down: failover, back in (\S+)$/.exec(cause);
      expect(match, `${label}: "${cause}"`).not.toBeNull();
      expect(Number(match?.[1])).toBe(
        scenario.workloads.filter((w) => w.placement === 'primary').length,
      );
      const back = parseDuration(match?.[2] ?? '');
      expect(Math.abs(back - (failover.end - now)), cause).toBeLessThanOrEqual(1000);
      for (const why of await page
        .locator('[data-testid="workload"][data-state="down"]')
        .evaluateAll((chips) => chips.map((chip) => chip.getAttribute('data-why')))) {
        expect(why).toMatch(/^down: failover, back in /);
      }
      expect(await cardLayoutProblems(page), label).toEqual([]);
      await screenshot(page, `cards-failover-${label}`, false);
    };
    await check('1280x720');
    await page.locator('[data-testid="presenter"]').click();
    await check('1280x720-presenter');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await check('1920x1080-presenter');
    await page.locator('[data-testid="presenter"]').click();
    await check('1920x1080');

    // A Cluster's narrower storage cards, both roles moving: each name whole beside or above its
    // badge (`Primary → Secondary` cut them to `stora…` in normal mode at every width).
    const cluster = builtinRuns().find(({ id }) => id === 'serverware-cluster-3.2.yaml');
    const first = cluster?.run.report.steps.find((step) => step.action === 'failover');
    if (!cluster || first?.start === undefined || first.end === undefined)
      throw new Error('a failover in the Cluster 3.2');
    await page.locator('[data-testid="scenario-picker"]').selectOption(cluster.id);
    // The seek waits for the Cluster's own run: a click while the Mirror's timeline is still on
    // screen lands at another moment of another run.
    await expect
      .poll(() => page.locator('[data-testid="scenario-name"]').innerText())
      .toBe(cluster.run.report.scenario);
    await runSettled(page);
    for (const [width, height] of [
      [1280, 720],
      [1440, 900],
      [1920, 1080],
    ] as const) {
      await page.setViewportSize({ width, height });
      await seekTimeline(page, (first.start + first.end) / 2, cluster.run.report.duration);
      const label = `cluster ${width}x${height}`;
      await expect
        .poll(() => clockMs(page), { message: `${label}: the clock inside the failover` })
        .toBeGreaterThan(first.start);
      expect(await clockMs(page), label).toBeLessThan(first.end);
      await expect
        .poll(() => page.locator('[data-testid="host-role"][data-becomes]').count(), {
          message: `${label}: badges of a moving role`,
        })
        .toBe(2);
      expect(await cardLayoutProblems(page), label).toEqual([]);
    }
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('during a takeover after the Primary crashed, presenter mode keeps every host on the stage and says when the crashed one is back', async () => {
    const { page, errors } = await openApp(app.browser, app.url, scenarioHash(TAKEOVER));
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.locator('[data-testid="presenter"]').click();
    for (const [width, height] of [
      [1280, 720],
      [1920, 1080],
    ] as const) {
      const label = `${width}x${height}-presenter`;
      await page.setViewportSize({ width, height });
      await page.waitForTimeout(200);
      // Five minutes into the takeover: the clock is set by a click on the axis, the run's length
      // read from the transport.
      const total = await page.locator('[data-testid="duration"]').innerText();
      const [h = 0, m = 0, sec = 0] = total.replace('/', '').trim().split(':').map(Number);
      await seekTimeline(page, 65 * 60_000, ((h * 60 + m) * 60 + sec) * 1000);
      const crashed = page.locator(
        '[data-testid="host-card"][data-host="storage-1"] [data-testid="host-status"]',
      );
      expect(await crashed.innerText(), label).toMatch(/^crashed · back at \d+:\d\d:\d\d$/);
      // Which host is taking over, on its badge: the model holds both in the Secondary role
      // until the takeover is over, and both were badged `Secondary` before.
      const badge = (host: string) =>
        page
          .locator(`[data-testid="host-card"][data-host="${host}"] [data-testid="host-role"]`)
          .innerText();
      expect(await badge('storage-2'), label).toBe('Secondary → Primary');
      expect(await badge('storage-1'), label).toBe('Secondary');
      // vps-db is in transit between the pair, and no card is pushed out of the stage's box.
      expect(await page.locator('[data-testid="in-transit"] [data-name="vps-db"]').count()).toBe(1);
      const outside = await page.evaluate(() => {
        const box = document.querySelector('[data-testid="stage"]')?.parentElement;
        const frame = box?.getBoundingClientRect();
        if (!frame) return ['no stage'];
        return [...document.querySelectorAll('[data-testid="host-card"]')]
          .filter((card) => {
            const rect = card.getBoundingClientRect();
            return rect.bottom > frame.bottom + 0.5 || rect.right > frame.right + 0.5;
          })
          .map((card) => card.getAttribute('data-host'));
      });
      expect(outside, `${label}: cards outside the stage's box`).toEqual([]);
      expect(await cardLayoutProblems(page), label).toEqual([]);
      await screenshot(page, `cards-takeover-${label}`, false);
    }
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
