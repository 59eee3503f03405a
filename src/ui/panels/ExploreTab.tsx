import {
  describeSource,
  formatDuration,
  sourceLabel,
  type Counterexample,
  type DecisionFinding,
  type DecisionSearchResult,
  type ExploreResult,
  type OptionResult,
  type Outcome,
} from '../../sim';
import { describeFault } from '../explore';
import { invariantWords, optionMeaning, situationWords, words } from '../format';
import {
  decisionFile,
  MAX_RANDOM_RUNS,
  type Exploration,
  type ExploreSettings,
} from '../state/playerMachine';
import {
  selectCanExplore,
  selectExploration,
  selectExploreSettings,
  selectExploreStatus,
  selectLiveFaults,
  selectScenario,
  selectSourceFile,
} from '../state/selectors';
import { usePlayer } from '../state/usePlayer';
import { usePlayerSelector } from '../state/usePlayerSelector';
import { BEST_OPTION_RULE } from '../../sim/bestOptionRule';
import { CauseBadge } from './CauseBadge';
import { cx } from '../classNames';
import styles from './ExploreTab.module.css';
import tabView from './TabView.module.css';

type Status = ReturnType<typeof selectExploreStatus>;

const PROGRESS: Readonly<Partial<Record<Status, string>>> = {
  finished: styles.progressFinished,
  failed: styles.progressFailed,
  cancelled: styles.progressCancelled,
};

const MODES: readonly {
  readonly id: ExploreSettings['mode'];
  readonly label: string;
  readonly hint: string;
}[] = [
  { id: 'single', label: 'Single faults', hint: 'Every applicable fault at every step' },
  {
    id: 'pairs',
    label: 'Pairs of faults',
    hint: 'A second fault at every later step of each faulty run: minutes on a large cluster',
  },
  {
    id: 'random',
    label: 'Random',
    hint: 'Fault sets (one to three faults, at steps or at random times) drawn from the seed; failures are shrunk',
  },
  {
    id: 'decisions',
    label: 'Decisions',
    hint: 'Every option at every decision point each single fault leads to, each run to the end: the best option beside the default',
  },
];

const OUTCOMES: readonly (readonly [Outcome, string])[] = [
  ['completed', 'completed'],
  ['rolled-back', 'rolled back'],
  ['aborted', 'aborted'],
  ['stuck', 'stuck'],
];

function modeLabel(request: Exploration['request']): string {
  if (request.decisions) return 'the decisions every single fault leads to';
  if (request.random)
    return `${request.random.runs.toLocaleString('en')} random fault sets (seed ${request.random.seed})`;
  return request.faults === 2 ? 'every pair of faults' : 'every single fault';
}

/** What `done` and `total` count in the progress of a request. */
function unitOf(request: Exploration['request']): string {
  if (request.random || request.decisions) return 'fault set';
  return request.faults === 2 ? 'first fault' : 'fault';
}

function plural(count: number, noun: string): string {
  return `${count.toLocaleString('en')} ${noun}${count === 1 ? '' : 's'}`;
}

function percentOf(exploration: Exploration | undefined, status: Status): number {
  if (!exploration) return 0;
  if (status === 'finished') return 100;
  if (exploration.total <= 0) return 0;
  // Tenths: pairs on a large cluster move through hundreds of first faults.
  return Math.min(100, Math.floor((exploration.done / exploration.total) * 1000) / 10);
}

/**
 * Explores the scenario in the editor off the main thread: every single fault, every pair,
 * random fault sets, or every option at the decision points faults lead to; shows the progress,
 * what was found, and opens any counterexample (or any option of a decision) as a run.
 */
