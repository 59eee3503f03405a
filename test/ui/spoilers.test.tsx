// @vitest-environment jsdom
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { FindingsPanel } from '../../src/ui/panels/FindingsPanel';
import { InvariantsPanel } from '../../src/ui/panels/InvariantsPanel';
import { TimelinePanel } from '../../src/ui/panels/TimelinePanel';
import { DowntimeTab } from '../../src/ui/panels/DowntimeTab';
import { ProcedurePanel } from '../../src/ui/panels/ProcedurePanel';
import { FaultPanel } from '../../src/ui/panels/FaultPanel';
import { TransportBar } from '../../src/ui/panels/TransportBar';
import { formatDuration, parseScenario, simulate } from '../../src/sim';
import { RunStatus } from '../../src/ui/panels/RunStatus';
import { Header } from '../../src/ui/panels/Header';
import { ScenarioIntro } from '../../src/ui/panels/ScenarioIntro';
import type { SimulationRunner } from '../../src/ui/simulation';
import type { PlayerActor } from '../../src/ui/state/PlayerContext';
import { clock, span } from '../../src/ui/format';
import { axisEnd } from '../../src/ui/state/spoilers';
import { fixtureText, MODES, renderWithPlayer, simulateInProcess, startPlayer } from './harness';

describe.each(MODES)('spoiler-free mode (%s)', (_, strict) => {
  afterEach(cleanup);

  it('should show a violation only once the playhead reaches it, and the findings at the end', () => {
    const actor = startPlayer('ha-left-on.yaml', { spoilerFree: true });
    const view = actor.getSnapshot().context.view;
    const first = Math.min(
      ...(view?.run.report.invariants.flatMap((item) => item.violations.map((v) => v.seq)) ?? []),
    );
    expect(Number.isFinite(first)).toBe(true);
    renderWithPlayer(
      actor,
      <>
        <InvariantsPanel />
        <FindingsPanel />
        <DowntimeTab />
      </>,
      strict,
    );
    act(() => {
      actor.send({ type: 'seek', seq: first - 1 });
    });
    expect(screen.queryAllByTestId('violation')).toHaveLength(0);
    expect(screen.getAllByTestId('invariant').every((li) => li.dataset.holds === 'true')).toBe(
      true,
    );
    expect(screen.getByTestId('findings-hidden')).toBeTruthy();
    expect(screen.getByTestId('downtime-hidden')).toBeTruthy();
    act(() => {
      actor.send({ type: 'seek', seq: first });
    });
    expect(screen.getAllByTestId('violation').length).toBeGreaterThan(0);
    act(() => {
      actor.send({ type: 'seek.end' });
    });
    expect(screen.queryByTestId('findings-hidden')).toBeNull();
    expect(screen.getByTestId('downtime-table')).toBeTruthy();
  });

  it("should not show the scenario's name or description, which may say the mistake to spot", () => {
    const name = 'Cluster from 4.5.0, processing-1 crashes before its upgrade';
    const actor = startPlayer('cluster-crash.yaml', { spoilerFree: true });
    const noop = () => undefined;
    const { container } = renderWithPlayer(
      actor,
      <>
        <Header presenter={false} onPresenter={noop} onHelp={noop} />
        <ScenarioIntro />
      </>,
      strict,
    );
    const page = () => container.textContent ?? '';
    const picked = () =>
      screen.getByTestId<HTMLSelectElement>('scenario-picker').selectedOptions[0]?.textContent;
    // Before: the name (here, the fault to come) in the heading and the picker, and the
    // description under them.
    expect(page()).not.toContain('crashes');
    expect(picked()).toBe('Scenario name hidden (spoiler-free)');
    // Nor its group, nor its place among its neighbours (before: in its group, in its slot).
    const select = screen.getByTestId<HTMLSelectElement>('scenario-picker');
    expect(select.selectedOptions[0]?.parentElement).toBe(select);
    expect(
      [...select.querySelectorAll('optgroup option')].map((option) => option.getAttribute('value')),
    ).not.toContain('cluster-crash.yaml');
    expect(page()).toContain('4.5.0 →');
    act(() => void actor.send({ type: 'spoilers.set', on: false }));
    expect(screen.getByTestId('scenario-name').textContent).toBe(name);
    expect(picked()).toBe(name);
    expect(select.selectedOptions[0]?.parentElement?.tagName).toBe('OPTGROUP');
    expect(page()).toContain('processing-1 crashes 5 minutes in');
  });

  it("should keep the run's length and its transitions' count for its end", () => {
    const actor = startPlayer('cluster-crash.yaml', { spoilerFree: true });
    const run = actor.getSnapshot().context.view?.run;
    const total = clock(run?.report.duration ?? 0);
    renderWithPlayer(actor, <TransportBar />, strict);
    act(() => {
      actor.send({ type: 'seek', seq: 3 });
    });
    expect(screen.getByTestId('duration').textContent).not.toContain(total);
    expect(screen.getByTestId('cursor').textContent).toBe('transition 4');
    act(() => {
      actor.send({ type: 'seek.end' });
    });
    expect(screen.getByTestId('duration').textContent).toContain(total);
    expect(screen.getByTestId('cursor').textContent).toMatch(/ of \d/);
  });

  it('should draw nothing on the timeline past the playhead, and everything once it is off', () => {
    const actor = startPlayer('cluster-crash.yaml', { spoilerFree: true });
    const view = actor.getSnapshot().context.view;
    const at = (view?.duration ?? 0) / 3;
    renderWithPlayer(actor, <TimelinePanel />, strict);
    act(() => {
      actor.send({ type: 'seek', at });
    });
    const time = actor.getSnapshot().context.time;
    const scale = 1000 / (view?.duration ?? 1);
    const rects = [...document.querySelectorAll('[data-testid="segment"], [data-testid="outage"]')];
    expect(rects.length).toBeGreaterThan(0);
    for (const rect of rects) {
      const x = Number(rect.getAttribute('x'));
      expect(x / scale).toBeLessThanOrEqual(time + 1);
    }
    const cursor = actor.getSnapshot().context.cursor;
    expect(screen.queryAllByTestId('marker').length).toBe(
      view?.markers.filter((m) => m.seq <= cursor).length,
    );
    expect(screen.queryByTestId('downtime-total')).toBeNull();
    act(() => {
      actor.send({ type: 'spoilers.set', on: false });
    });
    expect(screen.getAllByTestId('marker')).toHaveLength(view?.markers.length ?? -1);
    expect(screen.getByTestId('downtime-total')).toBeTruthy();
  });
});

