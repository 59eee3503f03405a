import { useState } from 'react';
import {
  addsIntervalWords,
  formatChance,
  formatDuration,
  seedRangeProblem,
  warningLine,
  type Chance,
  type SamplesReport,
  type Scenario,
  type SeedDraws,
  type Spread,
} from '../../sim';
import type { DistributionResult, PickedRun } from '../distribution';
import { span, words } from '../format';
import { usePlaySample } from '../hooks/usePlaySample';
import { maxSamples, type Distribution } from '../state/distribution';
import { canPlaySample } from '../state/playerMachine';
import {
  selectDistribution,
  selectDistributionCurrent,
  selectDistributionSettings,
  selectDistributionStatus,
  selectLiveFaults,
  selectScenario,
  selectScenarioSeed,
  selectSeedDraws,
} from '../state/selectors';
import { selectHiddenText } from '../state/spoilers';
import { usePlayer } from '../state/usePlayer';
import { usePlayerSelector } from '../state/usePlayerSelector';
import { cx } from '../classNames';
import { DistributionHistogram } from './DistributionHistogram';
import styles from './DistributionTab.module.css';
import tabView from './TabView.module.css';

/** A length of time that may be negative: `-3m35s`. Pure. */
function signedSpan(ms: number): string {
  return `${ms < 0 ? '-' : ''}${span(Math.abs(ms))}`;
}

type Status = ReturnType<typeof selectDistributionStatus>;

const PROGRESS: Readonly<Partial<Record<Status, string>>> = {
  finished: styles.progressFinished,
  failed: styles.progressFailed,
  cancelled: styles.progressCancelled,
};

/** Workloads listed before "Show all": as many as the CLI's text table shows. */
const SHOWN_WORKLOADS = 20;

function plural(count: number, noun: string): string {
  return `${count.toLocaleString('en')} ${noun}${count === 1 ? '' : 's'}`;
}

