import { largest, smallest } from '../../sim';
/** A line of text as laid out: its top and bottom, in any one coordinate space. */
export interface LineBox {
  readonly top: number;
  readonly bottom: number;
}

/** How far a line may reach past an edge and still count as whole (sub-pixel layout, zoom). */
const SLACK = 0.5;

/**
 * How close below an edge a line may start before the edge moves to the middle of the gap above
 * it: a badge's background, or a glyph's anti-aliased pixel, would show as a sliver.
 */
const NEAR = 2;

/**
 * Where a box that shows its content from `top` to `bottom` should end so that it cuts no line of
 * text in half: `bottom` itself when no line crosses it (nor starts just below it); else the
 * middle of the gap above the first line it would cut; and when even the first line shown would
 * not fit, the bottom of that line, so a box shows at least one whole line. Pure.
 * @param lines the text's lines, in the same coordinates as `top` and `bottom`
 * @returns the edge, at or above `bottom` unless no whole line fits above it
 * @example wholeLineEdge([{ top: 0, bottom: 20 }, { top: 24, bottom: 44 }], 0, 30) // 22
 */
export function wholeLineEdge(lines: readonly LineBox[], top: number, bottom: number): number {
  const crossing = (edge: number) =>
    lines.filter((line) => line.top < edge - SLACK && line.bottom > edge + SLACK);
  let edge = bottom;
  for (let cut = crossing(edge); cut.length > 0; cut = crossing(edge)) {
    const above = smallest(cut.map((line) => line.top));
    if (lines.some((line) => line.top >= top - SLACK && line.bottom <= above + SLACK)) {
      edge = above;
      continue;
    }
    // The first line shown does not fit: the box ends below it instead (and below any line
    // beside it that reaches lower, a taller badge on the same line).
    let below = largest(cut.map((line) => line.bottom));
    for (let more = crossing(below); more.length > 0; more = crossing(below))
      below = largest(more.map((line) => line.bottom));
    return below;
  }
  const next = smallest(lines.filter((line) => line.top >= edge - SLACK).map((line) => line.top));
  if (next - edge >= NEAR) return edge;
  const previous = largest(
    lines.filter((line) => line.bottom <= edge + SLACK).map((line) => line.bottom),
    top,
  );
  return Math.min(edge, (previous + next) / 2);
}
