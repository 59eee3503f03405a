import type { ElkNode } from 'elkjs/lib/elk-api';
import { createMachine } from 'xstate';
import { describe, expect, it } from 'vitest';
import { INITIAL_EDGE, INITIAL_SUFFIX } from './elkGraph';
import { pathData, toLayout } from './fromElk';
import { readStatechart } from './statechartModel';

const machine = createMachine({
  id: 'm',
  initial: 'a',
  states: {
    a: { on: { go: 'b', poke: {} } },
    b: { type: 'final' },
  },
});
const model = readStatechart(machine);
const go = model.edges.find((e) => e.kind === 'transition');

/** What ELK answers for `buildElkGraph(model)`, written by hand in root coordinates. */
const laidOut: ElkNode = {
  id: 'm#graph',
  width: 300.4,
  height: 120,
  children: [
    {
      id: 'm',
      x: 12,
      y: 12,
      width: 276,
      height: 96,
      children: [
        { id: `m${INITIAL_SUFFIX}`, x: 28, y: 55, width: 10, height: 10 },
        { id: 'm.a', x: 60, y: 43, width: 92, height: 47 },
        { id: 'm.b', x: 190, y: 43, width: 92, height: 34 },
      ],
    },
  ],
  edges: [
    {
      id: `${INITIAL_EDGE}m.a`,
      sources: [`m${INITIAL_SUFFIX}`],
      targets: ['m.a'],
      sections: [{ id: 's0', startPoint: { x: 38, y: 60 }, endPoint: { x: 60, y: 60 } }],
    },
    {
      id: go?.id ?? '',
      sources: ['m.a'],
      targets: ['m.b'],
      labels: [{ id: 'l', text: 'go', x: 160.04, y: 44, width: 20, height: 16 }],
      sections: [
        {
          id: 's1',
          startPoint: { x: 152, y: 60 },
          bendPoints: [
            { x: 171, y: 60 },
            { x: 171, y: 62.333 },
          ],
          endPoint: { x: 190, y: 62.333 },
        },
      ],
    },
  ],
};

describe('toLayout', () => {
  const layout = toLayout(model, laidOut);

  it('should place every state where ELK put it', () => {
    expect(layout.boxes.map((b) => [b.path, b.x, b.y, b.width, b.height])).toEqual([
      ['', 12, 12, 276, 96],
      ['a', 60, 43, 92, 47],
      ['b', 190, 43, 92, 34],
    ]);
    expect(layout.boxes[2]).toMatchObject({ kind: 'final', parent: 'm', depth: 1 });
    expect([layout.width, layout.height]).toEqual([301, 120]);
  });

  it("should draw an edge along ELK's route, its label where ELK put it", () => {
    const edge = layout.edges.find((e) => e.id === go?.id);
    expect(edge?.sections).toEqual([
      [
        { x: 152, y: 60 },
        { x: 171, y: 60 },
        { x: 171, y: 62.3 },
        { x: 190, y: 62.3 },
      ],
    ]);
    expect(edge?.d).toBe('M 152 60 L 171 60 L 171 62.3 L 190 62.3');
    expect(edge?.label).toEqual({ x: 160, y: 44, width: 20, height: 16, lines: ['go'] });
  });

  it('should list a targetless transition inside its box, under the name', () => {
    const a = layout.boxes.find((b) => b.path === 'a');
    const line = a?.internal[0];
    expect(line?.text).toBe('↻ poke');
    expect(line?.x).toBe(60 + 92 / 2);
    expect(line?.y).toBeGreaterThan(43 + 21);
    expect(line?.y).toBeLessThanOrEqual(43 + 47);
    const self = layout.edges.find((e) => e.kind === 'self');
    expect(self?.d).toBe('');
    expect(self?.sections).toEqual([]);
  });

  it('should draw the initial dot with its arrow into the initial child', () => {
    expect(layout.initials).toEqual([{ box: 'm.a', dot: { x: 33, y: 60 }, d: 'M 38 60 L 60 60' }]);
  });

  it('should refuse an answer that leaves a state or a route out', () => {
    const root = laidOut.children?.[0] as ElkNode;
    const noB = { ...root, children: root.children?.filter((c) => c.id !== 'm.b') };
    expect(() => toLayout(model, { ...laidOut, children: [noB] })).toThrow('m.b');
    const noRoute = { ...laidOut, edges: laidOut.edges?.filter((e) => e.id !== go?.id) };
    expect(() => toLayout(model, noRoute)).toThrow(go?.id);
  });
});

describe('pathData', () => {
  it('should write one move and lines per polyline', () => {
    expect(
      pathData([
        [
          { x: 0, y: 0 },
          { x: 5, y: 0 },
        ],
        [
          { x: 1, y: 2 },
          { x: 1, y: 3 },
        ],
      ]),
    ).toBe('M 0 0 L 5 0 M 1 2 L 1 3');
  });
});
