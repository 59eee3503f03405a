import { describe, expect, it } from 'vitest';
import { parseScenario, simulate } from '../../sim';
import { importReport } from './importReport';

const SCENARIO = `name: left on
system: ha-pair
version: { from: 9.0.0, to: 9.1.0 }
plan:
  - backup: all
  - upgrade: device-a
`;

type Loose = Record<string, unknown> & {
  invariants: { violations: Record<string, unknown>[] }[];
  steps: Record<string, unknown>[];
  hosts: Record<string, unknown>[];
};

/** A real report (with a violation) with one field made wrong, as JSON text. */
function broken(change: (report: Loose) => void): string {
  const report = JSON.parse(
    JSON.stringify(simulate(parseScenario(SCENARIO, 'x.yaml')).report),
  ) as Loose;
  change(report);
  return JSON.stringify(report);
}

function violated(report: Loose): { violations: Record<string, unknown>[] } {
  const invariant = report.invariants.find((candidate) => candidate.violations.length > 0);
  if (invariant === undefined) throw new Error('the scenario violates no invariant');
  return invariant;
}

describe('importReport of a report that does not match the schema', () => {
  it.each([
    [
      'a violation time written as text',
      (r: Loose) => void ((violated(r).violations[0] as Record<string, unknown>).at = '5400000'),
      /^not a Rehearse JSON report: invariants\[\d+\]\.violations\[0\]\.at: got the text "5400000" \(expected a number\)$/,
    ],
    [
      'a violation time that is not whole',
      (r: Loose) => void ((violated(r).violations[0] as Record<string, unknown>).at = 1.5),
      /\.violations\[0\]\.at: 1\.5 is not a whole number \(expected a whole number\)$/,
    ],
    [
      'a negative violation time',
      (r: Loose) => void ((violated(r).violations[0] as Record<string, unknown>).at = -1),
      /\.violations\[0\]\.at: -1 is too small \(expected at least 0\)$/,
    ],
    [
      'a step status no step has',
      (r: Loose) => void ((r.steps[0] as Record<string, unknown>).status = 'fialed'),
      /^not a Rehearse JSON report: steps\[0\]\.status: unknown value "fialed" — did you mean "failed"\? \(expected one of: pending, running, done, failed, skipped\)$/,
    ],
    [
      'a host without its name',
      (r: Loose) => void delete (r.hosts[0] as Record<string, unknown>).name,
      /^not a Rehearse JSON report: hosts\[0\]\.name: missing \(expected text\)$/,
    ],
    [
      'a host name that is empty',
      (r: Loose) => void ((r.hosts[0] as Record<string, unknown>).name = ''),
      /^not a Rehearse JSON report: hosts\[0\]\.name: empty text \(expected text that is not empty\)$/,
    ],
    [
      'a host with a field reports do not have',
      (r: Loose) => void ((r.hosts[0] as Record<string, unknown>).colour = 'red'),
      /^not a Rehearse JSON report: hosts\[0\]\.colour: unknown key `colour`$/,
    ],
    [
      'a list of steps that is an object',
      (r: Loose) => void ((r as Record<string, unknown>).steps = {}),
      /^not a Rehearse JSON report: steps: got an object \(expected a list\)$/,
    ],
  ])('should say where and what is wrong in words for %s', async (_name, change, reason) => {
    await expect(importReport(broken(change))).rejects.toThrow(reason);
  });

  it('should never show the schema library’s own wording', async () => {
    const text = broken((r) => {
      (violated(r).violations[0] as Record<string, unknown>).at = '5400000';
      (r.steps[0] as Record<string, unknown>).status = 7;
    });
    const error = await importReport(text).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).not.toMatch(/Invalid (input|option)|received|expected \w+,/);
    expect((error as Error).message).toMatch(/\(and 1 more problem\)$/);
  });
});

describe('importReport of a file that is not text', () => {
  it('should refuse a NUL as the command line refuses the file, naming its byte', async () => {
    // Before, it was refused as "not JSON: Unexpected token …", unlike the command line.
    await expect(importReport('{"runs": []}\0\0')).rejects.toThrow(
      'it is not text: byte 12 is NUL, as in a binary file or UTF-16 text (save it as UTF-8)',
    );
  });
});
