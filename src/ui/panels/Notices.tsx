import { useEffect } from 'react';
import { download, fileStem } from '../export/download';
import { selectNotices, selectSource, selectStorageError } from '../state/selectors';
import { NOTICE_FADES_MS } from '../state/playerMachine';
import { usePlayer } from '../state/usePlayer';
import { usePlayerSelector } from '../state/usePlayerSelector';
import { cx } from '../classNames';
import styles from './Notices.module.css';

const TONE = { error: styles.error, info: styles.info } as const;

/**
 * Banners: unreadable links or stored text, imports, exports; each can be dismissed. A storage
 * failure stays until a later write succeeds, with a button to download the text. A transient
 * notice (a jump with nowhere to go) floats over the page's top rather than pushing the stage
 * down for its few seconds: the stage refitted to the lower box, its cards zoomed out.
 */
export function Notices() {
  const actor = usePlayer();
  const notices = usePlayerSelector(selectNotices);
  const storageError = usePlayerSelector(selectStorageError);
  const source = usePlayerSelector(selectSource);
  // A transient notice (the answer to a jump with nowhere to go) goes by itself.
  const fading = notices.filter((notice) => notice.transient === true).map((notice) => notice.id);
  const fadingKey = fading.join(' ');
  useEffect(() => {
    if (fadingKey === '') return undefined;
    const timers = fadingKey
      .split(' ')
      .map((id) =>
        setTimeout(() => actor.send({ type: 'notice.dismiss', id: Number(id) }), NOTICE_FADES_MS),
      );
    return () => timers.forEach(clearTimeout);
  }, [actor, fadingKey]);
  if (notices.length === 0 && storageError === undefined) return null;
  const name = /^name:[ \t]*(.+)$/m.exec(source)?.[1] ?? 'scenario';
  return (
    <div className={styles.notices}>
      {storageError !== undefined ? (
        <div className={cx(styles.notice, styles.error)} role="alert" data-testid="storage-error">
          <span>{storageError}</span>
          <button
            type="button"
            className={styles.action}
            onClick={() => download(`${fileStem(name)}.yaml`, source, 'application/yaml')}
            data-testid="storage-download"
          >
            Download the text
          </button>
        </div>
      ) : null}
      {notices.map((notice) => (
        <div
          key={notice.id}
          className={cx(styles.notice, TONE[notice.tone], notice.transient && styles.floating)}
          role={notice.tone === 'error' ? 'alert' : 'status'}
          data-testid="notice"
          data-tone={notice.tone}
        >
          <span>{notice.text}</span>
          <button
            type="button"
            onClick={() => actor.send({ type: 'notice.dismiss', id: notice.id })}
            aria-label="Dismiss"
          >
            ✕
          </button>
        </div>
      ))}
    </div>
  );
}
