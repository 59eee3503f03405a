import { and, stateIn, type AnyStateMachine, type AnyStateNode } from 'xstate';
import { describe, expect, it } from 'vitest';
import {
  backupHostMachine,
  haDeviceMachine,
  procedureMachine,
  processingHostMachine,
  standaloneServerMachine,
  storageHostMachine,
} from '../../../machines';
import { activePaths, lastTransitionEdges, parseActiveState } from './activeState';
import { formatGuard, layoutStatechart, traceEventName, type StateBox } from './layoutStatechart';

const MACHINES: ReadonlyArray<[string, AnyStateMachine]> = [
  ['storageHostMachine', storageHostMachine],
  ['haDeviceMachine', haDeviceMachine],
  ['processingHostMachine', processingHostMachine],
  ['backupHostMachine', backupHostMachine],
  ['standaloneServerMachine', standaloneServerMachine],
  ['procedureMachine', procedureMachine],
];

function nodesOf(machine: AnyStateMachine): AnyStateNode[] {
  const out: AnyStateNode[] = [];
  const walk = (node: AnyStateNode) => {
    out.push(node);
    for (const child of Object.values(node.states) as AnyStateNode[]) walk(child);
  };
  walk(machine.root as AnyStateNode);
  return out;
}

function transitionCount(machine: AnyStateMachine): number {
  let count = 0;
  for (const node of nodesOf(machine)) {
    for (const list of node.transitions.values())
      for (const t of list) count += Math.max(1, t.target?.length ?? 0);
    for (const t of node.always ?? []) count += Math.max(1, t.target?.length ?? 0);
  }
  return count;
}

function overlap(a: StateBox, b: StateBox): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

describe.each(MACHINES)('layoutStatechart(%s)', (_name, machine) => {
  const layout = layoutStatechart(machine);

  it('should draw one box per state, parents before children', () => {
    expect(layout.boxes.map((b) => b.id).sort()).toEqual(
      nodesOf(machine)
        .map((n) => n.id)
        .sort(),
    );
    const seen = new Set<string>();
    for (const box of layout.boxes) {
      if (box.parent !== undefined) expect(seen.has(box.parent)).toBe(true);
      seen.add(box.id);
    }
  });

  it('should keep sibling boxes apart and children inside their parent', () => {
    const byId = new Map(layout.boxes.map((b) => [b.id, b]));
    for (const [i, a] of layout.boxes.entries()) {
      for (const b of layout.boxes.slice(i + 1)) {
        if (a.parent === b.parent) expect(overlap(a, b), `${a.id} / ${b.id}`).toBe(false);
      }
      const parent = a.parent === undefined ? undefined : byId.get(a.parent);
      if (parent) {
        expect(a.x).toBeGreaterThanOrEqual(parent.x);
        expect(a.y).toBeGreaterThanOrEqual(parent.y);
        expect(a.x + a.width).toBeLessThanOrEqual(parent.x + parent.width);
        expect(a.y + a.height).toBeLessThanOrEqual(parent.y + parent.height);
      }
    }
  });

  it('should carry every transition of the machine on an edge', () => {
    const carried = layout.edges.reduce((sum, e) => sum + e.transitions.length, 0);
    expect(carried).toBe(transitionCount(machine));
    for (const edge of layout.edges) {
      expect(edge.label.lines.length).toBeGreaterThan(0);
      if (edge.kind === 'transition') expect(edge.d).toMatch(/^M [\d.-]+ [\d.-]+ C /);
    }
  });

  it('should keep everything inside the drawing', () => {
    for (const box of layout.boxes) {
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.y).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(layout.width);
      expect(box.y + box.height).toBeLessThanOrEqual(layout.height);
    }
    for (const edge of layout.edges.filter((e) => e.kind === 'transition')) {
      expect(edge.label.x).toBeGreaterThanOrEqual(0);
      expect(edge.label.y).toBeGreaterThanOrEqual(0);
      expect(edge.label.x + edge.label.width).toBeLessThanOrEqual(layout.width);
      expect(edge.label.y + edge.label.height).toBeLessThanOrEqual(layout.height);
    }
  });

  it('should be deterministic', () => {
    expect(JSON.stringify(layoutStatechart(machine))).toBe(JSON.stringify(layout));
  });
});

