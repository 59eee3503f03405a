import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { downtimeRows, parseScenario, simulate, type DowntimeRow } from '../../sim';
import { parseCsv } from '../../../test/support/csv';
import { CSV_COLUMNS, downtimeCsv } from './downtimeCsv';

describe('downtimeCsv', () => {
  it('should quote a name with a comma, a quote and a line break, and read back the same', () => {
    const name = 'web, "east"\nrack 2';
    const row: DowntimeRow = {
      workload: name,
      kind: 'vps',
      placed: 'processing-1',
      host: 'processing-1',
      downtime: 330_000,
      outages: [
        {
          start: 3_600_000,
          end: 3_930_000,
          cause: 'step 6: reboot processing-1',
          origin: { step: 6 },
        },
      ],
      longest: 330_000,
      availability: 99.5,
    };
    const csv = downtimeCsv([row]);
    expect(csv).toContain('"web, ""east""\nrack 2"');
    const [head, record, ...rest] = parseCsv(csv);
    expect(rest).toEqual([]);
    expect(head).toEqual([...CSV_COLUMNS]);
    expect(record).toEqual([
      name,
      'processing-1',
      'processing-1',
      '330',
      '5m30s',
      '1',
      '330',
      '5m30s',
      '99.500',
      'no',
      '1:00:00–1:05:30 step 6: reboot processing-1',
    ]);
  });

  it('should hold a record per workload of a run, with its figures', () => {
    const file = 'scenarios/serverware-cluster-3.2.yaml';
    const run = simulate(parseScenario(readFileSync(file, 'utf8'), file));
    const rows = downtimeRows(run);
    const [, ...records] = parseCsv(downtimeCsv(rows));
    expect(records.map((record) => record[0])).toEqual(run.report.workloads.map((w) => w.name));
    for (const [index, record] of records.entries()) {
      expect(Number(record[3])).toBe(Math.round((rows[index]?.downtime ?? -1) / 1000));
      expect(Number(record[5])).toBe(rows[index]?.outages.length);
      expect(record).toHaveLength(CSV_COLUMNS.length);
    }
  });
});
