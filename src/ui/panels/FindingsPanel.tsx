import type { ReactNode } from 'react';
import { isUnfinishedWarning, missLine, safeText } from '../../sim';
import { invariantWords } from '../format';
import { selectHandsOnUnderWay } from '../drill/drillSelectors';
import { selectRun } from '../state/selectors';
import { selectHiddenText } from '../state/spoilers';
import { usePlayerSelector } from '../state/usePlayerSelector';
import { cx } from '../classNames';
import { useScrollBox } from '../hooks/useScrollBox';
import styles from './FindingsPanel.module.css';

/**
 * What the run on screen says beyond its invariants: the scenario's `expect:` entries it misses
 * and the report's warnings (faults that never fired, a window outside the vendor's days, a
 * `decisions:` entry never used). Shown beside the run, never only in the export. Spoiler-free,
 * they wait for the run's end: each tells of the whole run (and having none would tell too).
 */
export function FindingsPanel() {
  const run = usePlayerSelector(selectRun);
  const hidden = usePlayerSelector(selectHiddenText);
  const underWay = usePlayerSelector(selectHandsOnUnderWay);
  const [scrollRegion, scrollStop] = useScrollBox<HTMLElement>();
  if (!run) return null;
  // The panel scrolls inside the stage and holds no control: while it overflows (even the short
  // notice spoiler-free, on a short stage) it takes the focus itself, so the keyboard can scroll it.
  const panel = (children: ReactNode) => (
    <section
      className="panel findings"
      aria-label="Findings"
      data-testid="findings"
      ref={scrollRegion}
      tabIndex={scrollStop}
    >
      {children}
    </section>
  );
  if (hidden !== undefined)
    return panel(
      <>
        <h2>Findings</h2>
        <p className="empty" data-testid="findings-hidden">
          {hidden}
        </p>
      </>,
    );
  const { expectations } = run.report;
  // A hands-on drill's run ends where the trainee has got to: that it ends short of the target
  // version waits for the debrief (before: "The plan ran to its end … the upgrade is not done"
  // from the first moment, before any step was taken).
  const warnings = underWay
    ? run.report.warnings.filter((warning) => !isUnfinishedWarning(warning))
    : run.report.warnings;
  const misses = expectations?.misses ?? [];
  if (warnings.length === 0 && misses.length === 0 && !expectations) return null;
  const verdict = expectations?.met
    ? `the run meets every expectation of its scenario${expectedViolations(run.scenario.expect?.violations)}`
    : `misses ${misses.length} of its scenario’s expectations`;
  return panel(
    <>
      <h2>
        Findings{' '}
        {expectations ? (
          <span
            className={cx(styles.verdict, 'muted', expectations.met ? 'ok' : 'bad')}
            data-testid="expect-verdict"
            data-met={expectations.met}
            title={verdict}
          >
            {verdict}
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
              {safeText(missLine(miss))}
            </li>
          ))}
          {warnings.map((warning, index) => (
            <li
              key={`warning-${index}`}
              className={cx(styles.finding, styles.warning)}
              data-testid="run-warning"
            >
              {safeText(warning)}
            </li>
          ))}
        </ul>
      ) : null}
    </>,
  );
}

/**
 * What a verdict that the run meets its expectations adds when they include violations: a green
 * "meets every expectation" beside "1 of 8 violated" read as a contradiction (a must-fail
 * scenario, or one saved from the explorer, expects them). Pure.
 */
function expectedViolations(violations: readonly string[] | undefined): string {
  if (violations === undefined || violations.length === 0) return '';
  // The invariants as the Invariants panel names them, not by the ids the scenario lists.
  const said = violations.map(invariantWords);
  const named = said.length === 1 ? said[0] : `${said.slice(0, -1).join(', ')} and ${said.at(-1)}`;
  return `, which expects ${named} violated`;
}