/** The HA pair's run without any fault: its plan, as `rehearse plan` gives it. */
const PLAN = simulate(parseScenario(fixtureText('ha-pair.yaml'), 'ha-pair.yaml')).report.duration;

/** The HA pair with a fault injected by hand that makes the run longer or shorter than its plan. */
function withLiveFault(
  change: 'longer' | 'shorter',
  spoilerFree: boolean,
  simulator: SimulationRunner = simulateInProcess,
): PlayerActor {
  const actor = startPlayer('ha-pair.yaml', { spoilerFree }, undefined, simulator);
  const steps = actor.getSnapshot().context.view?.run.report.steps ?? [];
  if (change === 'longer') {
    // A switchover that takes 40 minutes.
    const switchover = steps.find((step) => step.action === 'switchover');
    actor.send({ type: 'seek', at: (switchover?.start ?? 0) - 60_000 });
    actor.send({
      type: 'fault.inject',
      fault: 'failover-timeout',
      target: 'active',
      params: { duration: 40 * 60_000 },
    });
  } else {
    // A failed upgrade, rolled back.
    const install = steps.find((step) => step.action === 'install');
    actor.send({ type: 'seek', at: (install?.start ?? 0) + 5 * 60_000 });
    actor.send({ type: 'fault.inject', fault: 'upgrade-failure', target: 'standby' });
  }
  expect(actor.getSnapshot().context.live).toHaveLength(1);
  return actor;
}

/** Where a spoiler-free axis ends at the playhead: past it, whatever the run's or plan's length. */
function pastPlayhead(actor: PlayerActor): number {
  const time = actor.getSnapshot().context.time;
  return axisEnd({ cursor: 0, time, why: 'spoiler-free' }, 0, undefined);
}

/** Where the timeline's axis ends, as its window says. */
function axisTo(): number {
  return Number(screen.getByTestId('window').dataset.to);
}

