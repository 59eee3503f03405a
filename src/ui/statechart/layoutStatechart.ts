import type { AnyStateMachine, AnyStateNode } from 'xstate';
import { childrenOf, readTransitions, stateKind } from '../../sim/machineGraph';

export { formatGuard, traceEventName } from '../../sim/machineGraph';

/** A point in the layout's coordinate space (SVG user units). */
interface Point {
  readonly x: number;
  readonly y: number;
}

/** One transition as it is labelled on an edge. */
interface EdgeTransition {
  /**
   * The event as the trace names it: `install.start`, `xstate.after.install` for a delayed
   * transition, `''` for an eventless (`always`) one.
   */
  readonly event: string;
  /** What the edge shows: `install.start`, `after install`, `always`. */
  readonly label: string;
  /** The guard as text, without brackets, when the transition has one. */
  readonly guard?: string;
}

type BoxKind = 'atomic' | 'compound' | 'parallel' | 'final' | 'history';

/** A state drawn as a rounded box; parents come before their children. */
export interface StateBox {
  /** The state node's id, e.g. `storageHost.lifecycle.installing`. */
  readonly id: string;
  /** The path from the root as `formatState` writes it (`lifecycle.installing`); `''` for the root. */
  readonly path: string;
  readonly key: string;
  readonly kind: BoxKind;
  readonly parent?: string;
  readonly depth: number;
  /** A region of a parallel state (drawn without a border, beside its siblings). */
  readonly region: boolean;
  readonly description?: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  /** Targetless transitions handled by this state, listed inside the box. */
  readonly internal: readonly InternalLine[];
}

/** A targetless transition listed inside its state's box. */
interface InternalLine {
  readonly edge: string;
  readonly text: string;
  readonly x: number;
  readonly y: number;
}

/** A labelled arrow between two states, carrying one or more transitions. */
export interface TransitionEdge {
  readonly id: string;
  /** Id of the source box. */
  readonly source: string;
  /** Id of the target box (the source itself for a targetless transition). */
  readonly target: string;
  /** `self` for targetless transitions: they are listed inside the source box, not drawn. */
  readonly kind: 'transition' | 'self';
  readonly transitions: readonly EdgeTransition[];
  /** SVG path data; empty for `self` edges. */
  readonly d: string;
  readonly label: EdgeLabel;
}

interface EdgeLabel {
  /** Top-left corner of the label box. */
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly lines: readonly string[];
}

/** The dashed line between two regions of a parallel state. */
interface Separator {
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
}

/** The filled dot and short arrow pointing at a compound state's initial child. */
interface InitialMarker {
  readonly box: string;
  readonly dot: Point;
  readonly d: string;
}

export interface StatechartLayout {
  readonly id: string;
  readonly width: number;
  readonly height: number;
  readonly boxes: readonly StateBox[];
  readonly edges: readonly TransitionEdge[];
  readonly separators: readonly Separator[];
  readonly initials: readonly InitialMarker[];
}

// --- Metrics ---------------------------------------------------------------------------------

/** Font sizes the component renders with; text widths are estimated from them. */
export const METRICS = {
  nameFont: 13,
  regionFont: 12,
  labelFont: 10.5,
  labelLine: 13,
  internalFont: 10.5,
} as const;

const NAME_CHAR = METRICS.nameFont * 0.62;
const LABEL_CHAR = METRICS.labelFont * 0.61;
const ATOMIC_HEIGHT = 34;
const ATOMIC_MIN_WIDTH = 92;
const INTERNAL_LINE = 13;
const HEADER = 26;
const PAD_X = 20;
const PAD_TOP = 18;
const ENTRY_ROOM = 22;
const PAD_BOTTOM = 16;
const COL_GAP_MIN = 48;
const COL_WEIGHT = 2.2;
const COL_GAP_MAX = 220;
const ROW_GAP_MIN = 46;
const ROW_GAP_PER_EDGE = 9;
const ROW_GAP_MAX = 120;
const REGION_GAP = 36;
const MARGIN = 12;

function labelWidth(lines: readonly string[]): number {
  return Math.ceil(Math.max(0, ...lines.map((line) => line.length)) * LABEL_CHAR) + 8;
}

// --- Reading the machine --------------------------------------------------------------------

interface Transition {
  readonly source: AnyStateNode;
  readonly target: AnyStateNode | undefined;
  readonly info: EdgeTransition;
  readonly guarded: boolean;
  /** Position in document order. */
  readonly order: number;
}

function collectTransitions(root: AnyStateNode): Transition[] {
  return readTransitions(root).map((t, order) => ({
    source: t.source,
    target: t.target,
    info:
      t.guard === undefined
        ? { event: t.event, label: t.label }
        : { event: t.event, label: t.label, guard: t.guard },
    guarded: t.guard !== undefined,
    order,
  }));
}

// --- Sizing and placing ---------------------------------------------------------------------

interface Placed {
  readonly node: AnyStateNode;
  readonly kind: BoxKind;
  readonly region: boolean;
  x: number;
  y: number;
  width: number;
  height: number;
  readonly children: Placed[];
  readonly internal: string[];
  internalEdges: string[];
  /** Dashed separators, relative to this box. */
  readonly separators: Separator[];
}

function kindOf(node: AnyStateNode): BoxKind {
  return stateKind(node);
}

