import { roleChangeNoun } from '../../sim';
import { clock, span } from '../format';
import { LIFECYCLE_COLOURS, TIMELINE_COLOURS } from '../panels/timelineColours';
import {
  groupLabel,
  laneOrder,
  MARKER_STEP,
  markerNear,
  markerSlots,
  tickStep,
} from '../panels/timelineScale';
import {
  MARKER_KINDS,
  MARKER_NOUNS,
  MARKER_WORDS,
  type Marker,
  type MarkerKind,
  type RunView,
} from '../state/runView';
import { SVG_NS, xmlText } from './standaloneSvg';

/** The colours and type of the timeline, as the page resolves them (or its defaults). */
interface TimelinePalette {
  /** The fill of a host's lane in each lifecycle state (`online`, `installing`, …). */
  readonly states: Readonly<Record<string, string>>;
  /** A lifecycle state the page has no colour for. */
  readonly otherState: string;
  /** The strip over a stretch in which the host held the serving role. */
  readonly leading: string;
  readonly up: string;
  readonly down: string;
  readonly markers: Readonly<Record<MarkerKind, string>>;
  readonly text: string;
  readonly muted: string;
  readonly line: string;
  readonly background: string;
  readonly font: string;
}

/** The colours the page draws the timeline in (their one table), for whatever it does not resolve. */
export const DEFAULT_PALETTE: TimelinePalette = {
  states: LIFECYCLE_COLOURS,
  otherState: TIMELINE_COLOURS.otherState,
  leading: TIMELINE_COLOURS.leading,
  up: TIMELINE_COLOURS.up,
  down: TIMELINE_COLOURS.down,
  markers: TIMELINE_COLOURS.markers,
  text: '#1d2330',
  muted: '#5d6675',
  line: '#d9dde4',
  background: '#ffffff',
  font: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
};

interface TimelineSvgOptions {
  /** The file's `<title>`, also drawn at the top. */
  readonly title: string;
  /** The markers to draw (a drill keeps those ahead of the playhead off the screen, and here). */
  readonly markers: readonly Marker[];
  readonly palette?: Partial<TimelinePalette>;
}

const WIDTH = 1200;
const LABEL = 190;
const TOTALS = 130;
const ROW = 20;
const BAR = 12;

/** `x="1.5" y="2"`: attributes from a record, values escaped. Pure. */
function attrs(values: Readonly<Record<string, string | number>>): string {
  return Object.entries(values)
    .map(
      ([name, value]) => `${name}="${xmlText(typeof value === 'number' ? round(value) : value)}"`,
    )
    .join(' ');
}

function round(value: number): string {
  return String(Math.round(value * 100) / 100);
}

/**
 * The debugger's timeline of a run as a standalone SVG file: a lane per host coloured by its
 * lifecycle state (with the serving role marked), a lane per workload group with its outages and
 * total downtime, the time axis and the markers for failovers, faults and violations, and a
 * legend. Every colour and font is written on the elements; nothing depends on the page. Pure.
 * @returns the file's text, starting with the XML declaration
 */
