import { useLayoutEffect, useRef, useState, type ReactElement } from 'react';
import { zoomOf } from '../hooks/zoomOf';

/** Up to this many rows, a list renders them all; above it, only those in view. */
export const WINDOWED_FROM = 200;

/** Rows rendered beyond each edge of the view, so a quick scroll shows no gap. */
const OVERSCAN = 12;

/** Rows rendered before the first measure (a screenful at the smallest row height). */
const FIRST_ROWS = 40;

/** A row's height until one is measured, CSS px (a lane's least). */
const ROW_HEIGHT = 16;

interface Range {
  readonly first: number;
  readonly last: number;
}

/** What {@link WindowedRows} draws. */
interface RowsProps {
  readonly count: number;
  readonly row: (index: number) => ReactElement;
  /** What the spacers' `data-testid` says they stand for (`host-rows`). */
  readonly name: string;
}

/**
 * `count` rows of one height, `row(index)` each (an element with its own key): all of them up to
 * {@link WINDOWED_FROM}; above it only those in view (in the boxes that scroll them, and in the
 * window), with a spacer before and after them as tall as the rows they stand for. A Cluster of
 * a thousand hosts drew a thousand lanes of tens of segments each, and the page froze for seconds
 * while they were built and measured.
 */
export function WindowedRows({ count, row, name }: RowsProps) {
  if (count <= WINDOWED_FROM) return <>{Array.from({ length: count }, (_, index) => row(index))}</>;
  return <RowWindow count={count} row={row} name={name} />;
}

function RowWindow({ count, row, name }: RowsProps) {
  const before = useRef<HTMLDivElement>(null);
  const after = useRef<HTMLDivElement>(null);
  const [height, setHeight] = useState(ROW_HEIGHT);
  const [range, setRange] = useState<Range>({ first: 0, last: Math.min(count, FIRST_ROWS) });

  useLayoutEffect(() => {
    const start = before.current;
    const end = after.current;
    if (!start || !end) return undefined;
    // The boxes that clip the rows, from the nearest out (the timeline's lanes, its panel on the
    // stage): found here, as a ref to the list's box is set only after its children's effects.
    const clips: HTMLElement[] = [];
    for (let node = start.parentElement; node; node = node.parentElement)
      if (getComputedStyle(node).overflowY !== 'visible') clips.push(node);
    let measured = ROW_HEIGHT;
    const update = () => {
      // A row drawn: its height on screen (the view's), and in CSS px (the spacers').
      const sample = start.nextElementSibling;
      const drawn = sample instanceof HTMLElement && sample !== end ? sample : undefined;
      const screenRow = drawn?.getBoundingClientRect().height || measured * zoomOf(start);
      measured = screenRow / zoomOf(start);
      let top = 0;
      let bottom = window.innerHeight;
      for (const clip of clips) {
        const view = clip.getBoundingClientRect();
        top = Math.max(top, view.top);
        bottom = Math.min(bottom, view.bottom);
      }
      const origin = start.getBoundingClientRect().top;
      const first = Math.max(0, Math.floor((top - origin) / screenRow) - OVERSCAN);
      const last = Math.min(count, Math.ceil((bottom - origin) / screenRow) + OVERSCAN);
      // Out of view, above or below: no rows, the spacers keep the list's height.
      const next =
        last > first
          ? { first, last }
          : { first: Math.min(first, count), last: Math.min(first, count) };
      setHeight(measured);
      setRange((now) => (now.first === next.first && now.last === next.last ? now : next));
    };
    update();
    document.addEventListener('scroll', update, { capture: true, passive: true });
    window.addEventListener('resize', update);
    const observer = typeof ResizeObserver === 'undefined' ? undefined : new ResizeObserver(update);
    for (const clip of clips) observer?.observe(clip);
    return () => {
      document.removeEventListener('scroll', update, { capture: true });
      window.removeEventListener('resize', update);
      observer?.disconnect();
    };
  }, [count]);

  const first = Math.min(range.first, count);
  const last = Math.min(range.last, count);
  const rows: ReactElement[] = [];
  for (let index = first; index < last; index++) rows.push(row(index));
  return (
    <>
      <div
        ref={before}
        aria-hidden="true"
        data-testid={`${name}-spacer`}
        style={{ height: first * height }}
      />
      {rows}
      <div
        ref={after}
        aria-hidden="true"
        data-testid={`${name}-spacer`}
        style={{ height: (count - last) * height }}
      />
    </>
  );
}
