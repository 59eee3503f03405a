import type { ElkExtendedEdge, ElkNode, ElkPoint } from 'elkjs/lib/elk-api';
import {
  INITIAL_EDGE,
  INITIAL_SIZE,
  INITIAL_SUFFIX,
  labelHeight,
  labelWidth,
  METRICS,
  nameHeight,
} from './elkGraph';
import type { EdgeTransition, ModelState, StatechartModel } from './statechartModel';

/** A point in the layout's coordinate space (SVG user units). */
interface Point {
  readonly x: number;
  readonly y: number;
}

/**
 * A state drawn as a rounded box: the state as the model reads it, placed; parents come before
 * their children.
 */
export interface StateBox extends Omit<ModelState, 'initial' | 'internal' | 'region'> {
  /** A region of a parallel state (drawn with a dashed border). */
  readonly region: boolean;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  /** Targetless transitions handled by this state, listed inside the box. */
  readonly internal: readonly InternalLine[];
}

/** A targetless transition listed inside its state's box, at its text's baseline. */
interface InternalLine {
  readonly edge: string;
  readonly text: string;
  readonly x: number;
  readonly y: number;
}

/** A labelled arrow between two states, carrying one or more transitions. */
export interface TransitionEdge {
  readonly id: string;
  /** Id of the source box. */
  readonly source: string;
  /** Id of the target box (the source itself for a targetless transition). */
  readonly target: string;
  /** `self` for targetless transitions: they are listed inside the source box, not drawn. */
  readonly kind: 'transition' | 'self';
  readonly transitions: readonly EdgeTransition[];
  /** The route as ELK drew it: one polyline per section; none for `self` edges. */
  readonly sections: readonly (readonly Point[])[];
  /** SVG path data of `sections`; empty for `self` edges. */
  readonly d: string;
  readonly label: EdgeLabel;
}

interface EdgeLabel {
  /** Top-left corner of the label box. */
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly lines: readonly string[];
}

/** The filled dot of a compound state and its arrow into the initial child. */
interface InitialMarker {
  /** Id of the initial child's box. */
  readonly box: string;
  readonly dot: Point;
  readonly d: string;
}

/** What the SVG draws: every box, edge, label and initial marker placed. */
export interface StatechartLayout {
  readonly id: string;
  readonly width: number;
  readonly height: number;
  readonly boxes: readonly StateBox[];
  readonly edges: readonly TransitionEdge[];
  readonly initials: readonly InitialMarker[];
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

function point(p: ElkPoint): Point {
  return { x: round(p.x), y: round(p.y) };
}

/** `M x y L x y …` for each polyline. Pure. */
export function pathData(sections: readonly (readonly Point[])[]): string {
  return sections
    .map((points) => points.map((p, i) => `${i === 0 ? 'M' : 'L'} ${p.x} ${p.y}`).join(' '))
    .join(' ');
}

function sectionsOf(edge: ElkExtendedEdge): Point[][] {
  return (edge.sections ?? []).map((s) => [
    point(s.startPoint),
    ...(s.bendPoints ?? []).map(point),
    point(s.endPoint),
  ]);
}

/**
 * Turns ELK's result (coordinates relative to the root, as `buildElkGraph` asks) into what the
 * SVG draws. Throws when ELK left a state or a drawn edge out, which would be a drawing that
 * lies about the machine. Pure.
 * @param model - the statechart the graph was built from
 * @param laidOut - ELK's answer to `buildElkGraph(model)`
 */
export function toLayout(model: StatechartModel, laidOut: ElkNode): StatechartLayout {
  const shapes = new Map<string, ElkNode>();
  const collect = (node: ElkNode) => {
    shapes.set(node.id, node);
    node.children?.forEach(collect);
  };
  collect(laidOut);
  const elkEdges = new Map((laidOut.edges ?? []).map((e) => [e.id, e]));
  const byId = new Map(model.states.map((s) => [s.id, s]));

  const boxes: StateBox[] = model.states.map((state) => {
    const shape = shapes.get(state.id);
    if (!shape) throw new Error(`ELK placed no box for ${state.id}`);
    const x = round(shape.x ?? 0);
    const y = round(shape.y ?? 0);
    const width = round(shape.width ?? 0);
    const height = round(shape.height ?? 0);
    const leaf = state.kind === 'atomic' || state.kind === 'final' || state.kind === 'history';
    // Below the name: a leaf's is centred at the top, a compound state's starts its header.
    const top = leaf ? y + 22 : y + nameHeight(state.region) - 1;
    return {
      id: state.id,
      path: state.path,
      key: state.key,
      kind: state.kind,
      ...(state.parent === undefined ? {} : { parent: state.parent }),
      depth: state.depth,
      region: state.region,
      ...(state.description === undefined ? {} : { description: state.description }),
      x,
      y,
      width,
      height,
      internal: state.internal.map((line, k) => ({
        edge: line.edge,
        text: line.text,
        x: round(leaf ? x + width / 2 : x + (state.region ? 10 : 14)),
        y: round(top + (k + 1) * METRICS.labelLine),
      })),
    };
  });
  const boxOf = new Map(boxes.map((b) => [b.id, b]));

  const edges: TransitionEdge[] = model.edges.map((edge) => {
    if (edge.kind === 'self') {
      const line = boxOf.get(edge.source)?.internal.find((l) => l.edge === edge.id);
      return {
        id: edge.id,
        source: edge.source,
        target: edge.target,
        kind: 'self',
        transitions: edge.transitions,
        sections: [],
        d: '',
        label: {
          x: line?.x ?? 0,
          y: (line?.y ?? 0) - METRICS.labelLine,
          width: labelWidth(edge.lines),
          height: METRICS.labelLine,
          lines: edge.lines,
        },
      };
    }
    const laid = elkEdges.get(edge.id);
    const sections = laid ? sectionsOf(laid) : [];
    if (sections.length === 0) throw new Error(`ELK drew no route for ${edge.id}`);
    const label = laid?.labels?.[0];
    return {
      id: edge.id,
      source: edge.source,
      target: edge.target,
      kind: 'transition',
      transitions: edge.transitions,
      sections,
      d: pathData(sections),
      label: {
        x: round(label?.x ?? 0),
        y: round(label?.y ?? 0),
        width: round(label?.width ?? labelWidth(edge.lines)),
        height: round(label?.height ?? labelHeight(edge.lines.length)),
        lines: edge.lines,
      },
    };
  });

  const initials: InitialMarker[] = [];
  for (const state of model.states) {
    if (state.initial === undefined || !byId.has(state.initial)) continue;
    const dot = shapes.get(state.id + INITIAL_SUFFIX);
    const route = elkEdges.get(INITIAL_EDGE + state.initial);
    const sections = route ? sectionsOf(route) : [];
    if (!dot || sections.length === 0) continue;
    initials.push({
      box: state.initial,
      dot: {
        x: round((dot.x ?? 0) + INITIAL_SIZE / 2),
        y: round((dot.y ?? 0) + INITIAL_SIZE / 2),
      },
      d: pathData(sections),
    });
  }

  return {
    id: model.id,
    width: Math.ceil(laidOut.width ?? 0),
    height: Math.ceil(laidOut.height ?? 0),
    boxes,
    edges,
    initials,
  };
}
