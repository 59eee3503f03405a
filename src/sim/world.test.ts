import { describe, expect, it } from 'vitest';
import { listOf } from '../../machines/stepList';
import type { ProcedureStep } from '../../machines/procedureSteps';
import { haDeviceMachine } from '../../machines/haDeviceMachine';
import { storageHostMachine } from '../../machines/storageHostMachine';
import { ROLE_STATES, vpsStoppedAt, vpsStoppedBehind } from './world';

const step = (action: string, status: ProcedureStep['status']): ProcedureStep =>
  ({ action, status, hop: 1, id: 0 }) as unknown as ProcedureStep;

describe('vpsStoppedBehind', () => {
  const cases: { steps: ProcedureStep[]; cursor: number; behind: boolean }[] = [
    // Nothing behind the cursor: not stopped, whatever is ahead.
    { steps: [step('stop-vps', 'running')], cursor: 0, behind: false },
    { steps: [step('stop-vps', 'done'), step('install', 'running')], cursor: 1, behind: true },
    // A failed stop still stopped them; a skipped or pending one did not.
    { steps: [step('stop-vps', 'failed'), step('install', 'pending')], cursor: 1, behind: true },
    { steps: [step('stop-vps', 'skipped'), step('install', 'running')], cursor: 1, behind: false },
    // Started again by a start-vps that finished, not by one that did not.
    {
      steps: [step('stop-vps', 'done'), step('start-vps', 'done'), step('install', 'running')],
      cursor: 2,
      behind: false,
    },
    {
      steps: [step('stop-vps', 'done'), step('start-vps', 'skipped'), step('install', 'running')],
      cursor: 2,
      behind: true,
    },
  ];

  it.each(cases)(
    'should read only the steps behind the cursor (%#)',
    ({ steps, cursor, behind }) => {
      expect(vpsStoppedBehind(listOf(steps), cursor)).toBe(behind);
    },
  );

  it('should answer as vpsStoppedAt does wherever the step at the cursor is neither a stop nor a start', () => {
    for (const { steps, cursor } of cases) {
      if (steps[cursor]?.action === 'stop-vps' || steps[cursor]?.action === 'start-vps') continue;
      expect(vpsStoppedBehind(listOf(steps), cursor)).toBe(vpsStoppedAt(steps, cursor));
    }
  });
});

describe('ROLE_STATES', () => {
  it('names the role of every state of a pair member’s role region (a state left out reported the scenario’s role instead)', () => {
    for (const machine of [haDeviceMachine, storageHostMachine]) {
      const states = Object.keys(machine.root.states.role?.states ?? {}).filter(
        (state) => state !== 'assigning',
      );
      expect(states.length, machine.id).toBeGreaterThan(3);
      expect(
        states.filter((state) => !(state in ROLE_STATES)),
        machine.id,
      ).toEqual([]);
    }
  });
});
