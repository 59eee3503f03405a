/**
 * Geometry of a drawn statechart, checked the same way on a layout in unit tests and on the
 * DOM in browser tests: which edge segments pass through which boxes, which boxes overlap, and
 * how far a label is from its edge.
 */

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface DrawnBox extends Rect {
  readonly id: string;
  readonly parent?: string | undefined;
}

export interface DrawnEdge {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  readonly sections: readonly (readonly Point[])[];
}

/** Whether the segment a–b passes through the inside of `r` shrunk by `inset` on every side. */
function segmentCrosses(a: Point, b: Point, r: Rect, inset = 1): boolean {
  const x0 = r.x + inset;
  const y0 = r.y + inset;
  const x1 = r.x + r.width - inset;
  const y1 = r.y + r.height - inset;
  if (x1 <= x0 || y1 <= y0) return false;
  // Liang–Barsky: clip the segment to the rectangle; it crosses when something is left.
  let t0 = 0;
  let t1 = 1;
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  for (const [p, q] of [
    [-dx, a.x - x0],
    [dx, x1 - a.x],
    [-dy, a.y - y0],
    [dy, y1 - a.y],
  ] as const) {
    if (p === 0) {
      if (q <= 0) return false;
      continue;
    }
    const t = q / p;
    if (p < 0) t0 = Math.max(t0, t);
    else t1 = Math.min(t1, t);
    if (t0 >= t1) return false;
  }
  return true;
}

/** A box and every box around it, by id. */
function lineage(id: string, parents: ReadonlyMap<string, string | undefined>): Set<string> {
  const out = new Set<string>();
  for (let cur: string | undefined = id; cur !== undefined; cur = parents.get(cur)) out.add(cur);
  return out;
}

/** `edge crosses box` for every edge segment through a box that is not an end or around one. */
export function edgeCrossings(boxes: readonly DrawnBox[], edges: readonly DrawnEdge[]): string[] {
  const parents = new Map(boxes.map((b) => [b.id, b.parent]));
  const out: string[] = [];
  for (const edge of edges) {
    const allowed = new Set([...lineage(edge.source, parents), ...lineage(edge.target, parents)]);
    for (const box of boxes) {
      if (allowed.has(box.id)) continue;
      const hit = edge.sections.some((points) =>
        points.some((p, i) => i > 0 && segmentCrosses(points[i - 1] as Point, p, box)),
      );
      if (hit) out.push(`${edge.id} crosses ${box.id}`);
    }
  }
  return out;
}

function intersects(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** `a overlaps b` for every two boxes that overlap though neither is inside the other. */
export function boxOverlaps(boxes: readonly DrawnBox[]): string[] {
  const parents = new Map(boxes.map((b) => [b.id, b.parent]));
  const out: string[] = [];
  for (const [i, a] of boxes.entries()) {
    for (const b of boxes.slice(i + 1)) {
      if (lineage(a.id, parents).has(b.id) || lineage(b.id, parents).has(a.id)) continue;
      if (intersects(a, b)) out.push(`${a.id} overlaps ${b.id}`);
    }
  }
  return out;
}

/** Whether `inner` lies within `outer`. */
export function contains(outer: Rect, inner: Rect): boolean {
  return (
    inner.x >= outer.x &&
    inner.y >= outer.y &&
    inner.x + inner.width <= outer.x + outer.width &&
    inner.y + inner.height <= outer.y + outer.height
  );
}

function pointToSegment(p: Point, a: Point, b: Point): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const length = dx * dx + dy * dy;
  const t =
    length === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / length));
  return Math.hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

/** The distance between a rectangle and the nearest point of a polyline (0 when they touch). */
export function distanceToPath(r: Rect, sections: readonly (readonly Point[])[]): number {
  let best = Infinity;
  const corners: Point[] = [
    { x: r.x, y: r.y },
    { x: r.x + r.width, y: r.y },
    { x: r.x + r.width, y: r.y + r.height },
    { x: r.x, y: r.y + r.height },
  ];
  for (const points of sections) {
    for (const [i, b] of points.entries()) {
      const a = i === 0 ? b : (points[i - 1] as Point);
      if (segmentCrosses(a, b, r, 0)) return 0;
      for (const p of [a, b]) {
        const dx = Math.max(r.x - p.x, 0, p.x - (r.x + r.width));
        const dy = Math.max(r.y - p.y, 0, p.y - (r.y + r.height));
        best = Math.min(best, Math.hypot(dx, dy));
      }
      for (const [k, c] of corners.entries())
        best = Math.min(
          best,
          pointToSegment(c, a, b),
          pointToSegment(a, c, corners[(k + 1) % 4] as Point),
        );
    }
  }
  return best;
}

/** The polylines of an SVG path made of `M` and `L` commands. */
export function polylines(d: string): Point[][] {
  const out: Point[][] = [];
  const tokens = d.trim().split(/[\s,]+/);
  for (let i = 0; i < tokens.length;) {
    const command = tokens[i++];
    const x = Number(tokens[i++]);
    const y = Number(tokens[i++]);
    if (command === 'M') out.push([{ x, y }]);
    else if (command === 'L') out[out.length - 1]?.push({ x, y });
    else throw new Error(`unexpected path command ${command} in ${d}`);
  }
  return out;
}
