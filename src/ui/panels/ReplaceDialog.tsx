import { useEffect, useRef } from 'react';
import { selectConfirm, selectDrafts } from '../state/selectors';
import { usePlayer } from '../state/usePlayer';
import { usePlayerSelector } from '../state/usePlayerSelector';
import styles from './ReplaceDialog.module.css';

/**
 * Asks before a built-in, a link, a counterexample, a draft or Undo replaces text the user typed
 * and saved nowhere. "Keep my draft" is the default (focused, and what Escape does); replacing
 * keeps the text as a draft and on the Undo stack.
 */
export function ReplaceDialog() {
  const actor = usePlayer();
  const confirm = usePlayerSelector(selectConfirm);
  const drafts = usePlayerSelector(selectDrafts);
  const keep = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirm) keep.current?.focus();
  }, [confirm]);
  if (!confirm) return null;
  const what =
    confirm.type === 'scenario.select'
      ? `the built-in scenario "${confirm.id}"`
      : confirm.type === 'scenario.load'
        ? confirm.file === 'shared-link.yaml'
          ? 'the scenario from the link'
          : `"${confirm.file ?? 'a scenario'}"`
        : confirm.type === 'explore.open'
          ? `the counterexample for ${confirm.invariant}`
          : confirm.type === 'explore.openDecision'
            ? `the run choosing ${confirm.option} in finding ${confirm.finding + 1} of the decision search`
            : confirm.type === 'draft.open'
              ? `the draft "${drafts.find((draft) => draft.id === confirm.id)?.name ?? confirm.id}"`
              : 'the text replaced earlier';
  const keepText = () => actor.send({ type: 'replace.keep' });
  return (
    <div className={styles.backdrop}>
      <div
        className={styles.dialog}
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="replace-title"
        aria-describedby="replace-text"
        data-testid="replace-dialog"
        onKeyDown={(event) => {
          // The app's shortcuts stay out of the dialog; Escape keeps the text.
          event.stopPropagation();
          if (event.key === 'Escape') keepText();
        }}
      >
        <h2 id="replace-title">Replace your edited text?</h2>
        <p id="replace-text">
          The editor holds changes that are saved in no draft. Opening {what} replaces them. If you
          replace them, your text is kept as a draft and Undo (or the browser&apos;s Back) brings it
          back.
        </p>
        <div className={styles.actions}>
          <button
            ref={keep}
            type="button"
            className={styles.primary}
            onClick={keepText}
            data-testid="replace-keep"
          >
            Keep my draft
          </button>
          <button
            type="button"
            onClick={() => actor.send({ type: 'replace.confirm', at: Date.now() })}
            data-testid="replace-confirm"
          >
            Replace it (keep mine as a draft)
          </button>
        </div>
      </div>
    </div>
  );
}
