// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../src/ui/App';
import { DRAFTS_KEY, readDrafts, STORAGE_KEY } from '../../src/ui/state/persistence';
import type { InvariantId } from '../../src/sim';
import type { PlayerActor } from '../../src/ui/state/PlayerContext';
import {
  codeEditor,
  fixtureText,
  memoryStorage,
  MODES,
  renderWithPlayer,
  runInProcess,
  startPlayer,
  typeInto,
} from './harness';

function firstCounterexample(actor: PlayerActor): InvariantId {
  const found = actor.getSnapshot().context.exploration?.result?.counterexamples[0];
  if (!found) throw new Error('the exploration found no counterexample');
  return found.invariant;
}

const LINK = fixtureText('standalone.yaml');

/** The editor, once loaded, and a way to type into it: text the user wrote and saved nowhere. */
async function editor() {
  const view = await codeEditor();
  return {
    view,
    type: (text: string) => typeInto(view, text),
    shown: () => view.state.doc.toString(),
  };
}

const source = (actor: ReturnType<typeof startPlayer>) => actor.getSnapshot().context.source;

describe.each(MODES)('replacing the editor text (%s)', (_, strict) => {
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });

  it('should ask before a link replaces unsaved text, keep it by default, and Undo the replacement', async () => {
    const actor = startPlayer('cluster.yaml');
    renderWithPlayer(actor, <App />, strict);
    const { type, shown } = await editor();
    const mine = `${fixtureText('cluster.yaml')}\n# my notes\n`;
    type(mine);
    act(() => void actor.send({ type: 'scenario.load', text: LINK, file: 'shared-link.yaml' }));
    const dialog = screen.getByTestId('replace-dialog');
    expect(source(actor)).toBe(mine);
    expect(shown()).toBe(source(actor));
    // "Keep editing mine" is the default: focused, and what Escape does.
    expect(document.activeElement).toBe(within(dialog).getByTestId('replace-keep'));
    act(() => void fireEvent.keyDown(dialog, { key: 'Escape' }));
    expect(screen.queryByTestId('replace-dialog')).toBeNull();
    expect(source(actor)).toBe(mine);
    expect(shown()).toBe(source(actor));

    act(() => void actor.send({ type: 'scenario.load', text: LINK, file: 'shared-link.yaml' }));
    act(() => void fireEvent.click(screen.getByTestId('replace-confirm')));
    expect(source(actor)).toBe(LINK);
    expect(shown()).toBe(source(actor));
    expect(actor.getSnapshot().context.view?.run.report.scenario).toBe(
      actor.getSnapshot().context.scenario?.name,
    );
    // Replacing kept the text as a draft…
    expect(actor.getSnapshot().context.drafts.map((draft) => draft.text)).toEqual([mine]);
    // …and Undo brings it back.
    act(() => void fireEvent.click(screen.getByTestId('undo-replace')));
    expect(source(actor)).toBe(mine);
    expect(shown()).toBe(source(actor));
  });

  it.each<[string, (actor: PlayerActor) => void]>([
    [
      'the picker',
      () =>
        fireEvent.change(screen.getByTestId('scenario-picker'), {
          target: { value: 'standalone.yaml' },
        }),
    ],
    [
      "the picker's search, opening its only match",
      () => {
        fireEvent.change(screen.getByTestId('scenario-search'), {
          target: { value: 'single server' },
        });
        fireEvent.keyDown(screen.getByTestId('scenario-search'), { key: 'Enter' });
      },
    ],
    [
      'a link pasted into the address bar',
      (actor) => actor.send({ type: 'scenario.load', text: LINK, file: 'shared-link.yaml' }),
    ],
    [
      'an exploration\'s "Open as run"',
      (actor) => actor.send({ type: 'explore.open', invariant: firstCounterexample(actor) }),
    ],
  ])('should ask before %s replaces unsaved text', async (_name, replace) => {
    const actor = startPlayer('ha-left-on.yaml', {}, runInProcess);
    act(() => void actor.send({ type: 'explore.start' }));
    renderWithPlayer(actor, <App />, strict);
    const { type, shown } = await editor();
    const mine = `${fixtureText('ha-left-on.yaml')}# mine\n`;
    type(mine);
    act(() => void replace(actor));
    expect(screen.getByTestId('replace-dialog')).toBeTruthy();
    expect(source(actor)).toBe(mine);
    expect(shown()).toBe(source(actor));
    act(() => void fireEvent.click(screen.getByTestId('replace-keep')));
    expect(source(actor)).toBe(mine);
    expect(shown()).toBe(source(actor));
    expect(actor.getSnapshot().context.drafts).toEqual([]);
  });

  it('should name the built-in as the picker does and make the choice plain', async () => {
    const actor = startPlayer('cluster.yaml');
    renderWithPlayer(actor, <App />, strict);
    const { type } = await editor();
    type(`${fixtureText('cluster.yaml')}\n# my notes\n`);
    act(() => void actor.send({ type: 'scenario.select', id: 'standalone.yaml' }));
    const dialog = screen.getByTestId('replace-dialog');
    const title = actor
      .getSnapshot()
      .context.builtins.find((builtin) => builtin.id === 'standalone.yaml')?.name;
    expect(title).toBeTruthy();
    // Before: 'Opening the built-in scenario "standalone.yaml"', the file's name, where the
    // picker lists it by its title…
    const text = within(dialog).getByTestId('replace-text').textContent;
    expect(text).toContain(`"${title}"`);
    expect(text).not.toContain('standalone.yaml');
    // …and both buttons spoke of keeping a draft ("Keep my draft", "Replace it (keep mine as a
    // draft)"): one keeps editing, the other opens the built-in.
    const keep = within(dialog).getByTestId('replace-keep');
    expect(keep.textContent).toBe('Keep editing mine');
    expect(within(dialog).getByTestId('replace-confirm').textContent).toBe(
      `Open "${title}" (mine is kept as a draft)`,
    );
    expect(document.activeElement).toBe(keep);
  });

  it('should ask before a built-in replaces a run with faults injected by hand, and keep them in the draft', () => {
    const actor = startPlayer('ha-pair.yaml');
    renderWithPlayer(actor, <App />, strict);
    const install = actor
      .getSnapshot()
      .context.view?.run.report.steps.find((step) => step.action === 'install');
    act(() => void actor.send({ type: 'seek', at: (install?.start ?? 0) + 60_000 }));
    act(
      () => void actor.send({ type: 'fault.inject', fault: 'upgrade-failure', target: 'standby' }),
    );
    expect(actor.getSnapshot().context.live).toHaveLength(1);
    const before = source(actor);
    act(() => void actor.send({ type: 'scenario.select', id: 'standalone.yaml' }));
    expect(screen.getByTestId('replace-text').textContent).toContain('a fault injected by hand');
    act(() => void fireEvent.click(screen.getByTestId('replace-keep')));
    expect(actor.getSnapshot().context.live).toHaveLength(1);
    act(() => void actor.send({ type: 'scenario.select', id: 'standalone.yaml' }));
    act(() => void fireEvent.click(screen.getByTestId('replace-confirm')));
    const { context } = actor.getSnapshot();
    expect(context.source).not.toBe(before);
    const draft = context.drafts[0]?.text ?? '';
    expect(draft).toMatch(/faults:[\s\S]*upgrade-failure[\s\S]*standby/);
  });

  it('should replace text saved in a draft without asking, and keep it in the list', async () => {
    const actor = startPlayer('cluster.yaml');
    renderWithPlayer(actor, <App />, strict);
    const { type, shown } = await editor();
    const mine = `${fixtureText('cluster.yaml')}# kept\n`;
    type(mine);
    fireEvent.change(screen.getByTestId('draft-name'), { target: { value: 'My cluster' } });
    act(() => void fireEvent.click(screen.getByTestId('draft-save')));
    act(() => void actor.send({ type: 'scenario.select', id: 'ha-pair.yaml' }));
    expect(screen.queryByTestId('replace-dialog')).toBeNull();
    expect(source(actor)).toBe(fixtureText('ha-pair.yaml'));
    expect(shown()).toBe(source(actor));
    const drafts = screen.getAllByTestId('draft');
    expect(drafts.map((item) => item.textContent)).toEqual([expect.stringContaining('My cluster')]);
    act(() => void fireEvent.click(within(drafts[0] as HTMLElement).getByTestId('draft-open')));
    expect(source(actor)).toBe(mine);
    expect(shown()).toBe(source(actor));
    act(() => void fireEvent.click(within(drafts[0] as HTMLElement).getByTestId('draft-delete')));
    expect(screen.queryAllByTestId('draft')).toHaveLength(0);
  });

  it('should store drafts across reloads', async () => {
    vi.useFakeTimers();
    const storage = memoryStorage();
    const actor = startPlayer('cluster.yaml');
    renderWithPlayer(actor, <App storage={storage} />, strict);
    const { type } = await editor();
    type('name: kept across reloads\nsystem: standalone\n');
    act(() => void fireEvent.click(screen.getByTestId('draft-save')));
    const read = readDrafts(storage);
    expect(read.drafts.map((draft) => draft.text)).toEqual([
      'name: kept across reloads\nsystem: standalone\n',
    ]);
    cleanup();
    const reloaded = startPlayer('cluster.yaml', { drafts: read.drafts });
    renderWithPlayer(reloaded, <App storage={storage} />, strict);
    expect(screen.getAllByTestId('draft')[0]?.textContent).toContain('kept across reloads');
    expect(storage.items.has(DRAFTS_KEY)).toBe(true);
  });
});

