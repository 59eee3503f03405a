// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { downtimeRows } from '../../src/sim';
import { DEFAULT_PALETTE, timelinePaletteOf } from '../../src/ui/export/timelineSvg';
import { TimelinePanel } from '../../src/ui/panels/TimelinePanel';
import { LIFECYCLE_COLOURS, TIMELINE_COLOURS } from '../../src/ui/panels/timelineColours';
import { windowPct } from '../../src/ui/panels/timelineScale';
import { downtimeUntil } from '../../src/ui/state/runView';
import { fixtureText, MODES, renderWithPlayer, startPlayer } from './harness';

/** The axis as 1000 px wide from x = 100: jsdom lays nothing out. */
const AXIS = { left: 100, width: 1000 };

function layOut(container: HTMLElement): void {
  const lane = container.querySelector<HTMLElement>('[data-testid="axis-lane"]');
  if (!lane) throw new Error('no axis');
  lane.getBoundingClientRect = () =>
    ({
      left: AXIS.left,
      right: AXIS.left + AXIS.width,
      width: AXIS.width,
      top: 0,
      bottom: 30,
      height: 30,
      x: AXIS.left,
      y: 0,
    }) as DOMRect;
}

function windowShown(): { from: number; to: number } {
  const element = screen.getByTestId('window');
  return { from: Number(element.dataset.from), to: Number(element.dataset.to) };
}

beforeAll(() => {
  // jsdom has no pointer capture.
  HTMLElement.prototype.setPointerCapture ??= () => undefined;
  HTMLElement.prototype.releasePointerCapture ??= () => undefined;
  HTMLElement.prototype.hasPointerCapture ??= () => false;
});

