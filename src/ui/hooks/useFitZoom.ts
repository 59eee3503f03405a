import { useLayoutEffect, type RefObject } from 'react';
import { zoomOf } from './zoomOf';

/**
 * Steps of the search for the largest zoom that fits: 1/64 of the range apart at most (at 1/32,
 * an HA pair's stage that fitted at 0.99, 24 px type in presenter mode at 1080p, was zoomed to
 * 0.97, 23.6 px).
 */
const SEARCH_STEPS = 6;

/** How far past the box (a share of its height) content at the least zoom still counts as in view. */
const NEARLY_FITS = 0.15;

/**
 * The largest zoom of content that scrolls in its box (see `whenScrolled`): about what a
 * Cluster that fits takes on a 720p projector, still read from the room, with a few more of its
 * hosts on the first screen than at full size.
 */
const SCROLLED_MOST = 0.8;

/**
 * The same in presenter mode, where the type is set for the back of the room: at 0.8 a 20-host
 * Cluster's cards read 19.4 px at 1080p, under the 24 px the class needs; the box scrolls more
 * and follows the step's host (`useFollowHost`).
 */
const SCROLLED_PRESENTER = 1;

/**
 * How many times its box's height the first arrangement may overflow at the least zoom and the
 * others still be tried. The arrangements lay out the same cards, at most a few times taller or
 * shorter than one another; content this far past its box (a Cluster of hundreds of hosts) comes
 * near to fitting in none, and the stage scrolls (each arrangement tried lays out every card).
 */
const HOPELESS = 8;

/**
 * How much larger a later arrangement's zoom must be to be taken over an earlier one of another
 * kind (see `kindOf`).
 */
const CLEARLY_LARGER = 0.1;

/** An arrangement's kind, its first word: `row narrow` is a variant of `row`. */
function kindOf(arrangement: string): string {
  return arrangement.split(' ')[0] ?? '';
}

/**
 * How far the content must shrink below its height at the last fit (a share of the box's height)
 * to be fitted again, larger: a crash's causes gone from the cards, not a status line that comes
 * and goes with every step (the stage does not pulse as it plays).
 */
const SHRUNK_BY = 0.12;

/**
 * Zooms `content` out, down to `least`, until it fits the height of `box`, when its box is
 * bounded (the one-screen stage): the whole structure in view rather than part of it above a
 * fold; and in, up to `most`, when the box has room to spare in both height and width. The zoom
 * lays the content out wider as it shrinks it, so rows of cards take more columns. With several arrangements (`data-arrangement` on `content`: stacked, in a row…), it
 * takes the first that fits at a zoom near the largest, and a variant of it (`row narrow` of
 * `row`) whenever that fits larger; when none fits even at `least`, it keeps
 * the first at zoom 1 and the box scrolls. Refits when the box is resized, when `shape` (what is
 * drawn) changes, when the content has grown past the box (cards that took another line as
 * the run went on), and when it has shrunk well below its height at the last fit (those lines gone
 * again: a crash's causes, a takeover's transit); never otherwise on a tick.
 * @param box The element whose height bounds the content (it scrolls what still does not fit).
 * @param content The element zoomed.
 * @param shape Anything that changes when the content's structure does.
 * @param least The smallest zoom; below it the box scrolls instead.
 * @param most The largest zoom, for a box with room to spare.
 * @param arrangements The values of `data-arrangement` to try, in order of preference.
 * @param whenScrolled The arrangement taken when none comes near to fitting, at the largest zoom up to
 *   0.8 (1 in presenter mode) at which it is as wide as the box, the box scrolling the rest: one whose first screen shows
 *   a part of every tier (a Cluster's processing hosts beside its storage pair rather than under
 *   it, below the fold). The first arrangement by default.
 * @param smallestType The content's smallest type and the least it may read on the screen, in
 *   pixels (`selector` matches the elements set in it): the least zoom is raised to keep it
 *   there, measured from their own font size, so that below it the box scrolls rather than
 *   shrinking the type further (a 6-host Cluster's workloads' names read 7.5 px at 1280×720);
 *   `short`, the least on a short layout (`.short`: a 720p screen), where the box has less room.
 * @param keepsType Whether the content's type must stay read (workloads by name): when nothing fits
 *   even at the least zoom, it scrolls as `whenScrolled` says rather than nearly fitting at the
 *   least zoom (names at 6 px at 1440×900), and it is fitted again, larger, when it shrinks back
 *   (a crash's causes gone from the cards) though it scrolled.
 */
