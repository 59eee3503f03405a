import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario, simulate, type Report } from '../src/sim';

/**
 * The outcome's reason and the path say what happened: which hosts a rollback touched, why a
 * SERVERware stop tries nothing again, and that the hops before a failed one stand.
 */

function run(text: string, file = 'case.yaml'): Report {
  return simulate(parseScenario(text, file)).report;
}

describe('the words of an outcome', () => {
  it('a single server whose backup fails in hop 2 stops with hop 1 standing: the path has 2.5.0 and the reason says so', () => {
    const report = run(
      'name: case\nsystem: standalone\nversion: { from: 2.4.1, path: [2.5.0, 2.6.3] }\nfaults: [ { fault: backup-failure, when: { step: backup, hop: 2 } } ]\n',
    );
    expect(report.outcome).toBe('aborted');
    expect(report.path).toEqual(['2.5.0']);
    expect(report.reason).toMatch(
      /^stopped before any host changed in hop 2 \(every host on 2\.5\.0\): backup on server failed/,
    );
  });

  it('a SERVERware failover that fails names no reinstalls, which it never had', () => {
    const report = run(
      'name: case\nsystem: serverware\ntopology: mirror\nversion: { from: 4.5.0 }\nfaults: [ { fault: host-crash, target: storage-2, when: { step: failover, hop: 1 }, duration: 30m } ]\n',
    );
    expect(report.outcome).toBe('aborted');
    expect(report.reason).toMatch(
      /^stopped for support: failover failed; the Primary storage-1 keeps serving/,
    );
    expect(report.reason).not.toMatch(/reinstall/);
  });

  it('a rollback names the hosts it rolled back, each with a rollback step, on every golden scenario that rolls back', () => {
    let checked = 0;
    for (const file of readdirSync('scenarios/golden').filter((name) => name.endsWith('.yaml'))) {
      const report = run(readFileSync(`scenarios/golden/${file}`, 'utf8'), file);
      const match = /; (.+?) rolled back: every host on /.exec(report.reason ?? '');
      if (report.outcome !== 'rolled-back' || !match?.[1]) continue;
      const named = match[1].split(/, | and /);
      const rolled = new Set(
        report.steps
          .filter((step) => step.action === 'rollback' && step.status === 'done')
          .map((step) => step.host),
      );
      expect(named, file).toEqual([...named].filter((name) => rolled.has(name)));
      expect(
        [...rolled].every((host) => host !== undefined && named.includes(host)),
        file,
      ).toBe(true);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(8);
  });
});
