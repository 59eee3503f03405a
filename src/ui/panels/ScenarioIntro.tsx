import { safeText } from '../../sim';
import { versionPath } from '../format';
import { systemLabel } from '../state/builtins';
import {
  selectBuiltinId,
  selectEdited,
  selectImported,
  selectRun,
  selectSourceError,
} from '../state/selectors';
import { SPOILER_FREE_NAME, selectSpoilerFree } from '../state/spoilers';
import { usePlayerSelector } from '../state/usePlayerSelector';
import styles from './ScenarioIntro.module.css';
import { wholeNames } from './WholeNames';

interface ScenarioIntroProps {
  /**
   * In the header, beside the picker (presenter mode): one line, the description left out, and
   * the name only when the picker does not show it (an edited scenario, an imported report).
   */
  readonly inHeader?: boolean;
}

/** The scenario's name and description: what a trainer says before pressing play. */
export function ScenarioIntro({ inHeader = false }: ScenarioIntroProps) {
  const run = usePlayerSelector(selectRun);
  const imported = usePlayerSelector(selectImported);
  const builtin = usePlayerSelector(selectBuiltinId);
  const edited = usePlayerSelector(selectEdited);
  // The picker beside the line names the scenario (the same rule as its `value`).
  const named = inHeader && !imported && builtin !== undefined && !edited;
  // Spoiler-free, the scenario's own words are not shown: its name and description may say
  // the mistake a class is to spot. What system it is, and the versions, still are.
  const spoilerFree = usePlayerSelector(selectSpoilerFree);
  const error = usePlayerSelector(selectSourceError);
  if (!run) return null;
  const { scenario, report } = run;
  const versions = versionPath(scenario.version, report.path);
  return (
    <div className={inHeader ? `${styles.intro} ${styles.inHeader}` : styles.intro}>
      <p className={styles.title}>
        {/* The text in the editor does not parse: the run here is still the last valid text's.
            Said first on this line, so no ellipsis cuts it (before: only the editor, below the
            stage, said so). */}
        {error !== undefined ? (
          <span
            className={styles.invalid}
            data-testid="intro-invalid"
            title={`${error.path ? `${error.path}: ` : ''}${error.reason}`}
          >
            Editor text invalid{error.line === undefined ? '' : ` at line ${error.line}`}: the last
            valid run is shown
          </span>
        ) : null}{' '}
        <strong
          className={named ? `${styles.name} visually-hidden` : styles.name}
          data-testid="scenario-name"
          // Whole under the pointer where a short window cuts it to one line.
          title={spoilerFree ? undefined : safeText(scenario.name)}
        >
          {spoilerFree ? SPOILER_FREE_NAME : safeText(scenario.name)}
        </strong>{' '}
        <span className="muted" data-testid="scenario-system">
          · {systemLabel(report.system, report.topology)}
          {versions ? ` · ${versions}` : ''}
          {imported ? ' · imported report, read-only' : ''}
        </span>
      </p>
      {scenario.description && !spoilerFree && !inHeader ? (
        <p className={styles.description}>{wholeNames(scenario.description)}</p>
      ) : null}
    </div>
  );
}
