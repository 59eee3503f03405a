import { describe, expect, it } from 'vitest';
import {
  clampWindow,
  laneOrder,
  markerSlots,
  MIN_WINDOW,
  panWindow,
  windowPct,
  windowTicks,
  zoomWindow,
} from './timelineScale';

const HOUR = 3_600_000;

describe('zoomWindow', () => {
  it('should keep the anchor where it is on screen and stay inside the run', () => {
    const window = { from: 0, to: 10 * HOUR };
    const anchor = 3 * HOUR;
    const zoomed = zoomWindow(window, 10 * HOUR, 0.25, anchor);
    expect(zoomed.to - zoomed.from).toBeCloseTo(2.5 * HOUR, 6);
    expect(windowPct(anchor, zoomed)).toBeCloseTo(windowPct(anchor, window), 9);
    const out = zoomWindow(zoomed, 10 * HOUR, 100, anchor);
    expect(out).toEqual({ from: 0, to: 10 * HOUR });
  });

  it('should stop at the narrowest window, the anchor still in it', () => {
    let window = { from: 0, to: 10 * HOUR };
    for (let i = 0; i < 40; i++) window = zoomWindow(window, 10 * HOUR, 0.5, 5 * HOUR + 1234);
    expect(window.to - window.from).toBe(MIN_WINDOW);
    expect(5 * HOUR + 1234).toBeGreaterThanOrEqual(window.from);
    expect(5 * HOUR + 1234).toBeLessThanOrEqual(window.to);
  });
});

describe('panWindow', () => {
  it('should move the window and stop at either end of the run', () => {
    const window = { from: HOUR, to: 2 * HOUR };
    expect(panWindow(window, 10 * HOUR, HOUR / 2)).toEqual({ from: 1.5 * HOUR, to: 2.5 * HOUR });
    expect(panWindow(window, 10 * HOUR, -5 * HOUR)).toEqual({ from: 0, to: HOUR });
    expect(panWindow(window, 10 * HOUR, 50 * HOUR)).toEqual({ from: 9 * HOUR, to: 10 * HOUR });
    expect(clampWindow({ from: -5, to: 20 * HOUR }, 10 * HOUR)).toEqual({ from: 0, to: 10 * HOUR });
  });
});

describe('windowTicks', () => {
  // The axis of a timeline at 1280 and 900 px wide, with the label room the panel measures.
  const cases = [1280 - 300, 900 - 300, 1920 - 300].flatMap((width) =>
    [
      { from: 0, to: 10 * HOUR },
      { from: 3 * HOUR + 17_000, to: 3 * HOUR + 317_000 },
      { from: 7 * HOUR, to: 7 * HOUR + 10_000 },
      { from: 1234, to: 2 * HOUR + 999 },
    ].map((window) => [width, window] as const),
  );
  it.each(cases)('should keep labels apart and on the axis at %i px: %o', (width, window) => {
    const room = 14 * 4.2 * 0.72 + 12;
    const ticks = windowTicks(window, width, room);
    expect(ticks.length).toBeGreaterThanOrEqual(1);
    const boxes = ticks.map((at) => {
      const x = (windowPct(at, window) / 100) * width;
      return at === window.from ? [x, x + room] : [x - room / 2, x + room / 2];
    });
    for (const [index, [left = 0, right = 0]] of boxes.entries()) {
      expect(left).toBeGreaterThanOrEqual(0);
      expect(right).toBeLessThanOrEqual(width);
      const next = boxes[index + 1];
      if (next) expect(next[0]).toBeGreaterThanOrEqual(right);
    }
  });

  it.each(
    [300, 600, 980, 1620].flatMap((width) =>
      [35_700_000, 5_300_000, 8_080_000, 600_000, 2 * HOUR].map((to) => [width, to] as const),
    ),
  )('should space the labels of a run from 0 evenly at %i px, %i ms long', (width, to) => {
    const room = 14 * 4.2 * 0.72 + 12;
    const ticks = windowTicks({ from: 0, to }, width, room);
    expect(ticks[0]).toBe(0);
    const steps = new Set(ticks.slice(1).map((at, index) => at - (ticks[index] ?? 0)));
    // One spacing throughout: none left out next to the start's label.
    expect(steps.size).toBeLessThanOrEqual(1);
  });
});

describe('markerSlots', () => {
  it('should leave a marker alone at its instant and set those sharing one side by side, centred', () => {
    expect(markerSlots([10, 20, 20, 30, 30, 30, 40])).toEqual([0, -0.5, 0.5, -1, 0, 1, 0]);
    expect(markerSlots([])).toEqual([]);
  });

  it('should set side by side markers of instants closer than a marker width', () => {
    // A failover at 2:40:00 and a fault injected at 2:40:01, on an axis where a marker is a
    // minute wide. Before: both at slot 0, one hiding the other.
    expect(markerSlots([9_600_000, 9_601_000, 12_000_000], 60_000)).toEqual([-0.5, 0.5, 0]);
    expect(markerSlots([10, 20, 20, 30, 30, 30, 40], 0)).toEqual([0, -0.5, 0.5, -1, 0, 1, 0]);
  });
});

describe('markerSlots on an axis', () => {
  it('should move a group at the axis’s start or end along, every tip on the axis', () => {
    // Before: four violations at 0:00:00 were drawn left of the axis, three of them off it.
    const axis = { place: (at: number) => at, width: 100 };
    expect(markerSlots([0, 0, 0, 0], 0, axis)).toEqual([0, 1, 2, 3]);
    expect(markerSlots([100, 100], 0, axis)).toEqual([-1, 0]);
    // Alone at an edge, or with room: where it was.
    expect(markerSlots([0, 50, 50, 100], 0, axis)).toEqual([0, -0.5, 0.5, 0]);
  });
});

describe('laneOrder', () => {
  it('should put the lanes that follow a role first, then the hosts in the scenario’s order', () => {
    const hosts = ['backup', 'storage-1', 'storage-2', 'p1', 'p2', 'p3'].map((name) => ({ name }));
    // vps-mail pinned to p2 is listed before the VPSs spread over p1 … p3.
    const groups = ['primary', 'p2', 'p1', 'p3'].map((key) => ({ key }));
    expect(laneOrder(groups, hosts).map((index) => groups[index]?.key)).toEqual([
      'primary',
      'p1',
      'p2',
      'p3',
    ]);
    const services = ['service:vpn', 'service:web'].map((key) => ({ key }));
    expect(laneOrder(services, hosts)).toEqual([0, 1]);
  });
});
