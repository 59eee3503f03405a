import { watchBox, type BoxChange } from './watchBox';
import { wholeLineEdge, type LineBox } from './wholeLineEdge';
import { zoomOf } from './zoomOf';
import { largest, smallest } from '../../sim';

/**
 * The part of the screen (top and bottom) where the boxes between `element` and `box` that clip
 * their content let it show: a box of its own that scrolls inside `box` (the workloads' lanes of
 * a large Cluster in presenter mode) hides the lines past its edges, which are no line of `box`.
 */
function shownBetween(
  element: Element,
  box: HTMLElement,
  clips: Map<Element, { top: number; bottom: number }>,
): { top: number; bottom: number } {
  const known = clips.get(element);
  if (known) return known;
  let shown = { top: -Infinity, bottom: Infinity };
  const parent = element.parentElement;
  if (element !== box && parent) {
    shown = shownBetween(parent, box, clips);
    if (getComputedStyle(element).overflowY !== 'visible') {
      const rect = element.getBoundingClientRect();
      shown = { top: Math.max(shown.top, rect.top), bottom: Math.min(shown.bottom, rect.bottom) };
    }
  }
  clips.set(element, shown);
  return shown;
}

/** The lines of text shown in `box`, on screen: one box per line of each text node. */
function textLines(box: HTMLElement): LineBox[] {
  const lines: LineBox[] = [];
  const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  const clips = new Map<Element, { top: number; bottom: number }>();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent?.trim()) continue;
    // Text kept for screen readers only (clipped to nothing) is not a line anyone sees.
    const parent = node.parentElement;
    if (parent && getComputedStyle(parent).clipPath !== 'none') continue;
    const shown = parent ? shownBetween(parent, box, clips) : { top: -Infinity, bottom: Infinity };
    range.selectNodeContents(node);
    for (const rect of range.getClientRects())
      if (rect.width > 0 && rect.height > 0 && rect.bottom > shown.top && rect.top < shown.bottom)
        lines.push({
          top: Math.max(rect.top, shown.top),
          bottom: Math.min(rect.bottom, shown.bottom),
        });
  }
  return lines;
}

/** The boxes that show no line at all when not one whole line fits. */
const mayEmpty = new WeakSet<HTMLElement>();

/** A box's cut: its max-height, and whether its min-height goes down (or up) with it, CSS px. */
interface Cut {
  readonly box: HTMLElement;
  readonly height: number;
  readonly floor: boolean;
}

/**
 * Where `box` ends on a whole line of its text: while its content overflows it, its height (as
 * the layout gives it, its own cut cleared) cut down to the gap above the first line it would
 * cut in half; the room left goes to the boxes beside it. Reads the layout, writes nothing.
 */
function measureCut(box: HTMLElement): Cut | undefined {
  if (box.scrollHeight <= box.clientHeight + 1) return undefined;
  const rect = box.getBoundingClientRect();
  if (rect.height === 0) return undefined;
  const style = getComputedStyle(box);
  const zoom = zoomOf(box);
  const borderBottom = parseFloat(style.borderBottomWidth) || 0;
  // A scroll box shows its content across its padding box.
  const top = rect.top + (parseFloat(style.borderTopWidth) || 0) * zoom;
  const bottom = rect.bottom - borderBottom * zoom;
  let edge = wholeLineEdge(textLines(box), top, bottom);
  // What the box keeps in view whatever its room (`data-keeps`, a selector inside it): down to
  // the end of the first line of the first element it matches that shows one. The narration
  // keeps its first line under a heading that may take two (before, a floor in CSS of one line
  // of heading left the heading alone); the invariants their first row shown (before, the first
  // row, one that holds, which presenter mode does not show, and the box kept its heading alone).
  let lines: LineBox[] = [];
  const keeps = box.dataset.keeps ? box.querySelectorAll<HTMLElement>(box.dataset.keeps) : [];
  for (const kept of keeps) {
    lines = textLines(kept);
    if (lines.length > 0) break;
  }
  const firstTop = smallest(lines.map((line) => line.top));
  // Its first line's boxes: a tag and the words beside it, each of its own size.
  const firstBottom = largest(
    lines.filter((line) => line.top < firstTop + 2).map((line) => line.bottom),
  );
  // Where that line ends with the box scrolled to its top: a box scrolled to what it shows (a
  // violation reached) would otherwise measure it above its edge, and keep nothing.
  const keptBottom = firstBottom + box.scrollTop * zoom;
  if (lines.length > 0 && keptBottom > edge) edge = keptBottom;
  // A box that may show none of its lines (the step list under the current step's card, on a
  // short layout: its CSS floor is 0) shows none rather than grow past its room to show one.
  if (edge > bottom + 0.5 && mayEmpty.has(box) && !(parseFloat(style.minHeight) > 0))
    return { box, height: 0, floor: false };
  if (Math.abs(edge - bottom) < 0.5) return undefined;
  // In the box's own CSS pixels (the app's zoom scales the screen's).
  const height = (edge - rect.top) / zoom + borderBottom;
  // Its own floor (the narration's few lines) would keep the cut line: the edge wins. A box
  // grown to show one whole line keeps that height.
  return { box, height, floor: edge > bottom || (parseFloat(style.minHeight) || 0) > height };
}

