// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import {
  optionWords,
  DECISION_OPTION_NAMES,
  DECISION_POINT_NAMES,
  DECISION_POINTS,
  describeSource,
  INVARIANT_IDS,
  parseScenario,
  simulate,
  sourceLabel,
} from '../../src/sim';
import type { DecisionOption, DecisionRecord, Report, Run } from '../../src/sim';
import { App } from '../../src/ui/App';
import { drillYaml, pendingDecision } from '../../src/ui/drill/drillLogic';
import { optionMeaning, span, words } from '../../src/ui/format';
import { readShareHash, shareHash } from '../../src/ui/state/persistence';
import type { PlayerActor } from '../../src/ui/state/PlayerContext';
import { DRILL } from '../support/drillScenario';
import { MODES, renderWithPlayer, startPlayer } from './harness';

const HA = DRILL;

/** The same scenario run by Rehearse alone: what the drill is measured against. */
const documented = simulate(parseScenario(HA, 'ha.yaml'));
const first = documented.report.decisions[0] as DecisionRecord;

function context(actor: PlayerActor) {
  return actor.getSnapshot().context;
}

function view(actor: PlayerActor) {
  const found = context(actor).view;
  if (!found) throw new Error('no run on screen');
  return found;
}

/** Plays until the player pauses by itself (a decision point or the end). */
function playOn(actor: PlayerActor): void {
  act(() => void actor.send({ type: 'play' }));
  for (let i = 0; i < 10_000 && actor.getSnapshot().matches({ playback: 'playing' }); i++)
    act(() => void actor.send({ type: 'tick', elapsed: 1_000 }));
}

/** What a decision is, without who took it or why (the exported file's entries are the scenario's). */
function taken(report: Report) {
  return report.decisions.map(({ at, situation, host, hop, fault, options, chosen }) => ({
    at,
    situation,
    host,
    hop,
    fault,
    options,
    chosen,
  }));
}

/**
 * The decision points', options' and invariants' ids (those of more than one word) found in a
 * text a person reads: none belong there, their words do.
 */
function idsIn(text: string): string[] {
  return [...DECISION_POINT_NAMES, ...DECISION_OPTION_NAMES, ...INVARIANT_IDS].filter(
    (id) => id.includes('-') && text.includes(id),
  );
}

function startDrill(strict: boolean, text = HA): PlayerActor {
  const actor = startPlayer('ha-pair.yaml', { initial: { text, edited: true } });
  renderWithPlayer(actor, <App />, strict);
  act(() => void actor.send({ type: 'speed.set', speed: 1000 }));
  fireEvent.click(screen.getByTestId('drill-switch'));
  return actor;
}