export function timelineSvg(view: RunView, options: TimelineSvgOptions): string {
  const palette = { ...DEFAULT_PALETTE, ...options.palette };
  const { duration, run } = view;
  const laneWidth = WIDTH - LABEL - TOTALS;
  const x = (at: number): number =>
    LABEL + (duration > 0 ? Math.min(1, Math.max(0, at / duration)) * laneWidth : 0);
  const parts: string[] = [];
  const text = (
    at: { x: number; y: number },
    content: string,
    style: Readonly<Record<string, string | number>> = {},
  ) => parts.push(`<text ${attrs({ ...at, ...style })}>${xmlText(content)}</text>`);

  text({ x: 12, y: 24 }, options.title, { 'font-size': 16, 'font-weight': 600 });
  const { total, max } = run.report.downtime;
  text(
    { x: 12, y: 44 },
    `${span(duration)} of virtual time · downtime ${span(total)} summed over ${run.report.workloads.length} workloads · worst single workload ${span(max)} · ${roleChangeNoun(run.report.system)}s ${run.report.failovers}`,
    { fill: palette.muted, 'font-size': 12 },
  );

  // The axis: ticks as on screen at full width, markers as triangles above its line.
  const axisTop = 58;
  const axisBottom = axisTop + 26;
  const step = tickStep(duration, laneWidth, 64);
  for (let at = 0; at <= duration; at += step) {
    if (at > 0 && at + ((64 / laneWidth) * duration) / 2 > duration) break;
    text({ x: x(at), y: axisTop + 12 }, clock(at), {
      'text-anchor': at === 0 ? 'start' : 'middle',
      fill: palette.muted,
      'font-size': 11,
    });
  }
  text({ x: 12, y: axisTop + 12 }, 'time', { fill: palette.muted, 'font-size': 11 });
  text({ x: WIDTH - 12, y: axisTop + 12 }, 'downtime', {
    fill: palette.muted,
    'font-size': 11,
    'text-anchor': 'end',
  });
  parts.push(
    `<line ${attrs({ x1: LABEL, y1: axisBottom, x2: WIDTH - TOTALS, y2: axisBottom, stroke: palette.line })}/>`,
  );

  let y = axisBottom + 8;
  const heading = (label: string) => {
    y += 14;
    text({ x: 12, y }, label.toUpperCase(), {
      fill: palette.muted,
      'font-size': 10,
      'letter-spacing': '0.06em',
    });
    y += 6;
  };
  const label = (content: string) =>
    text(
      { x: 12, y: y + ROW / 2 + 4 },
      content.length > 28 ? `${content.slice(0, 27)}…` : content,
      {
        'font-size': 12,
      },
    );

  heading('Hosts');
  const shown = new Set<string>();
  for (const name of view.hosts) {
    parts.push(`<g ${attrs({ 'data-lane': 'host', 'data-name': name })}>`);
    label(name);
    const top = y + (ROW - BAR) / 2;
    for (const segment of view.segments.get(name) ?? []) {
      shown.add(segment.state);
      const left = x(segment.start);
      const width = Math.max(0.5, x(segment.end) - left);
      const fill = palette.states[segment.state] ?? palette.otherState;
      parts.push(
        `<rect ${attrs({ x: left, y: top, width, height: BAR, fill })}><title>${xmlText(`${name}: ${segment.state}${segment.leading ? ' (serving role)' : ''}, ${clock(segment.start)}–${clock(segment.end)}`)}</title></rect>`,
      );
      if (segment.leading)
        parts.push(
          `<rect ${attrs({ x: left, y: top, width, height: 2.5, fill: palette.leading })}/>`,
        );
    }
    parts.push('</g>');
    y += ROW;
  }

  heading('Workloads');
  if (run.groups.length === 0) {
    text({ x: 12, y: y + ROW / 2 + 4 }, 'This scenario has no workloads.', {
      fill: palette.muted,
      'font-size': 12,
    });
    y += ROW;
  }
  // In the order on screen (see `laneOrder`).
  for (const index of laneOrder(run.groups, run.scenario.hosts)) {
    const group = run.groups[index];
    if (!group) continue;
    const name = groupLabel(group.key, group.members.length);
    parts.push(`<g ${attrs({ 'data-lane': 'workloads', 'data-name': name })}>`);
    label(name);
    const top = y + (ROW - BAR) / 2;
    parts.push(
      `<rect ${attrs({ x: LABEL, y: top + 2, width: laneWidth, height: BAR - 4, fill: palette.up })}/>`,
    );
    for (const [start, end] of group.outages) {
      parts.push(
        `<rect ${attrs({ x: x(start), y: top, width: Math.max(1, x(end) - x(start)), height: BAR, fill: palette.down })}><title>${xmlText(`${name}: down ${clock(start)}–${clock(end)} (${span(end - start)})`)}</title></rect>`,
      );
    }
    text({ x: WIDTH - 12, y: y + ROW / 2 + 4 }, span(view.groupTotals[index] ?? 0), {
      'font-size': 12,
      'text-anchor': 'end',
    });
    parts.push('</g>');
    y += ROW;
  }

  // Markers last, over the lanes: a triangle on the axis and a dashed line down the lanes.
  // Markers of one instant, or closer than a marker's width, side by side, as on screen (see
  // `markerSlots`).
  const slots = markerSlots(
    options.markers.map((marker) => marker.at),
    markerNear(duration, laneWidth),
    { place: (at) => x(at) - x(0), width: laneWidth },
  );
  for (const [index, marker] of options.markers.entries()) {
    const colour = palette.markers[marker.kind];
    const at = x(marker.at);
    const tip = at + (slots[index] ?? 0) * MARKER_STEP;
    parts.push(
      `<g ${attrs({ 'data-marker': marker.kind })}><title>${xmlText(`${MARKER_NOUNS[marker.kind]}: ${marker.label} at ${clock(marker.at)}`)}</title>` +
        `<path ${attrs({ d: `M ${round(tip - 5)} ${axisBottom - 12} L ${round(tip + 5)} ${axisBottom - 12} L ${round(tip)} ${axisBottom} Z`, fill: colour })}/>` +
        `<line ${attrs({ x1: at, y1: axisBottom, x2: at, y2: y, stroke: colour, 'stroke-dasharray': '3 3', opacity: 0.45 })}/></g>`,
    );
  }

  // The legend: the lifecycle states drawn, the serving role, outages and the marker kinds.
  y += 18;
  let left = 12;
  const legend = (fill: string, content: string) => {
    const width = 26 + content.length * 6.6;
    if (left + width > WIDTH - 12) {
      left = 12;
      y += 18;
    }
    parts.push(`<rect ${attrs({ x: left, y: y - 9, width: 12, height: 10, fill })}/>`);
    text({ x: left + 16, y }, content, { 'font-size': 11 });
    left += width;
  };
  for (const state of shown) legend(palette.states[state] ?? palette.otherState, state);
  legend(palette.leading, 'serving role');
  legend(palette.down, 'workload down');
  for (const kind of MARKER_KINDS)
    if (options.markers.some((marker) => marker.kind === kind))
      legend(palette.markers[kind], MARKER_WORDS[kind]);
  const height = Math.ceil(y + 14);

  return `<?xml version="1.0" encoding="UTF-8"?>
<svg ${attrs({ xmlns: SVG_NS, version: '1.1', viewBox: `0 0 ${WIDTH} ${height}`, width: WIDTH, height, role: 'img', 'aria-label': options.title, 'font-family': palette.font, fill: palette.text })}>
<title>${xmlText(options.title)}</title>
<rect ${attrs({ x: 0, y: 0, width: WIDTH, height, fill: palette.background })}/>
${parts.join('\n')}
</svg>
`;
}

