const TICKS = [
  1000, 5000, 10_000, 15_000, 30_000, 60_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000,
  7_200_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000, 172_800_000,
];

/**
 * The spacing of the timeline's ticks: at most ten ticks, and never closer than a label's `room`
 * in the axis's `width` (px). Pure.
 */
export function tickStep(duration: number, width = Infinity, room = 1): number {
  const most = Math.max(1, Math.min(10, Math.floor(width / room)));
  return TICKS.find((step) => duration / step <= most) ?? Math.ceil(duration / most);
}

/** A stretch of virtual time the timeline shows, or a range selected on it: [from, to]. */
export interface TimeWindow {
  readonly from: number;
  readonly to: number;
}

/** The narrowest window the timeline zooms to (ms). */
export const MIN_WINDOW = 10_000;

/** A window kept inside `[0, duration]`, as long as it can be and at least {@link MIN_WINDOW}. Pure. */
export function clampWindow(window: TimeWindow, duration: number): TimeWindow {
  const length = Math.min(
    duration,
    Math.max(Math.min(MIN_WINDOW, duration), window.to - window.from),
  );
  const from = Math.min(Math.max(0, window.from), duration - length);
  return { from, to: from + length };
}

/**
 * The window after zooming by `factor` (below 1 zooms in) about the instant `anchor`, which stays
 * where it is on screen. Pure.
 */
export function zoomWindow(
  window: TimeWindow,
  duration: number,
  factor: number,
  anchor: number,
): TimeWindow {
  const at = Math.min(window.to, Math.max(window.from, anchor));
  const from = at - (at - window.from) * factor;
  const to = at + (window.to - at) * factor;
  const length = Math.max(Math.min(MIN_WINDOW, duration), to - from);
  // Held at the narrowest: the anchor keeps its share of the window.
  const share = window.to > window.from ? (at - window.from) / (window.to - window.from) : 0;
  return clampWindow(
    to - from >= length
      ? { from, to }
      : { from: at - share * length, to: at + (1 - share) * length },
    duration,
  );
}

/** The window moved by `by` ms (negative: earlier), kept inside the run. Pure. */
export function panWindow(window: TimeWindow, duration: number, by: number): TimeWindow {
  return clampWindow({ from: window.from + by, to: window.to + by }, duration);
}

/** Where `at` falls across the window, in percent (outside it: below 0 or above 100). Pure. */
export function windowPct(at: number, window: TimeWindow): number {
  const length = window.to - window.from;
  return length > 0 ? ((at - window.from) / length) * 100 : 0;
}

/**
 * The ticks of the time axis over a window `width` px wide, each label `room` px: multiples of
 * one step, none closer than a label; a label is centred on its tick, except one at the window's
 * start, drawn from it rightwards; none whose label would cross either end is kept. Pure.
 */
export function windowTicks(window: TimeWindow, width: number, room: number): number[] {
  const length = window.to - window.from;
  if (length <= 0) return [window.from];
  const spill = width > 0 ? (room / width) * length : 0;
  let step = tickStep(length, width > 0 ? width : Infinity, room);
  // A label at the window's start is drawn rightwards from it, a whole label wide: the next tick
  // needs a label and a half, else it would be left out and the axis look unevenly spaced.
  while (window.from % step === 0 && step < spill * 1.5) {
    const wider = TICKS.find((tick) => tick > step);
    if (wider === undefined) break;
    step = wider;
  }
  const ticks: number[] = [];
  let end = -Infinity;
  for (let at = Math.ceil(window.from / step) * step; at <= window.to; at += step) {
    const x = at - window.from;
    const [left, right] = x === 0 ? [0, spill] : [x - spill / 2, x + spill / 2];
    // Off either end of the axis, or over the label before it: left out.
    if (left < 0 || right > length || left < end) continue;
    ticks.push(at);
    end = right;
  }
  return ticks;
}

/** How far one marker stands from the next beside it, in px (the axis's CSS, `.marker`, too). */
export const MARKER_STEP = 11;

/** The time a marker's width covers on an axis `width` px wide showing `span` ms. Pure. */
export function markerNear(span: number, width: number): number {
  return width > 0 ? (span * MARKER_STEP) / width : 0;
}

/**
 * Where each marker sits beside the others at its instant (`ats`, one per marker, in time
 * order), in marker widths from the instant: 0 when alone; side by side and centred when
 * several share it (a crash injected live and the step it failed, a switchover and the fault
 * that slowed it), or fall within `near` of one another (a failover at 2:40:00 and a fault
 * injected at 2:40:01, one pixel apart on a run of hours: the one drawn last hid the other),
 * so that none hides another. Pure.
 */
export function markerSlots(
  ats: readonly number[],
  near = 0,
  axis?: { readonly place: (at: number) => number; readonly width: number },
): number[] {
  const slots: number[] = [];
  let start = 0;
  for (let index = 1; index <= ats.length; index++) {
    const at = ats[index];
    const previous = ats[index - 1] ?? 0;
    if (at !== undefined && at - previous <= near) continue;
    // Markers start … index - 1 are one group: side by side, centred on it, and moved along
    // as a whole to keep every tip on the axis (`axis`: where an instant is, in px, and the
    // axis's width): before, four violations at 0:00:00 stood left of the axis's start.
    const size = index - start;
    let shift = 0;
    // An axis not laid out (0 px wide) has no edges to keep to.
    if (axis && axis.width > 0) {
      const first = axis.place(ats[start] ?? 0) - ((size - 1) / 2) * MARKER_STEP;
      const last = axis.place(ats[index - 1] ?? 0) + ((size - 1) / 2) * MARKER_STEP;
      if (first < 0) shift = -first / MARKER_STEP;
      else if (last > axis.width) shift = (axis.width - last) / MARKER_STEP;
    }
    for (let k = 0; k < size; k++) slots.push(k - (size - 1) / 2 + shift);
    start = index;
  }
  return slots;
}

/**
 * The order of a run's workload lanes, as indexes into its groups: those that follow a role
 * (`on the Primary`, an HA pair's services) first, then those on a host, in the scenario's order
 * of hosts (before: in the order of the first VPS on each, so a VPS pinned to processing-20 put
 * its lane second). Pure.
 */
export function laneOrder(
  groups: readonly { readonly key: string }[],
  hosts: readonly { readonly name: string }[],
): number[] {
  const place = new Map(hosts.map((host, index) => [host.name, index]));
  return groups
    .map((group, index) => ({ index, rank: place.get(group.key) ?? -1 }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map((item) => item.index);
}

/** What a workload group's lane is called: `on the Primary (6)`, `vps-1`, `on proc-2 (3)`. Pure. */
export function groupLabel(key: string, size: number): string {
  const count = size === 1 ? '' : ` (${size})`;
  if (key === 'primary') return `on the Primary${count}`;
  if (key.startsWith('service:')) return key.slice('service:'.length);
  return `on ${key}${count}`;
}
