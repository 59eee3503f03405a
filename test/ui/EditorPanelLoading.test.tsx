// @vitest-environment jsdom
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { EditorPanel } from '../../src/ui/panels/EditorPanel';
import { codeEditor, fixtureText, renderWithPlayer, startPlayer } from './harness';

// Its own file: CodeMirror's chunk is loaded once per module graph, and only the first render
// waits for it.
describe('EditorPanel while CodeMirror loads', () => {
  afterEach(cleanup);

  it('should keep text typed in the plain editor while CodeMirror loads, and the cursor', async () => {
    const actor = startPlayer('cluster.yaml');
    renderWithPlayer(actor, <EditorPanel />, true);
    const plain = screen.getByTestId('source');
    expect(plain.tagName).toBe('TEXTAREA');
    const typed = `${fixtureText('cluster.yaml')}# typed before the editor loaded\n`;
    plain.focus();
    fireEvent.change(plain, { target: { value: typed } });
    const view = await codeEditor();
    expect(screen.queryByRole('textbox', { name: 'Scenario YAML' })?.tagName).not.toBe('TEXTAREA');
    expect(view.state.doc.toString()).toBe(typed);
    expect(actor.getSnapshot().context.source).toBe(typed);
    expect(view.state.selection.main.head).toBe(typed.length);
    expect(view.hasFocus).toBe(true);
  });
});
