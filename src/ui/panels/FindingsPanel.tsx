import { missText } from '../format';
import { selectRun } from '../state/selectors';
import { usePlayerSelector } from '../state/usePlayerSelector';
import { cx } from '../classNames';
import styles from './FindingsPanel.module.css';

/**
 * What the run on screen says beyond its invariants: the scenario's `expect:` entries it misses
 * and the report's warnings (faults that never fired, a window outside the vendor's days, a
 * `decisions:` entry never used). Shown beside the run, never only in the export.
 */
export function FindingsPanel() {
  const run = usePlayerSelector(selectRun);
  if (!run) return null;
  const { warnings, expectations } = run.report;
  const misses = expectations?.misses ?? [];
  if (warnings.length === 0 && misses.length === 0 && !expectations) return null;
  return (
    <section className="panel findings" aria-label="Findings" data-testid="findings">
      <h2>
        Findings{' '}
        {expectations ? (
          <span
            className={expectations.met ? 'muted ok' : 'muted bad'}
            data-testid="expect-verdict"
            data-met={expectations.met}
          >
            {expectations.met
              ? 'the run meets its expect'
              : `misses ${misses.length} of its expect`}
          </span>
        ) : null}
      </h2>
      {misses.length > 0 || warnings.length > 0 ? (
        <ul className={styles.list}>
          {misses.map((miss) => (
            <li
              key={`miss-${miss.key}`}
              className={cx(styles.finding, styles.miss)}
              data-testid="expect-miss"
            >
              {missText(miss)}
            </li>
          ))}
          {warnings.map((warning, index) => (
            <li
              key={`warning-${index}`}
              className={cx(styles.finding, styles.warning)}
              data-testid="run-warning"
            >
              {warning}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
