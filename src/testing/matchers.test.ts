import { describe, expect, it } from 'vitest';
import { rehearseMatchers } from './matchers';
import { sim } from './sim';

describe('toHoldInvariant', () => {
  it('should say whose doing the first violation was when it fails', () => {
    const run = sim(`name: crash
system: ha-pair
version: { from: 9.0.1, to: 9.1.0 }
faults: [ { fault: host-crash, target: active, when: { step: install, host: standby }, duration: 10m } ]
`).run();
    const result = rehearseMatchers.toHoldInvariant(run, 'one-member-down-at-a-time');
    expect(result.pass).toBe(false);
    expect(result.message()).toMatch(
      /^expected one-member-down-at-a-time to hold, but \(fault\): At /,
    );
  });
});
