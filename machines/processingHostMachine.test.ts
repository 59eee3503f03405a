import { describe, expect, it } from 'vitest';
import { HostHarness, TEST_DURATIONS, region, timers } from './hostMachineTesting';
import { processingHostMachine } from './processingHostMachine';

const host = new HostHarness(processingHostMachine);
const processing = () => host.start({ name: 'processing-1', kind: 'processing' });

describe('processingHostMachine VPSs', () => {
  it('should keep its VPSs through a planned restart', () => {
    const rebooting = host.send(processing(), { type: 'reboot.start' });
    expect(region(rebooting, 'vps')).toBe('hosting');
    expect(region(host.fire(rebooting, 'reboot'), 'vps')).toBe('hosting');
  });

  it('should lose its VPSs when it crashes, and have them moved away after vps-restart', () => {
    const down = host.send(processing(), {
      type: 'host.crash',
      duration: 30 * 60_000,
      byFault: true,
    });
    expect(region(down, 'vps')).toBe('lost');
    expect(timers(down)).toEqual({
      downtime: 30 * 60_000,
      vpsRestart: TEST_DURATIONS['vps-restart'],
    });
    const moved = host.fire(down, 'vpsRestart');
    expect(region(moved, 'vps')).toBe('movedAway');
    expect(region(moved, 'lifecycle')).toBe('down');
    // Back up, it hosts again (whatever the world placed on it).
    expect(region(host.fire(moved, 'downtime'), 'vps')).toBe('hosting');
  });

  it('should run its VPSs again itself when it is back before they are moved', () => {
    const down = host.send(processing(), { type: 'host.crash', duration: 60_000, byFault: true });
    const back = host.fire(down, 'downtime');
    expect(region(back, 'lifecycle')).toBe('online');
    expect(region(back, 'vps')).toBe('hosting');
  });

  it('should lose its VPSs on a power loss too', () => {
    const lost = host.send(processing(), { type: 'power.loss', duration: 60_000, byFault: true });
    expect(region(lost, 'lifecycle')).toBe('consoleRecovery');
    expect(region(lost, 'vps')).toBe('lost');
  });
});
