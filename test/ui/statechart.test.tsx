// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { StrictMode, type ReactElement } from 'react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AnyStateMachine, AnyStateNode } from 'xstate';
import { haDeviceMachine, procedureMachine, storageHostMachine } from '../../machines';
import { parseScenario, simulate } from '../../src/sim';
import type { Run, TraceEntry } from '../../src/sim';
import { StatechartView } from '../../src/ui/statechart';
import { cachedLayout, type ElkLayout } from '../../src/ui/statechart/layoutStatechart';
import { layoutWithElk } from '../support/elk';

afterEach(cleanup);

// ELK runs in the test's own thread: lay the machines out once, before the tests draw them.
beforeAll(
  () =>
    Promise.all(
      [storageHostMachine, haDeviceMachine, procedureMachine].map((machine) =>
        cachedLayout(machine, layoutWithElk),
      ),
    ),
  120_000,
);

const MODES: ReadonlyArray<[string, (ui: ReactElement) => ReactElement]> = [
  ['plain', (ui) => ui],
  ['StrictMode', (ui) => <StrictMode>{ui}</StrictMode>],
];

const HA_PAIR = 'name: pair\nsystem: ha-pair\nversion: { from: 9.0.1, to: 9.1.0 }\n';
const MIRROR =
  'name: mirror\nsystem: serverware\ntopology: mirror\nversion: { from: 4.5.0 }\nvps: [vps-db]\n';

const haRun = simulate(parseScenario(HA_PAIR, 'pair.yaml'));
const mirrorRun = simulate(parseScenario(MIRROR, 'mirror.yaml'));

/** Every state of a machine, as a path from the root (`''` for the root itself). */
function statePaths(machine: AnyStateMachine): string[] {
  const out: string[] = [];
  const walk = (node: AnyStateNode) => {
    out.push(node.path.join('.'));
    for (const child of Object.values(node.states) as AnyStateNode[]) walk(child);
  };
  walk(machine.root as AnyStateNode);
  return out;
}

interface Expected {
  readonly source: string;
  /** Undefined for a targetless transition. */
  readonly target?: string;
  readonly label: string;
  readonly guarded: boolean;
}

/** Every transition of a machine, read straight from its state nodes. */
function transitionsOf(machine: AnyStateMachine): Expected[] {
  const out: Expected[] = [];
  const walk = (node: AnyStateNode) => {
    const source = node.path.join('.');
    const delays = new Map(node.after.map((t) => [String(t.eventType), String(t.delay)]));
    const defs = [
      ...[...node.transitions.entries()].flatMap(([event, list]) =>
        list.map((t) => ({ t, label: delays.has(event) ? `after ${delays.get(event)}` : event })),
      ),
      ...(node.always ?? []).map((t) => ({ t, label: 'always' })),
    ];
    for (const { t, label } of defs) {
      const guarded = t.guard !== undefined;
      if (!t.target || t.target.length === 0) out.push({ source, label, guarded });
      else
        for (const target of t.target)
          out.push({ source, target: target.path.join('.'), label, guarded });
    }
    for (const child of Object.values(node.states) as AnyStateNode[]) walk(child);
  };
  walk(machine.root as AnyStateNode);
  return out;
}

/** Waits until the statechart in `container` is laid out and drawn. */
async function laidOut(container: HTMLElement): Promise<HTMLElement> {
  await waitFor(
    () =>
      expect(
        container.querySelector('[data-testid="statechart"]')?.getAttribute('data-layout'),
      ).toBe('done'),
    { timeout: 15_000 },
  );
  return container;
}

function entryOf(run: Run, actor: string, state: string): TraceEntry {
  const entry = run.report.trace.find(
    (e) => e.actor === actor && e.state.split(', ').includes(state),
  );
  if (!entry) throw new Error(`no trace entry of ${actor} in ${state}`);
  return entry;
}

