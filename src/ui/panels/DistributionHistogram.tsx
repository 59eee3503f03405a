import { useId, useState, type KeyboardEvent } from 'react';
import { formatDuration, type HistogramBar, type SamplesReport, largest } from '../../sim';
import { span } from '../format';
import { usePlaySample } from '../hooks/usePlaySample';
import { canPlaySample } from '../state/playerMachine';
import { selectLiveFaults, selectRun } from '../state/selectors';
import { usePlayerSelector } from '../state/usePlayerSelector';
import { cx } from '../classNames';
import styles from './DistributionHistogram.module.css';

const WIDTH = 720;
const HEIGHT = 280;
const LEFT = 56;
const RIGHT = 16;
/** Room above the plot for the percentiles' labels, one row each. */
const TOP = 66;
const BOTTOM = 52;
const PLOT_W = WIDTH - LEFT - RIGHT;
const PLOT_H = HEIGHT - TOP - BOTTOM;

const MARKS = ['p50', 'p90', 'p99'] as const;

function runs(count: number): string {
  return `${count.toLocaleString('en')} ${count === 1 ? 'run' : 'runs'}`;
}

/** `2h10m–2h15m`: a bar's range of total downtime, to the second. */
function rangeOf(bar: HistogramBar): string {
  return bar.from === bar.to ? span(bar.from) : `${span(bar.from)}–${span(bar.to)}`;
}

/** The index of the bar a total falls in: [from, to), the last bar [from, to]. Pure. */
function barOf(bars: readonly HistogramBar[], total: number): number {
  const last = bars.length - 1;
  return bars.findIndex(
    (bar, index) => total >= bar.from && (total < bar.to || (index === last && total <= bar.to)),
  );
}

/** The total downtime of the run on the stage, when it is one of the scenario's seeds. */
const selectStageTotal = (s: Parameters<typeof selectRun>[0]) =>
  selectLiveFaults(s).length === 0 ? selectRun(s)?.report.downtime.total : undefined;

/**
 * The histogram of the samples' total downtime, drawn from the engine's bars (the CLI's `--svg`
 * draws the same), with p50, p90 and p99 marked. Each bar with runs is a button (one Tab stop,
 * arrow keys between bars) that plays a run of it: the one with its median downtime. A table
 * under it says the same in figures.
 */
