import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli, workspace, type Workspace } from './helpers';

const MIRROR = `
name: Mirror from 4.5
system: serverware
topology: mirror
version: { from: 4.5.0 }
vps: 2
`;

let ws: Workspace;
beforeEach(() => {
  ws = workspace();
});
afterEach(() => ws.cleanup());

describe('rehearse explore', () => {
  it('should report each violated invariant with its shortest run, coverage and situations', async () => {
    const file = ws.write('mirror.yaml', MIRROR);
    const { status, stdout } = await cli(['explore', file, '--workers', '1']);
    expect(status).toBe(1);
    expect(stdout).toMatch(
      /every single fault at every step · \d+ runs( \(\d+ converged\))? · \d+ distinct states/,
    );
    // The Primary crashes while the Secondary installs: nobody can take over, and that is the
    // fault's doing (the procedure never starts a change on a member whose peer is down).
    expect(stdout).toContain(
      '✗ one-member-down-at-a-time (fault) — 1 fault, 5 steps, outcome completed',
    );
    expect(stdout).toContain('fault: host-crash on storage-1');
    expect(stdout).toMatch(/storageHost +\d+\/\d+ +\d+\/\d+/);
    expect(stdout).toContain('✓ a failed host reinstalled after the failover');
  });

  it('should say how many pairs were explored and how many composed from equivalent runs', async () => {
    const file = ws.write('mirror.yaml', MIRROR);
    const reduced = await cli(['explore', file, '--faults', '2', '--workers', '2']);
    const match =
      /every set of up to 2 faults at every step · ([\d,]+) runs \(([\d,]+) explored, [\d,]+ converged; ([\d,]+) more covered by equivalent runs\)/.exec(
        reduced.stdout,
      );
    expect(match, reduced.stdout).not.toBeNull();
    const [runs, explored, covered] = (match ?? [])
      .slice(1)
      .map((n) => Number(n.replace(/,/g, '')));
    expect(explored! + covered!).toBe(runs);
    expect(covered).toBeGreaterThan(0);
    const played = await cli([
      'explore',
      file,
      '--faults',
      '2',
      '--no-reduction',
      '--workers',
      '2',
    ]);
    expect(played.stdout).toContain(` · ${match?.[1] ?? ''} runs (`);
    expect(played.stdout).not.toContain('covered by equivalent runs');
    // Everything found is the same; only the first line says how the work was done.
    const rest = (text: string) => text.split('\n').slice(1).join('\n');
    expect(rest(played.stdout)).toBe(rest(reduced.stdout));
    expect(played.status).toBe(reduced.status);
    // Two explorations of pairs: about 15 s on a loaded 2-core machine, twice that on a busier one.
  }, 120_000);

  it("should say that the scenario's own faults are left out, and explore the same runs as without them", async () => {
    // Before: a scenario with a fault by chance explored exactly as one without, and said nothing.
    const plain = ws.write('mirror.yaml', MIRROR);
    const faulty = ws.write(
      'faulty.yaml',
      `${MIRROR.trimEnd()}\nfaults:\n  - { fault: upgrade-failure, target: secondary, probability: 1 }\n  - { fault: host-crash, target: primary, when: { step: install } }\n`,
    );
    const note =
      "the scenario's own 2 faults (faults:) are left out: each run has only the faults the explorer injects, and the findings are about those runs";
    const text = await cli(['explore', faulty, '--workers', '1']);
    const lines = text.stdout.split('\n');
    expect(lines[1]).toBe(`  ${note}`);
    expect(text.stderr).toBe('');
    const json = await cli(['explore', faulty, '--workers', '1', '--json']);
    expect(json.stderr).toBe(`rehearse explore: ${faulty}: ${note}\n`);
    const without = await cli(['explore', plain, '--workers', '1', '--json']);
    expect(without.stderr).toBe('');
    const { scenario: _a, ...found } = JSON.parse(json.stdout) as Record<string, unknown>;
    const { scenario: _b, ...same } = JSON.parse(without.stdout) as Record<string, unknown>;
    expect(found).toEqual(same);
    const decisions = await cli(['explore', faulty, '--decisions', '--json']);
    expect(decisions.stderr).toBe(`rehearse explore: ${faulty}: ${note}\n`);
  });

  it('should give the same findings for any number of workers', async () => {
    const file = ws.write('mirror.yaml', MIRROR);
    const one = await cli(['explore', file, '--json', '--workers', '1']);
    const three = await cli(['explore', file, '--json', '--workers', '3']);
    expect(three.stdout).toBe(one.stdout);
    const result = JSON.parse(one.stdout) as { runs: number; counterexamples: unknown[] };
    expect(result.runs).toBeGreaterThan(40);
    expect(result.counterexamples.length).toBeGreaterThan(0);
  });

  it('should save counterexamples that rehearse run replays to the same violation', async () => {
    const file = ws.write('mirror.yaml', MIRROR);
    const saveDir = join(ws.dir, 'found');
    const explored = await cli(['explore', file, '--json', '--workers', '1', '--save', saveDir]);
    const result = JSON.parse(explored.stdout) as {
      counterexamples: { invariant: string; cause: string; message: string }[];
    };
    expect(result.counterexamples.length).toBeGreaterThan(0);
    for (const found of result.counterexamples) {
      const saved = join(saveDir, `mirror--${found.invariant}.yaml`);
      const replay = await cli(['run', saved, '--json']);
      expect(replay.status).toBe(0);
      const report = JSON.parse(replay.stdout) as {
        invariants: { id: string; violations: { cause: string; message: string }[] }[];
      };
      const first = report.invariants.find((i) => i.id === found.invariant)?.violations[0];
      expect(first?.message).toBe(found.message);
      expect(first?.cause).toBe(found.cause);
    }
  });

  it('should explore several files in turn and tally them', async () => {
    const mirror = ws.write('mirror.yaml', MIRROR);
    const server = ws.write(
      'server.yaml',
      'name: Single server\nsystem: standalone\nversion: { from: 1.0.0, to: 1.1.0 }\nservices: 1\n',
    );
    const { status, stdout } = await cli(['explore', mirror, server, '--workers', '1']);
    expect(status).toBe(1);
    expect(stdout).toContain('Mirror from 4.5: every single fault at every step');
    expect(stdout).toContain('Single server: every single fault at every step');
    expect(stdout).toMatch(
      /\n2 scenarios explored( in \d+\.\ds)?: \d held every invariant in every run, \d had violations\n$/,
    );
    const json = await cli(['explore', mirror, server, '--json', '--workers', '1']);
    const results = JSON.parse(json.stdout) as { scenario: string }[];
    expect(results.map((r) => r.scenario)).toEqual(['Mirror from 4.5', 'Single server']);
    const alone = await cli(['explore', server, '--json', '--workers', '1']);
    expect(JSON.stringify(results[1])).toBe(JSON.stringify(JSON.parse(alone.stdout)));
  });

  it('should explore nothing when one of several files is invalid', async () => {
    const mirror = ws.write('mirror.yaml', MIRROR);
    const bad = ws.write('bad.yaml', 'name: x\nsystem: serverware\ntopology: ring\n');
    const saveDir = join(ws.dir, 'found');
    const { status, stdout, stderr } = await cli(['explore', mirror, bad, '--save', saveDir]);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('bad.yaml');
    expect(stderr).toContain('topology');
    expect(stderr).toContain('1 of 2 files invalid; nothing was explored');
    expect(existsSync(saveDir)).toBe(false);
  });

  it('should refuse to save two files of one name into one folder', async () => {
    const a = ws.write('a/mirror.yaml', MIRROR);
    const b = ws.write('b/mirror.yaml', MIRROR);
    const saveDir = join(ws.dir, 'found');
    const { status, stderr } = await cli(['explore', a, b, '--save', saveDir]);
    expect(status).toBe(2);
    expect(stderr).toContain(
      `--save: ${a} and ${b} would save their counterexamples under the same names`,
    );
    expect(existsSync(saveDir)).toBe(false);
    // The same file named two ways is one file.
    const same = await cli(['explore', a, `${ws.dir}/a/./mirror.yaml`, '--save', saveDir]);
    expect(same.status).toBe(1);
    expect(existsSync(saveDir)).toBe(true);
  });

  it('should draw random fault sets from the seed', async () => {
    const file = ws.write('mirror.yaml', MIRROR);
    const draw = (workers: string) =>
      cli(['explore', file, '--random', '20', '--seed', '3', '--json', '--workers', workers]);
    const a = await draw('1');
    const b = await draw('2');
    expect(b.stdout).toBe(a.stdout);
    expect((JSON.parse(a.stdout) as { mode: string }).mode).toBe('random');
  });
});

