import {
  memo,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
  type RefObject,
} from 'react';
import {
  describeSource,
  sourceLabel,
  writtenIndex,
  type Outcome,
  type SourceKind,
  type StepRecord,
  type StepSource,
  type StepStatus,
} from '../../sim';
import { cx } from '../classNames';
import { selectHandsOn, selectHandsOnUnderWay } from '../drill/drillSelectors';
import { clock, span, words, writtenStepWords } from '../format';
import {
  sameItems,
  selectCurrentStep,
  selectRun,
  selectSettled,
  selectStepStatuses,
} from '../state/selectors';
import { lastAtOrBefore, stepCursor, type StepStatusAt } from '../state/runView';
import { isVisible, selectHorizonTime, selectHorizonWhy } from '../state/spoilers';
import { usePlayer } from '../state/usePlayer';
import { usePlayerSelector } from '../state/usePlayerSelector';
import { followWholeLines } from '../hooks/followWholeLines';
import { useScrollBox } from '../hooks/useScrollBox';
import { zoomOf } from '../hooks/zoomOf';
import styles from './ProcedurePanel.module.css';
import { wholeNames } from './WholeNames';

/**
 * The steps that move a host to their version: "install server → 2.5.0". A backup names the
 * version it saves, which nothing moves to: "backup server (2.4.1)".
 */
const MOVES_TO: ReadonlySet<StepRecord['action']> = new Set([
  'install',
  'gui-update',
  'rollback',
  'restore',
]);

function stepTitle(step: StepRecord): string {
  const version =
    step.version === undefined
      ? ''
      : MOVES_TO.has(step.action)
        ? ` → ${step.version}`
        : ` (${step.version})`;
  return `${words(step.action)}${step.host ? ` ${step.host}` : ''}${version}`;
}

/**
 * The narration of a step: its note, in the words of the step list for a step of the scenario's
 * own `plan:`, whose note is the plan's item as written (before, presenter mode's narration read
 * "as written check-services" where the list read "check services"). Pure.
 */
function narrationNote(step: StepRecord): string {
  if (step.note === undefined) return stepTitle(step);
  return writtenIndex(step.source) === undefined ? step.note : writtenStepWords(step.note);
}

const OUTCOME: Readonly<Record<string, string>> = {
  completed: 'Completed',
  'rolled-back': 'Rolled back',
  aborted: 'Aborted',
  stuck: 'Stuck',
};

const OUTCOME_CLASS: Readonly<Record<Outcome, string | undefined>> = {
  completed: styles.outcomeCompleted,
  'rolled-back': styles.outcomeRolledBack,
  aborted: styles.outcomeAborted,
  stuck: styles.outcomeStuck,
};

/** A step's row: only the steps not taken (yet, or at all) are told apart. */
const STEP: Readonly<Record<StepStatus, string | undefined>> = {
  pending: styles.stepPending,
  running: undefined,
  done: undefined,
  failed: undefined,
  skipped: styles.stepSkipped,
};

const STATUS: Readonly<Record<StepStatusAt, string | undefined>> = {
  pending: styles.statusPending,
  running: styles.statusRunning,
  done: styles.statusDone,
  failed: styles.statusFailed,
  skipped: styles.statusSkipped,
  hidden: undefined,
};

/** A step the document does not prescribe is marked; the document's own steps are not. */
const SOURCE: Readonly<Record<SourceKind, string | undefined>> = {
  document: undefined,
  vendor: styles.sourceVendor,
  assumption: styles.sourceAssumption,
};

/**
 * The tag of a step written in the scenario's `plan:` ({@link sourceLabel}'s "as written"), or
 * undefined for any other. In a hands-on drill the plan is the trainee's, so the tag numbers the
 * step as the hands-on panel and its verdicts do ("your step 2"): the run numbers each of its
 * actions, and one step of the trainee's (`upgrade device-a`) is several, so its "Step 4 of 6"
 * would otherwise be read as the trainee's step 4. Pure.
 */
