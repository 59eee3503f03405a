import { describe, expect, it } from 'vitest';
import { optionsAt } from '../src/sim';
import { sim, rehearseMatchers } from '../src/testing';

expect.extend(rehearseMatchers);

const pair = `
name: Firewall pair 9.0.1 to 9.1.0
system: ha-pair
version: { from: 9.0.1, to: 9.1.0 }
`;

describe('upgrading an HA pair', () => {
  it('should only ever roll back the standby when the new standby fails', () => {
    const run = sim(pair).inject('upgrade-failure', 'device-b').run();
    expect(run).toHaveOutcome('rolled-back');
    expect(run).toHoldInvariant('rollback-only-on-standby');
    expect(run).toHaveDowntime('service-1', '30s');
  });

  it('should never roll back the active device, whatever the operator chooses after a failed install', () => {
    for (const choice of optionsAt('install-failed', 'ha-pair')) {
      const run = sim(pair)
        .inject('upgrade-failure', 'standby')
        .decide('install-failed', choice)
        .run();
      expect(run).toHaveDecided('install-failed');
      expect(run).toHoldInvariant('rollback-only-on-standby');
    }
  });

  it('should show the standby restarting 40 minutes in', () => {
    sim(pair).advance('40m').expectState('device-a', 'rebooting');
  });
});
