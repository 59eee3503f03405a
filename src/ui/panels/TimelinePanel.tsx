import {
  memo,
  useLayoutEffect,
  useRef,
  useState,
  type CSSProperties,
  type PointerEvent,
} from 'react';
import { selectHiddenMarkers, visibleMarkers } from '../drill/drillSelectors';
import { download, fileStem } from '../export/download';
import { timelinePaletteOf, timelineSvg } from '../export/timelineSvg';
import { clock, span } from '../format';
import type { Marker, RunView, Segment } from '../state/runView';
import { sameItems, selectDowntimeSoFar, selectTime, selectView } from '../state/selectors';
import { usePlayer } from '../state/usePlayer';
import { usePlayerSelector } from '../state/usePlayerSelector';
import { groupLabel, tickStep } from './timelineScale';

const WIDTH = 1000;

function pct(at: number, duration: number): number {
  return duration > 0 ? Math.min(100, Math.max(0, (at / duration) * 100)) : 0;
}

const HostLane = memo(function HostLane({
  name,
  segments,
  duration,
}: {
  name: string;
  segments: readonly Segment[];
  duration: number;
}) {
  const scale = duration > 0 ? WIDTH / duration : 0;
  return (
    <svg
      className="lane"
      viewBox={`0 0 ${WIDTH} 10`}
      preserveAspectRatio="none"
      role="img"
      aria-label={`${name} lifecycle`}
    >
      {segments.map((segment) => (
        <g key={segment.start}>
          <rect
            className={`seg seg-${segment.state}`}
            x={segment.start * scale}
            y={0}
            width={Math.max(0.5, (segment.end - segment.start) * scale)}
            height={10}
          >
            <title>{`${name}: ${segment.state}${segment.leading ? ' (serving role)' : ''}, ${clock(segment.start)}–${clock(segment.end)}`}</title>
          </rect>
          {segment.leading ? (
            <rect
              className="seg-leading"
              x={segment.start * scale}
              y={0}
              width={Math.max(0.5, (segment.end - segment.start) * scale)}
              height={2}
            />
          ) : null}
        </g>
      ))}
    </svg>
  );
});

const GroupLane = memo(function GroupLane({
  label,
  outages,
  duration,
}: {
  label: string;
  outages: readonly (readonly [number, number])[];
  duration: number;
}) {
  const scale = duration > 0 ? WIDTH / duration : 0;
  return (
    <svg
      className="lane lane-group"
      viewBox={`0 0 ${WIDTH} 10`}
      preserveAspectRatio="none"
      role="img"
      aria-label={`${label} availability`}
    >
      <rect className="avail-up" x={0} y={2} width={WIDTH} height={6} />
      {outages.map(([start, end]) => (
        <rect
          key={start}
          className="avail-down"
          x={start * scale}
          y={0}
          width={Math.max(1, (end - start) * scale)}
          height={10}
        >
          <title>{`${label}: down ${clock(start)}–${clock(end)} (${span(end - start)})`}</title>
        </rect>
      ))}
    </svg>
  );
});

