import { startTransition, useEffect, useState, type RefObject } from 'react';

/**
 * Whether `element` has come into the viewport since it mounted:
 * false until it does, then true for good. True at once where `IntersectionObserver` is missing.
 * For what is worth loading only once someone may look at it, such as the code editor below the
 * one-screen stage.
 */
export function useSeen(element: RefObject<HTMLElement | null>): boolean {
  const [seen, setSeen] = useState(() => typeof IntersectionObserver === 'undefined');
  useEffect(() => {
    const target = element.current;
    if (seen || !target) return undefined;
    const observer = new IntersectionObserver((entries) => {
      if (!entries.some((entry) => entry.isIntersecting)) return;
      observer.disconnect();
      // A transition: what it loads replaces what is on screen once ready, with no fallback.
      startTransition(() => setSeen(true));
    });
    observer.observe(target);
    return () => observer.disconnect();
  }, [element, seen]);
  return seen;
}
