// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { MONITORS, parseScenario, PLAN_STEPS, planProcedure, simulate } from '../../src/sim';
import type { PlannedStep, Report } from '../../src/sim';
import { App } from '../../src/ui/App';
import { handsOnYaml, itemLabel } from '../../src/ui/drill/handsOnLogic';
import { readShareHash } from '../../src/ui/state/persistence';
import type { PlayerActor } from '../../src/ui/state/PlayerContext';
import { MODES, handsOnOffer, renderWithPlayer, startPlayer } from './harness';

const HA = [
  'name: HA pair, by hand',
  'system: ha-pair',
  'version: { from: 9.0.1, to: 9.1.0 }',
  'services: [vpn, web-portal]',
  'policy: { preemption: enabled }',
  '',
].join('\n');

const FAILING = `${HA}faults:\n  - { fault: upgrade-failure, target: standby, when: { step: install } }\n`;

function context(actor: PlayerActor) {
  return actor.getSnapshot().context;
}

function report(actor: PlayerActor): Report {
  const run = context(actor).view?.run;
  if (!run) throw new Error('no run on screen');
  return run.report;
}

function startHandsOn(strict: boolean, text = HA): PlayerActor {
  const actor = startPlayer('ha-pair.yaml', { initial: { text, edited: true } });
  renderWithPlayer(actor, <App />, strict);
  fireEvent.click(screen.getByTestId('hands-on-switch'));
  return actor;
}

/** Clicks the offer that adds `label` (`upgrade device-b`) to the plan. */
function take(label: string): void {
  fireEvent.click(handsOnOffer(label));
}

/** A documented step as the trainee would add it: the written step without its version. */
function asTaken(step: PlannedStep): string {
  switch (step.action) {
    case 'install':
      return `upgrade ${step.host ?? ''}`;
    case 'backup':
      return `backup ${step.host ?? 'all'}`;
    case 'preemption-off':
      return 'preemption off';
    case 'preemption-restore':
      return 'preemption restore';
    default: {
      const arg = PLAN_STEPS[step.action]?.arg;
      return step.host === undefined || arg === 'none' || arg === 'server'
        ? step.action
        : `${step.action} ${step.host}`;
    }
  }
}

/** The documented procedure as the trainee's steps: each upgrade once (its reboot and verify fold in). */
function documentedSteps(text: string): string[] {
  const plan = planProcedure(parseScenario(text, 'ha.yaml'));
  return plan
    .filter((step, index) => {
      const before = plan[index - (step.action === 'verify' ? 2 : 1)];
      const folded =
        (step.action === 'reboot' || step.action === 'verify') &&
        before?.action === 'install' &&
        before.host === step.host;
      return !folded;
    })
    .map(asTaken);
}

