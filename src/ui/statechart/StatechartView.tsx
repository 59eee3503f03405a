import {
  useCallback,
  useEffect,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type JSX,
  type KeyboardEvent,
  type PointerEvent,
} from 'react';
import type { AnyStateMachine } from 'xstate';
import { cx } from '../classNames';
import { activePaths, lastTransitionEdges, parseActiveState } from './activeState';
import { METRICS } from './elkGraph';
import type { StateBox, StatechartLayout, TransitionEdge } from './fromElk';
import { layoutInWorker, type ElkLayout } from './layoutStatechart';
import { FIT, MAX_SCALE, panBy, transformOf, zoomAt, ZOOM_STEP, type View } from './panZoom';
import styles from './StatechartView.module.css';
import { useStatechartLayout } from './useStatechartLayout';

interface StatechartViewProps {
  /** The machine to draw; its layout is computed once per machine. */
  readonly machine: AnyStateMachine;
  /** The state as a trace entry writes it: `lifecycle.installing, role.secondary` or `running.onHost`. */
  readonly activeState: string;
  /** The event of that trace entry; the edge it took into the active state is animated. */
  readonly lastEvent?: string | undefined;
  /**
   * The state before that entry's transition (the actor's entry before it), as a trace entry
   * writes it: only the edge taken from it is lit, not every edge with the same event.
   */
  readonly stateBefore?: string | undefined;
  /** What lays the graph out: ELK in a worker unless given (tests give ELK itself). */
  readonly elk?: ElkLayout;
}

function Box({
  box,
  active,
  contains,
}: {
  box: StateBox;
  active: boolean;
  contains: boolean;
}): JSX.Element {
  const leaf = box.kind === 'atomic' || box.kind === 'final' || box.kind === 'history';
  const className = cx(
    styles.box,
    !leaf && styles.compound,
    box.region && styles.region,
    box.kind === 'final' && styles.final,
    active && leaf && styles.active,
    contains && !leaf && styles.contains,
  );
  return (
    <g
      className={className}
      data-state={box.path}
      data-kind={box.kind}
      data-active={active ? 'true' : undefined}
      data-contains-active={contains ? 'true' : undefined}
      aria-label={box.path === '' ? box.key : box.path}
    >
      <title>{box.description ?? box.key}</title>
      <rect x={box.x} y={box.y} width={box.width} height={box.height} rx={leaf ? 8 : 12} />
      {box.kind === 'final' && (
        <rect
          className={styles.inner}
          x={box.x + 3}
          y={box.y + 3}
          width={box.width - 6}
          height={box.height - 6}
          rx={6}
        />
      )}
      {leaf ? (
        <text className={styles.name} x={box.x + box.width / 2} y={box.y + 21} textAnchor="middle">
          {box.key}
        </text>
      ) : (
        <text
          className={box.region ? styles.regionName : styles.name}
          x={box.x + (box.region ? 10 : 14)}
          y={box.y + (box.region ? 16 : 19)}
        >
          {box.key}
        </text>
      )}
      {box.internal.map((line) => (
        <text
          key={line.edge}
          className={styles.internal}
          data-edge={line.edge}
          x={line.x}
          y={line.y}
          textAnchor={leaf ? 'middle' : 'start'}
        >
          {line.text}
        </text>
      ))}
    </g>
  );
}

function Edge({
  edge,
  last,
  markerId,
  paths,
}: {
  edge: TransitionEdge;
  last: boolean;
  markerId: string;
  paths: ReadonlyMap<string, string>;
}): JSX.Element {
  const events = edge.transitions.map((t) => t.event || 'always').join(' ');
  const { label } = edge;
  return (
    <g
      className={cx(styles.edge, last && styles.last)}
      data-edge={edge.id}
      data-source={paths.get(edge.source)}
      data-target={paths.get(edge.target)}
      data-events={events}
      data-last={last ? 'true' : undefined}
    >
      <path d={edge.d} markerEnd={`url(#${markerId}${last ? '-last' : ''})`} />
      <g className={cx(styles.label, last && styles.lastLabel)} data-label-for={edge.id}>
        <rect x={label.x} y={label.y} width={label.width} height={label.height} rx={3} />
        <text x={label.x + label.width / 2} y={label.y + METRICS.labelLine - 2} textAnchor="middle">
          {label.lines.map((line, i) => (
            <tspan
              key={i}
              className={line.startsWith('[') ? styles.guard : undefined}
              x={label.x + label.width / 2}
              dy={i === 0 ? 0 : METRICS.labelLine}
            >
              {line}
            </tspan>
          ))}
        </text>
      </g>
    </g>
  );
}

