import {
  useEffect,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type JSX,
  type KeyboardEvent,
} from 'react';
import { parseDuration, type Run } from '../../sim';
import { frameChanges } from './frameDiff';
import { cx } from '../classNames';
import styles from './InspectorLog.module.css';
import { actorsOf, eventsOf, filterRows, indexAtOrBefore, logRows, type LogRow } from './logRows';
import { StatelyInspectorButton } from './StatelyInspectorButton';

interface InspectorLogProps {
  readonly run: Run;
  /** The `seq` of the trace entry the debugger is at. */
  readonly cursor: number;
  /** Called with a row's `seq` when the user picks it. */
  readonly onJump: (seq: number) => void;
}

/** Fixed row height: the list is virtualized, only the rows in view are rendered. */
const ROW_HEIGHT = 24;
const OVERSCAN = 10;
/** Used until the scroll container has been measured (and in environments without layout). */
const DEFAULT_VIEWPORT = 480;

function Row({
  row,
  index,
  current,
  future,
  onJump,
  id,
}: {
  row: LogRow;
  index: number;
  current: boolean;
  future: boolean;
  onJump: (seq: number) => void;
  id: string;
}): JSX.Element {
  const before = row.before === '' ? '—' : row.before;
  return (
    <div
      id={id}
      role="option"
      aria-selected={current}
      data-seq={row.seq}
      data-future={future ? 'true' : undefined}
      className={cx(styles.row, current && styles.current, future && styles.future)}
      style={{ transform: `translateY(${index * ROW_HEIGHT}px)`, height: ROW_HEIGHT }}
      onClick={() => onJump(row.seq)}
      title={row.step === undefined ? undefined : `Step ${row.step}`}
    >
      <span className={styles.seq}>{row.seq}</span>
      <span className={styles.time}>{row.time}</span>
      <span>{row.actor}</span>
      <span className={styles.event}>{row.event}</span>
      <span className={styles.states} title={`${before} → ${row.state}`}>
        <span className={styles.before}>{before}</span>
        <span className={styles.arrow}> → </span>
        <span>{row.state}</span>
        {row.step !== undefined && <span className={styles.step}> · {row.step}</span>}
      </span>
    </div>
  );
}

/**
 * A time bound as typed: on the clock, as the Time column writes it (`1:05:00`, `1d 02:00:00`),
 * or a duration (`1h5m`); its ms, or why it is not one.
 */
