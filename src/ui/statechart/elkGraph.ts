import type { ElkExtendedEdge, ElkNode, LayoutOptions } from 'elkjs/lib/elk-api';
import type { ModelState, StatechartModel } from './statechartModel';
import { largest } from '../../sim';

/**
 * The statechart as a graph for ELK's layered algorithm: every state a node (compound and
 * parallel states with their children inside, laid out together, `INCLUDE_CHILDREN`), every
 * drawn edge an ELK edge whose label ELK places, and each compound state's initial dot a small
 * node with an edge into the initial child. Sizes come from the text each box and label holds.
 */

/** Font sizes the component renders with; text widths are estimated from them. */
export const METRICS = {
  nameFont: 13,
  regionFont: 12,
  labelFont: 10.5,
  labelLine: 13,
  internalFont: 10.5,
} as const;

const NAME_CHAR = METRICS.nameFont * 0.62;
const LABEL_CHAR = METRICS.labelFont * 0.61;
const ATOMIC_HEIGHT = 34;
const ATOMIC_MIN_WIDTH = 92;
/** Height of a compound state's name line; a region's is shorter. */
const HEADER = 28;
const REGION_HEADER = 22;
const PAD = 16;
/** The initial marker's dot. */
export const INITIAL_SIZE = 10;

/** The suffix of an initial marker's node id, after its compound state's id. */
export const INITIAL_SUFFIX = '#initial';
/** The prefix of the id of the edge from an initial marker to the initial child. */
export const INITIAL_EDGE = 'initial:';

/** Width of a label's text in SVG units. Pure. */
export function labelWidth(lines: readonly string[]): number {
  return (
    Math.ceil(
      largest(
        lines.map((line) => line.length),
        0,
      ) * LABEL_CHAR,
    ) + 8
  );
}

/** Height of a label of `count` lines. Pure. */
export function labelHeight(count: number): number {
  return count * METRICS.labelLine + 3;
}

function internalWidth(state: ModelState): number {
  return largest(
    state.internal.map((l) => Math.ceil(l.text.length * LABEL_CHAR)),
    0,
  );
}

/** The height of a compound state's name line (a region's is shorter). Pure. */
export function nameHeight(region: boolean): number {
  return region ? REGION_HEADER : HEADER;
}

/** The height of a compound state's header: its name and the targetless transitions it lists. */
function headerHeight(state: ModelState): number {
  const lines = state.internal.length;
  return nameHeight(state.region) + lines * METRICS.labelLine + (lines > 0 ? 4 : 0);
}

const ROOT_OPTIONS: LayoutOptions = {
  'elk.algorithm': 'layered',
  'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
  'elk.direction': 'RIGHT',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.json.shapeCoords': 'ROOT',
  'elk.json.edgeCoords': 'ROOT',
  'elk.edgeLabels.placement': 'CENTER',
  'elk.spacing.nodeNode': '28',
  'elk.spacing.edgeNode': '14',
  'elk.spacing.edgeEdge': '10',
  'elk.spacing.edgeLabel': '4',
  'elk.spacing.labelNode': '8',
  'elk.layered.spacing.nodeNodeBetweenLayers': '40',
  'elk.layered.spacing.edgeNodeBetweenLayers': '14',
  'elk.layered.spacing.edgeEdgeBetweenLayers': '10',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
  'elk.padding': '[top=12,left=12,bottom=12,right=12]',
};

/**
 * Builds the ELK graph of a statechart: its root holds the machine's root state. Node ids are
 * state ids; edge ids are the model's. Coordinates come back relative to the root (`ROOT`).
 * Pure and deterministic.
 * @example await elk.layout(buildElkGraph(readStatechart(storageHostMachine)))
 */
export function buildElkGraph(model: StatechartModel): ElkNode {
  const children = new Map<string, ModelState[]>();
  for (const state of model.states) {
    if (state.parent === undefined) continue;
    const list = children.get(state.parent) ?? [];
    list.push(state);
    children.set(state.parent, list);
  }
  const node = (state: ModelState): ElkNode => {
    const kids = children.get(state.id) ?? [];
    if (kids.length === 0) {
      const width = Math.max(
        ATOMIC_MIN_WIDTH,
        Math.ceil(state.key.length * NAME_CHAR) + 28,
        internalWidth(state) + 20,
      );
      const extra = state.internal.length * METRICS.labelLine;
      return {
        id: state.id,
        width,
        height: ATOMIC_HEIGHT + extra + (extra > 0 ? 4 : 0),
      };
    }
    const header = headerHeight(state);
    const minWidth = Math.max(
      Math.ceil(state.key.length * NAME_CHAR) + 2 * PAD,
      internalWidth(state) + 2 * PAD,
    );
    const nested: ElkNode[] = [];
    if (state.initial !== undefined)
      nested.push({ id: state.id + INITIAL_SUFFIX, width: INITIAL_SIZE, height: INITIAL_SIZE });
    nested.push(...kids.map(node));
    return {
      id: state.id,
      layoutOptions: {
        'elk.padding': `[top=${header + 10},left=${PAD},bottom=${PAD},right=${PAD}]`,
        'elk.nodeSize.constraints': 'MINIMUM_SIZE',
        'elk.nodeSize.minimum': `(${minWidth}, ${header + 20})`,
        // Regions of a parallel state side by side, as a statechart draws them.
        ...(state.kind === 'parallel' ? { 'elk.direction': 'DOWN' } : {}),
      },
      children: nested,
    };
  };
  const edges: ElkExtendedEdge[] = [];
  for (const state of model.states) {
    if (state.initial === undefined) continue;
    edges.push({
      id: INITIAL_EDGE + state.initial,
      sources: [state.id + INITIAL_SUFFIX],
      targets: [state.initial],
    });
  }
  for (const edge of model.edges) {
    if (edge.kind !== 'transition') continue;
    edges.push({
      id: edge.id,
      sources: [edge.source],
      targets: [edge.target],
      labels: [
        {
          id: `${edge.id}#label`,
          text: edge.lines.join('\n'),
          width: labelWidth(edge.lines),
          height: labelHeight(edge.lines.length),
        },
      ],
    });
  }
  const root = model.states.find((s) => s.parent === undefined);
  return {
    id: `${model.id}#graph`,
    layoutOptions: ROOT_OPTIONS,
    children: root ? [node(root)] : [],
    edges,
  };
}
