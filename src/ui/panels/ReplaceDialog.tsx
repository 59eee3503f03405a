import { useEffect, useRef } from 'react';
import { download, fileStem } from '../export/download';
import { invariantWords, words } from '../format';
import { textUnsaved } from '../state/playerMachine';
import {
  selectBuiltins,
  selectConfirm,
  selectDrafts,
  selectLiveFaults,
  selectSource,
} from '../state/selectors';
import { usePlayer } from '../state/usePlayer';
import { usePlayerSelector } from '../state/usePlayerSelector';
import styles from './ReplaceDialog.module.css';

/**
 * Asks before a built-in, a link, a counterexample, a draft or Undo replaces text the user typed
 * and saved nowhere, or a run with faults injected by hand. "Keep editing mine" is the default
 * (focused, and what Escape does); the other choice opens what was asked for ("Open "Single
 * server" (mine is kept as a draft)"): replacing keeps the text as a draft (the injected faults
 * written into it) and on the Undo stack. A built-in is named by its title, as the picker lists
 * it, not by its file.
 */
export function ReplaceDialog() {
  const actor = usePlayer();
  const confirm = usePlayerSelector(selectConfirm);
  const drafts = usePlayerSelector(selectDrafts);
  const builtins = usePlayerSelector(selectBuiltins);
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
  // What opening names (`what`), and the choice that opens it, in a few words (`open`).
  const [what, open] =
    confirm.type === 'scenario.select'
      ? ((name) => [`the built-in scenario "${name}"`, `Open "${name}"`])(
          builtins.find((builtin) => builtin.id === confirm.id)?.name ?? confirm.id,
        )
      : confirm.type === 'scenario.load'
        ? confirm.file === 'shared-link.yaml'
          ? ['the scenario from the link', "Open the link's scenario"]
          : [`"${confirm.file ?? 'a scenario'}"`, `Open "${confirm.file ?? 'the scenario'}"`]
        : confirm.type === 'explore.open'
          ? [
              `the counterexample for ${invariantWords(confirm.invariant)}`,
              'Open the counterexample',
            ]
          : confirm.type === 'explore.openDecision'
            ? [
                `the run choosing ${words(confirm.option)} in finding ${confirm.finding + 1} of the decision search`,
                'Open that run',
              ]
            : confirm.type === 'draft.open'
              ? ((name) => [`the draft "${name}"`, `Open the draft "${name}"`])(
                  drafts.find((draft) => draft.id === confirm.id)?.name ?? confirm.id,
                )
              : ['the text replaced earlier', 'Bring the earlier text back'];
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
            {typed ? 'Keep editing mine' : 'Keep this run'}
          </button>
          <button
            type="button"
            onClick={() => actor.send({ type: 'replace.confirm', at: Date.now() })}
            data-testid="replace-confirm"
          >
            {open} ({typed ? 'mine is' : 'this run is'} kept as a draft)
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
