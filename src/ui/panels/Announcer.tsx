import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { hiddenKinds, selectDrillDecision } from '../drill/drillSelectors';
import { cx } from '../classNames';
import {
  afterMove,
  announcements,
  headline,
  inView,
  lead,
  type Announcement,
  type Shown,
} from '../state/announcements';
import { divergence, type RunView } from '../state/runView';
import { selectCursor, selectPlaying, selectView, type PlayerSnapshot } from '../state/selectors';
import { usePlayer } from '../state/usePlayer';
import { usePlayerSelector } from '../state/usePlayerSelector';
import styles from './Announcer.module.css';

/** How many announcements are on screen at once; older ones make room. */
export const MAX_SHOWN = 3;
/** How many are in view on a short layout (720p, presenter mode) out of the stage. */
const MOST_IN_VIEW = 2;
/** How long an announcement stays, in real milliseconds, unless the pointer or focus is on it. */
export const ANNOUNCEMENT_MS = 8_000;

const announcementsOf = new WeakMap<RunView, readonly Announcement[]>();

function announcementsIn(view: RunView): readonly Announcement[] {
  let list = announcementsOf.get(view);
  if (!list) {
    list = announcements(view.run, view.markers);
    announcementsOf.set(view, list);
  }
  return list;
}

/**
 * How many entries two runs of the same scenario have alike from the start (0 for runs of
 * different scenarios, which may begin alike by chance). Pure.
 */
function sharedUntil(before: RunView, after: RunView): number {
  if (before.run.scenario.name !== after.run.scenario.name) return 0;
  const at = divergence(before.run, after.run);
  return at < 0 ? Math.min(before.run.report.trace.length, after.run.report.trace.length) : at;
}

/**
 * The kinds of announcement not said, comma-separated: a drill that hides its violations says
 * none, and a hands-on drill under way says no warning, its run ending where the trainee has got
 * to ("the plan ran to its end with device-a on 9.0.1" was said as the trainee switched it on,
 * before any step; the debrief lists the warnings).
 */
const selectUnsaid = (s: PlayerSnapshot): string =>
  [
    ...(hiddenKinds(s).includes('violation') ? ['violation'] : []),
    ...(s.context.drill?.handsOn !== undefined && !s.context.drill.debrief ? ['warning'] : []),
  ].join(',');

/**
 * Says what happens as the playhead reaches it — a violation, a fault firing, a failover or
 * switchover, a decision taken, and at the end a missed `expect` or a warning — in a live region,
 * so screen readers read them too. Only what the playhead passed moving forward is announced,
 * never what lies ahead, and moving back before one withdraws it; a jump over many says the last
 * few and how many more. Each one seeks to its moment when clicked. On the stage (a wide screen)
 * it is placed beside the class's switches, or in presenter mode at the foot of the main column,
 * over the Findings strip, and shows one at a time
 * (see {@link lead}), the others behind a count that opens them; elsewhere, a stack in the corner.
 */
