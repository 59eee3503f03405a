// @vitest-environment jsdom
import { act, cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { TimelinePanel } from '../../src/ui/panels/TimelinePanel';
import { downtimeUntil } from '../../src/ui/state/runView';
import { MODES, renderWithPlayer, startPlayer } from './harness';

describe.each(MODES)('TimelinePanel (%s)', (_, strict) => {
  afterEach(cleanup);

  it('should move the playhead and the faded future to the time, and count the downtime so far', () => {
    const actor = startPlayer('cluster.yaml');
    const { container } = renderWithPlayer(actor, <TimelinePanel />, strict);
    const view = actor.getSnapshot().context.view;
    if (!view) throw new Error('no run');
    const lanes = container.querySelector('.tl-row:not(.tl-axis-row)')?.innerHTML;
    const sums: number[] = [];
    for (const ratio of [0.5, 0.25, 1]) {
      const at = view.duration * ratio;
      act(() => actor.send({ type: 'seek', at }));
      const shift = `translateX(${ratio * 100}%)`;
      expect(screen.getByTestId('playhead').style.transform).toBe(shift);
      expect(container.querySelector<HTMLElement>('.future')?.style.transform).toBe(shift);
      const soFar = downtimeUntil(view, at);
      const rows = screen.getAllByTestId('group-downtime');
      expect(rows.map((row) => Number(row.dataset.soFar))).toEqual(soFar);
      const sum = view.run.groups.reduce(
        (total, group, index) => total + group.members.length * (soFar[index] ?? 0),
        0,
      );
      expect(Number(screen.getByTestId('downtime-so-far').dataset.ms)).toBe(sum);
      sums.push(sum);
    }
    // Not vacuous: the cluster has downtime by the end.
    expect(sums.at(-1)).toBeGreaterThan(0);
    // The lanes are drawn once per run, whatever the time.
    expect(container.querySelector('.tl-row:not(.tl-axis-row)')?.innerHTML).toBe(lanes);
  });

  it('should name every workload of a group in its row, however many', () => {
    const actor = startPlayer('cluster.yaml', {
      initial: { text: CROWDED, builtin: 'cluster.yaml', edited: true },
    });
    renderWithPlayer(actor, <TimelinePanel />, strict);
    const run = actor.getSnapshot().context.view?.run;
    const primary = run?.groups.find((group) => group.key === 'primary');
    expect(primary?.members.length).toBe(30);
    const row = screen
      .getAllByTestId('group-row')
      .find((element) => element.dataset.group === 'primary');
    expect(row?.querySelector('.tl-label')?.getAttribute('title')?.split(', ')).toEqual(
      primary?.members,
    );
  });
});

const CROWDED = `name: Thirty VPSs on the Primary
system: serverware
topology: cluster
version: { from: 4.5.0 }
hosts: { processing: 1 }
vps:
${Array.from({ length: 30 }, (_, i) => `  - { name: vps-${i + 1}, host: primary }`).join('\n')}
`;
