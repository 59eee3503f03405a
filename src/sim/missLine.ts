import type { ExpectationMiss } from './types';
import { formatDuration } from './scenario';

/** `1 outage`, `3 outages`. Pure. */
function outages(count: number): string {
  return `${count} outage${count === 1 ? '' : 's'}`;
}

/** An expected or actual value of an `expect` entry, in the file's own notation. Pure. */
function expectationValue(key: string, value: unknown): string {
  if (value === undefined) return key.startsWith('downtime.') ? 'no such workload' : 'nothing';
  if (typeof value === 'number' && key.startsWith('downtime.')) return formatDuration(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return 'none';
    return value.map(String).join(key === 'path' ? ' → ' : ', ');
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Whether a key counts outages rather than downtime (`budget.outages`, `downtime.vps-1.outages`). */
function countsOutages(key: string): boolean {
  return key.endsWith('.outages');
}

/**
 * A missed `expect` entry in words, as the CLI, the reports and the debugger say it:
 * `expected failovers: 2, got 3`; for a limit, `expected budget.total: at most 2h, got 2h15m
 * (15m over; 12 workloads)`. Pure.
 */
export function missLine(miss: ExpectationMiss): string {
  const { expected } = miss;
  if (typeof expected === 'object' && expected !== null && 'max' in expected) {
    const show = (value: unknown): string =>
      typeof value !== 'number'
        ? String(value)
        : countsOutages(miss.key)
          ? outages(value)
          : formatDuration(value);
    const over = miss.over === undefined ? [] : [`${show(miss.over)} over`];
    const note = miss.note === undefined ? [] : [miss.note];
    const why = [...over, ...note];
    return `expected ${miss.key}: at most ${show(expected.max)}, got ${show(miss.actual)}${why.length === 0 ? '' : ` (${why.join('; ')})`}`;
  }
  return `expected ${miss.key}: ${expectationValue(miss.key, miss.expected)}, got ${expectationValue(miss.key, miss.actual)}`;
}