function writtenTag(source: StepSource, handsOn: boolean): string | undefined {
  const written = writtenIndex(source);
  if (written === undefined) return undefined;
  return handsOn ? `your step ${written + 1}` : sourceLabel(source);
}

const BADGE: Readonly<Record<SourceKind, string | undefined>> = {
  document: styles.badgeDocument,
  vendor: styles.badgeVendor,
  assumption: styles.badgeAssumption,
};

/** One step of the list; re-renders only when its own status or currency changes. */
const StepRow = memo(function StepRow({
  item,
  index,
  number,
  state,
  current,
  reached = true,
  ended = true,
}: {
  item: StepRecord;
  /** Its index in the run's steps. */
  index: number;
  /**
   * Its number among the steps shown: recovery steps a failure has not added yet are not, so the
   * numbers never jump over them (nor tell, spoiler-free, that some are coming).
   */
  number: number;
  state: StepStatus;
  current: boolean;
  /** Spoiler-free: whether the playhead has reached the step's start (else it says nothing of it). */
  reached?: boolean;
  /** Spoiler-free: whether the playhead has reached the step's end (else its length is unknown). */
  ended?: boolean;
}) {
  const actor = usePlayer();
  const handsOn = usePlayerSelector(selectHandsOn);
  const started = state !== 'pending' && item.start !== undefined;
  const seekable = item.start !== undefined && reached;
  return (
    <li
      className={cx(styles.step, STEP[state], current && styles.current)}
      aria-current={current ? 'step' : undefined}
      data-testid="step"
      data-status={state}
      data-seq={item.seq}
      data-recovery={item.recovery ? 'true' : undefined}
    >
      <button
        type="button"
        className={styles.stepButton}
        disabled={!seekable}
        title={
          !reached
            ? 'Not reached yet'
            : item.start === undefined
              ? 'This step never ran'
              : `Seek to ${clock(item.start)}`
        }
        onClick={() => {
          // To the entry where the step becomes current, not the last of its start's instant.
          const view = actor.getSnapshot().context.view;
          const seq = view ? stepCursor(view, index) : undefined;
          if (seq !== undefined) actor.send({ type: 'seek', seq });
          else if (item.start !== undefined) actor.send({ type: 'seek', at: item.start });
        }}
      >
        <span className={styles.stepSeq} data-testid="step-number">
          {number}
        </span>
        <span className={styles.stepTitle} data-testid="step-title">
          {stepTitle(item)}
        </span>
        <span className={styles.stepBadges}>
          {item.recovery ? (
            <span className={cx(styles.badge, styles.badgeRecovery)}>recovery</span>
          ) : null}
          {item.source.kind === 'document' ? null : (
            <span
              className={cx(styles.badge, BADGE[item.source.kind])}
              title={describeSource(item.source)}
              data-testid="step-source"
            >
              {writtenTag(item.source, handsOn) ??
                (item.source.kind === 'assumption' ? 'assumed' : 'vendor')}
            </span>
          )}
        </span>
        <span className={cx(styles.status, STATUS[state])}>{state}</span>
        <span className={styles.stepTime}>
          {started && item.start !== undefined ? clock(item.start) : ''}
          {started &&
          ended &&
          item.end !== undefined &&
          item.start !== undefined &&
          item.end > item.start
            ? ` · ${span(item.end - item.start)}`
            : ''}
        </span>
      </button>
    </li>
  );
});

interface StepsProps {
  readonly steps: readonly StepRecord[];
  readonly statuses: readonly StepStatusAt[];
  readonly current: number;
  /** Spoiler-free: the playhead's time, past which nothing of a step is told. */
  readonly until: number | undefined;
}

/** What a step's row may tell at the horizon `until` (everything without one). */
function horizonProps(item: StepRecord, until: number | undefined) {
  if (until === undefined) return {};
  const horizon = { cursor: 0, time: until };
  return {
    reached: item.start !== undefined && isVisible(horizon, { at: item.start }),
    ended: item.end !== undefined && isVisible(horizon, { at: item.end }),
  };
}

