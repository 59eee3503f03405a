import { csvText, formatAvailability, outageText, type DowntimeRow } from '../../sim';
import { clock, span } from '../format';

/** The CSV's columns: each length both in seconds (to compute with) and as read (`1h5m`). */
export const CSV_COLUMNS = [
  'workload',
  'placed',
  'host',
  'downtime_s',
  'downtime',
  'outages',
  'longest_outage_s',
  'longest_outage',
  'availability_percent',
  'still_down_at_end',
  'outages_and_causes',
] as const;

/**
 * The downtime table as CSV (RFC 4180: CRLF between records, a header record, fields quoted when
 * they need it): lengths in whole seconds and as read, availability as a percentage of the
 * window, and each outage as `start–end cause`, `; ` between them, instants as clock readings
 * from the start of the run. Pure.
 */
export function downtimeCsv(rows: readonly DowntimeRow[]): string {
  const seconds = (ms: number) => String(Math.round(ms / 1000));
  return csvText([
    CSV_COLUMNS,
    ...rows.map((row) => [
      row.workload,
      row.placed,
      row.host,
      seconds(row.downtime),
      span(row.downtime),
      String(row.outages.length),
      seconds(row.longest),
      span(row.longest),
      formatAvailability(row.availability).replace('%', ''),
      row.downAtEnd ? 'yes' : 'no',
      row.outages.map((outage) => outageText(outage, clock)).join('; '),
    ]),
  ]);
}
