// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { faultDuration } from '../../machines/faultTable';
import { clock, span } from '../../src/ui/format';
import { FaultPanel } from '../../src/ui/panels/FaultPanel';
import tabView from '../../src/ui/panels/TabView.module.css';
import { MODES, renderWithPlayer, startPlayer } from './harness';

function choose(name: string, value: string) {
  const select = document.querySelector<HTMLSelectElement>(`select[name="${name}"]`);
  if (!select) throw new Error(`no ${name}`);
  act(() => {
    fireEvent.change(select, { target: { value } });
  });
}

describe.each(MODES)('the fault form (%s)', (_, strict) => {
  afterEach(cleanup);

  it('should offer only the parameters of the chosen fault type', () => {
    renderWithPlayer(startPlayer('ha-pair.yaml'), <FaultPanel />, strict);
    choose('fault', 'failover-timeout');
    expect(screen.getByTestId('fault-param-duration')).toBeTruthy();
    expect(screen.getByTestId('fault-param-times')).toBeTruthy();
    expect(screen.queryByTestId('fault-param-sessions')).toBeNull();
    choose('fault', 'session-loss');
    expect(screen.queryByTestId('fault-param-duration')).toBeNull();
    expect(screen.getByTestId('fault-param-sessions')).toBeTruthy();
  });

  it("should say in the empty duration field what it defaults to: the scenario's duration for the fault", () => {
    const actor = startPlayer('ha-pair.yaml');
    renderWithPlayer(actor, <FaultPanel />, strict);
    const durations = actor.getSnapshot().context.scenario?.durations;
    if (!durations) throw new Error('no scenario');
    const field = () => screen.getByTestId<HTMLInputElement>('fault-param-duration');
    // Before: "default", whatever the fault.
    choose('fault', 'host-crash');
    const crash = faultDuration('host-crash', durations) ?? 0;
    expect(crash).toBeGreaterThan(0);
    expect(field().placeholder).toBe(span(crash));
    // A slow failover's length depends on the step it slows: no one figure to give.
    choose('fault', 'failover-timeout');
    expect(faultDuration('failover-timeout', durations)).toBe(0);
    expect(field().placeholder).toBe('default');
  });

  it('should say on its button when the fault strikes: at the time paused, now while playing', () => {
    // Before: playing at 1000×, "Inject at 2:22:30" beside a clock at 2:22:46.
    const actor = startPlayer('ha-pair.yaml');
    renderWithPlayer(actor, <FaultPanel />, strict);
    act(() => void actor.send({ type: 'seek', at: 90_000 }));
    expect(screen.getByTestId('inject').textContent).toBe(`Inject at ${clock(90_000)}`);
    act(() => void actor.send({ type: 'play' }));
    expect(screen.getByTestId('inject').textContent).toBe('Inject now');
    act(() => void actor.send({ type: 'pause' }));
    expect(screen.getByTestId('inject').textContent).toMatch(/^Inject at \d+:\d\d:\d\d$/);
  });

  it('should refuse an invalid duration with an error naming the field, and inject nothing', () => {
    const actor = startPlayer('ha-pair.yaml');
    renderWithPlayer(actor, <FaultPanel />, strict);
    choose('fault', 'failover-timeout');
    act(() => {
      fireEvent.change(screen.getByTestId('fault-param-duration'), { target: { value: 'soon' } });
    });
    act(() => {
      fireEvent.click(screen.getByTestId('inject'));
    });
    expect(screen.getByTestId('fault-param-error').textContent).toMatch(/^duration: "soon"/);
    expect(actor.getSnapshot().context.live).toEqual([]);
    act(() => {
      fireEvent.change(screen.getByTestId('fault-param-duration'), { target: { value: '40m' } });
    });
    expect(screen.queryByTestId('fault-param-error')).toBeNull();
    act(() => {
      fireEvent.click(screen.getByTestId('inject'));
    });
    expect(actor.getSnapshot().context.live.map((spec) => spec.duration)).toEqual([40 * 60_000]);
    expect(screen.getByTestId('live-fault').textContent).toMatch(/for 40m/);
  });

  it('should name the host a fault aimed at a role struck in the list of injected faults', () => {
    const actor = startPlayer('ha-pair.yaml');
    renderWithPlayer(actor, <FaultPanel />, strict);
    act(() => {
      actor.send({ type: 'seek', at: 60 * 60_000 });
    });
    act(() => {
      actor.send({ type: 'fault.inject', fault: 'host-crash', target: 'standby' });
    });
    const view = actor.getSnapshot().context.view;
    const struck = view?.markers.find((marker) => marker.kind === 'fault')?.label;
    const host = /\((device-[ab])\)$/.exec(struck ?? '')?.[1];
    expect(host).toBeDefined();
    // Before: "host-crash on standby at 1:00:01", the host it crashed left unsaid.
    const entry = screen.getByTestId('live-fault');
    expect(entry.textContent).toMatch(new RegExp(`^host-crash on ${host} at 1:00:0[01]`));
    expect(entry.querySelector('[title]')?.getAttribute('title')).toBe(
      `Aimed at standby, which ${host} held as it was injected`,
    );
  });

  it('should say plainly, not as an error, that nothing is left to strike at the end of the run', () => {
    const actor = startPlayer('ha-pair.yaml');
    renderWithPlayer(actor, <FaultPanel />, strict);
    const duration = actor.getSnapshot().context.view?.duration ?? 0;
    choose('fault', 'host-crash');
    // At the end, and just before it, where the next whole second (where a fault strikes) is the
    // end: the user did nothing wrong, so the form says so without an error's look. Before: the
    // target select marked invalid and outlined, and in red "host-crash on active at 5:10:01
    // would never fire: the run has ended at 5:10:00…", with nothing done.
    for (const [at, said] of [
      [duration, `The run has ended at ${clock(duration)}: rewind to inject a fault.`],
      [
        duration - 400,
        `The run ends at ${clock(duration)}, before a fault could strike: rewind to inject one.`,
      ],
    ] as const) {
      act(() => {
        actor.send({ type: 'seek', at });
      });
      const reach = screen.getByTestId('fault-reach');
      expect(reach.dataset.fires).toBe('false');
      expect(reach.dataset.ended).toBe('true');
      expect(reach.textContent).toBe(said);
      expect(reach.classList.contains(tabView.refused ?? 'refused')).toBe(false);
      const inject = screen.getByTestId<HTMLButtonElement>('inject');
      expect(inject.disabled).toBe(true);
      // No time past the end on the button.
      expect(inject.textContent).toBe('Inject');
      const options = [
        ...document.querySelectorAll<HTMLOptionElement>('select[name="target"] option'),
      ];
      expect(options.length).toBeGreaterThan(2);
      for (const option of options) expect(option.textContent).toBe(option.value);
      const target = document.querySelector<HTMLSelectElement>('select[name="target"]');
      expect(target?.getAttribute('aria-invalid')).not.toBe('true');
      expect(target?.getAttribute('aria-describedby')).toBe(reach.id);
    }
    // A second earlier it strikes before the end.
    act(() => {
      actor.send({ type: 'seek', at: duration - 1400 });
    });
    expect(screen.getByTestId('fault-reach').dataset.fires).toBe('true');
    expect(screen.getByTestId<HTMLButtonElement>('inject').disabled).toBe(false);
  });

  it('should still mark a target that cannot fire, mid-run, as the error it is', () => {
    const actor = startPlayer('ha-pair.yaml');
    renderWithPlayer(actor, <FaultPanel />, strict);
    choose('fault', 'upgrade-failure');
    // Where no install is left on the chosen target, its reason is the refusal it was.
    const duration = actor.getSnapshot().context.view?.duration ?? 0;
    act(() => {
      actor.send({ type: 'seek', at: duration - 60_000 });
    });
    const reach = screen.getByTestId('fault-reach');
    expect(reach.dataset.fires).toBe('false');
    expect(reach.dataset.ended).toBeUndefined();
    expect(reach.classList.contains(tabView.refused ?? 'refused')).toBe(true);
    const target = document.querySelector<HTMLSelectElement>('select[name="target"]');
    expect(target?.getAttribute('aria-invalid')).toBe('true');
  });

  it('should keep the target chosen as the run plays, saying why it cannot strike rather than swapping it', () => {
    const actor = startPlayer('ha-pair.yaml');
    renderWithPlayer(actor, <FaultPanel />, strict);
    const run = actor.getSnapshot().context.view?.run.report;
    const switchover = run?.steps.find((step) => step.action === 'switchover');
    const { start, end } = switchover ?? {};
    if (start === undefined || end === undefined) throw new Error('a switchover in the HA pair');
    choose('fault', 'host-crash');
    choose('target', 'active');
    const target = () => document.querySelector<HTMLSelectElement>('select[name="target"]')?.value;
    // Halfway through a switchover the devices' machines both read standby, but the procedure
    // hands the active role over as the step ends: the crash strikes the device it leaves, as
    // the engine binds it. Before, the select moved to `standby` by itself and Inject crashed
    // the other device; then the form said no device was active and refused it.
    act(() => {
      actor.send({ type: 'seek', at: (start + end) / 2 });
    });
    const reach = screen.getByTestId('fault-reach');
    expect(reach.dataset.fires).toBe('true');
    expect(reach.textContent).toContain('Strikes device-a (the active now) at once.');
    expect(target()).toBe('active');
    // At the end nothing can strike: still the trainer's choice.
    act(() => {
      actor.send({ type: 'seek.end' });
    });
    expect(screen.getByTestId('fault-reach').dataset.fires).toBe('false');
    expect(screen.getByTestId<HTMLButtonElement>('inject').disabled).toBe(true);
    expect(target()).toBe('active');
    act(() => {
      actor.send({ type: 'seek', at: 0 });
    });
    expect(target()).toBe('active');
    expect(screen.getByTestId('fault-reach').dataset.fires).toBe('true');
    // Another fault is another choice: the target stays where the new fault strikes too.
    choose('fault', 'upgrade-failure');
    expect(target()).toBe('active');
  });

  it('should choose again where the fault fires when another scenario opens', () => {
    const actor = startPlayer('cluster.yaml');
    renderWithPlayer(actor, <FaultPanel />, strict);
    choose('fault', 'host-crash');
    choose('target', 'processing-1');
    const target = () => document.querySelector<HTMLSelectElement>('select[name="target"]')?.value;
    expect(target()).toBe('processing-1');
    // Another scenario, opened where processing-1 is down (crashed at 5m for 30m), as a
    // counterexample opens at its violation.
    act(() => {
      actor.send({ type: 'scenario.select', id: 'cluster-crash.yaml' });
      actor.send({ type: 'seek', at: 10 * 60_000 });
    });
    // Before: processing-1 stayed chosen, disabled and red, another host able to fire.
    expect(screen.getByTestId('fault-reach').dataset.fires).toBe('true');
    expect(target()).not.toBe('processing-1');
  });

  it('should write the injected faults into the scenario and clear them', () => {
    const actor = startPlayer('ha-pair.yaml');
    renderWithPlayer(actor, <FaultPanel />, strict);
    act(() => {
      actor.send({ type: 'seek', at: 60_000 });
    });
    choose('fault', 'host-crash');
    act(() => {
      fireEvent.click(screen.getByTestId('inject'));
    });
    const report = actor.getSnapshot().context.view?.run.report;
    act(() => {
      fireEvent.click(screen.getByTestId('fault-write'));
    });
    const { context } = actor.getSnapshot();
    expect(context.live).toEqual([]);
    expect(context.source).toMatch(
      /faults:\n\s+- \{ fault: host-crash, target: \S+, when: \{ at: 1m \} \}/,
    );
    expect(context.view?.run.report).toEqual(report);
    expect(screen.queryByTestId('live-fault')).toBeNull();
  });
});