/**
 * Scrolls a step list (only it, never the page) so that its current step is in view: in a box of
 * two rows or fewer (presenter mode on a short screen), at the top even when it is in view, so no
 * step is cut, even by a pixel, above it; in a taller box, with the steps before it in view, from
 * the first row that starts a third of the way up from it, when the step has `moved` out of view.
 * Otherwise it stays where it is. Always the box's top edge falls between two rows: near the end
 * of the list, room is left under its last row so that it can (before, scrolled as far as it
 * went, the list showed the last step under the lower half of the one before it).
 */
function followCurrentStep(container: HTMLElement, moved: boolean): void {
  const item = container.querySelector<HTMLElement>('[aria-current="step"]');
  if (!item) return;
  const top = item.offsetTop; // the list is positioned, so this is relative to it
  // The first row that starts at `y` or below it, up to the current step's.
  const rowFrom = (y: number) =>
    Math.min(
      top,
      [...container.children].find(
        (child): child is HTMLElement => child instanceof HTMLElement && child.offsetTop >= y - 0.5,
      )?.offsetTop ?? top,
    );
  let target: number;
  if (container.clientHeight < 3 * item.offsetHeight) target = top;
  else if (
    moved &&
    (top < container.scrollTop ||
      top + item.offsetHeight > container.scrollTop + container.clientHeight)
  )
    target = Math.max(0, rowFrom(top - container.clientHeight / 3));
  // In view where it was: kept there, its top edge between rows (the box resized under it).
  else target = rowFrom(container.scrollTop);
  leaveRoomToScroll(container, target);
  if (Math.abs(container.scrollTop - target) > 0.5) container.scrollTop = target;
}

/** Pads the foot of `container` just enough for it to scroll to `target` (none when it can). */
function leaveRoomToScroll(container: HTMLElement, target: number): void {
  const padded = parseFloat(container.style.paddingBottom) || 0;
  const natural = container.scrollHeight - padded;
  const room = Math.max(0, Math.ceil(target + container.clientHeight - natural));
  if (room !== padded) container.style.paddingBottom = room > 0 ? `${room}px` : '';
}

/**
 * The step list ends on a whole line as it scrolls and resizes: no row cut at its bottom edge,
 * below the current step. It is last in its panel, so its height moves nothing else.
 */
function useStepsOnWholeLines(list: RefObject<HTMLOListElement | null>): void {
  useEffect(() => {
    const container = list.current;
    // Where its floor is none (a short layout), it shows no row rather than one past its room.
    return container ? followWholeLines(container, { scroll: true, orNone: true }) : undefined;
  }, [list]);
}

/** Every step as a list item, the current one kept in view. */
function Steps({ steps, statuses, current, until }: StepsProps) {
  const list = useRef<HTMLOListElement>(null);
  useEffect(() => {
    if (list.current) followCurrentStep(list.current, true);
  }, [current, steps]);
  useEffect(() => {
    const container = list.current;
    if (!container || typeof ResizeObserver === 'undefined') return undefined;
    // The box resized (another screen size, the panels around it): a short one aligned again.
    const observer = new ResizeObserver(() => followCurrentStep(container, false));
    observer.observe(container);
    return () => observer.disconnect();
  }, []);
  useStepsOnWholeLines(list);
  let number = 0;
  return (
    <ol className={styles.steps} ref={list}>
      {steps.map((item, index) => {
        const state = statuses[index] ?? 'pending';
        if (state === 'hidden') return null;
        number++;
        return (
          <StepRow
            key={item.seq}
            item={item}
            index={index}
            number={number}
            state={state}
            current={index === current}
            {...horizonProps(item, until)}
          />
        );
      })}
    </ol>
  );
}

/** Above this many steps the list renders only the rows scrolled into view. */
const WINDOWED_FROM = 300;
/** Rows rendered beyond each edge of the view, so a quick scroll shows no gap. */
const OVERSCAN = 8;
/** Row height until the probe row is measured (two lines at the default type size). */
const ROW_HEIGHT = 44;

