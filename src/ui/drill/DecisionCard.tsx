import { useEffect, useId, useRef, type KeyboardEvent } from 'react';
import { describeSource, sourceLabel } from '../../sim';
import type { DecisionRecord } from '../../sim';
import { chosenBy, clock, optionMeaning, situationWords, words } from '../format';
import { useScrollFocus } from '../hooks/useScrollFocus';
import { usePlayer } from '../state/usePlayer';
import { usePlayerSelector } from '../state/usePlayerSelector';
import { selectDrillDecision, selectDrillRunning } from './drillSelectors';
import styles from './Drill.module.css';

/** Who takes the run's way when the trainee does not choose. */
function fallbackWho(decision: DecisionRecord): string {
  if (decision.by === 'scenario') return "The scenario's decisions: entry chooses";
  return decision.source.kind === 'document' ? 'The document says' : 'Rehearse would take';
}

/**
 * The decision point a drill stopped at: the situation, each legal option with its meaning and
 * the documented default with its source. Picking one simulates the run again with the choice
 * and plays on. Arrow keys move between the options; Enter or Space picks.
 */
export function DecisionCard() {
  const actor = usePlayer();
  const pending = usePlayerSelector(selectDrillDecision);
  const running = usePlayerSelector(selectDrillRunning);
  const first = useRef<HTMLButtonElement>(null);
  const id = useId();
  const decision = pending?.decision;
  const key = decision ? `${pending.index}@${decision.at}` : undefined;
  // The card takes the focus when it opens and, once answered, gives it back to where it was
  // (the Play button, most often) rather than leaving it on the page's body, where a keyboard
  // user would have to start again from the top.
  useEffect(() => {
    if (key === undefined) return;
    const before = document.activeElement;
    // Scrolled only as far as it takes to bring the option into view (`nearest`), in the card's
    // own box beside the run; the page moves only when the card is off screen (a narrow one).
    first.current?.focus({ preventScroll: true });
    first.current?.scrollIntoView?.({ block: 'nearest' });
    return () => {
      const now = document.activeElement;
      if (now !== null && now !== document.body && now.isConnected) return;
      if (before instanceof HTMLElement && before.isConnected && before !== document.body)
        before.focus();
    };
  }, [key]);
  // Beside the run the card scrolls inside its box: then a tab stop, so the keyboard can scroll
  // it while its options are disabled (the choice being simulated).
  const [scrollBox, scrollStop] = useScrollFocus<HTMLDivElement>();
  if (!decision) return null;

  // The global shortcuts (Space = play, arrows = step) do not apply inside the card.
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape') return;
    event.stopPropagation();
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const buttons = [...event.currentTarget.querySelectorAll<HTMLButtonElement>('[data-option]')];
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const next =
      buttons[(at + (event.key === 'ArrowDown' ? 1 : -1) + buttons.length) % buttons.length];
    next?.focus();
    event.preventDefault();
  };
  const where = [
    decision.host !== undefined ? `host ${decision.host}` : undefined,
    `hop ${decision.hop}`,
    decision.fault !== undefined ? `after ${decision.fault}` : undefined,
    // Beside the run the card may scroll its options: how many there are, so none is missed.
    `${decision.options.length} options`,
  ]
    .filter((part) => part !== undefined)
    .join(' · ');
  return (
    <div
      role="dialog"
      aria-modal="false"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-where`}
      className={`panel decision ${styles.card}`}
      ref={scrollBox}
      tabIndex={scrollStop}
      onKeyDown={onKeyDown}
      data-testid="decision-card"
      data-skip="decision"
      data-situation={decision.situation}
    >
      <h2 id={`${id}-title`} className={styles.title}>
        Decision: {situationWords(decision.situation)}
      </h2>
      <p id={`${id}-where`} className={styles.where}>
        At {clock(decision.at)} · {where}
      </p>
      <ul className={styles.options} aria-label="Options">
        {decision.options.map((option, index) => (
          <li key={option}>
            <button
              ref={index === 0 ? first : undefined}
              type="button"
              className={styles.option}
              data-option={option}
              disabled={running}
              onClick={() => actor.send({ type: 'drill.choose', option })}
              aria-describedby={`${id}-${option}`}
            >
              <span className={styles.optionName}>{words(option)}</span>
              {option === decision.chosen ? (
                <span className={styles.default} data-testid="default-mark">
                  {chosenBy(decision).replace(/^the /, '')}
                </span>
              ) : null}
              <span id={`${id}-${option}`} className={styles.meaning}>
                {optionMeaning(decision.situation, option)}
              </span>
            </button>
          </li>
        ))}
      </ul>
      <p className={styles.fallback} data-testid="decision-default">
        {fallbackWho(decision)} <strong>{words(decision.chosen)}</strong> (
        {sourceLabel(decision.source)}
        ). {describeSource(decision.source)}
      </p>
      {running ? (
        <p className={styles.note} role="status">
          Simulating the run with your choice…
        </p>
      ) : null}
    </div>
  );
}