export function ExploreTab() {
  const actor = usePlayer();
  const canExplore = usePlayerSelector(selectCanExplore);
  const status = usePlayerSelector(selectExploreStatus);
  const settings = usePlayerSelector(selectExploreSettings);
  const exploration = usePlayerSelector(selectExploration);
  const running = status === 'running';
  const configure = (patch: Partial<ExploreSettings>) =>
    actor.send({ type: 'explore.configure', settings: patch });
  const number = (value: number, apply: (value: number) => Partial<ExploreSettings>) => {
    if (Number.isFinite(value)) configure(apply(value));
  };
  return (
    <div data-testid="explore" data-status={status}>
      <form
        className={cx(tabView.controls, styles.controls)}
        onSubmit={(event) => {
          event.preventDefault();
          actor.send({ type: running ? 'explore.cancel' : 'explore.start' });
        }}
      >
        <fieldset className={styles.modes} disabled={running}>
          <legend>Explore</legend>
          {MODES.map((mode) => (
            <label key={mode.id} title={mode.hint}>
              <input
                type="radio"
                name="explore-mode"
                value={mode.id}
                checked={settings.mode === mode.id}
                onChange={() => configure({ mode: mode.id })}
                data-testid={`explore-mode-${mode.id}`}
              />
              {mode.label}
            </label>
          ))}
          <label>
            N
            <input
              type="number"
              min={1}
              max={MAX_RANDOM_RUNS}
              step={1}
              value={settings.runs}
              disabled={settings.mode !== 'random'}
              onChange={(event) => number(event.target.valueAsNumber, (runs) => ({ runs }))}
              data-testid="explore-runs"
              aria-label="Random fault sets"
            />
          </label>
          <label>
            seed
            <input
              type="number"
              min={0}
              step={1}
              value={settings.seed}
              disabled={settings.mode !== 'random'}
              onChange={(event) => number(event.target.valueAsNumber, (seed) => ({ seed }))}
              data-testid="explore-seed"
              aria-label="Seed"
            />
          </label>
        </fieldset>
        {running ? (
          <button type="submit" data-testid="explore-cancel">
            Cancel
          </button>
        ) : (
          <button
            type="submit"
            className={styles.primary}
            disabled={!canExplore}
            title={canExplore ? 'Explore the scenario in the editor' : 'No valid scenario'}
            data-testid="explore-start"
          >
            Start
          </button>
        )}
      </form>
      <OwnFaultsNote />
      <Progress exploration={exploration} status={status} />
      {status === 'failed' && exploration?.error !== undefined ? (
        <p className={tabView.error} role="alert" data-testid="explore-error">
          The exploration failed: {exploration.error}
        </p>
      ) : null}
      {exploration?.result ? (
        <Findings result={exploration.result} />
      ) : exploration?.decisions ? (
        <DecisionFindings search={exploration.decisions} />
      ) : status === 'idle' ? (
        <p className="empty">
          Tries faults at every step of the procedure, checks every invariant on every run and
          keeps, per violated invariant, the shortest run that breaks it.
        </p>
      ) : null}
    </div>
  );
}

/**
 * The explorer tries its own faults on the scenario without the faults it already has (written
 * in `faults:` or injected): said plainly, so a result is never read as covering them.
 */
function OwnFaultsNote() {
  const own = usePlayerSelector((s) => selectScenario(s)?.faults.length ?? 0);
  const live = usePlayerSelector((s) => selectLiveFaults(s).length);
  if (own === 0 && live === 0) return null;
  const parts = [
    own > 0 ? `its own ${plural(own, 'fault')} (faults:)` : '',
    live > 0 ? `the ${plural(live, 'injected fault')}` : '',
  ].filter(Boolean);
  return (
    <p className={tabView.hint} role="note" data-testid="explore-faults-note">
      The explorer runs this scenario without {parts.join(' and ')}: each run it tries has only the
      faults the explorer injects, and its findings are about those runs.
    </p>
  );
}

function Progress({
  exploration,
  status,
}: {
  exploration: Exploration | undefined;
  status: Status;
}) {
  if (!exploration) return null;
  const percent = percentOf(exploration, status);
  const what = `${modeLabel(exploration.request)} of “${exploration.scenario}”`;
  const text =
    status === 'running'
      ? `Exploring ${what}…${exploration.total > 0 ? ` ${exploration.done.toLocaleString('en')} of ${plural(exploration.total, unitOf(exploration.request))}` : ''}`
      : status === 'finished'
        ? `Explored ${what}.`
        : status === 'cancelled'
          ? `Cancelled at ${percent} %: ${what}.`
          : `Stopped: ${what}.`;
  return (
    <div className={styles.status}>
      <div
        className={cx(styles.progress, PROGRESS[status])}
        role="progressbar"
        aria-label="Exploration progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        data-testid="explore-progress"
        data-done={exploration.done}
        data-total={exploration.total}
      >
        <span className={styles.progressBar} style={{ width: `${percent}%` }} />
      </div>
      <span className={styles.percent}>{percent} %</span>
      <span className="muted" data-testid="explore-status">
        {text}
      </span>
    </div>
  );
}

