import { CAUSES, append } from '../../sim';
import type {
  Cause,
  InvariantId,
  Outcome,
  Run,
  StepRecord,
  StepStatus,
  WorkloadReport,
} from '../../sim';
import { recordedCause } from '../format';

/** The headline figures of one run. */
export interface RunSummary {
  readonly scenario: string;
  readonly outcome: Outcome;
  readonly reason?: string;
  readonly path: readonly string[];
  readonly failovers: number;
  /** Total virtual duration (ms). */
  readonly duration: number;
  readonly downtime: { readonly total: number; readonly max: number };
  readonly steps: number;
}

export type SummaryField =
  'outcome' | 'path' | 'failovers' | 'duration' | 'downtimeTotal' | 'downtimeMax' | 'steps';

/** A workload present in either run, with its downtime on each side (ms). */
interface WorkloadDiff {
  readonly name: string;
  readonly kind: WorkloadReport['kind'];
  readonly host: string;
  readonly left?: number;
  readonly right?: number;
  /** `right - left`, when the workload is in both runs. */
  readonly delta?: number;
  readonly differs: boolean;
}

export interface InvariantSide {
  readonly holds: boolean;
  readonly violations: number;
  /** Who brought its violations about, each cause once (procedure first); none when it holds. */
  readonly causes: readonly Cause[];
  /** The first violation's message, when there is one. */
  readonly first?: string;
}

interface InvariantDiff {
  readonly id: InvariantId;
  readonly left?: InvariantSide;
  readonly right?: InvariantSide;
  /** Held on one side and violated (or missing) on the other, or violated by other causes. */
  readonly differs: boolean;
}

export interface StepView {
  readonly seq: number;
  /** `install device-b → 9.1.0`. */
  readonly label: string;
  readonly status: StepStatus;
  readonly recovery: boolean;
}

/**
 * One line of the aligned step sequences: `same` (same step, same status), `changed` (the same
 * action with another host, version or status), or a step only one run has.
 */
export interface StepLine {
  readonly change: 'same' | 'changed' | 'left-only' | 'right-only';
  readonly left?: StepView;
  readonly right?: StepView;
}

interface RunDiff {
  readonly left: RunSummary;
  readonly right: RunSummary;
  /** The summary fields whose values differ. */
  readonly differs: ReadonlySet<SummaryField>;
  readonly workloads: readonly WorkloadDiff[];
  readonly invariants: readonly InvariantDiff[];
  readonly steps: readonly StepLine[];
}

/** Longest-common-subsequence tables above this many cells fall back to a positional alignment. */
const LCS_LIMIT = 4_000_000;

function summarize(run: Run): RunSummary {
  const r = run.report;
  return {
    scenario: r.scenario,
    outcome: r.outcome,
    ...(r.reason === undefined ? {} : { reason: r.reason }),
    path: r.path,
    failovers: r.failovers,
    duration: r.duration,
    downtime: r.downtime,
    steps: r.steps.length,
  };
}

function stepView(step: StepRecord): StepView {
  const parts: string[] = [step.action];
  if (step.host !== undefined) parts.push(step.host);
  if (step.version !== undefined) parts.push(`→ ${step.version}`);
  return {
    seq: step.seq,
    label: parts.join(' '),
    status: step.status,
    recovery: step.recovery === true,
  };
}

/** What makes two steps "the same step": action, host and version (not the status). */
function stepKey(step: StepRecord): string {
  return `${step.action}\u0000${step.host ?? ''}\u0000${step.version ?? ''}`;
}

function lineFor(left: StepRecord, right: StepRecord): StepLine {
  const change =
    left.status === right.status && (left.recovery ?? false) === (right.recovery ?? false)
      ? 'same'
      : 'changed';
  return { change, left: stepView(left), right: stepView(right) };
}

/**
 * Within a stretch of steps only one side has, pairs steps of the same action in order (the same
 * step on another host or version, say) as `changed`, keeping both sides in order.
 */
function pairGap(gap: readonly StepLine[]): StepLine[] {
  const lefts = gap.flatMap((line) => (line.left && !line.right ? [line.left] : []));
  const rights = gap.flatMap((line) => (line.right && !line.left ? [line.right] : []));
  const action = (step: StepView) => step.label.split(' ')[0];
  const out: StepLine[] = [];
  let next = 0;
  for (const left of lefts) {
    const match = rights.findIndex((right, k) => k >= next && action(right) === action(left));
    if (match < 0) {
      out.push({ change: 'left-only', left });
      continue;
    }
    for (; next < match; next++) {
      const right = rights[next];
      if (right) out.push({ change: 'right-only', right });
    }
    const right = rights[match];
    if (right) out.push({ change: 'changed', left, right });
    next = match + 1;
  }
  for (; next < rights.length; next++) {
    const right = rights[next];
    if (right) out.push({ change: 'right-only', right });
  }
  return out;
}

function pairGaps(lines: readonly StepLine[]): StepLine[] {
  const out: StepLine[] = [];
  let gap: StepLine[] = [];
  for (const line of lines) {
    if (line.change === 'left-only' || line.change === 'right-only') {
      gap.push(line);
      continue;
    }
    append(out, pairGap(gap)).push(line);
    gap = [];
  }
  append(out, pairGap(gap));
  return out;
}

/**
 * Aligns two step sequences: common prefix and suffix, then a longest common subsequence of the
 * middle (or, past {@link LCS_LIMIT}, position by position); steps left unmatched are paired by
 * action where they line up.
 */
