import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario, simulate, type Report } from '../src/sim';

/**
 * The explorer strikes a crash where a step starts; an operator's host can crash at any moment —
 * in the middle of a step, while the procedure holds for a peer, while a Secondary takes over,
 * after the last step. Crashing each host of the built-ins at every 2m30s of the fault-free run
 * (and a second host ten minutes after the first) found a planned failover started mid-takeover,
 * a hop left out of the path, a check blamed on the procedure and a run that never settled. No
 * crash, wherever it strikes, may lead the procedure itself to break an invariant or get stuck:
 * whatever it breaks is the fault's doing (`cause: fault`).
 */

const FILES = [
  'serverware-mirror-3.2.yaml',
  'serverware-mirror-4.3-4.8.yaml',
  'serverware-cluster-4.3-4.8.yaml',
  'ha-pair-preemption-enabled.yaml',
  'standalone-multi-version.yaml',
];

/** The scenario without its own faults and expectations. */
function bare(file: string): string {
  return readFileSync(`scenarios/${file}`, 'utf8')
    .replace(/^expect:[\s\S]*?(?=^\S|(?![\s\S]))/m, '')
    .replace(/^faults:[\s\S]*?(?=^\S|(?![\s\S]))/m, '');
}

function run(text: string, file: string): Report {
  return simulate(parseScenario(text, file)).report;
}

/** What the procedure itself did wrong in a run: violations it caused, or being stuck. */
function procedureFaults(report: Report): string[] {
  const caused = report.invariants.flatMap((invariant) =>
    invariant.violations
      .filter((violation) => violation.cause !== 'fault')
      .map((violation) => `${invariant.id} (${violation.cause}): ${violation.message}`),
  );
  return report.outcome === 'stuck' ? [...caused, `stuck: ${report.reason ?? ''}`] : caused;
}

describe('a crash at any moment', () => {
  it.each(FILES)(
    '%s: no crash of one host, or of two ten minutes apart, makes the procedure break an invariant or get stuck',
    (file) => {
      const text = bare(file);
      const plain = run(text, file);
      const hosts = plain.hosts.map((host) => host.name);
      const found: string[] = [];
      const crash = (host: string, at: number, minutes: number) =>
        `  - { fault: host-crash, target: ${host}, when: { at: ${at / 1000}s }, duration: ${minutes}m }`;
      for (let at = 0; at <= plain.duration; at += 150_000) {
        const sets: string[][] = [];
        for (const host of hosts) {
          sets.push([crash(host, at, 10)], [crash(host, at, 30)]);
          if (at % 600_000 !== 0) continue;
          for (const other of hosts) {
            if (other !== host) sets.push([crash(host, at, 10), crash(other, at + 600_000, 20)]);
          }
        }
        for (const faults of sets) {
          const report = run(`${text}\nfaults:\n${faults.join('\n')}\n`, file);
          for (const wrong of procedureFaults(report))
            found.push(`${faults.join(' +')}\n  ${wrong}`);
          if (found.length > 0) break;
        }
        if (found.length > 0) break;
      }
      expect(found).toEqual([]);
    },
    120_000,
  );
});