/**
 * A long procedure (a cluster of hundreds of hosts has thousands of steps): rows of one fixed
 * height, of which only those in view exist, so a seek updates a few dozen rows, not thousands.
 */
function WindowedSteps({ steps, statuses, current, until }: StepsProps) {
  const list = useRef<HTMLOListElement>(null);
  const probe = useRef<HTMLLIElement>(null);
  const [row, setRow] = useState(ROW_HEIGHT);
  const [viewport, setViewport] = useState(380);
  const [scrollTop, setScrollTop] = useState(0);
  const shown = useMemo(
    () => Int32Array.from(steps.keys()).filter((index) => statuses[index] !== 'hidden'),
    [steps, statuses],
  );
  const position = lastAtOrBefore(shown, current);

  // Keep the current step in view whenever it moves (state adjusted while rendering, so the
  // window is right on the first paint).
  const [followed, setFollowed] = useState<{ current: number; row: number } | undefined>();
  if (followed?.current !== current || followed.row !== row) {
    setFollowed({ current, row });
    const top = position * row;
    if (position >= 0 && (top < scrollTop || top + row > scrollTop + viewport))
      setScrollTop(Math.max(0, top - Math.floor(viewport / 3)));
  }

  useLayoutEffect(() => {
    const container = list.current;
    if (container && Math.abs(container.scrollTop - scrollTop) >= 1)
      container.scrollTop = scrollTop;
  }, [scrollTop]);
  useStepsOnWholeLines(list);

  useEffect(() => {
    const container = list.current;
    const sample = probe.current;
    if (!container || !sample || typeof ResizeObserver === 'undefined') return undefined;
    // The row height follows the type size (presenter mode): measured, never assumed.
    const observer = new ResizeObserver(() => {
      if (container.clientHeight > 0) setViewport(container.clientHeight);
      // In the list's own pixels, as its `clientHeight` and `scrollTop` are.
      const height = sample.getBoundingClientRect().height / zoomOf(sample);
      if (height > 0) setRow(height);
    });
    observer.observe(container);
    observer.observe(sample);
    return () => observer.disconnect();
  }, []);

  const first = Math.max(0, Math.floor(scrollTop / row) - OVERSCAN);
  const last = Math.min(shown.length, Math.ceil((scrollTop + viewport) / row) + OVERSCAN);
  const rows: ReactNode[] = [];
  for (let at = first; at < last; at++) {
    const index = shown[at] ?? -1;
    const item = steps[index];
    const state = statuses[index] ?? 'pending';
    if (item && state !== 'hidden')
      rows.push(
        <StepRow
          key={item.seq}
          item={item}
          index={index}
          number={at + 1}
          state={state}
          current={index === current}
          {...horizonProps(item, until)}
        />,
      );
  }
  return (
    <ol
      className={cx(styles.steps, styles.windowed)}
      ref={list}
      onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
      data-testid="steps-windowed"
    >
      <li ref={probe} className={styles.stepProbe} aria-hidden="true" />
      <li aria-hidden="true" data-testid="steps-spacer" style={{ height: first * row }} />
      {rows}
      <li
        aria-hidden="true"
        data-testid="steps-spacer"
        style={{ height: (shown.length - last) * row }}
      />
    </ol>
  );
}

