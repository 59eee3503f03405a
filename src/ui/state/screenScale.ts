/**
 * How large the app draws itself on a screen: one table for the zoom of every screen size, in
 * presenter mode and out of it, and whether the screen, at that zoom, is a short one (a 720p
 * projector's height), which the panels lay themselves out for.
 */

/**
 * The screen presenter mode is laid out for, in CSS pixels: a larger screen shows the same
 * layout, zoomed to fill it. At 1920×1080 the zoom is 1080 / 756 = 1.43, so the body text of
 * 17 px reads 24.3 px, a size for the back of a room; at 3840×2160 twice that.
 */
export const PRESENTER_SCREEN = { width: 1344, height: 756 } as const;

/** Out of presenter mode: a 4K screen at one CSS pixel per device pixel gets twice the size. */
const WIDE_SCREEN = 3000;

/** The tallest layout, in the app's own CSS pixels, still laid out as a short screen. */
const SHORT_HEIGHT = 800;

export interface ScreenScale {
  /** The CSS zoom of the whole app (1: none). */
  readonly zoom: number;
  /** Whether the app, at that zoom, has 800 of its own pixels of height or fewer. */
  readonly short: boolean;
}

/** The zoom of the app on a `width` × `height` window (CSS pixels), and whether it is short. Pure. */
export function screenScale(width: number, height: number, presenter: boolean): ScreenScale {
  const zoom = presenter
    ? Math.max(1, Math.min(width / PRESENTER_SCREEN.width, height / PRESENTER_SCREEN.height))
    : width >= WIDE_SCREEN
      ? 2
      : 1;
  return { zoom, short: height / zoom <= SHORT_HEIGHT };
}