/** The child of `ancestor` that is `node` or contains it; undefined when `node` is outside. */
function childContaining(ancestor: AnyStateNode, node: AnyStateNode): AnyStateNode | undefined {
  let current: AnyStateNode | undefined = node;
  while (current && current.parent !== ancestor) current = current.parent;
  return current;
}

function isDescendant(node: AnyStateNode, ancestor: AnyStateNode): boolean {
  let current = node.parent;
  while (current) {
    if (current === ancestor) return true;
    current = current.parent;
  }
  return false;
}

interface SiblingEdge {
  readonly from: AnyStateNode;
  readonly to: AnyStateNode;
  readonly guarded: boolean;
  /** Estimated width of the transition's label. */
  readonly width: number;
}

interface Cell {
  row: number;
  col: number;
}

/** Transitions between the children of `node`, lifted to the children that contain their ends. */
function siblingEdges(node: AnyStateNode, transitions: readonly Transition[]): SiblingEdge[] {
  const edges: SiblingEdge[] = [];
  for (const t of transitions) {
    if (!t.target || !isDescendant(t.source, node) || !isDescendant(t.target, node)) continue;
    const from = childContaining(node, t.source);
    const to = childContaining(node, t.target);
    const lines = t.info.guard === undefined ? [t.info.label] : [t.info.label, `[${t.info.guard}]`];
    if (from && to && from !== to)
      edges.push({ from, to, guarded: t.guarded, width: labelWidth(lines) });
  }
  return edges;
}

/**
 * Places the children of a compound state on a grid. The "spine" (the initial child and the
 * states its unguarded transitions lead to, in order) runs down the first column; every other
 * child takes the free cell closest to the states it has transitions with, most connected
 * first. Deterministic.
 */
function gridChildren(
  node: AnyStateNode,
  children: readonly AnyStateNode[],
  edges: readonly SiblingEdge[],
): Map<AnyStateNode, Cell> {
  const cells = new Map<AnyStateNode, Cell>();
  const occupied = new Set<string>();
  const put = (v: AnyStateNode, row: number, col: number) => {
    cells.set(v, { row, col });
    occupied.add(`${row},${col}`);
  };
  const initial = node.initial?.target?.[0];
  const first = (initial ? childContaining(node, initial) : undefined) ?? children[0];
  if (!first) return cells;
  const spine = [first];
  for (let current = first; ;) {
    const next = edges.find((e) => e.from === current && !e.guarded && !spine.includes(e.to))?.to;
    if (!next) break;
    spine.push(next);
    current = next;
  }
  // A spine that loops back on itself is laid out as a ring: down the first column and back
  // up the second, so the closing transition is short.
  const last = spine[spine.length - 1];
  const loop = edges.find(
    (e) => e.from === last && !e.guarded && spine.includes(e.to) && e.to !== last,
  )?.to;
  const ringStart = loop ? spine.indexOf(loop) : spine.length;
  const ring = spine.slice(ringStart);
  spine.slice(0, ringStart).forEach((v, i) => put(v, i, 0));
  if (ring.length >= 2) {
    const down = Math.ceil(ring.length / 2);
    ring.forEach((v, i) =>
      i < down ? put(v, ringStart + i, 0) : put(v, ringStart + down - 1 - (i - down), 1),
    );
  } else {
    ring.forEach((v, i) => put(v, ringStart + i, 0));
  }

  const links = (v: AnyStateNode) =>
    edges
      .flatMap((e) => (e.from === v ? [e.to] : e.to === v ? [e.from] : []))
      .filter((u) => u !== v);
  const between = (a: Cell, b: Cell) => {
    const steps = 4 * Math.max(Math.abs(a.row - b.row), Math.abs(a.col - b.col));
    const seen = new Set<string>();
    for (let k = 1; k < steps; k++) {
      const r = Math.round(a.row + ((b.row - a.row) * k) / steps);
      const c = Math.round(a.col + ((b.col - a.col) * k) / steps);
      const key = `${r},${c}`;
      if ((r !== a.row || c !== a.col) && (r !== b.row || c !== b.col) && occupied.has(key))
        seen.add(key);
    }
    return seen.size;
  };
  const rest = children.filter((c) => !cells.has(c));
  while (rest.length > 0) {
    let pick = 0;
    let most = -1;
    for (const [i, v] of rest.entries()) {
      const count = links(v).filter((u) => cells.has(u)).length;
      if (count > most) {
        most = count;
        pick = i;
      }
    }
    const [v] = rest.splice(pick, 1);
    if (!v) break;
    const placed = [...cells.values()];
    const minCol = Math.min(...placed.map((c) => c.col));
    const maxCol = Math.max(...placed.map((c) => c.col));
    const maxRow = Math.max(...placed.map((c) => c.row));
    const neighbours = links(v).flatMap((u) => {
      const cell = cells.get(u);
      return cell ? [cell] : [];
    });
    if (neighbours.length === 0) {
      put(v, 0, maxCol + 1);
      continue;
    }
    let best: Cell = { row: 0, col: maxCol + 1 };
    let bestCost = Infinity;
    for (let row = 0; row <= maxRow + 1; row++) {
      for (let col = minCol - 1; col <= maxCol + 1; col++) {
        if (occupied.has(`${row},${col}`)) continue;
        const cell = { row, col };
        let cost = 0;
        // Columns are wider apart than rows: a column step costs more.
        for (const n of neighbours)
          cost +=
            Math.abs(n.row - row) + COL_WEIGHT * Math.abs(n.col - col) + 2.5 * between(cell, n);
        if (row > maxRow || col < minCol || col > maxCol) cost += 0.3;
        cost += 0.01 * Math.abs(col) + 0.001 * row + (col < 0 ? 0.005 : 0);
        if (cost < bestCost) {
          bestCost = cost;
          best = cell;
        }
      }
    }
    put(v, best.row, best.col);
  }
  // Compact: consecutive rows and columns.
  const rows = [...new Set([...cells.values()].map((c) => c.row))].sort((a, b) => a - b);
  const cols = [...new Set([...cells.values()].map((c) => c.col))].sort((a, b) => a - b);
  for (const cell of cells.values()) {
    cell.row = rows.indexOf(cell.row);
    cell.col = cols.indexOf(cell.col);
  }
  return cells;
}

