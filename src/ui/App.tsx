import {
  lazy,
  Suspense,
  useCallback,
  useRef,
  useState,
  type CSSProperties,
  type ReactNode,
} from 'react';
import { useHistoryUndo } from './hooks/useHistoryUndo';
import { useKeyboardShortcuts } from './hooks/useKeyboardShortcuts';
import { usePersistence } from './hooks/usePersistence';
import { usePlayback } from './hooks/usePlayback';
import { useScreenScale } from './hooks/useScreenScale';
import { useShareLinkSync } from './hooks/useShareLinkSync';
import { useStickyScrollPadding } from './hooks/useStickyScrollPadding';
import { DecisionCard } from './drill/DecisionCard';
import { Debrief } from './drill/Debrief';
import { DrillBar } from './drill/DrillBar';
import { HandsOnPanel } from './drill/HandsOnPanel';
import { selectDeciding, selectDrill, selectInvariantsHidden } from './drill/drillSelectors';
import { PanelBoundary } from './PanelBoundary';
import { Announcer } from './panels/Announcer';
import { CompareTab } from './panels/CompareTab';
import { DowntimeTab } from './panels/DowntimeTab';
import { EditorPanel } from './panels/EditorPanel';
import { FaultPanel } from './panels/FaultPanel';
import { FindingsPanel } from './panels/FindingsPanel';
import { Header } from './panels/Header';
import { HelpOverlay } from './panels/HelpOverlay';
import { InspectorTab } from './panels/InspectorTab';
import { InvariantsPanel } from './panels/InvariantsPanel';
import { Notices } from './panels/Notices';
import { ProcedurePanel } from './panels/ProcedurePanel';
import { ReplaceDialog } from './panels/ReplaceDialog';
import { RunStatus } from './panels/RunStatus';
import { ScenarioIntro } from './panels/ScenarioIntro';
import { StatechartTab } from './panels/StatechartTab';
import { TimelinePanel } from './panels/TimelinePanel';
import { TopologyPanel } from './panels/TopologyPanel';
import { TransportBar } from './panels/TransportBar';
import type { StorageLike } from './state/persistence';
import { selectView } from './state/selectors';
import { selectSpoilerFree } from './state/spoilers';
import { usePlayer } from './state/usePlayer';
import { usePlayerSelector } from './state/usePlayerSelector';
import styles from './App.module.css';
import { cx } from './classNames';

// Loaded on first use: the start bundle stays as small as it was without exploration.
const ExploreTab = lazy(() =>
  import('./panels/ExploreTab').then((module) => ({ default: module.ExploreTab })),
);

const DistributionTab = lazy(() =>
  import('./panels/DistributionTab').then((module) => ({ default: module.DistributionTab })),
);

const TABS = [
  { id: 'scenario', label: 'Scenario' },
  { id: 'statechart', label: 'Statechart' },
  { id: 'inspector', label: 'Inspector' },
  { id: 'compare', label: 'Compare' },
  { id: 'explore', label: 'Explore' },
  { id: 'downtime', label: 'Downtime' },
  { id: 'distribution', label: 'Distribution' },
] as const;

type TabId = (typeof TABS)[number]['id'];

/**
 * The tabs that tell what lies ahead of the playhead, and how: covered in spoiler-free mode until
 * the trainer shows them (before, the Scenario tab under the stage showed the scenario's name,
 * its description of the mistake to spot and its faults). The Downtime tab keeps its figures for
 * the run's end itself; the statechart shows where the machines are now.
 */
const TELLS_AHEAD: Partial<Readonly<Record<TabId, string>>> = {
  scenario: "the scenario's text names it, its faults and what it expects",
  inspector: 'its log lists every transition of the run, those ahead of the playhead too',
  compare: 'it compares whole runs, their ends included',
  explore: 'its findings are how runs end',
  distribution: 'it shows how the runs end',
};

const TAB_CONTENT: Readonly<Record<TabId, () => ReactNode>> = {
  scenario: () => <EditorPanel />,
  downtime: () => <DowntimeTab />,
  statechart: () => <StatechartTab />,
  inspector: () => <InspectorTab />,
  compare: () => <CompareTab />,
  explore: () => (
    <Suspense fallback={<p className="empty">Loading the explorer…</p>}>
      <ExploreTab />
    </Suspense>
  ),
  distribution: () => (
    <Suspense fallback={<p className="empty">Loading the distribution…</p>}>
      <DistributionTab />
    </Suspense>
  ),
};