function alignSteps(a: readonly StepRecord[], b: readonly StepRecord[]): StepLine[] {
  const ka = a.map(stepKey);
  const kb = b.map(stepKey);
  let start = 0;
  while (start < a.length && start < b.length && ka[start] === kb[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && ka[endA - 1] === kb[endB - 1]) {
    endA--;
    endB--;
  }
  const lines: StepLine[] = [];
  for (let i = 0; i < start; i++) {
    const l = a[i];
    const r = b[i];
    if (l && r) lines.push(lineFor(l, r));
  }
  const n = endA - start;
  const m = endB - start;
  if (n * m > LCS_LIMIT) {
    for (let i = 0; i < Math.max(n, m); i++) {
      const l = i < n ? a[start + i] : undefined;
      const r = i < m ? b[start + i] : undefined;
      if (l && r && ka[start + i] === kb[start + i]) lines.push(lineFor(l, r));
      else {
        if (l) lines.push({ change: 'left-only', left: stepView(l) });
        if (r) lines.push({ change: 'right-only', right: stepView(r) });
      }
    }
  } else {
    // lengths[i][j]: LCS length of a[start+i..endA) and b[start+j..endB), flattened.
    const width = m + 1;
    const lengths = new Uint32Array((n + 1) * width);
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lengths[i * width + j] =
          ka[start + i] === kb[start + j]
            ? (lengths[(i + 1) * width + j + 1] ?? 0) + 1
            : Math.max(lengths[(i + 1) * width + j] ?? 0, lengths[i * width + j + 1] ?? 0);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
      const l = a[start + i];
      const r = b[start + j];
      if (i < n && j < m && l && r && ka[start + i] === kb[start + j]) {
        lines.push(lineFor(l, r));
        i++;
        j++;
      } else if (
        j >= m ||
        (i < n && (lengths[(i + 1) * width + j] ?? 0) >= (lengths[i * width + j + 1] ?? 0))
      ) {
        if (l) lines.push({ change: 'left-only', left: stepView(l) });
        i++;
      } else {
        if (r) lines.push({ change: 'right-only', right: stepView(r) });
        j++;
      }
    }
  }
  for (let i = 0; i < a.length - endA; i++) {
    const l = a[endA + i];
    const r = b[endB + i];
    if (l && r) lines.push(lineFor(l, r));
  }
  return pairGaps(lines);
}

function diffWorkloads(
  left: readonly WorkloadReport[],
  right: readonly WorkloadReport[],
): WorkloadDiff[] {
  const key = (w: WorkloadReport) => `${w.kind}\u0000${w.name}`;
  const rightByKey = new Map(right.map((w) => [key(w), w]));
  const seen = new Set<string>();
  const out: WorkloadDiff[] = [];
  for (const l of left) {
    const k = key(l);
    seen.add(k);
    const r = rightByKey.get(k);
    if (r) {
      out.push({
        name: l.name,
        kind: l.kind,
        host: l.host === r.host ? l.host : `${l.host} / ${r.host}`,
        left: l.downtime,
        right: r.downtime,
        delta: r.downtime - l.downtime,
        differs: l.downtime !== r.downtime,
      });
    } else {
      out.push({ name: l.name, kind: l.kind, host: l.host, left: l.downtime, differs: true });
    }
  }
  for (const r of right) {
    if (seen.has(key(r))) continue;
    out.push({ name: r.name, kind: r.kind, host: r.host, right: r.downtime, differs: true });
  }
  return out;
}

function invariantSide(result: Run['report']['invariants'][number]): InvariantSide {
  const first = result.violations[0]?.message;
  const causes = new Set(result.violations.map(recordedCause));
  return {
    holds: result.holds,
    violations: result.violations.length,
    causes: CAUSES.filter((cause) => causes.has(cause)),
    ...(first === undefined ? {} : { first }),
  };
}

function diffInvariants(
  left: Run['report']['invariants'],
  right: Run['report']['invariants'],
): InvariantDiff[] {
  const rightById = new Map(right.map((i) => [i.id, i]));
  const ids = [
    ...left.map((i) => i.id),
    ...right.map((i) => i.id).filter((id) => !left.some((l) => l.id === id)),
  ];
  return ids.map((id) => {
    const l = left.find((i) => i.id === id);
    const r = rightById.get(id);
    const ls = l ? invariantSide(l) : undefined;
    const rs = r ? invariantSide(r) : undefined;
    return {
      id,
      ...(ls ? { left: ls } : {}),
      ...(rs ? { right: rs } : {}),
      differs: ls?.holds !== rs?.holds || ls?.causes.join() !== rs?.causes.join(),
    };
  });
}

/**
 * Compares two runs: headline figures, each workload's downtime, each invariant's verdict and
 * the step sequences aligned (common steps matched, the rest marked as only in one run).
 * Pure: it reads only the two reports.
 * @param left - e.g. the run with preemption disabled
 * @param right - the run to compare it with
 * @returns the summaries and the differences, in the left run's order first
 * @example
 * const diff = diffRuns(simulate(a), simulate(b));
 * diff.workloads.filter((w) => w.differs);
 */
export function diffRuns(left: Run, right: Run): RunDiff {
  const l = summarize(left);
  const r = summarize(right);
  const differs = new Set<SummaryField>();
  if (l.outcome !== r.outcome) differs.add('outcome');
  if (l.path.join('\u0000') !== r.path.join('\u0000')) differs.add('path');
  if (l.failovers !== r.failovers) differs.add('failovers');
  if (l.duration !== r.duration) differs.add('duration');
  if (l.downtime.total !== r.downtime.total) differs.add('downtimeTotal');
  if (l.downtime.max !== r.downtime.max) differs.add('downtimeMax');
  if (l.steps !== r.steps) differs.add('steps');
  return {
    left: l,
    right: r,
    differs,
    workloads: diffWorkloads(left.report.workloads, right.report.workloads),
    invariants: diffInvariants(left.report.invariants, right.report.invariants),
    steps: alignSteps(left.report.steps, right.report.steps),
  };
}
