import { Suspense, useRef } from 'react';
import type { AnyStateMachine } from 'xstate';
import { procedureMachine } from '../../../machines';
import { download, fileStem } from '../export/download';
import { standaloneSvg } from '../export/standaloneSvg';
import { lazyExternal } from '../lazyExternal';
import { HOST_MACHINES } from '../state/importReport';
import {
  selectInspectedBefore,
  selectInspectedEntry,
  selectSelectedHost,
  selectView,
} from '../state/selectors';
import { usePlayer } from '../state/usePlayer';
import { usePlayerSelector } from '../state/usePlayerSelector';
import tabView from './TabView.module.css';

interface StatechartViewProps {
  readonly machine: AnyStateMachine;
  readonly activeState: string;
  readonly lastEvent: string | undefined;
  readonly stateBefore: string | undefined;
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
  const before = usePlayerSelector(selectInspectedBefore);
  const tab = useRef<HTMLDivElement>(null);
  if (!view) return <p className="empty">No run yet.</p>;
  const kind =
    host === undefined ? undefined : view.run.report.hosts.find((item) => item.name === host)?.kind;
  const machine = kind === undefined ? procedureMachine : HOST_MACHINES[kind];
  const downloadSvg = () => {
    const svg = tab.current?.querySelector<SVGSVGElement>('[data-testid="statechart"] svg');
    if (!svg) {
      actor.send({
        type: 'notice.add',
        tone: 'error',
        text: 'The statechart is still being laid out.',
      });
      return;
    }
    const { scenario } = view.run.report;
    const state = entry?.state ? `, in ${entry.state}` : '';
    const background = getComputedStyle(svg.closest('.panel') ?? svg).backgroundColor;
    download(
      `${fileStem(scenario)}.${fileStem(host ?? machine.id)}.statechart.svg`,
      standaloneSvg(svg, {
        title: `${scenario}: statechart of ${machine.id}${host === undefined ? '' : ` (${host})`}${state}`,
        background: background === '' || background === 'rgba(0, 0, 0, 0)' ? '#ffffff' : background,
        styleOf: (element) => getComputedStyle(element),
      }),
      'image/svg+xml',
    );
  };
  return (
    <div ref={tab}>
      <div className={tabView.controls}>
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
        <button
          type="button"
          className={tabView.download}
          onClick={downloadSvg}
          title="Download this statechart, with its active state, as an SVG file"
          data-testid="statechart-svg"
        >
          Download SVG
        </button>
      </div>
      {StatechartView ? (
        <Suspense fallback={<p className="empty">Loading the statechart…</p>}>
          <StatechartView
            machine={machine}
            activeState={entry?.state ?? ''}
            lastEvent={entry?.event}
            stateBefore={before}
          />
        </Suspense>
      ) : (
        <p className="empty">The statechart view is not part of this build yet.</p>
      )}
    </div>
  );
}
