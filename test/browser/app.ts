import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { parseScenario, simulate, type Run } from '../../src/sim';
import { resultsDir } from './helpers';
import { readShareHash } from '../../src/ui/state/persistence';

const scenariosDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'scenarios');

/** Where the suites save the screenshots of each view. */
const screenshotsDir = join(resultsDir, 'screenshots');

/** A built-in scenario as the tests see it: its id in the app's picker, and the engine's run. */
export interface BuiltinRun {
  readonly id: string;
  readonly text: string;
  readonly run: Run;
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}

/** Every parseable scenario of the repository's `scenarios/` folder, simulated by the engine. */
export function builtinRuns(): BuiltinRun[] {
  return yamlFiles(scenariosDir).flatMap((path) => {
    const id = relative(scenariosDir, path).split('\\').join('/');
    const text = readFileSync(path, 'utf8');
    try {
      return [{ id, text, run: simulate(parseScenario(text, id)) }];
    } catch {
      return [];
    }
  });
}

/** A page of the app and every console error and uncaught exception it produced. */
export interface AppPage {
  readonly page: Page;
  readonly errors: string[];
}

/** Waits until no run is being simulated: the run of the text on screen is the one shown. */
export async function runSettled(page: Page): Promise<void> {
  await page
    .locator('[data-testid="run-status"][data-state="running"]')
    .waitFor({ state: 'detached', timeout: 90_000 });
}

/**
 * Picks a built-in scenario (its file name under `scenarios/`) and waits for its own run: the
 * scenario's name on screen changes first, so a run still settling from the scenario shown
 * before is not taken for it (a click on the timeline then landed in the other run).
 */
export async function pickScenario(page: Page, id: string): Promise<void> {
  const picker = page.locator('[data-testid="scenario-picker"]');
  if ((await picker.inputValue()) !== id) {
    const name = page.locator('[data-testid="scenario-name"]');
    const before = await name.innerText();
    await picker.selectOption(id);
    await expect.poll(() => name.innerText(), { timeout: 30_000 }).not.toBe(before);
  }
  await runSettled(page);
}

/**
 * Opens the app (optionally at a hash) in a fresh context, so storage starts empty, and waits
 * for its first run to be on screen.
 * @param prepare Runs on the page before it loads (to install observers).
 * @param settle Whether to wait for the first run (not when a test times the run itself).
 */