describe.each(MODES)('spoiler-free time axis (%s)', (_, strict) => {
  afterEach(cleanup);

  it("should end a little past the playhead, never at the plan's end nor the run's, and at the run's end only at its end", () => {
    const actor = withLiveFault('longer', true);
    const duration = actor.getSnapshot().context.view?.duration ?? 0;
    expect(duration).toBeGreaterThan(PLAN);
    renderWithPlayer(actor, <TimelinePanel />, strict);
    act(() => {
      actor.send({ type: 'seek', at: PLAN / 2 });
    });
    // Before: the plan's end, which for a run without faults is the run's own length.
    const early = pastPlayhead(actor);
    expect(axisTo()).toBe(early);
    expect(early).not.toBe(PLAN);
    expect(early).toBeGreaterThan(PLAN / 2);
    const ticks = screen.getAllByTestId('tick').map((tick) => tick.textContent);
    expect(ticks).not.toContain(clock(duration));
    const header = screen.getByTestId('timeline-length').textContent;
    expect(header).toBe(`${span(PLAN / 2)} of virtual time so far`);
    // Between two seconds, the heading says the second the clock shows (before: the next one).
    const between = Math.floor(PLAN / 3 / 1000) * 1000 + 600;
    act(() => {
      actor.send({ type: 'seek', at: between });
    });
    expect(screen.getByTestId('timeline-length').textContent).toBe(
      `${span(between - 600)} of virtual time so far`,
    );
    act(() => {
      actor.send({ type: 'seek', at: PLAN / 2 });
    });
    // Zoomed in and panned as far as it goes: still a little past the playhead.
    act(() => {
      fireEvent.click(screen.getByTestId('zoom-in'));
    });
    for (
      let pan = 0;
      pan < 20 && !screen.getByTestId<HTMLButtonElement>('pan-later').disabled;
      pan++
    )
      act(() => {
        fireEvent.click(screen.getByTestId('pan-later'));
      });
    expect(axisTo()).toBe(early);
    act(() => {
      fireEvent.click(screen.getByTestId('zoom-fit'));
    });
    const past = PLAN + (duration - PLAN) / 2;
    act(() => {
      actor.send({ type: 'seek', at: past });
    });
    expect(axisTo()).toBe(pastPlayhead(actor));
    expect(axisTo()).toBeGreaterThan(actor.getSnapshot().context.time);
    expect(axisTo()).not.toBe(duration);
    act(() => {
      actor.send({ type: 'seek.end' });
    });
    expect(axisTo()).toBe(duration);
    expect(screen.getByTestId('timeline-length').textContent).toBe(
      `${span(duration)} of virtual time`,
    );
  });

  it('should not tell, by where it ends, that the run ends before its plan', () => {
    const actor = withLiveFault('shorter', true);
    const duration = actor.getSnapshot().context.view?.duration ?? 0;
    expect(duration).toBeLessThan(PLAN);
    renderWithPlayer(actor, <TimelinePanel />, strict);
    act(() => {
      actor.send({ type: 'seek', at: duration / 2 });
    });
    expect(axisTo()).toBe(pastPlayhead(actor));
    expect(axisTo()).not.toBe(duration);
    act(() => {
      actor.send({ type: 'spoilers.set', on: false });
    });
    expect(axisTo()).toBe(duration);
  });

  it("should not show a run's progress, which would tell its length", () => {
    // The run after the first one is still being simulated, 999 transitions in at 1h6m40s.
    const progress: SimulationRunner = (request, report) => {
      if (request.id === 1) return simulateInProcess(request, report);
      report({
        type: 'simulation.progress',
        id: request.id,
        step: 3,
        steps: 14,
        transitions: 999,
        at: 4_000_000,
      });
      return () => undefined;
    };
    for (const spoilerFree of [false, true]) {
      const actor = startPlayer('ha-pair.yaml', { spoilerFree }, undefined, progress);
      actor.send({ type: 'seek', at: 60_000 });
      actor.send({ type: 'fault.inject', fault: 'host-crash', target: 'standby' });
      const { unmount } = renderWithPlayer(actor, <RunStatus />, strict);
      const text = screen.getByTestId('run-status').textContent;
      expect(text.includes(formatDuration(4_000_000)), text).toBe(!spoilerFree);
      expect(text.includes('999'), text).toBe(!spoilerFree);
      unmount();
    }
  });
});

describe("the fault-free plan's end", () => {
  it('should be simulated once, only in spoiler-free mode and only when the run has faults', () => {
    let runs = 0;
    const counting: SimulationRunner = (request, report) => {
      runs++;
      return simulateInProcess(request, report);
    };
    const quiet = startPlayer('ha-pair.yaml', { spoilerFree: true }, undefined, counting);
    expect(runs).toBe(1);
    expect(quiet.getSnapshot().context.plan).toBeUndefined();
    runs = 0;
    const actor = withLiveFault('longer', false, counting);
    expect(runs).toBe(2);
    expect(actor.getSnapshot().context.plan).toBeUndefined();
    actor.send({ type: 'spoilers.set', on: true });
    expect(runs).toBe(3);
    expect(actor.getSnapshot().context.plan?.end).toBe(PLAN);
    actor.send({ type: 'seek', at: 0 });
    actor.send({ type: 'spoilers.set', on: false });
    actor.send({ type: 'spoilers.set', on: true });
    expect(runs).toBe(3);
  });
});

/** A scenario from the repository's scenarios/ folder. */
function scenarioText(name: string): string {
  return readFileSync(join('scenarios', name), 'utf8');
}

/**
 * The SERVERware Cluster from 4.8.2 (18 steps), and the same with its Primary crashing an hour in:
 * the crash is a failover of its own, so the run has one failover step fewer (17 steps).
 */
