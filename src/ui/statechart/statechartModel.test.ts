import { and, createMachine, stateIn } from 'xstate';
import { describe, expect, it } from 'vitest';
import { procedureMachine, storageHostMachine } from '../../../machines';
import { formatGuard, statesOf, traceEventName } from '../../sim/machineGraph';
import { readStatechart } from './statechartModel';

describe('readStatechart', () => {
  const model = readStatechart(storageHostMachine);
  const edge = (from: string, to: string) =>
    model.edges.find((e) => e.source === `storageHost.${from}` && e.target === `storageHost.${to}`);

  it('should read every state, parents first, with its path, kind and depth', () => {
    expect(model.states.map((s) => s.id)).toEqual(statesOf(storageHostMachine).map((n) => n.id));
    const seen = new Set<string>();
    for (const state of model.states) {
      if (state.parent !== undefined) expect(seen.has(state.parent)).toBe(true);
      seen.add(state.id);
    }
    const root = model.states[0];
    expect(root).toMatchObject({ path: '', key: 'storageHost', kind: 'parallel', depth: 0 });
    expect(model.states.find((s) => s.path === 'lifecycle')).toMatchObject({
      kind: 'compound',
      region: true,
      parent: 'storageHost',
      initial: 'storageHost.lifecycle.online',
    });
    expect(model.states.find((s) => s.path === 'lifecycle.installing')).toMatchObject({
      kind: 'atomic',
      region: false,
      depth: 2,
    });
  });

  it('should name delayed transitions after their delay, with the trace event', () => {
    expect(edge('lifecycle.installing', 'lifecycle.installed')?.transitions).toEqual([
      { event: 'xstate.after.install', label: 'after install' },
    ]);
  });

  it('should show guards in brackets', () => {
    expect(edge('lifecycle.installing', 'lifecycle.failed')?.lines).toEqual([
      'after install',
      '[hasFault: upgrade-failure]',
    ]);
  });

  it('should label eventless transitions "always"', () => {
    expect(edge('role.assigning', 'role.primary')?.transitions).toEqual([
      { event: '', label: 'always', guard: 'isLeading' },
    ]);
  });

  it('should list targetless transitions inside their state, as self edges', () => {
    const online = model.states.find((s) => s.path === 'lifecycle.online');
    expect(online?.internal.map((l) => l.text)).toEqual(['↻ gui.update']);
    const self = model.edges.find((e) => e.id === online?.internal[0]?.edge);
    expect(self).toMatchObject({ kind: 'self', source: online?.id, target: online?.id });
  });

  it('should group the transitions between two states into one edge, in document order', () => {
    const machine = createMachine({
      id: 'm',
      initial: 'a',
      states: {
        a: { on: { go: 'b', jump: { target: 'b', guard: 'ready' } }, always: { target: 'b' } },
        b: {},
      },
    });
    const [ab, ...rest] = readStatechart(machine).edges;
    expect(rest).toEqual([]);
    expect(ab).toMatchObject({
      source: 'm.a',
      target: 'm.b',
      kind: 'transition',
      lines: ['go', 'jump', '[ready]', 'always'],
    });
  });

  it('should give every edge its own id', () => {
    const ids = readStatechart(procedureMachine).edges.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
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
