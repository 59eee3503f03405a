import { useId, useMemo, useState, type JSX } from 'react';
import { formatDuration, roleChangeNoun } from '../../sim';
import type { Run } from '../../sim';
import { invariantWords } from '../format';
import styles from './CompareView.module.css';
import {
  diffRuns,
  type InvariantSide,
  type RunSummary,
  type StepLine,
  type StepView,
  type SummaryField,
} from './diffRuns';

interface CompareViewProps {
  readonly left: Run;
  readonly right: Run;
}

/** Rows beyond this are cut from the workload table (the filter narrows it further). */
const MAX_WORKLOAD_ROWS = 500;
/** Identical steps kept around each difference; longer runs of identical steps fold. */
const CONTEXT = 2;

/** `Switchovers` for two HA pairs, `Failovers` for SERVERware, both words for two systems. */
function roleChangesOf(left: Run, right: Run): string {
  const nouns = new Set([left, right].map((run) => roleChangeNoun(run.report.system)));
  return nouns.size === 1 && nouns.has('switchover')
    ? 'Switchovers'
    : nouns.size === 1
      ? 'Failovers'
      : 'Failovers / switchovers';
}

/**
 * The summed downtime's row, saying what it sums: "Downtime summed over 30 workloads" (before,
 * "Downtime, total 6d9h30m" beside a 5h17m run read as the run's own downtime), each side's count
 * where the two differ.
 */
function summedOver(left: Run, right: Run): string {
  const [l, r] = [left.report.workloads.length, right.report.workloads.length];
  return l === r
    ? `Downtime summed over ${l} ${l === 1 ? 'workload' : 'workloads'}`
    : `Downtime summed over the workloads (${l} left, ${r} right)`;
}

const SUMMARY: ReadonlyArray<{
  field: SummaryField | 'scenario';
  label: string;
  value: (s: RunSummary) => string;
}> = [
  { field: 'scenario', label: 'Scenario', value: (s) => s.scenario },
  {
    field: 'outcome',
    label: 'Outcome',
    value: (s) => (s.reason === undefined ? s.outcome : `${s.outcome} (${s.reason})`),
  },
  { field: 'path', label: 'Path', value: (s) => (s.path.length > 0 ? s.path.join(' → ') : '—') },
  { field: 'failovers', label: 'Failovers', value: (s) => String(s.failovers) },
  { field: 'duration', label: 'Total duration', value: (s) => formatDuration(s.duration) },
  {
    field: 'downtimeTotal',
    label: 'Downtime summed over the workloads',
    value: (s) => formatDuration(s.downtime.total),
  },
  {
    field: 'downtimeMax',
    label: 'Downtime, longest',
    value: (s) => formatDuration(s.downtime.max),
  },
  { field: 'steps', label: 'Steps', value: (s) => String(s.steps) },
];

function signed(ms: number): string {
  if (ms === 0) return '±0s';
  return `${ms > 0 ? '+' : '−'}${formatDuration(Math.abs(ms))}`;
}

function Verdict({ side }: { side: InvariantSide | undefined }): JSX.Element {
  if (!side) return <span className={styles.missing}>not checked</span>;
  if (side.holds) return <span className={styles.held}>held</span>;
  return (
    <>
      <span className={styles.violated}>
        violated{side.violations > 1 ? ` (${side.violations}×)` : ''}
      </span>
      {side.causes.length > 0 && (
        <span className={styles.causes} data-testid="compare-causes">
          {side.causes.join(' and ')}
        </span>
      )}
      {side.first !== undefined && <span className={styles.message}>{side.first}</span>}
    </>
  );
}

const MARK: Readonly<Record<StepLine['change'], string>> = {
  same: ' ',
  changed: '~',
  'left-only': '−',
  'right-only': '+',
};

function StepCell({ step }: { step: StepView | undefined }): JSX.Element {
  if (!step) return <span className={styles.gap} />;
  return (
    <span className={styles.stepCell}>
      <span className={styles.stepSeq}>{step.seq}</span> {step.label}
      {step.recovery && <span className={styles.recovery}> recovery</span>}
      {step.status !== 'done' && <span className={styles.status}> {step.status}</span>}
    </span>
  );
}

type Folded =
  { kind: 'line'; line: StepLine; index: number } | { kind: 'fold'; count: number; index: number };

/** Keeps the differences and a little context around them; folds long runs of identical steps. */
function fold(lines: readonly StepLine[]): Folded[] {
  const keep = lines.map(() => false);
  lines.forEach((line, i) => {
    if (line.change === 'same') return;
    for (let k = Math.max(0, i - CONTEXT); k <= Math.min(lines.length - 1, i + CONTEXT); k++)
      keep[k] = true;
  });
  const out: Folded[] = [];
  let hidden = 0;
  lines.forEach((line, i) => {
    const edge = i < CONTEXT || i >= lines.length - CONTEXT;
    if (keep[i] || edge || lines.length <= 12) {
      if (hidden > 0) out.push({ kind: 'fold', count: hidden, index: i - 1 });
      hidden = 0;
      out.push({ kind: 'line', line, index: i });
    } else {
      hidden++;
    }
  });
  if (hidden > 0) out.push({ kind: 'fold', count: hidden, index: lines.length });
  return out;
}

/**
 * Two runs side by side: headline figures, a diff of every workload's downtime and of every
 * invariant's verdict, and the step sequences aligned with their differences marked.
 * @example
 * <CompareView left={preemptionOff} right={preemptionOn} />
 */
