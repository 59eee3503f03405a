import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { FAULT_TYPES, faultRecord } from '../../machines/faultTable';
import { parseScenario } from '../../src/sim';
import {
  cursorOf,
  editorContent,
  editorText,
  lintedLines,
  openApp,
  screenshot,
  setEditorText,
} from './app';
import { useBuiltApp } from './helpers';
import schemaJson from '../../schema/scenario.schema.json';

/** A Cluster scenario with one fault; line 3 is `topology:` and line 8 the fault's `target:`. */
const VALID = `name: Editor check
system: serverware
topology: cluster
version: { from: 3.2.4 }
hosts: { processing: 2 }
faults:
  - fault: host-crash
    target: processing-1
    when: { step: install }
`;

interface SchemaNode {
  readonly description?: string;
  readonly properties?: Record<string, SchemaNode>;
  readonly items?: SchemaNode;
}

const schema = schemaJson as SchemaNode;

/** Puts the cursor at the end of 1-based line `line`, with the keyboard. */
async function cursorToEndOf(page: Page, line: number): Promise<void> {
  await (await editorContent(page)).focus();
  await page.keyboard.press('ControlOrMeta+Home');
  for (let index = 1; index < line; index++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('End');
}

/** The labels of the completion list on screen. */
async function completions(page: Page): Promise<string[]> {
  const list = page.locator('.cm-tooltip-autocomplete');
  await list.waitFor();
  return list.locator('li .cm-completionLabel').allTextContents();
}

/** Hovers the first occurrence of `word` in the editor's lines until `shows` appears. */
async function hoverWord(page: Page, word: string, shows: Locator): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    // A tooltip of another key (the text moved under the pointer on a busy page) is a miss too.
    if ((await hoverOnce(page, word, shows)) && (await shows.innerText()).startsWith(`${word}:`))
      return;
    await page.mouse.move(0, 0);
    if (attempt === 4) throw new Error(`hovering ${word} showed no tooltip`);
  }
}

/**
 * Rests the pointer on `word` until `shows` appears (CodeMirror waits for the pointer to rest);
 * false when it does not within a few seconds, as when the text moved under a busy page.
 */
async function hoverOnce(page: Page, word: string, shows: Locator): Promise<boolean> {
  const box = await page.evaluate((text) => {
    const walker = document.createTreeWalker(
      document.querySelector('.cm-content') ?? document.body,
      NodeFilter.SHOW_TEXT,
    );
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.textContent?.indexOf(text) ?? -1;
      if (at === -1) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + text.length);
      const rect = range.getBoundingClientRect();
      return { x: rect.x + rect.width / 2, y: rect.y + rect.height / 2 };
    }
    return undefined;
  }, word);
  if (!box) throw new Error(`no ${word} in the editor`);
  // Off the text first, so each attempt is a new hover.
  await page.mouse.move(0, 0);
  await page.mouse.move(box.x, box.y);
  return shows
    .waitFor({ timeout: 5_000 })
    .then(() => true)
    .catch(() => false);
}

const app = useBuiltApp();