export async function openApp(
  browser: Browser,
  url: string,
  hash = '',
  prepare?: (page: Page) => Promise<void>,
  settle = true,
): Promise<AppPage> {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 1000 },
    acceptDownloads: true,
  });
  const page = await context.newPage();
  await prepare?.(page);
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error')
      errors.push(`console: ${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => errors.push(`page: ${error.name}: ${error.message}`));
  await page.goto(url + hash, { waitUntil: 'load' });
  await page.locator('[data-testid="app-root"]').waitFor({ state: 'visible' });
  if (settle) await runSettled(page);
  return { page, errors };
}

/** Saves a full-page screenshot under `test-results/screenshots/`, after transitions settle. */
export async function screenshot(page: Page, name: string, fullPage = true): Promise<void> {
  mkdirSync(screenshotsDir, { recursive: true });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(800);
  await page.screenshot({ path: join(screenshotsDir, `${name}.png`), fullPage });
}

/** The trace index the app's cursor is at. */
export async function cursorOf(page: Page): Promise<number> {
  return Number(await page.locator('[data-testid="cursor"]').getAttribute('data-cursor'));
}

/** What the main panels show, as text, for comparing two instants. */
export async function panelsText(page: Page): Promise<string> {
  const parts: string[] = [];
  for (const name of ['Topology', 'Procedure', 'Invariants']) {
    parts.push(await page.getByRole('region', { name, exact: true }).innerText());
  }
  parts.push(await page.locator('[data-testid="downtime-summary"]').innerText());
  parts.push(await page.locator('[data-testid="clock"]').innerText());
  return parts.join('\n---\n');
}

export { DRILL } from '../support/drillScenario';

/** The scenario text a share link's hash carries, read as the app reads it (its check included). */
export function sharedText(hash: string): string {
  const read = readShareHash(hash.slice(hash.indexOf('#')));
  if (read === undefined || 'error' in read)
    throw new Error(`no scenario in ${hash.slice(0, 40)}…`);
  return read.text;
}

/** The app's hash for a scenario's text (and a drill link's settings, `&drill=hands-on`). */
export function scenarioHash(text: string, drill = ''): string {
  return '#s=' + Buffer.from(text, 'utf8').toString('base64url') + drill;
}

/** The hands-on panel of a page, and a trainee's hand on it. */
export interface HandsOnPage {
  readonly panel: Locator;
  /**
   * The button that adds `item` (`upgrade device-b`, as the plan names it) to the plan, its step
   * picked first when the step is taken several ways (its hosts are shown only then).
   */
  readonly offer: (item: string) => Promise<Locator>;
  /** The steps taken so far, each with its verdict. */
  readonly steps: Locator;
  readonly status: Locator;
  /** Adds a step and waits until its run is on screen. */
  readonly take: (item: string) => Promise<void>;
  /** Undoes the last step and waits until the run without it is on screen. */
  readonly undo: () => Promise<void>;
}

/**
 * The hands-on offer that adds `item` (`upgrade device-b`) to the plan: its step picked first
 * when the step is taken several ways (its hosts are shown only then, in the steps' place), or
 * back to the steps from another step's hosts.
 */
export async function handsOnOffer(page: Page, item: string): Promise<Locator> {
  const offer = page.locator(`[data-testid="hands-on-offer"][data-item="${item}"]`);
  if ((await offer.count()) === 0) {
    const back = page.locator('[data-testid="hands-on-back"]');
    if ((await back.count()) > 0) await back.click();
    if ((await offer.count()) > 0) return offer;
    const names = page.locator('[data-testid="hands-on-step-name"]');
    for (const name of await names.all()) {
      const step = (await name.getAttribute('data-step')) ?? '';
      if (item !== step && !item.startsWith(`${step} `)) continue;
      await name.click();
      break;
    }
  }
  return offer;
}

/** Switches hands-on mode on (unless a link opened it) and returns the trainee's hand on it. */
export async function startHandsOn(page: Page): Promise<HandsOnPage> {
  const toggle = page.locator('[data-testid="hands-on-switch"]');
  if (!(await toggle.isChecked())) await toggle.check();
  const panel = page.locator('[data-testid="hands-on"]');
  await panel.waitFor();
  const offer = (item: string) => handsOnOffer(page, item);
  const steps = panel.locator('[data-testid="hands-on-step"]');
  const status = panel.locator('[data-testid="hands-on-status"]');
  const settled = async (count: number) => {
    await runSettled(page);
    await expect.poll(() => steps.count()).toBe(count);
    await expect.poll(() => status.innerText()).not.toContain('Simulating');
  };
  return {
    panel,
    offer,
    steps,
    status,
    take: async (item) => {
      const before = await steps.count();
      await (await offer(item)).click();
      await settled(before + 1);
    },
    undo: async () => {
      const before = await steps.count();
      await panel.locator('[data-testid="hands-on-undo"]').click();
      await settled(before - 1);
    },
  };
}

/**
 * The scenario editor's editable content, once CodeMirror has loaded: it loads when the editor
 * comes into view (a textarea stands in before), so the editor is scrolled to, as a user does.
 */
export async function editorContent(page: Page): Promise<Locator> {
  await page.locator('[data-testid="editor"]').scrollIntoViewIfNeeded();
  const content = page.locator('[data-testid="code-editor"] .cm-content[data-testid="source"]');
  await content.waitFor({ timeout: 30_000 });
  return content;
}

/** The scenario editor's whole text (the editor renders only the lines in sight). */
export async function editorText(page: Page): Promise<string> {
  await editorContent(page);
  return page
    .locator('[data-testid="code-editor"]')
    .evaluate((element) => (element as HTMLElement & { value: string }).value);
}

/** Replaces the scenario editor's text as a user does: select all, then paste the new text. */
export async function setEditorText(page: Page, text: string): Promise<void> {
  const content = await editorContent(page);
  await content.focus();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.insertText(text);
  await expect.poll(() => editorText(page)).toBe(text);
}

/** The line numbers the editor's gutter marks with an error, read from the gutter as shown. */
export async function lintedLines(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const numbers = [
      ...document.querySelectorAll<HTMLElement>('.cm-lineNumbers .cm-gutterElement'),
    ];
    return [...document.querySelectorAll<HTMLElement>('.cm-lint-marker-error')].map((marker) => {
      const top = marker.closest<HTMLElement>('.cm-gutterElement')?.getBoundingClientRect().top;
      const line = numbers.find(
        (element) => top !== undefined && Math.abs(element.getBoundingClientRect().top - top) < 2,
      );
      return Number(line?.textContent ?? NaN);
    });
  });
}

/**
 * Text on the page whose contrast against what is behind it is under WCAG AA: 4.5:1, or 3:1 for
 * large text (24 px, or 18.66 px bold). Disabled controls are exempt, as WCAG exempts them.
 */
export async function lowContrast(page: Page, root = 'body'): Promise<string[]> {
  return page.evaluate((selector) => {
    const parse = (value: string): [number, number, number, number] | undefined => {
      const match = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/.exec(value);
      if (!match) return undefined;
      return [Number(match[1]), Number(match[2]), Number(match[3]), Number(match[4] ?? 1)];
    };
    const luminance = ([r, g, b]: readonly number[]) => {
      const f = (c: number) => {
        const s = c / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * f(r ?? 0) + 0.7152 * f(g ?? 0) + 0.0722 * f(b ?? 0);
    };
    const background = (element: Element | null): number[] => {
      for (let node = element; node; node = node.parentElement) {
        const color = parse(getComputedStyle(node).backgroundColor);
        if (color && color[3] > 0.5) return color;
      }
      return [255, 255, 255, 1];
    };
    const found: string[] = [];
    const scope = document.querySelector(selector) ?? document.body;
    for (const element of scope.querySelectorAll<HTMLElement>('*')) {
      const own = [...element.childNodes].some(
        (node) => node.nodeType === Node.TEXT_NODE && (node.textContent ?? '').trim() !== '',
      );
      if (!own || element.closest(':disabled, [aria-hidden="true"], svg')) continue;
      const style = getComputedStyle(element);
      if (style.visibility === 'hidden' || style.display === 'none') continue;
      const rect = element.getBoundingClientRect();
      if (rect.width === 0 || rect.height === 0) continue;
      const color = parse(style.color);
      if (!color || Number(style.opacity) < 1) continue;
      const behind = background(element);
      const a = luminance(color);
      const b = luminance(behind);
      const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      const size = parseFloat(style.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
      if (ratio < (large ? 3 : 4.5)) {
        const text = (element.textContent ?? '').trim().slice(0, 30);
        found.push(
          `${element.tagName.toLowerCase()}.${element.className} "${text}" ${ratio.toFixed(2)}:1`,
        );
      }
    }
    return found;
  }, root);
}

/**
 * Marks a range on the timeline as a user does: shift+drag along the row at height `y`, from
 * `from` to `to` of the axis's width (0 to 1).
 */
export async function brushRange(page: Page, y: number, from: number, to: number): Promise<void> {
  const axis = await page.locator('[data-testid="axis-lane"]').boundingBox();
  if (!axis) throw new Error('no timeline');
  await page.keyboard.down('Shift');
  await page.mouse.move(axis.x + axis.width * from, y);
  await page.mouse.down();
  await page.mouse.move(axis.x + axis.width * to, y, { steps: 5 });
  await page.mouse.up();
  await page.keyboard.up('Shift');
}