/** `a, b and c`. */
function listed(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] ?? ''}`;
}

/** What the seed draws, in a sentence. Pure. */
function drawsText(scenario: Scenario, draws: SeedDraws): string {
  const parts: string[] = [];
  if (draws.durations.length > 0) {
    parts.push(`the length of each ${listed(draws.durations.map(words))} step`);
  }
  for (const drawn of draws.faults) {
    const fault = scenario.faults.find((item) => item.index === drawn.index);
    const name = `faults[${drawn.index}] (${fault ? words(fault.fault) : 'a fault'}${fault?.target !== undefined ? ` on ${fault.target}` : ''})`;
    if (drawn.probability !== undefined) {
      parts.push(
        `whether ${name} strikes at each matching step, with a chance of ${drawn.probability}${drawn.duration ? ', and how long it lasts' : ''}`,
      );
    } else {
      parts.push(`how long ${name} lasts`);
    }
  }
  return `The seed draws ${listed(parts)}.`;
}

/** `the range of failover times nothing`, `the ranges of failover and reboot time nothing`. Pure. */
function timedNothingText(keys: readonly string[], what = 'nothing'): string {
  const many = keys.length > 1;
  return `the range${many ? 's' : ''} of ${listed(keys.map(words))} time${many ? '' : 's'} ${what}`;
}

/**
 * Monte Carlo over seeds in the debugger: the scenario in the editor run with N seeds off the
 * main thread, summed up exactly as `rehearse run FILE --samples N` sums them (percentiles of
 * downtime per workload and of the run's length, how often each outcome and violation
 * happened), with a histogram of total downtime; the p95 run, the worst run or a run of any bar
 * plays on the stage.
 */
export function DistributionTab() {
  const scenario = usePlayerSelector(selectScenario);
  const draws = usePlayerSelector(selectSeedDraws);
  const distribution = usePlayerSelector(selectDistribution);
  const status = usePlayerSelector(selectDistributionStatus);
  if (!scenario || !draws) {
    return (
      <div data-testid="distribution" data-status={status}>
        <p className="empty">No valid scenario to sample: fix the scenario in the editor.</p>
      </div>
    );
  }
  const varies = draws.draws.durations.length > 0 || draws.draws.faults.length > 0;
  return (
    <div data-testid="distribution" data-status={status}>
      {varies ? (
        <>
          <SampleForm scenario={scenario} status={status} />
          <p className={tabView.hint} data-testid="distribution-draws">
            {drawsText(scenario, draws.draws)}
            {draws.timedNothing.length > 0
              ? ` T${timedNothingText(draws.timedNothing).slice(1)} in the run on screen: no step ${draws.timedNothing.length === 1 ? 'it times' : 'they time'} runs.`
              : ''}
          </p>
          <HandFaultsNote />
        </>
      ) : draws.timedNothing.length > 0 ? (
        <p className={styles.fixed} role="note" data-testid="distribution-fixed">
          Every seed gives the same run: {timedNothingText(draws.timedNothing, 'no step of it')} (no
          step {draws.timedNothing.length === 1 ? 'it times' : 'they time'} runs) and none of its
          faults is left to chance, so sampling would repeat one run. Its downtime is the run on
          screen’s (the Downtime tab).
        </p>
      ) : (
        <p className={styles.fixed} role="note" data-testid="distribution-fixed">
          Every seed gives the same run: this scenario’s durations are all fixed and none of its
          faults is left to chance, so sampling would repeat one run. Its downtime is the run on
          screen’s (the Downtime tab). A range (<code>install: 15m..30m</code>), a three-point
          estimate or a fault’s <code>probability</code> makes runs differ.
        </p>
      )}
      {varies && distribution ? <Progress distribution={distribution} status={status} /> : null}
      {varies && status === 'failed' && distribution?.error !== undefined ? (
        <p className={tabView.error} role="alert" data-testid="distribution-error">
          The sampling failed: {distribution.error}
        </p>
      ) : null}
      {varies && distribution?.result ? (
        <Result distribution={distribution} result={distribution.result} />
      ) : varies && status === 'idle' ? (
        <p className="empty">
          Runs the scenario once with each of N seeds and sums the runs up as{' '}
          <code>rehearse run FILE --samples N</code> does: the downtime to promise, how often each
          outcome and each violation happens, and the runs to replay.
        </p>
      ) : null}
    </div>
  );
}

function SampleForm({ scenario, status }: { scenario: Scenario; status: Status }) {
  const actor = usePlayer();
  const settings = usePlayerSelector(selectDistributionSettings);
  const running = status === 'running';
  const most = maxSamples(scenario);
  const count = Math.min(settings.samples, most);
  const first = settings.from ?? scenario.seed;
  const command = `rehearse run FILE --samples ${count}${settings.from === undefined ? '' : ` --seed ${first}`}`;
  // Seeds past the largest are refused, as the CLI refuses them: they no longer differ by one.
  const tooFar = seedRangeProblem(first, count);
  return (
    <form
      className={cx(tabView.controls, styles.controls)}
      onSubmit={(event) => {
        event.preventDefault();
        if (running) actor.send({ type: 'distribution.cancel' });
        else if (tooFar === undefined) actor.send({ type: 'distribution.start' });
      }}
    >
      <fieldset className={styles.fields} disabled={running}>
        <legend>Sample</legend>
        <label>
          Runs
          <input
            type="number"
            min={1}
            max={most}
            step={1}
            value={settings.samples}
            onChange={(event) => {
              const samples = event.target.valueAsNumber;
              if (Number.isFinite(samples))
                actor.send({ type: 'distribution.configure', settings: { samples } });
            }}
            data-testid="distribution-samples"
          />
        </label>
        <label>
          from seed
          <input
            type="number"
            min={0}
            step={1}
            value={settings.from ?? ''}
            placeholder={String(scenario.seed)}
            onChange={(event) => {
              const from = event.target.valueAsNumber;
              actor.send({
                type: 'distribution.configure',
                settings: { from: Number.isFinite(from) ? from : null },
              });
            }}
            data-testid="distribution-from"
          />
        </label>
      </fieldset>
      {running ? (
        <button type="submit" data-testid="distribution-cancel">
          Cancel
        </button>
      ) : (
        <button
          type="submit"
          className={styles.primary}
          data-testid="distribution-start"
          disabled={tooFar !== undefined}
        >
          Sample
        </button>
      )}
      {tooFar !== undefined ? (
        <p className={tabView.error} role="alert" data-testid="distribution-seeds-refused">
          Not sampled: {tooFar}.
        </p>
      ) : null}
      <p className={tabView.hint} data-testid="distribution-seeds">
        Seeds {first.toLocaleString('en')}–{(first + count - 1).toLocaleString('en')}
        {settings.from === undefined ? ' (from the scenario’s seed)' : ''}, one run each, as{' '}
        <code>{command}</code> does.
        {settings.samples > most
          ? ` At most ${plural(most, 'run')} here for ${plural(scenario.workloads.length, 'workload')}; the CLI takes more.`
          : ''}
      </p>
    </form>
  );
}

/** The samples are of the scenario as written: faults injected by hand are not in them. */
function HandFaultsNote() {
  const live = usePlayerSelector((s) => selectLiveFaults(s).length);
  if (live === 0) return null;
  return (
    <p className={tabView.hint} role="note" data-testid="distribution-faults-note">
      The samples are of the scenario as written, without the {plural(live, 'fault')} injected by
      hand: write them into the scenario (the fault form’s Write into scenario) to sample with them.
    </p>
  );
}

function percentOf(distribution: Distribution, status: Status): number {
  if (status === 'finished') return 100;
  if (distribution.total <= 0) return 0;
  return Math.min(100, Math.floor((distribution.done / distribution.total) * 1000) / 10);
}

function Progress({ distribution, status }: { distribution: Distribution; status: Status }) {
  const percent = percentOf(distribution, status);
  const runs = plural(distribution.request.count, 'run');
  const what = `“${distribution.scenario}”`;
  const text =
    status === 'running'
      ? `Sampling ${what}… ${distribution.done.toLocaleString('en')} of ${runs}`
      : status === 'finished'
        ? `Sampled ${runs} of ${what}.`
        : status === 'cancelled'
          ? `Cancelled at ${percent} %: ${runs} of ${what}.`
          : `Stopped: ${runs} of ${what}.`;
  return (
    <div className={styles.status}>
      <div
        className={cx(styles.progress, PROGRESS[status])}
        role="progressbar"
        aria-label="Sampling progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        data-testid="distribution-progress"
        data-done={distribution.done}
        data-total={distribution.total}
      >
        <span className={styles.progressBar} style={{ width: `${percent}%` }} />
      </div>
      <span className={styles.percent}>{percent} %</span>
      <span className="muted" data-testid="distribution-status">
        {text}
      </span>
    </div>
  );
}

/** `seed 57 · downtime 2h50m · completed`. */
function runText(run: PickedRun): string {
  return `seed ${run.seed} · downtime ${formatDuration(run.total)} in all · ${words(run.outcome)}`;
}

function Result({
  distribution,
  result,
}: {
  distribution: Distribution;
  result: DistributionResult;
}) {
  const current = usePlayerSelector(selectDistributionCurrent);
  const hidden = usePlayerSelector(selectHiddenText);
  const { report } = result;
  // Spoiler-free: how often each violation happens tells what the run on screen will do.
  if (hidden !== undefined)
    return (
      <p className="empty" data-testid="distribution-hidden">
        {hidden}
      </p>
    );
  const last = report.firstSeed + report.samples - 1;
  return (
    <div data-testid="distribution-result">
      {current ? null : (
        <p className={styles.stale} role="note" data-testid="distribution-stale">
          These samples are of “{distribution.scenario}” as it was when sampled: the scenario has
          changed since. Sample again to see its distribution.
        </p>
      )}
      <dl className={styles.summary} data-testid="distribution-summary">
        <div>
          <dt>runs</dt>
          <dd data-testid="distribution-runs" data-value={report.samples}>
            {report.samples.toLocaleString('en')}{' '}
            <span className="muted">
              (seeds {report.firstSeed.toLocaleString('en')}–{last.toLocaleString('en')})
            </span>
          </dd>
        </div>
        <div>
          <dt>passed</dt>
          <dd data-testid="distribution-passed" data-value={report.passed}>
            {report.passed.toLocaleString('en')}
          </dd>
        </div>
        <div>
          <dt>worst</dt>
          <dd data-testid="distribution-worst" data-seed={report.worst.seed}>
            {runText(report.worst)}
          </dd>
        </div>
      </dl>
      <PlayButtons result={result} current={current} />
      <div className={styles.body}>
        <DistributionHistogram report={report} bars={result.bars} current={current} />
        <div className={styles.figures}>
          <div className={styles.tables}>
            <SpreadTable report={report} />
            <WorkloadTable report={report} />
          </div>
          <Chances report={report} />
        </div>
      </div>
    </div>
  );
}

function PlayButtons({ result, current }: { result: DistributionResult; current: boolean }) {
  const play = usePlaySample();
  const canPlay = usePlayerSelector((s) => canPlaySample(s.context));
  const seed = usePlayerSelector(selectScenarioSeed);
  const { report, p95 } = result;
  const title = canPlay
    ? 'Write this seed into the scenario and play its run on the stage'
    : current
      ? 'Wait for the run on screen to be simulated'
      : 'The scenario has changed since it was sampled: sample again';
  const longest = report.longestWindow;
  const picks: readonly { id: string; label: string; what: string; seed: number; text: string }[] =
    [
      {
        id: 'p95',
        label: 'Play the p95 run',
        what: 'the p95 run of the samples',
        seed: p95.seed,
        text: runText(p95),
      },
      {
        id: 'worst',
        label: 'Play the worst run',
        what: 'the worst run of the samples',
        seed: report.worst.seed,
        text: runText(report.worst),
      },
      // The window to book, when the worst run's is not it (as `rehearse run --samples` says).
      ...(longest.seed === report.worst.seed
        ? []
        : [
            {
              id: 'longest',
              label: 'Play the longest window',
              what: 'the run of the longest window',
              seed: longest.seed,
              text: `seed ${longest.seed} · window ${formatDuration(longest.duration)} · ${words(longest.outcome)}`,
            },
          ]),
    ];
  const onScreen = current ? picks.find((pick) => pick.seed === seed) : undefined;
  return (
    <div className={styles.play}>
      {picks.map((pick) => (
        <div key={pick.id} className={styles.pick}>
          <button
            type="button"
            className={styles.primary}
            disabled={!canPlay}
            title={title}
            aria-pressed={current && pick.seed === seed}
            onClick={() => play(pick.seed, pick.what)}
            data-testid={`distribution-play-${pick.id}`}
            data-seed={pick.seed}
          >
            {pick.label}
          </button>
          <span className="muted">{pick.text}</span>
        </div>
      ))}
      <p className={styles.onScreen} data-testid="distribution-on-screen" aria-live="polite">
        {current && seed !== undefined
          ? `On the stage: seed ${seed}${onScreen ? `, ${onScreen.what}` : ''}.`
          : ''}
      </p>
    </div>
  );
}

const SPREAD_COLUMNS = ['p50', 'p90', 'p99', 'max'] as const;

function SpreadCells({ spread, name }: { spread: Spread; name: string }) {
  return SPREAD_COLUMNS.map((column) => (
    <td
      key={column}
      className={styles.n}
      data-testid={`${name}-${column}`}
      data-value={spread[column]}
    >
      {formatDuration(spread[column])}
    </td>
  ));
}

function SpreadHead({ first, more = [] }: { first: string; more?: readonly string[] }) {
  return (
    <thead>
      <tr>
        <th scope="col">{first}</th>
        {[...SPREAD_COLUMNS, ...more].map((column) => (
          <th key={column} scope="col" className={styles.n}>
            {column}
          </th>
        ))}
      </tr>
    </thead>
  );
}

function SpreadTable({ report }: { report: SamplesReport }) {
  return (
    <table className={styles.table} data-testid="distribution-spread">
      <caption>Percentiles over the runs (nearest rank)</caption>
      <SpreadHead first="" />
      <tbody>
        <tr>
          <th scope="row">window (run duration)</th>
          <SpreadCells spread={report.duration} name="duration" />
        </tr>
        <tr>
          <th scope="row">downtime, all workloads</th>
          <SpreadCells spread={report.total} name="total" />
        </tr>
      </tbody>
    </table>
  );
}

function WorkloadTable({ report }: { report: SamplesReport }) {
  const [all, setAll] = useState(false);
  if (report.workloads.length === 0) return null;
  const shown = all ? report.workloads : report.workloads.slice(0, SHOWN_WORKLOADS);
  const rest = report.workloads.length - shown.length;
  return (
    <div>
      <div
        className={styles.scroll}
        role="region"
        aria-label="Downtime per workload over the runs"
        // It scrolls with no control in it: the keyboard scrolls it once it has the focus.
        tabIndex={0}
      >
        <table className={styles.table} data-testid="distribution-workloads">
          <caption>Downtime per workload</caption>
          <SpreadHead first="workload" more={['longest outage']} />
          <tbody>
            {shown.map((workload) => (
              <tr
                key={workload.name}
                data-testid="distribution-workload"
                data-workload={workload.name}
              >
                <th scope="row">{workload.name}</th>
                <SpreadCells spread={workload} name="workload" />
                <td
                  className={styles.n}
                  data-testid="workload-longest"
                  data-value={workload.longestOutage}
                >
                  {formatDuration(workload.longestOutage)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {rest > 0 || all ? (
        <button
          type="button"
          className={styles.more}
          onClick={() => setAll((on) => !on)}
          data-testid="distribution-all-workloads"
        >
          {all
            ? `Show the first ${SHOWN_WORKLOADS}`
            : `Show all ${plural(report.workloads.length, 'workload')} (${rest.toLocaleString('en')} more)`}
        </button>
      ) : null}
    </div>
  );
}

function ChanceItem({ label, chance, id }: { label: string; chance: Chance; id: string }) {
  return (
    <li data-testid={id} data-key={label} data-count={chance.count}>
      <strong>{words(label)}</strong> {formatChance(chance)}
    </li>
  );
}

function Chances({ report }: { report: SamplesReport }) {
  const violations = Object.entries(report.violations);
  return (
    <div className={styles.chances}>
      <section aria-labelledby="distribution-outcomes">
        <h3 id="distribution-outcomes" className={styles.heading}>
          Outcomes
        </h3>
        <ul className={styles.list}>
          {Object.entries(report.outcomes).map(([outcome, chance]) => (
            <ChanceItem key={outcome} label={outcome} chance={chance} id="distribution-outcome" />
          ))}
        </ul>
      </section>
      <section aria-labelledby="distribution-violations">
        <h3 id="distribution-violations" className={styles.heading}>
          Invariants violated
        </h3>
        {violations.length === 0 ? (
          <p className="ok" data-testid="distribution-no-violation">
            ✓ No invariant was violated in any run.
          </p>
        ) : (
          <ul className={cx(styles.list, styles.bad)}>
            {violations.map(([id, chance]) => (
              <ChanceItem key={id} label={id} chance={chance} id="distribution-violation" />
            ))}
          </ul>
        )}
        {report.missedExpectations.count > 0 ? (
          <p className={styles.bad} data-testid="distribution-missed">
            An <code>expect</code> entry missed in {formatChance(report.missedExpectations)}.
          </p>
        ) : null}
      </section>
      {report.risks.length > 0 ? (
        <section aria-labelledby="distribution-risks">
          <h3 id="distribution-risks" className={styles.heading}>
            Faults by chance
          </h3>
          <ul className={styles.list}>
            {report.risks.map((risk) => {
              const struck = Object.entries(risk.outcomes).map(
                ([outcome, chance]) => `${words(outcome)} ${formatChance(chance)}`,
              );
              return (
                <li key={risk.index} data-testid="distribution-risk" data-count={risk.struck.count}>
                  <strong>
                    faults[{risk.index}] {words(risk.fault)}
                    {risk.target === undefined ? '' : ` on ${risk.target}`}
                  </strong>
                  , {risk.probability} per step: struck in {formatChance(risk.struck)} of runs.
                  {risk.noChance === undefined
                    ? ''
                    : ` It had no chance to strike: ${risk.noChance}.`}
                  {struck.length > 0 ? ` When it struck: ${struck.join(', ')}.` : ''}
                  {risk.adds === undefined
                    ? ''
                    : ` Downtime added: ${signedSpan(risk.adds)} on average (${addsIntervalWords(risk, report.samples, signedSpan)}; mean ${span(risk.meanWhenStruck ?? 0)} when it struck, ${span(risk.meanOtherwise ?? 0)} otherwise).`}
                </li>
              );
            })}
          </ul>
        </section>
      ) : null}
      {report.warnings.length > 0 ? (
        // What a single run warns of, as `run --samples` lists it: a `durations:` value that
        // timed nothing is not in the figures above.
        <section aria-labelledby="distribution-warnings">
          <h3 id="distribution-warnings" className={styles.heading}>
            Warnings
          </h3>
          <ul className={styles.list}>
            {report.warnings.map((warning) => (
              <li key={warning.text} data-testid="distribution-warning" data-runs={warning.runs}>
                {warningLine(warning, report.samples)}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