/** Height of a compound box's header: its name and the targetless transitions listed under it. */
function headerHeight(p: { region: boolean; internal: readonly string[] }): number {
  return (p.region ? HEADER - 6 : HEADER) + p.internal.length * INTERNAL_LINE;
}

function place(
  node: AnyStateNode,
  region: boolean,
  transitions: readonly Transition[],
  internal: ReadonlyMap<AnyStateNode, string[]>,
  isRoot: boolean,
): Placed {
  const kind = kindOf(node);
  const lines = internal.get(node) ?? [];
  const nameWidth = node.key.length * NAME_CHAR;
  const internalWidth = Math.max(
    0,
    ...lines.map((line) => (line.length + 2) * METRICS.internalFont * 0.61),
  );
  const base: Placed = {
    node,
    kind,
    region,
    x: 0,
    y: 0,
    width: 0,
    height: 0,
    children: [],
    internal: lines,
    internalEdges: [],
    separators: [],
  };
  const children = childrenOf(node);
  if (children.length === 0) {
    base.width = Math.ceil(Math.max(ATOMIC_MIN_WIDTH, nameWidth + 28, internalWidth + 20));
    base.height = ATOMIC_HEIGHT + lines.length * INTERNAL_LINE;
    return base;
  }
  const placed = children.map((child) =>
    place(child, kind === 'parallel', transitions, internal, false),
  );
  base.children.push(...placed);
  const header = headerHeight({ region: region && !isRoot, internal: lines });
  const padX = region ? 10 : PAD_X;
  let contentWidth: number;
  let contentHeight: number;

  if (kind === 'parallel') {
    const height = Math.max(...placed.map((p) => p.height));
    let x = 0;
    for (const [i, p] of placed.entries()) {
      if (i > 0) {
        base.separators.push({
          x1: x - REGION_GAP / 2,
          y1: header + 4,
          x2: x - REGION_GAP / 2,
          y2: header + PAD_TOP / 2 + height + PAD_BOTTOM / 2,
        });
      }
      p.x = x;
      p.y = 0;
      p.height = height;
      x += p.width + REGION_GAP;
    }
    contentWidth = x - REGION_GAP;
    contentHeight = height;
  } else {
    const edges = siblingEdges(node, transitions);
    const cells = gridChildren(node, children, edges);
    const rowCount = Math.max(...[...cells.values()].map((c) => c.row)) + 1;
    const colCount = Math.max(...[...cells.values()].map((c) => c.col)) + 1;
    const colWidth = Array.from({ length: colCount }, () => 0);
    const rowHeight = Array.from({ length: rowCount }, () => 0);
    for (const p of placed) {
      const cell = cells.get(p.node);
      if (!cell) continue;
      colWidth[cell.col] = Math.max(colWidth[cell.col] ?? 0, p.width);
      rowHeight[cell.row] = Math.max(rowHeight[cell.row] ?? 0, p.height);
    }
    // Labels of the arrows running down a column sit side by side across it.
    const columnLabels = new Map<string, number>();
    for (const e of edges) {
      const a = cells.get(e.from);
      const b = cells.get(e.to);
      if (!a || !b || a.col !== b.col) continue;
      const key = `${a.col}:${Math.min(a.row, b.row)}:${Math.max(a.row, b.row)}`;
      columnLabels.set(key, (columnLabels.get(key) ?? 0) + e.width + 10);
      const col = a.col;
      colWidth[col] = Math.max(colWidth[col] ?? 0, (columnLabels.get(key) ?? 0) + 10);
    }
    // Gaps grow with the labels that have to fit in them.
    const colGap = Array.from({ length: colCount }, () => COL_GAP_MIN);
    const rowEdges = Array.from({ length: rowCount }, () => 0);
    for (const e of edges) {
      const a = cells.get(e.from);
      const b = cells.get(e.to);
      if (!a || !b) continue;
      if (Math.abs(a.row - b.row) <= 1) {
        for (let c = Math.min(a.col, b.col); c < Math.max(a.col, b.col); c++) {
          colGap[c] = Math.max(colGap[c] ?? 0, Math.min(COL_GAP_MAX, e.width + 24));
        }
      }
      for (let r = Math.min(a.row, b.row); r < Math.max(a.row, b.row); r++)
        rowEdges[r] = (rowEdges[r] ?? 0) + 1;
    }
    const colX: number[] = [];
    let x = 0;
    for (let c = 0; c < colCount; c++) {
      colX.push(x);
      x += (colWidth[c] ?? 0) + (c < colCount - 1 ? (colGap[c] ?? 0) : 0);
    }
    const rowY: number[] = [];
    let y = 0;
    for (let r = 0; r < rowCount; r++) {
      rowY.push(y);
      const gap = Math.min(
        ROW_GAP_MAX,
        ROW_GAP_MIN + ROW_GAP_PER_EDGE * Math.max(0, (rowEdges[r] ?? 0) - 2),
      );
      y += (rowHeight[r] ?? 0) + (r < rowCount - 1 ? gap : 0);
    }
    for (const p of placed) {
      const cell = cells.get(p.node);
      if (!cell) continue;
      p.x = (colX[cell.col] ?? 0) + ((colWidth[cell.col] ?? 0) - p.width) / 2;
      p.y = (rowY[cell.row] ?? 0) + ((rowHeight[cell.row] ?? 0) - p.height) / 2;
    }
    contentWidth = x;
    contentHeight = y;
  }
  // Arrows from this state's header into its children need room for their labels.
  const entered = transitions.some(
    (t) => t.source === node && t.target !== undefined && isDescendant(t.target, node),
  );
  const top = header + (kind === 'parallel' ? PAD_TOP / 2 : PAD_TOP) + (entered ? ENTRY_ROOM : 0);
  for (const p of placed) {
    p.x += padX;
    p.y += top;
  }
  for (const s of base.separators) Object.assign(s, { x1: s.x1 + padX, x2: s.x2 + padX });
  base.width = Math.ceil(
    Math.max(contentWidth + 2 * padX, nameWidth + 2 * padX, internalWidth + 2 * padX),
  );
  base.height = Math.ceil(
    top + contentHeight + (kind === 'parallel' ? PAD_BOTTOM / 2 : PAD_BOTTOM),
  );
  if (base.width > contentWidth + 2 * padX) {
    const shift = (base.width - contentWidth - 2 * padX) / 2;
    for (const p of placed) p.x += shift;
  }
  return base;
}

