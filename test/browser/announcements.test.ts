import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { announcements } from '../../src/ui/state/announcements';
import { buildRunView } from '../../src/ui/state/runView';
import { builtinRuns, cursorOf, openApp, scenarioHash, screenshot, pickScenario } from './app';
import { useBuiltApp } from './helpers';

const MIRROR = 'must-fail/serverware-mirror-primary-upgraded-first.yaml';
/** Two decisions at step 6: wait (the document's), then switch over anyway (an assumption). */
const SESSIONS = 'golden/ha-pair-sessions-not-synchronized.yaml';

/** The announcements in sight (not those kept for screen readers only), with their seq. */
function shownAnnouncements(page: Page) {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('[data-testid="announcement"]')]
      .filter((item) => {
        const box = item.getBoundingClientRect();
        return getComputedStyle(item).clipPath === 'none' && box.width > 2 && box.height > 2;
      })
      .map((item) => Number(item.dataset.seq)),
  );
}

/** Steps the playhead (→) from the start until it reaches `seq`. */
async function stepTo(page: Page, seq: number): Promise<void> {
  await page.locator('[data-testid="app-root"] h1').click();
  await page.keyboard.press('Home');
  while ((await cursorOf(page)) < seq) await page.keyboard.press('ArrowRight');
}

/** Waits until every animation on the page (an announcement rising into place) has finished. */
async function settled(page: Page): Promise<void> {
  await page.evaluate(() => Promise.all(document.getAnimations().map((item) => item.finished)));
}

/** Steps to `seq` and waits for at least `least` announcements, come to rest. */
async function announcedAt(page: Page, seq: number, message: string, least = 1): Promise<void> {
  await stepTo(page, seq);
  await expect
    .poll(() => page.locator('[data-testid="announcement"]').count(), { message })
    .toBeGreaterThanOrEqual(least);
  await settled(page);
}

/**
 * What of the class's view an announcement in sight covers: each part that must stay readable
 * (the stage, the timeline's axis, lanes and totals, its downtime summary, the current step and
 * the Inject button), as far as it is in view inside the boxes that scroll it, that a shown
 * announcement's box overlaps; and any announcement not whole on the screen.
 */
function covered(page: Page, findings = false) {
  return page.evaluate((findings) => {
    type Box = { left: number; top: number; right: number; bottom: number };
    const meet = (a: Box, b: Box): Box => ({
      left: Math.max(a.left, b.left),
      top: Math.max(a.top, b.top),
      right: Math.min(a.right, b.right),
      bottom: Math.min(a.bottom, b.bottom),
    });
    const empty = (box: Box) => box.right - box.left < 1 || box.bottom - box.top < 1;
    // An element's box as far as it is in view: cut by every ancestor that clips it.
    const inView = (element: Element): Box => {
      let box: Box = element.getBoundingClientRect();
      for (let up = element.parentElement; up; up = up.parentElement) {
        if (getComputedStyle(up).overflow !== 'visible')
          box = meet(box, up.getBoundingClientRect());
      }
      return meet(box, { left: 0, top: 0, right: innerWidth, bottom: innerHeight });
    };
    const parts = [
      ['the stage', '[data-testid="stage"]'],
      ['the time axis', '[data-testid="timeline"] [data-testid="axis-row"]'],
      ['a host lane', '[data-testid="timeline"] [data-testid="host-row"]'],
      ['a workload lane', '[data-testid="timeline"] [data-testid="group-row"]'],
      ['the downtime summary', '[data-testid="downtime-summary"]'],
      ['the current step', '[aria-current="step"]'],
      ['the narration', '[data-testid="narration"]'],
      ['the Inject button', '[data-testid="inject"]'],
      ['the fault form', '[data-testid="fault-form"]'],
      // Presenter mode places them over the Findings strip, which keeps their height free.
      ...(findings ? ([['the Findings strip', 'section[aria-label="Findings"]']] as const) : []),
    ] as const;
    const shown = [...document.querySelectorAll('[data-testid="announcement"]')].filter(
      (item) => getComputedStyle(item).clipPath === 'none',
    );
    const found: string[] = [];
    for (const item of shown) {
      const box = item.getBoundingClientRect();
      if (box.top < 0 || box.bottom > innerHeight + 0.5 || box.left < 0 || box.right > innerWidth)
        found.push(
          `announcement ${item.getAttribute('data-seq')} is not whole on screen (${box.top}–${box.bottom} of ${innerHeight}, scrolled ${scrollY})`,
        );
      for (const [name, selector] of parts) {
        for (const part of document.querySelectorAll(selector)) {
          const seen = inView(part);
          if (!empty(seen) && !empty(meet(seen, box))) found.push(`covers ${name}`);
        }
      }
    }
    return found;
  }, findings);
}