describe('the scenario editor', () => {
  it('marks a typo at its line, completes fault types, hosts and steps from the schema and this scenario, and shows key docs', async () => {
    const { page, errors } = await openApp(app.browser, app.url);
    await page.locator('[data-testid="tab-scenario"]').click();

    // A typo in a key: the parser's error is a diagnostic at its line, in the gutter and the text.
    await setEditorText(page, VALID.replace('topology:', 'topolgy:'));
    const error = page.locator('[data-testid="editor-error"]');
    await error.waitFor();
    expect(await error.getAttribute('data-line')).toBe('3');
    await page.locator('.cm-lint-marker-error').waitFor();
    expect(await lintedLines(page)).toEqual([3]);
    expect(await page.locator('.cm-lintRange-error').innerText()).toBe('topolgy');
    expect(await page.locator('[data-testid="source"]').getAttribute('aria-invalid')).toBe('true');
    const lintTip = page.locator('.cm-tooltip-lint');
    await hoverWord(page, 'topolgy', lintTip);
    expect(await lintTip.innerText()).toContain('topolgy');
    await screenshot(page, 'editor-diagnostic', false);
    // Where the error is, above the text: with the editor's top on a 1440×900 screen, the
    // status says so (it was under the 420-pixel box, out of view, with only the gutter's dot).
    const status = page.locator('[data-testid="editor-status"]');
    await expect.poll(() => status.innerText()).toMatch(/^Invalid at line 3, column \d+:/);
    const [above, box] = await Promise.all([
      status.boundingBox(),
      page.locator('[data-testid="editor"]').boundingBox(),
    ]);
    expect((above?.y ?? Infinity) + (above?.height ?? 0)).toBeLessThanOrEqual(box?.y ?? 0);

    // Fixed: the run is this scenario again.
    await setEditorText(page, VALID);
    await error.waitFor({ state: 'detached' });
    await expect
      .poll(() => page.locator('[data-testid="editor-status"]').innerText())
      .toMatch(/^Valid/);
    await page.mouse.move(0, 0);

    // `fault:` offers the fault table's types that a SERVERware system can have.
    await cursorToEndOf(page, 7);
    for (const _ of 'host-crash') await page.keyboard.press('Backspace');
    await page.keyboard.press('Control+Space');
    expect(await completions(page)).toEqual(
      FAULT_TYPES.filter((type) => faultRecord(type).systems.includes('serverware')),
    );
    expect(await page.locator('.cm-tooltip-autocomplete').innerText()).not.toContain('split-brain');
    // Typing narrows the list; Enter takes the choice.
    await page.keyboard.type('pow');
    // The half-typed text is checked in the background; Enter waits for that check to land, so
    // it goes to the completion list rather than racing the editor's update (a busy CI machine
    // took the Enter as a new line).
    await expect
      .poll(() => page.locator('[data-testid="editor-status"]').innerText())
      .toMatch(/^Invalid at line 7/);
    expect(await completions(page)).toEqual(['power-loss']);
    await page.keyboard.press('Enter');
    await expect.poll(() => editorText(page)).toBe(VALID.replace('host-crash', 'power-loss'));

    // `target:` offers this scenario's hosts (and roles).
    const hosts = parseScenario(VALID, 'editor.yaml').hosts.map((host) => host.name);
    expect(hosts).toContain('processing-2');
    await cursorToEndOf(page, 8);
    for (const _ of 'processing-1') await page.keyboard.press('Backspace');
    await page.keyboard.press('Control+Space');
    const targets = await completions(page);
    expect(targets.slice(0, hosts.length)).toEqual(hosts);
    expect(targets).toContain('primary');
    await page.keyboard.press('Escape');
    await page.keyboard.type('processing-1');

    // `when.step` offers the steps of this procedure: a SERVERware cluster fails over, never switches over.
    await cursorToEndOf(page, 9);
    for (const _ of 'install }') await page.keyboard.press('Backspace');
    await page.keyboard.press('Control+Space');
    const steps = await completions(page);
    expect(steps).toContain('install');
    expect(steps).toContain('failover');
    expect(steps).not.toContain('switchover');
    await page.keyboard.press('Escape');
    await page.keyboard.type('install }');
    await expect.poll(() => editorText(page)).toBe(VALID.replace('host-crash', 'power-loss'));

    // A new key: the keys of a fault entry not written yet, with their descriptions.
    await cursorToEndOf(page, 9);
    await page.keyboard.press('Enter');
    await page.keyboard.type('du');
    expect(await completions(page)).toEqual(['duration']);
    const info = page.locator('.cm-completionInfo');
    await info.waitFor();
    const duration = schema.properties?.faults?.items?.properties?.duration?.description;
    expect(duration).toBeDefined();
    expect(await info.innerText()).toBe(duration);
    await page.keyboard.press('Escape');

    // Hovering a key shows its description from the schema.
    const topology = schema.properties?.topology?.description;
    expect(topology).toBeDefined();
    const doc = page.locator('[data-testid="key-doc"]');
    await hoverWord(page, 'topology', doc);
    expect(await doc.innerText()).toBe(`topology: ${topology}`);
    await screenshot(page, 'editor-key-doc', false);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('loads CodeMirror when scrolled to, keeping what was typed in the plain text area meanwhile and the focus', async () => {
    const { page, errors } = await openApp(app.browser, app.url);
    // Below the one-screen stage: not loaded until it comes into view.
    expect(await page.locator('[data-testid="code-editor"]').count()).toBe(0);
    const plain = page.locator('textarea[data-editor="plain"]');
    const before = await plain.inputValue();
    // Clicking scrolls it into view; typing at once goes into the plain text area (or, on a
    // quick machine, into CodeMirror already: where the keys land depends on when it arrives).
    await plain.click();
    await page.keyboard.type('#a\n');
    await page.locator('[data-testid="code-editor"] .cm-content').waitFor({ timeout: 30_000 });
    await page.keyboard.type('#b\n');
    // Every key is in the text, once, and nothing else changed.
    const keys = async () => {
      const text = await editorText(page);
      return {
        a: text.split('#a\n').length - 1,
        b: text.split('#b\n').length - 1,
        rest: text.replace('#a\n', '').replace('#b\n', ''),
      };
    };
    await expect.poll(keys).toEqual({ a: 1, b: 1, rest: before });
    expect(
      await page.evaluate(() =>
        Boolean(document.activeElement?.closest('[data-testid="code-editor"]')),
      ),
    ).toBe(true);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('leaves Space and the arrows to the text, lets Tab move on, and shows where the focus is', async () => {
    const { page, errors } = await openApp(app.browser, app.url);
    await page.locator('[data-testid="tab-scenario"]').click();
    const text = await editorText(page);
    const cursor = await cursorOf(page);
    const content = await editorContent(page);
    await content.focus();
    for (const key of [' ', 'ArrowLeft', 'ArrowRight', '1', 'End', 'Home'])
      await page.keyboard.press(key);
    await page.waitForTimeout(300);
    expect(await cursorOf(page)).toBe(cursor);
    expect(await page.locator('[data-testid="play"]').getAttribute('aria-label')).toBe('Play');
    // The keys went into the text: a space, then a 1 after it.
    expect(await editorText(page)).toBe(` 1${text}`);
    // Visible focus: an outline around the editor.
    const outline = await page
      .locator('.cm-editor')
      .evaluate((element) => getComputedStyle(element).outlineStyle);
    expect(outline).not.toBe('none');
    // Undo and redo from the keyboard.
    await page.keyboard.press('ControlOrMeta+z');
    await expect.poll(() => editorText(page)).toBe(` ${text}`);
    await page.keyboard.press('ControlOrMeta+z');
    await expect.poll(() => editorText(page)).toBe(text);
    await page.keyboard.press('ControlOrMeta+Shift+z');
    await expect.poll(() => editorText(page)).toBe(` ${text}`);
    // Tab leaves the editor instead of inserting a tab.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.closest('.cm-editor') === null)).toBe(
      true,
    );
    expect(await editorText(page)).toBe(` ${text}`);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
