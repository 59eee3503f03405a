// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { parseScenario, simulate } from '../../src/sim';
import { InvariantsPanel } from '../../src/ui/panels/InvariantsPanel';
import { fixtureText, MODES, renderWithPlayer, startPlayer } from './harness';

describe.each(MODES)('InvariantsPanel (%s)', (_, strict) => {
  afterEach(cleanup);

  it('should list every invariant of the report, green when it holds', () => {
    const { report } = simulate(parseScenario(fixtureText('ha-pair.yaml'), 'ha-pair.yaml'));
    renderWithPlayer(startPlayer('ha-pair.yaml'), <InvariantsPanel />, strict);
    const shown = screen.getAllByTestId('invariant').map((li) => [li.dataset.id, li.dataset.holds]);
    expect(shown).toEqual(
      report.invariants.map((invariant) => [invariant.id, String(invariant.holds)]),
    );
    expect(shown.length).toBeGreaterThan(5);
    expect(shown.every(([, holds]) => holds === 'true')).toBe(true);
  });

  it('should mark violated invariants red and seek to a violation when it is clicked', () => {
    const { report } = simulate(parseScenario(fixtureText('ha-left-on.yaml'), 'ha-left-on.yaml'));
    const violated = report.invariants.filter((invariant) => !invariant.holds);
    expect(violated.length).toBeGreaterThan(0);
    const actor = startPlayer('ha-left-on.yaml');
    renderWithPlayer(actor, <InvariantsPanel />, strict);
    const red = screen
      .getAllByTestId('invariant')
      .filter((li) => li.dataset.holds === 'false')
      .map((li) => li.dataset.id);
    expect(red).toEqual(violated.map((invariant) => invariant.id));
    const target = violated[0]?.violations[0];
    const buttons = screen.getAllByTestId('violation');
    expect(buttons).toHaveLength(
      violated.reduce((sum, invariant) => sum + invariant.violations.length, 0),
    );
    act(() => {
      fireEvent.click(buttons[0] as HTMLElement);
    });
    expect(actor.getSnapshot().context.cursor).toBe(target?.seq);
    expect(actor.getSnapshot().context.time).toBe(target?.at);
  });

  it('should badge each violation with its cause: the procedure’s or a fault’s', () => {
    // The active device crashes while the standby installs (a fault); once it is back, the plan
    // upgrades it while it is still the active device (the procedure).
    const text = `name: crash, then a wrong step
system: ha-pair
version: { from: 9.0.1, to: 9.1.0 }
services: 1
faults: [ { fault: host-crash, target: active, when: { step: install, host: standby }, duration: 10m } ]
plan: [ sync-config, check-sync, { backup: all }, { upgrade: device-b }, { upgrade: device-a } ]
`;
    const { report } = simulate(parseScenario(text, 'case.yaml'));
    const expected = report.invariants.flatMap((i) => i.violations.map((v) => v.cause));
    expect(new Set(expected)).toEqual(new Set(['procedure', 'fault']));
    const actor = startPlayer('ha-pair.yaml', { initial: { text, edited: true } });
    renderWithPlayer(actor, <InvariantsPanel />, strict);
    const badges = screen.getAllByTestId('violation-cause');
    expect(badges.map((badge) => badge.textContent)).toEqual(expected);
    expect(badges.map((badge) => badge.dataset.cause)).toEqual(expected);
  });
});
