import { wholeLineEdge, type LineBox } from './wholeLineEdge';
import { zoomOf } from './zoomOf';

/** The lines of text shown in `box`, on screen: one box per line of each text node. */
function textLines(box: HTMLElement): LineBox[] {
  const lines: LineBox[] = [];
  const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent?.trim()) continue;
    // Text kept for screen readers only (clipped to nothing) is not a line anyone sees.
    const parent = node.parentElement;
    if (parent && getComputedStyle(parent).clipPath !== 'none') continue;
    range.selectNodeContents(node);
    for (const rect of range.getClientRects())
      if (rect.width > 0 && rect.height > 0) lines.push({ top: rect.top, bottom: rect.bottom });
  }
  return lines;
}

/**
 * Ends `box` on a whole line of its text: while its content overflows it, its height (as the
 * layout gives it, its own cut cleared) is cut down to the gap above the first line it would cut
 * in half, and the room left goes to the boxes beside it.
 */
function cutAtWholeLine(box: HTMLElement): void {
  if (box.scrollHeight <= box.clientHeight + 1) return;
  const rect = box.getBoundingClientRect();
  if (rect.height === 0) return;
  const style = getComputedStyle(box);
  const zoom = zoomOf(box);
  const borderBottom = parseFloat(style.borderBottomWidth) || 0;
  // A scroll box shows its content across its padding box.
  const top = rect.top + (parseFloat(style.borderTopWidth) || 0) * zoom;
  const bottom = rect.bottom - borderBottom * zoom;
  const edge = wholeLineEdge(textLines(box), top, bottom);
  if (Math.abs(edge - bottom) < 0.5) return;
  // In the box's own CSS pixels (the app's zoom scales the screen's).
  const height = (edge - rect.top) / zoom + borderBottom;
  box.style.maxHeight = `${height}px`;
  // Its own floor (the narration's few lines) would keep the cut line: the edge wins. A box
  // grown to show one whole line keeps that height.
  if (edge > bottom || (parseFloat(style.minHeight) || 0) > height)
    box.style.minHeight = `${height}px`;
}

/** Every box that follows its whole lines. */
const followed = new Set<HTMLElement>();

/**
 * Cuts `box` and the boxes beside it that follow their lines too (the narration and the step list
 * under it) at whole lines, together and in the page's order: each cut alone, with its neighbour
 * still cut, would take back the room the neighbour gave and cut it again, frame after frame.
 */
function fitWholeLines(box: HTMLElement): void {
  const parent = box.parentElement;
  const group = parent
    ? [...parent.children].filter(
        (child): child is HTMLElement => child instanceof HTMLElement && followed.has(child),
      )
    : [box];
  for (const each of group) {
    each.style.maxHeight = '';
    each.style.minHeight = '';
  }
  for (const each of group) cutAtWholeLine(each);
}

/**
 * Keeps `box` ending on a whole line as its content changes and as it or the boxes beside it
 * resize (another screen size, a panel that grows), and with `scroll`, as it scrolls too (a list
 * last in its panel, whose height moves nothing else). A resize or a scroll is followed on the
 * next frame, outside the resize observer's own callback.
 * @returns what stops following
 */
export function followWholeLines(box: HTMLElement, { scroll = false } = {}): () => void {
  followed.add(box);
  let frame: number | undefined;
  const fit = () => {
    frame = undefined;
    fitWholeLines(box);
  };
  const later = () => {
    frame ??= requestAnimationFrame(fit);
  };
  const resizes = typeof ResizeObserver === 'undefined' ? undefined : new ResizeObserver(later);
  const watch = () => {
    resizes?.observe(box);
    const parent = box.parentElement;
    if (!parent) return;
    resizes?.observe(parent);
    for (const sibling of parent.children) resizes?.observe(sibling);
  };
  watch();
  // New text (another step, a violation reached): fitted before it is painted.
  const mutations =
    typeof MutationObserver === 'undefined'
      ? undefined
      : new MutationObserver(() => {
          watch();
          fitWholeLines(box);
        });
  mutations?.observe(box, { childList: true, subtree: true, characterData: true });
  if (scroll) box.addEventListener('scroll', later, { passive: true });
  return () => {
    followed.delete(box);
    box.removeEventListener('scroll', later);
    resizes?.disconnect();
    mutations?.disconnect();
    if (frame !== undefined) cancelAnimationFrame(frame);
  };
}
