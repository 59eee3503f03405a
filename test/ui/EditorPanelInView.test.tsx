// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EditorPanel } from '../../src/ui/panels/EditorPanel';
import { codeEditor, fixtureText, renderWithPlayer, startPlayer } from './harness';

/** The page's IntersectionObserver, driven by the test: `show()` brings the targets into view. */
class FakeObserver {
  static all: FakeObserver[] = [];
  readonly targets: Element[] = [];
  constructor(private readonly callback: IntersectionObserverCallback) {
    FakeObserver.all.push(this);
  }
  observe(target: Element) {
    this.targets.push(target);
  }
  disconnect() {
    this.targets.length = 0;
  }
  show() {
    const entries = this.targets.map(
      (target) => ({ target, isIntersecting: true }) as IntersectionObserverEntry,
    );
    if (entries.length > 0) this.callback(entries, this as unknown as IntersectionObserver);
  }
}

// Its own file: CodeMirror's chunk is loaded once per module graph.
describe('EditorPanel below the fold', () => {
  beforeEach(() => {
    FakeObserver.all = [];
    vi.stubGlobal('IntersectionObserver', FakeObserver);
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('should show the plain editor until the editor comes into view, then CodeMirror with what was typed', async () => {
    const actor = startPlayer('cluster.yaml');
    renderWithPlayer(actor, <EditorPanel />, false);
    const plain = screen.getByTestId('source');
    expect(plain.tagName).toBe('TEXTAREA');
    const typed = `${fixtureText('cluster.yaml')}# typed out of view\n`;
    fireEvent.change(plain, { target: { value: typed } });
    // Nothing asks for CodeMirror while out of view.
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 50));
    });
    expect(screen.queryByTestId('code-editor')).toBeNull();
    expect(screen.getByTestId('source').tagName).toBe('TEXTAREA');
    act(() => FakeObserver.all.forEach((observer) => observer.show()));
    const view = await codeEditor();
    expect(view.state.doc.toString()).toBe(typed);
    expect(actor.getSnapshot().context.source).toBe(typed);
  });
});
