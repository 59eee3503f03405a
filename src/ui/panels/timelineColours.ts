import { MARKER_KINDS, MARKER_WORDS, type MarkerKind } from '../state/runView';

/**
 * The colour of each host lifecycle state: the timeline's lanes, the host cards and their dots,
 * the legend and the exported SVG all take it from here (the page's style sheet is written from
 * it by {@link timelineStyleSheet}). States that share a colour are one entry of the legend.
 */
export const LIFECYCLE_COLOURS: Readonly<Record<string, string>> = {
  online: '#3aa466',
  installing: '#3b78d8',
  installed: '#3b78d8',
  rebooting: '#ef8a17',
  booted: '#1aa3a3',
  verifying: '#8a5cd6',
  rollingBack: '#b8860b',
  restoring: '#b8860b',
  failed: '#d32f2f',
  bootFailed: '#d32f2f',
  down: '#5b2a2a',
  consoleRecovery: '#5b2a2a',
};

/** Every other colour the timeline draws, by what it stands for. */
export const TIMELINE_COLOURS = {
  /** A lifecycle state without a colour of its own. */
  otherState: '#99aaaa',
  /** The strip over a stretch in which the host held the serving role. */
  leading: '#10295e',
  /** A workload group's lane while it is up. */
  up: '#a9dcbd',
  /** A workload group's outage. */
  down: '#b71c1c',
  /** The playhead: the instant on screen. */
  playhead: '#111111',
  /** What has not happened yet at the playhead, laid over the lanes. */
  future: 'rgb(255 255 255 / 55%)',
  /** A range selected on the timeline. */
  selection: 'rgb(36 87 197 / 18%)',
  markers: { failover: '#1f4fae', fault: '#e07b00', violation: '#b71c1c' } as Readonly<
    Record<MarkerKind, string>
  >,
} as const;

/** One swatch of the legend: a colour and what it stands for. */
interface LegendEntry {
  readonly colour: string;
  readonly label: string;
}

/**
 * Every colour the timeline draws for a run, from the tables above: the lifecycle states its
 * hosts go through (states of one colour together), the serving role, workloads up and down, the
 * marker kinds present, the playhead and the faded future. Pure.
 * @param states the lifecycle states the run's lanes show
 * @param markers the marker kinds shown
 */
export function timelineLegend(
  states: Iterable<string>,
  markers: Iterable<MarkerKind>,
): LegendEntry[] {
  const byColour = new Map<string, string[]>();
  for (const state of states) {
    const colour = LIFECYCLE_COLOURS[state] ?? TIMELINE_COLOURS.otherState;
    const list = byColour.get(colour) ?? [];
    if (!list.includes(state)) list.push(state);
    byColour.set(colour, list);
  }
  const entries: LegendEntry[] = [...byColour].map(([colour, list]) => ({
    colour,
    label: list.join(' / '),
  }));
  entries.push(
    { colour: TIMELINE_COLOURS.leading, label: 'serving role' },
    { colour: TIMELINE_COLOURS.up, label: 'workload up' },
    { colour: TIMELINE_COLOURS.down, label: 'workload down' },
  );
  const kinds = new Set(markers);
  for (const kind of MARKER_KINDS)
    if (kinds.has(kind))
      entries.push({ colour: TIMELINE_COLOURS.markers[kind], label: MARKER_WORDS[kind] });
  entries.push(
    { colour: TIMELINE_COLOURS.playhead, label: 'playhead' },
    { colour: TIMELINE_COLOURS.future, label: 'not yet reached' },
  );
  return entries;
}

/**
 * The style sheet the colours above make: the custom properties the page's rules read
 * (`--c` per lifecycle state for lanes, cards and dots; `--tl-*` for the rest). Pure.
 */
export function timelineStyleSheet(): string {
  const rules = Object.entries(LIFECYCLE_COLOURS).map(
    ([state, colour]) => `.lifecycle-${state},.state-${state},.seg-${state}{--c:${colour}}`,
  );
  const { markers, ...rest } = TIMELINE_COLOURS;
  const root = [
    ...Object.entries(rest).map(([name, colour]) => `--tl-${name}:${colour}`),
    ...Object.entries(markers).map(([kind, colour]) => `--tl-marker-${kind}:${colour}`),
  ];
  return `:root{${root.join(';')}}\n${rules.join('\n')}\n`;
}
