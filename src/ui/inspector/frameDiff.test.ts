import { describe, expect, it } from 'vitest';
import { parseScenario, simulate } from '../../sim';
import { frameChanges } from './frameDiff';
import { filterRows, logRows } from './logRows';

const pair = simulate(
  parseScenario('name: pair\nsystem: ha-pair\nversion: { from: 9.0.1, to: 9.1.0 }\n', 'pair.yaml'),
);
const cluster = simulate(
  parseScenario(
    'name: c\nsystem: serverware\ntopology: cluster\nversion: { from: 4.5.0 }\nhosts: { processing: 2 }\nvps: 4\n',
    'c.yaml',
  ),
);

describe('frameChanges', () => {
  it.each([
    ['an HA pair', pair],
    ['a Cluster', cluster],
  ])("should list exactly the fields of %s's state an entry changed", (_, run) => {
    const rows = logRows(run.report.trace);
    let compared = 0;
    rows.forEach((row, index) => {
      const changes = frameChanges(run.frames, index, row.previous);
      const now = run.frames[index]?.host ?? run.frames[index]?.procedure;
      expect(now).toBeDefined();
      if (row.previous < 0) {
        // An actor's first entry: every field it has, none with a "before".
        expect(changes.every((change) => change.before === undefined)).toBe(true);
        expect(changes.map((change) => change.field)).toContain(
          run.frames[index]?.host ? 'lifecycle' : 'state',
        );
        return;
      }
      const was = run.frames[row.previous]?.host ?? run.frames[row.previous]?.procedure;
      for (const change of changes) expect(change.before).not.toBe(change.after);
      // Every top-level primitive field that differs is listed, with both values; none that is equal.
      for (const [key, value] of Object.entries(now ?? {})) {
        const old = (was as Record<string, unknown> | undefined)?.[key];
        // Objects are compared field by field (`step.status`), below.
        if (typeof value === 'object' || typeof old === 'object') continue;
        const listed = changes.find((change) => change.field === key);
        if (old === value) expect(listed).toBeUndefined();
        else if (
          typeof value === 'string' &&
          typeof old === 'string' &&
          value !== '' &&
          old !== ''
        ) {
          expect(listed).toEqual({ field: key, before: old, after: value });
          compared++;
        } else expect(listed, `${row.seq} ${key}`).toBeDefined();
      }
    });
    expect(compared).toBeGreaterThan(10);
  });

  it('should show a step moving on as its nested fields, and durations as durations', () => {
    const rows = logRows(cluster.report.trace);
    const all = rows.flatMap((row, index) => frameChanges(cluster.frames, index, row.previous));
    const status = all.find(
      (change) => change.field === 'step.status' && change.before !== undefined,
    );
    expect(status?.before).toMatch(/^[a-z-]+$/);
    expect(status?.after).toMatch(/^[a-z-]+$/);
    const stepTime = all.find(
      (change) => change.field === 'stepTime' && change.after !== undefined,
    );
    expect(stepTime?.after).toMatch(/^\d+[dhms]/);
    const to = cluster.scenario.version.to;
    expect(all.some((change) => change.field === 'version' && change.after === to)).toBe(true);
    expect(all.some((change) => change.field === 'staged' && change.after === to)).toBe(true);
  });

  it('should list nothing when an entry left its actor as it was', () => {
    const host = pair.frames[0]?.host;
    if (!host) throw new Error('the run has no first host frame');
    expect(frameChanges([{ host }, { host: { ...host } }], 1, 0)).toEqual([]);
    // A field that went away is listed with only its "before".
    const { downFor: _gone, ...rest } = host;
    expect(frameChanges([{ host }, { host: rest }], 1, 0)).toEqual([
      { field: 'downFor', before: '0s' },
    ]);
    // With no frame at all (an index past the run) there is nothing to show.
    expect(frameChanges(pair.frames, pair.frames.length, -1)).toEqual([]);
  });
});

describe('filterRows', () => {
  const rows = logRows(pair.report.trace);
  const event = rows.find((row) => row.event !== '' && row.actor !== 'procedure')?.event ?? '';

  it('should keep the rows of one event', () => {
    const kept = filterRows(rows, { actor: '', event, text: '' });
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBe(rows.filter((row) => row.event === event).length);
    for (const index of kept) expect(rows[index]?.event).toBe(event);
  });

  it('should keep the rows inside a time range, both ends included', () => {
    const end = pair.report.duration;
    const from = rows.find((row) => row.at > 0)?.at ?? 0;
    const to = Math.floor(end / 2);
    const kept = filterRows(rows, { actor: '', event: '', text: '', from, to });
    expect(kept.length).toBeGreaterThan(0);
    expect(kept).toEqual(
      rows.flatMap((row, index) => (row.at >= from && row.at <= to ? [index] : [])),
    );
    expect(filterRows(rows, { actor: '', event: '', text: '', from: end + 1 })).toEqual([]);
  });

  it('should combine actor, event and range', () => {
    const kept = filterRows(rows, { actor: 'device-b', event, text: '', to: pair.report.duration });
    for (const index of kept) {
      expect(rows[index]?.actor).toBe('device-b');
      expect(rows[index]?.event).toBe(event);
    }
  });
});
