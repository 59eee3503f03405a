// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { StrictMode, type ReactElement } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { AnyStateMachine, AnyStateNode } from 'xstate';
import { haDeviceMachine, procedureMachine, storageHostMachine } from '../../machines';
import { parseScenario, simulate } from '../../src/sim';
import type { Run, TraceEntry } from '../../src/sim';
import { StatechartView } from '../../src/ui/statechart';

afterEach(cleanup);

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
      render(
        wrap(
          <StatechartView machine={machine} activeState={entry.state} lastEvent={entry.event} />,
        ),
      ).container;

    it('should draw a box for every state of the machine', () => {
      const container = view();
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

    it("should give every box its state's description as a tooltip", () => {
      const container = view();
      const installing =
        machine.root.states.lifecycle?.states.installing ??
        machine.root.states.running?.states.onHost;
      const path = installing?.path.join('.') ?? '';
      expect(container.querySelector(`[data-state="${path}"] > title`)?.textContent).toBe(
        installing?.description,
      );
    });

    it('should draw every transition as a labelled edge', () => {
      const container = view();
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
        expect(edges[0]?.querySelector('path')?.getAttribute('d')).toMatch(/^M [\d.-]+ [\d.-]+ C /);
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

    it('should highlight the active leaf states and nothing else', () => {
      const container = view();
      const leaves = entry.state.split(', ');
      const active = [...container.querySelectorAll('[data-active="true"]')].map((el) =>
        el.getAttribute('data-state'),
      );
      expect(active.sort()).toEqual([...leaves].sort());
    });

    it('should animate the transition the last event took into the active state', () => {
      const container = view();
      const last = [...container.querySelectorAll('[data-last="true"]')];
      expect(last.length).toBeGreaterThan(0);
      const leaves = entry.state.split(', ');
      expect(last.some((el) => leaves.includes(el.getAttribute('data-target') ?? ''))).toBe(true);
    });
  });

  it('should follow the cursor: a new active state moves the highlight', () => {
    const first = entryOf(haRun, 'device-b', 'lifecycle.installing');
    const later = entryOf(haRun, 'device-b', 'lifecycle.rebooting');
    const { container, rerender } = render(
      wrap(
        <StatechartView
          machine={haDeviceMachine}
          activeState={first.state}
          lastEvent={first.event}
        />,
      ),
    );
    expect(
      container.querySelector('[data-state="lifecycle.installing"]')?.getAttribute('data-active'),
    ).toBe('true');
    rerender(
      wrap(
        <StatechartView
          machine={haDeviceMachine}
          activeState={later.state}
          lastEvent={later.event}
        />,
      ),
    );
    expect(
      container.querySelector('[data-state="lifecycle.installing"]')?.getAttribute('data-active'),
    ).toBeNull();
    expect(
      container.querySelector('[data-state="lifecycle.rebooting"]')?.getAttribute('data-active'),
    ).toBe('true');
    const last = container.querySelector('[data-last="true"]');
    expect(last?.getAttribute('data-target')).toBe('lifecycle.rebooting');
    expect(last?.getAttribute('data-events')).toContain('reboot.start');
  });

  it('should scale to its container through the viewBox, or show the actual size on request', () => {
    const { container } = render(
      wrap(<StatechartView machine={procedureMachine} activeState="ready" />),
    );
    const svg = container.querySelector('svg');
    const viewBox = svg?.getAttribute('viewBox') ?? '';
    expect(viewBox).toMatch(/^0 0 \d+ \d+$/);
    expect(svg?.getAttribute('preserveAspectRatio')).toBe('xMidYMid meet');
    expect(container.querySelector('[data-zoom]')?.getAttribute('data-zoom')).toBe('fit');
    expect(container.querySelectorAll('[data-last="true"]')).toHaveLength(0);
    fireEvent.click(screen.getByRole('button', { name: 'Actual size' }));
    const [, , width] = viewBox.split(' ');
    expect(container.querySelector('svg')?.getAttribute('style')).toContain(`width: ${width}px`);
    expect(container.querySelector('[data-zoom]')?.getAttribute('data-zoom')).toBe('actual');
    fireEvent.click(screen.getByRole('button', { name: 'Fit' }));
    expect(container.querySelector('[data-zoom]')?.getAttribute('data-zoom')).toBe('fit');
  });
});