describe('layoutStatechart labels', () => {
  const layout = layoutStatechart(storageHostMachine);
  const edge = (from: string, to: string) =>
    layout.edges.find(
      (e) => e.source === `storageHost.${from}` && e.target === `storageHost.${to}`,
    );

  it('should name delayed transitions after their delay, with the trace event', () => {
    expect(edge('lifecycle.installing', 'lifecycle.installed')?.transitions).toEqual([
      { event: 'xstate.after.install', label: 'after install' },
    ]);
  });

  it('should show guards in brackets', () => {
    expect(edge('lifecycle.installing', 'lifecycle.failed')?.label.lines).toEqual([
      'after install',
      '[hasFault: upgrade-failure]',
    ]);
  });

  it('should label eventless transitions "always"', () => {
    expect(edge('role.assigning', 'role.primary')?.transitions).toEqual([
      { event: '', label: 'always', guard: 'isLeading' },
    ]);
  });

  it('should list targetless transitions inside their box', () => {
    const online = layout.boxes.find((b) => b.path === 'lifecycle.online');
    expect(online?.internal.map((l) => l.text)).toEqual(['↻ gui.update']);
  });
});

describe('formatGuard', () => {
  it.each([
    ['a named guard', 'isLeading', 'isLeading'],
    [
      'a guard with params',
      { type: 'hasFault', params: { fault: 'power-loss' } },
      'hasFault: power-loss',
    ],
    [
      'and() with stateIn()',
      and(['preempts', stateIn({ lifecycle: 'booted' })]),
      'preempts && in(lifecycle.booted)',
    ],
    ['an inline function', () => true, 'guard'],
  ])('should describe %s', (_what, guard, text) => {
    expect(formatGuard(guard)).toBe(text);
  });
});

describe('traceEventName', () => {
  it('should drop the state id XState appends to delayed events', () => {
    expect(traceEventName('xstate.after.install.storageHost.lifecycle.installing')).toBe(
      'xstate.after.install',
    );
    expect(traceEventName('install.start')).toBe('install.start');
  });
});

describe('parseActiveState', () => {
  it.each([
    [
      'lifecycle.installing, role.secondary, pool.online',
      ['lifecycle.installing', 'role.secondary', 'pool.online'],
    ],
    ['running.onHost', ['running.onHost']],
    ['ready', ['ready']],
    ['a.(b.c, d.e), f.g', ['a.b.c', 'a.d.e', 'f.g']],
    ['', []],
  ])('should read %j', (formatted, leaves) => {
    expect(parseActiveState(formatted)).toEqual(leaves);
  });

  it('should make every ancestor of an active leaf active', () => {
    expect([...activePaths(['running.onHost'])].sort()).toEqual(['', 'running', 'running.onHost']);
  });
});

describe('lastTransitionEdges', () => {
  it('should follow an event through an eventless transition into the active state', () => {
    const layout = layoutStatechart(procedureMachine);
    const active = activePaths(parseActiveState('running.onHost'));
    const ids = [...lastTransitionEdges(layout, active, 'step.done')];
    const edges = layout.edges
      .filter((e) => ids.includes(e.id))
      .map((e) => `${e.source} → ${e.target}`);
    expect(edges.sort()).toEqual([
      'procedure.running.next → procedure.running.onHost',
      'procedure.running.onHost → procedure.running.next',
    ]);
  });

  it('should pick the edges the event takes into the active state', () => {
    const layout = layoutStatechart(storageHostMachine);
    const active = activePaths(
      parseActiveState('lifecycle.installed, role.secondary, pool.online'),
    );
    const ids = [...lastTransitionEdges(layout, active, 'xstate.after.install')];
    expect(layout.edges.filter((e) => ids.includes(e.id)).map((e) => e.source)).toEqual([
      'storageHost.lifecycle.installing',
    ]);
    expect(lastTransitionEdges(layout, active, undefined).size).toBe(0);
  });
});
