import { Suspense, useMemo } from 'react';
import type { Run } from '../../sim';
import { lazyExternal } from '../lazyExternal';
import { selectCursor, selectRun } from '../state/selectors';
import { selectEndHidden } from '../state/spoilers';
import { usePlayer } from '../state/usePlayer';
import { usePlayerSelector } from '../state/usePlayerSelector';

interface InspectorLogProps {
  readonly run: Run;
  readonly cursor: number;
  readonly onJump: (seq: number) => void;
}

const InspectorLog = lazyExternal<InspectorLogProps>(
  './inspector/InspectorLog.tsx',
  'InspectorLog',
);

/**
 * Every transition of the run, as the inspector logs it; picking one seeks there. Spoiler-free,
 * the transitions up to the playhead only.
 */
export function InspectorTab() {
  const actor = usePlayer();
  const whole = usePlayerSelector(selectRun);
  const cursor = usePlayerSelector(selectCursor);
  const endHidden = usePlayerSelector(selectEndHidden);
  const run = useMemo(
    () =>
      whole && endHidden
        ? { ...whole, report: { ...whole.report, trace: whole.report.trace.slice(0, cursor + 1) } }
        : whole,
    [whole, endHidden, cursor],
  );
  if (!run) return <p className="empty">No run yet.</p>;
  if (!InspectorLog) return <p className="empty">The inspector is not part of this build yet.</p>;
  return (
    <Suspense fallback={<p className="empty">Loading the inspector…</p>}>
      <InspectorLog run={run} cursor={cursor} onJump={(seq) => actor.send({ type: 'seek', seq })} />
    </Suspense>
  );
}
