import { Suspense, useEffect, useId, useMemo, useRef } from 'react';
import {
  describeSource,
  formatDuration,
  isUnfinishedWarning,
  simulate,
  sourceLabel,
} from '../../sim';
import type { Run } from '../../sim';
import { clock, optionMeaning, situationWords } from '../format';
import { lazyExternal } from '../lazyExternal';
import { selectLiveFaults, selectRun, selectScenario } from '../state/selectors';
import { usePlayer } from '../state/usePlayer';
import { usePlayerSelector } from '../state/usePlayerSelector';
import { differingChoices, drillScenario, type DrillChoice } from './drillLogic';
import { selectDrill } from './drillSelectors';
import tabView from '../panels/TabView.module.css';
import styles from './Drill.module.css';

interface CompareViewProps {
  readonly left: Run;
  readonly right: Run;
}

const CompareView = lazyExternal<CompareViewProps>('./compare/CompareView.tsx', 'CompareView');

/**
 * The run without the trainee's choices (and, hands-on, with the procedure Rehearse derives in
 * place of the trainee's steps): the one the drill started on, or simulated again.
 */
function useBaseline(open: boolean): { run?: Run; error?: string } {
  const drill = usePlayerSelector(selectDrill);
  const scenario = usePlayerSelector(selectScenario);
  const live = usePlayerSelector(selectLiveFaults);
  const stored = drill?.baseline;
  const handsOn = drill?.handsOn !== undefined;
  return useMemo(() => {
    // Only for a debrief on screen: every scenario the app opens would otherwise run twice.
    if (!open) return {};
    if (stored) return { run: stored };
    if (!scenario) return { error: 'the editor holds no valid scenario' };
    try {
      const documented = drillScenario(scenario, live, []);
      return { run: simulate(handsOn ? { ...documented, plan: 'auto' } : documented) };
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
  }, [open, stored, scenario, live, handsOn]);
}

function Differences({ choices }: { choices: readonly DrillChoice[] }) {
  const differing = differingChoices(choices);
  if (choices.length === 0)
    return <p className={styles.note}>No decision was taken by the trainee.</p>;
  if (differing.length === 0)
    return (
      <p className={styles.note} data-testid="debrief-same">
        {choices.length === 1
          ? "The trainee's one choice was the procedure's."
          : `Each of the ${choices.length} choices was the procedure's.`}
      </p>
    );
  return (
    <table className={styles.table} aria-label="Choices unlike the procedure's">
      <thead>
        <tr>
          <th scope="col">At</th>
          <th scope="col">Decision</th>
          <th scope="col">Trainee chose</th>
          <th scope="col">Procedure takes</th>
          <th scope="col">Why (source)</th>
        </tr>
      </thead>
      <tbody>
        {differing.map((choice) => (
          <tr
            key={`${choice.at}-${choice.rule.at}-${choice.rule.host ?? ''}`}
            data-testid="debrief-choice"
          >
            <td>{clock(choice.at)}</td>
            <td>
              {situationWords(choice.rule.at)}
              {choice.rule.host !== undefined ? ` (${choice.rule.host})` : ''}
            </td>
            <td>
              <strong>{optionMeaning(choice.rule.at, choice.rule.choose)}</strong>
            </td>
            <td>
              <strong>{optionMeaning(choice.rule.at, choice.fallback)}</strong>
              {choice.fallbackBy === 'scenario' ? " (the scenario's entry)" : ''}
            </td>
            <td>
              <span className={styles.source}>{sourceLabel(choice.source)}</span>{' '}
              {describeSource(choice.source)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * The drill's debrief: the trainee's run beside the same scenario without the trainee's choices
 * (the documented procedure's way), with the choices that differed and what the document says.
 */
export function Debrief() {
  const actor = usePlayer();
  const drill = usePlayerSelector(selectDrill);
  const run = usePlayerSelector(selectRun);
  const open = drill?.debrief === true;
  const baseline = useBaseline(open);
  const heading = useRef<HTMLHeadingElement>(null);
  const id = useId();
  useEffect(() => {
    if (open) heading.current?.focus();
  }, [open]);
  if (!drill || !open || !run) return null;
  const right = baseline.run;
  const taken = drill.handsOn?.steps.length;
  // A hands-on run ends where the trainee stopped: its steps "completed" with the upgrade undone
  // (before: "the 0 steps the trainee took (completed, 0s)"), which its warning goes on to say.
  const outcome =
    run.report.outcome === 'completed' && run.report.warnings.some(isUnfinishedWarning)
      ? 'the upgrade not done'
      : run.report.outcome;
  return (
    <section
      className={`panel ${styles.debrief}`}
      aria-labelledby={`${id}-title`}
      data-testid="debrief"
    >
      <h2 id={`${id}-title`} ref={heading} tabIndex={-1}>
        Debrief
        <button
          type="button"
          className={styles.close}
          onClick={() => actor.send({ type: 'drill.debrief', open: false })}
        >
          Close
        </button>
      </h2>
      <p className={styles.note} data-testid="debrief-runs">
        Left: the trainee's run
        {taken === undefined
          ? ''
          : taken === 0
            ? ', no step taken'
            : `, the ${taken} step${taken === 1 ? '' : 's'} the trainee took`}{' '}
        ({outcome}, {formatDuration(run.report.duration)}). Right: the documented procedure's run
        {drill.handsOn ? ', the procedure Rehearse derives from the document' : ''}, without the
        trainee's choices
        {right ? ` (${right.report.outcome}, ${formatDuration(right.report.duration)})` : ''}.
        {drill.handsOn ? ' The steps that differ are marked in the steps table below.' : ''}
      </p>
      {run.report.warnings.length > 0 ? (
        <>
          {/* A run the trainee ended before every host was upgraded still "completed" its
              steps: the warning says what is left undone. */}
          <h3 className={styles.subheading}>What the trainee's run warns of</h3>
          <ul className={styles.note} data-testid="debrief-warnings">
            {run.report.warnings.map((warning) => (
              <li key={warning}>{warning}</li>
            ))}
          </ul>
        </>
      ) : null}
      <h3 className={styles.subheading}>Choices unlike the procedure's</h3>
      <Differences choices={drill.choices} />
      <p className={styles.note} data-testid="debrief-by">
        Here the trainee's choices are the operator's (<code>by: operator</code>). Shared or
        exported, the drill is a scenario file with them in <code>decisions:</code>
        {drill.handsOn ? (
          <>
            {' '}
            (and the steps in <code>plan:</code>)
          </>
        ) : null}
        ; <code>rehearse run</code> on it replays the same run, and its report lists those choices
        as <code>by: scenario</code>.
      </p>
      {baseline.error !== undefined ? (
        <p className={tabView.error} role="alert">
          The procedure's run could not be simulated: {baseline.error}
        </p>
      ) : right && CompareView ? (
        <Suspense fallback={<p className="empty">Loading the comparison…</p>}>
          <CompareView left={run} right={right} />
        </Suspense>
      ) : null}
    </section>
  );
}
