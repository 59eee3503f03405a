import { useState, type JSX } from 'react';
import { simulate } from '../../sim';
import type { Run } from '../../sim';
import styles from './InspectorLog.module.css';

type Status =
  | { readonly kind: 'idle' }
  | { readonly kind: 'opening' }
  | { readonly kind: 'opened' }
  | { readonly kind: 'failed'; readonly message: string };

const NEEDS =
  'Needs the optional @statelyai/inspect package and a network connection (it opens stately.ai/inspect).';

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const INSPECTOR_URL = 'https://stately.ai/inspect';

/**
 * Replays the run with the Stately inspector attached, into a window opened beforehand (while
 * the click still counts as a user gesture, so pop-up blockers let it through). The package is
 * loaded only on demand, so offline users never download it.
 */
async function replayInto(popup: Window, run: Run): Promise<void> {
  const { createBrowserInspector } = await import('@statelyai/inspect');
  // The inspector opens its window through `window.open`: hand it the one already open.
  const host = {
    open: () => popup,
    addEventListener: window.addEventListener.bind(window),
  } as unknown as Window;
  const inspector = createBrowserInspector({
    window: host,
    url: INSPECTOR_URL,
    // The replay runs in virtual time, so every event arrives before the window is ready.
    maxDeferredEvents: Math.max(200, run.report.trace.length * 8),
  });
  simulate(run.scenario, {
    seed: run.report.seed,
    inspect: (event) => inspector.inspect.next?.(event),
  });
}

/** A button that opens the run in Stately's inspector, for users who are online. */
export function StatelyInspectorButton({ run }: { run: Run }): JSX.Element {
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const offline = typeof navigator !== 'undefined' && navigator.onLine === false;

  const open = () => {
    let popup: Window | null;
    try {
      popup = window.open(INSPECTOR_URL, 'xstateinspector');
    } catch (error) {
      setStatus({ kind: 'failed', message: `Could not open a window: ${reason(error)}.` });
      return;
    }
    if (!popup) {
      setStatus({
        kind: 'failed',
        message:
          'The browser blocked the Stately Inspector window: allow pop-ups for this page and try again.',
      });
      return;
    }
    const opened = popup;
    setStatus({ kind: 'opening' });
    replayInto(opened, run).then(
      () => setStatus({ kind: 'opened' }),
      (error: unknown) => {
        opened.close();
        setStatus({
          kind: 'failed',
          message: `Could not open the Stately Inspector: ${reason(error)}. ${NEEDS}`,
        });
      },
    );
  };

  return (
    <div className={styles.bridge}>
      <button
        type="button"
        className={styles.button}
        onClick={open}
        disabled={offline || status.kind === 'opening'}
        title={NEEDS}
      >
        Open in Stately Inspector
      </button>
      <span className={styles.bridgeNote} role="status">
        {offline
          ? `Offline. ${NEEDS}`
          : status.kind === 'opening'
            ? 'Opening…'
            : status.kind === 'opened'
              ? 'Sent the run to the Stately Inspector window.'
              : status.kind === 'failed'
                ? status.message
                : ''}
      </span>
    </div>
  );
}
