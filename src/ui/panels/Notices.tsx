import { useEffect } from 'react';
import { download, fileStem } from '../export/download';
import { selectNotices, selectSource, selectStorageError } from '../state/selectors';
import { NOTICE_FADES_MS } from '../state/playerMachine';
import { usePlayer } from '../state/usePlayer';
import { usePlayerSelector } from '../state/usePlayerSelector';
import { cx } from '../classNames';
import styles from './Notices.module.css';
import { wholeNames } from './WholeNames';

const TONE = { error: styles.error, info: styles.info } as const;

/** How long a confirmation stays before it goes, in wall-clock ms. */
export const INFO_FADES_MS = 8_000;

/**
 * Banners: unreadable links or stored text, imports, exports; each can be dismissed. A storage
 * failure stays until a later write succeeds, with a button to download the text. A notice that
 * only tells (a jump with nowhere to go, a confirmation) is drawn by the instance `told` (placed
 * at the top of the run's column): it floats there and goes by itself rather than pushing the
 * stage down (the stage refitted to the lower box, its cards zoomed out) or covering the header
 * (over the picker and the buttons a trainer needs, for 6 to 12 s).
 * @param told Draw the notices that only tell, not the errors.
 */
export function Notices({ told: onlyTold = false }: { readonly told?: boolean }) {
  const actor = usePlayer();
  const notices = usePlayerSelector(selectNotices);
  const storageError = usePlayerSelector(selectStorageError);
  const source = usePlayerSelector(selectSource);
  // A notice that tells (info) floats and goes by itself: the answer to a jump with nowhere to
  // go soon, a confirmation ("written into the scenario") after a while. An error stays, in the
  // page, until dismissed.
  const fading = notices
    .filter((notice) => notice.tone === 'info')
    .map((notice) => `${notice.id}:${notice.transient === true ? NOTICE_FADES_MS : INFO_FADES_MS}`);
  const fadingKey = fading.join(' ');
  useEffect(() => {
    if (!onlyTold || fadingKey === '') return undefined;
    const timers = fadingKey.split(' ').map((entry) => {
      const [id, after] = entry.split(':').map(Number);
      return setTimeout(() => actor.send({ type: 'notice.dismiss', id: id ?? -1 }), after);
    });
    return () => timers.forEach(clearTimeout);
  }, [actor, fadingKey, onlyTold]);
  if (notices.length === 0 && storageError === undefined) return null;
  const name = /^name:[ \t]*(.+)$/m.exec(source)?.[1] ?? 'scenario';
  const item = (notice: (typeof notices)[number]) => (
    <div
      key={notice.id}
      className={cx(styles.notice, TONE[notice.tone])}
      role={notice.tone === 'error' ? 'alert' : 'status'}
      data-testid="notice"
      data-tone={notice.tone}
    >
      <span>{wholeNames(notice.text)}</span>
      <button
        type="button"
        onClick={() => actor.send({ type: 'notice.dismiss', id: notice.id })}
        aria-label="Dismiss"
      >
        ✕
      </button>
    </div>
  );
  const errors = notices.filter((notice) => notice.tone !== 'info');
  const told = notices.filter((notice) => notice.tone === 'info');
  if (onlyTold)
    return told.length > 0 ? (
      <div className={styles.floating} data-testid="notices-told">
        {told.map(item)}
      </div>
    ) : null;
  return (
    <>
      {storageError !== undefined || errors.length > 0 ? (
        <div className={styles.notices} data-notices="">
          {storageError !== undefined ? (
            <div
              className={cx(styles.notice, styles.error)}
              role="alert"
              data-testid="storage-error"
            >
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
          {errors.map(item)}
        </div>
      ) : null}
    </>
  );
}
