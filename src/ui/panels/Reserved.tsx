import type { ReactNode } from 'react';
import { cx } from '../classNames';
import styles from './Reserved.module.css';

/**
 * Text in a cell as wide, from the start, as the widest it will show (`reserve`, drawn unseen in
 * the same cell): a figure that grows as the run plays (the clock, the transition counter, the
 * downtime so far) never widens its line and wraps what stands beside it.
 */
export function Reserved({
  children,
  reserve,
  align = 'start',
  className,
}: {
  readonly children: ReactNode;
  readonly reserve: ReactNode;
  readonly align?: 'start' | 'end';
  readonly className?: string;
}) {
  return (
    <span className={cx(styles.box, align === 'end' && styles.end, className)}>
      {children}
      <span aria-hidden="true" data-reserve="">
        {reserve}
      </span>
    </span>
  );
}
