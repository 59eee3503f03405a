import { memo, useLayoutEffect, useRef } from 'react';
import {
  selectImported,
  selectNotRun,
  selectPendingRun,
  selectRun,
  selectSource,
  selectSourceError,
  selectValidating,
} from '../state/selectors';
import { usePlayer } from '../state/usePlayer';
import { usePlayerSelector } from '../state/usePlayerSelector';
import { DraftsBar } from './DraftsBar';

/** Must match `--editor-line` in app.css. */
const LINE_HEIGHT = 20;
const PADDING = 8;

/**
 * The line numbers, drawn again only when the count or the error changes: typing within a line
 * of a long scenario does not redraw thousands of them.
 */
const GutterLines = memo(function GutterLines({
  lines,
  errorLine,
  reason,
}: {
  readonly lines: number;
  readonly errorLine: number | undefined;
  readonly reason: string | undefined;
}) {
  return Array.from({ length: lines }, (_, index) => (
    <div
      key={index}
      className={index + 1 === errorLine ? 'gutter-line error' : 'gutter-line'}
      style={{ height: LINE_HEIGHT }}
      title={index + 1 === errorLine ? reason : undefined}
    >
      {index + 1 === errorLine ? '⚠ ' : ''}
      {index + 1}
    </div>
  ));
});

/**
 * The scenario's YAML in a plain textarea with a line-number gutter. Validated as you type
 * (after a short pause); an error is marked at its line while the last valid run stays on screen.
 */
export function EditorPanel() {
  const actor = usePlayer();
  const source = usePlayerSelector(selectSource);
  const error = usePlayerSelector(selectSourceError);
  const validating = usePlayerSelector(selectValidating);
  const imported = usePlayerSelector(selectImported);
  const running = usePlayerSelector(selectPendingRun) !== undefined;
  const notRun = usePlayerSelector(selectNotRun);
  const misses = usePlayerSelector((s) => selectRun(s)?.report.expectations?.misses.length ?? 0);
  const gutter = useRef<HTMLDivElement>(null);
  const band = useRef<HTMLDivElement>(null);
  const lines = source.split('\n').length;
  const errorLine = error?.line;

  const area = useRef<HTMLTextAreaElement>(null);

  // The gutter and the error band follow the textarea's own scrolling.
  const follow = () => {
    const offset = `translateY(${-(area.current?.scrollTop ?? 0)}px)`;
    if (gutter.current) gutter.current.style.transform = offset;
    if (band.current) band.current.style.transform = offset;
  };
  useLayoutEffect(follow, [errorLine, lines]);
  const status = validating
    ? 'Checking…'
    : running
      ? 'Simulating this text; the run on screen stays until it is done.'
      : notRun !== undefined
        ? 'Not run: press Run above to simulate this text.'
        : error
          ? 'Invalid: the run on screen is from the last valid text.'
          : imported
            ? 'Showing an imported report; edit the text to simulate it instead.'
            : misses > 0
              ? `Valid, but the run on screen misses ${misses} of this scenario's expect entries (see Findings).`
              : 'Valid: the run on screen is this scenario.';
  return (
    <section className="panel editor-panel" aria-label="Scenario editor">
      <DraftsBar />
      <div className="editor" data-testid="editor">
        <div className="gutter" aria-hidden="true">
          <div ref={gutter} className="gutter-lines" style={{ paddingTop: PADDING }}>
            <GutterLines lines={lines} errorLine={errorLine} reason={error?.reason} />
          </div>
        </div>
        <div className="editor-main">
          {errorLine !== undefined ? (
            <div ref={band} className="error-layer" aria-hidden="true">
              <div
                className="error-band"
                style={{ top: PADDING + (errorLine - 1) * LINE_HEIGHT, height: LINE_HEIGHT }}
              />
            </div>
          ) : null}
          <textarea
            ref={area}
            className="source"
            value={source}
            wrap="off"
            spellCheck={false}
            autoCapitalize="off"
            autoComplete="off"
            aria-label="Scenario YAML"
            aria-invalid={error !== undefined}
            aria-describedby="editor-status"
            data-testid="source"
            onChange={(event) => actor.send({ type: 'scenario.edit', text: event.target.value })}
            onScroll={follow}
          />
        </div>
      </div>
      <p
        id="editor-status"
        className={error || misses > 0 ? 'editor-status bad' : 'editor-status'}
        data-testid="editor-status"
      >
        {status}
      </p>
      {error ? (
        <p className="editor-error" role="alert" data-testid="editor-error" data-line={error.line}>
          {error.line !== undefined ? (
            <strong>
              Line {error.line}
              {error.column !== undefined ? `, column ${error.column}` : ''}:{' '}
            </strong>
          ) : null}
          {error.path ? <code>{error.path}</code> : null}
          {error.path ? ': ' : ''}
          {error.reason}
        </p>
      ) : null}
    </section>
  );
}