describe('rehearse run with golden summaries', () => {
  it('should write a summary with --update, then hold runs to it', async () => {
    const file = ws.write('mirror.yaml', MIRROR);
    const updated = await cli(['run', file, '--update']);
    expect(updated.status).toBe(0);
    const summary = join(ws.dir, 'mirror.summary.json');
    expect(JSON.parse(readFileSync(summary, 'utf8'))).toMatchObject({
      outcome: 'completed',
      failovers: 2,
    });
    expect((await cli(['run', file])).status).toBe(0);
    writeFileSync(
      summary,
      readFileSync(summary, 'utf8').replace('"failovers": 2', '"failovers": 1'),
    );
    const changed = await cli(['run', file]);
    expect(changed.status).toBe(1);
    expect(changed.stdout).toContain('the run differs from its golden summary');
    expect(changed.stdout).toContain('stored: "failovers": 1,');
    expect(changed.stdout).toContain('now:    "failovers": 2,');
    expect(changed.stdout).toContain(`rehearse run --update ${file}`);
  });
});

describe('rehearse explore --decisions', () => {
  const SERVER = `name: One server
system: standalone
version: { from: 2.1.0, to: 2.2.0 }
`;

  it('should print each decision point with every option, and exit 1 when one beats the default', async () => {
    const file = ws.write('server.yaml', SERVER);
    const { status, stdout, stderr } = await cli(['explore', file, '--decisions']);
    expect(stderr).toBe('');
    expect(status).toBe(1);
    expect(stdout).toMatch(
      /^One server: \d+ decision points reached by \d+ fault sets · \d+ runs\n/,
    );
    expect(stdout).toMatch(
      /! upgrade-failure on server at install \(hop 1\) → install-failed on server, hop 1 at \S+\n {4}option +outcome +downtime +duration +violates/,
    );
  });

  it('should print a runbook in Markdown, and JSON', async () => {
    const file = ws.write('server.yaml', SERVER);
    const markdown = await cli(['explore', file, '--decisions', '--markdown']);
    expect(markdown.stdout).toMatch(/^# Recovery runbook: One server\n/);
    const json = await cli(['explore', file, '--decisions', '--json']);
    const parsed = JSON.parse(json.stdout) as { findings: { point: string }[] };
    expect(parsed.findings.length).toBeGreaterThan(0);
  });

  it("should mark a source's scenario key up as code in the runbook, and escape the scenario's name", async () => {
    const file = ws.write(
      'server.yaml',
      SERVER.replace('One server', '"One `server` *x* in ~2h, not ~4h #1"'),
    );
    const { stdout } = await cli(['explore', file, '--decisions', '--markdown']);
    expect(stdout).toMatch(
      /^# Recovery runbook: One \\`server\\` \\\*x\\\* in \\~2h, not \\~4h \\#1\n/,
    );
    expect(stdout).toMatch(/\(the scenario key `[a-z.-]+` changes it\)/);
    expect(stdout).not.toMatch(/key \\`/);
  });

  it('should refuse --markdown without --decisions, and --save or --random with it', async () => {
    const file = ws.write('server.yaml', SERVER);
    for (const args of [
      ['--markdown'],
      ['--decisions', '--save', 'out'],
      ['--decisions', '--random', '5'],
    ]) {
      const { status, stderr } = await cli(['explore', file, ...args]);
      expect(status).toBe(2);
      expect(stderr).toMatch(/rehearse explore: --(markdown|save|random)/);
    }
  });
});