export function DistributionHistogram({
  report,
  bars,
  current,
}: {
  report: SamplesReport;
  bars: readonly HistogramBar[];
  /** Whether the samples are of the scenario on screen. */
  current: boolean;
}) {
  const playSample = usePlaySample();
  const canPlay = usePlayerSelector((s) => canPlaySample(s.context));
  const stageTotal = usePlayerSelector(selectStageTotal);
  const id = useId();
  // The bar the run on the stage falls in, when the samples are of its scenario.
  const onStageBar = current && stageTotal !== undefined ? barOf(bars, stageTotal) : -1;
  const filled = bars.flatMap((bar, index) => (bar.seed === undefined ? [] : [index]));
  const [focus, setFocus] = useState<number | undefined>(undefined);
  const active = focus !== undefined && filled.includes(focus) ? focus : filled[0];
  const tallest = largest(
    bars.map((bar) => bar.samples),
    1,
  );
  const low = bars[0]?.from ?? 0;
  const high = bars[bars.length - 1]?.to ?? 0;
  const span = high - low;
  const x = (value: number) =>
    span === 0 ? LEFT + PLOT_W / 2 : LEFT + ((value - low) / span) * PLOT_W;
  const barW = bars.length === 1 ? PLOT_W / 8 : PLOT_W / bars.length;
  const title = `Total downtime of ${runs(report.samples)} of “${report.scenario}”`;
  const description = `A histogram of ${bars.length} ${bars.length === 1 ? 'bar' : 'bars'} from ${formatDuration(low)} to ${formatDuration(high)} of total downtime (every workload added up); the tallest bar holds ${runs(tallest)}. p50 ${formatDuration(report.total.p50)}, p90 ${formatDuration(report.total.p90)}, p99 ${formatDuration(report.total.p99)}.${canPlay ? ' Each bar plays a run of it, the one with its median downtime.' : ''}`;
  const play = (bar: HistogramBar) => {
    if (bar.seed === undefined || !canPlay) return;
    playSample(bar.seed, `the median run of the ${rangeOf(bar)} bar of the histogram`);
  };
  const move = (event: KeyboardEvent, index: number) => {
    const at = filled.indexOf(index);
    const to =
      event.key === 'ArrowRight'
        ? filled[Math.min(filled.length - 1, at + 1)]
        : event.key === 'ArrowLeft'
          ? filled[Math.max(0, at - 1)]
          : event.key === 'Home'
            ? filled[0]
            : event.key === 'End'
              ? filled[filled.length - 1]
              : undefined;
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      const bar = bars[index];
      if (bar) play(bar);
      return;
    }
    if (to === undefined) return;
    event.preventDefault();
    setFocus(to);
    document.getElementById(`${id}-bar-${to}`)?.focus();
  };
  return (
    <figure className={styles.figure} data-testid="distribution-histogram">
      <svg
        className={styles.svg}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="group"
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-desc`}
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        <line
          className={styles.axis}
          x1={LEFT}
          x2={LEFT + PLOT_W}
          y1={TOP + PLOT_H}
          y2={TOP + PLOT_H}
        />
        <line className={styles.axis} x1={LEFT} x2={LEFT} y1={TOP} y2={TOP + PLOT_H} />
        {bars.map((bar, index) => {
          const h = (bar.samples / tallest) * PLOT_H;
          const bx = bars.length === 1 ? LEFT + PLOT_W / 2 - barW / 2 : LEFT + index * barW;
          const y = TOP + PLOT_H - h;
          const onStage = index === onStageBar;
          const rect = (
            <rect
              className={styles.rect}
              x={bx}
              y={y}
              width={Math.max(1, barW - 2)}
              height={Math.max(bar.samples > 0 ? 1 : 0, h)}
            />
          );
          if (bar.seed === undefined)
            return (
              <g key={index} aria-hidden="true">
                {rect}
              </g>
            );
          return (
            <g
              key={index}
              id={`${id}-bar-${index}`}
              className={cx(styles.bar, onStage && styles.onStage, !canPlay && styles.inert)}
              role="button"
              tabIndex={index === active ? 0 : -1}
              aria-disabled={!canPlay}
              aria-label={`${rangeOf(bar)}: ${runs(bar.samples)}${onStage ? ', the run on the stage among them' : ''}. Play seed ${bar.seed}, the run with the bar’s median downtime`}
              onClick={() => {
                setFocus(index);
                play(bar);
              }}
              onKeyDown={(event) => move(event, index)}
              data-testid="distribution-bar"
              data-seed={bar.seed}
              data-samples={bar.samples}
            >
              {/* The whole column takes the click, so a bar of one run is easy to hit. */}
              <rect className={styles.hit} x={bx} y={TOP} width={barW} height={PLOT_H} />
              {rect}
              {onStage ? (
                <text
                  className={styles.onStageMark}
                  x={bx + barW / 2}
                  y={y - 4}
                  textAnchor="middle"
                >
                  ▼
                </text>
              ) : null}
            </g>
          );
        })}
        {MARKS.map((name, index) => {
          const at = x(report.total[name]);
          // A label reads away from the nearer edge, so none runs off the picture.
          const right = at > LEFT + PLOT_W / 2;
          const y = 16 + index * 18;
          return (
            <g key={name} className={styles.mark} aria-hidden="true">
              <line x1={at} x2={at} y1={y + 4} y2={TOP + PLOT_H} />
              <text x={right ? at - 4 : at + 4} y={y} textAnchor={right ? 'end' : 'start'}>
                {name} {formatDuration(report.total[name])}
              </text>
            </g>
          );
        })}
        <g className={styles.labels} aria-hidden="true">
          <text x={LEFT} y={TOP + PLOT_H + 18}>
            {formatDuration(low)}
          </text>
          <text x={LEFT + PLOT_W} y={TOP + PLOT_H + 18} textAnchor="end">
            {formatDuration(high)}
          </text>
          <text x={LEFT + PLOT_W / 2} y={HEIGHT - 10} textAnchor="middle">
            total downtime of a run (every workload added up)
          </text>
          <text
            x={16}
            y={TOP + PLOT_H / 2}
            textAnchor="middle"
            transform={`rotate(-90 16 ${TOP + PLOT_H / 2})`}
          >
            runs
          </text>
          <text x={LEFT - 6} y={TOP + 5} textAnchor="end">
            {tallest.toLocaleString('en')}
          </text>
        </g>
      </svg>
      <details className={styles.details}>
        <summary>The histogram as a table</summary>
        <table className={styles.table} data-testid="distribution-bars">
          <caption>{title}, by bar</caption>
          <thead>
            <tr>
              <th scope="col">total downtime</th>
              <th scope="col" className={styles.n}>
                runs
              </th>
              <th scope="col">the run its bar plays</th>
            </tr>
          </thead>
          <tbody>
            {bars.map((bar, index) => (
              <tr key={index}>
                <th scope="row">{rangeOf(bar)}</th>
                <td className={styles.n}>{bar.samples.toLocaleString('en')}</td>
                <td>{bar.seed === undefined ? '—' : `seed ${bar.seed}`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
