// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { Header } from '../../src/ui/panels/Header';
import { fixtureText, MODES, renderWithPlayer, startPlayer } from './harness';

const noop = () => undefined;

function picker(): HTMLSelectElement {
  return screen.getByTestId('scenario-picker');
}

function search(text: string) {
  fireEvent.change(screen.getByTestId('scenario-search'), { target: { value: text } });
}

/** The names the picker lists, by group. */
function listed(): Record<string, string[]> {
  return Object.fromEntries(
    [...picker().querySelectorAll('optgroup')].map((group) => [
      group.label,
      [...group.querySelectorAll('option')].map((option) => option.textContent ?? ''),
    ]),
  );
}

describe.each(MODES)('the scenario picker (%s)', (_, strict) => {
  afterEach(cleanup);

  it('should name its groups in plain words', () => {
    const actor = startPlayer('cluster.yaml');
    renderWithPlayer(actor, <Header presenter={false} onPresenter={noop} onHelp={noop} />, strict);
    expect(Object.keys(listed())).toEqual(['Documented procedures']);
  });

  it('should list only what matches the search, say how many, and keep the selection out of view', () => {
    const actor = startPlayer('cluster.yaml');
    renderWithPlayer(actor, <Header presenter={false} onPresenter={noop} onHelp={noop} />, strict);
    expect(picker().value).toBe('cluster.yaml');
    search('ha PAIR');
    expect(Object.values(listed()).flat()).toEqual([
      'HA pair, preemption enabled',
      'HA pair, preemption left on (a wrong procedure)',
    ]);
    expect(picker().options[0]?.textContent).toBe('2 of 6 match “ha PAIR”');
    // The scenario on screen is not among them: the list does not pretend it is picked.
    expect(picker().value).toBe('');
    search('no such words');
    expect(picker().querySelectorAll('optgroup')).toHaveLength(0);
    expect(picker().options[0]?.textContent).toBe('No scenario matches “no such words”');
    fireEvent.keyDown(screen.getByTestId('scenario-search'), { key: 'Escape' });
    expect(screen.getByTestId<HTMLInputElement>('scenario-search').value).toBe('');
    expect(picker().value).toBe('cluster.yaml');
    expect(Object.values(listed()).flat()).toHaveLength(6);
  });

  it('should open the only match on Enter, and nothing while several match', () => {
    const actor = startPlayer('cluster.yaml');
    renderWithPlayer(actor, <Header presenter={false} onPresenter={noop} onHelp={noop} />, strict);
    search('ha pair');
    fireEvent.keyDown(screen.getByTestId('scenario-search'), { key: 'Enter' });
    expect(actor.getSnapshot().context.source).toBe(fixtureText('cluster.yaml'));
    search('never comes back');
    act(() => void fireEvent.keyDown(screen.getByTestId('scenario-search'), { key: 'Enter' }));
    expect(actor.getSnapshot().context.source).toBe(fixtureText('stuck.yaml'));
    expect(picker().value).toBe('stuck.yaml');
  });
});

describe.each(MODES)('Import JSON (%s)', (_, strict) => {
  afterEach(cleanup);

  it('should refuse a file larger than a scenario file may be before reading it', () => {
    // Before: a 51 MB report was read, parsed and checked on the page's thread, which stood
    // still for 13 s.
    const actor = startPlayer('cluster.yaml');
    renderWithPlayer(actor, <Header presenter={false} onPresenter={noop} onHelp={noop} />, strict);
    const file = new File(['{}'], 'huge.json', { type: 'application/json' });
    Object.defineProperty(file, 'size', { value: 51 * 1024 * 1024 });
    let read = false;
    Object.defineProperty(file, 'text', { value: () => ((read = true), Promise.resolve('{}')) });
    act(
      () => void fireEvent.change(screen.getByTestId('import-file'), { target: { files: [file] } }),
    );
    expect(read).toBe(false);
    const notice = actor.getSnapshot().context.notices.at(-1);
    expect(notice?.tone).toBe('error');
    expect(notice?.text).toMatch(/huge\.json is 51 MiB: .*16 MiB/);
    expect(actor.getSnapshot().context.importedFile).toBeUndefined();
  });

  it('should refuse a file that is not UTF-8 text as the command line does, naming it', async () => {
    // Before: the bytes were read with replacement characters and the report refused as JSON
    // it could not parse, or taken in with its names changed.
    const actor = startPlayer('cluster.yaml');
    renderWithPlayer(actor, <Header presenter={false} onPresenter={noop} onHelp={noop} />, strict);
    const latin1 = new Uint8Array([...new TextEncoder().encode('{"name":"caf'), 0xe9, 0x22, 0x7d]);
    const file = new File([latin1], 'latin1.json', { type: 'application/json' });
    act(
      () => void fireEvent.change(screen.getByTestId('import-file'), { target: { files: [file] } }),
    );
    await waitFor(() => expect(actor.getSnapshot().context.notices.at(-1)?.tone).toBe('error'));
    expect(actor.getSnapshot().context.notices.at(-1)?.text).toBe(
      'Not imported: latin1.json: it is not UTF-8 text (a binary file, or text in another encoding: save it as UTF-8).',
    );
    expect(actor.getSnapshot().context.importedFile).toBeUndefined();
  });
});
