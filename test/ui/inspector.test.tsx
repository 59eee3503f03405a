// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { StrictMode, type ReactElement } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatDuration, parseScenario, simulate } from '../../src/sim';
import { InspectorLog } from '../../src/ui/inspector';
import { clock } from '../../src/ui/format';

afterEach(cleanup);

const MODES: ReadonlyArray<[string, (ui: ReactElement) => ReactElement]> = [
  ['plain', (ui) => ui],
  ['StrictMode', (ui) => <StrictMode>{ui}</StrictMode>],
];

const run = simulate(
  parseScenario('name: pair\nsystem: ha-pair\nversion: { from: 9.0.1, to: 9.1.0 }\n', 'pair.yaml'),
);
const trace = run.report.trace;

// 400 processing hosts over three hops: more than 10,000 trace entries.
const LARGE =
  'name: large\nsystem: serverware\ntopology: cluster\nversion: { from: 3.2.4 }\nhosts: { processing: 400 }\nvps: 2000\n';
const large = simulate(parseScenario(LARGE, 'large.yaml'));

function rows(): HTMLElement[] {
  return within(screen.getByRole('listbox', { name: 'Trace entries' })).queryAllByRole('option');
}

function cells(row: HTMLElement): string[] {
  return [...row.children].map((el) => el.textContent ?? '');
}

