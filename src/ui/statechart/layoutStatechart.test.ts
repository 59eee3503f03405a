import { describe, expect, it } from 'vitest';
import type { AnyStateMachine, AnyStateNode } from 'xstate';
import {
  backupHostMachine,
  haDeviceMachine,
  procedureMachine,
  processingHostMachine,
  standaloneServerMachine,
  storageHostMachine,
} from '../../../machines';
import { layoutWithElk } from '../../../test/support/elk';
import {
  boxOverlaps,
  contains,
  distanceToPath,
  edgeCrossings,
  polylines,
} from '../../../test/support/statechartGeometry';
import { activePaths, lastTransitionEdges, parseActiveState } from './activeState';
import type { StatechartLayout } from './fromElk';
import { cachedLayout, knownLayout, layoutStatechart, type ElkLayout } from './layoutStatechart';

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

describe.each(MACHINES)('layoutStatechart(%s)', (_name, machine) => {
  let layout: StatechartLayout;
  const drawn = () => layout.edges.filter((e) => e.kind === 'transition');

  it('should lay the machine out with ELK', { timeout: 60_000 }, async () => {
    layout = await layoutStatechart(machine, layoutWithElk);
    expect(layout.id).toBe(machine.id);
    expect(layout.width).toBeGreaterThan(0);
  });

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

  it('should keep boxes apart unless nested, and children inside their parent', () => {
    expect(boxOverlaps(layout.boxes)).toEqual([]);
    const byId = new Map(layout.boxes.map((b) => [b.id, b]));
    for (const box of layout.boxes) {
      const parent = box.parent === undefined ? undefined : byId.get(box.parent);
      if (parent) expect(contains(parent, box), `${box.id} in ${parent.id}`).toBe(true);
    }
  });

  it('should carry every transition of the machine on an edge', () => {
    const carried = layout.edges.reduce((sum, e) => sum + e.transitions.length, 0);
    expect(carried).toBe(transitionCount(machine));
    for (const edge of layout.edges) {
      expect(edge.label.lines.length).toBeGreaterThan(0);
      if (edge.kind === 'transition') {
        expect(edge.d).toMatch(/^M [\d.-]+ [\d.-]+ L /);
        expect(polylines(edge.d)).toEqual(edge.sections);
      }
    }
  });

  it('should route no edge through a state other than its ends and their ancestors', () => {
    expect(edgeCrossings(layout.boxes, drawn())).toEqual([]);
  });

  it('should start and end every edge on the border of its source and target', () => {
    const byId = new Map(layout.boxes.map((b) => [b.id, b]));
    for (const edge of drawn()) {
      const points = edge.sections.flat();
      const [first, last] = [points[0], points[points.length - 1]];
      const onBorder = (p: typeof first, id: string) => {
        const b = byId.get(id);
        if (!p || !b) return false;
        const inX = p.x >= b.x - 0.5 && p.x <= b.x + b.width + 0.5;
        const inY = p.y >= b.y - 0.5 && p.y <= b.y + b.height + 0.5;
        const onX = Math.abs(p.x - b.x) < 0.6 || Math.abs(p.x - b.x - b.width) < 0.6;
        const onY = Math.abs(p.y - b.y) < 0.6 || Math.abs(p.y - b.y - b.height) < 0.6;
        return inX && inY && (onX || onY);
      };
      expect(onBorder(first, edge.source), `${edge.id} starts on its source`).toBe(true);
      expect(onBorder(last, edge.target), `${edge.id} ends on its target`).toBe(true);
    }
  });

  it('should keep each label next to its own edge', () => {
    for (const edge of drawn()) {
      // ELK leaves `elk.spacing.edgeLabel` (4) between a label and its edge.
      expect(distanceToPath(edge.label, edge.sections), edge.id).toBeLessThanOrEqual(6);
    }
  });

  it('should keep labels off the state boxes they do not belong to', () => {
    for (const edge of drawn()) {
      for (const box of layout.boxes) {
        const leaf = box.kind === 'atomic' || box.kind === 'final' || box.kind === 'history';
        if (!leaf) continue;
        expect(boxOverlaps([{ ...edge.label, id: 'label' }, box]), edge.id).toEqual([]);
      }
    }
  });

  it('should keep everything inside the drawing', () => {
    const inside = (r: { x: number; y: number; width: number; height: number }) =>
      contains({ x: 0, y: 0, width: layout.width, height: layout.height }, r);
    for (const box of layout.boxes) expect(inside(box), box.id).toBe(true);
    for (const edge of drawn()) {
      expect(inside(edge.label), edge.id).toBe(true);
      for (const p of edge.sections.flat())
        expect(inside({ ...p, width: 0, height: 0 }), edge.id).toBe(true);
    }
  });

  it('should point an initial marker at the initial child of every compound state', () => {
    const compound = nodesOf(machine).filter(
      (n) => n.type === 'compound' && Object.keys(n.states).length > 0,
    );
    expect(layout.initials.map((m) => m.box).sort()).toEqual(
      compound.map((n) => n.initial.target[0]?.id).sort(),
    );
  });

  it('should be deterministic', { timeout: 60_000 }, async () => {
    const again = await layoutStatechart(machine, layoutWithElk);
    expect(JSON.stringify(again)).toBe(JSON.stringify(layout));
  });
});

