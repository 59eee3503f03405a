import { useMemo, useState } from 'react';
import {
  DOWNTIME_COLUMNS,
  downtimeRows,
  formatAvailability,
  outageText,
  type DowntimeRow,
} from '../../sim';
import { download, fileStem } from '../export/download';
import { downtimeCsv } from '../export/downtimeCsv';
import { clock, span } from '../format';
import { selectRun } from '../state/selectors';
import { selectHiddenText } from '../state/spoilers';
import { usePlayerSelector } from '../state/usePlayerSelector';
import { cx } from '../classNames';
import styles from './DowntimeTab.module.css';
import tabView from './TabView.module.css';
import { wholeNames } from './WholeNames';

type Column = (typeof DOWNTIME_COLUMNS)[number];

interface Sort {
  readonly column: Column;
  readonly descending: boolean;
}

const names = new Intl.Collator('en', { numeric: true });

/** What a column sorts by: text by name (`vps-2` before `vps-10`), figures by value. */
const SORT_KEY: Readonly<Record<Column, (row: DowntimeRow) => string | number>> = {
  workload: (row) => row.workload,
  placed: (row) => row.placed,
  host: (row) => row.host,
  downtime: (row) => row.downtime,
  outages: (row) => row.outages.length,
  'longest outage': (row) => row.longest,
  availability: (row) => row.availability,
  'each outage and its cause': (row) => row.outages[0]?.start ?? Infinity,
};

/** Figures read largest first on the first click; names from A. */
const NUMERIC = new Set<Column>(['downtime', 'outages', 'longest outage', 'availability']);

function compare(sort: Sort) {
  const key = SORT_KEY[sort.column];
  return (a: DowntimeRow, b: DowntimeRow): number => {
    const x = key(a);
    const y = key(b);
    const order =
      typeof x === 'number' && typeof y === 'number' ? x - y : names.compare(String(x), String(y));
    // Ties keep the scenario's order, whichever way the column sorts.
    return sort.descending ? -order : order;
  };
}

/**
 * The run on screen's downtime table (`downtimeRows`, live faults included): a row per workload,
 * sortable by every column, downloadable as CSV.
 */
export function DowntimeTab() {
  const run = usePlayerSelector(selectRun);
  const rows = useMemo(() => (run ? downtimeRows(run) : []), [run]);
  const [sort, setSort] = useState<Sort | undefined>(undefined);
  const hidden = usePlayerSelector(selectHiddenText);
  const sorted = useMemo(() => (sort ? [...rows].sort(compare(sort)) : rows), [rows, sort]);
  if (!run) return <p className="empty">No run yet.</p>;
  // Spoiler-free: the table is of the whole run, so it waits for its end.
  if (hidden !== undefined)
    return (
      <p className="empty" data-testid="downtime-hidden">
        {hidden}
      </p>
    );
  const { report } = run;
  const toggle = (column: Column) =>
    setSort((now) =>
      now?.column === column
        ? { column, descending: !now.descending }
        : { column, descending: NUMERIC.has(column) },
    );
  const downloadCsv = () =>
    // In the order on screen: what was sorted is what is saved.
    download(`${fileStem(report.scenario)}.downtime.csv`, downtimeCsv(sorted), 'text/csv');
  return (
    <section className={cx('panel', styles.table)} aria-label="Downtime per workload">
      <div className={tabView.controls}>
        <p className="muted">
          {rows.length} workloads over {span(report.duration)}: availability is the share of the run
          each was up. Times are from the start of the run.
        </p>
        <button
          type="button"
          className={tabView.download}
          onClick={downloadCsv}
          title="Download the table as CSV"
          data-testid="downtime-csv"
        >
          Download CSV
        </button>
      </div>
      {rows.length === 0 ? (
        <p className="empty">This scenario has no workloads.</p>
      ) : (
        <div className={styles.scroll}>
          <table data-testid="downtime-table">
            <thead>
              <tr>
                {DOWNTIME_COLUMNS.map((column) => (
                  <th
                    key={column}
                    scope="col"
                    className={NUMERIC.has(column) ? styles.n : undefined}
                    aria-sort={
                      sort?.column !== column
                        ? 'none'
                        : sort.descending
                          ? 'descending'
                          : 'ascending'
                    }
                  >
                    <button
                      type="button"
                      className={styles.sort}
                      onClick={() => toggle(column)}
                      data-testid={`sort-${column.replace(/ /g, '-')}`}
                    >
                      {column}
                      <span aria-hidden="true">
                        {sort?.column === column ? (sort.descending ? ' ▼' : ' ▲') : ''}
                      </span>
                    </button>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {sorted.map((row) => (
                <tr key={row.workload} data-testid="downtime-row" data-workload={row.workload}>
                  <th scope="row" className={styles.name}>
                    {row.workload}
                  </th>
                  <td className={styles.name}>{row.placed}</td>
                  <td className={styles.name}>{row.host}</td>
                  <td className={styles.n} data-ms={row.downtime}>
                    {span(row.downtime)}
                    {row.downAtEnd ? ' (still down at the end)' : ''}
                  </td>
                  <td className={styles.n}>{row.outages.length}</td>
                  <td className={styles.n} data-ms={row.longest}>
                    {span(row.longest)}
                  </td>
                  <td className={styles.n}>{formatAvailability(row.availability)}</td>
                  <td>
                    {row.outages.length === 0 ? (
                      '—'
                    ) : (
                      <ul className={styles.outages}>
                        {row.outages.map((outage) => (
                          <li key={outage.start}>{wholeNames(outageText(outage, clock))}</li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