describe.each(MODES)('TimelinePanel (%s)', (_, strict) => {
  afterEach(cleanup);

  it("should count an HA pair's role changes as switchovers, as its document names them, and SERVERware's as failovers", () => {
    for (const [fixture, noun] of [
      ['ha-pair.yaml', 'switchovers'],
      ['cluster.yaml', 'failovers'],
    ] as const) {
      renderWithPlayer(startPlayer(fixture), <TimelinePanel />, strict);
      const summary = screen.getByTestId('downtime-summary').textContent;
      // Before: "failovers 2" on an HA pair, whose document speaks only of switchovers.
      expect(summary, fixture).toMatch(new RegExp(`· ${noun} \\d+$`));
      // …and its markers "failover: switchover at 0:02:00", the marker kind's id.
      const labels = [...document.querySelectorAll('[aria-label*=" at "]')].map((item) =>
        item.getAttribute('aria-label'),
      );
      expect(
        labels.some((label) => label?.startsWith('role change: ')),
        fixture,
      ).toBe(true);
      expect(
        labels.filter((label) => label?.startsWith('failover:')),
        fixture,
      ).toEqual([]);
      cleanup();
    }
    // A single server has no role to change: no "failovers 0".
    renderWithPlayer(startPlayer('standalone.yaml'), <TimelinePanel />, strict);
    expect(screen.getByTestId('downtime-summary').textContent).not.toMatch(/failover|switchover/);
  });

  it('should give every colour it draws a legend entry, from the table the colours come from', () => {
    const actor = startPlayer('cluster-crash.yaml');
    const { container } = renderWithPlayer(actor, <TimelinePanel />, strict);
    const legend = [...screen.getByTestId('timeline-legend').querySelectorAll('li')].map((li) => ({
      colour: li.dataset.colour ?? '',
      swatch: li.querySelector<HTMLElement>('[data-testid="legend-swatch"]')?.style.background,
    }));
    const colourOf = (rect: Element): string | undefined => {
      switch (rect.getAttribute('data-testid')) {
        case 'segment':
          return (
            LIFECYCLE_COLOURS[rect.getAttribute('data-state') ?? ''] ?? TIMELINE_COLOURS.otherState
          );
        case 'serving-role':
          return TIMELINE_COLOURS.leading;
        case 'uptime':
          return TIMELINE_COLOURS.up;
        case 'outage':
          return TIMELINE_COLOURS.down;
        default:
          return undefined;
      }
    };
    const drawn = new Set<string>();
    for (const rect of screen.getByTestId('timeline').querySelectorAll('rect')) {
      const colour = colourOf(rect);
      expect(colour, rect.outerHTML).toBeDefined();
      if (colour !== undefined) drawn.add(colour);
    }
    for (const marker of container.querySelectorAll<HTMLElement>('[data-testid="marker"]'))
      drawn.add(TIMELINE_COLOURS.markers[marker.dataset.kind as 'fault']);
    drawn.add(TIMELINE_COLOURS.playhead);
    drawn.add(TIMELINE_COLOURS.future);
    expect(drawn.size).toBeGreaterThan(6);
    expect(new Set(legend.map((entry) => entry.colour))).toEqual(drawn);
    for (const entry of legend) expect(entry.swatch).not.toBe('');
    // The SVG export draws in the same colours: one table, no copy.
    expect(DEFAULT_PALETTE.states).toBe(LIFECYCLE_COLOURS);
    expect(DEFAULT_PALETTE.markers).toBe(TIMELINE_COLOURS.markers);
  });

  it('should mark every part the SVG export takes the page’s colours from', () => {
    const actor = startPlayer('cluster-crash.yaml');
    renderWithPlayer(actor, <TimelinePanel />, strict);
    const view = actor.getSnapshot().context.view;
    if (!view) throw new Error('no run');
    // Each element answers with its test id (or tag): the palette says where each colour came from.
    const palette = timelinePaletteOf(
      screen.getByRole('region', { name: 'Timeline' }),
      (element) => ({
        getPropertyValue: () => element.getAttribute('data-testid') ?? element.tagName,
      }),
    );
    expect(palette).toMatchObject({
      leading: 'serving-role',
      up: 'uptime',
      down: 'outage',
      muted: 'lane-heading',
      line: 'axis',
      text: 'SECTION',
      background: 'SECTION',
    });
    const states = new Set([...view.segments.values()].flat().map((segment) => segment.state));
    expect(states.size).toBeGreaterThan(3);
    for (const state of states) expect(palette.states?.[state], state).toBe('segment');
    const kinds = new Set(view.markers.map((marker) => marker.kind));
    expect(kinds.size).toBeGreaterThan(1);
    for (const kind of kinds) expect(palette.markers?.[kind], kind).toBe('marker');
  });

  it('should zoom about the playhead, keep the playhead exact, pan, and fit back', () => {
    const actor = startPlayer('cluster.yaml');
    const { container } = renderWithPlayer(actor, <TimelinePanel />, strict);
    layOut(container);
    const view = actor.getSnapshot().context.view;
    if (!view) throw new Error('no run');
    const reboot = view.run.report.steps.find((step) => step.action === 'reboot');
    const at = ((reboot?.start ?? 0) + (reboot?.end ?? 0)) / 2;
    act(() => actor.send({ type: 'seek', at }));
    const time = actor.getSnapshot().context.time;
    for (let i = 0; i < 5; i++) fireEvent.click(screen.getByTestId('zoom-in'));
    const zoomed = windowShown();
    expect(zoomed.to - zoomed.from).toBeCloseTo(view.duration / 32, 0);
    expect(time).toBeGreaterThanOrEqual(zoomed.from);
    expect(time).toBeLessThanOrEqual(zoomed.to);
    expect(screen.getByTestId('playhead').style.transform).toBe(
      `translateX(${windowPct(time, zoomed)}%)`,
    );
    // The lanes show the window: their viewBox starts at its start.
    const box = container
      .querySelector('[data-testid="host-row"] svg')
      ?.getAttribute('viewBox')
      ?.split(' ')
      .map(Number);
    expect(box?.[0]).toBeCloseTo((zoomed.from / view.duration) * 1000, 6);
    expect(box?.[2]).toBeCloseTo(((zoomed.to - zoomed.from) / view.duration) * 1000, 6);
    // Ticks fall inside the window.
    for (const tick of screen.getAllByTestId('tick')) {
      const left = parseFloat(tick.style.left);
      expect(left).toBeGreaterThanOrEqual(0);
      expect(left).toBeLessThanOrEqual(100);
    }
    // Seeking by a click reads the time in the window.
    fireEvent.pointerDown(screen.getByTestId('timeline'), {
      button: 0,
      clientX: AXIS.left + AXIS.width / 4,
      pointerId: 1,
    });
    fireEvent.pointerUp(screen.getByTestId('timeline'), { pointerId: 1 });
    expect(actor.getSnapshot().context.time).toBeCloseTo(
      zoomed.from + (zoomed.to - zoomed.from) / 4,
      -3,
    );
    fireEvent.click(screen.getByTestId('pan-later'));
    const panned = windowShown();
    expect(panned.from).toBeGreaterThan(zoomed.from);
    expect(panned.to - panned.from).toBeCloseTo(zoomed.to - zoomed.from, 6);
    // Ctrl + wheel zooms out about the pointer.
    fireEvent.wheel(screen.getByTestId('timeline'), {
      deltaY: 100,
      ctrlKey: true,
      clientX: AXIS.left + AXIS.width / 2,
      clientY: 15,
    });
    expect(windowShown().to - windowShown().from).toBeCloseTo(2 * (panned.to - panned.from), 0);
    fireEvent.click(screen.getByTestId('zoom-fit'));
    expect(windowShown()).toEqual({ from: 0, to: view.duration });
  });

  it('should sum up a range selected with shift+drag from the downtime rows', () => {
    const actor = startPlayer('cluster-crash.yaml');
    const { container } = renderWithPlayer(actor, <TimelinePanel />, strict);
    layOut(container);
    const run = actor.getSnapshot().context.view?.run;
    if (!run) throw new Error('no run');
    const x = (at: number) => AXIS.left + (at / run.report.duration) * AXIS.width;
    const from = run.report.duration * 0.05;
    const to = run.report.duration * 0.6;
    const timeline = screen.getByTestId('timeline');
    const before = actor.getSnapshot().context.time;
    fireEvent.pointerDown(timeline, { button: 0, shiftKey: true, clientX: x(from), pointerId: 1 });
    fireEvent.pointerMove(timeline, { clientX: x(to), pointerId: 1 });
    fireEvent.pointerUp(timeline, { clientX: x(to), pointerId: 1 });
    expect(screen.getByTestId('selection')).toBeTruthy();
    const rows = downtimeRows(run, { from, to }).filter((row) => row.downtime > 0);
    expect(rows.length).toBeGreaterThan(0);
    const shown = screen.getAllByTestId('range-row').map((row) => ({
      name: row.dataset.workload,
      ms: Number(row.querySelector('td')?.dataset.ms),
    }));
    expect(shown.map((row) => row.name)).toEqual(rows.map((row) => row.workload));
    for (const [index, row] of shown.entries())
      expect(row.ms).toBeCloseTo(rows[index]?.downtime ?? -1, -1);
    const steps = run.report.steps.filter(
      (step) => step.start !== undefined && step.start < to && (step.end ?? step.start) >= from,
    );
    expect(screen.getAllByTestId('range-step')).toHaveLength(steps.length);
    // The seek did not move: a selection is not a seek.
    expect(actor.getSnapshot().context.time).toBe(before);
    fireEvent.click(screen.getByTestId('zoom-selection'));
    expect(windowShown().from).toBeCloseTo(from, -1);
    expect(windowShown().to).toBeCloseTo(to, -1);
    fireEvent.click(screen.getByTestId('clear-selection'));
    expect(screen.queryByTestId('range-summary')).toBeNull();
  });

  it('should split the workloads into a row each on demand', () => {
    const actor = startPlayer('cluster-crash.yaml');
    const { container } = renderWithPlayer(actor, <TimelinePanel />, strict);
    const run = actor.getSnapshot().context.view?.run;
    if (!run) throw new Error('no run');
    expect(screen.queryAllByTestId('workload-row')).toHaveLength(0);
    fireEvent.click(screen.getByTestId('per-workload'));
    const rows = screen.getAllByTestId('workload-row');
    expect(rows.map((row) => row.dataset.workload)).toEqual(
      run.groups.flatMap((group) => group.members),
    );
    for (const row of rows) {
      const group = run.groups.find((g) => g.key === row.dataset.group);
      expect(row.querySelectorAll('[data-testid="outage"]')).toHaveLength(
        group?.outages.length ?? -1,
      );
      const report = run.report.workloads.find((w) => w.name === row.dataset.workload);
      expect(
        Number(row.querySelector<HTMLElement>('[data-testid="workload-downtime"]')?.dataset.total),
      ).toBe(report?.downtime);
    }
    expect(container.querySelectorAll('[data-testid="group-row"]')).toHaveLength(0);
  });

  it('should move the playhead and the faded future to the time, and count the downtime so far', () => {
    const actor = startPlayer('cluster.yaml');
    const { container } = renderWithPlayer(actor, <TimelinePanel />, strict);
    const view = actor.getSnapshot().context.view;
    if (!view) throw new Error('no run');
    const lanes = container.querySelector('[data-testid="host-row"]')?.innerHTML;
    const sums: number[] = [];
    for (const ratio of [0.5, 0.25, 1]) {
      const at = view.duration * ratio;
      act(() => actor.send({ type: 'seek', at }));
      const shift = `translateX(${ratio * 100}%)`;
      expect(screen.getByTestId('playhead').style.transform).toBe(shift);
      expect(screen.getByTestId('future').style.transform).toBe(shift);
      const soFar = downtimeUntil(view, at);
      const rows = screen.getAllByTestId('group-downtime');
      expect(rows.map((row) => Number(row.dataset.soFar))).toEqual(soFar);
      const sum = view.run.groups.reduce(
        (total, group, index) => total + group.members.length * (soFar[index] ?? 0),
        0,
      );
      expect(Number(screen.getByTestId('downtime-so-far').dataset.ms)).toBe(sum);
      sums.push(sum);
    }
    // Not vacuous: the cluster has downtime by the end.
    expect(sums.at(-1)).toBeGreaterThan(0);
    // The lanes are drawn once per run, whatever the time.
    expect(container.querySelector('[data-testid="host-row"]')?.innerHTML).toBe(lanes);
  });

  it('should name every workload of a group in its row, however many', () => {
    const actor = startPlayer('cluster.yaml', {
      initial: { text: CROWDED, builtin: 'cluster.yaml', edited: true },
    });
    renderWithPlayer(actor, <TimelinePanel />, strict);
    const run = actor.getSnapshot().context.view?.run;
    const primary = run?.groups.find((group) => group.key === 'primary');
    expect(primary?.members.length).toBe(30);
    const row = screen
      .getAllByTestId('group-row')
      .find((element) => element.dataset.group === 'primary');
    expect(
      row?.querySelector('[data-testid="row-label"]')?.getAttribute('title')?.split(', '),
    ).toEqual(primary?.members);
  });
});