function Findings({ result }: { result: ExploreResult }) {
  return (
    <div>
      <dl className={styles.summary} data-testid="explore-summary">
        <div>
          <dt>runs</dt>
          <dd data-testid="explore-runs-done" data-value={result.runs}>
            {result.runs.toLocaleString('en')}
            {result.converged > 0 ? (
              <span
                className="muted"
                title="stopped on reaching a state the run they branched from had been in at the same step: the rest is that run's"
              >
                {' '}
                ({result.converged.toLocaleString('en')} converged)
              </span>
            ) : null}
            {result.covered > 0 ? (
              <span
                className="muted"
                title="their last fault strikes where an explored run stood in the same state: they go on as that run did, so they are composed from it rather than run"
              >
                {' '}
                ({result.covered.toLocaleString('en')} covered by equivalent runs)
              </span>
            ) : null}
            {result.merged > 0 ? (
              <span className="muted"> (+{result.merged.toLocaleString('en')} merged)</span>
            ) : null}
          </dd>
        </div>
        <div>
          <dt>distinct states</dt>
          <dd data-testid="explore-states" data-value={result.distinctStates}>
            {result.distinctStates.toLocaleString('en')}
          </dd>
        </div>
        <div>
          <dt>outcomes</dt>
          <dd data-testid="explore-outcomes">
            {OUTCOMES.filter(([outcome]) => result.outcomes[outcome] > 0)
              .map(
                ([outcome, label]) => `${label} ${result.outcomes[outcome].toLocaleString('en')}`,
              )
              .join(' · ')}
          </dd>
        </div>
      </dl>
      {result.counterexamples.length === 0 ? (
        <p className="ok" data-testid="explore-none">
          ✓ Every invariant held in every run.
        </p>
      ) : (
        <>
          <h3 className={styles.heading}>
            {plural(result.counterexamples.length, 'invariant')} violated{' '}
            <span className="muted">
              the shortest run for each (fewest faults, then fewest steps)
            </span>
          </h3>
          <ol className={styles.counterexamples}>
            {result.counterexamples.map((found) => (
              <CounterexampleItem key={found.invariant} found={found} />
            ))}
          </ol>
        </>
      )}
      <details className={styles.details}>
        <summary>
          Situations reached ({result.situations.filter((s) => s.reached).length} of{' '}
          {result.situations.length}) and coverage of the machines
        </summary>
        <ul className={styles.situations}>
          {result.situations.map((situation) => (
            <li key={situation.name} className={situation.reached ? 'ok' : 'muted'}>
              {situation.reached ? '✓' : '·'} {situation.name}
              {situation.reached ? ` (${plural(situation.runs, 'run')})` : ' — not reached'}
            </li>
          ))}
        </ul>
        <table className={tabView.table}>
          <thead>
            <tr>
              <th>machine</th>
              <th>states</th>
              <th>transitions</th>
            </tr>
          </thead>
          <tbody>
            {result.coverage.map((coverage) => (
              <tr key={coverage.machine}>
                <th scope="row">{coverage.machine}</th>
                <td>
                  {coverage.states.visited}/{coverage.states.total}
                </td>
                <td>
                  {coverage.transitions.visited}/{coverage.transitions.total}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </div>
  );
}

function CounterexampleItem({ found }: { found: Counterexample }) {
  const actor = usePlayer();
  // Opened from here and not edited since (an edit renames the text).
  const open = usePlayerSelector(selectSourceFile) === `counterexample-${found.invariant}.yaml`;
  return (
    <li
      className={styles.counterexample}
      data-testid="counterexample"
      data-invariant={found.invariant}
    >
      <div className={styles.head}>
        <span className={cx(styles.icon, 'bad')} aria-hidden="true">
          ✗
        </span>
        <strong className={styles.name}>{invariantWords(found.invariant)}</strong>
        <span className="muted">
          {plural(found.faults.length, 'fault')} · {plural(found.steps, 'step')} · outcome{' '}
          {words(found.outcome)}
        </span>
        <button
          type="button"
          onClick={() => actor.send({ type: 'explore.open', invariant: found.invariant })}
          title="Load this run into the player, as an edited scenario, at its violation"
          aria-pressed={open}
          data-testid="explore-open"
        >
          {open ? 'Opened' : 'Open as run'}
        </button>
      </div>
      <ul className={styles.faults}>
        {found.faults.map((fault) => (
          <li key={fault.index}>{describeFault(fault)}</li>
        ))}
      </ul>
      <p className={styles.message}>
        <CauseBadge cause={found.cause} /> {found.message}
      </p>
    </li>
  );
}

/**
 * An option's cost in one line: outcome · downtime (every workload's added up, and said so: a
 * bare "downtime 6d9h30m" beside a 5h run read as the run's own) · duration.
 */
function costOf(result: OptionResult): string {
  return `${words(result.outcome)} · downtime ${formatDuration(result.downtime)} summed over the workloads · ${formatDuration(result.duration)}`;
}

function DecisionFindings({ search }: { search: DecisionSearchResult }) {
  return (
    <div>
      <dl className={styles.summary} data-testid="decision-summary">
        <div>
          <dt>runs</dt>
          <dd data-testid="explore-runs-done" data-value={search.runs}>
            {search.runs.toLocaleString('en')}
          </dd>
        </div>
        <div>
          <dt>fault sets</dt>
          <dd>{search.faultSets.toLocaleString('en')}</dd>
        </div>
        <div>
          <dt>decision points</dt>
          <dd data-testid="decision-count" data-value={search.findings.length}>
            {search.findings.length.toLocaleString('en')}
          </dd>
        </div>
      </dl>
      {search.findings.length === 0 ? (
        <p className="ok" data-testid="explore-none">
          No fault leads to a decision with more than one option.
        </p>
      ) : (
        <>
          <h3 className={styles.heading}>
            {plural(search.better.length, 'decision point')} where an option beats the default{' '}
            <span className="muted">best: {BEST_OPTION_RULE}</span>
          </h3>
          <ol className={styles.counterexamples}>
            {search.findings.map((finding, index) => (
              <DecisionItem
                key={index}
                finding={finding}
                index={index}
                better={search.better.includes(finding)}
              />
            ))}
          </ol>
        </>
      )}
    </div>
  );
}

function DecisionItem({
  finding,
  index,
  better,
}: {
  finding: DecisionFinding;
  index: number;
  better: boolean;
}) {
  const actor = usePlayer();
  const file = usePlayerSelector(selectSourceFile);
  const fallback = finding.results.find((r) => r.option === finding.default);
  const violating = finding.results.filter((r) => r.violates.length > 0);
  return (
    <li
      className={styles.counterexample}
      data-testid="decision-finding"
      data-point={finding.point}
      data-best={finding.best ?? ''}
      data-default={finding.default}
      data-better={better}
    >
      <div className={styles.head}>
        <span className={cx(styles.icon, better ? 'bad' : 'ok')} aria-hidden="true">
          {better ? '!' : '✓'}
        </span>
        <strong className={styles.name}>
          {situationWords(finding.point)}
          {finding.host !== undefined ? ` on ${finding.host}` : ''}
          {finding.hop > 0 ? `, hop ${finding.hop}` : ''}
        </strong>
        <span className="muted">at {formatDuration(finding.at)}</span>
      </div>
      <ul className={styles.faults}>
        {finding.faults.map((fault) => (
          <li key={fault.index}>{describeFault(fault)}</li>
        ))}
      </ul>
      <p className={styles.message} data-testid="decision-verdict">
        {finding.best !== undefined ? (
          <>
            Best: <strong>{words(finding.best)}</strong>
            {better ? ' (better than the default)' : ''}.{' '}
          </>
        ) : (
          'Every option violates an invariant. '
        )}
        Default: <strong>{words(finding.default)}</strong>
        {fallback ? ` — ${costOf(fallback)}` : ''}.
        {violating.length > 0
          ? ` Violating: ${violating.map((r) => `${words(r.option)} (${r.violates.map(invariantWords).join(', ')})`).join('; ')}.`
          : ''}
      </p>
      <table className={tabView.table}>
        <thead>
          <tr>
            <th>option</th>
            <th>outcome</th>
            <th>downtime, summed over the workloads</th>
            <th>duration</th>
            <th>violates</th>
            <th>source</th>
            <th />
            <th />
          </tr>
        </thead>
        <tbody>
          {finding.results.map((result) => {
            const open = file === decisionFile(index, result.option);
            return (
              <tr key={result.option} data-testid="decision-option" data-option={result.option}>
                <th scope="row" title={optionMeaning(finding.point, result.option)}>
                  {words(result.option)}
                </th>
                <td>{result.refused === undefined ? words(result.outcome) : 'not possible'}</td>
                <td>{formatDuration(result.downtime)}</td>
                <td>{formatDuration(result.duration)}</td>
                <td>{result.violates.map(invariantWords).join(', ')}</td>
                <td title={describeSource(result.source)} data-testid="decision-option-source">
                  {sourceLabel(result.source)}
                </td>
                <td className="muted">
                  {[
                    result.option === finding.default ? 'default' : '',
                    result.option === finding.best ? 'best' : '',
                  ]
                    .filter(Boolean)
                    .join(', ')}
                </td>
                <td>
                  <button
                    type="button"
                    onClick={() =>
                      actor.send({
                        type: 'explore.openDecision',
                        finding: index,
                        option: result.option,
                      })
                    }
                    title="Load the scenario with this fault and a decisions: entry choosing this option into the player"
                    aria-pressed={open}
                    data-testid="decision-open"
                  >
                    {open ? 'Opened' : 'Open as run'}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </li>
  );
}
