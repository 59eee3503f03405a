import { useLayoutEffect, type RefObject } from 'react';

/**
 * Keeps the page's `scroll-padding-top` as tall as `bar`, a bar stuck to the top of the window,
 * and the gap under it: what the keyboard focuses or a link scrolls to comes to rest below the
 * bar rather than under it. Follows the bar's height as it wraps or the app zooms.
 * @param gap The space kept between the bar and what scrolls into view, in the bar's CSS pixels.
 */
export function useStickyScrollPadding(bar: RefObject<HTMLElement | null>, gap = 12): void {
  useLayoutEffect(() => {
    const element = bar.current;
    if (!element) return undefined;
    const root = document.documentElement;
    const measure = () => {
      // In the window's pixels, as the page's scroll padding is: the app's zoom included.
      const { height } = element.getBoundingClientRect();
      const zoom = height / Math.max(1, element.offsetHeight);
      root.style.scrollPaddingTop = `${Math.ceil(height + gap * zoom)}px`;
    };
    measure();
    if (typeof ResizeObserver === 'undefined')
      return () => root.style.removeProperty('scroll-padding-top');
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => {
      observer.disconnect();
      root.style.removeProperty('scroll-padding-top');
    };
  }, [bar, gap]);
}