// --- Routing --------------------------------------------------------------------------------

interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

type Side = 'top' | 'bottom' | 'left' | 'right' | 'header';

interface Route {
  readonly edge: number;
  readonly from: Rect;
  readonly to: Rect;
  readonly fromSide: Side;
  readonly toSide: Side;
  start?: Point;
  end?: Point;
}

function center(r: Rect): Point {
  return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
}

function overlapArea(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

function touches(a: Rect, b: Rect): boolean {
  return (
    a.x <= b.x + b.width && b.x <= a.x + a.width && a.y <= b.y + b.height && b.y <= a.y + a.height
  );
}

function inside(p: Point, r: Rect, margin = 0): boolean {
  return (
    p.x > r.x - margin &&
    p.x < r.x + r.width + margin &&
    p.y > r.y - margin &&
    p.y < r.y + r.height + margin
  );
}

function normal(side: Side): Point {
  switch (side) {
    case 'top':
      return { x: 0, y: -1 };
    case 'left':
      return { x: -1, y: 0 };
    case 'right':
      return { x: 1, y: 0 };
    case 'bottom':
    case 'header':
      return { x: 0, y: 1 };
  }
}

function cubic(p0: Point, p1: Point, p2: Point, p3: Point, t: number): Point {
  const u = 1 - t;
  return {
    x: u * u * u * p0.x + 3 * u * u * t * p1.x + 3 * u * t * t * p2.x + t * t * t * p3.x,
    y: u * u * u * p0.y + 3 * u * u * t * p1.y + 3 * u * t * t * p2.y + t * t * t * p3.y,
  };
}

type Segment = readonly [Point, Point, Point, Point];

function sample(segments: readonly Segment[], per = 16): Point[] {
  const points: Point[] = [];
  for (const [i, s] of segments.entries()) {
    for (let k = i === 0 ? 0 : 1; k <= per; k++)
      points.push(cubic(s[0], s[1], s[2], s[3], k / per));
  }
  return points;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

function pathData(segments: readonly Segment[]): string {
  const first = segments[0];
  if (!first) return '';
  const pt = (p: Point) => `${round(p.x)} ${round(p.y)}`;
  return `M ${pt(first[0])} ${segments.map((s) => `C ${pt(s[1])}, ${pt(s[2])}, ${pt(s[3])}`).join(' ')}`;
}

/** Builds the curve of one edge, through an optional waypoint (a detour around boxes). */
function curve(start: Point, startDir: Point, end: Point, endDir: Point, via?: Point): Segment[] {
  const reach = (a: Point, b: Point) =>
    Math.min(90, Math.max(22, Math.hypot(b.x - a.x, b.y - a.y) * 0.4));
  if (!via) {
    const k = reach(start, end);
    return [
      [
        start,
        { x: start.x + startDir.x * k, y: start.y + startDir.y * k },
        { x: end.x - endDir.x * k, y: end.y - endDir.y * k },
        end,
      ],
    ];
  }
  // The curve passes the waypoint heading from start to end.
  const dx = end.x - start.x;
  const dy = end.y - start.y;
  const len = Math.hypot(dx, dy) || 1;
  const tangent =
    Math.abs(dy) >= Math.abs(dx)
      ? { x: 0, y: Math.sign(dy) || 1 }
      : { x: Math.sign(dx) || 1, y: 0 };
  const k1 = reach(start, via);
  const k2 = reach(via, end);
  const t = Math.min(k1, k2, len / 3);
  return [
    [
      start,
      { x: start.x + startDir.x * k1, y: start.y + startDir.y * k1 },
      { x: via.x - tangent.x * t, y: via.y - tangent.y * t },
      via,
    ],
    [
      via,
      { x: via.x + tangent.x * t, y: via.y + tangent.y * t },
      { x: end.x - endDir.x * k2, y: end.y - endDir.y * k2 },
      end,
    ],
  ];
}

function hits(points: readonly Point[], obstacles: readonly Rect[]): number {
  let count = 0;
  for (const r of obstacles) if (points.some((p) => inside(p, r, 2))) count++;
  return count;
}

function sideMidpoint(r: Rect, side: Side): Point {
  return portPoint(r, side, 0.5);
}

function portPoint(rect: Rect, side: Side, f: number): Point {
  switch (side) {
    case 'top':
    case 'bottom': {
      const lo = rect.x + Math.min(22, rect.width * 0.2);
      const hi = rect.x + rect.width - Math.min(14, rect.width * 0.1);
      return { x: lo + (hi - lo) * f, y: side === 'top' ? rect.y : rect.y + rect.height };
    }
    case 'left':
    case 'right': {
      const lo = rect.y + 6;
      const hi = rect.y + rect.height - 6;
      return { x: side === 'left' ? rect.x : rect.x + rect.width, y: lo + (hi - lo) * f };
    }
    case 'header': {
      const lo = rect.x + rect.width * 0.55;
      const hi = rect.x + rect.width - 12;
      return { x: lo + (hi - lo) * f, y: rect.y + HEADER - 6 };
    }
  }
}

/**
 * Where an arrow from a compound state's header to one of its children starts: above the child
 * when the way down is clear, otherwise beside the box in the way.
 */
function headerPort(
  rect: Rect,
  header: number,
  target: Rect,
  offset: number,
  leaves: readonly Rect[],
): Point {
  const y = rect.y + header - 4;
  const want = center(target).x + offset;
  const clamp = (x: number) => Math.min(rect.x + rect.width - 12, Math.max(rect.x + 12, x));
  const blocked = (x: number) =>
    leaves.some(
      (r) =>
        r !== target &&
        x > r.x - 6 &&
        x < r.x + r.width + 6 &&
        r.y + r.height > y &&
        r.y < target.y,
    );
  const candidates = [want, ...leaves.flatMap((r) => [r.x - 14, r.x + r.width + 14])]
    .map(clamp)
    .sort((a, b) => Math.abs(a - want) - Math.abs(b - want) || a - b);
  return { x: candidates.find((x) => !blocked(x)) ?? clamp(want), y };
}

function polylineLength(points: readonly Point[]): number {
  let total = 0;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1];
    const b = points[i];
    if (a && b) total += Math.hypot(b.x - a.x, b.y - a.y);
  }
  return total;
}

