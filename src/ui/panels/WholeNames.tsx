import type { ReactNode } from 'react';
import { safeText } from '../../sim';
import styles from './WholeNames.module.css';

/**
 * A name with hyphens in it: a host's (`storage-1`, `processing-12`), a workload's
 * (`vps-pbx-2`), a fault type (`host-crash`). A line may break after a hyphen; read from a
 * projector, "storage-" at a line's end and "1" at the next's start is two words. The
 * punctuation it touches goes with it: a bracket left alone at a line's end ("…comes (" over
 * "spoiler-free: …") reads as badly.
 */
const HYPHENATED = /[([{"'‘“]*[\p{L}\p{N}_.]+(?:-[\p{L}\p{N}_.]+)+[)\]}"'’”.,;:!?]*/gu;

/**
 * `text` with its hyphenated names kept whole on a line: each moves to the next line rather
 * than breaking at its hyphen, and breaks there only when it is wider than a whole line (an
 * inline block as wide as its box at most). Control and bidi characters are shown escaped, as the
 * command line prints them ({@link safeText}): a name cannot reorder the line it is in. The text
 * is otherwise unchanged: copied, searched and read out as it was. Pure.
 * @example
 * <p>{wholeNames('fail over: storage-2 becomes Primary')}</p>
 */
export function wholeNames(raw: string): ReactNode {
  const text = safeText(raw);
  const parts: ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(HYPHENATED)) {
    const at = match.index;
    if (at > last) parts.push(text.slice(last, at));
    parts.push(
      <span key={at} className={styles.whole}>
        {match[0]}
      </span>,
    );
    last = at + match[0].length;
  }
  if (parts.length === 0) return text;
  if (last < text.length) parts.push(text.slice(last));
  return parts;
}
