import {
  Fragment,
  memo,
  useEffect,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type ComponentProps,
  type CSSProperties,
  type PointerEvent,
  type ReactNode,
} from 'react';
import { downtimeRows, roleChangeNoun, type Outage, type Run } from '../../sim';
import { cx } from '../classNames';
import { selectHiddenMarkers, visibleMarkers } from '../drill/drillSelectors';
import { download, fileStem } from '../export/download';
import { timelinePaletteOf, timelineSvg } from '../export/timelineSvg';
import { followWholeLines } from '../hooks/followWholeLines';
import { attributeSelector } from '../hooks/attributeSelector';
import { useFollowLane } from '../hooks/useFollowLane';
import { useKeptInView } from '../hooks/useKeptInView';
import { zoomOf } from '../hooks/zoomOf';
import { clock, runningSpan, span, widestSpan, words } from '../format';
import {
  MARKER_NOUNS,
  type Marker,
  type MarkerKind,
  type RunView,
  type Segment,
} from '../state/runView';
import {
  sameItems,
  selectCurrentStepHost,
  selectDowntimeSoFar,
  selectStepStatuses,
  selectTime,
  selectView,
} from '../state/selectors';
import {
  hiddenText,
  outagesUntil,
  segmentsUntil,
  selectAxisEnd,
  selectHorizon,
  selectHorizonTime,
  visibleAt,
  type Horizon,
} from '../state/spoilers';
import { usePlayer } from '../state/usePlayer';
import { usePlayerSelector } from '../state/usePlayerSelector';
import styles from './TimelinePanel.module.css';
import { Reserved } from './Reserved';
import { WindowedRows } from './WindowedRows';
import { timelineLegend } from './timelineColours';
import {
  clampWindow,
  groupLabel,
  laneOrder,
  markerNear,
  markerSlots,
  MIN_WINDOW,
  panWindow,
  windowPct,
  windowTicks,
  zoomWindow,
  type TimeWindow,
} from './timelineScale';

const WIDTH = 1000;

/** Each marker kind's triangle on the axis and its line down the lanes. */
const MARKER_CLASSES: Readonly<
  Record<MarkerKind, { readonly marker?: string; readonly line?: string }>
> = {
  failover: { marker: styles.markerFailover, line: styles.markerLineFailover },
  fault: { marker: styles.markerFault, line: styles.markerLineFault },
  violation: { marker: styles.markerViolation, line: styles.markerLineViolation },
};

/** Where `at` falls across the window, in percent, held to its ends. */
/** Each run's workloads by name, made once a run and only for the rows per workload: a Cluster may have a million (a second's work), and the panel renders on every tick. */
const byName = new WeakMap<
  Run['report'],
  ReadonlyMap<string, Run['report']['workloads'][number]>
>();
function workloadsByName(report: Run['report']) {
  let map = byName.get(report);
  if (!map) {
    map = new Map(report.workloads.map((w) => [w.name, w]));
    byName.set(report, map);
  }
  return map;
}

function pct(at: number, window: TimeWindow): number {
  return Math.min(100, Math.max(0, windowPct(at, window)));
}

/** The part of a lane's full drawing (`WIDTH` wide for the whole run) the window shows. */
function viewBoxOf(window: TimeWindow, duration: number): string {
  const scale = duration > 0 ? WIDTH / duration : 0;
  return `${window.from * scale} 0 ${Math.max(1e-6, (window.to - window.from) * scale)} 10`;
}

/** The narrowest a bar is drawn, in the lane's units: half a thousandth of the window. */
function minWidth(window: TimeWindow, duration: number, share: number): number {
  return duration > 0 ? (share * WIDTH * (window.to - window.from)) / duration / 1000 : 0;
}

const HostLane = memo(function HostLane({
  name,
  segments: whole,
  duration,
  window,
  until,
}: {
  name: string;
  segments: readonly Segment[];
  duration: number;
  window: TimeWindow;
  /** Spoiler-free: the playhead's time, past which nothing is drawn. */
  until: number | undefined;
}) {
  const scale = duration > 0 ? WIDTH / duration : 0;
  const least = minWidth(window, duration, 0.5);
  const segments = useMemo(() => segmentsUntil(whole, until), [whole, until]);
  return (
    <svg
      className={styles.drawing}
      viewBox={viewBoxOf(window, duration)}
      preserveAspectRatio="none"
      role="img"
      aria-label={`${name} lifecycle`}
    >
      {segments.map((segment) => (
        <g key={segment.start}>
          <rect
            className={cx(styles.segment, `seg-${segment.state}`)}
            x={segment.start * scale}
            y={0}
            width={Math.max(least, (segment.end - segment.start) * scale)}
            height={10}
            data-testid="segment"
            data-state={segment.state}
          >
            <title>{`${name}: ${segment.state}${segment.leading ? ' (serving role)' : ''}, ${clock(segment.start)}–${clock(segment.end)}`}</title>
          </rect>
          {segment.leading ? (
            <rect
              className={styles.serving}
              x={segment.start * scale}
              y={0}
              width={Math.max(least, (segment.end - segment.start) * scale)}
              height={2}
              data-testid="serving-role"
            />
          ) : null}
        </g>
      ))}
    </svg>
  );
});

