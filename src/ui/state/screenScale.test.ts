import { describe, expect, it } from 'vitest';
import { PRESENTER_SCREEN, screenScale } from './screenScale';

/** Presenter mode's body text, in CSS pixels before the app's zoom (app.css, `--base`). */
const PRESENTER_BODY = 17;

describe('screenScale', () => {
  it('gives presenter mode body text of at least 24 px at 1080p, and twice that at 4K', () => {
    const hd = screenScale(1920, 1080, true);
    expect(PRESENTER_BODY * hd.zoom).toBeGreaterThanOrEqual(24);
    const uhd = screenScale(3840, 2160, true);
    expect(PRESENTER_BODY * uhd.zoom).toBeGreaterThanOrEqual(48);
  });

  it('lays presenter mode out as the same screen at every size: 1080p and 4K as a short one', () => {
    for (const [width, height] of [
      [1920, 1080],
      [2560, 1440],
      [3840, 2160],
    ] as const) {
      const { zoom, short } = screenScale(width, height, true);
      expect(short).toBe(true);
      // The whole width is used: the layout, zoomed, spans the window.
      expect(Math.round(width / zoom)).toBeGreaterThanOrEqual(PRESENTER_SCREEN.width);
      expect(Math.round(height / zoom)).toBeGreaterThanOrEqual(PRESENTER_SCREEN.height - 1);
    }
  });

  it('never shrinks the app: a 720p projector in presenter mode is drawn at its own size', () => {
    expect(screenScale(1280, 720, true)).toEqual({ zoom: 1, short: true });
    expect(screenScale(1024, 768, true)).toEqual({ zoom: 1, short: true });
  });

  it('keeps a screen that is wide for its height from zooming past its height', () => {
    const { zoom } = screenScale(2560, 1080, true);
    expect(1080 / zoom).toBeGreaterThanOrEqual(PRESENTER_SCREEN.height - 1);
  });

  it('out of presenter mode, zooms only a 4K-wide screen, and calls 1080p tall', () => {
    expect(screenScale(1920, 1080, false)).toEqual({ zoom: 1, short: false });
    expect(screenScale(1280, 720, false)).toEqual({ zoom: 1, short: true });
    expect(screenScale(1440, 900, false)).toEqual({ zoom: 1, short: false });
    expect(screenScale(3840, 2160, false)).toEqual({ zoom: 2, short: false });
  });
});
