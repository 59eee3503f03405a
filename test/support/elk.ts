import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkLayout } from '../../src/ui/statechart/layoutStatechart';

const elk = new ELK();

/** ELK itself, in the test's own thread (no worker in Node or jsdom). */
export const layoutWithElk: ElkLayout = (graph) => elk.layout(graph);
