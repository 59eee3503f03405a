import { selectNotices } from '../state/selectors';
import { usePlayer } from '../state/usePlayer';
import { usePlayerSelector } from '../state/usePlayerSelector';

/** Banners: unreadable links or stored text, imports, exports; each can be dismissed. */
export function Notices() {
  const actor = usePlayer();
  const notices = usePlayerSelector(selectNotices);
  if (notices.length === 0) return null;
  return (
    <div className="notices">
      {notices.map((notice) => (
        <div
          key={notice.id}
          className={`notice notice-${notice.tone}`}
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
