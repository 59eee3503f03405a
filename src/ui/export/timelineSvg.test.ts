// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { parseScenario, simulate } from '../../sim';
import { groupLabel } from '../panels/timelineScale';
import { buildRunView } from '../state/runView';
import { SVG_NS } from './standaloneSvg';
import { DEFAULT_PALETTE, timelinePaletteOf, timelineSvg } from './timelineSvg';

const CRASH = `name: Cluster & crash <before> its upgrade
system: serverware
topology: cluster
version: { from: 4.5.0 }
vps:
  - { name: vps-db, host: primary }
  - { name: vps-1, host: processing-1 }
faults:
  - { fault: host-crash, target: processing-1, when: { at: 5m }, duration: 30m }
`;

const view = buildRunView(simulate(parseScenario(CRASH, 'crash.yaml')));
const TITLE = `${view.run.report.scenario}: timeline of hosts and workloads`;

function parse(text: string): Element {
  return new DOMParser().parseFromString(text, 'image/svg+xml').documentElement;
}

describe('timelineSvg', () => {
  const text = timelineSvg(view, { title: TITLE, markers: view.markers });
  const root = parse(text);

  it('should write a file that parses as SVG on its own, sized by its viewBox and titled', () => {
    expect(root.querySelector('parsererror')).toBeNull();
    expect(root.namespaceURI).toBe(SVG_NS);
    const [x, y, width, height] = (root.getAttribute('viewBox') ?? '').split(' ').map(Number);
    expect([x, y]).toEqual([0, 0]);
    expect(width).toBeGreaterThan(0);
    expect(height).toBeGreaterThan(0);
    expect(root.getAttribute('width')).toBe(String(width));
    expect(root.getAttribute('height')).toBe(String(height));
    expect(root.querySelector(':scope > title')?.textContent).toBe(TITLE);
    expect(root.querySelector(':scope > rect')?.getAttribute('fill')).toBe(
      DEFAULT_PALETTE.background,
    );
    expect(root.getAttribute('font-family')).toBe(DEFAULT_PALETTE.font);
    expect(text).not.toContain('var(--');
    expect(text).not.toContain('class=');
  });

  it('should draw a lane per host, a bar per lifecycle stretch, in its state colour', () => {
    const lanes = Array.from(root.querySelectorAll('g[data-lane="host"]'));
    expect(lanes.map((lane) => lane.getAttribute('data-name'))).toEqual(view.hosts);
    for (const lane of lanes) {
      const name = lane.getAttribute('data-name') ?? '';
      const segments = view.segments.get(name) ?? [];
      expect(lane.querySelector('text')?.textContent).toBe(name);
      const bars = Array.from(lane.querySelectorAll('rect')).filter((rect) =>
        rect.querySelector('title'),
      );
      expect(bars.map((bar) => bar.getAttribute('fill'))).toEqual(
        segments.map(
          (segment) => DEFAULT_PALETTE.states[segment.state] ?? DEFAULT_PALETTE.otherState,
        ),
      );
    }
    expect(view.segments.get('processing-1')?.some((s) => s.state === 'down')).toBe(true);
  });

  it('should draw a lane per workload group with each outage and its total downtime', () => {
    const lanes = Array.from(root.querySelectorAll('g[data-lane="workloads"]'));
    expect(lanes.map((lane) => lane.getAttribute('data-name'))).toEqual(
      view.run.groups.map((group) => groupLabel(group.key, group.members.length)),
    );
    view.run.groups.forEach((group, index) => {
      const lane = lanes[index];
      const outages = Array.from(lane?.querySelectorAll('rect') ?? []).filter(
        (rect) => rect.getAttribute('fill') === DEFAULT_PALETTE.down,
      );
      expect(outages).toHaveLength(group.outages.length);
    });
    expect(view.run.groups.some((group) => group.outages.length > 0)).toBe(true);
  });

  it('should draw the markers it is given, and only those', () => {
    const kinds = (svg: Element) =>
      Array.from(svg.querySelectorAll('[data-marker]')).map((m) => m.getAttribute('data-marker'));
    expect(kinds(root)).toEqual(view.markers.map((marker) => marker.kind));
    expect(kinds(root)).toContain('fault');
    const none = parse(timelineSvg(view, { title: TITLE, markers: [] }));
    expect(kinds(none)).toEqual([]);
  });

  it('should use the colours the page resolves', () => {
    const page = document.createElement('section');
    page.className = 'panel';
    // The parts as the panel marks them: by test id, a segment with its state.
    page.innerHTML = `<div data-testid="lane-heading" id="heading">Hosts</div><svg><rect data-testid="segment" data-state="down" id="down"/><rect data-testid="segment" data-state="online" id="online"/><rect data-testid="outage" id="outage"/></svg><button data-testid="marker" data-kind="failover"></button><button data-testid="marker" data-kind="fault" id="fault"></button>`;
    page.id = 'page';
    const colours: Record<string, Record<string, string>> = {
      heading: { color: 'rgb(16, 17, 18)' },
      down: { fill: 'rgb(1, 2, 3)' },
      online: { fill: 'var(--c)' },
      outage: { fill: 'rgb(4, 5, 6)' },
      fault: { 'background-color': 'rgb(7, 8, 9)' },
      page: { 'background-color': 'rgb(10, 11, 12)', color: 'rgb(13, 14, 15)' },
    };
    const palette = timelinePaletteOf(page, (element) => ({
      getPropertyValue: (property) => colours[element.id]?.[property] ?? '',
    }));
    expect(palette.states?.down).toBe('rgb(1, 2, 3)');
    expect(palette.states?.online).toBe(DEFAULT_PALETTE.states.online);
    expect(palette).toMatchObject({
      muted: 'rgb(16, 17, 18)',
      down: 'rgb(4, 5, 6)',
      markers: { ...DEFAULT_PALETTE.markers, fault: 'rgb(7, 8, 9)' },
      background: 'rgb(10, 11, 12)',
      text: 'rgb(13, 14, 15)',
    });
    const painted = timelineSvg(view, { title: TITLE, markers: view.markers, palette });
    expect(painted).toContain('fill="rgb(1, 2, 3)"');
    expect(painted).toContain('fill="rgb(7, 8, 9)"');
    expect(parse(painted).querySelector(':scope > rect')?.getAttribute('fill')).toBe(
      'rgb(10, 11, 12)',
    );
  });
});

describe('timelineSvg markers of one instant', () => {
  it('should draw them side by side, as the screen does, not one over the other', () => {
    const at = 5 * 60_000;
    const markers = [
      { seq: 1, at, kind: 'fault', label: 'host crash on processing-1' },
      { seq: 2, at, kind: 'fault', label: 'step failed: 5 install processing-1' },
    ] as const;
    const paths = [
      ...parse(timelineSvg(view, { title: TITLE, markers })).querySelectorAll('[data-marker] path'),
    ];
    expect(paths).toHaveLength(2);
    const [left, right] = paths.map((path) => path.getAttribute('d') ?? '');
    expect(left).not.toBe(right);
    // One marker width apart (and a pixel), each about the instant.
    const tip = (d: string) => Number(/L (\S+) \S+ Z$/.exec(d)?.[1]);
    expect(tip(right ?? '') - tip(left ?? '')).toBe(11);
  });
});