describe.each(MODES)('hands-on drill (%s)', { timeout: 60_000 }, (_, strict) => {
  afterEach(cleanup);

  it('should offer the plan steps of the system, with the hosts and their roles now', () => {
    const actor = startHandsOn(strict);
    expect(context(actor).drill?.handsOn?.steps).toEqual([]);
    const panel = screen.getByTestId('hands-on');
    const groups = [...panel.querySelectorAll('[data-step]')].map((g) =>
      g.getAttribute('data-step'),
    );
    // HA pair steps are offered, SERVERware's and the single server's are not.
    expect(groups).toEqual(expect.arrayContaining(['upgrade', 'switchover', 'preemption']));
    expect(groups).not.toContain('failover');
    expect(groups).not.toContain('stop-services');
    // Its hosts once the step is picked.
    expect(panel.querySelector('[data-testid="hands-on-targets"]')).toBeNull();
    fireEvent.click(within(panel).getByRole('button', { name: /^upgrade/ }));
    const upgrade = panel.querySelector('[data-testid="hands-on-targets"][data-step="upgrade"]');
    expect(upgrade?.textContent).toContain('device-a (active)');
    expect(upgrade?.textContent).toContain('device-b (standby)');
    // No step taken: nothing has run yet.
    expect(report(actor).steps).toEqual([]);
  });

  it('should show a step’s hosts in the steps’ place, the focus on the way back, and back on the step', () => {
    const actor = startHandsOn(strict);
    const panel = screen.getByTestId('hands-on');
    fireEvent.click(within(panel).getByRole('button', { name: /^upgrade/ }));
    // The hosts stand in the steps' place: one list at a time in the panel's box.
    expect(panel.querySelector('[data-testid="hands-on-step-name"]')).toBeNull();
    expect(within(panel).queryByRole('button', { name: /^precheck/ })).toBeNull();
    const back = within(panel).getByRole('button', { name: '‹ all steps' });
    expect(document.activeElement).toBe(back);
    // A step taken keeps its hosts open: the next host is one click away.
    fireEvent.click(handsOnOffer('backup all'));
    fireEvent.click(handsOnOffer('upgrade device-b'));
    expect(context(actor).drill?.handsOn?.steps).toEqual([
      { backup: 'all' },
      { upgrade: 'device-b' },
    ]);
    expect(panel.querySelector('[data-testid="hands-on-targets"]')?.getAttribute('data-step')).toBe(
      'upgrade',
    );
    fireEvent.click(within(panel).getByRole('button', { name: '‹ all steps' }));
    expect(panel.querySelector('[data-testid="hands-on-targets"]')).toBeNull();
    expect(document.activeElement?.getAttribute('data-step')).toBe('upgrade');
  });

  it('should name a SERVERware host by the role the document gives it (Primary, Secondary)', () => {
    const text = [
      'name: SERVERware Cluster, by hand',
      'system: serverware',
      'topology: cluster',
      'version: { from: 4.8.2 }',
      'vps: [{ name: vps-db, host: primary }, { name: vps-pbx, host: processing-1 }]',
      '',
    ].join('\n');
    startHandsOn(strict, text);
    handsOnOffer('upgrade backup');
    const upgrade = screen
      .getByTestId('hands-on')
      .querySelector('[data-testid="hands-on-targets"][data-step="upgrade"]');
    const labels = [...(upgrade?.querySelectorAll('button') ?? [])].map((b) => b.textContent);
    expect(labels).toEqual(
      expect.arrayContaining([
        'backup',
        'storage-1 (Primary)',
        'storage-2 (Secondary)',
        'processing-1',
        'the Primary',
        'the Secondary',
      ]),
    );
    // What the button adds is the plan's own word for the role.
    const secondary = [...(upgrade?.querySelectorAll('button') ?? [])].find(
      (b) => b.textContent === 'the Secondary',
    );
    expect(secondary?.getAttribute('data-item')).toBe('upgrade secondary');
  });

  it('should judge a step at once: what broke, why, and the documented step that keeps it', () => {
    const actor = startHandsOn(strict);
    take('upgrade device-a');
    expect(context(actor).drill?.handsOn?.steps).toEqual([{ upgrade: 'device-a' }]);
    const run = report(actor);
    // The plan so far was simulated: the playhead is at its end.
    expect(run.steps.map((step) => [step.action, step.host])).toEqual([
      ['install', 'device-a'],
      ['reboot', 'device-a'],
      ['verify', 'device-a'],
    ]);
    expect(context(actor).time).toBe(run.duration);
    const violated = run.invariants.filter((invariant) => !invariant.holds);
    expect(violated.map((invariant) => invariant.id)).toEqual(
      expect.arrayContaining(['no-maintenance-on-active', 'backup-before-change']),
    );
    const rows = screen.getAllByTestId('hands-on-violation');
    expect(rows).toHaveLength(violated.flatMap((invariant) => invariant.violations).length);
    const backup = rows.find((row) => row.textContent?.includes('backup before change'));
    const broken = violated.find((invariant) => invariant.id === 'backup-before-change');
    // The reason in words, the rule, and the document's step 3 (back up both devices).
    expect(backup?.textContent).toContain(
      broken?.violations[0]?.message.replace('during step 1 (', 'during your step 1 ('),
    );
    expect(backup?.textContent).toContain(
      MONITORS.find((monitor) => monitor.id === 'backup-before-change')?.title,
    );
    const cited = within(backup as HTMLElement).getByTestId('hands-on-documented').textContent;
    expect(cited).toContain('document: step 3');
    // Upgrading the active device: the document's step 5 upgrades the standby.
    const active = rows.find((row) => row.textContent?.includes('no maintenance on active'));
    expect(within(active as HTMLElement).getByTestId('hands-on-documented').textContent).toContain(
      'document: step 5',
    );
    expect(screen.getByTestId('hands-on-status').textContent).toContain('broke');
    // The invariants panel says the same.
    const panel = screen.getByRole('region', { name: 'Invariants' });
    expect(
      within(panel)
        .getAllByTestId('invariant')
        .filter((i) => i.dataset.holds === 'false'),
    ).toHaveLength(violated.length);
  });

  it('should number the steps a violation names as the trainee’s list does, not as the run’s actions', () => {
    startHandsOn(strict);
    take('sync-config');
    take('upgrade device-a');
    const rows = screen.getAllByTestId('hands-on-step');
    const second = rows[1] as HTMLElement;
    const said = within(second)
      .getAllByTestId('hands-on-violation')
      .map((row) => row.textContent ?? '');
    expect(said.length).toBeGreaterThan(0);
    // The run's step 2 is the install of the trainee's step 2; its reboot is the run's step 3.
    for (const text of said) {
      expect(text).toMatch(/(during|at the end of) your step 2 \(/);
      expect(text).not.toMatch(/\bstep [13] \(/);
    }
  });

  it('should number the run’s step on screen as the trainee’s it carries out, not as a step of theirs', () => {
    // Before: at the end of "sync-config, upgrade device-a" the narration said "Step 4 of 4" under
    // an "as written" badge and the status "Step 2 (upgrade device-a)": two numberings, one word.
    const actor = startHandsOn(strict);
    take('sync-config');
    take('upgrade device-a');
    expect(report(actor).steps.map((step) => step.action)).toEqual([
      'sync-config',
      'install',
      'reboot',
      'verify',
    ]);
    const narration = screen.getByTestId('narration');
    expect(narration.textContent).toContain('Step 4 of 4');
    expect(within(narration).getByTestId('narration-source-tag').textContent).toBe('your step 2');
    expect(screen.getByTestId('hands-on-status').textContent).toMatch(
      /^Your step 2 \(upgrade device-a\)/,
    );
    // Each of the run's steps in the list says whose step it is.
    const panel = screen.getByRole('region', { name: 'Procedure' });
    expect(
      within(panel)
        .getAllByTestId('step-source')
        .map((badge) => badge.textContent),
    ).toEqual(['your step 1', 'your step 2', 'your step 2', 'your step 2']);
  });

  it('should announce no warning while the trainee takes the steps: the run ends where they are', () => {
    // Before: switching Hands-on on said "The plan ran to its end with device-a on 9.0.1…".
    const actor = startHandsOn(strict);
    const warned = () =>
      screen.queryAllByTestId('announcement').filter((item) => item.dataset.kind === 'warning');
    expect(report(actor).warnings.length).toBeGreaterThan(0);
    expect(warned()).toEqual([]);
    take('sync-config');
    expect(warned()).toEqual([]);
  });

  it('should not call the trainee’s steps so far a completed procedure, nor an undone upgrade before the debrief', () => {
    // Before: switching Hands-on on read "This procedure has no steps." and "Completed after
    // 0s" in green, and the Findings "The plan ran to its end … the upgrade is not done".
    const actor = startHandsOn(strict);
    const findings = () => screen.queryByTestId('findings')?.textContent ?? '';
    expect(screen.getByTestId('narration-note').textContent).toBe(
      'No step taken yet: pick the first step of the procedure in the hands-on panel.',
    );
    expect(screen.getByTestId('outcome').textContent).toBe('Nothing has run yet.');
    expect(findings()).not.toContain('the upgrade is not done');
    take('sync-config');
    expect(screen.getByTestId('outcome').textContent).toMatch(/^Your steps so far ran in \S+\.$/);
    expect(screen.getByTestId('outcome').dataset.outcome).toBe('so-far');
    expect(findings()).not.toContain('the upgrade is not done');
    fireEvent.click(screen.getByTestId('hands-on-finish'));
    expect(context(actor).drill?.debrief).toBe(true);
    expect(screen.getByTestId('outcome').dataset.outcome).toBe('completed');
    expect(findings()).toContain('the upgrade is not done');
  });

  it('should say a step whose install failed and was reinstalled was recovered, not failed', () => {
    // Before: the step read `failed` after the reinstall the trainee chose had succeeded.
    const text = [
      'name: SERVERware Cluster, by hand, a failed install',
      'system: serverware',
      'topology: cluster',
      'version: { from: 4.5.0 }',
      'hosts: { processing: 1 }',
      'vps: [vps-db, vps-web]',
      'faults: [{ fault: upgrade-failure, target: processing-1, when: { step: install } }]',
      '',
    ].join('\n');
    const actor = startHandsOn(strict, text);
    take('precheck');
    take('upgrade processing-1');
    fireEvent.click(
      within(screen.getByTestId('decision-card')).getByRole('button', { name: /^reinstall/ }),
    );
    const step = screen.getAllByTestId('hands-on-step')[1] as HTMLElement;
    const records = report(actor).steps.filter((record) => record.host === 'processing-1');
    expect(records.map((record) => record.status)).toContain('failed');
    expect(records[records.length - 1]?.status).toBe('done');
    expect(step.textContent).toContain('failed, then recovered');
  });

  it('should count the invariants a step broke, not their violations', () => {
    const text = [
      'name: SERVERware Mirror, by hand',
      'system: serverware',
      'topology: mirror',
      'version: { from: 4.5.0 }',
      'vps: [vps-db]',
      '',
    ].join('\n');
    const actor = startHandsOn(strict, text);
    take('precheck');
    // The Primary upgraded and restarted in place: one invariant, broken twice.
    take('upgrade storage-1');
    const violated = report(actor).invariants.filter((invariant) => !invariant.holds);
    expect(violated.map((invariant) => invariant.id)).toEqual(['no-maintenance-on-active']);
    expect(violated[0]?.violations.length).toBeGreaterThan(1);
    const step = screen.getAllByTestId('hands-on-step')[1] as HTMLElement;
    expect(within(step).getAllByTestId('hands-on-violation')).toHaveLength(
      violated[0]?.violations.length ?? 0,
    );
    expect(step.textContent).toContain('✗ broke an invariant');
    const status = screen.getByTestId('hands-on-status').textContent ?? '';
    // Named in words, as the rules under the step name it (before: the id, `no-maintenance-on-active`).
    expect(status).toContain('broke no maintenance on active.');
    expect(status.split('no maintenance on active')).toHaveLength(2);
  });

  it('should tell what the end-of-run checks find apart: no step broke them yet', () => {
    const actor = startHandsOn(strict);
    take('preemption off');
    const preemption = report(actor).invariants.find(
      (invariant) => invariant.id === 'preemption-off-during-upgrade',
    );
    expect(preemption?.holds).toBe(false);
    expect(screen.getByTestId('hands-on-step').getAttribute('data-broken')).toBe('0');
    const atEnd = screen.getByTestId('hands-on-at-end');
    expect(atEnd.textContent).toContain('If the procedure ended here');
    expect(atEnd.textContent).toContain(preemption?.violations[0]?.message);
    // Step 10 of the document restores preemption.
    expect(within(atEnd).getByTestId('hands-on-documented').textContent).toContain(
      'document: step 10',
    );
  });

  it('should hold every invariant when the trainee takes the documented steps, and debrief on Finish', async () => {
    const actor = startHandsOn(strict);
    const steps = documentedSteps(HA);
    for (const step of steps) take(step);
    expect(context(actor).drill?.handsOn?.steps.map(itemLabel)).toEqual(steps);
    const run = report(actor);
    expect(run.outcome).toBe('completed');
    expect(run.invariants.filter((invariant) => !invariant.holds)).toEqual([]);
    for (const row of screen.getAllByTestId('hands-on-step'))
      expect(row.getAttribute('data-broken')).toBe('0');
    const documented = simulate(parseScenario(HA, 'ha.yaml')).report;
    expect(run.workloads.map((w) => w.downtime)).toEqual(
      documented.workloads.map((w) => w.downtime),
    );

    fireEvent.click(screen.getByTestId('hands-on-finish'));
    const debrief = screen.getByTestId('debrief');
    await within(debrief).findByTestId('compare');
    expect(within(debrief).getByTestId('debrief-by').textContent).toContain('by: scenario');
    for (const workload of documented.workloads)
      expect(debrief.querySelector(`[data-workload="${workload.name}"]`)).not.toBeNull();
    // No more steps once finished.
    expect(screen.queryAllByTestId('hands-on-offer')).toHaveLength(0);
  });

  it('should say in the debrief that a run finished half-way left the upgrade undone', async () => {
    // Before: Finish after upgrading only device-b debriefed "completed", device-a still on the
    // old version and nothing saying so.
    const actor = startHandsOn(strict);
    const steps = documentedSteps(HA);
    const first = steps.findIndex((step) => step.startsWith('upgrade '));
    const second = steps.findIndex((step, index) => index > first && step.startsWith('upgrade '));
    for (const step of steps.slice(0, first + 1)) take(step);
    expect(second).toBeGreaterThan(first);
    expect(report(actor).outcome).toBe('completed');
    fireEvent.click(screen.getByTestId('hands-on-finish'));
    const debrief = screen.getByTestId('debrief');
    await within(debrief).findByTestId('compare');
    expect(within(debrief).getByTestId('debrief-warnings').textContent).toMatch(
      /The plan ran to its end with device-\w on \S+, not \S+: the upgrade is not done\./,
    );
    // Not "completed": the trainee's steps ran to their end, the upgrade did not.
    expect(within(debrief).getByTestId('debrief-runs').textContent).toMatch(
      /the \d+ steps the trainee took \(the upgrade not done, /,
    );
  });

  it('should say in the debrief that no step was taken, not that the run completed', async () => {
    // Before: "the 0 steps the trainee took (completed, 0s)".
    startHandsOn(strict);
    fireEvent.click(screen.getByTestId('hands-on-finish'));
    const debrief = screen.getByTestId('debrief');
    await within(debrief).findByTestId('compare');
    expect(within(debrief).getByTestId('debrief-runs').textContent).toContain(
      "Left: the trainee's run, no step taken (the upgrade not done, 0s).",
    );
  });

  it('should stop at a decision point the trainee’s step reaches, and go on after the choice', () => {
    const actor = startHandsOn(strict, FAILING);
    take('backup all');
    take('upgrade device-b');
    const decision = report(actor).decisions[0];
    expect(decision?.by).toBe('default');
    expect(context(actor).time).toBe(decision?.at);
    const card = screen.getByTestId('decision-card');
    // No next step before the decision is taken.
    expect(screen.queryAllByTestId('hands-on-offer')).toHaveLength(0);
    expect(screen.getByTestId('hands-on-status').textContent).toContain('decision point');
    fireEvent.click(within(card).getByRole('button', { name: /^retry/ }));
    expect(report(actor).decisions[0]).toMatchObject({ chosen: 'retry', by: 'operator' });
    expect(screen.queryByTestId('decision-card')).toBeNull();
    expect(report(actor).outcome).toBe('completed');
    take('switchover');
    expect(context(actor).drill?.handsOn?.steps).toHaveLength(3);
    expect(context(actor).drill?.choices).toHaveLength(1);
    // Undo takes the last step back.
    fireEvent.click(screen.getByTestId('hands-on-undo'));
    expect(context(actor).drill?.handsOn?.steps).toHaveLength(2);
  });

  it('should hide the faults ahead of the playhead until the debrief', () => {
    const actor = startHandsOn(strict, FAILING);
    fireEvent.click(screen.getByTestId('drill-hide-faults'));
    take('backup all');
    take('upgrade device-b');
    const faults = () =>
      screen.queryAllByTestId('marker').filter((m) => m.getAttribute('data-kind') === 'fault');
    const fired = context(actor).view?.markers.filter((m) => m.kind === 'fault') ?? [];
    expect(fired.length).toBeGreaterThan(0);
    // At the decision the failure that led there is on screen; rewound, it is ahead and hidden.
    expect(faults()).toHaveLength(fired.length);
    act(() => void actor.send({ type: 'seek', at: 0 }));
    expect(faults()).toHaveLength(0);
    fireEvent.click(screen.getByTestId('hands-on-finish'));
    expect(faults()).toHaveLength(fired.length);
  });

  it('should hide the invariants (and every violation marker) until the debrief', () => {
    const actor = startHandsOn(strict);
    fireEvent.click(screen.getByTestId('drill-hide-invariants'));
    take('upgrade device-a');
    expect(report(actor).invariants.some((invariant) => !invariant.holds)).toBe(true);
    const markers = () =>
      screen.queryAllByTestId('marker').filter((m) => m.getAttribute('data-kind') === 'violation');
    // The playhead is past every violation, and still none is drawn or judged.
    expect(markers()).toHaveLength(0);
    expect(screen.queryAllByTestId('invariant')).toHaveLength(0);
    expect(screen.queryAllByTestId('hands-on-violation')).toHaveLength(0);
    expect(screen.getByTestId('hands-on-status').textContent).toContain('hidden');
    fireEvent.click(screen.getByTestId('hands-on-finish'));
    expect(markers().length).toBeGreaterThan(0);
    expect(screen.getAllByTestId('hands-on-violation').length).toBeGreaterThan(0);
  });
});

describe('a hands-on drill exported and shared', { timeout: 60_000 }, () => {
  afterEach(cleanup);

  it('should replay from its scenario file to the same report, its choices by: scenario', () => {
    const actor = startHandsOn(false, FAILING);
    take('backup all');
    take('upgrade device-b');
    fireEvent.click(screen.getByRole('button', { name: /^retry/ }));
    // A fault injected live, while the trainee's run stands at its end, goes into the file too.
    act(() => void actor.send({ type: 'fault.inject', fault: 'session-loss', target: 'active' }));
    take('switchover');
    take('upgrade standby');
    const { scenario, live, drill } = context(actor);
    if (!scenario || !drill?.handsOn) throw new Error('no hands-on drill');
    expect(live).toHaveLength(1);
    const yaml = handsOnYaml(scenario, live, drill.choices, drill.handsOn.plan);
    expect(yaml).toContain('plan:');
    expect(yaml).toContain('decisions:');
    // The file says whose the choices are, and how a replay lists them.
    expect(yaml).toMatch(
      /^# .*\n# .*plan:.*\n# The first entry of decisions: is the trainee's choice: by: operator.*\n.*by: scenario/,
    );
    const shown = report(actor);
    const replayed = simulate(parseScenario(yaml, 'hands-on.yaml')).report;
    expect(shown.decisions.map((d) => d.by)).toContain('operator');
    // Byte for byte, but for who chose: the trainee (the operator) on screen, the file's
    // decisions: entries (the scenario) when replayed.
    const operator = JSON.stringify(shown);
    expect(operator).toContain('"by":"operator"');
    expect(JSON.stringify(replayed)).toBe(
      operator
        .replaceAll('"by":"operator"', '"by":"scenario"')
        .replaceAll('the operator chose', 'the scenario chose'),
    );
  });

  it.each([false, true])(
    'should reopen a shared drill link in the drill it shares (hands-on: %s)',
    (handsOn) => {
      const actor = startPlayer('ha-pair.yaml', { initial: { text: FAILING, edited: true } });
      renderWithPlayer(actor, <App />, false);
      fireEvent.click(screen.getByTestId(handsOn ? 'hands-on-switch' : 'drill-switch'));
      fireEvent.click(screen.getByTestId('drill-hide-faults'));
      if (handsOn) take('backup all');
      fireEvent.click(screen.getByRole('button', { name: 'Share drill' }));
      const shared = readShareHash(window.location.hash);
      if (!shared || 'error' in shared) throw new Error('no link');
      cleanup();

      // Opened as the app opens a link at start-up.
      const reopened = startPlayer('ha-pair.yaml', {
        open: { ...shared, file: 'shared-link.yaml' },
      });
      renderWithPlayer(reopened, <App />, false);
      const drill = context(reopened).drill;
      expect(drill).toBeDefined();
      expect(drill?.hideFaults).toBe(true);
      expect(drill?.handsOn !== undefined).toBe(handsOn);
      if (handsOn) {
        expect(drill?.handsOn?.steps).toEqual([{ backup: 'all' }]);
        expect(screen.getByTestId('hands-on')).toBeTruthy();
        expect(report(reopened).steps.map((step) => step.action)).toEqual(['backup']);
      } else {
        expect(screen.getByTestId<HTMLInputElement>('drill-switch').checked).toBe(true);
      }
    },
  );
});