export function Announcer({
  enabled,
  compact = false,
  inBar = false,
}: {
  readonly enabled: boolean;
  /** A short layout: only the two that matter most are in view (see {@link inView}). */
  readonly compact?: boolean;
  /**
   * On the stage, a line of its own in the bar of the playback and the class's switches rather
   * than over the Findings strip (out of presenter mode, whose bar has no room to spare).
   */
  readonly inBar?: boolean;
}) {
  const actor = usePlayer();
  const view = usePlayerSelector(selectView);
  const playhead = usePlayerSelector(selectCursor);
  const unsaid = usePlayerSelector(selectUnsaid);
  // A drill waits for the trainee's choice just before the decision's entry, where the step that
  // failed is reported: that failure is said, the decision (the trainee's to take) is not.
  // Before, the class saw the decision's card and no word of the failure that brought it.
  const waiting = usePlayerSelector((s) => selectDrillDecision(s)?.seq);
  const cursor = waiting !== undefined && playhead === waiting - 1 ? waiting : playhead;
  const say = (item: Announcement) =>
    !unsaid.split(',').includes(item.kind) && (item.kind !== 'decision' || item.seq <= playhead);
  const playing = usePlayerSelector(selectPlaying);
  const [shown, setShown] = useState<readonly Shown[]>([]);
  const [seen, setSeen] = useState<{ view: RunView | undefined; cursor: number }>({
    view,
    cursor,
  });
  const [paused, setPaused] = useState(false);
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);

  // What the playhead passed since the last render (state adjusted while rendering).
  if (seen.view !== view || seen.cursor !== cursor) {
    setSeen({ view, cursor });
    if (view && seen.view === view && enabled) {
      const next = afterMove(
        shown,
        announcementsIn(view),
        seen.cursor,
        cursor,
        MAX_SHOWN,
        say,
        !playing && cursor - seen.cursor > 1,
      );
      if (next !== shown) setShown(next);
    } else if (seen.view !== view) {
      // Another run. Of the same scenario, the same up to a point ahead of the playhead (a fault
      // injected there, the playhead moved to where it strikes): what was said before that
      // point holds, and what the playhead now passes is said, as a move. Else what was said of
      // the last run no longer holds.
      const shared = view && seen.view && enabled ? sharedUntil(seen.view, view) : 0;
      const next =
        view && shared > seen.cursor
          ? afterMove(
              shown.filter((item) => item.seq < shared),
              announcementsIn(view),
              seen.cursor,
              cursor,
              MAX_SHOWN,
              say,
            )
          : [];
      if (next.length > 0 || shown.length > 0) setShown(next);
    }
  }

  // Announcements leave after a while, unless the pointer or keyboard is on them.
  useEffect(() => {
    if (shown.length === 0 || paused) return undefined;
    const timer = setTimeout(() => setShown((list) => list.slice(1)), ANNOUNCEMENT_MS);
    return () => clearTimeout(timer);
  }, [shown, paused]);

  const list = enabled ? shown : [];
  const visible = compact ? inView(list, MOST_IN_VIEW) : undefined;
  const first = lead(list);
  const others = list.length - 1;
  // Opened on a count that is gone: the next announcements start as one again.
  if (open && others <= 0) setOpen(false);

  // Marks an announcement longer than its place (two lines on the stage), so it says there is more.
  useLayoutEffect(() => {
    for (const body of root.current?.querySelectorAll<HTMLElement>('[data-announcement-body]') ??
      []) {
      body.parentElement?.toggleAttribute(
        'data-clipped',
        body.scrollHeight > body.clientHeight + 1,
      );
    }
  });

  return (
    <div
      ref={root}
      className={cx(styles.stack, inBar && styles.inBar, open && others > 0 && styles.open)}
      role="log"
      aria-label="Announcements"
      aria-live="polite"
      data-testid="announcements"
      data-on={enabled || undefined}
      onMouseEnter={() => setPaused(true)}
      onMouseLeave={() => setPaused(false)}
      onFocus={() => setPaused(true)}
      onBlur={() => setPaused(false)}
    >
      <div className={styles.list}>
        {list.map((item, index) => (
          <div
            key={item.key}
            className={cx(
              styles.item,
              styles[item.kind],
              index === first && styles.lead,
              others > 0 && styles.counted,
            )}
            data-testid="announcement"
            data-kind={item.kind}
            data-seq={item.seq}
            data-lead={index === first || undefined}
            data-aside={(visible && !visible.has(index)) || undefined}
          >
            <button
              type="button"
              className={styles.body}
              data-announcement-body
              onClick={() => actor.send({ type: 'seek', seq: item.seq, settled: true })}
              title="Go to this moment"
            >
              <span className={styles.cue} aria-hidden="true">
                more ▾
              </span>
              <strong className={styles.title}>{headline(item)}</strong>{' '}
              <span title={item.text}>{item.text}</span>
              {item.detail ? (
                <span className={styles.detail} data-testid="announcement-detail">
                  {' '}
                  {item.detail}
                </span>
              ) : null}
              {item.more > 0 ? (
                <span className={styles.more}>
                  and {item.more} earlier, passed in the same jump
                </span>
              ) : null}
            </button>
            <span className={styles.controls}>
              {index === first && others > 0 ? (
                <button
                  type="button"
                  className={styles.count}
                  aria-expanded={open}
                  onClick={() => setOpen((on) => !on)}
                  data-testid="announcements-more"
                >
                  {open ? 'latest only' : `+${others} more`}
                </button>
              ) : null}
              <button
                type="button"
                className={styles.close}
                onClick={() => setShown((all) => all.filter((other) => other.key !== item.key))}
                aria-label="Dismiss"
              >
                ✕
              </button>
            </span>
          </div>
        ))}
      </div>
    </div>
  );
}
