// @vitest-environment jsdom
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatAvailability, formatDuration, type Report } from '../../src/sim';
import { cli, MIRROR, PRIMARY_FIRST, workspace, type Workspace } from './helpers';

let ws: Workspace;

/** The line a key appended to MIRROR is on. */
const AFTER_MIRROR = MIRROR.split('\n').length;

beforeAll(() => {
  ws = workspace();
});
afterAll(() => ws?.cleanup());

/** PRIMARY_FIRST breaks invariants it does not expect, and misses two `expect` entries. */
const FAILING = `${PRIMARY_FIRST}expect:
  outcome: rolled-back
  failovers: 2
  downtime: { vps-1: { max: 1m } }
`;

/** The JSON reports of files, each as `--json` gives them for one file. */
async function reportsOf(...files: string[]): Promise<Report[]> {
  const reports: Report[] = [];
  for (const file of files) {
    const result = await cli(['run', file, '--json'], { cwd: ws.dir });
    reports.push(JSON.parse(result.stdout) as Report);
  }
  return reports;
}

function xml(text: string): Document {
  const doc = new DOMParser().parseFromString(text, 'text/xml');
  expect(doc.getElementsByTagName('parsererror')).toHaveLength(0);
  return doc;
}

describe('rehearse run --reporter json', () => {
  it('should print one envelope with a format version whatever the number of files', async () => {
    ws.write('json/a.yaml', MIRROR);
    ws.write('json/b.yaml', FAILING);
    const one = await cli(['run', 'json/a.yaml', '--reporter', 'json'], { cwd: ws.dir });
    const two = await cli(['run', 'json/a.yaml', 'json/b.yaml', '--reporter', 'json'], {
      cwd: ws.dir,
    });
    expect(one.status).toBe(0);
    expect(two.status).toBe(1);
    const [a, b] = await reportsOf('json/a.yaml', 'json/b.yaml');
    expect(JSON.parse(one.stdout)).toEqual({
      format: 1,
      passed: true,
      runs: [{ file: 'json/a.yaml', passed: true, report: a }],
      errors: [],
    });
    expect(JSON.parse(two.stdout)).toEqual({
      format: 1,
      passed: false,
      runs: [
        { file: 'json/a.yaml', passed: true, report: a },
        { file: 'json/b.yaml', passed: false, report: b },
      ],
      errors: [],
    });
  });

  it('should list invalid files with their line and column, and run nothing', async () => {
    ws.write('json/a.yaml', MIRROR);
    ws.write('json/bad.yaml', `${MIRROR}expect: { outcom: completed }\n`);
    const result = await cli(['run', 'json/a.yaml', 'json/bad.yaml', '--reporter', 'json'], {
      cwd: ws.dir,
    });
    expect(result.status).toBe(2);
    const envelope = JSON.parse(result.stdout) as { runs: unknown[]; errors: unknown[] };
    expect(envelope.runs).toEqual([]);
    expect(envelope.errors).toEqual([
      expect.objectContaining({
        file: 'json/bad.yaml',
        line: AFTER_MIRROR,
        column: 11,
        path: 'expect.outcom',
      }),
    ]);
  });

  it('should keep --json as it was, and refuse it beside --reporter', async () => {
    ws.write('json/a.yaml', MIRROR);
    const result = await cli(['run', 'json/a.yaml', '--json', '--reporter', 'junit'], {
      cwd: ws.dir,
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--json and --reporter both choose the output');
    const unknown = await cli(['run', 'json/a.yaml', '--reporter', 'junt'], { cwd: ws.dir });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('(did you mean junit?)');
  });
});

describe('rehearse run --reporter junit', () => {
  it('should be JUnit XML with a test case per scenario and per expect entry', async () => {
    ws.write('junit/pass.yaml', `${MIRROR}expect: { outcome: completed, failovers: 3 }\n`);
    ws.write('junit/fail.yaml', FAILING);
    const result = await cli(['run', 'junit/pass.yaml', 'junit/fail.yaml', '--reporter', 'junit'], {
      cwd: ws.dir,
    });
    expect(result.status).toBe(1);
    const doc = xml(result.stdout);
    const [pass, fail] = await reportsOf('junit/pass.yaml', 'junit/fail.yaml');
    const suites = [...doc.getElementsByTagName('testsuite')];
    expect(suites.map((suite) => suite.getAttribute('name'))).toEqual([
      pass?.scenario,
      fail?.scenario,
    ]);
    // One case for the run, one per expect entry (fail.yaml: outcome, failovers, downtime.vps-1).
    const cases = (suite: Element | undefined) => [
      ...(suite?.getElementsByTagName('testcase') ?? []),
    ];
    expect(cases(suites[0])).toHaveLength(1 + 2);
    expect(cases(suites[1])).toHaveLength(1 + 3);
    const missed = fail?.expectations?.misses.length ?? 0;
    const brokenInvariants = fail?.invariants.filter((i) => !i.holds) ?? [];
    expect(brokenInvariants.length).toBeGreaterThan(0);
    expect(missed).toBeGreaterThan(0);
    const failures = [...doc.getElementsByTagName('failure')];
    expect(failures).toHaveLength(missed + 1);
    const root = doc.documentElement;
    expect(root.getAttribute('tests')).toBe(String(1 + 2 + 1 + 3));
    expect(root.getAttribute('failures')).toBe(String(missed + 1));
    expect(suites[1]?.getAttribute('failures')).toBe(String(missed + 1));
    // The run's failure: the first broken invariant's message and the first offending entry.
    const first = brokenInvariants[0];
    const violation = first?.violations[0];
    const runFailure = cases(suites[1])[0]?.getElementsByTagName('failure')[0];
    expect(runFailure?.getAttribute('message')).toContain(violation?.message ?? '?');
    const entry = fail?.trace.filter((e) => e.seq <= (violation?.seq ?? -1)).at(-1);
    expect(runFailure?.textContent).toContain(
      `first offending entry: trace #${entry?.seq} at ${formatDuration(entry?.at ?? 0)}: ${entry?.actor} ${entry?.event}`,
    );
  });

  it('should escape names and messages, and count an invalid file as an error', async () => {
    ws.write('junit/odd.yaml', MIRROR.replace(/^name: .*$/m, 'name: "a <b> & \\"c\\" \\u0007"'));
    ws.write('junit/bad.yaml', `${MIRROR}expect: { outcome: done }\n`);
    const odd = await cli(['run', 'junit/odd.yaml', '--reporter', 'junit'], { cwd: ws.dir });
    expect(xml(odd.stdout).getElementsByTagName('testsuite')[0]?.getAttribute('name')).toBe(
      'a <b> & "c" \\u0007',
    );
    const bad = await cli(['run', 'junit/odd.yaml', 'junit/bad.yaml', '--reporter', 'junit'], {
      cwd: ws.dir,
    });
    expect(bad.status).toBe(2);
    const doc = xml(bad.stdout);
    expect(doc.documentElement.getAttribute('errors')).toBe('1');
    expect(doc.getElementsByTagName('error')[0]?.getAttribute('message')).toContain(
      `junit/bad.yaml:${AFTER_MIRROR}:20: expect.outcome`,
    );
  });
});

describe('rehearse run --reporter github', () => {
  it('should annotate a bad key at its line and column', async () => {
    ws.write('gh/bad.yaml', `${MIRROR}faults:\n  - fault: upgrade-failur\n    target: storage-2\n`);
    const result = await cli(['run', 'gh/bad.yaml', '--reporter', 'github'], { cwd: ws.dir });
    expect(result.status).toBe(2);
    expect(result.stdout.trim().split('\n')).toEqual([
      expect.stringMatching(
        new RegExp(
          `^::error file=gh/bad\\.yaml,line=${AFTER_MIRROR + 1},col=12,title=rehearse%3A invalid scenario::faults\\[0\\]\\.fault: unknown fault "upgrade-failur"`,
        ),
      ),
    ]);
  });

  it('should annotate each missed expectation at its own line, and each broken invariant', async () => {
    ws.write('gh/fail.yaml', FAILING);
    const result = await cli(['run', 'gh/fail.yaml', '--reporter', 'github'], { cwd: ws.dir });
    expect(result.status).toBe(1);
    const [report] = await reportsOf('gh/fail.yaml');
    const lines = FAILING.split('\n');
    const lineOf = (text: string) => lines.findIndex((line) => line.includes(text)) + 1;
    const annotations = result.stdout.split('\n').filter((line) => line.startsWith('::error'));
    const at = (line: number) => annotations.filter((a) => a.includes(`,line=${line},`));
    const misses = report?.expectations?.misses.map((miss) => miss.key) ?? [];
    expect(misses).toEqual(['outcome', 'failovers', 'downtime.vps-1']);
    expect(at(lineOf('outcome: rolled-back'))).toHaveLength(1);
    expect(at(lineOf('failovers: 2'))).toHaveLength(1);
    expect(at(lineOf('vps-1: { max: 1m }'))[0]).toContain('col=15');
    expect(at(lineOf('vps-1: { max: 1m }'))[0]).toMatch(/at most 1m, got .* over\)$/);
    const broken = report?.invariants.filter((i) => !i.holds).length ?? 0;
    expect(at(lineOf('name: Primary first'))).toHaveLength(broken);
    expect(annotations).toHaveLength(misses.length + broken);
  });

  it('should escape what would end a workflow command or its properties', async () => {
    ws.write('gh/a,b:c%.yaml', `${PRIMARY_FIRST.replace('name: Primary first', 'name: "x%\\ny"')}`);
    const result = await cli(['run', 'gh/a,b:c%.yaml', '--reporter', 'github'], { cwd: ws.dir });
    const annotations = result.stdout.split('\n').filter((line) => line.startsWith('::error'));
    expect(annotations.length).toBeGreaterThan(0);
    for (const line of annotations) {
      expect(line).toMatch(
        /^::error file=gh\/a%2Cb%3Ac%25\.yaml,line=1,col=1,title=[^:]*::x%25%0Ay: /,
      );
    }
  });
});

describe('rehearse run --html FILE', () => {
  it('should write one self-contained page with every downtime and escaped names', async () => {
    const name = 'Cluster <script>alert(1)</script>';
    ws.write(
      'html/cluster.yaml',
      `name: "${name}"
system: serverware
topology: cluster
version: { from: 4.5.0 }
hosts: { processing: 2 }
vps: 5
faults:
  - { fault: host-crash, target: processing-1, when: { step: install, host: storage-2 }, duration: 30m }
`,
    );
    ws.write('html/fail.yaml', FAILING);
    const result = await cli(
      ['run', 'html/cluster.yaml', 'html/fail.yaml', '--html', 'out/report.html', '--quiet'],
      { cwd: ws.dir },
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('wrote out/report.html');
    const html = readFileSync(join(ws.dir, 'out/report.html'), 'utf8');
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?\s*(https?:)?\/\//i);
    expect(html).not.toMatch(/https?:/);
    expect(html).not.toContain('<script');
    const doc = new DOMParser().parseFromString(html, 'text/html');
    expect(doc.querySelectorAll('script, link, img, iframe')).toHaveLength(0);
    expect(doc.querySelectorAll('svg')).toHaveLength(2);
    const [cluster, fail] = await reportsOf('html/cluster.yaml', 'html/fail.yaml');
    expect(doc.querySelector('h2')?.textContent).toContain(name);
    const sections = [...doc.querySelectorAll('section')];
    for (const [index, report] of [cluster, fail].entries()) {
      const rows = [...(sections[index]?.querySelectorAll('tr') ?? [])].map((row) =>
        [...row.querySelectorAll('td')].map((cell) => cell.textContent),
      );
      for (const workload of report?.workloads ?? []) {
        const row = rows.find((cells) => cells[0] === workload.name && cells.length === 8);
        expect(row?.[3], workload.name).toBe(formatDuration(workload.downtime));
        expect(row?.[4]).toBe(String(workload.outages));
        const duration = report?.duration ?? 0;
        expect(row?.[6]).toBe(formatAvailability(100 * (1 - workload.downtime / duration)));
        // Every outage listed with its cause.
        expect(row?.[7]?.split('; ').filter((text) => text !== '')).toHaveLength(workload.outages);
      }
      expect(sections[index]?.querySelectorAll('details tbody tr')).toHaveLength(
        report?.trace.length ?? -1,
      );
    }
    expect(fail?.expectations?.misses.length).toBeGreaterThan(0);
    for (const miss of fail?.expectations?.misses ?? [])
      expect(sections[1]?.textContent).toContain(`expected ${miss.key}`);
  });

  it('should refuse a destination that cannot be written before running anything', async () => {
    ws.write('html/fail.yaml', FAILING);
    ws.write('html/dir/report.html/keep', '');
    const result = await cli(['run', 'html/fail.yaml', '--html', 'html/dir/report.html'], {
      cwd: ws.dir,
    });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('--html html/dir/report.html: it is a directory');
    const own = await cli(['run', 'html/fail.yaml', '--html', 'html/fail.yaml'], { cwd: ws.dir });
    expect(own.status).toBe(2);
    expect(own.stderr).toContain('would overwrite the scenario file html/fail.yaml');
    expect(readFileSync(join(ws.dir, 'html/fail.yaml'), 'utf8')).toBe(FAILING);
  });
});