describe('cachedLayout', () => {
  it(
    'should lay a machine out once per engine and forget a failure',
    { timeout: 60_000 },
    async () => {
      let calls = 0;
      const counting: ElkLayout = (graph) => {
        calls++;
        return layoutWithElk(graph);
      };
      expect(knownLayout(procedureMachine, counting)).toBeUndefined();
      const first = await cachedLayout(procedureMachine, counting);
      expect(await cachedLayout(procedureMachine, counting)).toBe(first);
      expect(knownLayout(procedureMachine, counting)).toBe(first);
      expect(calls).toBe(1);

      let fail = true;
      const flaky: ElkLayout = (graph) =>
        fail ? Promise.reject(new Error('no worker')) : layoutWithElk(graph);
      await expect(cachedLayout(procedureMachine, flaky)).rejects.toThrow('no worker');
      fail = false;
      expect((await cachedLayout(procedureMachine, flaky)).id).toBe('procedure');
    },
  );
});

describe('lastTransitionEdges', () => {
  it(
    'should follow an event through an eventless transition into the active state',
    { timeout: 60_000 },
    async () => {
      const layout = await cachedLayout(procedureMachine, layoutWithElk);
      const active = activePaths(parseActiveState('running.onHost'));
      const ids = [...lastTransitionEdges(layout, active, 'step.done')];
      const edges = layout.edges
        .filter((e) => ids.includes(e.id))
        .map((e) => `${e.source} → ${e.target}`);
      expect(edges.sort()).toEqual([
        'procedure.running.next → procedure.running.onHost',
        'procedure.running.onHost → procedure.running.next',
      ]);
    },
  );

  it(
    'should pick the edges the event takes into the active state',
    { timeout: 60_000 },
    async () => {
      const layout = await cachedLayout(storageHostMachine, layoutWithElk);
      const active = activePaths(
        parseActiveState('lifecycle.installed, role.secondary, pool.online'),
      );
      const ids = [...lastTransitionEdges(layout, active, 'xstate.after.install')];
      expect(layout.edges.filter((e) => ids.includes(e.id)).map((e) => e.source)).toEqual([
        'storageHost.lifecycle.installing',
      ]);
      expect(lastTransitionEdges(layout, active, undefined).size).toBe(0);
    },
  );

  it(
    'should pick only the edge taken, from the state before the transition',
    { timeout: 60_000 },
    async () => {
      // storage-1 of serverware-cluster-3.2 at 3:10: three `install.start` edges lead into
      // `lifecycle.installing` (from booted, online, failed); the host was online.
      const layout = await cachedLayout(storageHostMachine, layoutWithElk);
      const active = activePaths(
        parseActiveState('lifecycle.installing, role.secondary, pool.online'),
      );
      const before = activePaths(parseActiveState('lifecycle.online, role.secondary, pool.online'));
      const sources = (ids: Set<string>) =>
        layout.edges.filter((e) => ids.has(e.id)).map((e) => e.source);
      expect(sources(lastTransitionEdges(layout, active, 'install.start', before))).toEqual([
        'storageHost.lifecycle.online',
      ]);
      expect(sources(lastTransitionEdges(layout, active, 'install.start')).length).toBeGreaterThan(
        1,
      );
    },
  );
});
