import { useId, useMemo, useState, type JSX } from 'react';
import type { AnyStateMachine } from 'xstate';
import { activePaths, lastTransitionEdges, parseActiveState } from './activeState';
import {
  layoutStatechart,
  METRICS,
  type StateBox,
  type StatechartLayout,
  type TransitionEdge,
} from './layoutStatechart';
import styles from './StatechartView.module.css';

interface StatechartViewProps {
  /** The machine to draw; its layout is computed once per machine. */
  readonly machine: AnyStateMachine;
  /** The state as a trace entry writes it: `lifecycle.installing, role.secondary` or `running.onHost`. */
  readonly activeState: string;
  /** The event of that trace entry; the edge it took into the active state is animated. */
  readonly lastEvent?: string;
}

// Layouts are pure per machine: share them across mounts (switching hosts, tabs).
const layouts = new WeakMap<AnyStateMachine, StatechartLayout>();

function layoutFor(machine: AnyStateMachine): StatechartLayout {
  let layout = layouts.get(machine);
  if (!layout) {
    layout = layoutStatechart(machine);
    layouts.set(machine, layout);
  }
  return layout;
}

function cx(...names: Array<string | false | undefined>): string {
  return names.filter(Boolean).join(' ');
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
    contains && !leaf && !box.region && styles.contains,
  );
  return (
    <g
      className={className}
      data-state={box.path}
      data-kind={box.kind}
      data-active={active ? 'true' : undefined}
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
          y={box.y + (box.region ? 16 : 18)}
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
    </g>
  );
}

function EdgeLabelView({ edge, last }: { edge: TransitionEdge; last: boolean }): JSX.Element {
  const { label } = edge;
  return (
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
  );
}

/**
 * Draws a machine as a statechart, from the machine definition itself: nested states as boxes
 * (parallel regions side by side), transitions as labelled arrows, the active leaf states
 * highlighted and the last transition animated. Scales to its container.
 * @example
 * <StatechartView machine={storageHostMachine} activeState="lifecycle.installing, role.secondary, pool.online" lastEvent="install.start" />
 */
export function StatechartView({
  machine,
  activeState,
  lastEvent,
}: StatechartViewProps): JSX.Element {
  const layout = useMemo(() => layoutFor(machine), [machine]);
  const leaves = useMemo(() => new Set(parseActiveState(activeState)), [activeState]);
  const active = useMemo(() => activePaths([...leaves]), [leaves]);
  const last = useMemo(
    () => lastTransitionEdges(layout, active, lastEvent),
    [layout, active, lastEvent],
  );
  const paths = useMemo(() => new Map(layout.boxes.map((b) => [b.id, b.path])), [layout]);
  const markerId = `rh-arrow-${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;

  const drawn = layout.edges.filter((e) => e.kind === 'transition');
  // The animated edge and its label paint last, above the others.
  const ordered = [...drawn.filter((e) => !last.has(e.id)), ...drawn.filter((e) => last.has(e.id))];
  const replay = `${activeState}|${lastEvent ?? ''}`;
  const [fit, setFit] = useState(true);

  return (
    <div
      className={cx(styles.container, !fit && styles.scroll)}
      data-testid="statechart"
      data-zoom={fit ? 'fit' : 'actual'}
    >
      <button
        type="button"
        className={styles.zoom}
        onClick={() => setFit(!fit)}
        aria-pressed={!fit}
        title={fit ? 'Show at actual size and scroll' : 'Fit the whole machine in view'}
      >
        {fit ? 'Actual size' : 'Fit'}
      </button>
      <svg
        className={styles.svg}
        style={fit ? undefined : { width: layout.width, height: layout.height }}
        viewBox={`0 0 ${layout.width} ${layout.height}`}
        preserveAspectRatio="xMidYMid meet"
        role="img"
        aria-label={`Statechart of ${layout.id}${activeState ? `, in ${activeState}` : ''}`}
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
        {layout.boxes.map((box) => (
          <Box
            key={box.id}
            box={box}
            active={leaves.has(box.path)}
            contains={active.has(box.path) && !leaves.has(box.path)}
          />
        ))}
        {layout.separators.map((s, i) => (
          <line key={i} className={styles.separator} x1={s.x1} y1={s.y1} x2={s.x2} y2={s.y2} />
        ))}
        {layout.initials.map((m) => (
          <g key={m.box} className={styles.initial} data-initial-for={paths.get(m.box)}>
            <circle cx={m.dot.x} cy={m.dot.y} r={3.5} />
            <path d={m.d} />
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
        {ordered.map((edge) => (
          <EdgeLabelView key={edge.id} edge={edge} last={last.has(edge.id)} />
        ))}
      </svg>
    </div>
  );
}
