import { Suspense } from 'react';
import type { AnyStateMachine } from 'xstate';
import { procedureMachine } from '../../../machines';
import { lazyExternal } from '../lazyExternal';
import { HOST_MACHINES } from '../state/importReport';
import { selectInspectedEntry, selectSelectedHost, selectView } from '../state/selectors';
import { usePlayer } from '../state/usePlayer';
import { usePlayerSelector } from '../state/usePlayerSelector';

interface StatechartViewProps {
  readonly machine: AnyStateMachine;
  readonly activeState: string;
  readonly lastEvent: string | undefined;
}

const StatechartView = lazyExternal<StatechartViewProps>(
  './statechart/StatechartView.tsx',
  'StatechartView',
);

/** The selected host's machine (or the procedure's) with its active state at the cursor. */
export function StatechartTab() {
  const actor = usePlayer();
  const view = usePlayerSelector(selectView);
  const host = usePlayerSelector(selectSelectedHost);
  const entry = usePlayerSelector(selectInspectedEntry);
  if (!view) return <p className="empty">No run yet.</p>;
  const kind =
    host === undefined ? undefined : view.run.report.hosts.find((item) => item.name === host)?.kind;
  const machine = kind === undefined ? procedureMachine : HOST_MACHINES[kind];
  return (
    <div className="statechart-tab">
      <div className="tab-controls">
        <label>
          Machine of
          <select
            value={host ?? ''}
            onChange={(event) =>
              actor.send({
                type: 'host.select',
                name: event.target.value === '' ? undefined : event.target.value,
              })
            }
            data-testid="statechart-host"
          >
            <option value="">the procedure</option>
            {view.hosts.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <span className="muted">
          {machine.id} · state <code data-testid="active-state">{entry?.state ?? '—'}</code>
          {entry ? (
            <>
              {' '}
              after <code>{entry.event}</code>
            </>
          ) : null}
        </span>
      </div>
      {StatechartView ? (
        <Suspense fallback={<p className="empty">Loading the statechart…</p>}>
          <StatechartView
            machine={machine}
            activeState={entry?.state ?? ''}
            lastEvent={entry?.event}
          />
        </Suspense>
      ) : (
        <p className="empty">The statechart view is not part of this build yet.</p>
      )}
    </div>
  );
}
