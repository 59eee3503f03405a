import { describe, expect, it } from 'vitest';
import { backupHostMachine } from './backupHostMachine';
import { HostHarness, TEST_DURATIONS, region, reports, timers } from './hostMachineTesting';

const host = new HostHarness(backupHostMachine);
const backup = () => host.start({ name: 'backup', kind: 'backup' });
const upgradeFailure = { type: 'upgrade-failure', index: 0 } as const;

describe('backupHostMachine', () => {
  it('should have the lifecycle region only, serving and ready when online', () => {
    const online = backup();
    expect(online.snapshot.value).toEqual({ lifecycle: 'online' });
    expect(online.snapshot.hasTag('serving')).toBe(true);
    expect(online.snapshot.hasTag('ready')).toBe(true);
  });

  it('should fail an install that carries an upgrade failure and keep its version', () => {
    const installing = host.send(backup(), {
      type: 'install.start',
      version: '5.2.1',
      fault: upgradeFailure,
    });
    expect(installing.snapshot.context.fault).toEqual(upgradeFailure);
    expect(timers(installing)).toEqual({ install: TEST_DURATIONS.install });
    const failed = host.fire(installing, 'install');
    expect(region(failed, 'lifecycle')).toBe('failed');
    expect(failed.snapshot.context).toMatchObject({ version: '4.8.2', staged: undefined });
    expect(failed.snapshot.context.fault).toBeUndefined();
    expect(reports(failed)).toEqual(['reportFailed']);
  });

  it('should go down when it crashes mid-install, fail the step, and come back failed', () => {
    const installing = host.send(backup(), { type: 'install.start', version: '5.2.1' });
    const down = host.send(installing, {
      type: 'host.crash',
      duration: 30 * 60_000,
      byFault: true,
    });
    expect(region(down, 'lifecycle')).toBe('down');
    expect(down.snapshot.context).toMatchObject({ interrupted: true, downFor: 30 * 60_000 });
    expect(reports(down)).toEqual([
      'reportDown: the host crashed',
      'reportInterrupted: the host crashed',
    ]);
    expect(timers(down)).toEqual({ downtime: 30 * 60_000 });
    const back = host.fire(down, 'downtime');
    expect(region(back, 'lifecycle')).toBe('failed');
    expect(reports(back)).toEqual(['reportUp']);
    expect(back.snapshot.context).toMatchObject({ interrupted: false, downFor: 0 });
  });

  it('should come back online after a crash while idle', () => {
    const down = host.send(backup(), { type: 'host.crash', duration: 60_000, byFault: true });
    expect(down.snapshot.context.interrupted).toBe(false);
    expect(region(host.fire(down, 'downtime'), 'lifecycle')).toBe('online');
  });

  it('should take an upgrade failure armed while the install runs', () => {
    const installing = host.send(backup(), { type: 'install.start', version: '5.2.1' });
    const armed = host.send(installing, {
      type: 'fault.arm',
      fault: upgradeFailure,
      byFault: true,
    });
    expect(region(armed, 'lifecycle')).toBe('installing');
    expect(region(host.fire(installing, 'install'), 'lifecycle')).toBe('installed');
    expect(region(host.fire(armed, 'install'), 'lifecycle')).toBe('failed');
  });

  it('should follow a GUI update without a restart', () => {
    const updated = host.send(backup(), { type: 'gui.update', version: '5.2.1' });
    expect(region(updated, 'lifecycle')).toBe('online');
    expect(updated.snapshot.context.version).toBe('5.2.1');
  });
});
