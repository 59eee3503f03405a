import { describe, expect, it } from 'vitest';
import { parseScenario, simulate } from '../src/sim';

/** The warnings of a Mirror from 4.5.0 (one hop) run with these `durations:`. */
function warnings(durations: string, topology = 'mirror'): string[] {
  const text = `name: overrides
system: serverware
topology: ${topology}
version: { from: 4.5.0, to: 5.2.1 }
${topology === 'cluster' ? 'hosts: { processing: 2 }\n' : ''}vps: 2
durations:
${durations}
`;
  return simulate(parseScenario(text, 'overrides.yaml')).report.warnings.filter((warning) =>
    warning.startsWith('durations.'),
  );
}

describe('a duration given per host or role', () => {
  it('should warn when no step of the run took it: a role that never runs the step', () => {
    // Before: the Primary's 2h install was silently never used (the document upgrades only the
    // Secondary), and `--samples` listed the key among those drawn.
    expect(warnings('  install: { default: 20m, primary: 2h }')).toEqual([
      'durations.install: the value for primary timed nothing in this run: no step it times ran on primary',
    ]);
  });

  it('should warn of a value per host for a step that acts on no one host', () => {
    expect(warnings('  failover: { default: 15m, storage-2: 10m..2h }')).toEqual([
      'durations.failover: the value for storage-2 timed nothing in this run: the steps it times act on no one host (a failover is timed by its default)',
    ]);
  });

  it('should say nothing of a value that timed a step, by name or by the role held then', () => {
    expect(warnings('  reboot: { default: 5m, secondary: 9m }')).toEqual([]);
    expect(warnings('  install: { default: 20m, storage-1: 1h, backup: 30m }')).toEqual([]);
    expect(
      warnings('  install: { default: 20m, processing-2: 1h, processing: 25m }', 'cluster'),
    ).toEqual([]);
  });

  it('should say nothing of a host’s own durations, taken only when an event needs them', () => {
    // A takeover happens only when a Primary is lost: no such event, no warning.
    expect(warnings('  takeover: { default: 2m, storage-2: 1m }')).toEqual([]);
    // Nor of a preferred device's wait, which no step times.
    const ha = simulate(
      parseScenario(
        'name: ha\nsystem: ha-pair\nversion: { from: 9.0.1, to: 9.1.0 }\ndurations:\n  preemption-delay: { default: 60s, device-a: 30s }\n',
        'ha.yaml',
      ),
    ).report.warnings.filter((warning) => warning.startsWith('durations.'));
    expect(ha).toEqual([]);
  });
});