export function useFitZoom(
  box: RefObject<HTMLElement | null>,
  content: RefObject<HTMLElement | null>,
  shape: unknown,
  least: number,
  most: number,
  arrangements: readonly string[],
  whenScrolled?: string,
  keepsType = false,
  smallestType?: { readonly selector: string; readonly px: number; readonly short?: number },
): void {
  const tried = arrangements.join('|');
  const typeSelector = smallestType?.selector;
  const typePx = smallestType?.px ?? 0;
  const typeShort = smallestType?.short ?? typePx;
  useLayoutEffect(() => {
    const outer = box.current;
    const inner = content.current;
    if (!outer || !inner) return;
    const choices = tried.split('|');
    // The least zoom of this fit: `least`, or larger where the smallest type would read smaller.
    let leastZoom = least;
    /**
     * What one fit has measured: the content's height and whether it is as wide as the box, at
     * an arrangement and a zoom. Each measure lays the page out, a stage of a thousand cards
     * tens of milliseconds each; within one fit nothing else moves, so none is taken twice.
     */
    let measured = new Map<string, { readonly height: number; readonly wide: boolean }>();
    const measure = (zoom: number) => {
      const key = `${inner.getAttribute('data-arrangement') ?? ''}@${zoom}`;
      const known = measured.get(key);
      if (known) return known;
      inner.style.setProperty('zoom', String(zoom));
      const found = {
        // In the box's own pixels, as its `clientHeight` is (the app may be zoomed as a whole).
        height: inner.getBoundingClientRect().height / zoomOf(outer),
        wide: outer.scrollWidth <= outer.clientWidth + 1,
      };
      measured.set(key, found);
      return found;
    };
    const height = (zoom: number) => measure(zoom).height;
    /**
     * Whether the content fits the box at a zoom: its height, and its width too (cards whose
     * width is set in em grow past the box's right edge when zoomed in: they were cut there).
     */
    const fits = (zoom: number, room: number) => {
      const { height, wide } = measure(zoom);
      return height <= room && wide;
    };
    /** The largest zoom at which the arrangement fits, or how far it overflows at the least. */
    const best = (arrangement: string, room: number): { zoom: number; over: number } => {
      inner.setAttribute('data-arrangement', arrangement);
      // Taller than the box even at the least zoom: taller still at any larger one, so there is
      // no zoom to search (a Cluster of hundreds of hosts, each arrangement measured once).
      const over = height(leastZoom) - room;
      if (over > 0) return { zoom: leastZoom, over };
      const roomy = fits(1, room);
      if (roomy && fits(most, room)) return { zoom: most, over: 0 };
      // Larger than 1 when the box has room to spare, smaller when it is short.
      let low = roomy ? 1 : leastZoom;
      let high = roomy ? most : Math.max(1, leastZoom);
      for (let step = 0; step < SEARCH_STEPS; step++) {
        const middle = (low + high) / 2;
        if (fits(middle, room)) low = middle;
        else high = middle;
      }
      return { zoom: low, over: 0 };
    };
    // Whether the last fit left the content larger than the box (it scrolls there).
    let overflowing = false;
    // The content's height after the last fit, in the box's pixels, and whether it could grow.
    let fitted = 0;
    let grows = false;
    // A box of this width and less than this height scrolls the content as the last fit left
    // it: far past the box, nothing comes near to fitting (see `NEARLY_FITS`, `HOPELESS`).
    let scrolls: { readonly width: number; readonly below: number } | undefined;
    /**
     * The zoom at which the content's smallest type reads its least on the screen (0: none asked,
     * or none drawn): its elements' own font size (a few of them; they share their type) times
     * the zoom of what holds the box (the app's own).
     */
    const typeZoom = () => {
      const px = outer.closest('.short') ? typeShort : typePx;
      if (typeSelector === undefined || px <= 0) return 0;
      const sizes = Array.from(inner.querySelectorAll(typeSelector))
        .slice(0, 8)
        .map((element) => parseFloat(getComputedStyle(element).fontSize))
        .filter((size) => size > 0);
      if (sizes.length === 0) return 0;
      return px / (Math.min(...sizes) * zoomOf(outer));
    };
    const fit = () => {
      // Measured with the content's transitions off: a transform sliding to where it goes (the
      // clients' arrow over the far device) stays, at the instant a zoom is tried, where it was
      // at the zoom before, past the box's right edge when the stage lays out wider, so that
      // nothing fitted and the stage fell to the least zoom (a drill's decision at 1080p in
      // presenter mode: 0.55, type of 13 px). See `[data-fitting]` in app.css.
      inner.setAttribute('data-fitting', '');
      try {
        fitNow();
      } finally {
        inner.removeAttribute('data-fitting');
      }
    };
    const fitNow = () => {
      // Trying zooms clamps the box's scroll; where it was is restored after.
      const scrolled = outer.scrollTop;
      measured = new Map();
      scrolls = undefined;
      inner.setAttribute('data-arrangement', choices[0] ?? '');
      leastZoom = Math.min(most, Math.max(least, typeZoom()));
      height(1);
      const room = outer.clientHeight + 0.5;
      if (room <= 1) return;
      // A box that shrinks with its content is not bounded: there is nothing to fit.
      const smallest = height(leastZoom);
      if (outer.clientHeight + 0.5 < room) {
        inner.style.setProperty('zoom', '1');
        return;
      }
      let chosen: { arrangement: string; zoom: number; over: number } | undefined;
      const tries = smallest > room * HOPELESS ? choices.slice(0, 1) : choices;
      for (const arrangement of tries) {
        const found = { arrangement, ...best(arrangement, room) };
        // A later arrangement when it fits where the earlier did not (or overflows less), or
        // fits much larger; a variant of the same arrangement (`row narrow` of `row`: the same
        // places, other widths) when it fits larger at all.
        const variant = kindOf(arrangement) === kindOf(chosen?.arrangement ?? '');
        if (
          !chosen ||
          (chosen.over > 0 && found.over < chosen.over) ||
          (found.over === 0 && found.zoom > chosen.zoom + (variant ? 0 : CLEARLY_LARGER))
        )
          chosen = found;
        if (found.zoom >= 1) break;
      }
      if (!chosen) return;
      // Nothing fits, but one arrangement comes within a few lines of it: that one at the least
      // zoom, the box scrolling by those lines, every card still on the stage (a cluster whose
      // cards took lines as the run went on). Far from fitting: readable type in the arrangement
      // for scrolling (`whenScrolled`, else the first), rather than a stage zoomed out that still
      // does not fit (and paints more cards on every tick).
      if (chosen.over > (keepsType ? 0 : room * NEARLY_FITS)) {
        const needs = chosen.over + room;
        scrolls = {
          width: outer.clientWidth,
          below: Math.min(
            needs / (1 + NEARLY_FITS),
            tries.length < choices.length ? smallest / HOPELESS : Infinity,
          ),
        };
        const arrangement = whenScrolled ?? choices[0] ?? '';
        inner.setAttribute('data-arrangement', arrangement);
        const wide = (zoom: number) => measure(zoom).wide;
        const mostScrolled =
          whenScrolled === undefined
            ? 1
            : outer.closest('.presenter')
              ? SCROLLED_PRESENTER
              : SCROLLED_MOST;
        // Never below the least zoom: the box scrolls sideways too rather than shrink the type.
        const most = Math.max(leastZoom, mostScrolled);
        let zoom = most;
        if (!wide(most)) {
          let low = leastZoom;
          let high = most;
          for (let step = 0; step < SEARCH_STEPS; step++) {
            const middle = (low + high) / 2;
            if (wide(middle)) low = middle;
            else high = middle;
          }
          zoom = low;
        }
        chosen = { arrangement, zoom, over: 0 };
      }
      inner.setAttribute('data-arrangement', chosen.arrangement);
      inner.style.setProperty('zoom', String(chosen.zoom));
      fitted = inner.getBoundingClientRect().height / zoomOf(outer);
      grows = chosen.zoom < most;
      // Said on the box, so that it can show there is more below (its styles).
      overflowing = outer.scrollHeight > outer.clientHeight + 1;
      outer.toggleAttribute('data-overflows', overflowing);
      // The unit tests' DOM has no `scrollTo` on elements.
      if (overflowing) outer.scrollTo?.({ top: scrolled });
    };
    fit();
    if (typeof ResizeObserver === 'undefined') return;
    let size = `${outer.clientWidth}×${outer.clientHeight}`;
    const observer = new ResizeObserver(() => {
      const now = `${outer.clientWidth}×${outer.clientHeight}`;
      // The content grew past the box as the run went on (a card's status or flags took another
      // line): fitted again, smaller.
      const tall = inner.getBoundingClientRect().height / zoomOf(outer);
      const grown =
        tall > outer.clientHeight + 0.5 && outer.scrollHeight > outer.clientHeight + 0.5;
      // Content that already scrolls in its box is not fitted again as it grows (cards laid out
      // as they scroll into view): that fit would find the same and lose the box's scroll.
      // Shrunk well below its fit (the lines a crash's causes took, gone): fitted again, larger,
      // rather than a stage left small over a blank band until the window is resized.
      const shrunk =
        grows && (!overflowing || keepsType) && tall < fitted - outer.clientHeight * SHRUNK_BY;
      if (now === size && !shrunk && (!grown || overflowing)) return;
      // Resized, but as wide as it was and still far too short (the panels around it settling
      // on whole lines): the fit would find the same, laying out every card several times.
      if (
        !shrunk &&
        scrolls !== undefined &&
        outer.clientWidth === scrolls.width &&
        outer.clientHeight + 0.5 < scrolls.below
      ) {
        size = now;
        return;
      }
      fit();
      size = `${outer.clientWidth}×${outer.clientHeight}`;
    });
    observer.observe(outer);
    observer.observe(inner);
    return () => observer.disconnect();
  }, [
    box,
    content,
    shape,
    least,
    most,
    tried,
    whenScrolled,
    keepsType,
    typeSelector,
    typePx,
    typeShort,
  ]);
}
