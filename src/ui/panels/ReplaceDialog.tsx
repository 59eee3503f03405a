import { useEffect, useRef } from 'react';
import { download, fileStem } from '../export/download';
import { invariantWords } from '../format';
import { textUnsaved } from '../state/playerMachine';
import { selectConfirm, selectDrafts, selectLiveFaults, selectSource } from '../state/selectors';
import { usePlayer } from '../state/usePlayer';
import { usePlayerSelector } from '../state/usePlayerSelector';
import styles from './ReplaceDialog.module.css';

/**
 * Asks before a built-in, a link, a counterexample, a draft or Undo replaces text the user typed
 * and saved nowhere, or a run with faults injected by hand. "Keep my draft" is the default
 * (focused, and what Escape does); replacing keeps the text as a draft (the injected faults
 * written into it) and on the Undo stack.
 */
export function ReplaceDialog() {
  const actor = usePlayer();
  const confirm = usePlayerSelector(selectConfirm);
  const drafts = usePlayerSelector(selectDrafts);
  const live = usePlayerSelector(selectLiveFaults).length;
  const typed = usePlayerSelector((s) => textUnsaved(s.context));
  // Storage refused the drafts: the draft replacing makes lives in this tab only.
  const unstored = usePlayerSelector((s) => s.context.draftsUnstored);
  const source = usePlayerSelector(selectSource);
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
          ? `the counterexample for ${invariantWords(confirm.invariant)}`
          : confirm.type === 'explore.openDecision'
            ? `the run choosing ${confirm.option} in finding ${confirm.finding + 1} of the decision search`
            : confirm.type === 'draft.open'
              ? `the draft "${drafts.find((draft) => draft.id === confirm.id)?.name ?? confirm.id}"`
              : 'the text replaced earlier';
  // What replacing would lose, as one phrase.
  const lost = [
    typed ? 'changes to the text saved in no draft' : '',
    live === 0 ? '' : live === 1 ? 'a fault injected by hand' : `${live} faults injected by hand`,
  ]
    .filter((part) => part !== '')
    .join(' and ');
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
        <h2 id="replace-title">
          {typed ? 'Replace your edited text?' : 'Replace the scenario and its injected faults?'}
        </h2>
        <p id="replace-text" data-testid="replace-text">
          Opening {what} replaces {lost}. If you replace them, your text is kept as a draft
          {unstored
            ? ' in this tab only (the browser’s storage refused the drafts, so a reload loses it; download it to keep it)'
            : ''}
          {live > 0 ? ', with the injected faults written under faults:,' : ''} and Undo (or the
          browser&apos;s Back) brings the text back.
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
          {unstored ? (
            <button
              type="button"
              onClick={() => {
                const name = /^name:[ \t]*(.+)$/m.exec(source)?.[1] ?? 'scenario';
                download(`${fileStem(name)}.yaml`, source, 'application/yaml');
              }}
              data-testid="replace-download"
            >
              Download my text
            </button>
          ) : null}
        </div>
      </div>
    </div>
  );
}
