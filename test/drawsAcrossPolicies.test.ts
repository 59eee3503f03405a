import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario, simulate, type Run, type Scenario } from '../src/sim';
import { changesSteps, toggled } from '../src/ui/state/policyToggles';
import { scenarioPath } from './support/scenarioFiles';

/**
 * A step's drawn length is the same step's in a run whose policy adds other steps: draws are
 * keyed by what the step is (its action, host, hop and attempt), not by its place in the list.
 * Before, `policy.stop-vps` (which adds a step per VPS at the start) moved every step's id and
 * drew every varying duration again, so Compare's two runs differed by their draws as much as by
 * their policy.
 */

/** The length of each step that ran, by action, host, hop and attempt. */
function lengths(run: Run): Map<string, number> {
  const out = new Map<string, number>();
  const seen = new Map<string, number>();
  for (const step of run.report.steps) {
    if (step.start === undefined || step.end === undefined) continue;
    const what = `${step.action} ${step.host ?? ''} hop ${step.hop}`;
    const attempt = seen.get(what) ?? 0;
    seen.set(what, attempt + 1);
    out.set(`${what} #${attempt + 1}`, step.end - step.start);
  }
  return out;
}

const varying: Scenario = parseScenario(
  readFileSync(scenarioPath('golden/serverware-cluster-varying-durations.yaml'), 'utf8'),
  'varying.yaml',
);

describe('draws across a policy switch', () => {
  for (const seed of [1, 2, 3]) {
    it(`should keep every drawn install, restart and failover length when stop-vps is switched (seed ${seed})`, () => {
      const scenario = { ...varying, seed, faults: [] };
      expect(changesSteps(scenario, 'stop-vps')).toBe(true);
      const before = lengths(simulate(scenario));
      const flipped = toggled(scenario, 'stop-vps');
      if ('error' in flipped) throw new Error(flipped.error);
      const after = lengths(simulate(flipped.scenario));
      let compared = 0;
      for (const [what, length] of before) {
        if (!/^(install|reboot|failover) /.test(what)) continue;
        // The same step, the same length (a failover keeps its draw; its VPSs are stopped).
        expect(after.get(what), what).toBe(length);
        compared++;
      }
      expect(compared).toBeGreaterThan(10);
    });
  }

  it('should still draw anew for another seed', () => {
    const a = lengths(simulate({ ...varying, seed: 1, faults: [] }));
    const b = lengths(simulate({ ...varying, seed: 2, faults: [] }));
    expect([...a].some(([what, length]) => b.get(what) !== length)).toBe(true);
  });
});