function applyCut({ box, height, floor }: Cut): void {
  box.style.maxHeight = `${height}px`;
  if (floor) box.style.minHeight = `${height}px`;
}

/** Every box that follows its whole lines. */
const followed = new Set<HTMLElement>();
/** The boxes to fit on the next frame. */
const pending = new Set<HTMLElement>();
let frame: number | undefined;

/**
 * Cuts the boxes waiting, with the boxes beside each that follow their lines too (the narration
 * and the step list under it), at whole lines: together and in the page's order, since each cut
 * alone, with its neighbour still cut, would take back the room the neighbour gave and cut it
 * again, frame after frame. All the boxes' first cuts are measured in one layout, then all their
 * second ones, so a seek that changes several boxes lays the page out twice, not once per box.
 */
function fitPending(): void {
  frame = undefined;
  const groups = new Map<Element | null, HTMLElement[]>();
  for (const box of pending) {
    const parent = box.parentElement;
    if (groups.has(parent)) continue;
    groups.set(
      parent,
      parent
        ? [...parent.children].filter(
            (child): child is HTMLElement => child instanceof HTMLElement && followed.has(child),
          )
        : [box],
    );
  }
  pending.clear();
  const lists = [...groups.values()];
  for (const box of lists.flat()) {
    box.style.maxHeight = '';
    box.style.minHeight = '';
  }
  const cutNow = new Set<HTMLElement>();
  for (let round = 0; lists.some((group) => round < group.length); round++) {
    const cuts = lists.flatMap((group) => {
      const box = group[round];
      const cut = box ? measureCut(box) : undefined;
      return cut ? [cut] : [];
    });
    for (const cut of cuts) applyCut(cut);
    for (const cut of cuts) cutNow.add(cut.box);
  }
  // A box each round left whole may overflow once the cuts after it have moved the room between
  // the boxes (the step list emptied on a short layout gives its room back to the panels below,
  // and the narration above is squeezed): measured once more, in the layout the cuts made. Before,
  // at 1280×720 the narration's last line stayed half under its edge until something else moved.
  // So may a box cut in a round, squeezed under its cut by the boxes cut after it (the
  // invariants' floor of a row, which took 28 px from the narration above: its note cut in half
  // at 1280×720 in presenter mode). Their heights are read in one layout.
  const squeezed = new Set(
    [...cutNow].filter(
      (box) =>
        box.getBoundingClientRect().height / zoomOf(box) < parseFloat(box.style.maxHeight) - 0.5,
    ),
  );
  for (const box of lists.flat()) {
    if (cutNow.has(box) && !squeezed.has(box)) continue;
    const cut = measureCut(box);
    if (cut) applyCut(cut);
  }
  // A box that scrolls to follow something (`useFollowLane`) aligns again to its new cut.
  for (const box of lists.flat()) box.dispatchEvent(new Event(REFITTED));
}

/** The event sent to a box once it has been fitted again. */
export const REFITTED = 'refitted';

/** Fits `box` on the next frame, before it is painted, with every other box waiting. */
function fitSoon(box: HTMLElement): void {
  pending.add(box);
  frame ??= requestAnimationFrame(fitPending);
}

/**
 * Keeps `box` ending on a whole line as its content changes and as it or the boxes beside it
 * resize (another screen size, a panel that grows), and with `scroll`, as it scrolls too (a list
 * last in its panel, whose height moves nothing else). Each is followed on the next frame (out
 * of the resize observer's own callback), all boxes at once. With `orNone`, a box whose CSS
 * floor is 0 shows no line when not one whole line fits, rather than growing to show one.
 * @returns what stops following
 */
export function followWholeLines(
  box: HTMLElement,
  { scroll = false, orNone = false } = {},
): () => void {
  followed.add(box);
  if (orNone) mayEmpty.add(box);
  const later = () => fitSoon(box);
  // The heights of the box's children when it was last fitted for a change of its content: new
  // text that leaves them all as they were (a total, the downtime so far, at each seek) moves no
  // line, so the box is not fitted again. Fitting clears the box's cut and lays the page out
  // again to measure it: on the timeline of a 400-host Cluster, at every seek, that took a
  // rewind from 51 ms to 650 ms, input to the next frame.
  let shape = '';
  const changed = (what: BoxChange) => {
    if (what === 'content') {
      const now = [...box.children].map((child) => (child as HTMLElement).offsetHeight).join();
      if (now === shape) return;
      shape = now;
    }
    later();
  };
  // Its own size, its panel's and the boxes' beside it; new text (another step, a violation).
  const unwatch = watchBox(
    box,
    () => {
      const parent = box.parentElement;
      return parent ? [box, parent, ...parent.children] : [box];
    },
    changed,
  );
  if (scroll) box.addEventListener('scroll', later, { passive: true });
  return () => {
    followed.delete(box);
    mayEmpty.delete(box);
    pending.delete(box);
    box.removeEventListener('scroll', later);
    unwatch();
  };
}