/**
 * The cheapest curve from `start` to `end`: direct, or through one waypoint beside the boxes it
 * would cross. Cost counts crossed boxes first, then length.
 */
function route(
  start: Point,
  fromSide: Side,
  end: Point,
  toSide: Side,
  obstacles: readonly Rect[],
): { shape: Segment[]; cost: number } {
  const startDir = normal(fromSide);
  const endDir = { x: -normal(toSide).x, y: -normal(toSide).y };
  const direct = curve(start, startDir, end, endDir);
  const points = sample(direct);
  let best = { shape: direct, cost: hits(points, obstacles) * 1000 + polylineLength(points) };
  if (best.cost < 1000) return best;
  const mid = { x: (start.x + end.x) / 2, y: (start.y + end.y) / 2 };
  const vertical = Math.abs(end.y - start.y) >= Math.abs(end.x - start.x);
  const base = vertical ? mid.x : mid.y;
  const candidates: number[] = [];
  for (const r of obstacles) {
    if (vertical) candidates.push(r.x - 18, r.x + r.width + 18);
    else candidates.push(r.y - 16, r.y + r.height + 16);
  }
  candidates.sort((a, b) => Math.abs(a - base) - Math.abs(b - base) || a - b);
  for (const c of candidates.slice(0, 32)) {
    const via = vertical ? { x: c, y: mid.y } : { x: mid.x, y: c };
    const shape = curve(start, startDir, end, endDir, via);
    const sampled = sample(shape);
    const cost = hits(sampled, obstacles) * 1000 + polylineLength(sampled);
    if (cost < best.cost) best = { shape, cost };
  }
  return best;
}

// --- The layout -----------------------------------------------------------------------------

function boxPath(node: AnyStateNode): string {
  return node.path.join('.');
}

/**
 * Lays a machine out as a statechart: nested states as boxes inside their parents (parallel
 * regions side by side, compound states in layers that follow their transitions), and every
 * transition as a labelled edge. Reads the machine definition itself (`machine.root`, its
 * `transitions`, `after` and `always`), so the drawing cannot drift from the machine.
 * Pure and deterministic: the same machine always gives the same layout, so callers can memoize it.
 * @param machine - any XState v5 machine
 * @returns boxes (parents first), edges and separators, in one coordinate space of `width` × `height`
 * @example
 * const layout = layoutStatechart(storageHostMachine);
 * layout.boxes.find((b) => b.path === 'lifecycle.installing');
 */