/** Something that answers a computed style, as `getComputedStyle` does. */
interface ComputedStyle {
  getPropertyValue(property: string): string;
}

/**
 * The timeline's colours and type as the page draws them under `root` (the timeline panel):
 * each lifecycle state's lane colour, the markers', the text's and the panel's background. The
 * parts are found by their `data-testid` (a lifecycle segment names its state in `data-state`),
 * not by class: the panel's classes are a CSS module's. What the page does not show (a state no
 * lane is in) is left to {@link DEFAULT_PALETTE}.
 */
export function timelinePaletteOf(
  root: Element,
  styleOf: (element: Element) => ComputedStyle,
): Partial<TimelinePalette> {
  const value = (element: Element | null, property: string): string | undefined => {
    if (!element) return undefined;
    const found = styleOf(element).getPropertyValue(property).trim();
    return found === '' || found.includes('var(') || found === 'rgba(0, 0, 0, 0)'
      ? undefined
      : found;
  };
  const palette: { -readonly [K in keyof TimelinePalette]?: TimelinePalette[K] } = {};
  const states: Record<string, string> = { ...DEFAULT_PALETTE.states };
  for (const rect of Array.from(root.querySelectorAll('[data-testid="segment"]'))) {
    const state = rect.getAttribute('data-state');
    const fill = value(rect, 'fill');
    if (state !== null && fill !== undefined) states[state] = fill;
  }
  palette.states = states;
  const markers = { ...DEFAULT_PALETTE.markers };
  for (const kind of MARKER_KINDS) {
    const colour = value(
      root.querySelector(`[data-testid="marker"][data-kind="${kind}"]`),
      'background-color',
    );
    if (colour !== undefined) markers[kind] = colour;
  }
  palette.markers = markers;
  const set = <
    K extends 'leading' | 'up' | 'down' | 'text' | 'muted' | 'line' | 'background' | 'font',
  >(
    key: K,
    found: string | undefined,
  ) => {
    if (found !== undefined) palette[key] = found;
  };
  const part = (testid: string) => root.querySelector(`[data-testid="${testid}"]`);
  set('leading', value(part('serving-role'), 'fill'));
  set('up', value(part('uptime'), 'fill'));
  set('down', value(part('outage'), 'fill'));
  set('text', value(root, 'color'));
  set('muted', value(part('lane-heading'), 'color'));
  set('line', value(part('axis'), 'border-bottom-color'));
  set('background', value(root.closest('.panel') ?? root, 'background-color'));
  set('font', value(root, 'font-family'));
  return palette;
}
