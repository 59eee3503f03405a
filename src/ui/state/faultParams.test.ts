import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseScenario } from '../../sim';
import { faultParams, readFaultForm } from './faultParams';

const HA = parseScenario(
  readFileSync('scenarios/ha-pair-preemption-disabled.yaml', 'utf8'),
  'ha.yaml',
);
const SW = parseScenario(readFileSync('scenarios/serverware-mirror-3.2.yaml', 'utf8'), 'sw.yaml');

describe('the fault form parameters', () => {
  it('should offer only the parameters a fault type takes', () => {
    expect(faultParams('failover-timeout')).toEqual(['duration', 'times']);
    expect(faultParams('host-crash')).toEqual(['duration']);
    expect(faultParams('pool-degraded')).toEqual(['duration']);
    expect(faultParams('session-loss')).toEqual(['times', 'sessions']);
    expect(faultParams('precheck-failure')).toEqual(['times', 'check']);
    // Injected at a time, a power loss strikes its host once then: no attempts to count.
    expect(faultParams('power-loss')).toEqual(['duration']);
    expect(faultParams('split-brain')).toEqual([]);
  });

  it('should read valid fields into the fault the parser would read', () => {
    const read = readFaultForm(HA, [], 'failover-timeout', 'active', 3_600_000, {
      duration: '40m',
      times: '2',
    });
    expect(read).toEqual({
      spec: {
        index: HA.faults.length,
        fault: 'failover-timeout',
        target: 'active',
        when: { at: 3_600_000 },
        duration: 40 * 60_000,
        times: 2,
      },
    });
    const check = readFaultForm(SW, [], 'precheck-failure', 'primary', 0, { check: 'firmware' });
    expect('spec' in check && check.spec.check).toBe('firmware');
  });

  it('should refuse a wrong field with an error naming it, every wrong field at once', () => {
    const read = readFaultForm(HA, [], 'failover-timeout', 'active', 0, {
      duration: 'soon',
      times: '0',
    });
    expect('errors' in read).toBe(true);
    if (!('errors' in read)) return;
    expect(read.errors.duration).toMatch(/^duration: "soon" is not a duration/);
    expect(read.errors.times).toMatch(/^times: /);
    const sessions = readFaultForm(HA, [], 'session-loss', 'active', 0, { sessions: 'two' });
    expect('errors' in sessions && sessions.errors.sessions).toMatch(/^sessions: /);
  });

  it('should ignore the fields of parameters the fault type does not take, and empty ones', () => {
    const read = readFaultForm(HA, [], 'host-crash', 'standby', 0, { times: 'x', duration: ' ' });
    expect(read).toEqual({
      spec: { index: 0, fault: 'host-crash', target: 'standby', when: { at: 0 }, times: 1 },
    });
  });
});