const CLUSTER = scenarioText('serverware-cluster-4.3-4.8.yaml').replace(/^expect:[\s\S]*$/m, '');
const CRASHED = `${CLUSTER}faults:\n  - { fault: host-crash, target: storage-1, when: { at: 1h } }\n`;

function playerOn(text: string, spoilerFree: boolean): PlayerActor {
  return startPlayer('cluster.yaml', {
    spoilerFree,
    initial: { text, edited: true, file: 'cluster-4.8.yaml' },
  });
}

describe.each(MODES)('spoiler-free procedure (%s)', (_, strict) => {
  afterEach(cleanup);

  it('should read the same before a fault fires as the run without it, naming only the steps so far', () => {
    const steps = (actor: PlayerActor) => actor.getSnapshot().context.view?.run.report.steps ?? [];
    const panels = [CLUSTER, CRASHED].map((text) => {
      const actor = playerOn(text, true);
      act(() => {
        actor.send({ type: 'seek', at: 30 * 60_000 });
      });
      const { container, unmount } = renderWithPlayer(actor, <ProcedurePanel />, strict);
      const html = container.innerHTML;
      const heading = screen.getByRole('heading', { level: 2 }).textContent;
      const reached = steps(actor).filter((step) => (step.start ?? Infinity) <= 30 * 60_000);
      unmount();
      return { actor, html, heading, reached: reached.length };
    });
    const [plain, crashed] = panels;
    // The runs differ in their step count: the panels must not tell.
    expect(steps(plain!.actor)).toHaveLength(18);
    expect(steps(crashed!.actor)).toHaveLength(17);
    expect(crashed!.html).toBe(plain!.html);
    expect(plain!.heading).toBe(`Procedure ${plain!.reached} steps so far`);
    // At the run's end nothing is held back: the run's own count.
    act(() => {
      crashed!.actor.send({ type: 'seek.end' });
    });
    renderWithPlayer(crashed!.actor, <ProcedurePanel />, strict);
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('Procedure 17 steps');
    expect(screen.getAllByTestId('step')).toHaveLength(17);
  });

  it('should count every step of the run when the mode is off', () => {
    const actor = playerOn(CRASHED, false);
    act(() => {
      actor.send({ type: 'seek', at: 30 * 60_000 });
    });
    renderWithPlayer(actor, <ProcedurePanel />, strict);
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('Procedure 17 steps');
    expect(screen.getByTestId('narration').textContent).toMatch(/Step \d+ of 17/);
  });
});

describe.each(MODES)('spoiler-free fault form (%s)', (_, strict) => {
  afterEach(cleanup);

  /** The form on the Cluster once the Backup host is upgraded: no install is left on it. */
  function formAfterBackup(spoilerFree: boolean) {
    const actor = playerOn(CLUSTER, spoilerFree);
    const steps = actor.getSnapshot().context.view?.run.report.steps ?? [];
    const verify = steps.find((step) => step.action === 'verify' && step.host === 'backup');
    act(() => {
      actor.send({ type: 'seek', at: (verify?.end ?? 0) + 60_000 });
    });
    renderWithPlayer(actor, <FaultPanel />, strict);
    const select = document.querySelector<HTMLSelectElement>('select[name="target"]');
    if (!select) throw new Error('no target list');
    const option = (value: string) =>
      [...select.options].find((item) => item.value === value) as HTMLOptionElement;
    const choose = (value: string) => {
      act(() => {
        fireEvent.change(select, { target: { value } });
      });
      return screen.getByTestId('fault-reach').textContent.replace(value, 'HOST');
    };
    return { actor, option, choose };
  }

  it('should label a target alike whether a step is left for it or not, and refuse it only when injected', () => {
    const open = formAfterBackup(false);
    // Disabled under its plain name: the reason is under Inject (a suffix was cut on a projector).
    expect(open.option('backup').textContent).toBe('backup');
    expect(open.option('backup').disabled).toBe(true);
    cleanup();

    const { actor, option, choose } = formAfterBackup(true);
    for (const host of ['backup', 'storage-2']) {
      expect(option(host).textContent).toBe(host);
      expect(option(host).disabled).toBe(false);
    }
    // What the form says of either is the same, and says nothing of when.
    const onStorage = choose('storage-2');
    expect(choose('backup')).toBe(onStorage);
    expect(onStorage).not.toMatch(/hop|\d+:\d\d:\d\d|never/);
    const inject = screen.getByTestId<HTMLButtonElement>('inject');
    expect(inject.disabled).toBe(false);
    // Injected, it cannot fire there: refused at once with the reason, never kept.
    act(() => {
      fireEvent.click(inject);
    });
    const { live, notices } = actor.getSnapshot().context;
    expect(live).toHaveLength(0);
    expect(notices.at(-1)?.text).toMatch(/^Not injected: .*backup.* would never fire/);
  });
});
