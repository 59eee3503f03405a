import { formatDuration, type Cause, type Violation } from '../sim';

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

/** `install`, `preemption-off` → readable words. Pure. */
export function words(id: string): string {
  return id.replace(/-/g, ' ');
}

/**
 * A violation's cause, or `undefined` for a violation of an imported report written before
 * violations recorded their cause (the importer keeps those as they are). Pure.
 */
export function recordedCause(violation: Violation): Cause | undefined {
  const { cause } = violation as Partial<Violation>;
  return cause;
}
