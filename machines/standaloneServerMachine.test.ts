import { describe, expect, it } from 'vitest';
import { HostHarness, TEST_DURATIONS, region, reports, timers } from './hostMachineTesting';
import { standaloneServerMachine } from './standaloneServerMachine';

const host = new HostHarness(standaloneServerMachine);
const server = () => host.start({ name: 'server', kind: 'server', version: '2.4.1' });

describe('standaloneServerMachine services', () => {
  it('should run its services until they are stopped, then report the stop once done', () => {
    const running = server();
    expect(running.snapshot.hasTag('services-up')).toBe(true);
    const stopping = host.send(running, { type: 'services.stop' });
    expect(region(stopping, 'services')).toBe('stopping');
    expect(timers(stopping)).toEqual({ stopServices: TEST_DURATIONS['stop-services'] });
    const stopped = host.fire(stopping, 'stopServices');
    expect(region(stopped, 'services')).toBe('stopped');
    expect(stopped.snapshot.hasTag('services-up')).toBe(false);
    expect(reports(stopped)).toEqual(['reportServicesDone: stop-services']);
  });

  it('should start its services again at once and report it', () => {
    const stopped = host.fire(host.send(server(), { type: 'services.stop' }), 'stopServices');
    const started = host.send(stopped, { type: 'services.start' });
    expect(region(started, 'services')).toBe('running');
    expect(started.snapshot.hasTag('services-up')).toBe(true);
    expect(reports(started)).toEqual(['reportServicesDone: start-services']);
  });

  it('should keep services and lifecycle apart: a restart does not start stopped services', () => {
    const stopped = host.fire(host.send(server(), { type: 'services.stop' }), 'stopServices');
    const booted = host.fire(host.send(stopped, { type: 'reboot.start' }), 'reboot');
    expect(region(booted, 'lifecycle')).toBe('booted');
    expect(region(booted, 'services')).toBe('stopped');
  });
});
