import { describe, expect, it } from 'vitest';
import { activePaths, lastTransitionEdges, parseActiveState } from './activeState';
import type { StateBox, TransitionEdge } from './fromElk';

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
  const box = (path: string): StateBox => ({
    id: `m.${path}`,
    path,
    key: path,
    kind: 'atomic',
    depth: 1,
    region: false,
    x: 0,
    y: 0,
    width: 1,
    height: 1,
    internal: [],
  });
  const edge = (from: string, to: string, event: string, kind = 'transition'): TransitionEdge => ({
    id: `${from}->${to}`,
    source: `m.${from}`,
    target: `m.${to}`,
    kind: kind as TransitionEdge['kind'],
    transitions: [{ event, label: event || 'always' }],
    sections: [],
    d: '',
    label: { x: 0, y: 0, width: 1, height: 1, lines: [event] },
  });
  const layout = {
    boxes: ['a', 'b', 'c', 'd', 'e'].map(box),
    edges: [
      edge('a', 'b', 'go'),
      edge('a', 'c', 'go'),
      edge('c', 'd', ''),
      edge('b', 'b', 'poke', 'self'),
      edge('d', 'b', 'go'),
      edge('e', 'b', 'go'),
    ],
  };

  it('should pick the edge the event took into an active state, from the state before', () => {
    expect([...lastTransitionEdges(layout, activePaths(['b']), 'go', activePaths(['a']))]).toEqual([
      'a->b',
    ]);
    expect([...lastTransitionEdges(layout, activePaths(['b']), 'go', activePaths(['e']))]).toEqual([
      'e->b',
    ]);
  });

  it('should pick every edge the event takes into the active state when the state before is not known', () => {
    expect([...lastTransitionEdges(layout, activePaths(['b']), 'go')].sort()).toEqual([
      'a->b',
      'd->b',
      'e->b',
    ]);
  });

  it('should follow the event through an eventless transition', () => {
    expect(
      [...lastTransitionEdges(layout, activePaths(['d']), 'go', activePaths(['a']))].sort(),
    ).toEqual(['a->c', 'c->d']);
  });

  it('should pick nothing without an event, nor for a targetless transition', () => {
    expect(lastTransitionEdges(layout, activePaths(['b']), undefined).size).toBe(0);
    expect(lastTransitionEdges(layout, activePaths(['b']), 'poke').size).toBe(0);
  });
});