/**
 * How many lines of an announcement's text are in view: its body's box below its top padding
 * (text that overflows into the bottom padding shows, cut at the box's edge), in lines.
 */
function linesInView(item: Locator): Promise<number> {
  return item.evaluate((element) => {
    const body = element.querySelector<HTMLElement>('[data-announcement-body]');
    if (!body) return Number.NaN;
    const style = getComputedStyle(body);
    return (body.clientHeight - parseFloat(style.paddingTop)) / parseFloat(style.lineHeight);
  });
}

/** One browser and one server for the whole file: each test opens a context of its own. */
const app = useBuiltApp();

describe('announcements on the class screen', () => {
  const mirror = builtinRuns().find((item) => item.id === MIRROR);
  const violations = mirror?.run.report.invariants.flatMap((item) => item.violations) ?? [];
  const [first, second] = violations.map((item) => item.seq).sort((a, b) => a - b);

  it('presenter mode at 1280×720 and 1920×1080: two said, none covers the stage, the lanes and their totals, the current step or Inject, and each reads whole', async () => {
    if (first === undefined || second === undefined || second <= first)
      throw new Error(`${MIRROR} breaks two invariants one after the other`);
    const { page, errors } = await openApp(app.browser, app.url);
    await pickScenario(page, MIRROR);
    await page.locator('[data-testid="presenter"]').click();
    await page.locator('[data-testid="spoiler-switch"]').check();
    for (const [width, height] of [
      [1280, 720],
      [1920, 1080],
    ] as const) {
      const where = `${width}×${height} presenter`;
      await page.setViewportSize({ width, height });
      // Two announcements said: both violations (announcements stay 8 s; this is well within),
      // where they come to rest (they rise into place as they enter).
      await announcedAt(page, second, where, 2);
      const said = page.locator('[data-testid="announcement"]');
      // At most two in sight on this short layout, the newest among them; the others counted.
      const shown = await shownAnnouncements(page);
      expect(shown.length, `${where}: in sight`).toBeGreaterThanOrEqual(1);
      expect(shown.length, `${where}: in sight`).toBeLessThanOrEqual(2);
      expect(shown, `${where}: the newest in sight`).toContain(second);
      if (shown.length < (await said.count()))
        expect(await page.locator('[data-testid="announcements-more"]').innerText()).toMatch(
          /^\+\d+ more$/,
        );
      expect(await covered(page), where).toEqual([]);
      // Never cut with "…": no line clamp; what does not fit says so, and reads whole under the
      // pointer (before: "no-maintenance-on-active violated (procedure…").
      const lead = page.locator('[data-testid="announcement"][data-lead]');
      const text = await lead.locator('span[title]').getAttribute('title');
      const clamp = await lead.evaluate((item) =>
        [item, ...item.querySelectorAll('*')].map(
          (element) => getComputedStyle(element).webkitLineClamp,
        ),
      );
      expect(new Set(clamp), `${where}: line clamps`).toEqual(new Set(['none']));
      if ((await lead.getAttribute('data-clipped')) !== null) {
        expect(await lead.getByText('more ▾').isVisible(), `${where}: says there is more`).toBe(
          true,
        );
        // …where it can be read: inside the body's line and the window. Before, in presenter
        // mode's one line, the cue sat on the hidden second line, below the window's foot.
        const cue = await lead.evaluate((item) => {
          const body = item.querySelector('[data-announcement-body]')?.getBoundingClientRect();
          const mark = [...item.querySelectorAll('span')]
            .find((span) => span.textContent === 'more ▾')
            ?.getBoundingClientRect();
          return (
            body !== undefined &&
            mark !== undefined &&
            mark.top >= body.top - 1 &&
            mark.bottom <= body.bottom + 1 &&
            mark.bottom <= window.innerHeight + 1
          );
        });
        expect(cue, `${where}: "more ▾" in sight`).toBe(true);
      }
      // Cut between lines, never through one. Before: a sliver of the second line showed under
      // the first, half letters at the window's foot.
      const lines = await linesInView(lead);
      expect(Math.abs(lines - Math.round(lines)), `${where}: whole lines (${lines})`).toBeLessThan(
        0.05,
      );
      await screenshot(page, `announcements-${width}x${height}-presenter`, false);
      await lead.hover();
      const whole = await lead.evaluate((item) => {
        const body = item.querySelector<HTMLElement>('[data-announcement-body]');
        return body !== null && body.scrollHeight <= body.clientHeight + 1;
      });
      expect(whole, `${where}: whole under the pointer`).toBe(true);
      expect(await lead.innerText()).toContain(text);
      await page.mouse.move(0, 0);
    }
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('out of presenter mode at 1280×720 and 1920×1080: beside the switches, covering neither the Findings strip nor the current step nor the fault form', async () => {
    if (second === undefined) throw new Error(`${MIRROR} breaks two invariants`);
    const { page, errors } = await openApp(app.browser, app.url);
    await pickScenario(page, MIRROR);
    for (const [width, height] of [
      [1280, 720],
      [1920, 1080],
    ] as const) {
      const where = `${width}×${height}`;
      await page.setViewportSize({ width, height });
      await page.evaluate(() => window.scrollTo(0, 0));
      await announcedAt(page, second, where);
      expect(await shownAnnouncements(page), where).toContain(second);
      // Before: over the Findings strip, at 693–720 of 720 (1053–1080 of 1080).
      expect(await covered(page, true), where).toEqual([]);
      // One whole line. Before: the top of the second line showed in the box's bottom padding.
      const lines = await linesInView(page.locator('[data-testid="announcement"][data-lead]'));
      expect(Math.abs(lines - Math.round(lines)), `${where}: whole lines (${lines})`).toBeLessThan(
        0.05,
      );
      const [bar, lead] = await Promise.all(
        ['[data-testid="drill-bar"]', '[data-testid="announcement"][data-lead]'].map((selector) =>
          page.locator(selector).boundingBox(),
        ),
      );
      expect(lead && bar && lead.y >= bar.y - 1 && lead.y < bar.y + bar.height, where).toBe(true);
      await screenshot(page, `announcements-${width}x${height}`, false);
    }
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('a drill at 1280×720 out of presenter mode: the stage ends at the window’s foot, its announcements over the Findings strip, covering nothing else', async () => {
    // Before: the drill's switches took two rows and the announcements a line of their own under
    // them, and the stage ran 67 px past the window's foot.
    if (second === undefined) throw new Error(`${MIRROR} breaks two invariants`);
    const { page, errors } = await openApp(app.browser, app.url);
    await page.setViewportSize({ width: 1280, height: 720 });
    await pickScenario(page, MIRROR);
    for (const mode of ['drill', 'hands-on'] as const) {
      await page.locator(`[data-testid="${mode}-switch"]`).check();
      await page.evaluate(() => window.scrollTo(0, 0));
      const foot = () =>
        page.evaluate(() => {
          const stage = document.querySelector('.stage');
          return (stage?.getBoundingClientRect().bottom ?? Infinity) + window.scrollY;
        });
      expect(await foot(), `${mode}: the stage's foot`).toBeLessThanOrEqual(720 + 1);
      if (mode === 'hands-on') break;
      await announcedAt(page, second, mode);
      expect(await shownAnnouncements(page), mode).toContain(second);
      expect(await covered(page), mode).toEqual([]);
      // Said at the foot of the main column, not on a line under the switches.
      const inColumn = await page
        .locator('.column-main [data-testid="announcement"][data-lead]')
        .count();
      expect(inColumn, mode).toBe(1);
      expect(await foot(), `${mode}, an announcement said: the stage's foot`).toBeLessThanOrEqual(
        720 + 1,
      );
      await screenshot(page, 'announcements-drill-1280x720', false);
    }
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('presenter mode at 1280×720 and 1920×1080: the Findings heading is never cut by the announcement', async () => {
    // Before: the announcement stood over the Findings strip, which kept only its height free:
    // its heading was cut in half, on a run that misses its expectations as on one that meets
    // them.
    const meets = readFileSync(join('scenarios', 'serverware-mirror-3.2.yaml'), 'utf8');
    const misses = meets.replace(
      /\nexpect:/,
      '\nfaults:\n  - { fault: host-crash, target: primary, when: { at: 1s }, duration: 30m }\nexpect:',
    );
    for (const [text, list] of [
      [misses, true],
      [meets, false],
    ] as const) {
      const { page, errors } = await openApp(app.browser, app.url, scenarioHash(text));
      await page.locator('[data-testid="presenter"]').click();
      for (const [width, height] of [
        [1280, 720],
        [1920, 1080],
      ] as const) {
        const where = `${width}×${height} presenter, ${list ? 'misses' : 'meets'}`;
        await page.setViewportSize({ width, height });
        await page.locator('[data-testid="app-root"] h1').click();
        await page.keyboard.press('Home');
        await page.keyboard.press('End');
        await expect
          .poll(() => page.locator('[data-testid="announcement"][data-lead]').count(), {
            message: where,
          })
          .toBe(1);
        await settled(page);
        const heading = await page.evaluate(() => {
          const lead = document
            .querySelector('[data-testid="announcement"][data-lead]')
            ?.getBoundingClientRect();
          const strip = document.querySelector('section[aria-label="Findings"]');
          const h2 = strip?.querySelector('h2');
          if (!lead || !strip || !h2) return 'no announcement, strip or heading';
          if (getComputedStyle(h2).opacity === '0') return 'stepped aside';
          const r = h2.getBoundingClientRect();
          const box = strip.getBoundingClientRect();
          if (r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5 || r.bottom > innerHeight)
            return `not whole in its strip (${r.top}–${r.bottom} of ${box.top}–${box.bottom})`;
          if (r.bottom > lead.top + 0.5 && r.top < lead.bottom - 0.5)
            return `under the announcement (${r.top}–${r.bottom}, it at ${lead.top})`;
          return 'in view';
        });
        // Its verdict in view where there is a list to read under it; said again once the
        // announcement goes where there is none.
        expect(heading, where).toBe(list ? 'in view' : 'stepped aside');
        await screenshot(
          page,
          `announcement-findings-${width}x${height}-presenter-${list ? 'misses' : 'meets'}`,
          false,
        );
      }
      expect(errors).toEqual([]);
      await page.context().close();
    }
  });

  it('a run with no Findings strip makes room for them at the foot of the column while one is said', async () => {
    if (!mirror) throw new Error(`${MIRROR} is a built-in scenario`);
    // The same run without its `expect`: no misses, no warnings, so no Findings strip.
    const text = mirror.text.replace(/^expect:[\s\S]*?(?=^\S|(?![\s\S]))/m, '');
    const { page, errors } = await openApp(app.browser, app.url, scenarioHash(text));
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.locator('[data-testid="presenter"]').click();
    expect(await page.locator('[data-testid="findings"]').count()).toBe(0);
    await page.locator('[data-testid="app-root"] h1').click();
    await page.keyboard.press('End');
    await expect
      .poll(() => page.locator('[data-testid="announcement"]').count())
      .toBeGreaterThan(0);
    await settled(page);
    expect(await covered(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('after a rewind no announcement of a later moment is shown, spoiler-free or not', async () => {
    if (first === undefined || second === undefined)
      throw new Error(`${MIRROR} breaks two invariants`);
    const { page, errors } = await openApp(app.browser, app.url);
    await page.setViewportSize({ width: 1280, height: 720 });
    await pickScenario(page, MIRROR);
    const later = async () => {
      const cursor = await cursorOf(page);
      return page.evaluate(
        (cursor) =>
          [...document.querySelectorAll('[data-testid="announcement"]')]
            .map((item) => Number(item.getAttribute('data-seq')))
            .filter((seq) => seq > cursor),
        cursor,
      );
    };
    for (const spoilerFree of [true, false]) {
      await page.locator('[data-testid="spoiler-switch"]').setChecked(spoilerFree);
      await stepTo(page, second);
      await expect.poll(() => page.locator('[data-testid="announcement"]').count()).toBe(2);
      // A step back before the later one: it goes, the earlier one stays.
      await page.keyboard.press('ArrowLeft');
      await expect.poll(later).toEqual([]);
      expect(await page.locator(`[data-testid="announcement"][data-seq="${first}"]`).count()).toBe(
        1,
      );
      // Back to the start: nothing said of 0:40 or 1:00 stays on screen.
      await page.keyboard.press('Home');
      expect(await cursorOf(page)).toBe(0);
      expect(await later()).toEqual([]);
      expect(await page.locator('[data-testid="announcement"]').count()).toBe(0);
      // The run's end and back: the last ones said go too.
      await page.keyboard.press('End');
      await expect
        .poll(() => page.locator('[data-testid="announcement"]').count())
        .toBeGreaterThan(0);
      await page.keyboard.press('Home');
      expect(await page.locator('[data-testid="announcement"]').count()).toBe(0);
    }
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('a decision is said in words, its source and scenario key only out of presenter mode', async () => {
    const sessions = builtinRuns().find((item) => item.id === SESSIONS);
    if (!sessions) throw new Error(`${SESSIONS} is a built-in scenario`);
    const view = buildRunView(sessions.run);
    const decisions = announcements(view.run, view.markers).filter(
      (item) => item.kind === 'decision',
    );
    const keys = sessions.run.report.decisions.flatMap((item) =>
      item.source.key === undefined ? [] : [item.source.key],
    );
    expect(keys, 'a decision this scenario takes names a scenario key').toContain(
      'policy.session-checks',
    );
    const { page, errors } = await openApp(app.browser, app.url, scenarioHash(sessions.text));
    await page.setViewportSize({ width: 1280, height: 720 });
    for (const presenter of [true, false]) {
      if (presenter !== (await page.locator('.app.presenter').count()) > 0)
        await page.locator('[data-testid="presenter"]').click();
      await page.locator('[data-testid="app-root"] h1').click();
      await page.keyboard.press('Home');
      for (const seq of new Set(decisions.map((item) => item.seq))) {
        const where = `decisions at ${seq}${presenter ? ', presenter' : ''}`;
        // On from the last decision: each is said as the playhead reaches it.
        while ((await cursorOf(page)) < seq) await page.keyboard.press('ArrowRight');
        const said = page.locator(
          `[data-testid="announcement"][data-kind="decision"][data-seq="${seq}"]`,
        );
        const count = decisions.filter((item) => item.seq === seq).length;
        await expect.poll(() => said.count(), { message: where }).toBe(count);
        // Read whole, as under the pointer (the others of the entry opened from their count).
        const more = page.locator('[data-testid="announcements-more"]');
        if ((await more.count()) > 0 && (await more.getAttribute('aria-expanded')) === 'false')
          await more.click();
        for (let index = 0; index < count; index++) {
          const item = said.nth(index);
          await item.hover();
          const text = await item.innerText();
          // Before: "sessions not synchronized: switch over anyway, chosen by Rehearse's default
          // (an assumption); source: after policy.session-checks comparisons the switchover…".
          expect(text, where).toMatch(
            /The critical sessions are not synchronized to the upgraded standby/,
          );
          expect(text, where).not.toMatch(/sessions not synchronized:|source:/);
          const detail = item.locator('[data-testid="announcement-detail"]');
          if (presenter) {
            for (const key of keys) expect(text, where).not.toContain(key);
            expect(await detail.isVisible(), where).toBe(false);
          } else {
            expect(await detail.isVisible(), where).toBe(true);
          }
        }
        await page.mouse.move(0, 0);
      }
    }
    // Out of presenter mode the developer reads which key changes the assumption.
    expect(await page.locator('[data-testid="announcement-detail"]').allInnerTexts()).toEqual(
      expect.arrayContaining([expect.stringContaining('`policy.session-checks`')]),
    );
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

describe('announcements in presenter mode at 1280×720, through a Cluster and a violation', () => {
  it.each(['serverware-cluster-3.2.yaml', 'must-fail/ha-pair-preemption-left-on.yaml'])(
    '%s: each one said covers nothing the class needs, standing in the slot the Findings strip keeps free',
    async (scenario) => {
      // Before: the bar at the column's foot stood over the Findings strip and the timeline's
      // last lanes, which the tests above (a Mirror's violations) never reached.
      const run = builtinRuns().find((item) => item.id === scenario);
      const moments = [
        ...(run?.run.report.invariants.flatMap((item) => item.violations) ?? []).map(
          (item) => item.seq,
        ),
      ];
      const { page, errors } = await openApp(app.browser, app.url);
      await page.setViewportSize({ width: 1280, height: 720 });
      await pickScenario(page, scenario);
      await page.locator('[data-testid="presenter"]').click();
      const found: string[] = [];
      let said = 0;
      await page.locator('[data-testid="app-root"] h1').click();
      await page.keyboard.press('Home');
      for (let step = 0; step < 40; step++) {
        await page.keyboard.press('Shift+ArrowRight');
        await page.waitForTimeout(120);
        if ((await shownAnnouncements(page)).length === 0) continue;
        said++;
        await settled(page);
        for (const item of await covered(page)) found.push(`${await cursorOf(page)}: ${item}`);
      }
      expect(
        said,
        `${scenario}: announcements said (${moments.length} violations)`,
      ).toBeGreaterThan(0);
      await screenshot(
        page,
        `announcements-1280x720-presenter-${scenario.replace('/', '-')}`,
        false,
      );
      expect(found).toEqual([]);
      expect(errors).toEqual([]);
      await page.context().close();
    },
  );
});