const GroupLane = memo(function GroupLane({
  label,
  outages: whole,
  duration,
  window,
  until,
}: {
  label: string;
  outages: readonly Outage[];
  duration: number;
  window: TimeWindow;
  /** Spoiler-free: the playhead's time, past which nothing is drawn. */
  until: number | undefined;
}) {
  const scale = duration > 0 ? WIDTH / duration : 0;
  const least = minWidth(window, duration, 1);
  const outages = useMemo(() => outagesUntil(whole, until), [whole, until]);
  return (
    <svg
      className={styles.drawing}
      viewBox={viewBoxOf(window, duration)}
      preserveAspectRatio="none"
      role="img"
      aria-label={`${label} availability`}
    >
      <rect
        className={styles.up}
        x={0}
        y={2}
        width={(until ?? duration) * scale}
        height={6}
        data-testid="uptime"
      />
      {outages.map(([start, end]) => (
        <rect
          key={start}
          className={styles.down}
          x={start * scale}
          y={0}
          width={Math.max(least, (end - start) * scale)}
          height={10}
          data-testid="outage"
        >
          <title>{`${label}: down ${clock(start)}–${clock(end)} (${span(end - start)})`}</title>
        </rect>
      ))}
    </svg>
  );
});

const Axis = memo(function Axis({
  markers,
  window,
}: {
  markers: readonly Marker[];
  window: TimeWindow;
}) {
  const actor = usePlayer();
  const box = useRef<HTMLDivElement>(null);
  const [{ width, room: labelRoom }, setSize] = useState({ width: 0, room: 1 });
  useLayoutEffect(() => {
    const element = box.current;
    if (!element) return;
    // A label ("10:00:00", 0.72em) is about 4 em of the axis's type, plus a gap.
    const measure = () => {
      const size = parseFloat(getComputedStyle(element).fontSize);
      setSize({ width: element.clientWidth, room: Number.isFinite(size) ? size * 4.2 + 12 : 1 });
    };
    measure();
    // Without layout (a test's DOM) there is nothing to observe.
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  const inside = (at: number) => at >= window.from && at <= window.to;
  const shown = markers.filter((marker) => inside(marker.at));
  // Markers of one instant, or closer than a marker's width, side by side (a live crash and the
  // step it failed), none hidden.
  const slots = markerSlots(
    shown.map((marker) => marker.at),
    markerNear(window.to - window.from, width),
    { place: (at) => (pct(at, window) / 100) * width, width },
  );
  return (
    <div className={styles.axis} ref={box} data-testid="axis">
      {windowTicks(window, width, labelRoom).map((at) => (
        <span
          key={at}
          className={cx(styles.tick, at === window.from && styles.tickStart)}
          style={{ left: `${pct(at, window)}%` }}
          data-testid="tick"
        >
          {clock(at)}
        </span>
      ))}
      {shown.map((marker: Marker, index) => (
        <button
          key={`${marker.seq}-${marker.kind}-${index}`}
          type="button"
          className={cx(styles.marker, MARKER_CLASSES[marker.kind].marker)}
          style={
            {
              left: `${pct(marker.at, window)}%`,
              '--slot': slots[index] ?? 0,
            } as CSSProperties
          }
          data-slot={slots[index] ?? 0}
          title={`${marker.label} at ${clock(marker.at)} (transition ${marker.seq})`}
          aria-label={`${MARKER_NOUNS[marker.kind]}: ${marker.label} at ${clock(marker.at)}`}
          data-testid="marker"
          data-kind={marker.kind}
          onPointerDown={(event) => event.stopPropagation()}
          onClick={() => actor.send({ type: 'seek', seq: marker.seq, settled: true })}
        />
      ))}
    </div>
  );
});

function MarkerLines({ markers, window }: { markers: readonly Marker[]; window: TimeWindow }) {
  return (
    <>
      {markers
        .filter((marker) => marker.at >= window.from && marker.at <= window.to)
        .map((marker, index) => (
          <span
            key={`${marker.seq}-${index}`}
            className={cx(styles.markerLine, MARKER_CLASSES[marker.kind].line)}
            style={{ '--pct': pct(marker.at, window) / 100 } as CSSProperties}
            data-testid="marker-line"
            data-kind={marker.kind}
          />
        ))}
    </>
  );
}

/**
 * The playhead and the faded future, moved by a transform on their own layers: as the time
 * changes only they re-render and only they are repainted, not the lanes under them. Outside
 * the window shown, the playhead is hidden and the future covers all or none of it.
 */
function Playhead({ window }: { window: TimeWindow }) {
  const time = usePlayerSelector(selectTime);
  const at = windowPct(time, window);
  const shift = { transform: `translateX(${Math.min(100, Math.max(0, at))}%)` };
  const outside = at < 0 || at > 100;
  return (
    <>
      <span className={styles.futureTrack} aria-hidden="true">
        <span className={styles.future} style={shift} data-testid="future" />
      </span>
      <span className={styles.playheadTrack} aria-hidden="true">
        <span
          className={styles.playhead}
          style={outside ? { ...shift, visibility: 'hidden' } : shift}
          data-testid="playhead"
          data-outside={outside ? 'true' : undefined}
        />
      </span>
    </>
  );
}

/** A range selected on the timeline, drawn over the lanes. */
function Selection({ range, window }: { range: TimeWindow; window: TimeWindow }) {
  const left = pct(range.from, window);
  const right = pct(range.to, window);
  if (right <= left) return null;
  return (
    <span className={styles.selectionTrack} aria-hidden="true">
      <span
        className={styles.selection}
        style={{ left: `${left}%`, width: `${right - left}%` }}
        data-testid="selection"
      />
    </span>
  );
}

/**
 * `· switchovers 2` in the headline: the count kept with its name on one line (before, a name
 * ended one line and its figure began the next); nothing for a system with no role to change.
 */
function RoleChanges({
  noun,
  count,
  until,
}: {
  noun: string | undefined;
  count: number;
  /** Counted as far as the horizon: the playhead (`so far`) or a drill's decision. */
  until?: Horizon['why'];
}) {
  if (noun === undefined) return null;
  const cut = { 'spoiler-free': ' so far', decision: ' before the decision' } as const;
  return (
    <>
      ·{' '}
      <span className={styles.figure}>
        {noun}
        {until ? cut[until] : ''} <strong data-testid="failovers">{count}</strong>
      </span>
    </>
  );
}

/** Workload downtime so far, summed over every workload. */
function DowntimeSoFar({ run, reserve }: { run: RunView['run']; reserve?: number }) {
  const soFar = usePlayerSelector(selectDowntimeSoFar, sameItems);
  const sum = run.groups.reduce(
    (total, group, index) => total + group.members.length * (soFar[index] ?? 0),
    0,
  );
  const figure = (
    <strong data-testid="downtime-so-far" data-ms={sum}>
      {reserve === undefined ? span(sum) : runningSpan(sum, reserve)}
    </strong>
  );
  if (reserve === undefined) return figure;
  // As wide from the start as the widest figure it can show on its way to the run's total:
  // "so far 5h" and "so far 6h6m32s" wrapped the line differently, the lanes under it jumping
  // as the run played.
  return (
    <Reserved className={styles.reserved} reserve={<strong>{widestSpan(reserve)}</strong>}>
      {figure}
    </Reserved>
  );
}

/** One group's downtime so far and in total; re-renders only when its own figure moves. */
function GroupTotal({ index, total }: { index: number; total: number | undefined }) {
  const soFar =
    usePlayerSelector(
      selectDowntimeSoFar,
      (a: readonly number[], b: readonly number[]) => a[index] === b[index],
    )[index] ?? 0;
  return (
    <span
      className={styles.total}
      data-testid="group-downtime"
      data-total={total}
      data-so-far={soFar}
    >
      {span(soFar)}
      {total === undefined ? '' : ` / ${span(total)}`}
    </span>
  );
}

/** Every colour the timeline draws for this run, from the table its colours come from. */
function Legend({
  id,
  open,
  view,
  markers,
  until,
}: {
  id: string;
  /** Presenter mode shows it only while open, over the chart; elsewhere it is always shown. */
  open: boolean;
  view: RunView;
  markers: readonly Marker[];
  until: number | undefined;
}) {
  const entries = useMemo(() => {
    const states = new Set<string>();
    // Spoiler-free, a state not reached yet (a crash ahead) is not in the legend either.
    for (const segments of view.segments.values())
      for (const segment of segmentsUntil(segments, until)) states.add(segment.state);
    return timelineLegend(
      states,
      markers.map((marker) => marker.kind),
    );
  }, [view, markers, until]);
  return (
    <ul
      id={id}
      className={styles.legend}
      aria-label="Legend"
      data-open={open ? 'true' : undefined}
      data-testid="timeline-legend"
    >
      {entries.map((entry) => (
        <li key={entry.label} data-colour={entry.colour}>
          <span
            className={styles.swatch}
            style={{ background: entry.colour }}
            aria-hidden="true"
            data-testid="legend-swatch"
          />
          {entry.label}
        </li>
      ))}
    </ul>
  );
}

/** What a drag on the lanes does. */
type DragMode = 'seek' | 'select' | 'pan';

const DRAG_MODES: readonly { readonly id: DragMode; readonly label: string }[] = [
  { id: 'seek', label: 'Seek' },
  { id: 'select', label: 'Select range' },
  { id: 'pan', label: 'Pan' },
];

/** The lanes' cursor says what a drag does (a seek keeps the lanes' own crosshair). */
const DRAG_CLASSES: Readonly<Record<DragMode, string | undefined>> = {
  seek: undefined,
  select: styles.dragSelect,
  pan: styles.dragPan,
};

/** How much one press of a zoom button or one wheel notch zooms. */
const ZOOM_STEP = 0.5;

/**
 * What happened in a range of the run: each workload's downtime inside it (the downtime table's
 * rows cut to the range), the steps that ran in it and the events on the timeline.
 */
function RangeSummary({
  run,
  range: selected,
  markers,
  until,
  onZoom,
  onClear,
}: {
  run: Run;
  range: TimeWindow;
  markers: readonly Marker[];
  /** Spoiler-free: the playhead's time; the range is read only as far as it. */
  until: number | undefined;
  onZoom: () => void;
  onClear: () => void;
}) {
  const statuses = usePlayerSelector(selectStepStatuses, sameItems);
  const range = useMemo(
    () =>
      until === undefined
        ? selected
        : { from: Math.min(selected.from, until), to: Math.min(selected.to, until) },
    [selected, until],
  );
  const rows = useMemo(() => downtimeRows(run, range), [run, range]);
  const down = rows.filter((row) => row.downtime > 0);
  const total = down.reduce((sum, row) => sum + row.downtime, 0);
  const steps = run.report.steps.flatMap((step, index) =>
    step.start !== undefined && step.start < range.to && (step.end ?? step.start) >= range.from
      ? [
          // Spoiler-free: a step as far as the playhead, with its status then.
          until === undefined
            ? step
            : {
                ...step,
                status: statuses[index] ?? step.status,
                end: Math.min(step.end ?? step.start, until),
              },
        ]
      : [],
  );
  const events = markers.filter((marker) => marker.at >= range.from && marker.at <= range.to);
  // Brought into view as a range is selected, and kept there as the boxes settle: under the
  // lanes, at the foot of a panel that scrolls on the stage, it came out below the window in
  // presenter mode, nothing on screen saying it was there; and brought into view once, a fit of
  // the side column after the seek could shrink the timeline's box under it again.
  const summary = useRef<HTMLElement>(null);
  useKeptInView(summary, `${selected.from} ${selected.to}`);
  return (
    <section
      ref={summary}
      className={styles.range}
      aria-label="Selected range"
      data-testid="range-summary"
      data-from={range.from}
      data-to={range.to}
    >
      {until !== undefined && selected.to > until ? (
        <p className="muted" data-testid="range-cut">
          Read up to the playhead ({clock(until)}): spoiler-free mode hides the rest.
        </p>
      ) : null}
      <h3>
        {clock(range.from)}–{clock(range.to)}{' '}
        <span className="muted">({span(range.to - range.from)})</span>
        <button type="button" onClick={onZoom} data-testid="zoom-selection">
          Zoom to range
        </button>
        <button type="button" onClick={onClear} data-testid="clear-selection">
          Clear
        </button>
      </h3>
      <p>
        Downtime in the range:{' '}
        <strong data-testid="range-downtime" data-ms={total}>
          {span(total)}
        </strong>{' '}
        summed over {down.length} of {rows.length} workloads.
      </p>
      <div className={styles.rangeColumns}>
        <div>
          <h4>Workloads down</h4>
          {down.length === 0 ? (
            <p className="empty">None.</p>
          ) : (
            <table>
              <tbody>
                {down.map((row) => (
                  <tr key={row.workload} data-testid="range-row" data-workload={row.workload}>
                    <th scope="row">{row.workload}</th>
                    <td className={styles.n} data-ms={row.downtime}>
                      {span(row.downtime)}
                    </td>
                    <td>{row.outages.map((outage) => outage.cause).join('; ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
        <div>
          <h4>Steps</h4>
          {steps.length === 0 ? (
            <p className="empty">None.</p>
          ) : (
            <ol className={styles.rangeList}>
              {steps.map((step) => (
                <li key={step.seq} data-testid="range-step">
                  {step.seq}. {words(step.action)}
                  {step.host ? ` ${step.host}` : ''}: {step.status}, {clock(step.start ?? 0)}–
                  {clock(step.end ?? step.start ?? 0)}
                </li>
              ))}
            </ol>
          )}
          <h4>Events</h4>
          {events.length === 0 ? (
            <p className="empty">None.</p>
          ) : (
            <ul className={styles.rangeList}>
              {events.map((marker, index) => (
                <li key={`${marker.seq}-${index}`} data-testid="range-event">
                  {clock(marker.at)} {MARKER_NOUNS[marker.kind]}: {marker.label}
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
    </section>
  );
}

/** The zoom of one run: the window shown, forgotten when another run comes on screen. */
interface Zoom {
  readonly run: Run;
  readonly window: TimeWindow;
}

/** One lane of outages (a group of workloads, or one workload) with its label and its total. */
function OutageRow({
  label,
  title,
  outages,
  duration,
  window,
  until,
  data,
  total,
}: {
  readonly label: string;
  readonly title: string;
  readonly outages: ComponentProps<typeof GroupLane>['outages'];
  readonly duration: number;
  readonly window: ComponentProps<typeof GroupLane>['window'];
  readonly until: number | undefined;
  readonly data: Readonly<Record<`data-${string}`, string>>;
  readonly total: ReactNode;
}) {
  return (
    <div className={styles.row} {...data}>
      <span className={styles.label} title={title} data-testid="row-label">
        {label}
      </span>
      <div className={styles.lane}>
        <GroupLane
          label={label}
          outages={outages}
          duration={duration}
          window={window}
          until={until}
        />
      </div>
      {total}
    </div>
  );
}

/** What stays at the top of the timeline's box in presenter mode as its hosts' lanes scroll. */
const KEPT_ON_TOP = ['[data-testid="axis-row"]', '[data-testid="workload-lanes"]'] as const;

/**
 * Host lifecycles and workload availability over virtual time, with markers for failovers,
 * faults and violations, and a playhead to drag. Zoom (wheel with Ctrl or ⌘, or over the time
 * axis; the buttons; **Fit**), pan (shift+wheel, a Pan drag, alt+drag), select a range
 * (shift+drag or a Select drag) to read what happened in it, and split the workloads' rows one
 * per workload. Only the playhead and the downtime figures follow the time; the lanes are drawn
 * once per run and zoom by their viewBox.
 */
export function TimelinePanel() {
  const actor = usePlayer();
  const view = usePlayerSelector(selectView);
  // A drill may keep the faults (and violations) ahead of the playhead off the timeline, and
  // spoiler-free mode everything after the playhead.
  const hidden = usePlayerSelector(selectHiddenMarkers);
  const horizon = usePlayerSelector(
    selectHorizon,
    (a, b) => a?.cursor === b?.cursor && a?.why === b?.why,
  );
  const until = usePlayerSelector(selectHorizonTime);
  // The axis's end: the run's, or spoiler-free the plan's or the playhead's, whichever is later
  // (the run's length would tell a failure is coming). The window zooms and pans inside it.
  const end = usePlayerSelector(selectAxisEnd);
  const spoilerCursor = horizon?.cursor;
  // The host the step at the playhead works on: its lane is marked, and followed in presenter
  // mode (below).
  const currentHost = usePlayerSelector(selectCurrentStepHost);
  const axis = useRef<HTMLDivElement>(null);
  const panel = useRef<HTMLElement>(null);
  const timeline = useRef<HTMLDivElement>(null);
  const drag = useRef<
    | { readonly mode: 'seek' }
    | { readonly mode: 'select'; readonly start: number }
    | { readonly mode: 'pan'; readonly x: number; readonly window: TimeWindow }
    | undefined
  >(undefined);
  const [zoom, setZoom] = useState<Zoom | undefined>(undefined);
  const [selected, setSelected] = useState<{ readonly run: Run; readonly range: TimeWindow }>();
  const [mode, setMode] = useState<DragMode>('seek');
  const [perWorkload, setPerWorkload] = useState(false);
  const [legendOpen, setLegendOpen] = useState(false);
  const legendId = useId();
  const run = view?.run;
  const duration = view?.duration ?? 0;
  const window: TimeWindow =
    zoom !== undefined && zoom.run === run ? clampWindow(zoom.window, end) : { from: 0, to: end };
  const range = selected !== undefined && selected.run === run ? selected.range : undefined;
  const zoomed = window.from > 0 || window.to < end;
  const { from: shownFrom, to: shownTo } = window;
  const markers = useMemo(
    () => (view ? visibleAt(visibleMarkers(view.markers, hidden), horizon) : []),
    [view, hidden, horizon],
  );
  // The workload lanes in their order on screen, each with its group's index in the run.
  const lanes = useMemo(
    () =>
      run
        ? laneOrder(run.groups, run.scenario.hosts).flatMap((index) => {
            const group = run.groups[index];
            return group ? [{ group, index }] : [];
          })
        : [],
    [run],
  );
  // A row per workload: where each lane's members start in the list, to find the workload of a
  // row without a row object per workload (a Cluster may have a million).
  const starts = useMemo(() => {
    const at = new Float64Array(lanes.length + 1);
    lanes.forEach(({ group }, index) => {
      at[index + 1] = (at[index] ?? 0) + group.members.length;
    });
    return at;
  }, [lanes]);
  const memberCount = starts[lanes.length] ?? 0;
  const memberAt = (at: number) => {
    let low = 0;
    let high = lanes.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((starts[middle] ?? 0) <= at) low = middle;
      else high = middle - 1;
    }
    const lane = lanes[low];
    return {
      group: lane?.group,
      index: lane?.index ?? 0,
      name: lane?.group.members[at - (starts[low] ?? 0)] ?? '',
    };
  };

  useEffect(() => {
    const element = timeline.current;
    if (!element) return;
    // Not a React handler: a wheel that zooms must not scroll the page, which needs a listener
    // that is not passive.
    const now: TimeWindow = { from: shownFrom, to: shownTo };
    const length = end;
    const shown = run;
    const onWheel = (event: WheelEvent) => {
      const rect = axis.current?.getBoundingClientRect();
      if (!rect || rect.width === 0 || !shown || length <= 0) return;
      const overAxis = event.clientY >= rect.top && event.clientY <= rect.bottom;
      const ratio = (event.clientX - rect.left) / rect.width;
      if (event.ctrlKey || event.metaKey || (overAxis && !event.shiftKey)) {
        if (event.deltaY === 0) return;
        event.preventDefault();
        const anchor = now.from + Math.min(1, Math.max(0, ratio)) * (now.to - now.from);
        const factor = event.deltaY > 0 ? 1 / ZOOM_STEP : ZOOM_STEP;
        setZoom({ run: shown, window: zoomWindow(now, length, factor, anchor) });
      } else if (event.shiftKey || Math.abs(event.deltaX) > Math.abs(event.deltaY)) {
        const delta = event.deltaX !== 0 ? event.deltaX : event.deltaY;
        if (delta === 0 || (now.from <= 0 && now.to >= length)) return;
        event.preventDefault();
        setZoom({
          run: shown,
          window: panWindow(now, length, (delta / rect.width) * (now.to - now.from)),
        });
      }
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => element.removeEventListener('wheel', onWheel);
  }, [run, end, shownFrom, shownTo]);

  // The box scrolls inside itself when its lanes outrun the stage: it ends on a whole line, so a
  // lane's name is never cut in half at its bottom edge.
  const drawn = run !== undefined;
  useEffect(() => {
    const box = panel.current;
    return drawn && box ? followWholeLines(box) : undefined;
  }, [drawn]);

  // In presenter mode the axis and the workloads' lanes stay at the box's top and the hosts'
  // lanes scroll under them, the current step's host's in view.
  useFollowLane(
    panel,
    currentHost === undefined
      ? undefined
      : attributeSelector('data-current', currentHost, '[data-testid="host-row"]'),
    run,
    KEPT_ON_TOP,
  );
  // Marked while scrolled: the lanes kept at the top then draw a shade over the hosts' under them.
  useEffect(() => {
    const box = panel.current;
    if (!drawn || !box) return undefined;
    const mark = () => {
      box.toggleAttribute('data-scrolled', box.scrollTop > 0);
      // What is drawn across the lanes starts at the axis where it stays (see the CSS): the
      // chart's own top scrolled out of the box by so much.
      const chart = timeline.current;
      if (!chart) return;
      const scale = zoomOf(box);
      const above =
        box.scrollTop -
        ((chart.getBoundingClientRect().top - box.getBoundingClientRect().top) / scale -
          box.clientTop +
          box.scrollTop);
      chart.style.setProperty('--scrolled', `${Math.max(0, above)}px`);
    };
    mark();
    box.addEventListener('scroll', mark, { passive: true });
    return () => box.removeEventListener('scroll', mark);
  }, [drawn]);
  // A Cluster of more workloads' lanes than the top of the box holds (the 20-host one) scrolls
  // them in a box of their own, cut on a whole lane, the lane of the step's host in view.
  const workloadLanes = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const box = workloadLanes.current;
    return drawn && box ? followWholeLines(box) : undefined;
  }, [drawn]);
  useFollowLane(
    workloadLanes,
    currentHost === undefined
      ? undefined
      : attributeSelector('data-group', currentHost, '[data-testid="group-row"]'),
    run,
  );

  if (!view || !run) {
    return (
      <section className="panel timeline" aria-label="Timeline">
        <h2>Timeline</h2>
        <p className="empty">No run yet.</p>
      </section>
    );
  }
  const timeAt = (clientX: number): number | undefined => {
    const rect = axis.current?.getBoundingClientRect();
    if (!rect || rect.width === 0) return undefined;
    const ratio = Math.min(1, Math.max(0, (clientX - rect.left) / rect.width));
    return window.from + ratio * (window.to - window.from);
  };
  const seekAt = (clientX: number) => {
    const at = timeAt(clientX);
    if (at !== undefined) actor.send({ type: 'seek', at });
  };
  const setWindow = (next: TimeWindow) => setZoom({ run, window: next });
  const zoomBy = (factor: number) => {
    const time = actor.getSnapshot().context.time;
    // About the playhead when it is in view, else about the middle.
    const anchor = time >= window.from && time <= window.to ? time : (window.from + window.to) / 2;
    setWindow(zoomWindow(window, end, factor, anchor));
  };
  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    const rect = axis.current?.getBoundingClientRect();
    if (!rect || event.clientX < rect.left || event.clientX > rect.right) return;
    const pan = event.button === 1 || (event.button === 0 && (event.altKey || mode === 'pan'));
    const select = event.button === 0 && !pan && (event.shiftKey || mode === 'select');
    if (!pan && event.button !== 0) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    if (pan) {
      event.preventDefault();
      drag.current = { mode: 'pan', x: event.clientX, window };
    } else if (select) {
      const start = timeAt(event.clientX) ?? 0;
      drag.current = { mode: 'select', start };
      setSelected(undefined);
    } else {
      drag.current = { mode: 'seek' };
      seekAt(event.clientX);
    }
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    const now = drag.current;
    if (!now) return;
    if (now.mode === 'seek') seekAt(event.clientX);
    else if (now.mode === 'pan') {
      const width = axis.current?.getBoundingClientRect().width ?? 0;
      if (width <= 0) return;
      const by = ((now.x - event.clientX) / width) * (now.window.to - now.window.from);
      setWindow(panWindow(now.window, end, by));
    } else {
      const at = timeAt(event.clientX) ?? now.start;
      setSelected({
        run,
        range: { from: Math.min(now.start, at), to: Math.max(now.start, at) },
      });
    }
  };
  const onPointerUp = (event: PointerEvent<HTMLDivElement>) => {
    const now = drag.current;
    drag.current = undefined;
    if (now?.mode === 'select') {
      const at = timeAt(event.clientX) ?? now.start;
      const from = Math.min(now.start, at);
      const to = Math.max(now.start, at);
      setSelected(to > from ? { run, range: { from, to } } : undefined);
    }
    if (event.currentTarget.hasPointerCapture(event.pointerId))
      event.currentTarget.releasePointerCapture(event.pointerId);
  };
  const { total, max } = run.report.downtime;
  // A single server has no role to change: no count of them ("failovers 0").
  const roleChanges =
    run.report.system === 'standalone' ? undefined : `${roleChangeNoun(run.report.system)}s`;
  const downloadSvg = () => {
    const { scenario } = run.report;
    download(
      `${fileStem(scenario)}.timeline.svg`,
      timelineSvg(view, {
        title: `${scenario}: timeline of hosts and workloads`,
        markers,
        ...(panel.current
          ? { palette: timelinePaletteOf(panel.current, (element) => getComputedStyle(element)) }
          : {}),
      }),
      'image/svg+xml',
    );
  };
  return (
    <section className="panel timeline" aria-label="Timeline" ref={panel}>
      {/* The view's controls beside the title: in view whatever the box shows below. */}
      <div className={`panel-head ${styles.head}`}>
        <h2>
          Timeline{' '}
          {until === undefined ? (
            <span className="muted" data-testid="timeline-length">
              {span(duration)} of virtual time
            </span>
          ) : horizon?.why === 'decision' ? (
            <span className="muted" data-testid="timeline-length" title={hiddenText(horizon)}>
              {span(until)} of virtual time to the decision ahead
            </span>
          ) : (
            <span
              className="muted"
              data-testid="timeline-length"
              title="Spoiler-free: the run’s length shows at its end"
            >
              {/* To the second the clock shows (it counts whole seconds passed). */}
              {span(Math.floor(until / 1000) * 1000)} of virtual time so far
            </span>
          )}
          <button
            type="button"
            className={styles.svgDownload}
            onClick={downloadSvg}
            disabled={spoilerCursor !== undefined}
            title={
              horizon !== undefined ? hiddenText(horizon) : 'Download the timeline as an SVG file'
            }
            data-testid="timeline-svg"
          >
            Download SVG
          </button>
        </h2>
        <div className={styles.view} role="toolbar" aria-label="Timeline view">
          <button
            type="button"
            onClick={() => zoomBy(ZOOM_STEP)}
            disabled={window.to - window.from <= Math.min(end, MIN_WINDOW)}
            title="Zoom in (Ctrl or ⌘ + wheel)"
            data-testid="zoom-in"
          >
            <span className={styles.glyph} aria-hidden="true">
              +
            </span>
            <span className="presenter-hidden">Zoom in</span>
          </button>
          <button
            type="button"
            onClick={() => zoomBy(1 / ZOOM_STEP)}
            disabled={!zoomed}
            title="Zoom out"
            data-testid="zoom-out"
          >
            <span className={styles.glyph} aria-hidden="true">
              −
            </span>
            <span className="presenter-hidden">Zoom out</span>
          </button>
          <button
            type="button"
            onClick={() => setZoom(undefined)}
            disabled={!zoomed}
            title={
              spoilerCursor === undefined
                ? 'Show the whole run'
                : 'Show the whole axis: the plan, or as far as the playhead when it is past the plan'
            }
            aria-label={spoilerCursor === undefined ? 'Fit the whole run' : 'Fit the whole axis'}
            data-testid="zoom-fit"
          >
            Fit
          </button>
          <button
            type="button"
            onClick={() => setWindow(panWindow(window, end, -(window.to - window.from) / 2))}
            disabled={window.from <= 0}
            aria-label="Pan earlier"
            data-testid="pan-earlier"
          >
            ←
          </button>
          <button
            type="button"
            onClick={() => setWindow(panWindow(window, end, (window.to - window.from) / 2))}
            disabled={window.to >= end}
            aria-label="Pan later"
            data-testid="pan-later"
          >
            →
          </button>
          {/* Presenter mode: the axis's labels say it; screen readers still hear it. */}
          <span
            className="muted presenter-hidden"
            data-testid="window"
            data-from={window.from}
            data-to={window.to}
          >
            {clock(window.from)}–{clock(window.to)}
          </span>
          <button
            type="button"
            className={styles.legendToggle}
            onClick={() => setLegendOpen((open) => !open)}
            aria-expanded={legendOpen}
            aria-controls={legendId}
            data-testid="legend-toggle"
          >
            Legend
          </button>
        </div>
      </div>
      {spoilerCursor !== undefined ? (
        <p className={styles.downtimeSummary} data-testid="downtime-summary">
          {/* Summed over the workloads, said first: "so far 2d2h" in a run of a day and a half
              read as the run's own time. */}
          Downtime summed
          <span className="presenter-hidden"> over {run.report.workloads.length} workloads</span>:
          so far <DowntimeSoFar run={run} />{' '}
          <RoleChanges
            noun={roleChanges}
            until={horizon?.why}
            count={markers.filter((marker) => marker.kind === 'failover').length}
          />{' '}
          <span className="presenter-hidden">
            ·{' '}
            <span className="muted">
              {horizon?.why === 'decision'
                ? 'the totals at the end are hidden until the decision is taken'
                : 'the totals at the end are hidden until the run reaches it'}
            </span>
          </span>
        </p>
      ) : (
        <p className={styles.downtimeSummary} data-testid="downtime-summary">
          {/* Summed over the workloads, said first: "at the end 4d5h" for a run of a day and a
              half read as the run's own time. Presenter mode keeps to one line, so a lane more
              is in view. */}
          Downtime summed
          <span className="presenter-hidden"> over {run.report.workloads.length} workloads</span>:
          so far <DowntimeSoFar run={run} reserve={total} /> · at the end{' '}
          <strong data-testid="downtime-total" data-ms={total}>
            {span(total)}
          </strong>{' '}
          · worst<span className="presenter-hidden"> workload</span>{' '}
          <strong data-testid="downtime-max" data-ms={max}>
            {span(max)}
          </strong>{' '}
          <RoleChanges noun={roleChanges} count={run.report.failovers} />
        </p>
      )}
      <div
        className={cx(styles.chart, DRAG_CLASSES[mode])}
        ref={timeline}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
        data-testid="timeline"
      >
        <div className={cx(styles.row, styles.axisRow)} data-testid="axis-row">
          <span className={styles.label}>time</span>
          <div className={styles.lane} ref={axis} data-testid="axis-lane">
            <Axis markers={markers} window={window} />
          </div>
          <span className={styles.total}>
            {spoilerCursor === undefined ? 'down so far / total' : 'down so far'}
          </span>
        </div>
        <div className={styles.heading} data-testid="lane-heading">
          Hosts
        </div>
        <WindowedRows
          count={view.hosts.length}
          name="host-rows"
          row={(index) => {
            const name = view.hosts[index] ?? '';
            return (
              <div
                className={styles.row}
                key={name}
                data-testid="host-row"
                data-current={name === currentHost ? name : undefined}
              >
                <span className={styles.label} title={name} data-testid="row-label">
                  {name}
                </span>
                <div className={styles.lane}>
                  <HostLane
                    name={name}
                    segments={view.segments.get(name) ?? []}
                    duration={duration}
                    window={window}
                    until={until}
                  />
                </div>
                <span className={styles.total} />
              </div>
            );
          }}
        />
        <div className={styles.workloads} ref={workloadLanes} data-testid="workload-lanes">
          <div className={styles.heading} data-testid="lane-heading">
            Workloads
          </div>
          {run.groups.length === 0 ? (
            <p className="empty">This scenario has no workloads.</p>
          ) : null}
          {perWorkload ? (
            <WindowedRows
              count={memberCount}
              name="workload-rows"
              row={(at) => {
                const { group, index, name } = memberAt(at);
                if (!group) return <Fragment key={at} />;
                return (
                  <OutageRow
                    key={name}
                    label={name}
                    title={name}
                    outages={group.outages}
                    duration={duration}
                    window={window}
                    until={until}
                    data={{
                      'data-testid': 'workload-row',
                      'data-workload': name,
                      'data-group': group.key,
                    }}
                    total={
                      spoilerCursor !== undefined ? (
                        // A workload's downtime is its group's: so far, as the group's row says.
                        <GroupTotal index={index} total={undefined} />
                      ) : (
                        <span
                          className={styles.total}
                          data-testid="workload-downtime"
                          data-total={workloadsByName(run.report).get(name)?.downtime ?? 0}
                        >
                          {span(workloadsByName(run.report).get(name)?.downtime ?? 0)}
                        </span>
                      )
                    }
                  />
                );
              }}
            />
          ) : (
            <WindowedRows
              count={lanes.length}
              name="group-rows"
              row={(at) => {
                const { group, index } = lanes[at] ?? { group: undefined, index: at };
                if (!group) return <Fragment key={at} />;
                return (
                  <OutageRow
                    key={group.key}
                    label={groupLabel(group.key, group.members.length)}
                    title={group.members.join(', ')}
                    outages={group.outages}
                    duration={duration}
                    window={window}
                    until={until}
                    data={{ 'data-testid': 'group-row', 'data-group': group.key }}
                    total={
                      <GroupTotal
                        index={index}
                        total={
                          spoilerCursor === undefined ? (view.groupTotals[index] ?? 0) : undefined
                        }
                      />
                    }
                  />
                );
              }}
            />
          )}
        </div>
        <MarkerLines markers={markers} window={window} />
        {range ? <Selection range={range} window={window} /> : null}
        <Playhead window={window} />
      </div>
      <div className={styles.controls}>
        <span role="radiogroup" aria-label="Drag to" className={styles.dragModes}>
          Drag to:
          {DRAG_MODES.map((item) => (
            <label key={item.id}>
              <input
                type="radio"
                name="timeline-drag"
                checked={mode === item.id}
                onChange={() => setMode(item.id)}
                data-testid={`drag-${item.id}`}
              />
              {item.label}
            </label>
          ))}
        </span>
        <label>
          <input
            type="checkbox"
            checked={perWorkload}
            onChange={(event) => setPerWorkload(event.target.checked)}
            data-testid="per-workload"
          />
          A row per workload
        </label>
      </div>
      <Legend id={legendId} open={legendOpen} view={view} markers={markers} until={until} />
      {range ? (
        <RangeSummary
          run={run}
          range={range}
          markers={markers}
          until={until}
          onZoom={() => setWindow(range)}
          onClear={() => setSelected(undefined)}
        />
      ) : null}
    </section>
  );
}
