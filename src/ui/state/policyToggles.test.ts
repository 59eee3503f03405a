import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../sim';
import { changesSteps, POLICY_TOGGLES, policyToggleOf, toggled } from './policyToggles';

const scenario = (text: string) => parseScenario(`name: a test\n${text}`, 'test.yaml');

const CLUSTER =
  'system: serverware\ntopology: cluster\nversion: { from: 3.2.4 }\nhosts: { processing: 2 }\n';
const GUI = 'system: serverware\ntopology: cluster\nversion: { from: 5.0.3 }\n';
const ONE_VERSION = 'system: standalone\nversion: { from: 1.0.0, to: 2.0.0 }\n';
const THREE_VERSIONS =
  'system: standalone\nversion: { from: 2.4.1, path: [2.5.0, 2.6.3, 3.0.1] }\n';
const PAIR = 'system: ha-pair\nversion: { from: 9.0.1, to: 9.1.0 }\n';

describe('the policy switch the Compare tab flips', () => {
  it('should be one per system, flipped both ways', () => {
    expect(policyToggleOf('ha-pair')).toBe('preemption');
    expect(policyToggleOf('serverware')).toBe('stop-vps');
    expect(policyToggleOf('standalone')).toBe('backup');
    const cluster = scenario(CLUSTER);
    const once = toggled(cluster, 'stop-vps');
    if ('error' in once) throw new Error(once.error);
    expect(once.scenario.policy.stopVps).toBe(true);
    expect(once.label).toBe('policy.stop-vps: true');
    const twice = toggled(once.scenario, 'stop-vps');
    if ('error' in twice) throw new Error(twice.error);
    expect(twice.scenario.policy).toEqual(cluster.policy);
  });

  it("should refuse another system's switch, naming the system it belongs to", () => {
    expect(toggled(scenario(CLUSTER), 'preemption')).toEqual({
      error: 'policy.preemption only exists on an HA pair',
    });
    expect(toggled(scenario(PAIR), 'backup')).toEqual({
      error: 'policy.backup only exists on a single server',
    });
  });

  it('should tell where flipping the switch changes the steps, and where both runs would be alike', () => {
    // Stopping every VPS adds the stop and start steps of the document's NOTE.
    expect(changesSteps(scenario(CLUSTER), 'stop-vps')).toBe(true);
    // A GUI-only update stops no VPS either way.
    expect(changesSteps(scenario(GUI), 'stop-vps')).toBe(false);
    // One backup or one per version: alike for one version, not for three.
    expect(changesSteps(scenario(ONE_VERSION), 'backup')).toBe(false);
    expect(changesSteps(scenario(THREE_VERSIONS), 'backup')).toBe(true);
    expect(changesSteps(scenario(PAIR), 'preemption')).toBe(true);
    expect(changesSteps(scenario(PAIR), 'stop-vps')).toBe(false);
    expect(Object.keys(POLICY_TOGGLES)).toHaveLength(3);
  });
});
