// @vitest-environment jsdom
import { createMachine, type AnyStateMachine, type AnyStateNode } from 'xstate';
import { describe, expect, test } from 'vitest';
import { MACHINES } from '../../machines';
import { initialKey, readTransitions, stateKind, statesOf } from './machineGraph';
import { machineConfig, machineDot, machineMermaid, machineScxml } from './machineFormats';

/** A machine's states and transitions as plain text, to compare two machines by. */
function shape(machine: AnyStateMachine) {
  const root = machine.root as AnyStateNode;
  return {
    states: statesOf(machine).map(
      (node) => `${node.id} ${stateKind(node)} ${initialKey(node) ?? ''}`,
    ),
    transitions: readTransitions(root).map(
      (t) => `${t.source.id} --${t.eventType}[${t.guard ?? ''}]--> ${t.target?.id ?? '(stays)'}`,
    ),
  };
}

describe.each(MACHINES.map((machine) => [machine.id, machine] as const))('%s', (_, machine) => {
  const transitions = readTransitions(machine.root as AnyStateNode);

  test('its JSON configuration builds a machine with the same states and transitions', () => {
    const text = JSON.stringify(machineConfig(machine));
    const rebuilt = createMachine(JSON.parse(text) as Parameters<typeof createMachine>[0]);
    expect(shape(rebuilt)).toEqual(shape(machine));
    expect(transitions.length).toBeGreaterThan(0);
  });

  test('its SCXML is well-formed, names every state once and targets only states it names', () => {
    const doc = new DOMParser().parseFromString(machineScxml(machine), 'application/xml');
    expect(doc.getElementsByTagName('parsererror')).toHaveLength(0);
    expect(doc.documentElement.namespaceURI).toBe('http://www.w3.org/2005/07/scxml');
    const ids = [...doc.querySelectorAll('[id]')]
      .filter((element) => element.tagName !== 'send')
      .map((element) => element.getAttribute('id'));
    expect(ids).toEqual(statesOf(machine).map((node) => node.id));
    const named = new Set(ids);
    const written = [...doc.getElementsByTagName('transition')];
    // In document order: each state's transitions, then its children's, as the reader lists them.
    expect(
      written.map((e) =>
        ['event', 'cond', 'target'].map((name) => e.getAttribute(name) ?? '').join(' | '),
      ),
    ).toEqual(
      transitions.map((t) =>
        [t.event === '' ? '' : t.eventType, t.guard ?? '', t.target?.id ?? ''].join(' | '),
      ),
    );
    for (const element of written) {
      const target = element.getAttribute('target');
      if (target !== null) expect(named.has(target)).toBe(true);
    }
    // Every delayed transition's event is sent by the state it leaves, on entry.
    for (const t of transitions.filter((item) => item.delay !== undefined)) {
      const state = [...doc.querySelectorAll('[id]')].find(
        (e) => e.getAttribute('id') === t.source.id,
      );
      const sends = [...(state?.querySelectorAll(':scope > onentry > send') ?? [])];
      expect(sends.map((send) => send.getAttribute('event'))).toContain(t.eventType);
    }
  });

  test('its Mermaid diagram declares every state it draws an arrow to, in balanced blocks', () => {
    const text = machineMermaid(machine);
    const lines = text.split('\n').map((line) => line.trim());
    expect(lines[0]).toBe('stateDiagram-v2');
    let depth = 0;
    for (const line of lines) {
      if (line.endsWith('{')) depth++;
      if (line === '}') depth--;
      expect(depth).toBeGreaterThanOrEqual(0);
    }
    expect(depth).toBe(0);
    const declared = new Set(
      lines.flatMap((line) => {
        const match = /^state (?:"[^"]*" as )?(\S+)/.exec(line);
        return match?.[1] === undefined ? [] : [match[1]];
      }),
    );
    const arrows = lines.filter((line) => / --> /.test(line) && !line.includes('[*]'));
    expect(arrows).toHaveLength(transitions.length);
    for (const arrow of arrows) {
      const [from, rest] = arrow.split(' --> ');
      const to = rest?.split(' : ')[0];
      expect(declared.has(from ?? '')).toBe(true);
      expect(declared.has(to ?? '')).toBe(true);
    }
  });

  test('its DOT graph has one edge per transition between nodes it declares', () => {
    const text = machineDot(machine);
    expect(text.startsWith(`digraph "${machine.id}" {`)).toBe(true);
    expect(text.split('{').length).toBe(text.split('}').length);
    const declared = new Set(
      [...text.matchAll(/^\s*("(?:[^"\\]|\\.)*") \[/gm)].map((match) => match[1]),
    );
    const edges = [...text.matchAll(/^\s*("(?:[^"\\]|\\.)*") -> ("(?:[^"\\]|\\.)*") \[label/gm)];
    expect(edges).toHaveLength(transitions.length);
    for (const [, from, to] of edges) {
      expect(declared.has(from)).toBe(true);
      expect(declared.has(to)).toBe(true);
    }
  });
});
