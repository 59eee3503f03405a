import { formatDuration } from '../../sim';
import { selectNotRun, selectPendingRun } from '../state/selectors';
import { selectSpoilerFree } from '../state/spoilers';
import { usePlayer } from '../state/usePlayer';
import { usePlayerSelector } from '../state/usePlayerSelector';
import { cx } from '../classNames';
import styles from './RunStatus.module.css';

/**
 * How the editor's text stands against the run on screen: being simulated (with its progress
 * and a Cancel button; the last finished run stays on screen meanwhile), held at start-up
 * because its last run never ended, or cancelled — each with a button to run it. Spoiler-free,
 * the progress is not shown: the virtual time reached would tell the run's length.
 */
export function RunStatus() {
  const actor = usePlayer();
  const pending = usePlayerSelector(selectPendingRun);
  const notRun = usePlayerSelector(selectNotRun);
  const spoilerFree = usePlayerSelector(selectSpoilerFree);
  if (pending) {
    // Spoiler-free, how far the run has got would tell its length (and a failure's recovery
    // steps) before it is played: only that it is being simulated is said.
    const progress = spoilerFree ? undefined : pending.progress;
    const steps = Math.max(1, progress?.steps ?? 1);
    const percent = progress ? Math.min(100, (100 * (progress.step - 1)) / steps) : 0;
    return (
      <div className={styles.runStatus} role="status" data-testid="run-status" data-state="running">
        <span className={styles.text}>
          Simulating…{' '}
          {progress
            ? `step ${progress.step} of about ${steps} · ${progress.transitions.toLocaleString()} transitions · ${formatDuration(progress.at)} of virtual time`
            : spoilerFree
              ? 'spoiler-free: its progress is not shown, as it would tell the run’s length.'
              : 'the run on screen stays until this one is done.'}
        </span>
        <progress
          max={100}
          value={progress ? percent : undefined}
          aria-label="Simulation progress"
          data-testid="run-progress"
        />
        <button
          type="button"
          onClick={() => actor.send({ type: 'simulation.cancel' })}
          data-testid="run-cancel"
        >
          Cancel
        </button>
      </div>
    );
  }
  if (notRun === undefined) return null;
  return (
    <div
      className={cx(styles.runStatus, styles.held)}
      role="status"
      data-testid="run-status"
      data-state={notRun}
    >
      <span className={styles.text}>
        {notRun === 'held'
          ? 'Not run: this text was still being simulated when the app last closed (it may take very long, or have frozen the page), so it was opened in the editor without running it.'
          : 'Run cancelled: the run on screen is not from the text in the editor.'}
      </span>
      <button
        type="button"
        onClick={() => actor.send({ type: 'simulation.run' })}
        data-testid="run-start"
      >
        {notRun === 'held' ? 'Run it' : 'Run again'}
      </button>
    </div>
  );
}