/** Where a pointer is, in the drawing's units; the middle of the drawing when unknown. */
function drawingPoint(
  svg: SVGSVGElement | null,
  layout: StatechartLayout,
  clientX?: number,
  clientY?: number,
): { x: number; y: number } {
  const ctm = svg?.getScreenCTM?.();
  if (!svg || !ctm || clientX === undefined || clientY === undefined)
    return { x: layout.width / 2, y: layout.height / 2 };
  const p = new DOMPoint(clientX, clientY).matrixTransform(ctm.inverse());
  return { x: p.x, y: p.y };
}

/** The least type of the stage in presenter mode at 1080p, in px (its type test's). */
const PRESENTER_TYPE = 24;

/** Screen pixels per unit of the drawing at scale 1. */
function pixelsPerUnit(svg: SVGSVGElement | null): number {
  const ctm = svg?.getScreenCTM?.();
  return ctm && ctm.a > 0 ? ctm.a : 1;
}

function Chart({
  layout,
  activeState,
  lastEvent,
  stateBefore,
}: {
  layout: StatechartLayout;
  activeState: string;
  lastEvent: string | undefined;
  stateBefore: string | undefined;
}): JSX.Element {
  const leaves = useMemo(() => new Set(parseActiveState(activeState)), [activeState]);
  const active = useMemo(() => activePaths([...leaves]), [leaves]);
  const before = useMemo(
    () => (stateBefore === undefined ? undefined : activePaths(parseActiveState(stateBefore))),
    [stateBefore],
  );
  const last = useMemo(
    () => lastTransitionEdges(layout, active, lastEvent, before),
    [layout, active, lastEvent, before],
  );
  const paths = useMemo(() => new Map(layout.boxes.map((b) => [b.id, b.path])), [layout]);
  const markerId = `rh-arrow-${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
  const [view, setView] = useState<View>(FIT);
  const svgRef = useRef<SVGSVGElement>(null);

  // In presenter mode a machine opens zoomed about its active state, its smallest labels at the
  // stage's 24 px (before: the whole machine fitted, labels of 7 px at 1080p, not read from the
  // room); Fit (or 0) shows it whole. Each machine once, when it is drawn.
  useLayoutEffect(() => {
    const svg = svgRef.current;
    if (!svg?.closest('.presenter')) return;
    // The screen's pixels per unit (the app's zoom included).
    const scale = Math.min(MAX_SCALE, PRESENTER_TYPE / (METRICS.labelFont * pixelsPerUnit(svg)));
    if (!(scale > 1)) return;
    // The first active state (its first region's: a storage host's lifecycle), in the middle.
    const around = layout.boxes.find((box) => leaves.has(box.path)) ?? layout.boxes[0];
    const centre = around
      ? { x: around.x + around.width / 2, y: around.y + around.height / 2 }
      : { x: layout.width / 2, y: layout.height / 2 };
    setView({
      x: layout.width / 2 - scale * centre.x,
      y: layout.height / 2 - scale * centre.y,
      scale,
    });
    // The machine drawn, not every move of its active state: the trainer's zoom stays.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [layout]);
  const drag = useRef<{ id: number; x: number; y: number } | undefined>(undefined);

  // Wheel zoom about the pointer; a native listener, since React's wheel listener is passive.
  useEffect(() => {
    const svg = svgRef.current;
    if (!svg) return undefined;
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const at = drawingPoint(svg, layout, event.clientX, event.clientY);
      setView((v) => zoomAt(v, Math.exp(-event.deltaY * 0.0015), at));
    };
    svg.addEventListener('wheel', onWheel, { passive: false });
    return () => svg.removeEventListener('wheel', onWheel);
  }, [layout]);

  const zoom = useCallback(
    (factor: number) => setView((v) => zoomAt(v, factor, drawingPoint(svgRef.current, layout))),
    [layout],
  );
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const step = 40 / pixelsPerUnit(svgRef.current);
    const moves: Record<string, () => void> = {
      '+': () => zoom(ZOOM_STEP),
      '=': () => zoom(ZOOM_STEP),
      '-': () => zoom(1 / ZOOM_STEP),
      '0': () => setView(FIT),
      ArrowLeft: () => setView((v) => panBy(v, step, 0)),
      ArrowRight: () => setView((v) => panBy(v, -step, 0)),
      ArrowUp: () => setView((v) => panBy(v, 0, step)),
      ArrowDown: () => setView((v) => panBy(v, 0, -step)),
    };
    const move = event.target === event.currentTarget ? moves[event.key] : undefined;
    if (!move) return;
    event.preventDefault();
    move();
  };
  const onPointerDown = (event: PointerEvent<SVGSVGElement>) => {
    if (event.button !== 0) return;
    drag.current = { id: event.pointerId, x: event.clientX, y: event.clientY };
    event.currentTarget.setPointerCapture?.(event.pointerId);
  };
  const onPointerMove = (event: PointerEvent<SVGSVGElement>) => {
    const from = drag.current;
    if (!from || from.id !== event.pointerId) return;
    const k = pixelsPerUnit(svgRef.current);
    drag.current = { ...from, x: event.clientX, y: event.clientY };
    setView((v) => panBy(v, (event.clientX - from.x) / k, (event.clientY - from.y) / k));
  };
  const endDrag = () => {
    drag.current = undefined;
  };

  const drawn = layout.edges.filter((e) => e.kind === 'transition');
  // The animated edge and its label paint last, above the others.
  const ordered = [...drawn.filter((e) => !last.has(e.id)), ...drawn.filter((e) => last.has(e.id))];
  const replay = `${activeState}|${lastEvent ?? ''}`;
  const fitted = view.x === FIT.x && view.y === FIT.y && view.scale === FIT.scale;

  return (
    <div
      className={styles.container}
      data-testid="statechart"
      data-layout="done"
      data-zoom={fitted ? 'fit' : String(Math.round(view.scale * 100) / 100)}
      tabIndex={0}
      role="group"
      aria-label="Statechart: + and − zoom, the arrow keys pan, 0 fits the whole machine"
      onKeyDown={onKeyDown}
    >
      <div className={styles.controls} role="toolbar" aria-label="Zoom">
        <button type="button" onClick={() => zoom(ZOOM_STEP)} title="Zoom in (+)">
          +
        </button>
        <button type="button" onClick={() => zoom(1 / ZOOM_STEP)} title="Zoom out (−)">
          −
        </button>
        <button
          type="button"
          onClick={() => setView(FIT)}
          disabled={fitted}
          title="Fit the whole machine in view (0)"
        >
          Fit
        </button>
      </div>
      <svg
        ref={svgRef}
        className={styles.svg}
        viewBox={`0 0 ${layout.width} ${layout.height}`}
        preserveAspectRatio="xMidYMid meet"
        role="img"
        aria-label={`Statechart of ${layout.id}${activeState ? `, in ${activeState}` : ''}`}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={endDrag}
        onPointerCancel={endDrag}
      >
        <defs>
          {[false, true].map((isLast) => (
            <marker
              key={String(isLast)}
              id={`${markerId}${isLast ? '-last' : ''}`}
              viewBox="0 0 10 10"
              refX="9"
              refY="5"
              markerWidth="7"
              markerHeight="7"
              markerUnits="userSpaceOnUse"
              orient="auto-start-reverse"
            >
              <path
                d="M 0 0 L 10 5 L 0 10 z"
                className={isLast ? styles.arrowLast : styles.arrow}
              />
            </marker>
          ))}
        </defs>
        <g data-viewport="" transform={transformOf(view)}>
          {layout.boxes.map((box) => (
            <Box
              key={box.id}
              box={box}
              active={leaves.has(box.path)}
              contains={active.has(box.path) && !leaves.has(box.path)}
            />
          ))}
          {layout.initials.map((m) => (
            <g key={m.box} className={styles.initial} data-initial-for={paths.get(m.box)}>
              <circle cx={m.dot.x} cy={m.dot.y} r={4} />
              <path d={m.d} markerEnd={`url(#${markerId})`} />
            </g>
          ))}
          {ordered.map((edge) => (
            <Edge
              key={last.has(edge.id) ? `${edge.id}|${replay}` : edge.id}
              edge={edge}
              last={last.has(edge.id)}
              markerId={markerId}
              paths={paths}
            />
          ))}
        </g>
      </svg>
    </div>
  );
}

