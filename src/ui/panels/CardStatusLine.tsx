import type { GroupStatus, HostStatus } from '../state/cardStatus';
import styles from './CardStatus.module.css';

/**
 * A host card's status line, under its name: its lifecycle's colour dot and what is happening
 * to it in words (`failing over · 10m of 15m`, `crashed · back at 2:15:00`).
 */
export function HostStatusRow({
  lifecycle,
  status,
}: {
  readonly lifecycle: string;
  readonly status: HostStatus | undefined;
}) {
  const text = status?.text ?? lifecycle;
  const tone = status?.tone ?? 'ok';
  return (
    <p
      className={[styles.status, tone === 'ok' ? '' : styles[tone]].join(' ')}
      data-testid="host-status"
      data-tone={tone}
      title={text}
    >
      <span className={`state-${lifecycle} ${styles.dot}`} aria-hidden="true" />
      {text}
    </p>
  );
}

/** A count of workloads of one kind: `1 VPS`, `4 VPSs`, `2 services`. Pure. */
export function workloadCount(count: number, kind: 'vps' | 'service'): string {
  const noun = kind === 'vps' ? 'VPS' : 'service';
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/**
 * Why the workloads on a card that are down are down, one line per cause: `4 VPSs down:
 * failover, back in 5m`.
 */
export function WorkloadCauses({
  lines,
}: {
  readonly lines: readonly { readonly count: string; readonly status: GroupStatus }[];
}) {
  if (lines.length === 0) return null;
  return (
    <ul className={styles.causes} aria-label="why workloads are down">
      {lines.map(({ count, status }) => (
        <li
          key={status.text}
          className={styles.cause}
          data-testid="workload-status"
          data-cause={status.cause}
        >
          {count} {status.text}
          {/* An outage only the model's assumption makes: said on the card, the assumption
              and its scenario key in the tooltip (before: nothing told the class). */}
          {status.assumption === undefined ? null : (
            <>
              {' '}
              <span
                className={styles.assumed}
                title={status.assumption}
                data-testid="workload-status-assumed"
              >
                assumed
              </span>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}
