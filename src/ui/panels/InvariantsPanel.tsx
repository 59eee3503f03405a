import { useCallback, useLayoutEffect, useRef } from 'react';
import { clock, invariantWords, recordedCause } from '../format';
import { zoomOf } from '../hooks/zoomOf';
import { CauseBadge } from './CauseBadge';
import { sameItems, selectCursor, selectRun, selectViolationsSoFar } from '../state/selectors';
import { isVisible, selectHorizon } from '../state/spoilers';
import { usePlayer } from '../state/usePlayer';
import { usePlayerSelector } from '../state/usePlayerSelector';
import { cx } from '../classNames';
import { useScrollBox } from '../hooks/useScrollBox';
import styles from './InvariantsPanel.module.css';
import { wholeNames } from './WholeNames';

/**
 * Every invariant of the report, held (green) or violated (red); a violation seeks to where it
 * happened. Spoiler-free, an invariant holds so far until the playhead reaches its first
 * violation, and only the violations reached are listed.
 */
export function InvariantsPanel() {
  const actor = usePlayer();
  const run = usePlayerSelector(selectRun);
  const cursor = usePlayerSelector(selectCursor);
  const soFar = usePlayerSelector(selectViolationsSoFar, sameItems);
  // Only whether the playhead has passed a violation matters: the horizon of that is `soFar`.
  const horizon = usePlayerSelector(
    selectHorizon,
    (a, b) => (a === undefined) === (b === undefined),
  );
  const hiding = horizon !== undefined;
  const [scrollRegion, scrollStop] = useScrollBox<HTMLElement>();
  const scrollBox = useRef<HTMLElement | null>(null);
  const attach = useCallback(
    (box: HTMLElement | null) => {
      scrollBox.current = box;
      return scrollRegion(box);
    },
    [scrollRegion],
  );
  // The violation last clicked: as the seek it asked for is drawn, render after render for a
  // moment (the list above it changes height with the playhead, not all in one render), its
  // start is brought under the heading.
  const clicked = useRef<{ readonly button: HTMLElement; readonly until: number } | undefined>(
    undefined,
  );
  // A violation the playhead reaches going forward (a jump to it, or played to) shows its start
  // under the heading. Before, at a must-fail scenario's violation the box showed its heading
  // and "violated 4× (1 so far)", the violation's story below its fold. Only when the count of
  // violations reached grows is the box searched, not at every frame of playback.
  const reachedCount = soFar.reduce((sum, count) => sum + count, 0);
  const followed = useRef({ cursor, reached: reachedCount });
  useLayoutEffect(() => {
    const from = followed.current;
    followed.current = { cursor, reached: reachedCount };
    const last = clicked.current;
    if (last) {
      if (!last.button.isConnected || performance.now() > last.until) {
        clicked.current = undefined;
      } else {
        showStart(last.button);
        return;
      }
    }
    if (cursor <= from.cursor || reachedCount <= from.reached) return;
    const box = scrollBox.current;
    let latest: HTMLElement | undefined;
    let latestSeq = from.cursor;
    for (const button of box?.querySelectorAll<HTMLElement>('[data-testid="violation"]') ?? []) {
      const seq = Number(button.dataset.seq);
      if (seq > latestSeq && seq <= cursor) {
        latest = button;
        latestSeq = seq;
      }
    }
    if (latest) showStart(latest);
  });
  if (!run) {
    return (
      <section className="panel invariants" aria-label="Invariants">
        <h2>Invariants</h2>
        <p className="empty">No run yet.</p>
      </section>
    );
  }
  const reached = { cursor, time: 0 };
  // Spoiler-free: each invariant as the run so far has it.
  const invariants = run.report.invariants.map((invariant) => {
    if (!hiding) return invariant;
    const violations = invariant.violations.filter((violation) => isVisible(reached, violation));
    return { ...invariant, holds: violations.length === 0, violations };
  });
  const violated = invariants.filter((invariant) => !invariant.holds).length;
  const sofar = hiding ? ' so far' : '';
  return (
    // The panel scrolls inside the stage and may hold no control (every invariant green): while
    // it overflows it takes the focus itself, so the keyboard can scroll it.
    <section
      className="panel invariants"
      aria-label="Invariants"
      // Nothing to tell but that every invariant holds: a decision's card may take its place.
      data-quiet={violated === 0 ? '' : undefined}
      // On the stage beside the fault form, its heading and first row whatever the room: the
      // column gives way by the current step's narration before that row (`app.css`). Beside a
      // drill's decision it may go down to its heading, which says what is violated.
      data-keeps=".column-side:not(:has(> .decision, > [data-testid='hands-on'])) li"
      ref={attach}
      tabIndex={scrollStop}
    >
      <h2>
        Invariants{' '}
        <span className={violated === 0 ? 'muted ok' : 'muted bad'}>
          {violated === 0
            ? `all ${invariants.length} hold${sofar}`
            : `${violated} of ${invariants.length} violated${sofar}`}
        </span>
      </h2>
      <ul className={styles.list}>
        {invariants.map((invariant, index) => {
          const happened = soFar[index] ?? 0;
          return (
            <li
              key={invariant.id}
              className={cx(styles.invariant, invariant.holds ? styles.holds : styles.violated)}
              data-testid="invariant"
              data-id={invariant.id}
              data-holds={invariant.holds}
            >
              <div className={styles.head}>
                <span className={styles.icon} aria-hidden="true">
                  {invariant.holds ? '✓' : '✗'}
                </span>
                <span className={styles.name}>{invariantWords(invariant.id)}</span>
                <span className={styles.verdict}>
                  {invariant.holds
                    ? `holds${sofar}`
                    : `violated ${invariant.violations.length}×${happened < invariant.violations.length ? ` (${happened} so far)` : ''}`}
                </span>
              </div>
              {invariant.violations.length > 0 ? (
                <ol className={styles.violations}>
                  {invariant.violations.map((violation, position) => (
                    <li
                      key={`${violation.seq}-${position}`}
                      className={violation.seq <= cursor ? undefined : styles.ahead}
                      data-ahead={violation.seq <= cursor ? undefined : 'true'}
                    >
                      <button
                        type="button"
                        className={styles.violation}
                        data-testid="violation"
                        data-seq={violation.seq}
                        onClick={(event) => {
                          clicked.current = {
                            button: event.currentTarget,
                            until: performance.now() + SHOW_CLICKED_MS,
                          };
                          actor.send({ type: 'pause' });
                          actor.send({ type: 'seek', seq: violation.seq, settled: true });
                        }}
                        onFocus={(event) => showStart(event.currentTarget)}
                        title={`Seek to transition ${violation.seq}`}
                      >
                        <span className={styles.at}>{clock(violation.at)}</span>{' '}
                        <CauseBadge cause={recordedCause(violation)} />{' '}
                        <span className={cx('presenter-shown', styles.of)}>
                          {invariantWords(invariant.id)}:
                        </span>{' '}
                        {wholeNames(violation.message)}
                      </button>
                    </li>
                  ))}
                </ol>
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** How long after a click on a violation the box keeps its start in view as the seek is drawn. */
const SHOW_CLICKED_MS = 500;

/**
 * Scrolls the invariants' box so a violation reached with the keyboard shows its start (its time
 * and cause) under the box's heading, which stays at the top: a violation taller than the box
 * was focused with only its end in view. The box alone scrolls, not the page.
 */
function showStart(button: HTMLElement): void {
  const box = button.closest('section');
  const heading = box?.querySelector('h2');
  if (!box || !heading) return;
  const top = button.getBoundingClientRect().top;
  const under = heading.getBoundingClientRect().bottom;
  const bottom = box.getBoundingClientRect().bottom;
  // The invariant's name, above its first violation, comes along where the box has room for it
  // and the violation's first line: before, the violation stood alone under the heading.
  const item = button.closest('[data-testid="invariant"]');
  const name = item?.querySelector('button') === button ? item.firstElementChild : null;
  const nameTop = name?.getBoundingClientRect().top;
  const style = getComputedStyle(button);
  const line = (parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.2) * zoomOf(box);
  const from = nameTop !== undefined && top + line - nameTop <= bottom - under ? nameTop : top;
  if (from >= under - 1 && top + Math.min(line, 8) < bottom) return;
  // Screen pixels to the box's own, which presenter mode's zoom makes larger.
  box.scrollTop += (from - under) / zoomOf(box);
}