export function layoutStatechart(machine: AnyStateMachine): StatechartLayout {
  const root = machine.root as AnyStateNode;
  const transitions = collectTransitions(root);

  // Group transitions into edges: one per (source, target) pair, in document order.
  interface Group {
    readonly source: AnyStateNode;
    readonly target: AnyStateNode;
    readonly self: boolean;
    readonly transitions: EdgeTransition[];
  }
  const groups: Group[] = [];
  const groupKey = new Map<string, Group>();
  for (const t of transitions) {
    const self = t.target === undefined;
    const target = t.target ?? t.source;
    const key = `${t.source.id}\u0000${target.id}\u0000${self ? 'self' : 'edge'}`;
    let group = groupKey.get(key);
    if (!group) {
      group = { source: t.source, target, self, transitions: [] };
      groupKey.set(key, group);
      groups.push(group);
    }
    group.transitions.push(t.info);
  }
  const transitionText = (info: EdgeTransition) =>
    info.guard === undefined ? info.label : `${info.label} [${info.guard}]`;
  const internal = new Map<AnyStateNode, string[]>();
  for (const g of groups) {
    if (!g.self) continue;
    const lines = internal.get(g.source) ?? [];
    lines.push(`↻ ${g.transitions.map(transitionText).join(', ')}`);
    internal.set(g.source, lines);
  }

  const tree = place(root, false, transitions, internal, true);

  // Absolute coordinates.
  const boxes: StateBox[] = [];
  const rects = new Map<AnyStateNode, Rect>();
  const separators: Separator[] = [];
  const headers: Rect[] = [];
  const leaves: Rect[] = [];
  const flatten = (p: Placed, ox: number, oy: number) => {
    const x = ox + p.x;
    const y = oy + p.y;
    rects.set(p.node, { x, y, width: p.width, height: p.height });
    if (p.children.length === 0) leaves.push({ x, y, width: p.width, height: p.height });
    else {
      const textWidth = Math.max(
        p.node.key.length * NAME_CHAR,
        ...p.internal.map((l) => l.length * METRICS.internalFont * 0.61),
      );
      headers.push({ x, y, width: Math.min(p.width, textWidth + 30), height: headerHeight(p) });
    }
    for (const s of p.separators)
      separators.push({ x1: x + s.x1, y1: y + s.y1, x2: x + s.x2, y2: y + s.y2 });
    p.children.forEach((c) => flatten(c, x, y));
  };
  flatten(tree, MARGIN, MARGIN);
  const headerOf = new Map<string, number>();
  const collectHeaders = (p: Placed) => {
    headerOf.set(p.node.id, headerHeight(p));
    p.children.forEach(collectHeaders);
  };
  collectHeaders(tree);
  const depthOf = (node: AnyStateNode) => node.path.length;

  const edgeIds = groups.map(
    (g, i) => `${g.self ? 'self' : 'edge'}:${g.source.id}->${g.target.id}#${i}`,
  );

  const obstaclesFor = (g: Group): Rect[] => {
    const skip = new Set<AnyStateNode>();
    for (const n of [g.source, g.target]) {
      for (let cur: AnyStateNode | undefined = n; cur; cur = cur.parent) skip.add(cur);
    }
    const out: Rect[] = [];
    for (const [node, rect] of rects) {
      // Entering or leaving a compound state is fine; crossing a leaf box is not.
      if (!skip.has(node) && childrenOf(node).length === 0) out.push(rect);
    }
    return out;
  };

  // Sides: the facing sides, or a loop out of the same side when that crosses fewer boxes.
  const routes: Route[] = [];
  for (const [i, g] of groups.entries()) {
    if (g.self) continue;
    const from = rects.get(g.source);
    const to = rects.get(g.target);
    if (!from || !to) continue;
    const options: Array<[Side, Side]> = [];
    const gapX = Math.max(to.x - (from.x + from.width), from.x - (to.x + to.width));
    const gapY = Math.max(to.y - (from.y + from.height), from.y - (to.y + to.height));
    if (isDescendant(g.target, g.source)) options.push(['header', 'top']);
    else if (gapY > 0 && (gapY >= gapX || gapX <= 0)) {
      options.push(
        to.y > from.y ? ['bottom', 'top'] : ['top', 'bottom'],
        ['left', 'left'],
        ['right', 'right'],
      );
    } else if (gapX > 0) {
      options.push(
        to.x > from.x ? ['right', 'left'] : ['left', 'right'],
        ['top', 'top'],
        ['bottom', 'bottom'],
      );
    } else {
      options.push(center(to).y >= center(from).y ? ['bottom', 'top'] : ['top', 'bottom']);
    }
    const obstacles = obstaclesFor(g);
    let chosen = options[0] ?? (['bottom', 'top'] as [Side, Side]);
    let chosenCost = Infinity;
    for (const [k, [fromSide, toSide]] of options.entries()) {
      const { cost } = route(
        sideMidpoint(from, fromSide),
        fromSide,
        sideMidpoint(to, toSide),
        toSide,
        obstacles,
      );
      const total = cost + (k === 0 ? 0 : 60);
      if (total < chosenCost) {
        chosenCost = total;
        chosen = [fromSide, toSide];
      }
    }
    routes.push({ edge: i, from, to, fromSide: chosen[0], toSide: chosen[1] });
  }

  // Ports: the ends sharing a side spread along it, ordered by where their other end is.
  const ports = new Map<string, Array<{ route: Route; end: 'start' | 'end'; key: number }>>();
  for (const route of routes) {
    const g = groups[route.edge];
    if (!g) continue;
    for (const [end, node, side, other] of [
      ['start', g.source, route.fromSide, route.to],
      ['end', g.target, route.toSide, route.from],
    ] as const) {
      const k = `${node.id}\u0000${side}`;
      const list = ports.get(k) ?? [];
      const c = center(other);
      list.push({ route, end, key: side === 'left' || side === 'right' ? c.y : c.x });
      ports.set(k, list);
    }
  }
  for (const [k, list] of [...ports.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const side = k.slice(k.indexOf('\u0000') + 1) as Side;
    list.sort((a, b) => a.key - b.key || a.route.edge - b.route.edge || (a.end < b.end ? -1 : 1));
    const first = list[0];
    if (!first) continue;
    const rect = first.end === 'start' ? first.route.from : first.route.to;
    const n = list.length;
    for (const [i, item] of list.entries()) {
      const p =
        side === 'header'
          ? headerPort(
              rect,
              headerOf.get(k.slice(0, k.indexOf('\u0000'))) ?? HEADER,
              item.route.to,
              14 * (i - (n - 1) / 2),
              leaves,
            )
          : portPoint(rect, side, (i + 1) / (n + 1));
      if (item.end === 'start') item.route.start = p;
      else item.route.end = p;
    }
  }

  // Curves, with a detour when the direct curve would cross a box.
  const shapes = new Map<number, Segment[]>();
  for (const r of routes) {
    const g = groups[r.edge];
    if (!g || !r.start || !r.end) continue;
    shapes.set(r.edge, route(r.start, r.fromSide, r.end, r.toSide, obstaclesFor(g)).shape);
  }

  // Labels: try points along each curve, keep the first that covers no box or label.
  const placedLabels: Rect[] = [];
  const labelOf = new Map<number, EdgeLabel>();
  const order = [...shapes.keys()].sort((a, b) => a - b);
  const traced = [...shapes.entries()].map(([i, shape]) => {
    const points = sample(shape, 16);
    const xs = points.map((q) => q.x);
    const ys = points.map((q) => q.y);
    const minX = Math.min(...xs);
    const minY = Math.min(...ys);
    return {
      edge: i,
      points,
      box: { x: minX, y: minY, width: Math.max(...xs) - minX, height: Math.max(...ys) - minY },
    };
  });
  for (const i of order) {
    const g = groups[i];
    const shape = shapes.get(i);
    if (!g || !shape) continue;
    const lines = g.transitions.flatMap((t) =>
      t.guard === undefined ? [t.label] : [t.label, `[${t.guard}]`],
    );
    const width = labelWidth(lines);
    const height = lines.length * METRICS.labelLine + 3;
    const points = sample(shape, 20);
    const obstacles = [
      ...obstaclesFor(g),
      ...(rects.get(g.source) ? [rects.get(g.source) as Rect] : []),
      ...(rects.get(g.target) && !isDescendant(g.target, g.source)
        ? [rects.get(g.target) as Rect]
        : []),
      ...headers,
    ];
    let best: Rect | undefined;
    let bestCost = Infinity;
    for (const t of [0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74, 0.18, 0.82]) {
      const p = points[Math.round(t * (points.length - 1))];
      if (!p) continue;
      const sideX = width / 2 + 4;
      const sideY = height / 2 + 3;
      for (const [ox, oy] of [
        [0, 0],
        [sideX, 0],
        [-sideX, 0],
        [0, sideY],
        [0, -sideY],
        [sideX, sideY],
        [-sideX, sideY],
        [sideX, -sideY],
        [-sideX, -sideY],
        [0, 2 * sideY],
        [0, -2 * sideY],
      ] as const) {
        const rect = { x: p.x + ox - width / 2, y: p.y + oy - height / 2, width, height };
        let cost = Math.abs(t - 0.5) * 40 + (Math.abs(ox) + Math.abs(oy)) * 0.2;
        for (const r of placedLabels) cost += overlapArea(rect, r) * 4;
        for (const r of obstacles) cost += overlapArea(rect, r) * 2;
        // Labels should not hide other arrows either.
        for (const other of traced) {
          if (other.edge === i || !touches(other.box, rect)) continue;
          for (const q of other.points) if (inside(q, rect)) cost += 25;
        }
        if (cost < bestCost) {
          bestCost = cost;
          best = rect;
        }
      }
      if (bestCost < 40) break;
    }
    if (!best) continue;
    placedLabels.push(best);
    labelOf.set(i, { x: round(best.x), y: round(best.y), width, height, lines });
  }

  // Boxes, parents first, with the targetless transitions listed inside.
  const internalEdges = new Map<AnyStateNode, Array<{ id: string; text: string }>>();
  for (const [i, g] of groups.entries()) {
    if (!g.self) continue;
    const list = internalEdges.get(g.source) ?? [];
    list.push({ id: edgeIds[i] ?? '', text: `↻ ${g.transitions.map(transitionText).join(', ')}` });
    internalEdges.set(g.source, list);
  }
  const emit = (p: Placed, parent: string | undefined) => {
    const rect = rects.get(p.node);
    if (!rect) return;
    const lines = internalEdges.get(p.node) ?? [];
    const leaf = p.children.length === 0;
    const firstLine = leaf ? rect.y + 22 + 13 : rect.y + (p.region ? HEADER - 6 : HEADER) + 8;
    const description = p.node.description;
    boxes.push({
      id: p.node.id,
      path: boxPath(p.node),
      key: p.node.key,
      kind: p.kind,
      ...(parent === undefined ? {} : { parent }),
      depth: depthOf(p.node),
      region: p.region,
      ...(description === undefined ? {} : { description }),
      x: round(rect.x),
      y: round(rect.y),
      width: round(rect.width),
      height: round(rect.height),
      internal: lines.map((line, k) => ({
        edge: line.id,
        text: line.text,
        x: round(leaf ? rect.x + rect.width / 2 : rect.x + (p.region ? 10 : PAD_X)),
        y: round(firstLine + k * INTERNAL_LINE),
      })),
    });
    for (const c of p.children) emit(c, p.node.id);
  };
  emit(tree, undefined);

  const edges: TransitionEdge[] = [];
  for (const [i, g] of groups.entries()) {
    const id = edgeIds[i] ?? '';
    if (g.self) {
      const box = boxes.find((b) => b.id === g.source.id);
      const line = box?.internal.find((l) => l.edge === id);
      const lines = [line?.text ?? ''];
      edges.push({
        id,
        source: g.source.id,
        target: g.target.id,
        kind: 'self',
        transitions: g.transitions,
        d: '',
        label: {
          x: line?.x ?? 0,
          y: (line?.y ?? 0) - METRICS.labelLine,
          width: labelWidth(lines),
          height: METRICS.labelLine,
          lines,
        },
      });
      continue;
    }
    const shape = shapes.get(i);
    const label = labelOf.get(i);
    if (!shape || !label) continue;
    edges.push({
      id,
      source: g.source.id,
      target: g.target.id,
      kind: 'transition',
      transitions: g.transitions,
      d: pathData(shape),
      label,
    });
  }

  // Initial markers: a dot above the initial child with a short arrow into it.
  const initials: InitialMarker[] = [];
  const markInitials = (p: Placed) => {
    if (p.kind === 'compound') {
      const target = p.node.initial?.target?.[0];
      const child = target ? childContaining(p.node, target) : undefined;
      const rect = child ? rects.get(child) : undefined;
      if (child && rect) {
        const x = rect.x + Math.min(12, rect.width * 0.15);
        initials.push({
          box: child.id,
          dot: { x: round(x), y: round(rect.y - 13) },
          d: `M ${round(x)} ${round(rect.y - 10)} L ${round(x)} ${round(rect.y)}`,
        });
      }
    }
    p.children.forEach(markInitials);
  };
  markInitials(tree);

  let width = tree.width + 2 * MARGIN;
  let height = tree.height + 2 * MARGIN;
  for (const l of labelOf.values()) {
    width = Math.max(width, l.x + l.width + MARGIN);
    height = Math.max(height, l.y + l.height + MARGIN);
  }
  // Labels pushed past the left or top edge would be cut off: shift everything instead.
  const minX = Math.min(0, ...[...labelOf.values()].map((l) => l.x - MARGIN));
  const minY = Math.min(0, ...[...labelOf.values()].map((l) => l.y - MARGIN));
  if (minX < 0 || minY < 0) {
    return shiftLayout(
      {
        id: root.id,
        width: width - minX,
        height: height - minY,
        boxes,
        edges,
        separators,
        initials,
      },
      -minX,
      -minY,
    );
  }
  return {
    id: root.id,
    width: Math.ceil(width),
    height: Math.ceil(height),
    boxes,
    edges,
    separators,
    initials,
  };
}

function shiftLayout(layout: StatechartLayout, dx: number, dy: number): StatechartLayout {
  const sx = (x: number) => round(x + dx);
  const sy = (y: number) => round(y + dy);
  const shiftPath = (d: string) => {
    let axis = 0;
    return d.replace(/-?\d+(\.\d+)?/g, (n) =>
      String(axis++ % 2 === 0 ? sx(Number(n)) : sy(Number(n))),
    );
  };
  return {
    ...layout,
    width: Math.ceil(layout.width),
    height: Math.ceil(layout.height),
    boxes: layout.boxes.map((b) => ({
      ...b,
      x: sx(b.x),
      y: sy(b.y),
      internal: b.internal.map((l) => ({ ...l, x: sx(l.x), y: sy(l.y) })),
    })),
    edges: layout.edges.map((e) => ({
      ...e,
      d: shiftPath(e.d),
      label: { ...e.label, x: sx(e.label.x), y: sy(e.label.y) },
    })),
    separators: layout.separators.map((s) => ({
      x1: sx(s.x1),
      y1: sy(s.y1),
      x2: sx(s.x2),
      y2: sy(s.y2),
    })),
    initials: layout.initials.map((m) => ({
      ...m,
      dot: { x: sx(m.dot.x), y: sy(m.dot.y) },
      d: shiftPath(m.d),
    })),
  };
}
