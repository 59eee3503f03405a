import { describe, expect, it } from 'vitest';
import {
  LIFECYCLE_COLOURS,
  TIMELINE_COLOURS,
  timelineLegend,
  timelineStyleSheet,
} from './timelineColours';

describe('timelineStyleSheet', () => {
  it('should give every lifecycle state and every other colour of the table its property', () => {
    const css = timelineStyleSheet();
    for (const [state, colour] of Object.entries(LIFECYCLE_COLOURS))
      expect(css).toContain(`.seg-${state}{--c:${colour}}`);
    expect(css).toContain(`--tl-down:${TIMELINE_COLOURS.down}`);
    expect(css).toContain(`--tl-marker-fault:${TIMELINE_COLOURS.markers.fault}`);
    expect(css).toContain(`--tl-playhead:${TIMELINE_COLOURS.playhead}`);
  });
});

describe('timelineLegend', () => {
  it('should list states of one colour once and a state without one as the other colour', () => {
    const legend = timelineLegend(['online', 'installing', 'installed', 'maintenance'], ['fault']);
    expect(legend.map((entry) => entry.label)).toEqual([
      'online',
      'installing / installed',
      'maintenance',
      'serving role',
      'workload up',
      'workload down',
      'fault',
      'playhead',
      'not yet reached',
    ]);
    expect(legend[2]?.colour).toBe(TIMELINE_COLOURS.otherState);
  });
});
