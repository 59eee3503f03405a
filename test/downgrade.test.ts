import { describe, expect, it } from 'vitest';
import { parseScenario, simulate, type InvariantId, type Report } from '../src/sim';

/**
 * A plan step that installs an older version is a rollback in disguise: the monitors check it as
 * one, and a way back that skips versions of the path or leaves it is a skipped hop.
 */

/** device-b upgraded hop by hop to 9.1.0 while standby; then the plan's `rest`. */
function pair(rest: string, switchover = false): Report {
  const text = `name: a way back
system: ha-pair
version: { from: 9.0.1, path: [9.0.5, 9.1.0] }
services: 1
plan:
  - sync-config
  - check-sync
  - backup: all
  - upgrade: { host: device-b, to: 9.0.5 }
  - upgrade: { host: device-b, to: 9.1.0 }
${switchover ? '  - switchover\n' : ''}${rest}`;
  return simulate(parseScenario(text, 'case.yaml')).report;
}

function messages(report: Report, id: InvariantId): string[] {
  return report.invariants.find((i) => i.id === id)?.violations.map((v) => v.message) ?? [];
}

describe('an install of an older version', () => {
  it('is a rollback of the active device when it hits the active device', () => {
    const report = pair('  - upgrade: { host: device-b, to: 9.0.5 }\n', true);
    expect(messages(report, 'rollback-only-on-standby')).toEqual([
      expect.stringMatching(
        /device-b was rolled back \(9\.1\.0 replaced by the older 9\.0\.5\) while it was the active device/,
      ),
    ]);
    expect(messages(report, 'no-maintenance-on-active')[0]).toMatch(
      /device-b was downgraded while it was the active device/,
    );
    // One version back along the path: no hop skipped.
    expect(messages(report, 'no-hop-skipped')).toEqual([]);
  });

  it('on the standby, one version back along the path, adds no violation', () => {
    const violated = (report: Report) =>
      report.invariants.filter((i) => !i.holds).map((i) => `${i.id} ×${i.violations.length}`);
    const report = pair('  - upgrade: { host: device-b, to: 9.0.5 }\n');
    expect(violated(report)).toEqual(violated(pair('')));
  });

  it('skips a hop when it jumps back over a version of the path, or lands off it', () => {
    const report = pair('  - upgrade: { host: device-b, to: 9.0.2 }\n');
    expect(messages(report, 'no-hop-skipped')).toEqual([
      expect.stringMatching(
        /device-b \(standby device\) was downgraded from 9\.1\.0 straight to 9\.0\.2, skipping 9\.0\.5, off the documented path\.$/,
      ),
    ]);
    expect(messages(report, 'rollback-only-on-standby')).toEqual([]);
  });
});

describe('a rollback step that names its version', () => {
  it('skips a hop when it goes back over a version of the path', () => {
    const report = pair('  - rollback: { host: device-b, to: 9.0.1 }\n');
    expect(messages(report, 'no-hop-skipped')).toEqual([
      expect.stringMatching(
        /was rolled back from 9\.1\.0 straight to 9\.0\.1, skipping 9\.0\.5\.$/,
      ),
    ]);
  });

  it('leaves the path when it goes back to a version the path does not have', () => {
    const report = pair('  - rollback: { host: device-b, to: 8.4.0 }\n');
    expect(messages(report, 'no-hop-skipped')).toEqual([
      expect.stringMatching(
        /straight to 8\.4\.0, skipping 9\.0\.1 and 9\.0\.5, off the documented path\.$/,
      ),
    ]);
  });

  it('is fine one version back', () => {
    const report = pair('  - rollback: { host: device-b, to: 9.0.5 }\n');
    expect(messages(report, 'no-hop-skipped')).toEqual([]);
    expect(messages(report, 'rollback-only-on-standby')).toEqual([]);
  });
});
