import { systemLabel } from '../state/builtins';
import { selectImported, selectRun } from '../state/selectors';
import { usePlayerSelector } from '../state/usePlayerSelector';
import styles from './ScenarioIntro.module.css';

/** The scenario's name and description: what a trainer says before pressing play. */
export function ScenarioIntro() {
  const run = usePlayerSelector(selectRun);
  const imported = usePlayerSelector(selectImported);
  if (!run) return null;
  const { scenario, report } = run;
  return (
    <div className={styles.intro}>
      <p className={styles.title}>
        <strong data-testid="scenario-name">{scenario.name}</strong>{' '}
        <span className="muted">
          · {systemLabel(report.system, report.topology)}
          {scenario.version.from !== '?'
            ? ` · ${scenario.version.from} → ${scenario.version.to}`
            : ''}
          {report.path.length > 0 ? ` (path ${report.path.join(' → ')})` : ''}
          {imported ? ' · imported report, read-only' : ''}
        </span>
      </p>
      {scenario.description ? <p className={styles.description}>{scenario.description}</p> : null}
    </div>
  );
}
