import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { subShard } from '../../src/sim';
import { cli, resealed, workspace, type Workspace } from './helpers';

/** Small scenarios, so that exploring each several times stays quick. */
const SERVER = 'name: One server\nsystem: standalone\nversion: { from: 1.0.0, to: 1.1.0 }\n';
const OTHER_SERVER = SERVER.replace('One server', 'Another server');
const MIRROR =
  'name: Mirror from 4.5\nsystem: serverware\ntopology: mirror\nversion: { from: 4.5.0 }\nvps: 2\n';
/** Exploring several times in one test: a hang guard, not a speed target. */
const GUARD_MS = 120_000;

let ws: Workspace;
beforeEach(() => {
  ws = workspace();
});
afterEach(() => ws.cleanup());

/** Explores `file` in `count` parts, each on two workers, and writes each part's file. */
async function shardFiles(
  file: string,
  count: number,
  extra: readonly string[],
  label = '',
): Promise<string[]> {
  const files: string[] = [];
  for (let part = 1; part <= count; part++) {
    const { status, stdout, stderr } = await cli([
      'explore',
      file,
      ...extra,
      '--shard',
      `${part}/${count}`,
      '--workers',
      '2',
    ]);
    expect(status, stderr).toBe(0);
    files.push(ws.write(`parts/${label}${count}-${part}.json`, stdout));
  }
  return files;
}

