import type { Cause } from '../../sim';
import { cx } from '../classNames';
import styles from './CauseBadge.module.css';

const CAUSE_TITLE: Readonly<Record<Cause, string>> = {
  procedure: 'The plan or the recovery did this: the operator’s to fix.',
  fault:
    'An injected fault did this to a step the procedure had started correctly: a risk to budget for.',
};

const CAUSE_CLASS: Readonly<Record<Cause | 'unrecorded', string | undefined>> = {
  procedure: styles.procedure,
  fault: styles.fault,
  unrecorded: styles.unrecorded,
};

/** Who brought a violation about; a report from before causes were recorded has none. */
export function CauseBadge({ cause }: { readonly cause: Cause | undefined }) {
  return (
    <span
      className={cx(styles.badge, CAUSE_CLASS[cause ?? 'unrecorded'])}
      data-cause={cause ?? 'unrecorded'}
      data-testid="violation-cause"
      title={
        cause
          ? CAUSE_TITLE[cause]
          : 'This report was written before violations recorded their cause.'
      }
    >
      {cause ?? 'cause not recorded'}
    </span>
  );
}
