import { describe, expect, it } from 'vitest';
import { afterHostReport, initialHostViews } from './hostViews';
import type { HostSpec } from './types';

const PAIR: HostSpec[] = [
  { name: 'storage-1', kind: 'storage', role: 'primary' },
  { name: 'storage-2', kind: 'storage', role: 'secondary' },
];
const start = initialHostViews(PAIR, '4.8.2');

describe('initialHostViews', () => {
  it('should start every host up, verified and serving its first role on the first version', () => {
    expect(start['storage-1']).toEqual({
      name: 'storage-1',
      kind: 'storage',
      role: 'primary',
      version: '4.8.2',
      down: false,
      verified: true,
      failed: false,
      poolOnline: true,
    });
    expect(Object.keys(start)).toEqual(['storage-1', 'storage-2']);
  });
});

describe('afterHostReport', () => {
  it('should mark a host down and forget what it had staged', () => {
    const staged = { ...start, 'storage-2': { ...start['storage-2']!, staged: '5.2.1' } };
    const down = afterHostReport(staged, { type: 'host.down', host: 'storage-2', reason: 'x' });
    expect(down['storage-2']).toMatchObject({ down: true, staged: undefined });
    expect(down['storage-1']).toBe(start['storage-1']);
  });

  it('should take the version a host came back on, and whether a step was interrupted', () => {
    const down = afterHostReport(start, { type: 'host.down', host: 'storage-2', reason: 'x' });
    const clean = afterHostReport(down, {
      type: 'host.up',
      host: 'storage-2',
      version: '4.8.2',
      interrupted: false,
    });
    expect(clean['storage-2']).toMatchObject({ down: false, verified: true, failed: false });
    const interrupted = afterHostReport(down, {
      type: 'host.up',
      host: 'storage-2',
      version: '5.2.1',
      interrupted: true,
    });
    expect(interrupted['storage-2']).toMatchObject({
      down: false,
      version: '5.2.1',
      verified: false,
      failed: true,
    });
  });

  it('should keep a failed host failed when it comes back from a crash', () => {
    const failed = { ...start, 'storage-2': { ...start['storage-2']!, failed: true } };
    const back = afterHostReport(failed, {
      type: 'host.up',
      host: 'storage-2',
      version: '4.8.2',
      interrupted: false,
    });
    expect(back['storage-2']?.failed).toBe(true);
  });

  it('should take the pool back ONLINE and a takeover as Primary from the reports', () => {
    const degraded = { ...start, 'storage-1': { ...start['storage-1']!, poolOnline: false } };
    expect(
      afterHostReport(degraded, { type: 'pool.online', host: 'storage-1' })['storage-1']
        ?.poolOnline,
    ).toBe(true);
    expect(
      afterHostReport(start, { type: 'host.took-over', host: 'storage-2' })['storage-2']?.role,
    ).toBe('primary');
  });

  it('should change nothing for a host it does not know, or a name Object has', () => {
    for (const host of ['nobody', 'constructor'])
      expect(afterHostReport(start, { type: 'host.down', host, reason: 'x' })).toBe(start);
  });
});