const CROWDED = `name: Thirty VPSs on the Primary
system: serverware
topology: cluster
version: { from: 4.5.0 }
hosts: { processing: 1 }
vps:
${Array.from({ length: 30 }, (_, i) => `  - { name: vps-${i + 1}, host: primary }`).join('\n')}
`;

describe.each(MODES)('markers of one instant (%s)', (_, strict) => {
  afterEach(cleanup);

  it("should set a live crash's marker beside the marker of the step it failed, not under it", () => {
    // processing-1 crashes an hour in, during its install: the install fails at that instant.
    const text = `${fixtureText('cluster.yaml')}faults:\n  - { fault: host-crash, target: processing-1, when: { at: 1h } }\n`;
    const actor = startPlayer('cluster.yaml', {
      initial: { text, edited: true, file: 'crash.yaml' },
    });
    renderWithPlayer(actor, <TimelinePanel />, strict);
    const atCrash = screen
      .getAllByTestId('marker')
      .filter((marker) => marker.getAttribute('aria-label')?.endsWith(' at 1:00:00'));
    expect(atCrash.map((marker) => marker.getAttribute('aria-label'))).toEqual([
      'fault: host crash on processing-1 at 1:00:00',
      expect.stringMatching(/^fault: step failed: \d+ install processing-1 at 1:00:00$/),
    ]);
    // Side by side about the instant: the same place on the axis, a marker width apart.
    expect(atCrash.map((marker) => marker.style.left)).toEqual([
      atCrash[0]?.style.left,
      atCrash[0]?.style.left,
    ]);
    expect(atCrash.map((marker) => marker.style.getPropertyValue('--slot'))).toEqual([
      '-0.5',
      '0.5',
    ]);
    // A marker alone at its instant stays on it.
    const alone = screen.getAllByTestId('marker').filter((marker) => !atCrash.includes(marker));
    expect(alone.length).toBeGreaterThan(0);
    for (const marker of alone) expect(marker.style.getPropertyValue('--slot')).toBe('0');
  });
});
