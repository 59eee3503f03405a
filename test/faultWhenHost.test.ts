import { describe, expect, it } from 'vitest';
import { formatDuration } from '../src/sim';
import { runClusterCase as run } from './support/clusterCase';

describe('a fault that fails the step it strikes', () => {
  // It strikes the host running the step: a `when.host` naming another host than `target` had
  // the power loss aimed at the Primary strike the installing Secondary instead.
  it.each([
    ['power-loss', 'install'],
    ['upgrade-failure', 'install'],
    ['boot-failure', 'reboot'],
  ])('should refuse %s with a target and a when.host that name different hosts', (fault, step) => {
    expect(() =>
      run(
        `faults: [ { fault: ${fault}, target: primary, when: { step: ${step}, host: secondary } } ]`,
      ),
    ).toThrow(
      new RegExp(
        `faults\\[0\\]\\.when\\.host: ${fault} fails the step it strikes.*"secondary".*"primary"`,
      ),
    );
  });

  it('should take when.host when it names the target, and a crash of another host', () => {
    const same = run(
      'faults: [ { fault: upgrade-failure, target: storage-2, when: { step: install, host: storage-2 } } ]',
    );
    expect(same.decisions[0]?.situation).toBe('install-failed');
    const crash = run(
      'faults: [ { fault: host-crash, target: primary, when: { step: install, host: secondary }, duration: 20m } ]',
    );
    expect(crash.warnings.join('\n')).not.toMatch(/never fired/);
    // 3h10m, and the check of the Primary back from its crash before the Secondary restarts.
    expect(formatDuration(crash.duration)).toBe('3h11m');
  });
});

describe('a fault that acts through a step, aimed at a step it never acts on', () => {
  // It was accepted and reported as "never fired: no step install ran on storage-2" although
  // installs ran there.
  it.each([
    ['boot-failure', 'install', /acts on "reboot" steps, never on "install"/],
    ['upgrade-failure', 'failover', /never on "failover": it would never fire/],
    ['failover-timeout', 'install', /acts on "failover" steps, never on "install"/],
  ])('should refuse %s at when.step %s, naming the steps it acts on', (fault, step, message) => {
    expect(() => run(`faults: [ { fault: ${fault}, when: { step: ${step} } } ]`)).toThrow(
      new RegExp(`faults\\[0\\]\\.when\\.step: .*${message.source}`),
    );
  });
});
