// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { downtimeRows, formatAvailability } from '../../src/sim';
import { DowntimeTab } from '../../src/ui/panels/DowntimeTab';
import { MODES, renderWithPlayer, startPlayer } from './harness';

const shown = () =>
  screen.getAllByTestId('downtime-row').map((row) => ({
    name: row.dataset.workload ?? '',
    downtime: Number(row.querySelector('td[data-ms]')?.getAttribute('data-ms')),
  }));

describe.each(MODES)('DowntimeTab (%s)', (_, strict) => {
  afterEach(cleanup);

  it('should list every workload of the run with its rows figures', () => {
    const actor = startPlayer('cluster-crash.yaml');
    renderWithPlayer(actor, <DowntimeTab />, strict);
    const run = actor.getSnapshot().context.view?.run;
    if (!run) throw new Error('no run');
    const rows = downtimeRows(run);
    expect(shown().map((row) => row.name)).toEqual(rows.map((row) => row.workload));
    for (const row of rows) {
      const tr = screen
        .getAllByTestId('downtime-row')
        .find((element) => element.dataset.workload === row.workload);
      expect(tr?.textContent).toContain(formatAvailability(row.availability));
      expect(within(tr as HTMLElement).queryAllByRole('listitem')).toHaveLength(row.outages.length);
    }
    expect(rows.some((row) => row.outages.length > 0)).toBe(true);
  });

  it('should keep each hyphenated name whole, in its cells and in the causes', () => {
    const actor = startPlayer('cluster-crash.yaml');
    renderWithPlayer(actor, <DowntimeTab />, strict);
    // Before: "processing-" / "2" in the host columns and "install processing-" / "1" in the
    // causes at 1280 px. Each such name is one element that does not wrap.
    const items = screen.getAllByRole('listitem');
    const names = items.flatMap((item) => (item.textContent ?? '').match(/\S+-\S+/g) ?? []);
    expect(names.length).toBeGreaterThan(0);
    for (const item of items) {
      for (const name of (item.textContent ?? '').match(/\S+-\S+/g) ?? []) {
        const whole = [...item.querySelectorAll('span')].some((span) => span.textContent === name);
        expect(whole, `${name} in "${item.textContent ?? ''}"`).toBe(true);
      }
    }
    const row = screen.getAllByTestId('downtime-row')[0] as HTMLElement;
    for (const cell of [...row.children].slice(0, 3)) expect(cell.className).toMatch(/name/);
  });

  it('should sort by a column from its header button, and say so with aria-sort', () => {
    const actor = startPlayer('cluster-crash.yaml');
    renderWithPlayer(actor, <DowntimeTab />, strict);
    const header = (name: string) => screen.getByTestId(`sort-${name}`);
    const th = (name: string) => header(name).closest('th');
    expect(th('downtime')?.getAttribute('aria-sort')).toBe('none');
    // A native button: reachable with Tab, pressed with Enter or Space.
    expect(header('downtime').tagName).toBe('BUTTON');
    fireEvent.click(header('downtime'));
    expect(th('downtime')?.getAttribute('aria-sort')).toBe('descending');
    const down = shown().map((row) => row.downtime);
    expect(down).toEqual([...down].sort((a, b) => b - a));
    expect(new Set(down).size).toBeGreaterThan(1);
    fireEvent.click(header('downtime'));
    expect(th('downtime')?.getAttribute('aria-sort')).toBe('ascending');
    const up = shown().map((row) => row.downtime);
    expect(up).toEqual([...up].sort((a, b) => a - b));
    fireEvent.click(header('workload'));
    expect(th('workload')?.getAttribute('aria-sort')).toBe('ascending');
    expect(th('downtime')?.getAttribute('aria-sort')).toBe('none');
    const names = shown().map((row) => row.name);
    expect(names).toEqual([...names].sort(new Intl.Collator('en', { numeric: true }).compare));
  });

  it('should follow the run on screen when a fault is injected live', () => {
    const actor = startPlayer('ha-pair.yaml');
    renderWithPlayer(actor, <DowntimeTab />, strict);
    const before = shown();
    const view = actor.getSnapshot().context.view;
    const install = view?.run.report.steps.find((s) => s.action === 'install');
    act(() => actor.send({ type: 'seek', at: (install?.start ?? 0) + 60_000 }));
    act(() => actor.send({ type: 'fault.inject', fault: 'host-crash', target: 'active' }));
    const run = actor.getSnapshot().context.view?.run;
    expect(run?.scenario.faults.length).toBe(1);
    const rows = downtimeRows(run ?? (view?.run as NonNullable<typeof view>['run']));
    expect(shown()).toEqual(rows.map((row) => ({ name: row.workload, downtime: row.downtime })));
    expect(shown()).not.toEqual(before);
  });
});
