// @vitest-environment jsdom
import { act, cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { parseScenario, simulate } from '../../src/sim';
import { ProcedurePanel } from '../../src/ui/panels/ProcedurePanel';
import { currentStepAt, stepStatusesAt } from '../../src/ui/state/runView';
import { fixtureText, MODES, renderWithPlayer, startPlayer } from './harness';

function current() {
  const items = screen
    .getAllByTestId('step')
    .filter((item) => item.getAttribute('aria-current') === 'step');
  expect(items).toHaveLength(1);
  return items[0] as HTMLElement;
}

describe.each(MODES)('ProcedurePanel (%s)', (_, strict) => {
  afterEach(cleanup);

  it('should highlight the step the procedure is carrying out at the cursor and narrate its note', () => {
    const run = simulate(parseScenario(fixtureText('cluster.yaml'), 'cluster.yaml'));
    const actor = startPlayer('cluster.yaml');
    renderWithPlayer(actor, <ProcedurePanel />, strict);
    // The procedure frame right after the failover step started.
    const cursor = run.report.trace.findIndex(
      (entry) => entry.actor === 'procedure' && entry.state === 'running.failingOver',
    );
    const stepNumber = run.frames[cursor]?.procedure?.stepNumber ?? 0;
    const step = run.report.steps[stepNumber - 1];
    expect(step?.action).toBe('failover');
    act(() => actor.send({ type: 'seek', seq: cursor }));
    const item = current();
    expect(item.textContent).toContain('failover');
    expect(item.dataset.status).toBe('running');
    expect(screen.getByTestId('narration').textContent).toContain(step?.note ?? '—');
    // …and says where the step comes from, in words.
    expect(screen.getByTestId('narration-source').textContent).toBe(
      'The document: SERVERware upgrade procedure impact (Bicom), step 3 (initiate a failover, about 15 minutes).',
    );
    // …and, first on the narration's first line, which of the document's steps it is: the
    // line that stays in view when a long narration scrolls.
    const note = screen.getByTestId('narration-note');
    expect(note.firstElementChild?.getAttribute('data-testid')).toBe('narration-source-tag');
    expect(note.firstElementChild?.textContent).toBe('document: step 3');
    const statuses = screen.getAllByTestId('step').map((li) => li.dataset.status);
    expect(statuses.slice(0, stepNumber - 1).every((status) => status === 'done')).toBe(true);
    expect(statuses.slice(stepNumber).every((status) => status === 'pending')).toBe(true);
  });

  it('should make a clicked step the current one, a step that takes no time included', () => {
    for (const fixture of ['ha-pair.yaml', 'standalone.yaml'] as const) {
      const actor = startPlayer(fixture);
      renderWithPlayer(actor, <ProcedurePanel />, strict);
      const steps = actor.getSnapshot().context.view?.run.report.steps ?? [];
      const instant = steps.filter((step) => step.start !== undefined && step.start === step.end);
      // Turning preemption off, announcing the window: steps that start and end in one instant.
      expect(instant.length, fixture).toBeGreaterThan(0);
      steps.forEach((step, index) => {
        if (step.start === undefined) return;
        const button = screen.getAllByTestId('step')[index]?.querySelector('button');
        act(() => void button?.click());
        // Before: a step that takes no time showed the next step, its narration unreachable
        // but transition by transition.
        expect(current().dataset.seq, `${fixture}: ${step.action} ${step.host ?? ''}`).toBe(
          String(step.seq),
        );
        if (step.note) expect(screen.getByTestId('narration').textContent).toContain(step.note);
        // …under way or done, never pending: before, a click on step 1 landed where the
        // procedure had not started it.
        expect(current().dataset.status, `${fixture}: ${step.action} ${step.host ?? ''}`).not.toBe(
          'pending',
        );
      });
      cleanup();
    }
  });

  it("should narrate a step of the scenario's own plan in words, not by its plan name", () => {
    const text = `${fixtureText('ha-pair.yaml').trimEnd()}\nplan:\n  - sync-config\n  - check-services\n  - upgrade: device-b\n`;
    const actor = startPlayer('ha-pair.yaml', { initial: { text, edited: true } });
    renderWithPlayer(actor, <ProcedurePanel />, strict);
    const steps = actor.getSnapshot().context.view?.run.report.steps ?? [];
    const check = steps.findIndex((step) => step.action === 'check-services');
    expect(check).toBeGreaterThanOrEqual(0);
    const button = screen.getAllByTestId('step')[check]?.querySelector('button');
    act(() => void button?.click());
    const note = screen.getByTestId('narration-note').textContent;
    // Before: "as written check-services", the plan's name for it, where the step list reads
    // "check services".
    expect(note).toContain('check services');
    expect(note).not.toContain('check-services');
    expect(screen.getByTestId('narration').textContent).not.toContain('check-services');
  });

  it('should point an arrow only at a version a step moves its host to', () => {
    renderWithPlayer(startPlayer('standalone.yaml'), <ProcedurePanel />, strict);
    const titles = screen.getAllByTestId('step').map((li) => li.textContent);
    // Before: "backup server → 1.0.0", read as an upgrade to the version it saves.
    expect(titles.find((title) => title.includes('backup server'))).toContain('(1.0.0)');
    expect(titles.find((title) => title.includes('install server'))).toContain('→ 2.0.0');
    expect(titles.filter((title) => title.includes('→'))).toHaveLength(1);
  });

  it('should show recovery steps only once the failure that adds them has happened', () => {
    const actor = startPlayer('ha-pair.yaml');
    renderWithPlayer(actor, <ProcedurePanel />, strict);
    // Pause at the standby's install and inject an upgrade failure there.
    const view = actor.getSnapshot().context.view;
    const install = view?.run.report.steps.find((s) => s.action === 'install');
    act(() => actor.send({ type: 'seek', at: (install?.start ?? 0) + 60_000 }));
    act(() => actor.send({ type: 'fault.inject', fault: 'upgrade-failure', target: 'standby' }));
    const steps = () => screen.getAllByTestId('step');
    expect(steps().some((li) => li.dataset.recovery === 'true')).toBe(false);
    // Numbered as shown: no gap where the recovery steps will go (it would tell they come).
    const numbers = () => screen.getAllByTestId('step-number').map((span) => span.textContent);
    expect(numbers()).toEqual(steps().map((_, index) => String(index + 1)));
    act(() => actor.send({ type: 'seek.end' }));
    expect(numbers()).toEqual(steps().map((_, index) => String(index + 1)));
    const recovery = steps().filter((li) => li.dataset.recovery === 'true');
    expect(recovery.length).toBeGreaterThan(0);
    expect(recovery.every((li) => li.dataset.status === 'done')).toBe(true);
    expect(steps().some((li) => li.dataset.status === 'failed')).toBe(true);
    expect(steps().some((li) => li.dataset.status === 'skipped')).toBe(true);
    expect(screen.getByTestId('outcome').textContent).toMatch(/Rolled back/);
  });
});

const LONG = `name: A cluster of 120 processing hosts
system: serverware
topology: cluster
version: { from: 3.2.4 }
hosts: { processing: 120 }
vps: 240
`;

describe.each(MODES)('ProcedurePanel with thousands of steps (%s)', (_, strict) => {
  afterEach(cleanup);

  it('should render only a window of rows, the current step among them, with the statuses at the cursor', () => {
    const actor = startPlayer('cluster.yaml', { initial: { text: LONG, edited: true } });
    renderWithPlayer(actor, <ProcedurePanel />, strict);
    const view = actor.getSnapshot().context.view;
    if (!view) throw new Error('no run');
    const { steps } = view.run.report;
    expect(steps.length).toBeGreaterThan(300);
    const list = screen.getByTestId('steps-windowed');
    const rows = () => screen.getAllByTestId('step');
    expect(rows().length).toBeLessThan(40);

    for (const seq of [Math.floor(view.times.length * 0.8), 5, view.times.length - 1]) {
      act(() => actor.send({ type: 'seek', seq }));
      const statuses = stepStatusesAt(view, seq);
      const shown = rows();
      expect(shown.length).toBeLessThan(40);
      expect(current().textContent).toContain(stepTitleWords(steps[currentStepAt(view, seq)]));
      for (const row of shown) {
        const index = steps.findIndex((step) => String(step.seq) === row.dataset.seq);
        expect(row.dataset.status).toBe(statuses[index]);
      }
      // The spacers and the rows add up to the whole list, so the scrollbar is true.
      const spacers = [...list.querySelectorAll<HTMLElement>('[data-testid="steps-spacer"]')].map(
        (li) => parseFloat(li.style.height),
      );
      const height = (spacers[0] ?? 0) + (spacers[1] ?? 0) + shown.length * 44;
      expect(height).toBe(statuses.filter((status) => status !== 'hidden').length * 44);
    }
  });
});

function stepTitleWords(step: { action: string; host?: string } | undefined): string {
  return `${step?.action.replace(/-/g, ' ') ?? '?'} ${step?.host ?? ''}`.trim();
}
