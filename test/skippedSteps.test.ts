import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario, simulate, type Scenario } from '../src/sim';
import type { FaultSpec } from '../src/sim/types';
import { scenarioFiles, scenarioPath } from './support/scenarioFiles';

/**
 * A step the procedure never got to is listed as skipped under the host it was to act on. Before,
 * an HA pair's steps still naming a role (`standby`) were named after the role's holder at the end
 * of the run: after a failed install on device-b rolled the pair back, the skipped "restart the new
 * standby into 9.1.0" read `reboot device-a`, where the plan (`rehearse plan`) has device-b.
 */

/** The built-ins (not the corpora, nor the 20-host Cluster, for time), their faults left out. */
const BUILT_INS = scenarioFiles().filter((file) => !file.includes('/') && !file.includes('large'));

function load(file: string): Scenario {
  return { ...parseScenario(readFileSync(scenarioPath(file), 'utf8'), file), faults: [] };
}

interface Listed {
  readonly action: string;
  readonly host?: string;
  readonly hop: number;
  readonly status: string;
}

/** The steps of a run that the plan made (not those added to recover), in order. */
function planned(scenario: Scenario): Listed[] {
  return simulate(scenario)
    .report.steps.filter((step) => step.recovery !== true)
    .map(({ action, host, hop, status }) => ({ action, hop, status, ...(host ? { host } : {}) }));
}

const named = (step: Listed | undefined) => `${step?.action} ${step?.host ?? '(no host)'}`;

describe('a skipped step', () => {
  it('should name the host of the plan after an HA pair’s second install fails', () => {
    const scenario = parseScenario(
      `name: x
system: ha-pair
version: { from: 9.0.1, to: 9.1.0 }
faults: [ { fault: upgrade-failure, target: device-b, when: { step: install } } ]`,
      'x.yaml',
    );
    const skipped = planned(scenario)
      .filter((step) => step.status === 'skipped')
      .map(named);
    expect(skipped).toEqual([
      'reboot device-b',
      'verify device-b',
      'check-sync (no host)',
      'check-services (no host)',
    ]);
  });

  it('should name the plan’s hosts in a hand-written plan whose switchover names no device', () => {
    // Before: the bare switchover was skipped with no host, and the upgrade after it named beta,
    // the standby before that switchover, where the plan has alpha.
    const text = `name: pair by roles
system: ha-pair
version: { from: 9.0.1, to: 9.1.0 }
hosts: { devices: [alpha, beta] }
plan:
  - backup: all
  - sync-config
  - check-sync
  - upgrade: standby
  - switchover
  - upgrade: standby
  - check-services
`;
    const plan = planned(parseScenario(text, 'plan.yaml'));
    const failed = planned(
      parseScenario(
        `${text}faults: [ { fault: upgrade-failure, target: beta, when: { step: install }, times: 5 } ]\n`,
        'plan.yaml',
      ),
    );
    const skipped = failed.flatMap((step, index) => (step.status === 'skipped' ? [index] : []));
    expect(skipped.map((index) => named(failed[index]))).toEqual(
      skipped.map((index) => named(plan[index])),
    );
    expect(skipped.map((index) => named(failed[index]))).toContain('switchover beta');
    expect(skipped.map((index) => named(failed[index]))).toContain('install alpha');
  });

  it('should give a hand-written plan’s skipped steps the hop and version they would have run with', () => {
    // Before: a written step has no hop and an upgrade no version until it starts, so the steps
    // skipped after a failure read "install device-a" in hop 0, where the run without the fault
    // has "install device-a → 9.2.0" in hop 2.
    const text = `name: two versions by hand
system: ha-pair
version: { from: 9.0.1, path: [9.1.0, 9.2.0] }
plan:
  - backup: all
  - upgrade: device-b
  - switchover
  - upgrade: device-a
  - upgrade: device-b
  - switchover
  - upgrade: device-a
`;
    const steps = (scenario: Scenario) =>
      simulate(scenario)
        .report.steps.filter((step) => step.recovery !== true)
        .map(({ action, host, hop, version, status }) => ({
          step: { action, host, hop, version },
          status,
        }));
    const whole = steps(parseScenario(text, 'plan.yaml'));
    for (const [target, choose] of [
      ['device-b', 'abort'],
      ['device-b', 'rollback-pair'],
      ['device-a', 'abort'],
    ] as const) {
      const failed = steps(
        parseScenario(
          `${text}faults: [ { fault: upgrade-failure, target: ${target}, when: { step: install } } ]\ndecisions: [ { at: install-failed, choose: ${choose} } ]\n`,
          'plan.yaml',
        ),
      );
      const skipped = failed.filter((step) => step.status === 'skipped');
      expect(skipped.length, `${target}, ${choose}`).toBeGreaterThan(2);
      // The plan's steps (the recovery's left out), each where the run without the fault has it.
      for (const [index, { step, status }] of failed.entries()) {
        if (status === 'skipped')
          expect(step, `${target}, ${choose}: step ${index + 1}`).toEqual(whole[index]?.step);
      }
    }
    const skippedInHop2 = steps(
      parseScenario(
        `${text}faults: [ { fault: upgrade-failure, target: device-b, when: { step: install } } ]\ndecisions: [ { at: install-failed, choose: abort } ]\n`,
        'plan.yaml',
      ),
    ).filter(
      ({ step, status }) => status === 'skipped' && step.hop === 2 && step.version === '9.2.0',
    );
    expect(skippedInHop2.map(({ step }) => `${step.action} ${step.host}`)).toEqual([
      'install device-b',
      'install device-a',
    ]);
  });

  // Failures that change no role unplanned, every attempt failing, so the procedure gives up:
  // what it skips was planned for the hosts the plan names, step for step.
  it.each(BUILT_INS)(
    '%s: when an install or a boot fails for good, every skipped step names the plan’s host',
    (file) => {
      const base = load(file);
      const plan = planned(base);
      let checked = 0;
      for (const step of plan) {
        if ((step.action !== 'install' && step.action !== 'reboot') || step.host === undefined)
          continue;
        const fault: FaultSpec = {
          index: 0,
          fault: step.action === 'install' ? 'upgrade-failure' : 'boot-failure',
          target: step.host,
          when: { step: step.action, hop: step.hop },
          times: 5,
        };
        const run = planned({ ...base, faults: [fault] });
        for (const [index, listed] of run.entries()) {
          if (listed.status !== 'skipped') continue;
          expect(named(listed), `${fault.fault} on ${step.host}, hop ${step.hop}: skipped`).toBe(
            named(plan[index]),
          );
          checked++;
        }
      }
      // Installs with nothing left to skip after them aside, some run gave up before the end.
      if (plan.some((step) => step.action === 'install')) expect(checked).toBeGreaterThan(0);
    },
  );
});