describe.each(MODES)('drill mode (%s)', { timeout: 30_000 }, (_, strict) => {
  afterEach(cleanup);

  it('should stop at the decision point and list the options with their meaning and the default', () => {
    expect(first.by).toBe('default');
    const actor = startDrill(strict);
    expect(context(actor).drill).toBeDefined();
    expect(screen.queryByTestId('decision-card')).toBeNull();
    playOn(actor);
    expect(actor.getSnapshot().matches({ playback: 'paused' })).toBe(true);
    expect(context(actor).time).toBe(first.at);
    // The failure that led there is on screen, the decision's consequences are not yet.
    const stop = pendingDecision(view(actor).run);
    expect(context(actor).cursor).toBe((stop?.seq ?? 0) - 1);
    expect(view(actor).run.report.trace[context(actor).cursor]?.at).toBe(first.at);

    const card = screen.getByRole('dialog', { name: /Decision/ });
    expect(card.textContent).toContain(DECISION_POINTS[first.situation].situation);
    expect(card.textContent).toContain(`host ${first.host}`);
    const buttons = within(card).getAllByRole('button');
    expect(buttons.map((b) => b.getAttribute('data-option'))).toEqual(first.options);
    for (const button of buttons) {
      const option = button.getAttribute('data-option') as DecisionOption;
      const words = optionWords(first.situation, option).replace(/ \(at most `times` times\)/, '');
      expect(button.textContent).toContain(words.replaceAll('`', ''));
    }
    const marked = within(card).getAllByTestId('default-mark');
    expect(marked).toHaveLength(1);
    expect(marked[0]?.closest('button')?.getAttribute('data-option')).toBe(first.chosen);
    const fallback = screen.getByTestId('decision-default').textContent ?? '';
    expect(fallback).toContain(words(first.chosen));
    expect(fallback).toContain(sourceLabel(first.source));
    expect(fallback).toContain(describeSource(first.source));
    // The card takes the keyboard: the first option has the focus.
    expect(document.activeElement).toBe(buttons[0]);
  });

  it('should show the step whose failure asks for the decision as failed, as its host’s card does', () => {
    const actor = startDrill(strict);
    playOn(actor);
    screen.getByRole('dialog', { name: /Decision/ });
    const failed = view(actor).run.report.steps.find(
      (step) => step.host === first.host && step.action === 'install' && step.status === 'failed',
    );
    expect(failed).toBeDefined();
    const row = screen
      .getAllByTestId('step')
      .find((item) => item.getAttribute('data-seq') === String(failed?.seq));
    expect(row?.getAttribute('data-status')).toBe('failed');
    expect(
      screen.getAllByTestId('step').filter((item) => item.dataset.status === 'running'),
    ).toEqual([]);
    expect(screen.getByTestId('narration').closest('section')?.textContent).not.toMatch(/running/i);
  });

  it('should send the skip link to the decision while the card takes the fault form’s place', async () => {
    const actor = startDrill(strict);
    expect(screen.getByTestId('skip-faults').textContent).toBe('Skip to the fault form');
    playOn(actor);
    // Before: "Skip to the fault form" led nowhere, the form stepping aside for the card.
    expect(screen.queryByTestId('skip-faults')).toBeNull();
    const link = screen.getByTestId('skip-decision');
    expect(link.textContent).toBe('Skip to the decision');
    (document.activeElement as HTMLElement | null)?.blur();
    fireEvent.click(link);
    await act(() => new Promise((done) => requestAnimationFrame(() => done(undefined))));
    expect(document.activeElement?.getAttribute('data-option')).toBe(first.options[0]);
  });

  it('should re-simulate with the trainee’s choice as a decisions: entry and play on from the decision', () => {
    const actor = startDrill(strict);
    playOn(actor);
    const before = view(actor).run;
    fireEvent.click(screen.getByRole('button', { name: /^retry/ }));
    const { drill } = context(actor);
    expect(drill?.choices.map((c) => c.rule)).toEqual([
      {
        index: 0,
        at: first.situation,
        host: first.host,
        hop: first.hop,
        fault: first.fault,
        choose: 'retry',
        times: 1,
        by: 'operator',
      },
    ]);
    const after = view(actor).run;
    expect(after).not.toBe(before);
    expect(after.report.decisions[0]).toMatchObject({ chosen: 'retry', by: 'operator' });
    // Everything before the decision is replayed identically.
    const stop = pendingDecision(before)?.seq ?? 0;
    expect(after.report.trace.slice(0, stop)).toEqual(before.report.trace.slice(0, stop));
    // Playback goes on from the decision's time, and the card is gone.
    expect(actor.getSnapshot().matches({ playback: 'playing' })).toBe(true);
    expect(context(actor).time).toBe(first.at);
    expect(screen.queryByTestId('decision-card')).toBeNull();
  });

  it('should be operable from the keyboard without the global shortcuts firing', () => {
    const actor = startDrill(strict);
    playOn(actor);
    const card = screen.getByTestId('decision-card');
    const buttons = within(card).getAllByRole('button');
    fireEvent.keyDown(buttons[0] as HTMLElement, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(buttons[1]);
    fireEvent.keyDown(buttons[1] as HTMLElement, { key: 'ArrowUp' });
    expect(document.activeElement).toBe(buttons[0]);
    // Space belongs to the focused option here, not to play/pause.
    fireEvent.keyDown(buttons[0] as HTMLElement, { key: ' ' });
    expect(actor.getSnapshot().matches({ playback: 'paused' })).toBe(true);
  });

  it('should stop at the point again when the trainee plays on without choosing', () => {
    const actor = startDrill(strict);
    playOn(actor);
    act(() => void actor.send({ type: 'seek', at: view(actor).duration - 1 }));
    playOn(actor);
    expect(context(actor).time).toBe(first.at);
    expect(screen.getByTestId('decision-card')).toBeTruthy();
  });

  it('should show nothing of the run past the decision still to take: that run is the default’s, not the trainee’s', () => {
    // Before: the timeline drew the markers of the default's rollback ahead, the Findings and
    // the downtime told its outcome, and a seek to the end played it, card and all, though
    // Spoiler-free was off only because the trainer had not thought of it.
    // A crash of the active device after the decision: the default's run marks it, and its
    // failover, past the decision.
    const actor = startDrill(
      strict,
      `${HA}  - { fault: host-crash, target: active, when: { at: 45m }, duration: 10m }\n`,
    );
    const stop = pendingDecision(view(actor).run);
    if (!stop) throw new Error('no decision to take');
    const markers = view(actor).markers;
    // The failure that asks for the decision is marked at the transition that takes it.
    const known = markers.filter(
      (marker) => marker.seq < stop.seq || (marker.seq === stop.seq && marker.kind === 'fault'),
    ).length;
    expect(markers.filter((marker) => marker.seq > stop.seq).length).toBeGreaterThan(1);
    const hidden = () => screen.getByTestId('findings-hidden').textContent ?? '';
    // From the drill's start, before the playhead reaches it, and at it.
    expect(screen.queryAllByTestId('marker')).toHaveLength(known);
    expect(hidden()).toMatch(/decision/);
    expect(hidden()).not.toMatch(/spoiler-free/i);
    // Not "so far" at 0:00:00: the lanes run to the decision, not to the playhead.
    expect(screen.getByTestId('timeline-length').textContent).toBe(
      `${span(first.at)} of virtual time to the decision ahead`,
    );
    expect(screen.getByTestId('downtime-summary').textContent).toMatch(
      /before the decision 1 .*hidden until the decision is taken/,
    );
    // The steps as far as the decision's, none of the default's after it.
    const listed = () => screen.getAllByTestId('step').map((row) => Number(row.dataset.seq));
    const steps = view(actor).run.report.steps;
    const failed = steps.findIndex((step) => step.host === first.host && step.status === 'failed');
    const decided = steps.slice(0, failed + 1).map((step) => step.seq);
    expect(decided.length).toBeLessThan(steps.length);
    expect(listed()).toEqual(decided);
    expect(screen.getByTestId('step-count').textContent).toBe(
      `${decided.length} steps to the decision ahead`,
    );
    playOn(actor);
    expect(screen.queryAllByTestId('marker')).toHaveLength(known);
    expect(hidden()).toMatch(/decision/);
    // No way past it but a choice: each seek stops at the decision, its card on screen.
    const atDecision = () => {
      expect(context(actor).time).toBe(first.at);
      expect(context(actor).cursor).toBe(stop.seq - 1);
      expect(screen.getByTestId('decision-card')).toBeTruthy();
    };
    for (const event of [
      { type: 'seek.end' },
      { type: 'seek', at: view(actor).duration },
      { type: 'seek', seq: stop.seq + 1 },
      { type: 'step.forward' },
      { type: 'jump.next' },
    ] as const) {
      act(() => void actor.send(event));
      atDecision();
    }
    act(() => void actor.send({ type: 'jump.next', kind: 'violation' }));
    atDecision();
    expect(screen.getAllByTestId('notice').at(-1)?.textContent).toMatch(/before the decision/);
    fireEvent.click(screen.getByRole('button', { name: /^retry/ }));
    playOn(actor);
    expect(screen.queryByTestId('findings-hidden')).toBeNull();
    expect(screen.queryAllByTestId('marker')).toHaveLength(view(actor).markers.length);
  });

  it('should name the decision, its options and the procedure’s way in words on the card and in the debrief, not by their ids', async () => {
    const actor = startDrill(strict);
    playOn(actor);
    const card = screen.getByTestId('decision-card');
    // Before: the options read `rollback-host`, the default "The document says rollback-host",
    // and the point `install-failed` beside where it happened.
    expect(first.options.some((option) => option.includes('-'))).toBe(true);
    expect(idsIn(card.textContent ?? '')).toEqual([]);
    for (const option of first.options)
      expect(card.querySelector(`[data-option="${option}"]`)?.textContent).toContain(words(option));
    fireEvent.click(screen.getByRole('button', { name: /^retry/ }));
    playOn(actor);
    const debrief = screen.getByTestId('debrief');
    await within(debrief).findByTestId('compare', undefined, { timeout: 15_000 });
    // Before: "Trainee chose retry", "Procedure takes rollback-host".
    const [row] = within(debrief).getAllByTestId('debrief-choice');
    expect(idsIn(row?.textContent ?? '')).toEqual([]);
    expect(idsIn(debrief.textContent ?? '')).toEqual([]);
  });

  it('should open the debrief at the end with the run beside the procedure’s and the choices that differed', async () => {
    const actor = startDrill(strict);
    playOn(actor);
    fireEvent.click(screen.getByRole('button', { name: /^retry/ }));
    playOn(actor);
    const drilled = view(actor).run;
    expect(context(actor).time).toBe(drilled.report.duration);
    const debrief = screen.getByTestId('debrief');
    const rows = within(debrief).getAllByTestId('debrief-choice');
    expect(rows).toHaveLength(1);
    expect(rows[0]?.textContent).toContain(optionMeaning(first.situation, 'retry'));
    expect(rows[0]?.textContent).toContain(optionMeaning(first.situation, first.chosen));
    expect(rows[0]?.textContent).toContain(describeSource(first.source));
    // The comparison is simulated first: a busy machine took more than the default second.
    await within(debrief).findByTestId('compare', undefined, { timeout: 15_000 });
    const outcome = within(debrief)
      .getAllByRole('row')
      .find((r) => r.getAttribute('data-field') === 'outcome');
    const cells = [...(outcome?.querySelectorAll('td') ?? [])].map((td) => td.textContent);
    expect(cells[0]).toContain(drilled.report.outcome);
    expect(cells[1]).toContain(documented.report.outcome);
    // Downtime per workload, on both sides.
    for (const workload of documented.report.workloads)
      expect(debrief.querySelector(`[data-workload="${workload.name}"]`)).not.toBeNull();
    // Each invariant's verdict on both sides (with its causes when violated: the compare view's).
    for (const [side, report] of [
      [0, drilled.report],
      [1, documented.report],
    ] as const) {
      for (const invariant of report.invariants) {
        const cell = debrief.querySelectorAll(`[data-invariant="${invariant.id}"] td`)[side];
        expect(cell?.textContent).toMatch(invariant.holds ? /^held/ : /^violated/);
      }
    }
  });

  it('should hide the faults ahead and the invariants until the debrief', () => {
    const actor = startDrill(strict);
    fireEvent.click(screen.getByTestId('drill-hide-faults'));
    fireEvent.click(screen.getByTestId('drill-hide-invariants'));
    const faultMarkers = () =>
      screen.queryAllByTestId('marker').filter((m) => m.getAttribute('data-kind') === 'fault');
    const all = view(actor).markers.filter((m) => m.kind === 'fault');
    expect(all.length).toBeGreaterThan(0);
    expect(faultMarkers()).toHaveLength(0);
    const invariants = screen.getByRole('region', { name: 'Invariants' });
    expect(invariants.textContent).toContain('Hidden until');
    expect(screen.queryAllByTestId('invariant')).toHaveLength(0);
    // Past the fault, its marker is drawn.
    playOn(actor);
    expect(faultMarkers().length).toBeGreaterThan(0);
    expect(faultMarkers().length).toBeLessThanOrEqual(all.length);
    fireEvent.click(screen.getByTestId('drill-debrief'));
    expect(faultMarkers()).toHaveLength(all.length);
    expect(screen.getAllByTestId('invariant').length).toBe(documented.report.invariants.length);
  });

  it('should name the debrief’s button after what a press does once the debrief opened by itself', () => {
    // Before: at the run's end the debrief opened by itself, and the button still read
    // "Debrief" (a toggle, pressed): a trainer pressing it, as the README says, closed it.
    const actor = startDrill(strict);
    playOn(actor);
    fireEvent.click(screen.getByRole('button', { name: /^retry/ }));
    playOn(actor);
    expect(context(actor).drill?.debrief).toBe(true);
    const button = screen.getByTestId('drill-debrief');
    expect(button.textContent).toBe('Close debrief');
    fireEvent.click(button);
    expect(context(actor).drill?.debrief).toBe(false);
    expect(screen.getByTestId('drill-debrief').textContent).toBe('Debrief');
    fireEvent.click(screen.getByTestId('drill-debrief'));
    expect(context(actor).drill?.debrief).toBe(true);
  });

  it('should say in the debrief that the trainee’s one choice was the procedure’s, in words', () => {
    const actor = startDrill(strict);
    playOn(actor);
    fireEvent.click(screen.getByRole('button', { name: new RegExp(`^${words(first.chosen)}`) }));
    playOn(actor);
    if (!context(actor).drill?.debrief) fireEvent.click(screen.getByTestId('drill-debrief'));
    // Before: "Each of the 1 choice was the procedure's."
    expect(screen.getByTestId('debrief-same').textContent).toBe(
      "The trainee's one choice was the procedure's.",
    );
    expect(context(actor).drill?.choices).toHaveLength(1);
  });

  it('should put the run back without the choices when the drill is switched off', () => {
    const actor = startDrill(strict);
    playOn(actor);
    fireEvent.click(screen.getByRole('button', { name: /^retry/ }));
    fireEvent.click(screen.getByTestId('drill-switch'));
    expect(context(actor).drill).toBeUndefined();
    expect(view(actor).run.report.decisions).toEqual(documented.report.decisions);
  });

  it('should let the trainee’s choice win over a decisions: entry of the scenario', () => {
    const own = `${HA}decisions:\n  - { at: install-failed, choose: abort, times: 3 }\n`;
    const actor = startDrill(strict, own);
    expect(view(actor).run.report.decisions[0]).toMatchObject({ chosen: 'abort', by: 'scenario' });
    playOn(actor);
    const card = screen.getByTestId('decision-card');
    expect(within(card).getByTestId('default-mark').closest('button')?.dataset.option).toBe(
      'abort',
    );
    fireEvent.click(within(card).getByRole('button', { name: /^retry/ }));
    expect(view(actor).run.report.decisions[0]).toMatchObject({ chosen: 'retry', by: 'operator' });
    // The scenario's entry, numbered after the trainee's, still takes what comes later.
    const decisions = context(actor).scenario?.decisions;
    expect(decisions?.[0]?.index).toBe(0);
  });
});

describe('a drill on a scenario whose decisions: are at the limit', { timeout: 30_000 }, () => {
  afterEach(cleanup);

  it('should refuse the trainee’s choice, saying why, rather than make a drill that does not open', () => {
    // A point the drill's run never reaches: the drill still stops at the failed install.
    const full = `${HA}decisions:\n  - { at: sessions-not-synchronized, choose: wait, times: 1000 }\n`;
    const actor = startDrill(false, full);
    playOn(actor);
    const before = view(actor).run;
    fireEvent.click(screen.getByRole('button', { name: /^retry/ }));
    const { drill, notices, scenario, live } = context(actor);
    expect(drill?.choices).toEqual([]);
    expect(view(actor).run).toBe(before);
    expect(screen.getByTestId('decision-card')).toBeDefined();
    expect(notices.at(-1)?.text).toMatch(
      /^That choice cannot be taken: a drill writes each choice as a decisions: entry, and this one would take decision 1,001 .*more than the 1,000 /,
    );
    // What was exported before: a file the parser refuses.
    if (!scenario || !drill) throw new Error('no drill');
    expect(() =>
      parseScenario(drillYaml(scenario, live, drill.choices), 'drill.yaml'),
    ).not.toThrow();
  });
});

describe('a drill on a scenario with expectations', { timeout: 30_000 }, () => {
  afterEach(cleanup);

  const EXPECTING = `${HA}expect:\n  outcome: rolled-back\n  violations: []\n`;

  it('should not call the trainee’s run a miss of the expectations its scenario sets for its own run', () => {
    // Before: a retry that completed read "misses 1 of its scenario's expectations — expected
    // outcome: rolled-back, got completed" in red, announced as "Expectation missed", and the
    // exported drill failed `rehearse run` on those expectations.
    expect(simulate(parseScenario(EXPECTING, 'ha.yaml')).report.expectations?.met).toBe(true);
    const actor = startDrill(false, EXPECTING);
    playOn(actor);
    fireEvent.click(screen.getByRole('button', { name: /^retry/ }));
    playOn(actor);
    const { report } = view(actor).run;
    expect(report.outcome).toBe('completed');
    expect(report.expectations).toBeUndefined();
    expect(screen.queryByTestId('expect-miss')).toBeNull();
    const { scenario, live, drill } = context(actor);
    if (!scenario || !drill) throw new Error('no drill');
    const replayed = simulate(
      parseScenario(drillYaml(scenario, live, drill.choices), 'drill.yaml'),
    );
    expect(replayed.report.expectations).toBeUndefined();
  });

  it('should keep them while every choice is what the scenario’s run took', () => {
    const actor = startDrill(false, EXPECTING);
    playOn(actor);
    fireEvent.click(screen.getByRole('button', { name: /^rollback host/ }));
    playOn(actor);
    expect(view(actor).run.report.expectations?.met).toBe(true);
    expect(screen.getByTestId('expect-verdict').dataset.met).toBe('true');
  });
});

describe('a drill exported and shared', { timeout: 30_000 }, () => {
  afterEach(cleanup);

  /** Drills the HA scenario choosing `options` in turn; returns the run and the exported YAML. */
  function drillThrough(options: readonly string[]): { run: Run; yaml: string } {
    const actor = startDrill(false);
    for (const option of options) {
      playOn(actor);
      fireEvent.click(screen.getByRole('button', { name: new RegExp(`^${words(option)}`) }));
    }
    playOn(actor);
    const { scenario, live, drill } = context(actor);
    if (!scenario || !drill) throw new Error('no drill');
    return { run: view(actor).run, yaml: drillYaml(scenario, live, drill.choices) };
  }

  it.each([[['retry']], [['abort']], [['rollback-host']]])(
    'should replay the drilled run from its scenario file (%j)',
    (options) => {
      const { run, yaml } = drillThrough(options);
      expect(yaml).toContain('decisions:');
      // Its first lines say whose the choices are, and how a replay lists them.
      expect(yaml).toMatch(
        /^# .*\n# The first entry of decisions: is the trainee's choice.*\n#.*by: scenario/,
      );
      const replayed = simulate(parseScenario(yaml, 'drill.yaml')).report;
      expect(taken(replayed)).toEqual(taken(run.report));
      expect(replayed.decisions.map((d) => d.by)).toEqual(
        run.report.decisions.map((d) => (d.by === 'operator' ? 'scenario' : d.by)),
      );
      expect(replayed.outcome).toBe(run.report.outcome);
      expect(replayed.duration).toBe(run.report.duration);
      expect(replayed.workloads).toEqual(run.report.workloads);
      expect(replayed.downtime).toEqual(run.report.downtime);
      expect(replayed.invariants).toEqual(run.report.invariants);
      expect(replayed.trace).toEqual(run.report.trace);
      // The same file through a share link.
      const shared = readShareHash(shareHash(yaml));
      expect(shared && 'text' in shared ? shared.text : undefined).toBe(yaml);
    },
  );
});