describe('rehearse explore --shard and rehearse merge', () => {
  it.each([
    ['single faults in 1 part', SERVER, 1, []],
    ['single faults in 2 parts', MIRROR, 2, []],
    ['single faults in 5 parts', SERVER, 5, []],
    ['pairs of faults in 3 parts', SERVER, 3, ['--faults', '2']],
    ['pairs of faults in 2 parts, equivalent runs composed', MIRROR, 2, ['--faults', '2']],
    [
      'pairs of faults in 2 parts, every run played',
      SERVER,
      2,
      ['--faults', '2', '--no-reduction'],
    ],
    ['random runs in 4 parts', SERVER, 4, ['--random', '40', '--seed', '9']],
  ] as const)(
    'should merge %s into exactly what one process gives',
    async (_, text, count, extra) => {
      const file = ws.write('scenario.yaml', text);
      const whole = await cli(['explore', file, ...extra, '--json', '--workers', '1']);
      const parts = await shardFiles(file, count, extra);
      // Given in reverse order: the order of the files does not matter.
      const merged = await cli(['merge', ...parts.reverse(), '--json']);
      expect(merged.stderr).toBe('');
      expect(merged.stdout).toBe(whole.stdout);
      expect(merged.status).toBe(whole.status);
      const text1 = await cli(['explore', file, ...extra, '--workers', '3']);
      const text2 = await cli(['merge', ...parts]);
      expect(text2.stdout.replace(/ in \d+\.\ds/g, '')).toBe(
        text1.stdout.replace(/ in \d+\.\ds/g, ''),
      );
    },
    GUARD_MS,
  );

  it(
    'should refuse shards that are not every part of one exploration once, naming each file',
    async () => {
      const mirror = ws.write('server.yaml', SERVER);
      const ha = ws.write('other.yaml', OTHER_SERVER);
      const [one, two] = await shardFiles(mirror, 2, []);
      const [, otherTwo] = await shardFiles(ha, 2, [], 'other-');
      const [, three, ,] = await shardFiles(mirror, 3, []);
      const pairs = await shardFiles(mirror, 2, ['--faults', '2'], 'pairs-');
      const played = await shardFiles(mirror, 2, ['--faults', '2', '--no-reduction'], 'played-');
      const cases: [readonly string[], RegExp][] = [
        [[one!], /missing part 2\/2 of the exploration of One server/],
        [[one!, one!, two!], /\/2-1\.json: part 1\/2 again \(.*\/2-1\.json is that part too\)/],
        [
          [one!, otherTwo!],
          /other-2-2\.json: a shard of another scenario \(Another server\) than .*2-1\.json \(One server\)/,
        ],
        [
          [one!, pairs[1]!],
          /a shard of another exploration \(\{"faults":2\}\) than .*\(\{"faults":1\}\)/,
        ],
        [
          [pairs[0]!, played[1]!],
          /a shard of another exploration \(\{"faults":2,"reduction":false\}\) than .*\(\{"faults":2\}\)/,
        ],
        [[one!, three!], /\/3-2\.json: one part of 3, but .*\/2-1\.json is one part of 2/],
        [
          [one!, ws.write('bad.json', '{ "format": ')],
          /bad\.json: not JSON \(.*\); expected what rehearse explore --shard I\/N, .* prints/,
        ],
        [
          [one!, ws.write('report.json', '{ "scenario": "x" }')],
          /report\.json: not a shard file \(format null, expected "rehearse-explore-shard", /,
        ],
        [
          [
            one!,
            ws.write(
              'edited.json',
              (await cli(['explore', mirror, '--shard', '2/2'])).stdout.replace(
                '"runs":',
                '"runs":"many","x":',
              ),
            ),
          ],
          /edited\.json: result\.runs: .* \(a shard file of another version of rehearse, or edited\)/,
        ],
        [
          [
            one!,
            ws.write(
              'older.json',
              resealed(
                readFileSync(two!, 'utf8').replace(/"rehearse":"[^"]*"/, '"rehearse":"0.0.1"'),
              ),
            ),
          ],
          /older\.json: explored by Rehearse 0\.0\.1, .*2-1\.json by \d+\.\d+\.\d+.*: explore every part with one version/,
        ],
        [[one!, ws.dir + '/none.json'], /none\.json: cannot read: /],
        [
          // A figure edited: before, merged into a result whose outcomes added up to more runs
          // than it counted.
          [
            one!,
            ws.write(
              'figures.json',
              readFileSync(two!, 'utf8').replace(
                /"runs":(\d+)/,
                (_, runs: string) => `"runs":${Number(runs) + 5}`,
              ),
            ),
          ],
          /figures\.json: its contents do not match its digest \(a shard file edited, damaged, or of another version of rehearse\): run rehearse explore --shard I\/N for that part again/,
        ],
      ];
      for (const [files, message] of cases) {
        const { status, stdout, stderr } = await cli(['merge', ...files]);
        expect(status, stderr).toBe(2);
        expect(stdout).toBe('');
        expect(stderr).toMatch(message);
        expect(stderr).toMatch(
          /rehearse merge: \d+ problems? with the shards; nothing was merged\n$/,
        );
      }
    },
    GUARD_MS,
  );

  it.each([
    [['--shard', '0/3'], /--shard must be I\/N, the I-th of N parts/],
    [['--shard', '4/3'], /--shard must be I\/N/],
    [['--shard', 'two'], /got "two"/],
    [['--shard', '1/2', '--save', 'out'], /--save does not go with --shard/],
    [['--shard', '1/2', '--decisions'], /--decisions does not go with --shard/],
    [['--random', '5', '--no-reduction'], /--no-reduction goes with systematic exploration/],
    [['--decisions', '--no-reduction'], /--no-reduction does not go with --decisions/],
  ])('should refuse explore %j with a usage error', async (args, message) => {
    const file = ws.write('mirror.yaml', MIRROR);
    const { status, stderr } = await cli(['explore', file, ...args]);
    expect(status).toBe(2);
    expect(stderr).toMatch(message);
  });

  it('should explore one file per shard', async () => {
    const a = ws.write('a.yaml', MIRROR);
    const b = ws.write('b.yaml', SERVER);
    const { status, stderr } = await cli(['explore', a, b, '--shard', '1/2']);
    expect(status).toBe(2);
    expect(stderr).toContain('--shard explores one file, got 2');
  });

  it('should say of an empty folder given to merge that it holds no shard file', async () => {
    // Before: "a folder with no scenario file (.yaml, .yml, .json) in it".
    const empty = ws.write('empty/.keep', '').replace(/\/\.keep$/, '');
    const { status, stderr } = await cli(['merge', empty]);
    expect(status).toBe(2);
    expect(stderr).toContain('cannot read: a folder with no shard file (.json) in it');
    expect(stderr).not.toContain('scenario file');
  });
});

describe('a shard file of another format version', () => {
  it.each([
    ['sweep', ['sweep', '--set', 'durations.reboot=5m,6m'], 'sweep', 'rehearse sweep --shard I/N'],
    [
      'run --samples',
      ['run', '--samples', '4'],
      'sampling',
      'rehearse run --samples N --shard I/N',
    ],
    ['explore', ['explore'], 'exploration', 'rehearse explore --shard I/N'],
  ])(
    'should be named by merge with the version it was written in and the one read (%s)',
    async (_label, [command, ...options], whole, again) => {
      const file = ws.write('mirror.yaml', MIRROR);
      const parts: string[] = [];
      for (const part of ['1/2', '2/2']) {
        const { stdout } = await cli([command!, file, ...options, '--shard', part]);
        parts.push(stdout);
      }
      const one = ws.write('t1.json', parts[0]!);
      const two = ws.write('t2.json', parts[1]!.replace(/"version":\d+/, '"version":7'));
      const { status, stderr } = await cli(['merge', one, two]);
      expect(status).toBe(2);
      expect(stderr.split('\n')[0]).toBe(
        `${two}: written in version 7 of the ${whole} shard format, while this rehearse reads version ${(JSON.parse(parts[0]!) as { version: number }).version}: a part of another version of rehearse, or edited; run ${again} for that part again`,
      );
    },
    GUARD_MS,
  );
});

describe('subShard', () => {
  it("should split a shard into parts that together take exactly the shard's candidates", () => {
    for (const outer of [undefined, { index: 0, count: 1 }, { index: 2, count: 5 }]) {
      for (const workers of [1, 2, 3]) {
        const owners = Array.from(
          { length: 200 },
          (_, ordinal) =>
            Array.from({ length: workers }, (_, w) => subShard(outer, w, workers)).filter(
              (part) => ordinal % part.count === part.index,
            ).length,
        );
        for (const [ordinal, owned] of owners.entries()) {
          const inOuter = outer === undefined || ordinal % outer.count === outer.index;
          expect(owned, `${ordinal} of ${JSON.stringify(outer)} on ${workers}`).toBe(
            inOuter ? 1 : 0,
          );
        }
      }
    }
  });
});
