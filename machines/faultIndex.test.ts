import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { faultAffects, FAULT_TYPES, isImmediateFault, strikesBeforeStep } from './faultTable';
import {
  ANY_HOST,
  faultForStep,
  matchesTarget,
  stepNameOf,
  type ArmedFault,
  type FaultMoment,
  type HostView,
} from './procedureSteps';
import type { Action, HostKind, Role, StepName } from './types';

/**
 * The fault a step start fires, by reading the whole armed list in order: what `faultForStep`
 * did before it grouped the live faults, kept here as the reference it must agree with.
 */
function firstInOrder(
  faults: readonly ArmedFault[],
  action: Action,
  host: HostView | undefined,
  hop: number,
  moment: FaultMoment,
): number {
  const name = stepNameOf(action);
  return faults.findIndex((armed) => {
    if (armed.remaining <= 0) return false;
    if ((moment === 'before-step') !== strikesBeforeStep(armed.spec.fault)) return false;
    const { spec } = armed;
    // A step that names no host acts on them all; a fault bound to ANY_HOST waits for any.
    if (armed.boundTo !== undefined)
      return (
        (host === undefined || armed.boundTo === ANY_HOST || host.name === armed.boundTo) &&
        faultAffects(spec.fault, action)
      );
    if (!('step' in spec.when) || spec.when.step !== name) return false;
    if (spec.when.hop !== undefined && spec.when.hop !== hop) return false;
    if (!isImmediateFault(spec.fault) && !faultAffects(spec.fault, action)) return false;
    if (spec.when.host !== undefined)
      return host !== undefined && matchesTarget(host, spec.when.host);
    const where = spec.target;
    return where === undefined || host === undefined || matchesTarget(host, where);
  });
}

const ACTIONS: readonly Action[] = [
  'install',
  'reboot',
  'verify',
  'rollback',
  'switchover',
  'failover',
  'precheck',
  'backup',
  'restore',
  'check-sync',
];
const STEPS: readonly StepName[] = [
  'install',
  'reboot',
  'verify',
  'rollback',
  'switchover',
  'failover',
  'precheck',
  'backup',
  'sync',
];
const HOSTS: readonly HostView[] = (
  [
    ['storage-1', 'storage', 'primary'],
    ['storage-2', 'storage', 'secondary'],
    ['dev-a', 'device', 'active'],
    ['dev-b', 'device', 'standby'],
    ['processing-1', 'processing', 'processing'],
  ] as const satisfies readonly (readonly [string, HostKind, Role])[]
).map(([name, kind, role]) => ({
  name,
  kind,
  role,
  version: '1.0.0',
  down: false,
  verified: true,
  failed: false,
  poolOnline: true,
}));
const PLACES = [undefined, ...HOSTS.map((h) => h.name), 'primary', 'standby', 'device', 'storage'];

const armed: fc.Arbitrary<Omit<ArmedFault, 'spec'> & { spec: Omit<ArmedFault['spec'], 'index'> }> =
  fc.record({
    spec: fc.record(
      {
        fault: fc.constantFrom(...FAULT_TYPES),
        target: fc.constantFrom(...PLACES),
        when: fc.oneof(
          fc.record(
            {
              step: fc.constantFrom(...STEPS),
              hop: fc.constantFrom(undefined, 1, 2),
              host: fc.constantFrom(...PLACES),
            },
            { requiredKeys: ['step'] },
          ),
          fc.record({ at: fc.nat(1000) }),
        ),
        times: fc.integer({ min: 1, max: 3 }),
      },
      { requiredKeys: ['fault', 'when', 'times'] },
    ),
    remaining: fc.integer({ min: 0, max: 2 }),
    boundTo: fc.constantFrom(undefined, undefined, ANY_HOST, ...HOSTS.map((h) => h.name)),
  });

describe('faultForStep', () => {
  test('fires the same fault as reading the whole armed list in order', () => {
    fc.assert(
      fc.property(
        fc.array(armed, { maxLength: 60 }),
        fc.array(
          fc.tuple(
            fc.constantFrom(...ACTIONS),
            fc.constantFrom(undefined, ...HOSTS),
            fc.constantFrom(1, 2),
            fc.constantFrom<FaultMoment>('before-step', 'at-step'),
          ),
          { minLength: 1, maxLength: 20 },
        ),
        (drawn, starts) => {
          const faults = drawn.map((fault, index) => ({
            ...fault,
            spec: Object.fromEntries(
              Object.entries({ ...fault.spec, index }).filter(([, value]) => value !== undefined),
            ),
            ...(fault.boundTo === undefined ? {} : { boundTo: fault.boundTo }),
          })) as unknown as ArmedFault[];
          for (const [action, host, hop, moment] of starts) {
            const step = {
              action,
              hop,
              source: { kind: 'assumption' as const, ref: 'a test step' },
            };
            expect(faultForStep(faults, step, host, hop, moment)).toBe(
              firstInOrder(faults, action, host, hop, moment),
            );
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});
