import { useState } from 'react';
import { selectDrafts, selectReplacedCount, selectSource, selectUnsaved } from '../state/selectors';
import { usePlayer } from '../state/usePlayer';
import { usePlayerSelector } from '../state/usePlayerSelector';
import styles from './DraftsBar.module.css';

/**
 * The editor's drafts: save the text under a name, open or delete a saved one, and Undo the last
 * replacement of the text.
 */
export function DraftsBar() {
  const actor = usePlayer();
  const drafts = usePlayerSelector(selectDrafts);
  const dirty = usePlayerSelector(selectUnsaved);
  const source = usePlayerSelector(selectSource);
  const undo = usePlayerSelector(selectReplacedCount);
  const [name, setName] = useState('');
  const saved = drafts.some((draft) => draft.text === source);
  return (
    <div className={styles.bar} data-testid="drafts-bar">
      <form
        className={styles.save}
        onSubmit={(event) => {
          event.preventDefault();
          actor.send({ type: 'draft.save', name, at: Date.now() });
          setName('');
        }}
      >
        <input
          type="text"
          value={name}
          onChange={(event) => setName(event.target.value)}
          placeholder="Draft name (optional)"
          aria-label="Draft name"
          data-testid="draft-name"
        />
        <button
          type="submit"
          disabled={saved || source.trim() === ''}
          data-testid="draft-save"
          title="Keep this text as a named draft, saved across reloads"
        >
          {saved ? 'Saved as a draft' : 'Save draft'}
        </button>
      </form>
      <span className={styles.state} data-testid="draft-state">
        {dirty && !saved ? 'Unsaved changes' : ''}
      </span>
      <button
        type="button"
        disabled={undo === 0}
        onClick={() => actor.send({ type: 'scenario.undo' })}
        title="Bring back the text the last opened scenario replaced (Back does the same)"
        data-testid="undo-replace"
      >
        Undo replace
      </button>
      <details className={styles.drafts} data-testid="drafts">
        <summary>Drafts ({drafts.length})</summary>
        {drafts.length === 0 ? (
          <p className="empty">No drafts yet.</p>
        ) : (
          <ul>
            {drafts.map((draft) => (
              <li key={draft.id} data-testid="draft">
                <span className={styles.name}>{draft.name}</span>
                <span className="muted"> {new Date(draft.savedAt).toLocaleString()}</span>
                <button
                  type="button"
                  onClick={() => actor.send({ type: 'draft.open', id: draft.id })}
                  data-testid="draft-open"
                >
                  Open
                </button>
                <button
                  type="button"
                  onClick={() => actor.send({ type: 'draft.delete', id: draft.id })}
                  aria-label={`Delete draft ${draft.name}`}
                  data-testid="draft-delete"
                >
                  Delete
                </button>
              </li>
            ))}
          </ul>
        )}
      </details>
    </div>
  );
}
