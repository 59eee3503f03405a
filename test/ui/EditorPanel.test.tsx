// @vitest-environment jsdom
import { redo, undo } from '@codemirror/commands';
import { forEachDiagnostic } from '@codemirror/lint';
import type { EditorView } from '@codemirror/view';
import { act, cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EditorPanel } from '../../src/ui/panels/EditorPanel';
import { TopologyPanel } from '../../src/ui/panels/TopologyPanel';
import { codeEditor, fixtureText, MODES, renderWithPlayer, startPlayer, typeInto } from './harness';

/** The editor's diagnostics, as line, column and message. */
function diagnostics(view: EditorView) {
  const found: { line: number; column: number; message: string }[] = [];
  forEachDiagnostic(view.state, (diagnostic, from) => {
    const line = view.state.doc.lineAt(from);
    found.push({ line: line.number, column: from - line.from + 1, message: diagnostic.message });
  });
  return found;
}

describe.each(MODES)('EditorPanel (%s)', (_, strict) => {
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });

  it('should mark a validation error at its line and column and keep showing the last valid run', async () => {
    vi.useFakeTimers();
    const actor = startPlayer('cluster.yaml');
    renderWithPlayer(
      actor,
      <>
        <EditorPanel />
        <TopologyPanel />
      </>,
      strict,
    );
    const view = await codeEditor();
    expect(view.state.doc.toString()).toBe(actor.getSnapshot().context.source);
    const hosts = screen.getAllByTestId('host-card').length;
    const lines = fixtureText('cluster.yaml').split('\n');
    const broken = lines
      .map((line) => (line.startsWith('topology:') ? 'topology: ring' : line))
      .join('\n');
    const errorLine = lines.findIndex((line) => line.startsWith('topology:')) + 1;
    typeInto(view, broken);
    expect(screen.getByTestId('editor-status').textContent).toMatch(/Checking/);
    act(() => {
      vi.advanceTimersByTime(300);
    });
    const error = screen.getByTestId('editor-error');
    expect(error.dataset.line).toBe(String(errorLine));
    expect(error.textContent).toContain(`Line ${errorLine}`);
    expect(error.textContent).toContain('topology');
    // The same error, as a diagnostic at its line and column in the editor.
    const column = actor.getSnapshot().context.error?.column;
    expect(column).toBeDefined();
    expect(diagnostics(view)).toEqual([
      { line: errorLine, column, message: expect.stringContaining('topology') as string },
    ]);
    expect(view.contentDOM.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getAllByTestId('host-card')).toHaveLength(hosts);
    // Where and what: the reason on the line the author reads first (before: only where).
    expect(screen.getByTestId('editor-status').textContent).toMatch(
      /^Invalid at line \d+, column \d+: .*topology.*\(the run on screen is from the last valid text\)$/,
    );

    typeInto(view, lines.join('\n').replace('processing: 3', 'processing: 4'));
    act(() => {
      vi.advanceTimersByTime(300);
    });
    expect(screen.queryByTestId('editor-error')).toBeNull();
    expect(diagnostics(view)).toEqual([]);
    expect(view.contentDOM.getAttribute('aria-invalid')).toBe('false');
    expect(screen.getAllByTestId('host-card')).toHaveLength(hosts + 1);
  });

  it('should not speak of a run on screen when there is none: invalid text kept across a reload', () => {
    const invalid = fixtureText('cluster.yaml').replace('processing: 3', 'procesing: 3');
    const actor = startPlayer('cluster.yaml', {
      initial: { text: invalid, builtin: 'cluster.yaml', edited: true },
    });
    renderWithPlayer(actor, <EditorPanel />, strict);
    expect(actor.getSnapshot().context.view).toBeUndefined();
    // Before: "(the run on screen is from the last valid text)" over panels saying "No run yet".
    expect(screen.getByTestId('editor-status').textContent).toMatch(
      /^Invalid at line \d+, column \d+: .*procesing.*\(nothing is run until it is valid\)$/,
    );
  });

  it('should take a text replaced from outside with a fresh undo history', async () => {
    const actor = startPlayer('cluster.yaml');
    renderWithPlayer(actor, <EditorPanel />, strict);
    const view = await codeEditor();
    act(() => void actor.send({ type: 'scenario.select', id: 'ha-pair.yaml' }));
    const replaced = actor.getSnapshot().context.source;
    expect(replaced).toBe(fixtureText('ha-pair.yaml'));
    expect(view.state.doc.toString()).toBe(replaced);
    // Undo in the editor does not bring the other scenario's text back (Undo replace does).
    expect(undo(view)).toBe(false);
    typeInto(view, `${replaced}# mine\n`);
    expect(undo(view)).toBe(true);
    expect(view.state.doc.toString()).toBe(replaced);
    expect(actor.getSnapshot().context.source).toBe(replaced);
    expect(redo(view)).toBe(true);
    expect(actor.getSnapshot().context.source).toBe(`${replaced}# mine\n`);
  });
});
