import { clock } from '../format';
import { Icon } from './Icon';
import { Reserved } from './Reserved';
import { SPEEDS } from '../state/playerMachine';
import {
  selectCursor,
  selectDuration,
  selectEntry,
  selectPlaying,
  selectSpeed,
  selectTime,
  selectTraceLength,
} from '../state/selectors';
import { selectHorizon, selectSpoilerFree } from '../state/spoilers';
import { usePlayer } from '../state/usePlayer';
import { usePlayerSelector } from '../state/usePlayerSelector';
import styles from './TransportBar.module.css';

/** Play, pause, step, jump and speed, with where the playhead is. */
export function TransportBar() {
  const actor = usePlayer();
  const playing = usePlayerSelector(selectPlaying);
  const speed = usePlayerSelector(selectSpeed);
  const time = usePlayerSelector(selectTime);
  const duration = usePlayerSelector(selectDuration);
  const cursor = usePlayerSelector(selectCursor);
  const length = usePlayerSelector(selectTraceLength);
  const entry = usePlayerSelector(selectEntry);
  const spoilerFree = usePlayerSelector(selectSpoilerFree);
  // Spoiler-free short of the end: the run's length would tell a fault is coming (a failure's
  // recovery makes the run longer), so neither its duration nor its transitions are shown.
  const hiding = usePlayerSelector(
    selectHorizon,
    (a, b) => (a === undefined) === (b === undefined),
  );
  const ahead = hiding !== undefined;
  const empty = length === 0;
  return (
    <div className={styles.transport} role="toolbar" aria-label="Playback" data-skip="transport">
      <div className={styles.buttons}>
        <button
          type="button"
          onClick={() => actor.send({ type: 'seek.start' })}
          disabled={empty}
          title="Rewind to the start (Home)"
          aria-label="Rewind to the start"
        >
          <Icon name="start" />
        </button>
        <button
          type="button"
          onClick={() => actor.send({ type: 'jump.previous' })}
          disabled={empty}
          title="Previous failover, fault or violation (Shift+←)"
          aria-label="Previous event"
        >
          <Icon name="previous" />
        </button>
        <button
          type="button"
          onClick={() => actor.send({ type: 'step.back' })}
          disabled={empty}
          title="Step back one transition (←)"
          aria-label="Step back"
        >
          <Icon name="back" />
        </button>
        <button
          type="button"
          className={styles.play}
          onClick={() => actor.send({ type: playing ? 'pause' : 'play' })}
          disabled={empty}
          title="Play / pause (Space)"
          aria-label={playing ? 'Pause' : 'Play'}
          data-testid="play"
        >
          {playing ? (
            <>
              <Icon name="pause" /> Pause
            </>
          ) : (
            <>
              <Icon name="play" /> Play
            </>
          )}
        </button>
        <button
          type="button"
          onClick={() => actor.send({ type: 'step.forward' })}
          disabled={empty}
          title="Step forward one transition (→)"
          aria-label="Step forward"
        >
          <Icon name="forward" />
        </button>
        <button
          type="button"
          onClick={() => actor.send({ type: 'jump.next' })}
          disabled={empty}
          title={
            spoilerFree
              ? 'Next step (Shift+→); spoiler-free, a jump never looks for an event ahead'
              : 'Next failover, fault or violation (Shift+→)'
          }
          aria-label="Next event"
          data-testid="jump-next"
        >
          <Icon name="next" />
        </button>
        <button
          type="button"
          onClick={() => actor.send({ type: 'seek.end' })}
          disabled={empty}
          title="Jump to the end (End)"
          aria-label="Jump to the end"
          data-testid="seek-end"
        >
          <Icon name="end" />
        </button>
      </div>
      <label className={styles.speed}>
        {/* Presenter mode: "60×" beside the playback buttons says what it is, and the drill's
            switches take the room on the transport's row. */}
        <span className="presenter-hidden">Speed</span>
        <select
          value={speed}
          // The focus stays here (a keyboard user's next arrow changes the speed again, and
          // the player's shortcuts leave a focused select alone); Tab moves on.
          onChange={(event) => actor.send({ type: 'speed.set', speed: Number(event.target.value) })}
          data-testid="speed"
        >
          {SPEEDS.map((value) => (
            <option key={value} value={value}>
              {value}×
            </option>
          ))}
        </select>
      </label>
      <div className={styles.where} aria-live="off">
        {/* As wide as the run's length from the start: the clock reaching 10:00:00 does not
            widen the bar and wrap the row beside it. */}
        <Reserved
          align="end"
          reserve={<span className={styles.clock}>{clock(ahead ? time : duration)}</span>}
        >
          <span className={styles.clock} data-testid="clock">
            {clock(time)}
          </span>
        </Reserved>
        {/* Presenter mode: the timeline's heading gives the run's length on the stage, and the
            bar keeps a clock past a day on one row with the class's switches. */}
        <span
          className="muted presenter-hidden"
          data-testid="duration"
          title={ahead ? 'Spoiler-free: the run’s length shows at its end' : undefined}
        >
          {' '}
          / {ahead ? '…' : clock(duration)}
        </span>
        {/* As wide as its longest number from the start too: `transition 222 of 663` is
            wider than `transition 1 of 663`, and the event beside it went to a second row. */}
        <Reserved
          className={styles.seq}
          reserve={`transition ${ahead ? cursor + 1 : length}${ahead ? '' : ` of ${length}`}`}
        >
          <span data-testid="cursor" data-cursor={cursor}>
            transition {empty ? 0 : cursor + 1}
            {ahead ? '' : ` of ${length}`}
          </span>
        </Reserved>
      </div>
      {entry ? (
        <div className={styles.entry} title="The transition at the cursor">
          <strong>{entry.actor}</strong> <span className="muted">on</span>{' '}
          <code>{entry.event}</code> <span className="muted">→</span> <code>{entry.state}</code>
        </div>
      ) : null}
    </div>
  );
}