describe.each(MODES)('storage failures (%s)', (_, strict) => {
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });

  it('should say the text is not saved, offer a download, and clear once a write succeeds', async () => {
    vi.useFakeTimers();
    const storage = memoryStorage({}, 5_000);
    const actor = startPlayer('cluster.yaml');
    renderWithPlayer(actor, <App storage={storage} />, strict);
    const { type, shown } = await editor();
    act(() => void vi.advanceTimersByTime(1_000));
    const stored = storage.items.get(STORAGE_KEY);
    type(`${fixtureText('cluster.yaml')}#${'x'.repeat(10_000)}\n`);
    act(() => void vi.advanceTimersByTime(1_000));
    const banner = screen.getByTestId('storage-error');
    expect(banner.textContent).toMatch(/not saved.*full.*download/i);
    expect(within(banner).getByTestId('storage-download')).toBeTruthy();
    expect(storage.items.get(STORAGE_KEY)).toBe(stored);
    type(fixtureText('cluster.yaml'));
    act(() => void vi.advanceTimersByTime(1_000));
    expect(screen.queryByTestId('storage-error')).toBeNull();
    expect(shown()).toBe(fixtureText('cluster.yaml'));
  });

  it('should not count a draft storage refused as keeping the text: the banner says so and replacing it still asks', async () => {
    // Before: with storage full, Save draft listed the draft and said nothing of it; picking a
    // built-in then replaced the text without a question, and a reload had lost the edit.
    vi.useFakeTimers();
    const storage = memoryStorage({}, 5_000);
    const actor = startPlayer('cluster.yaml');
    renderWithPlayer(actor, <App storage={storage} />, strict);
    const { type } = await editor();
    act(() => void vi.advanceTimersByTime(1_000));
    const mine = `${fixtureText('cluster.yaml')}#${'x'.repeat(10_000)}\n`;
    type(mine);
    act(() => void fireEvent.click(screen.getByTestId('draft-save')));
    act(() => void vi.advanceTimersByTime(1_000));
    expect(readDrafts(storage).drafts).toEqual([]);
    // Every part storage refused is named, not only the first.
    expect(screen.getByTestId('storage-error').textContent).toMatch(
      /Your text and your drafts are not saved/,
    );
    act(() => void actor.send({ type: 'scenario.load', text: LINK, file: 'shared-link.yaml' }));
    const dialog = screen.getByTestId('replace-dialog');
    expect(source(actor)).toBe(mine);
    expect(within(dialog).getByTestId('replace-text').textContent).toMatch(
      /kept as a draft in this tab only.*a reload loses it/,
    );
    expect(within(dialog).getByTestId('replace-download')).toBeTruthy();
  });
});
