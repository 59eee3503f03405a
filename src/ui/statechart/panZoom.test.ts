import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FIT, MAX_SCALE, MIN_SCALE, panBy, transformOf, zoomAt } from './panZoom';

/** Where a point of the drawing appears in the viewport under a view. */
const onScreen = (view: typeof FIT, p: { x: number; y: number }) => ({
  x: view.x + p.x * view.scale,
  y: view.y + p.y * view.scale,
});

describe('zoomAt', () => {
  it('should keep the point zoomed about where it is on screen', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.6, max: 1.6, noNaN: true }),
        fc.double({ min: 0, max: 2000, noNaN: true }),
        fc.double({ min: 0, max: 1000, noNaN: true }),
        (factor, x, y) => {
          const view = panBy(zoomAt(FIT, 1.5, { x: 400, y: 300 }), 30, -20);
          // The point of the drawing under the viewport's (x, y) before zooming there.
          const under = { x: (x - view.x) / view.scale, y: (y - view.y) / view.scale };
          const after = onScreen(zoomAt(view, factor, { x, y }), under);
          expect(after.x).toBeCloseTo(x, 6);
          expect(after.y).toBeCloseTo(y, 6);
        },
      ),
    );
  });

  it('should stay within its bounds', () => {
    let view = FIT;
    for (let i = 0; i < 40; i++) view = zoomAt(view, 2, { x: 0, y: 0 });
    expect(view.scale).toBe(MAX_SCALE);
    for (let i = 0; i < 40; i++) view = zoomAt(view, 0.5, { x: 0, y: 0 });
    expect(view.scale).toBe(MIN_SCALE);
  });

  it('should zoom about a point: zooming in at the origin keeps the origin', () => {
    expect(zoomAt(FIT, 2, { x: 100, y: 50 })).toEqual({ x: -100, y: -50, scale: 2 });
    expect(zoomAt(FIT, 2, { x: 0, y: 0 })).toEqual({ x: 0, y: 0, scale: 2 });
  });
});

describe('panBy and transformOf', () => {
  it('should move the drawing and write the SVG transform', () => {
    expect(transformOf(panBy(zoomAt(FIT, 1.5, { x: 0, y: 0 }), 10.123, -4))).toBe(
      'translate(10.12 -4) scale(1.5)',
    );
    expect(transformOf(FIT)).toBe('translate(0 0) scale(1)');
  });
});
