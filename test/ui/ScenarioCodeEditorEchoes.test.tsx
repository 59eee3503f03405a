// @vitest-environment jsdom
import { act, cleanup, render, screen } from '@testing-library/react';
import { EditorView } from '@codemirror/view';
import { afterEach, describe, expect, it } from 'vitest';
import { ScenarioCodeEditor } from '../../src/ui/editor/ScenarioCodeEditor';

/** Types `text` at the end of the document, as a key press does. */
function type(view: EditorView, text: string): void {
  act(() => {
    const end = view.state.doc.length;
    view.dispatch({
      changes: { from: end, insert: text },
      selection: { anchor: end + text.length },
      userEvent: 'input.type',
    });
  });
}

describe('ScenarioCodeEditor and the text the page gives it', () => {
  afterEach(cleanup);

  it('keeps keys typed ahead of the page: a text it sent coming back late is not put back', () => {
    const sent: string[] = [];
    const onEdit = (text: string) => void sent.push(text);
    const props = { error: undefined, scenario: undefined, onEdit };
    const { rerender } = render(<ScenarioCodeEditor {...props} text="name: x" />);
    const view = EditorView.findFromDOM(screen.getByTestId('code-editor')) as EditorView;
    type(view, 'a');
    type(view, 'b');
    expect(sent).toEqual(['name: xa', 'name: xab']);
    // The page renders the first of them only now, the second still on its way.
    rerender(<ScenarioCodeEditor {...props} text="name: xa" />);
    expect(view.state.doc.toString()).toBe('name: xab');
    expect(view.state.selection.main.head).toBe('name: xab'.length);
    rerender(<ScenarioCodeEditor {...props} text="name: xab" />);
    expect(view.state.doc.toString()).toBe('name: xab');
    // Another text altogether (a scenario picked) replaces it, and so does one it sent before.
    rerender(<ScenarioCodeEditor {...props} text="name: y" />);
    expect(view.state.doc.toString()).toBe('name: y');
    rerender(<ScenarioCodeEditor {...props} text="name: xa" />);
    expect(view.state.doc.toString()).toBe('name: xa');
  });
});
