/**
 * Zoom and pan of a drawing that fits its viewport at scale 1: a view is the translation and
 * scale applied to the drawing, in the drawing's own units (`translate(x y) scale(s)`).
 */

/** How the drawing is moved and scaled inside the viewport. */
export interface View {
  readonly x: number;
  readonly y: number;
  readonly scale: number;
}

/** The whole drawing, fitted to the viewport. */
export const FIT: View = { x: 0, y: 0, scale: 1 };

/** The bounds of the scale: from half the fitted size to 8 times it. */
export const MIN_SCALE = 0.5;
export const MAX_SCALE = 8;

/** One step of the zoom buttons and keys. */
export const ZOOM_STEP = 1.25;

/**
 * Zooms by `factor` about a point of the viewport (in the drawing's units), which stays where it
 * is on screen; the scale stays within its bounds. Pure.
 * @example zoomAt(FIT, 2, { x: 100, y: 50 }) // { x: -100, y: -50, scale: 2 }
 */
export function zoomAt(view: View, factor: number, at: { x: number; y: number }): View {
  const scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, view.scale * factor));
  const k = scale / view.scale;
  return { x: at.x - (at.x - view.x) * k, y: at.y - (at.y - view.y) * k, scale };
}

/** Moves the drawing by `dx`, `dy` viewport units. Pure. */
export function panBy(view: View, dx: number, dy: number): View {
  return { ...view, x: view.x + dx, y: view.y + dy };
}

/** The SVG transform of a view. Pure. */
export function transformOf(view: View): string {
  const r = (n: number) => Math.round(n * 100) / 100;
  return `translate(${r(view.x)} ${r(view.y)}) scale(${r(view.scale)})`;
}