/** The skip links at the top of the page: each focuses the first control of a region. */
const SKIPS: readonly { readonly target: string; readonly label: string; readonly tab?: TabId }[] =
  [
    { target: 'transport', label: 'playback controls' },
    { target: 'faults', label: 'the fault form' },
    { target: 'editor', label: 'the scenario editor', tab: 'scenario' },
  ];

function focusFirstIn(target: string): void {
  const region = document.querySelector(`[data-skip="${target}"]`);
  const first = region?.querySelector<HTMLElement>(
    'button:not(:disabled), select:not(:disabled), input:not(:disabled), textarea, [contenteditable="true"], [tabindex="0"]',
  );
  first?.focus();
}

/** The tab an arrow key, Home or End moves to from `from`. Pure. */
function nextTab(from: TabId, key: string): TabId | undefined {
  const index = TABS.findIndex((item) => item.id === from);
  const last = TABS.length - 1;
  const to =
    key === 'ArrowRight'
      ? (index + 1) % TABS.length
      : key === 'ArrowLeft'
        ? (index + last) % TABS.length
        : key === 'Home'
          ? 0
          : key === 'End'
            ? last
            : -1;
  return TABS[to]?.id;
}

interface AppProps {
  /** Where the editor's text is remembered (none in tests). */
  readonly storage?: StorageLike;
  /** Start in presenter mode. */
  readonly presenter?: boolean;
}

