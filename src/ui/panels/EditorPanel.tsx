import { lazy, Suspense, useRef } from 'react';
import { safeText } from '../../sim';
import type { Caret } from '../editor/ScenarioCodeEditor';
import {
  selectImported,
  selectNotRun,
  selectPendingRun,
  selectRun,
  selectScenario,
  selectSource,
  selectSourceError,
  selectValidating,
} from '../state/selectors';
import { selectEndHidden } from '../state/spoilers';
import { usePlayer } from '../state/usePlayer';
import { usePlayerSelector } from '../state/usePlayerSelector';
import { useSeen } from '../hooks/useSeen';
import { DraftsBar } from './DraftsBar';
import { cx } from '../classNames';
import styles from './EditorPanel.module.css';
import tabView from './TabView.module.css';

// CodeMirror is its own chunk, fetched once the editor comes into view: below the
// one-screen stage, a class that never scrolls to it never loads it.
const ScenarioCodeEditor = lazy(() =>
  import('../editor/ScenarioCodeEditor').then((module) => ({
    default: module.ScenarioCodeEditor,
  })),
);

/**
 * The scenario's YAML in CodeMirror 6 (a plain textarea until it comes into view and has loaded:
 * what is typed there stays, and so do the cursor and the focus). Validated as you type (after a
 * short pause); an error is a diagnostic at its line and column while the last valid run stays
 * on screen.
 */
export function EditorPanel() {
  const actor = usePlayer();
  const source = usePlayerSelector(selectSource);
  const error = usePlayerSelector(selectSourceError);
  const validating = usePlayerSelector(selectValidating);
  const imported = usePlayerSelector(selectImported);
  const running = usePlayerSelector(selectPendingRun) !== undefined;
  const notRun = usePlayerSelector(selectNotRun);
  const scenario = usePlayerSelector(selectScenario);
  // Spoiler-free, what the run misses is a finding of its end: not told before.
  const misses = usePlayerSelector((s) =>
    selectEndHidden(s) ? 0 : (selectRun(s)?.report.expectations?.misses.length ?? 0),
  );
  const shown = usePlayerSelector((s) => selectRun(s) !== undefined);
  const caret = useRef<Caret>(undefined);
  const box = useRef<HTMLDivElement>(null);
  const seen = useSeen(box);
  const edit = (text: string) => actor.send({ type: 'scenario.edit', text });
  const keepCaret = (area: HTMLTextAreaElement) => {
    caret.current = {
      anchor: area.selectionDirection === 'backward' ? area.selectionEnd : area.selectionStart,
      head: area.selectionDirection === 'backward' ? area.selectionStart : area.selectionEnd,
    };
  };
  const plain = (
    <textarea
      className={styles.source}
      value={source}
      wrap="off"
      spellCheck={false}
      autoCapitalize="off"
      autoComplete="off"
      aria-label="Scenario YAML"
      aria-invalid={error !== undefined}
      aria-describedby="editor-status"
      data-testid="source"
      data-editor="plain"
      onChange={(event) => {
        keepCaret(event.target);
        edit(event.target.value);
      }}
      onSelect={(event) => keepCaret(event.currentTarget)}
      onFocus={(event) => keepCaret(event.currentTarget)}
    />
  );
  const status = validating
    ? 'Checking…'
    : running
      ? 'Simulating this text; the run on screen stays until it is done.'
      : notRun !== undefined
        ? 'Not run: press Run above to simulate this text.'
        : error
          ? // What is wrong first, then that the run on screen is the last valid text's: the line
            // ends in an ellipsis where it is too long (in full under the text and as its title).
            `Invalid${error.line !== undefined ? ` at line ${error.line}${error.column !== undefined ? `, column ${error.column}` : ''}` : ''}: ${error.path ? `${error.path}: ` : ''}${safeText(error.reason)} ${shown ? '(the run on screen is from the last valid text)' : '(nothing is run until it is valid)'}`
          : imported
            ? 'Showing an imported report; edit the text to simulate it instead.'
            : misses > 0
              ? `Valid, but the run on screen misses ${misses} of this scenario's expect entries (see Findings).`
              : 'Valid: the run on screen is this scenario.';
  return (
    <section className="panel editor-panel" aria-label="Scenario editor">
      <DraftsBar />
      {/* Above the text, one line, saying where an error is (in full under the text): below a
          420-pixel box it was out of view at 1440×900 with only the gutter's dot on screen. */}
      <p
        id="editor-status"
        className={cx(styles.status, (error || misses > 0) && styles.bad)}
        data-testid="editor-status"
        title={status}
      >
        {status}
      </p>
      <div className={styles.editor} data-testid="editor" data-skip="editor" ref={box}>
        {/* One shape either way: when the editor comes into view, the text area stays (and
            keeps the focus) until CodeMirror has loaded and takes its place. */}
        <Suspense fallback={plain}>
          {seen ? (
            <ScenarioCodeEditor
              text={source}
              error={error}
              scenario={scenario}
              onEdit={edit}
              caret={caret}
            />
          ) : (
            plain
          )}
        </Suspense>
      </div>
      {error ? (
        <p className={tabView.error} role="alert" data-testid="editor-error" data-line={error.line}>
          {error.line !== undefined ? (
            <strong>
              Line {error.line}
              {error.column !== undefined ? `, column ${error.column}` : ''}:{' '}
            </strong>
          ) : null}
          {error.path ? <code>{error.path}</code> : null}
          {error.path ? ': ' : ''}
          {safeText(error.reason)}
        </p>
      ) : null}
    </section>
  );
}