/**
 * Draws a machine as a statechart, from the machine definition itself, laid out by ELK's layered
 * algorithm off the main thread: nested states as boxes (parallel regions dashed), transitions
 * as arrows with their labels beside them, the active states highlighted and the last
 * transition animated. Fits its container; zooms (wheel, buttons, + and −) and pans (drag,
 * arrow keys).
 * @example
 * <StatechartView machine={storageHostMachine} activeState="lifecycle.installing, role.secondary, pool.online" lastEvent="install.start" />
 */
export function StatechartView({
  machine,
  activeState,
  lastEvent,
  stateBefore,
  elk = layoutInWorker,
}: StatechartViewProps): JSX.Element {
  const layout = useStatechartLayout(machine, elk);
  if (layout.status === 'done')
    return (
      <Chart
        key={layout.layout.id}
        layout={layout.layout}
        activeState={activeState}
        lastEvent={lastEvent}
        stateBefore={stateBefore}
      />
    );
  return (
    <div className={styles.container} data-testid="statechart" data-layout={layout.status}>
      {layout.status === 'pending' ? (
        <p className={styles.status} role="status">
          Laying out the statechart of {machine.id}…
        </p>
      ) : (
        <p className={styles.status} role="alert">
          The statechart of {machine.id} could not be laid out: {layout.message}
        </p>
      )}
    </div>
  );
}
