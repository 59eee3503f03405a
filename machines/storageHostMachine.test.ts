import { describe, expect, it } from 'vitest';
import { HostHarness, TEST_DURATIONS, region, reports, timers } from './hostMachineTesting';
import { storageHostMachine } from './storageHostMachine';

const host = new HostHarness(storageHostMachine);

describe('storageHostMachine roles', () => {
  it('should start as Primary when leading and as Secondary otherwise', () => {
    expect(region(host.start({ leading: true }), 'role')).toBe('primary');
    expect(host.start({ leading: true }).snapshot.hasTag('leading')).toBe(true);
    expect(region(host.start({ leading: false }), 'role')).toBe('secondary');
    expect(host.start().snapshot.hasTag('leading')).toBe(false);
  });

  it('should swap roles through a failover and keep them when it is aborted', () => {
    const primary = host.start({ leading: true });
    const secondary = host.start();
    const demoting = host.send(primary, { type: 'failover.begin' });
    const promoting = host.send(secondary, { type: 'failover.begin' });
    expect([region(demoting, 'role'), region(promoting, 'role')]).toEqual([
      'demoting',
      'promoting',
    ]);
    const swapped = [
      host.send(demoting, { type: 'failover.complete' }),
      host.send(promoting, { type: 'failover.complete' }),
    ];
    expect(swapped.map((s) => region(s, 'role'))).toEqual(['secondary', 'primary']);
    expect(swapped.map((s) => s.snapshot.context.leading)).toEqual([false, true]);
    const aborted = [
      host.send(demoting, { type: 'failover.abort' }),
      host.send(promoting, { type: 'failover.abort' }),
    ];
    expect(aborted.map((s) => region(s, 'role'))).toEqual(['primary', 'secondary']);
  });

  it('should take over a lost Primary after the takeover time and report it', () => {
    const taking = host.send(host.start(), { type: 'takeover.begin', byFault: true });
    expect(region(taking, 'role')).toBe('takingOverPrimary');
    expect(timers(taking)).toEqual({ takeover: TEST_DURATIONS.takeover });
    const primary = host.fire(taking, 'takeover');
    expect(region(primary, 'role')).toBe('primary');
    expect(primary.snapshot.context.leading).toBe(true);
    expect(reports(primary)).toEqual(['reportTookOver']);
  });

  it('should step down to Secondary when demoted', () => {
    const demoted = host.send(host.start({ leading: true }), {
      type: 'role.demote',
      byFault: true,
    });
    expect(region(demoted, 'role')).toBe('secondary');
    expect(demoted.snapshot.context.leading).toBe(false);
  });
});

describe('storageHostMachine pool', () => {
  it('should resilver a degraded pool for the given time, then report it ONLINE', () => {
    const online = host.start();
    expect(online.snapshot.hasTag('pool-online')).toBe(true);
    const degraded = host.send(online, {
      type: 'pool.degrade',
      duration: 30 * 60_000,
      byFault: true,
    });
    expect(region(degraded, 'pool')).toBe('degraded');
    expect(degraded.snapshot.hasTag('pool-online')).toBe(false);
    expect(timers(degraded)).toEqual({ resilver: 30 * 60_000 });
    const back = host.fire(degraded, 'resilver');
    expect(back.snapshot.hasTag('pool-online')).toBe(true);
    expect(back.snapshot.context.poolResilver).toBe(0);
    expect(reports(back)).toEqual(['reportPoolOnline']);
  });
});

describe('storageHostMachine upgrade', () => {
  it('should install, restart onto the new version and verify, reporting each step', () => {
    const installing = host.send(host.start(), { type: 'install.start', version: '5.2.1' });
    expect(region(installing, 'lifecycle')).toBe('installing');
    expect(installing.snapshot.context.staged).toBe('5.2.1');
    const installed = host.fire(installing, 'install');
    expect(reports(installed)).toEqual(['reportDone']);
    const rebooting = host.send(installed, { type: 'reboot.start' });
    expect(rebooting.snapshot.hasTag('serving')).toBe(false);
    const booted = host.fire(rebooting, 'reboot');
    expect(booted.snapshot.context.version).toBe('5.2.1');
    expect(booted.snapshot.context.staged).toBeUndefined();
    const online = host.fire(host.send(booted, { type: 'verify.start' }), 'verify');
    expect(region(online, 'lifecycle')).toBe('online');
    expect(reports(online)).toEqual(['reportDone']);
    // The role is the roles region's business: an upgrade leaves it alone.
    expect(region(online, 'role')).toBe('secondary');
  });
});