const Axis = memo(function Axis({ view, hidden }: { view: RunView; hidden: string }) {
  const actor = usePlayer();
  const { duration } = view;
  const box = useRef<HTMLDivElement>(null);
  const [{ width, room: labelRoom }, setSize] = useState({ width: 0, room: 1 });
  useLayoutEffect(() => {
    const element = box.current;
    if (!element) return;
    // A label ("10:00:00", 0.72em) is about 4 em of the axis's type, plus a gap.
    const measure = () =>
      setSize({
        width: element.clientWidth,
        room: parseFloat(getComputedStyle(element).fontSize) * 4.2 + 12,
      });
    measure();
    // Without layout (a test's DOM) there is nothing to observe.
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  const step = tickStep(duration, width > 0 ? width : Infinity, labelRoom);
  const ticks: number[] = [];
  for (let at = 0; at <= duration; at += step) ticks.push(at);
  // A tick too near the end for its label to fit is left out rather than drawn over the edge.
  const room = width > 0 ? (labelRoom / width) * duration : 0;
  const shown = ticks.filter((at) => at === 0 || at + room / 2 <= duration);
  return (
    <div className="axis" ref={box}>
      {shown.map((at) => (
        <span
          key={at}
          className="tick"
          style={{ left: `${pct(at, duration)}%` }}
          data-testid="tick"
        >
          {clock(at)}
        </span>
      ))}
      {visibleMarkers(view.markers, hidden).map((marker: Marker, index) => (
        <button
          key={`${marker.seq}-${marker.kind}-${index}`}
          type="button"
          className={`marker marker-${marker.kind}`}
          style={{ left: `${pct(marker.at, duration)}%` }}
          title={`${marker.label} at ${clock(marker.at)} (transition ${marker.seq})`}
          aria-label={`${marker.kind}: ${marker.label} at ${clock(marker.at)}`}
          data-testid="marker"
          data-kind={marker.kind}
          onPointerDown={(event) => event.stopPropagation()}
          onClick={() => actor.send({ type: 'seek', seq: marker.seq })}
        />
      ))}
    </div>
  );
});

function MarkerLines({ view, hidden }: { view: RunView; hidden: string }) {
  return (
    <>
      {visibleMarkers(view.markers, hidden).map((marker, index) => (
        <span
          key={`${marker.seq}-${index}`}
          className={`marker-line marker-line-${marker.kind}`}
          style={{ '--pct': pct(marker.at, view.duration) / 100 } as CSSProperties}
        />
      ))}
    </>
  );
}

/**
 * The playhead and the faded future, moved by a transform on their own layers: as the time
 * changes only they re-render and only they are repainted, not the lanes under them.
 */
function Playhead({ duration }: { duration: number }) {
  const time = usePlayerSelector(selectTime);
  const shift = { transform: `translateX(${pct(time, duration)}%)` };
  return (
    <>
      <span className="future-track" aria-hidden="true">
        <span className="future" style={shift} />
      </span>
      <span className="playhead-track" aria-hidden="true">
        <span className="playhead" style={shift} data-testid="playhead" />
      </span>
    </>
  );
}

/** Workload downtime so far, summed over every workload. */
function DowntimeSoFar({ run }: { run: RunView['run'] }) {
  const soFar = usePlayerSelector(selectDowntimeSoFar, sameItems);
  const sum = run.groups.reduce(
    (total, group, index) => total + group.members.length * (soFar[index] ?? 0),
    0,
  );
  return (
    <strong data-testid="downtime-so-far" data-ms={sum}>
      {span(sum)}
    </strong>
  );
}

/** One group's downtime so far and in total; re-renders only when its own figure moves. */
function GroupTotal({ index, total }: { index: number; total: number }) {
  const soFar =
    usePlayerSelector(
      selectDowntimeSoFar,
      (a: readonly number[], b: readonly number[]) => a[index] === b[index],
    )[index] ?? 0;
  return (
    <span className="tl-total" data-testid="group-downtime" data-total={total} data-so-far={soFar}>
      {span(soFar)} / {span(total)}
    </span>
  );
}

/**
 * Host lifecycles and workload availability over virtual time, with markers for failovers,
 * faults and violations, and a playhead to drag. Only the playhead and the downtime figures
 * follow the time; the lanes are drawn once per run.
 */
export function TimelinePanel() {
  const actor = usePlayer();
  const view = usePlayerSelector(selectView);
  // A drill may keep the faults (and violations) ahead of the playhead off the timeline.
  const hidden = usePlayerSelector(selectHiddenMarkers);
  const axis = useRef<HTMLDivElement>(null);
  const panel = useRef<HTMLElement>(null);
  const dragging = useRef(false);

  if (!view) {
    return (
      <section className="panel timeline" aria-label="Timeline">
        <h2>Timeline</h2>
        <p className="empty">No run yet.</p>
      </section>
    );
  }
  const { duration, run } = view;
  const seekAt = (clientX: number) => {
    const rect = axis.current?.getBoundingClientRect();
    if (!rect || rect.width === 0) return;
    const ratio = Math.min(1, Math.max(0, (clientX - rect.left) / rect.width));
    actor.send({ type: 'seek', at: ratio * duration });
  };
  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    const rect = axis.current?.getBoundingClientRect();
    if (!rect || event.clientX < rect.left || event.clientX > rect.right || event.button !== 0)
      return;
    dragging.current = true;
    event.currentTarget.setPointerCapture(event.pointerId);
    seekAt(event.clientX);
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    if (dragging.current) seekAt(event.clientX);
  };
  const onPointerUp = (event: PointerEvent<HTMLDivElement>) => {
    dragging.current = false;
    if (event.currentTarget.hasPointerCapture(event.pointerId))
      event.currentTarget.releasePointerCapture(event.pointerId);
  };
  const { total, max } = run.report.downtime;
  const downloadSvg = () => {
    const { scenario } = run.report;
    download(
      `${fileStem(scenario)}.timeline.svg`,
      timelineSvg(view, {
        title: `${scenario}: timeline of hosts and workloads`,
        markers: visibleMarkers(view.markers, hidden),
        ...(panel.current
          ? { palette: timelinePaletteOf(panel.current, (element) => getComputedStyle(element)) }
          : {}),
      }),
      'image/svg+xml',
    );
  };
  return (
    <section className="panel timeline" aria-label="Timeline" ref={panel}>
      <h2>
        Timeline <span className="muted">{span(duration)} of virtual time</span>
        <button
          type="button"
          className="svg-download"
          onClick={downloadSvg}
          title="Download the timeline as an SVG file"
          data-testid="timeline-svg"
        >
          Download SVG
        </button>
      </h2>
      <p className="downtime-summary" data-testid="downtime-summary">
        Downtime so far <DowntimeSoFar run={run} /> · at the end{' '}
        <strong data-testid="downtime-total" data-ms={total}>
          {span(total)}
        </strong>{' '}
        summed over {run.report.workloads.length} workloads · worst single workload{' '}
        <strong data-testid="downtime-max" data-ms={max}>
          {span(max)}
        </strong>{' '}
        · failovers <strong data-testid="failovers">{run.report.failovers}</strong>
      </p>
      <div
        className="tl"
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
        data-testid="timeline"
      >
        <div className="tl-row tl-axis-row">
          <span className="tl-label">time</span>
          <div className="tl-lane" ref={axis}>
            <Axis view={view} hidden={hidden} />
          </div>
          <span className="tl-total">down so far / total</span>
        </div>
        <div className="tl-heading">Hosts</div>
        {view.hosts.map((name) => (
          <div className="tl-row" key={name}>
            <span className="tl-label" title={name}>
              {name}
            </span>
            <div className="tl-lane">
              <HostLane name={name} segments={view.segments.get(name) ?? []} duration={duration} />
            </div>
            <span className="tl-total" />
          </div>
        ))}
        <div className="tl-heading">Workloads</div>
        {run.groups.length === 0 ? <p className="empty">This scenario has no workloads.</p> : null}
        {run.groups.map((group, index) => {
          const label = groupLabel(group.key, group.members.length);
          return (
            <div className="tl-row" key={group.key} data-testid="group-row" data-group={group.key}>
              <span className="tl-label" title={group.members.join(', ')}>
                {label}
              </span>
              <div className="tl-lane">
                <GroupLane label={label} outages={group.outages} duration={duration} />
              </div>
              <GroupTotal index={index} total={view.groupTotals[index] ?? 0} />
            </div>
          );
        })}
        <MarkerLines view={view} hidden={hidden} />
        <Playhead duration={duration} />
      </div>
    </section>
  );
}