/** The visual debugger: a run's topology, procedure, timeline and invariants, played back. */
export function App({ storage, presenter: presenterAtStart = false }: AppProps) {
  const actor = usePlayer();
  const view = usePlayerSelector(selectView);
  const invariantsHidden = usePlayerSelector(selectInvariantsHidden);
  const deciding = usePlayerSelector(selectDeciding);
  const drilling = usePlayerSelector((snapshot) => selectDrill(snapshot) !== undefined);
  const [presenter, setPresenter] = useState(presenterAtStart);
  const [help, setHelp] = useState(false);
  const [announce, setAnnounce] = useState(true);
  const [tab, setTab] = useState<TabId>('scenario');
  // Shown by the trainer in spoiler-free mode; covered again when the mode is turned on again.
  const spoilerFree = usePlayerSelector(selectSpoilerFree);
  const [tabsShown, setTabsShown] = useState(false);
  const [coveredFor, setCoveredFor] = useState(spoilerFree);
  if (coveredFor !== spoilerFree) {
    setCoveredFor(spoilerFree);
    setTabsShown(false);
  }
  const cover = spoilerFree && !tabsShown ? TELLS_AHEAD[tab] : undefined;
  const togglePresenter = useCallback(() => setPresenter((on) => !on), []);
  const toggleHelp = useCallback(() => setHelp((on) => !on), []);
  const escape = useCallback(() => {
    if (help) setHelp(false);
    else actor.send({ type: 'host.select', name: undefined });
  }, [actor, help]);
  usePlayback();
  usePersistence(storage, presenter);
  useShareLinkSync();
  useHistoryUndo();
  useKeyboardShortcuts({ onHelp: toggleHelp, onPresenter: togglePresenter, onEscape: escape });
  const { zoom, short } = useScreenScale(presenter);
  // Where the announcements are said: beside the switches, or on the stage at the foot of the
  // main column, over the Findings strip. On the stage in presenter mode, and on a short screen
  // while a drill runs, whose switches leave no room beside them: there, a line of its own under
  // them ran the stage 67 px past a 720p window's foot.
  const announceOnStage = presenter || (short && drilling);
  const controlsRow = useRef<HTMLDivElement>(null);
  useStickyScrollPadding(controlsRow);

  return (
    <div
      data-testid="app-root"
      className={cx('app', presenter && 'presenter', short && 'short')}
      style={zoom === 1 ? undefined : ({ zoom, '--zoom': zoom } as CSSProperties)}
    >
      <nav className="skip-links" aria-label="Skip to">
        {SKIPS.map((entry) => {
          // At a drill's decision the card takes the fault form's place: the link goes to it.
          const skip =
            deciding && entry.target === 'faults'
              ? { ...entry, target: 'decision', label: 'the decision' }
              : entry;
          return (
            <button
              key={skip.target}
              type="button"
              className="skip-link"
              data-testid={`skip-${skip.target}`}
              onClick={() => {
                if (skip.tab) setTab(skip.tab);
                // After the tab renders: focus the first control of the region.
                requestAnimationFrame(() => focusFirstIn(skip.target));
              }}
            >
              Skip to {skip.label}
            </button>
          );
        })}
      </nav>
      {/* The stage: one screen on a wide display, with the run, its step, its timeline and the
          fault form in view together; the tabs below it are the second view. */}
      <div className="stage">
        {/* Presenter mode: the scenario's line beside the picker, on its row, so the run has
            that line's height (the cards of an HA pair in a crash read 21 px at 1080p under a
            line of its own). */}
        <Header presenter={presenter} onPresenter={togglePresenter} onHelp={toggleHelp}>
          {presenter ? <ScenarioIntro inHeader /> : null}
        </Header>
        <Notices />
        <RunStatus />
        {presenter ? null : <ScenarioIntro />}
        {/* Playback and the class's switches: one row when the screen is wide enough for both. */}
        <div className="controls-row" ref={controlsRow}>
          <TransportBar />
          <PanelBoundary name="Drill" resetKey={view}>
            <DrillBar announce={announce} onAnnounce={setAnnounce} />
          </PanelBoundary>
          {/* Beside the switches (see `announceOnStage`): nothing of the run under them. */}
          {announceOnStage ? null : <Announcer enabled={announce} compact={short} inBar />}
        </div>
        <PanelBoundary name="Drill" resetKey={view}>
          <Debrief />
        </PanelBoundary>
        <main className="layout">
          <div className="column-main">
            {/* What only tells (a confirmation, a jump with nowhere to go) floats at the top of
                the run's column: over the stage's top, never over the controls above it. */}
            <Notices told />
            <PanelBoundary name="Topology" resetKey={view}>
              <TopologyPanel />
            </PanelBoundary>
            <PanelBoundary name="Timeline" resetKey={view}>
              <TimelinePanel />
            </PanelBoundary>
            <PanelBoundary name="Findings" resetKey={view}>
              <FindingsPanel />
            </PanelBoundary>
            {/* On the stage (see `announceOnStage`): over the Findings strip. */}
            {announceOnStage ? <Announcer enabled={announce} compact={short} /> : null}
          </div>
          <div className="column-side">
            <PanelBoundary name="Procedure" resetKey={view}>
              <ProcedurePanel />
            </PanelBoundary>
            <PanelBoundary name="Invariants" resetKey={view}>
              {invariantsHidden ? (
                <section className="panel invariants" aria-label="Invariants" data-quiet="">
                  <h2>Invariants</h2>
                  <p className="empty">Hidden until the drill's debrief.</p>
                </section>
              ) : (
                <InvariantsPanel />
              )}
            </PanelBoundary>
            {/* A drill's panels take the fault form's place on the stage, beside the run they
                act on: above it, they pushed the topology and the timeline off a projector's
                screen. While a decision waits, the card is the form: the run is paused for it. */}
            <PanelBoundary name="Drill" resetKey={view}>
              <DecisionCard />
              <HandsOnPanel />
            </PanelBoundary>
            {deciding ? null : (
              <PanelBoundary name="Faults" resetKey={view}>
                <FaultPanel />
              </PanelBoundary>
            )}
          </div>
        </main>
      </div>
      <section className={styles.tabs}>
        <div role="tablist" aria-label="More views" className={styles.tablist}>
          {TABS.map((item) => (
            <button
              key={item.id}
              type="button"
              role="tab"
              id={`tab-${item.id}`}
              aria-selected={tab === item.id}
              aria-controls={`tabpanel-${item.id}`}
              className={cx(styles.tab, tab === item.id && styles.active)}
              tabIndex={tab === item.id ? 0 : -1}
              onClick={() => setTab(item.id)}
              onKeyDown={(event) => {
                // The tab pattern: arrows move between tabs, one Tab stop for the whole list.
                const next = nextTab(item.id, event.key);
                if (!next) return;
                event.preventDefault();
                setTab(next);
                document.getElementById(`tab-${next}`)?.focus();
              }}
              data-testid={`tab-${item.id}`}
            >
              {item.label}
            </button>
          ))}
        </div>
        <div
          role="tabpanel"
          id={`tabpanel-${tab}`}
          aria-labelledby={`tab-${tab}`}
          className={styles.tabpanel}
        >
          <PanelBoundary
            key={tab}
            name={TABS.find((item) => item.id === tab)?.label ?? tab}
            resetKey={view}
          >
            {cover === undefined ? (
              TAB_CONTENT[tab]()
            ) : (
              <section className="panel" data-testid="spoiler-cover">
                <p className="empty">
                  Hidden while Spoiler-free is on: {cover}.{' '}
                  <button
                    type="button"
                    data-testid="spoiler-show"
                    onClick={() => setTabsShown(true)}
                  >
                    Show the tabs anyway
                  </button>
                </p>
              </section>
            )}
          </PanelBoundary>
        </div>
      </section>
      {help ? <HelpOverlay onClose={() => setHelp(false)} /> : null}
      <ReplaceDialog />
    </div>
  );
}
