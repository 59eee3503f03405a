import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../sim';
import { faultTargets } from './faultTargets';

describe('faultTargets', () => {
  it.each([
    'scenarios/serverware-cluster-4.3-4.8.yaml',
    'scenarios/serverware-mirror-3.2.yaml',
    'scenarios/ha-pair-preemption-enabled.yaml',
    'scenarios/standalone.yaml',
  ])('offers each target of %s once', (file) => {
    const { roles, hosts } = faultTargets(parseScenario(readFileSync(file, 'utf8'), file));
    const all = [...roles, ...hosts];
    expect(new Set(all).size).toBe(all.length);
    expect(hosts.length).toBeGreaterThan(0);
  });

  it('lists the SERVERware backup host once, as the host it is', () => {
    const file = 'scenarios/serverware-cluster-4.3-4.8.yaml';
    const { roles, hosts } = faultTargets(parseScenario(readFileSync(file, 'utf8'), file));
    expect(roles).toEqual(['primary', 'secondary', 'processing']);
    expect(hosts).toContain('backup');
  });
});