/** The procedure's steps with their status at the cursor, and the current step's note as narration. */
export function ProcedurePanel() {
  const run = usePlayerSelector(selectRun);
  const statuses = usePlayerSelector(selectStepStatuses, sameItems);
  const current = usePlayerSelector(selectCurrentStep);
  const finished = usePlayerSelector(selectSettled);
  const until = usePlayerSelector(selectHorizonTime);
  const cut = usePlayerSelector(selectHorizonWhy);
  const handsOn = usePlayerSelector(selectHandsOn);
  const underWay = usePlayerSelector(selectHandsOnUnderWay);
  // A narration longer than its box scrolls (the stage): then the keyboard can reach it, and the
  // box ends on a whole line.
  const [narrationRegion, narrationStop] = useScrollBox<HTMLDivElement>();

  if (!run) {
    return (
      <section className="panel procedure" aria-label="Procedure">
        <h2>Procedure</h2>
        <p className="empty">No run yet.</p>
      </section>
    );
  }
  const { report } = run;
  const steps = report.steps;
  const step = steps[current];
  const status = statuses[current];
  // Recovery steps not added yet do not count; spoiler-free, neither does any step to come
  // (the run's are not the plan's once a fault strikes): the count is of the steps so far.
  const known = statuses.filter((state) => state !== 'hidden').length;
  const number = statuses.slice(0, current + 1).filter((state) => state !== 'hidden').length;
  const soFar = until !== undefined;
  return (
    <section className="panel procedure" aria-label="Procedure">
      <h2>
        Procedure{' '}
        <span className="muted" data-testid="step-count">
          {known} {known === 1 ? 'step' : 'steps'}
          {cut === 'decision' ? ' to the decision ahead' : soFar ? ' so far' : ''}
        </span>
      </h2>
      <div
        className={styles.narration}
        data-testid="narration"
        data-keeps={finished ? '[data-testid="outcome"]' : '[data-testid="narration-note"]'}
        aria-live="polite"
        ref={narrationRegion}
        tabIndex={narrationStop}
      >
        {/* The run's outcome first, once it has settled: at the foot of a box that scrolls it was
            cut at "Rolled back after 2h14m40s: install", the last step's story above it. */}
        {finished && underWay && report.outcome === 'completed' ? (
          // The trainee's steps so far, not a procedure that completed (before: "Completed
          // after 0s" in green as the drill began, no step taken).
          <p className={styles.outcome} data-testid="outcome" data-outcome="so-far">
            {steps.length === 0
              ? 'Nothing has run yet.'
              : `Your steps so far ran in ${span(report.duration)}.`}
          </p>
        ) : finished ? (
          <p
            className={cx(styles.outcome, OUTCOME_CLASS[report.outcome])}
            data-testid="outcome"
            data-outcome={report.outcome}
          >
            {OUTCOME[report.outcome] ?? report.outcome} after {span(report.duration)}
            {report.reason ? <>: {wholeNames(report.reason)}</> : ''}
          </p>
        ) : null}
        {step ? (
          <>
            <p>
              Step {number}
              {soFar ? (
                ''
              ) : (
                // The run's steps: a failure's recovery adds its steps as the run takes them, so
                // the count grows then (before, unexplained: "of 19" became "of 23").
                <span title="Counted as the run goes: a recovery's steps are added when the run takes them">
                  {` of ${known}`}
                </span>
              )}
              {step.hop > 0 ? ` · hop ${step.hop}` : ''} ·{' '}
              <strong>{wholeNames(stepTitle(step))}</strong>{' '}
              <span className={cx(styles.status, STATUS[status ?? 'pending'])}>{status}</span>
            </p>
            <p className={styles.note} data-testid="narration-note">
              {/* Where the step comes from, on the narration's first line, which stays in view:
                  the whole source below it was cut off in presenter mode on a long step. */}
              <span
                className={cx(styles.badge, BADGE[step.source.kind])}
                data-testid="narration-source-tag"
              >
                {writtenTag(step.source, handsOn) ?? sourceLabel(step.source)}
              </span>{' '}
              {wholeNames(narrationNote(step))}
            </p>
            <p
              className={cx(styles.source, SOURCE[step.source.kind])}
              data-testid="narration-source"
            >
              {wholeNames(describeSource(step.source))}
            </p>
          </>
        ) : (
          <p className={styles.note} data-testid="narration-note">
            {underWay
              ? 'No step taken yet: pick the first step of the procedure in the hands-on panel.'
              : 'This procedure has no steps.'}
          </p>
        )}
      </div>
      {known > WINDOWED_FROM ? (
        <WindowedSteps steps={steps} statuses={statuses} current={current} until={until} />
      ) : (
        <Steps steps={steps} statuses={statuses} current={current} until={until} />
      )}
    </section>
  );
}