describe.each(MODES)('StatechartView (%s)', (_mode, wrap) => {
  describe.each([
    ['storageHostMachine', storageHostMachine, mirrorRun, 'storage-2', 'lifecycle.installing'],
    ['haDeviceMachine', haDeviceMachine, haRun, 'device-b', 'lifecycle.installing'],
    ['procedureMachine', procedureMachine, haRun, 'procedure', 'running.onHost'],
  ] as const)('%s', (_name, machine, run, actor, state) => {
    const entry = entryOf(run, actor, state);
    const view = () =>
      laidOut(
        render(
          wrap(
            <StatechartView
              machine={machine}
              activeState={entry.state}
              lastEvent={entry.event}
              elk={layoutWithElk}
            />,
          ),
        ).container,
      );

    it('should draw a box for every state of the machine', async () => {
      const container = await view();
      const drawn = [...container.querySelectorAll('[data-state]')].map((el) =>
        el.getAttribute('data-state'),
      );
      expect([...drawn].sort()).toEqual(statePaths(machine).sort());
      for (const path of statePaths(machine)) {
        const box = container.querySelector(`[data-state="${path}"]`);
        const key = path.split('.').pop() || machine.id;
        expect(box?.querySelector('text')?.textContent).toBe(key);
      }
    });

    it("should give every box its state's description as a tooltip", async () => {
      const container = await view();
      const installing =
        machine.root.states.lifecycle?.states.installing ??
        machine.root.states.running?.states.onHost;
      const path = installing?.path.join('.') ?? '';
      expect(container.querySelector(`[data-state="${path}"] > title`)?.textContent).toBe(
        installing?.description,
      );
    });

    it('should draw every transition as a labelled edge', async () => {
      const container = await view();
      const expected = transitionsOf(machine);
      expect(expected.length).toBeGreaterThan(0);
      for (const t of expected) {
        if (t.target === undefined) {
          // Targetless transitions are listed inside their state's box.
          const lines = [
            ...container.querySelectorAll(`[data-state="${t.source}"] > text[data-edge]`),
          ].map((el) => el.textContent);
          expect(
            lines.some((line) => line?.includes(t.label)),
            `${t.source}: ${t.label}`,
          ).toBe(true);
          continue;
        }
        const edges = [
          ...container.querySelectorAll(`[data-source="${t.source}"][data-target="${t.target}"]`),
        ];
        expect(edges, `${t.source} → ${t.target} (${t.label})`).toHaveLength(1);
        const id = edges[0]?.getAttribute('data-edge') ?? '';
        expect(edges[0]?.querySelector('path')?.getAttribute('d')).toMatch(/^M [\d.-]+ [\d.-]+ L /);
        const label = [...container.querySelectorAll('[data-label-for]')].find(
          (el) => el.getAttribute('data-label-for') === id,
        );
        const lines = [...(label?.querySelectorAll('tspan') ?? [])].map(
          (el) => el.textContent ?? '',
        );
        expect(lines, `${t.source} → ${t.target}`).toContain(t.label);
        if (t.guarded) expect(lines.some((line) => line.startsWith('['))).toBe(true);
      }
    });

    it('should highlight the active leaf states and nothing else', async () => {
      const container = await view();
      const leaves = entry.state.split(', ');
      const active = [...container.querySelectorAll('[data-active="true"]')].map((el) =>
        el.getAttribute('data-state'),
      );
      expect(active.sort()).toEqual([...leaves].sort());
    });

    it('should animate the transition the last event took into the active state', async () => {
      const container = await view();
      const last = [...container.querySelectorAll('[data-last="true"]')];
      expect(last.length).toBeGreaterThan(0);
      const leaves = entry.state.split(', ');
      expect(last.some((el) => leaves.includes(el.getAttribute('data-target') ?? ''))).toBe(true);
    });
  });

  it(
    'should follow the cursor: a new active state moves the highlight, without a new layout',
    { timeout: 30_000 },
    async () => {
      const first = entryOf(haRun, 'device-b', 'lifecycle.installing');
      const later = entryOf(haRun, 'device-b', 'lifecycle.rebooting');
      let layouts = 0;
      const counting: ElkLayout = (graph) => {
        layouts++;
        return layoutWithElk(graph);
      };
      const { container, rerender } = render(
        wrap(
          <StatechartView
            machine={haDeviceMachine}
            activeState={first.state}
            lastEvent={first.event}
            elk={counting}
          />,
        ),
      );
      await laidOut(container);
      expect(
        container.querySelector('[data-state="lifecycle.installing"]')?.getAttribute('data-active'),
      ).toBe('true');
      rerender(
        wrap(
          <StatechartView
            machine={haDeviceMachine}
            activeState={later.state}
            lastEvent={later.event}
            elk={counting}
          />,
        ),
      );
      expect(
        container.querySelector('[data-state="lifecycle.installing"]')?.getAttribute('data-active'),
      ).toBeNull();
      expect(
        container.querySelector('[data-state="lifecycle.rebooting"]')?.getAttribute('data-active'),
      ).toBe('true');
      expect(
        container.querySelector('[data-state="lifecycle"]')?.getAttribute('data-contains-active'),
      ).toBe('true');
      const last = container.querySelector('[data-last="true"]');
      expect(last?.getAttribute('data-target')).toBe('lifecycle.rebooting');
      expect(last?.getAttribute('data-events')).toContain('reboot.start');
      expect(layouts).toBe(1);
    },
  );

  it(
    'should say it is laying out until the layout is ready, then draw it',
    { timeout: 30_000 },
    async () => {
      let finish: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => {
        finish = resolve;
      });
      const slow: ElkLayout = async (graph) => {
        await gate;
        return layoutWithElk(graph);
      };
      const { container } = render(
        wrap(<StatechartView machine={procedureMachine} activeState="ready" elk={slow} />),
      );
      expect(screen.getByRole('status').textContent).toContain('Laying out');
      expect(container.querySelector('svg')).toBeNull();
      finish();
      await laidOut(container);
      expect(screen.queryByRole('status')).toBeNull();
      expect(container.querySelector('[data-state="ready"]')?.getAttribute('data-active')).toBe(
        'true',
      );
    },
  );

  it('should say why when the layout fails', async () => {
    const broken: ElkLayout = () => Promise.reject(new Error('the layout worker failed'));
    const { container } = render(
      wrap(<StatechartView machine={procedureMachine} activeState="ready" elk={broken} />),
    );
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('worker failed'));
    expect(container.querySelector('[data-layout]')?.getAttribute('data-layout')).toBe('failed');
  });

  it('should fit the whole machine through the viewBox, and zoom and pan with buttons, keys and the wheel', async () => {
    const { container } = render(
      wrap(<StatechartView machine={procedureMachine} activeState="ready" elk={layoutWithElk} />),
    );
    await laidOut(container);
    const svg = container.querySelector('svg');
    const viewBox = svg?.getAttribute('viewBox') ?? '';
    expect(viewBox).toMatch(/^0 0 \d+ \d+$/);
    expect(svg?.getAttribute('preserveAspectRatio')).toBe('xMidYMid meet');
    const chart = container.querySelector('[data-testid="statechart"]') as HTMLElement;
    const transform = () => container.querySelector('[data-viewport]')?.getAttribute('transform');
    const scale = () => Number(/scale\(([\d.]+)\)/.exec(transform() ?? '')?.[1]);
    expect(chart.getAttribute('data-zoom')).toBe('fit');
    expect(transform()).toBe('translate(0 0) scale(1)');
    expect(container.querySelectorAll('[data-last="true"]')).toHaveLength(0);
    expect(screen.getByRole('button', { name: 'Fit' }).hasAttribute('disabled')).toBe(true);

    fireEvent.click(screen.getByRole('button', { name: '+' }));
    expect(scale()).toBe(1.25);
    expect(chart.getAttribute('data-zoom')).toBe('1.25');
    fireEvent.click(screen.getByRole('button', { name: '−' }));
    expect(scale()).toBe(1);
    fireEvent.click(screen.getByRole('button', { name: '+' }));
    fireEvent.click(screen.getByRole('button', { name: 'Fit' }));
    expect(chart.getAttribute('data-zoom')).toBe('fit');

    // The keyboard: the chart takes focus; + and − zoom, the arrows pan, 0 fits.
    expect(chart.tabIndex).toBe(0);
    fireEvent.keyDown(chart, { key: '+' });
    expect(scale()).toBe(1.25);
    const before = transform();
    fireEvent.keyDown(chart, { key: 'ArrowLeft' });
    expect(transform()).not.toBe(before);
    expect(scale()).toBe(1.25);
    fireEvent.keyDown(chart, { key: '-' });
    expect(scale()).toBe(1);
    fireEvent.keyDown(chart, { key: '0' });
    expect(transform()).toBe('translate(0 0) scale(1)');

    // The wheel: up zooms in, down zooms out.
    act(() => {
      svg?.dispatchEvent(
        new WheelEvent('wheel', { deltaY: -200, bubbles: true, cancelable: true }),
      );
    });
    expect(scale()).toBeGreaterThan(1);
    // The drawing's size is unchanged: zoom moves what is inside it.
    expect(container.querySelector('svg')?.getAttribute('viewBox')).toBe(viewBox);
  });
});