export function CompareView({ left, right }: CompareViewProps): JSX.Element {
  const diff = useMemo(() => diffRuns(left, right), [left, right]);
  const changedWorkloads = diff.workloads.filter((w) => w.differs).length;
  const [onlyDifferences, setOnlyDifferences] = useState(diff.workloads.length > 100);
  const workloads = onlyDifferences ? diff.workloads.filter((w) => w.differs) : diff.workloads;
  const shown = workloads.slice(0, MAX_WORKLOAD_ROWS);
  const changedInvariants = diff.invariants.filter((i) => i.differs).length;
  const changedSteps = diff.steps.filter((s) => s.change !== 'same').length;
  const folded = useMemo(() => fold(diff.steps), [diff]);
  const id = useId();

  return (
    <div className={styles.compare} data-testid="compare">
      <section aria-labelledby={`${id}-summary`}>
        <h3 id={`${id}-summary`} className={styles.heading}>
          Runs
        </h3>
        <table className={styles.table} aria-label="Run summary">
          <thead>
            <tr>
              <th scope="col" />
              <th scope="col">Left</th>
              <th scope="col">Right</th>
            </tr>
          </thead>
          <tbody>
            {SUMMARY.map(({ field, label, value }) => {
              const differs = field !== 'scenario' && diff.differs.has(field);
              return (
                <tr
                  key={field}
                  className={differs ? styles.differs : undefined}
                  data-field={field}
                  data-differs={differs ? 'true' : undefined}
                >
                  <th scope="row">
                    {field === 'failovers'
                      ? roleChangesOf(left, right)
                      : field === 'downtimeTotal'
                        ? summedOver(left, right)
                        : label}
                  </th>
                  <td>{value(diff.left)}</td>
                  <td>{value(diff.right)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>

      <section aria-labelledby={`${id}-workloads`}>
        <h3 id={`${id}-workloads`} className={styles.heading}>
          Workloads{' '}
          <span className={styles.note}>
            {changedWorkloads === 0
              ? 'same downtime'
              : `${changedWorkloads} with different downtime`}
          </span>
        </h3>
        <label className={styles.toggle}>
          <input
            type="checkbox"
            checked={onlyDifferences}
            onChange={(e) => setOnlyDifferences(e.target.checked)}
          />
          Only differences
        </label>
        <table className={styles.table} aria-label="Workload downtime">
          <thead>
            <tr>
              <th scope="col">Workload</th>
              <th scope="col">Host</th>
              <th scope="col" className={styles.number}>
                Downtime left
              </th>
              <th scope="col" className={styles.number}>
                Downtime right
              </th>
              {/* The sign's direction said: a faulty run on the left against the same run
                  without its faults reads −25m. */}
              <th scope="col" className={styles.number}>
                Right − left
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((w) => (
              <tr
                key={`${w.kind}:${w.name}`}
                className={w.differs ? styles.differs : undefined}
                data-workload={w.name}
                data-differs={w.differs ? 'true' : undefined}
              >
                <th scope="row">{w.name}</th>
                <td>{w.host}</td>
                <td className={styles.number}>
                  {w.left === undefined ? '—' : formatDuration(w.left)}
                </td>
                <td className={styles.number}>
                  {w.right === undefined ? '—' : formatDuration(w.right)}
                </td>
                <td className={styles.number}>
                  {w.delta === undefined ? 'only one run' : signed(w.delta)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {workloads.length > shown.length && (
          <p className={styles.note}>
            Showing the first {shown.length} of {workloads.length} workloads.
          </p>
        )}
        {workloads.length === 0 && <p className={styles.note}>No workload differs.</p>}
      </section>

      <section aria-labelledby={`${id}-invariants`}>
        <h3 id={`${id}-invariants`} className={styles.heading}>
          Invariants{' '}
          <span className={styles.note}>
            {changedInvariants === 0
              ? 'same verdicts'
              : `${changedInvariants} with different verdicts`}
          </span>
        </h3>
        <table className={styles.table} aria-label="Invariants">
          <thead>
            <tr>
              <th scope="col">Invariant</th>
              <th scope="col">Left</th>
              <th scope="col">Right</th>
            </tr>
          </thead>
          <tbody>
            {diff.invariants.map((inv) => (
              <tr
                key={inv.id}
                className={inv.differs ? styles.differs : undefined}
                data-invariant={inv.id}
                data-differs={inv.differs ? 'true' : undefined}
              >
                <th scope="row">{invariantWords(inv.id)}</th>
                <td>
                  <Verdict side={inv.left} />
                </td>
                <td>
                  <Verdict side={inv.right} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby={`${id}-steps`}>
        <h3 id={`${id}-steps`} className={styles.heading}>
          Steps{' '}
          <span className={styles.note}>
            {changedSteps === 0 ? 'same sequence' : `${changedSteps} differ`}
          </span>
        </h3>
        <div className={styles.stepsHeader} aria-hidden="true">
          <span />
          <span>Left</span>
          <span>Right</span>
        </div>
        <ol className={styles.steps} aria-label="Steps, aligned">
          {folded.map((item) =>
            item.kind === 'fold' ? (
              <li key={`fold-${item.index}`} className={styles.fold}>
                … {item.count} identical step{item.count === 1 ? '' : 's'} …
              </li>
            ) : (
              <li
                key={item.index}
                className={`${styles.stepLine} ${styles[item.line.change] ?? ''}`}
                data-change={item.line.change}
              >
                {/* A span takes no aria-label: the sign is for the eye, the word for a reader. */}
                <span className={styles.mark}>
                  <span aria-hidden="true">{MARK[item.line.change]}</span>
                  <span className="visually-hidden">{item.line.change}</span>
                </span>
                <StepCell step={item.line.left} />
                <StepCell step={item.line.right} />
              </li>
            ),
          )}
        </ol>
      </section>
    </div>
  );
}
