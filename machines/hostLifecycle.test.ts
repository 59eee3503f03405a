import { describe, expect, it } from 'vitest';
import { standaloneServerMachine } from './standaloneServerMachine';
import { HostHarness, TEST_DURATIONS, region, reports, timers } from './hostMachineTesting';
import { movedByFault, type HostContext } from './hostLifecycle';

/** The shared lifecycle region, driven through a host that has it (the single server). */
const host = new HostHarness(standaloneServerMachine);
const server = () => host.start({ name: 'server', kind: 'server', version: '2.4.1' });

describe('lifecycle region', () => {
  it('should not boot a new version that carries a boot failure: down until rolled back', () => {
    const installed = host.fire(
      host.send(server(), { type: 'install.start', version: '2.5.0' }),
      'install',
    );
    const rebooting = host.send(installed, {
      type: 'reboot.start',
      fault: { type: 'boot-failure', index: 0 },
    });
    const failed = host.fire(rebooting, 'reboot');
    expect(region(failed, 'lifecycle')).toBe('bootFailed');
    expect(failed.snapshot.hasTag('serving')).toBe(false);
    expect(failed.snapshot.context).toMatchObject({ version: '2.4.1', staged: undefined });
    expect(reports(failed)).toEqual(['reportFailed']);
    const rolling = host.send(failed, { type: 'rollback.start', version: '2.4.1' });
    expect(region(rolling, 'lifecycle')).toBe('rollingBackOffline');
    expect(timers(rolling)).toEqual({ rollback: TEST_DURATIONS.rollback });
    expect(region(host.fire(rolling, 'rollback'), 'lifecycle')).toBe('installedOffline');
  });

  it('should need a console recovery when power is lost while flashing', () => {
    const installing = host.send(server(), {
      type: 'install.start',
      version: '2.5.0',
      fault: { type: 'power-loss', index: 0 },
    });
    const lost = host.fire(installing, 'install');
    expect(region(lost, 'lifecycle')).toBe('consoleRecovery');
    expect(reports(lost)).toEqual([
      'reportDown: power was lost while flashing',
      'reportInterrupted: power was lost while flashing',
    ]);
    // Without a duration of its own, the console recovery takes as long as a restore.
    expect(timers(lost)).toEqual({ downtime: TEST_DURATIONS.restore });
    expect(region(host.fire(lost, 'downtime'), 'lifecycle')).toBe('failed');
  });

  it('should fail the checks after the upgrade when verify carries an upgrade failure', () => {
    const verifying = host.send(server(), {
      type: 'verify.start',
      fault: { type: 'upgrade-failure', index: 0 },
    });
    expect(verifying.snapshot.context.step).toBe('verify');
    const failed = host.fire(verifying, 'verify');
    expect(region(failed, 'lifecycle')).toBe('failed');
    expect(reports(failed)).toEqual(['reportFailed']);
  });

  it('should ignore a second crash while it is down', () => {
    const down = host.send(server(), { type: 'host.crash', duration: 60_000, byFault: true });
    const again = host.send(down, { type: 'host.crash', duration: 5 * 60_000, byFault: true });
    expect(again.snapshot.context.downFor).toBe(60_000);
    expect(reports(again)).toEqual([]);
  });
});

describe('movedByFault', () => {
  const before = { fault: undefined } as unknown as HostContext;
  it.each([
    ['a fault event', { type: 'host.crash', byFault: true }, before, true],
    ['a command', { type: 'install.start' }, before, false],
    ['the end of a crash', { type: 'xstate.after.downtime.host.lifecycle.down' }, before, true],
    [
      'the end of a planned install',
      { type: 'xstate.after.install.host.lifecycle.installing' },
      before,
      false,
    ],
    [
      'the end of a step that carried a fault',
      { type: 'xstate.after.install.host.lifecycle.installing' },
      { fault: { type: 'upgrade-failure', index: 0 } } as unknown as HostContext,
      true,
    ],
  ])('should say whether %s moved a host by fault', (_, event, context, expected) => {
    expect(movedByFault(event, context)).toBe(expected);
  });
});
