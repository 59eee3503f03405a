import { useEffect, useRef } from 'react';
import type { StepRecord } from '../../sim';
import { clock, span, words } from '../format';
import {
  sameItems,
  selectCurrentStep,
  selectRun,
  selectSettled,
  selectStepStatuses,
} from '../state/selectors';
import { usePlayer } from '../state/usePlayer';
import { usePlayerSelector } from '../state/usePlayerSelector';

function stepTitle(step: StepRecord): string {
  return `${words(step.action)}${step.host ? ` ${step.host}` : ''}${step.version ? ` → ${step.version}` : ''}`;
}

const OUTCOME: Readonly<Record<string, string>> = {
  completed: 'Completed',
  'rolled-back': 'Rolled back',
  aborted: 'Aborted',
  stuck: 'Stuck',
};

/** The procedure's steps with their status at the cursor, and the current step's note as narration. */
export function ProcedurePanel() {
  const actor = usePlayer();
  const run = usePlayerSelector(selectRun);
  const statuses = usePlayerSelector(selectStepStatuses, sameItems);
  const current = usePlayerSelector(selectCurrentStep);
  const finished = usePlayerSelector(selectSettled);
  const list = useRef<HTMLOListElement>(null);

  useEffect(() => {
    // Scroll the list only (never the page) so the current step stays in view.
    const container = list.current;
    const item = container?.querySelector<HTMLElement>('[aria-current="step"]');
    if (!container || !item) return;
    const top = item.offsetTop; // the list is positioned, so this is relative to it
    if (
      top < container.scrollTop ||
      top + item.offsetHeight > container.scrollTop + container.clientHeight
    ) {
      container.scrollTop = Math.max(0, top - container.clientHeight / 3);
    }
  }, [current, run]);

  if (!run) {
    return (
      <section className="panel procedure" aria-label="Procedure">
        <h2>Procedure</h2>
        <p className="empty">No run yet.</p>
      </section>
    );
  }
  const { report } = run;
  const steps = report.steps;
  const step = steps[current];
  const status = statuses[current];
  // Recovery steps not added yet do not count; neither does the future's timing.
  const known = statuses.filter((state) => state !== 'hidden').length;
  return (
    <section className="panel procedure" aria-label="Procedure">
      <h2>
        Procedure <span className="muted">{known} steps</span>
      </h2>
      <div className="narration" data-testid="narration" aria-live="polite">
        {step ? (
          <>
            <p className="narration-step">
              Step {step.seq} of {known}
              {step.hop > 0 ? ` · hop ${step.hop}` : ''} · <strong>{stepTitle(step)}</strong>{' '}
              <span className={`status status-${status ?? 'pending'}`}>{status}</span>
            </p>
            <p className="narration-note">{step.note ?? stepTitle(step)}</p>
          </>
        ) : (
          <p className="narration-note">This procedure has no steps.</p>
        )}
        {finished ? (
          <p className={`outcome outcome-${report.outcome}`} data-testid="outcome">
            {OUTCOME[report.outcome] ?? report.outcome} after {span(report.duration)}
            {report.reason ? `: ${report.reason}` : ''}
          </p>
        ) : null}
      </div>
      <ol className="steps" ref={list}>
        {steps.map((item, index) => {
          const state = statuses[index] ?? 'pending';
          if (state === 'hidden') return null;
          const isCurrent = index === current;
          const started = state !== 'pending' && item.start !== undefined;
          return (
            <li
              key={item.seq}
              className={`step step-${state}${isCurrent ? ' current' : ''}${item.recovery ? ' recovery' : ''}`}
              aria-current={isCurrent ? 'step' : undefined}
              data-testid="step"
              data-status={state}
            >
              <button
                type="button"
                className="step-button"
                disabled={item.start === undefined}
                title={
                  item.start === undefined ? 'This step never ran' : `Seek to ${clock(item.start)}`
                }
                onClick={() =>
                  item.start !== undefined && actor.send({ type: 'seek', at: item.start })
                }
              >
                <span className="step-seq">{item.seq}</span>
                <span className="step-title">{stepTitle(item)}</span>
                {item.recovery ? <span className="badge badge-recovery">recovery</span> : null}
                <span className={`status status-${state}`}>{state}</span>
                <span className="step-time">
                  {started && item.start !== undefined ? clock(item.start) : ''}
                  {started &&
                  item.end !== undefined &&
                  item.start !== undefined &&
                  item.end > item.start
                    ? ` · ${span(item.end - item.start)}`
                    : ''}
                </span>
              </button>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
