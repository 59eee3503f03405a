import {
  DECISION_POINTS,
  formatDuration,
  invariantWords,
  optionWords,
  type Cause,
  type DecisionOption,
  type DecisionPoint,
  type DecisionRecord,
  type Violation,
} from '../sim';

/** A virtual instant as a clock reading: `2:40:05`, or `1d 02:40:05` past a day. Pure. */
export function clock(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return days > 0
    ? `${days}d ${two(hours)}:${two(minutes)}:${two(seconds)}`
    : `${hours}:${two(minutes)}:${two(seconds)}`;
}

/** A length of virtual time, to the second: `1h4m10s`, `0s`. Pure. */
export function span(ms: number): string {
  return formatDuration(Math.round(ms / 1000) * 1000);
}

/**
 * A running figure on its way to `total`, as a headline says it: to the minute once the total is
 * an hour or more (its seconds are noise there, and widen the line), `<1m` under a minute (not
 * `0s` beside lanes already down for seconds); to the second once it has reached the total (at
 * the run's end, "so far 1h1m · at the end 1h1m27s" read as two figures). Pure.
 */
export function runningSpan(ms: number, total: number): string {
  if (total < 3_600_000 || ms >= total) return span(ms);
  return ms > 0 && ms < 60_000 ? '<1m' : span(Math.floor(ms / 60_000) * 60_000);
}

/**
 * The widest text {@link runningSpan} gives a figure up to `total`: its largest unit as many
 * digits as the total's, every smaller unit shown at its widest (`9d23h59m` for 4d5h, `59m59s`
 * for 45m). Pure.
 */
export function widestSpan(total: number): string {
  const text = span(total);
  const top = /^(\d+)([dhms])/.exec(text);
  if (!top) return text;
  const rest: Readonly<Record<string, string>> =
    total >= 3_600_000 ? { d: '23h59m', h: '59m' } : { m: '59s' };
  const running = `${'9'.repeat(top[1]?.length ?? 1)}${top[2] ?? ''}${rest[top[2] ?? ''] ?? ''}`;
  // The total itself, to the second, where it is the wider.
  return text.length > running.length ? text : running;
}

/** `install`, `preemption-off` → readable words. Pure. */
export function words(id: string): string {
  return id.replace(/-/g, ' ');
}

/**
 * An invariant as a person reads it, everywhere the debugger names one (the Invariants panel,
 * announcements, markers, Findings, Compare, the explorer, drills): the simulator's own words, as
 * a counterexample's scenario name has them.
 */
export { invariantWords };

/**
 * A decision point as a person reads it: the situation its table describes (`install-failed` →
 * `an install (or a GUI update) failed`); an unknown one (an imported report's) as words. Pure.
 */
export function situationWords(point: string): string {
  return has(DECISION_POINTS, point) ? DECISION_POINTS[point].situation : words(point);
}

/**
 * An option's meaning at a decision point in words: the table's wording, without its code marks,
 * and without the bound on repeats (a drill's choice takes one decision; the next one stops
 * again). Pure.
 */
export function optionMeaning(point: DecisionPoint, option: DecisionOption): string {
  return optionWords(point, option)
    .replace(/ \(at most `times` times\)/, '')
    .replaceAll('`', '');
}

/** Whether `key` is one of `table`'s own keys. Pure. */
function has<T extends object>(table: T, key: string): key is Extract<keyof T, string> {
  return Object.prototype.hasOwnProperty.call(table, key);
}

/**
 * A step of a scenario's own `plan:` as the author wrote it (its `note`), in words: the plan's
 * step name read as words, what follows it (host names, versions) as written: `check-services`
 * → `check services`, `upgrade device-b to 5.2.1` as it is. Pure.
 */
export function writtenStepWords(note: string): string {
  const [name = '', ...rest] = note.split(' ');
  return [words(name), ...rest].join(' ');
}

/**
 * A violation's cause, or `undefined` for a violation of an imported report written before
 * violations recorded their cause (the importer keeps those as they are). Pure.
 */
export function recordedCause(violation: Violation): Cause | undefined {
  const { cause } = violation as Partial<Violation>;
  return cause;
}

/**
 * Who took a decision, as the debugger names them: a default is the document's only where its
 * source is the document; otherwise it is the vendor's or Rehearse's own (an assumption). `the`
 * leads where the words take one (`chosen by the documented default`). Pure.
 */
export function chosenBy(decision: Pick<DecisionRecord, 'by' | 'source'>): string {
  if (decision.by === 'operator') return 'the operator';
  if (decision.by === 'scenario') return "the scenario's choice";
  if (decision.source.kind === 'document') return 'the documented default';
  if (decision.source.kind === 'vendor') return "the vendor's default";
  return "Rehearse's default (an assumption)";
}

/**
 * `3.2.4 → 3.3.1 → 4.8.2 → 5.2.1`: the versions a run goes through, the path written once
 * (before: `3.2.4 → 5.2.1 (path 3.3.1 → 4.8.2 → 5.2.1)`, cut short on a projector's line); a
 * path that does not end at the target is said apart. Empty when nothing is known. Pure.
 */
export function versionPath(
  version: { readonly from: string; readonly to: string },
  path: readonly string[],
): string {
  if (version.from === '?') return path.length > 0 ? `path ${path.join(' → ')}` : '';
  if (path.length === 0 || path[path.length - 1] !== version.to)
    return `${version.from} → ${version.to}${path.length > 0 ? ` (path ${path.join(' → ')})` : ''}`;
  return [version.from, ...path].join(' → ');
}
