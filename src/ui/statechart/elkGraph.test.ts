import type { ElkNode } from 'elkjs/lib/elk-api';
import { describe, expect, it } from 'vitest';
import { storageHostMachine } from '../../../machines';
import { buildElkGraph, INITIAL_EDGE, INITIAL_SUFFIX, labelHeight, labelWidth } from './elkGraph';
import { readStatechart } from './statechartModel';

describe('buildElkGraph', () => {
  const model = readStatechart(storageHostMachine);
  const graph = buildElkGraph(model);
  const nodes = new Map<string, { node: ElkNode; parent: string | undefined }>();
  const walk = (node: ElkNode, parent: string | undefined) => {
    nodes.set(node.id, { node, parent });
    node.children?.forEach((c) => walk(c, node.id));
  };
  walk(graph, undefined);

  it("should ask for ELK's layered algorithm over the whole hierarchy, in root coordinates", () => {
    expect(graph.layoutOptions).toMatchObject({
      'elk.algorithm': 'layered',
      'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
      'elk.edgeRouting': 'ORTHOGONAL',
      'elk.json.shapeCoords': 'ROOT',
      'elk.json.edgeCoords': 'ROOT',
    });
  });

  it('should nest a node per state inside its parent state, with a size', () => {
    for (const state of model.states) {
      const found = nodes.get(state.id);
      expect(found, state.id).toBeDefined();
      expect(found?.parent).toBe(state.parent ?? graph.id);
      if (found?.node.children === undefined) {
        expect(found?.node.width).toBeGreaterThan(state.key.length * 6);
        expect(found?.node.height).toBeGreaterThan(0);
      }
    }
  });

  it('should make every drawn edge an ELK edge with its label sized to its lines', () => {
    const edges = new Map((graph.edges ?? []).map((e) => [e.id, e]));
    for (const edge of model.edges) {
      const elk = edges.get(edge.id);
      if (edge.kind === 'self') {
        expect(elk, edge.id).toBeUndefined();
        continue;
      }
      expect(elk?.sources).toEqual([edge.source]);
      expect(elk?.targets).toEqual([edge.target]);
      expect(elk?.labels).toEqual([
        {
          id: `${edge.id}#label`,
          text: edge.lines.join('\n'),
          width: labelWidth(edge.lines),
          height: labelHeight(edge.lines.length),
        },
      ]);
    }
  });

  it('should give each compound state an initial dot with an edge to its initial child', () => {
    for (const state of model.states.filter((s) => s.initial !== undefined)) {
      expect(nodes.get(state.id + INITIAL_SUFFIX)?.parent).toBe(state.id);
      expect(graph.edges?.find((e) => e.id === INITIAL_EDGE + state.initial)).toMatchObject({
        sources: [state.id + INITIAL_SUFFIX],
        targets: [state.initial],
      });
    }
  });

  it('should leave room in a compound state for its name and its listed transitions', () => {
    const online = nodes.get('storageHost.lifecycle')?.node;
    const padding = online?.layoutOptions?.['elk.padding'] ?? '';
    expect(Number(/top=(\d+)/.exec(padding)?.[1])).toBeGreaterThanOrEqual(28);
  });

  it('should size a label by its longest line and its number of lines', () => {
    expect(labelWidth(['ab', 'abcd'])).toBe(labelWidth(['abcd']));
    expect(labelWidth(['abcdefgh'])).toBeGreaterThan(labelWidth(['abcd']));
    expect(labelHeight(2)).toBeGreaterThan(labelHeight(1));
  });
});