function readBound(text: string): { ms?: number; error?: string } {
  const typed = text.trim();
  if (typed === '') return {};
  const onClock = /^(?:(\d+)d\s*)?(\d+):([0-5]\d):([0-5]\d)$/.exec(typed);
  if (onClock) {
    const [, days = '0', hours = '0', minutes = '0', seconds = '0'] = onClock;
    return {
      ms:
        (((Number(days) * 24 + Number(hours)) * 60 + Number(minutes)) * 60 + Number(seconds)) *
        1000,
    };
  }
  try {
    return { ms: parseDuration(typed) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/** What the entry at the cursor changed in its actor's state: field, before, after. */
function Changes({ run, row, index }: { run: Run; row: LogRow; index: number }): JSX.Element {
  const changes = useMemo(() => frameChanges(run.frames, index, row.previous), [run, index, row]);
  return (
    // A bounded box that scrolls and holds no control: it takes the focus, so the keyboard can
    // scroll it.
    <section
      className={styles.changes}
      aria-label="What this entry changed"
      data-testid="inspector-changes"
      tabIndex={0}
    >
      <h3 className={styles.changesTitle}>
        #{row.seq} · {row.time} · {row.actor} · <code>{row.event}</code>
        <span className={styles.count}>
          {row.previous < 0
            ? ' — its first entry: every field'
            : changes.length === 0
              ? ' — nothing in its state changed'
              : ` — ${changes.length} field${changes.length === 1 ? '' : 's'} changed`}
        </span>
      </h3>
      {changes.length > 0 && (
        <table className={styles.diff}>
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">Before</th>
              <th scope="col">After</th>
            </tr>
          </thead>
          <tbody>
            {changes.map((change) => (
              <tr key={change.field}>
                <th scope="row">{change.field}</th>
                <td className={styles.removed}>{change.before ?? '—'}</td>
                <td className={styles.added}>{change.after ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/**
 * A filterable, virtualized log of a run's transitions: one row per trace entry (seq, virtual
 * time, actor, event, state before → after). The row at the cursor is highlighted and kept in
 * view, rows after it are dimmed, and picking a row jumps there; under the log, what the entry at
 * the cursor changed in its actor's state (field, before → after). Filters by actor, event, text
 * and time range. Stays fast for tens of thousands of entries: only the rows in view are rendered.
 */
export function InspectorLog({ run, cursor, onJump }: InspectorLogProps): JSX.Element {
  const rows = useMemo(() => logRows(run.report.trace), [run]);
  const actors = useMemo(() => actorsOf(rows), [rows]);
  const events = useMemo(() => eventsOf(rows), [rows]);
  const [actor, setActor] = useState('');
  const [event, setEvent] = useState('');
  const [text, setText] = useState('');
  const [fromText, setFromText] = useState('');
  const [toText, setToText] = useState('');
  const from = readBound(fromText);
  const to = readBound(toText);
  const visible = useMemo(
    () =>
      filterRows(rows, {
        actor,
        event,
        text,
        ...(from.ms === undefined ? {} : { from: from.ms }),
        ...(to.ms === undefined ? {} : { to: to.ms }),
      }),
    [rows, actor, event, text, from.ms, to.ms],
  );
  const all = useMemo(() => rows.map((_, index) => index), [rows]);
  const atIndex = all[indexAtOrBefore(rows, all, cursor)] ?? -1;
  const atRow = rows[atIndex];

  const listRef = useRef<HTMLDivElement>(null);
  const [viewport, setViewport] = useState(DEFAULT_VIEWPORT);
  const [scrollTop, setScrollTop] = useState(0);
  const baseId = useId();

  // Keep the cursor in view whenever it moves or the filters change (state adjusted while
  // rendering, so the window is right on the first paint).
  const cursorIndex = indexAtOrBefore(rows, visible, cursor);
  const [followed, setFollowed] = useState<
    { cursor: number; visible: readonly number[] } | undefined
  >(undefined);
  if (followed?.cursor !== cursor || followed.visible !== visible) {
    setFollowed({ cursor, visible });
    const top = cursorIndex * ROW_HEIGHT;
    if (cursorIndex >= 0 && (top < scrollTop || top + ROW_HEIGHT > scrollTop + viewport)) {
      setScrollTop(Math.max(0, top - Math.floor(viewport / 2)));
    } else if (scrollTop > Math.max(0, visible.length * ROW_HEIGHT - viewport)) {
      setScrollTop(Math.max(0, visible.length * ROW_HEIGHT - viewport));
    }
  }

  useLayoutEffect(() => {
    const list = listRef.current;
    if (list && Math.abs(list.scrollTop - scrollTop) >= 1) list.scrollTop = scrollTop;
  }, [scrollTop]);

  useEffect(() => {
    const list = listRef.current;
    if (!list || typeof ResizeObserver === 'undefined') return undefined;
    const observer = new ResizeObserver(() => {
      if (list.clientHeight > 0) setViewport(list.clientHeight);
    });
    observer.observe(list);
    return () => observer.disconnect();
  }, []);

  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(visible.length, Math.ceil((scrollTop + viewport) / ROW_HEIGHT) + OVERSCAN);
  const windowRows: JSX.Element[] = [];
  for (let i = first; i < last; i++) {
    const row = rows[visible[i] ?? -1];
    if (!row) continue;
    windowRows.push(
      <Row
        key={row.seq}
        id={`${baseId}-row-${row.seq}`}
        row={row}
        index={i}
        current={row.seq === cursor}
        future={row.seq > cursor}
        onJump={onJump}
      />,
    );
  }

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const page = Math.max(1, Math.floor(viewport / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = {
      ArrowDown: 1,
      ArrowUp: -1,
      PageDown: page,
      PageUp: -page,
    };
    let target: number | undefined;
    if (event.key === 'Home') target = 0;
    else if (event.key === 'End') target = visible.length - 1;
    else if (moves[event.key] !== undefined) {
      const at = cursorIndex < 0 ? -1 : cursorIndex;
      target = Math.min(visible.length - 1, Math.max(0, at + (moves[event.key] ?? 0)));
    }
    if (target === undefined) return;
    const row = rows[visible[target] ?? -1];
    if (!row) return;
    event.preventDefault();
    onJump(row.seq);
  };

  const activeRow = rows[visible[cursorIndex] ?? -1];
  const activeId = activeRow?.seq === cursor ? `${baseId}-row-${cursor}` : undefined;

  return (
    <section className={styles.panel} aria-label="Transition log">
      <div className={styles.toolbar}>
        <label className={styles.field}>
          <span>Actor</span>
          <select
            value={actor}
            onChange={(e) => setActor(e.target.value)}
            aria-label="Filter by actor"
          >
            <option value="">All actors ({actors.length})</option>
            {actors.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label className={styles.field}>
          <span>Event</span>
          <select
            value={event}
            onChange={(e) => setEvent(e.target.value)}
            aria-label="Filter by event"
          >
            <option value="">All events ({events.length})</option>
            {events.map((name) => (
              <option key={name} value={name}>
                {name === '' ? '(eventless)' : name}
              </option>
            ))}
          </select>
        </label>
        <label className={styles.field}>
          <span>From</span>
          <input
            type="text"
            className={styles.bound}
            value={fromText}
            placeholder="0:00:00"
            onChange={(e) => setFromText(e.target.value)}
            aria-label="From virtual time, e.g. 1:05:00"
            aria-invalid={from.error !== undefined}
            title={
              from.error ??
              'Entries at or after this virtual time (on the clock, 1:05:00, or a duration, 1h5m)'
            }
          />
        </label>
        <label className={styles.field}>
          <span>to</span>
          <input
            type="text"
            className={styles.bound}
            value={toText}
            placeholder="end"
            onChange={(e) => setToText(e.target.value)}
            aria-label="To virtual time, e.g. 2:00:00"
            aria-invalid={to.error !== undefined}
            title={
              to.error ??
              'Entries at or before this virtual time (on the clock, 2:00:00, or a duration, 2h)'
            }
          />
        </label>
        <label className={styles.field}>
          <span>Find</span>
          <input
            type="search"
            value={text}
            placeholder="event or state contains…"
            onChange={(e) => setText(e.target.value)}
            aria-label="Filter by event or state"
          />
        </label>
        <span className={styles.count} aria-live="polite">
          {visible.length === rows.length
            ? `${rows.length} entries`
            : `${visible.length} of ${rows.length} entries`}
        </span>
        <StatelyInspectorButton run={run} />
        {(from.error ?? to.error) !== undefined && (
          <p className={styles.error} role="alert">
            {from.error !== undefined ? `From: ${from.error}` : `To: ${to.error ?? ''}`}
          </p>
        )}
      </div>
      <div className={styles.header} aria-hidden="true">
        <span>#</span>
        <span>Time</span>
        <span>Actor</span>
        <span>Event</span>
        <span>State before → after</span>
      </div>
      <div
        ref={listRef}
        className={styles.list}
        role="listbox"
        aria-label="Trace entries"
        aria-activedescendant={activeId}
        tabIndex={0}
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
        onKeyDown={onKeyDown}
      >
        <div className={styles.spacer} style={{ height: visible.length * ROW_HEIGHT }}>
          {windowRows}
        </div>
        {visible.length === 0 && <p className={styles.empty}>No entry matches the filters.</p>}
      </div>
      {atRow && <Changes run={run} row={atRow} index={atIndex} />}
    </section>
  );
}
