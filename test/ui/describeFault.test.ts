import { describe, expect, it } from 'vitest';
import type { FaultSpec } from '../../src/sim';
import { describeFault } from '../../src/ui/explore';

describe('describeFault', () => {
  it.each<[string, FaultSpec]>([
    [
      'upgrade failure on device-b during install of device-b (hop 1)',
      {
        index: 0,
        fault: 'upgrade-failure',
        target: 'device-b',
        when: { step: 'install', hop: 1, host: 'device-b' },
        times: 1,
      },
    ],
    [
      'host crash on storage-1 during failover (hop 2), for 30m',
      {
        index: 0,
        fault: 'host-crash',
        target: 'storage-1',
        when: { step: 'failover', hop: 2 },
        times: 1,
        duration: 1_800_000,
      },
    ],
    [
      'sync failure during sync, 3 times in a row',
      { index: 1, fault: 'sync-failure', when: { step: 'sync' }, times: 3 },
    ],
    [
      'power loss on primary at 1:30:00',
      { index: 0, fault: 'power-loss', target: 'primary', when: { at: 5_400_000 }, times: 1 },
    ],
  ])('should say %s', (text, fault) => {
    expect(describeFault(fault)).toBe(text);
  });
});