describe.each(MODES)('InspectorLog (%s)', (_mode, wrap) => {
  it('should show one row per trace entry with time, actor, event and state before → after', () => {
    const { rerender } = render(wrap(<InspectorLog run={run} cursor={0} onJump={() => {}} />));
    expect(rows().map((r) => Number(r.getAttribute('data-seq')))).toEqual(
      trace.slice(0, rows().length).map((e) => e.seq),
    );
    const first = rows()[0];
    expect(first && cells(first)[4]).toContain(`— → ${trace[0]?.state}`);

    const later = trace.findLast((e) => e.actor === 'device-b');
    const earlier = trace.findLast((e) => e.actor === 'device-b' && e.seq < (later?.seq ?? 0));
    rerender(wrap(<InspectorLog run={run} cursor={later?.seq ?? 0} onJump={() => {}} />));
    const row = rows().find((r) => r.getAttribute('data-seq') === String(later?.seq));
    expect(row && cells(row).slice(0, 4)).toEqual([
      String(later?.seq),
      // The clock, as the rest of the debugger writes an instant (before: "4h25m").
      clock(later?.at ?? 0),
      'device-b',
      later?.event,
    ]);
    expect(row && cells(row)[4]).toContain(`${earlier?.state} → ${later?.state}`);
  });

  it('should filter by actor', () => {
    render(wrap(<InspectorLog run={run} cursor={0} onJump={() => {}} />));
    fireEvent.change(screen.getByLabelText('Filter by actor'), { target: { value: 'device-b' } });
    const shown = rows();
    expect(shown).toHaveLength(trace.filter((e) => e.actor === 'device-b').length);
    for (const row of shown) expect(cells(row)[2]).toBe('device-b');
  });

  it('should filter by text in the event or the state', () => {
    render(wrap(<InspectorLog run={run} cursor={0} onJump={() => {}} />));
    fireEvent.change(screen.getByLabelText('Filter by event or state'), {
      target: { value: 'REBOOT' },
    });
    const shown = rows();
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.length).toBeLessThan(trace.length);
    for (const row of shown) expect(row.textContent?.toLowerCase()).toContain('reboot');
    fireEvent.change(screen.getByLabelText('Filter by event or state'), {
      target: { value: 'no such thing' },
    });
    expect(rows()).toHaveLength(0);
    expect(screen.getByText('No entry matches the filters.')).toBeTruthy();
  });

  it('should filter by event and by a virtual time range, and say when a bound is not a time', () => {
    render(wrap(<InspectorLog run={run} cursor={0} onJump={() => {}} />));
    const event = trace.find((e) => e.actor === 'device-b' && e.event !== 'xstate.init')?.event;
    fireEvent.change(screen.getByLabelText('Filter by event'), { target: { value: event } });
    expect(rows()).toHaveLength(trace.filter((e) => e.event === event).length);
    for (const row of rows()) expect(cells(row)[3]).toBe(event);
    fireEvent.change(screen.getByLabelText('Filter by event'), { target: { value: '' } });

    const half = Math.floor(run.report.duration / 2);
    // A bound is typed as the Time column writes it, on the clock…
    fireEvent.change(screen.getByLabelText('From virtual time, e.g. 1:05:00'), {
      target: { value: clock(half) },
    });
    const inside = trace.filter((e) => e.at >= Math.floor(half / 1000) * 1000);
    expect(screen.getByText(`${inside.length} of ${trace.length} entries`)).toBeTruthy();
    expect(Number(rows()[0]?.getAttribute('data-seq'))).toBe(inside[0]?.seq);
    expect(screen.getByText(`${inside.length} of ${trace.length} entries`)).toBeTruthy();
    // …or as a duration, as before.
    fireEvent.change(screen.getByLabelText('From virtual time, e.g. 1:05:00'), {
      target: { value: formatDuration(Math.floor(half / 1000) * 1000) },
    });
    expect(screen.getByText(`${inside.length} of ${trace.length} entries`)).toBeTruthy();
    fireEvent.change(screen.getByLabelText('To virtual time, e.g. 2:00:00'), {
      target: { value: 'soon' },
    });
    expect(screen.getByRole('alert').textContent).toMatch(/^To: .*soon/);
    expect(
      screen.getByLabelText('To virtual time, e.g. 2:00:00').getAttribute('aria-invalid'),
    ).toBe('true');
    // A bound that is not a time narrows nothing: the other bound still applies.
    expect(screen.getByText(`${inside.length} of ${trace.length} entries`)).toBeTruthy();
  });

  it('should show what the entry at the cursor changed in its actor, before → after', () => {
    const before = (i: number) => trace.findLastIndex((p, j) => j < i && p.actor === 'device-b');
    const moved = trace.findIndex(
      (e, i) =>
        e.actor === 'device-b' &&
        before(i) >= 0 &&
        run.frames[i]?.host?.lifecycle !== run.frames[before(i)]?.host?.lifecycle,
    );
    expect(moved).toBeGreaterThan(0);
    const entry = trace[moved];
    const previous = before(moved);
    render(wrap(<InspectorLog run={run} cursor={entry?.seq ?? 0} onJump={() => {}} />));
    const pane = screen.getByRole('region', { name: 'What this entry changed' });
    expect(pane.textContent).toContain(`#${entry?.seq}`);
    expect(pane.textContent).toContain('device-b');
    const lifecycle = within(pane).getByRole('rowheader', { name: 'lifecycle' }).closest('tr');
    expect([...(lifecycle?.querySelectorAll('td') ?? [])].map((cell) => cell.textContent)).toEqual([
      run.frames[previous]?.host?.lifecycle,
      run.frames[moved]?.host?.lifecycle,
    ]);
  });

  it('should highlight the row at the cursor and dim the rows after it', () => {
    const cursor = 10;
    render(wrap(<InspectorLog run={run} cursor={cursor} onJump={() => {}} />));
    const selected = rows().filter((r) => r.getAttribute('aria-selected') === 'true');
    expect(selected.map((r) => r.getAttribute('data-seq'))).toEqual([String(cursor)]);
    for (const row of rows()) {
      const seq = Number(row.getAttribute('data-seq'));
      expect(row.getAttribute('data-future')).toBe(seq > cursor ? 'true' : null);
    }
    expect(
      screen.getByRole('listbox', { name: 'Trace entries' }).getAttribute('aria-activedescendant'),
    ).toBe(selected[0]?.id);
  });

  it('should jump to a row when it is clicked, and with the arrow keys', () => {
    const onJump = vi.fn();
    render(wrap(<InspectorLog run={run} cursor={5} onJump={onJump} />));
    const row = rows().find((r) => r.getAttribute('data-seq') === '12');
    if (!row) throw new Error('row 12 is not rendered');
    fireEvent.click(within(row).getByText(trace[12]?.event ?? ''));
    expect(onJump).toHaveBeenLastCalledWith(12);
    fireEvent.keyDown(screen.getByRole('listbox', { name: 'Trace entries' }), { key: 'ArrowDown' });
    expect(onJump).toHaveBeenLastCalledWith(6);
    fireEvent.keyDown(screen.getByRole('listbox', { name: 'Trace entries' }), { key: 'End' });
    expect(onJump).toHaveBeenLastCalledWith(trace.length - 1);
  });

  it('should render only a window of rows for a 10,000-entry run and keep the cursor in it', () => {
    expect(large.report.trace.length).toBeGreaterThan(10_000);
    const { rerender } = render(wrap(<InspectorLog run={large} cursor={0} onJump={() => {}} />));
    expect(rows().length).toBeGreaterThan(10);
    expect(rows().length).toBeLessThan(100);
    expect(screen.getByText(`${large.report.trace.length} entries`)).toBeTruthy();
    expect(rows().some((r) => r.getAttribute('data-seq') === '9000')).toBe(false);

    rerender(wrap(<InspectorLog run={large} cursor={9000} onJump={() => {}} />));
    expect(rows().length).toBeLessThan(100);
    const current = rows().find((r) => r.getAttribute('aria-selected') === 'true');
    expect(current?.getAttribute('data-seq')).toBe('9000');
    expect(rows().some((r) => r.getAttribute('data-seq') === '0')).toBe(false);
  });

  it('should offer the Stately Inspector bridge, loaded only when asked for', () => {
    render(wrap(<InspectorLog run={run} cursor={0} onJump={() => {}} />));
    const button = screen.getByRole('button', { name: 'Open in Stately Inspector' });
    expect(button.getAttribute('title')).toContain('network connection');
    expect(screen.getByRole('status').textContent).toBe('');
  });

  it('should explain a blocked inspector window instead of failing', () => {
    // jsdom has no windows to open: `window.open` returning null is what a pop-up blocker does.
    const open = vi.spyOn(window, 'open').mockReturnValue(null);
    try {
      render(wrap(<InspectorLog run={run} cursor={3} onJump={() => {}} />));
      fireEvent.click(screen.getByRole('button', { name: 'Open in Stately Inspector' }));
      expect(open).toHaveBeenCalledWith('https://stately.ai/inspect', 'xstateinspector');
      expect(screen.getByRole('status').textContent).toMatch(/blocked/);
      expect(
        rows()
          .find((r) => r.getAttribute('aria-selected') === 'true')
          ?.getAttribute('data-seq'),
      ).toBe('3');
    } finally {
      open.mockRestore();
    }
  });
});
