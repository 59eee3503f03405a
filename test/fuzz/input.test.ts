import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { terminalSafe } from '../../src/cli/terminal';
import { parseScenario, ScenarioError } from '../../src/sim';
import { cli, hasStackTrace, workspace, type Workspace } from '../cli/helpers';
import type { HostileJob, HostileResult, ParseOutcome } from './hostileChild';
import { PROTOTYPE_NAMES } from './names';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Hang guards, not speed targets (each parse and each CLI run must finish within them). On a
 * 2-core machine every small hostile input takes under 0.5 s; the slowest, a 5 MB list of
 * 420,000 VPS names, takes 4.5–5 s to parse and 6–9 s through the CLI, hence its own guard.
 * `REHEARSE_FUZZ_TIMINGS=1` prints what each case took.
 */
const HANG_GUARD_MS = 5_000;
const HUGE_GUARD_MS = 20_000;
/** Heap the child may use: past it, V8 stops the process (a failed case, not a hung suite). */
const HEAP_MB = 1_024;
/** Heap still held once the scenario is parsed (the parser's garbage collected). */
const RETAINED_HEAP_MB = 256;

let ws: Workspace;
let childFile: string;
/** Per case: time and memory, printed with REHEARSE_FUZZ_TIMINGS=1. */
const measured: string[] = [];

beforeAll(async () => {
  ws = workspace();
  childFile = join(ws.dir, 'hostile-child.mjs');
  await build({
    absWorkingDir: ROOT,
    entryPoints: [fileURLToPath(new URL('./hostileChild.ts', import.meta.url))],
    outfile: childFile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'silent',
    banner: {
      js: "import { createRequire as __fuzzCreateRequire } from 'node:module'; const require = __fuzzCreateRequire(import.meta.url);",
    },
  });
}, 60_000);

afterAll(() => {
  if (process.env.REHEARSE_FUZZ_TIMINGS === '1') console.log(measured.join('\n'));
  ws?.cleanup();
});

/** The built-in scenarios at the top of scenarios/, as text. */
const BUILT_IN = readdirSync(join(ROOT, 'scenarios'))
  .filter((name) => name.endsWith('.yaml'))
  .sort()
  .map((name) => ({
    file: `scenarios/${name}`,
    text: readFileSync(join(ROOT, 'scenarios', name), 'utf8'),
  }));

const CLUSTER = readFileSync(join(ROOT, 'scenarios/serverware-cluster-3.2.yaml'), 'utf8');
const HEAD = 'name: hostile\nsystem: serverware\ntopology: cluster\nversion: { from: 4.5.0 }\n';

type Failure = { readonly failure: string };

/** Runs one file in a child process of its own, killed after `timeoutMs`, at most `HEAP_MB` of heap. */
function isolated(file: string, run: boolean, timeoutMs: number): Promise<HostileResult | Failure> {
  return new Promise((resolve) => {
    const job: HostileJob = { file, run };
    const child = spawn(
      process.execPath,
      ['--expose-gc', `--max-old-space-size=${HEAP_MB}`, childFile, JSON.stringify(job)],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      const last = stdout.trimEnd().split('\n').pop() ?? '';
      if (killed) resolve({ failure: `still running after ${timeoutMs} ms: killed (a hang)` });
      else if (code === 0 && last.startsWith('{')) resolve(JSON.parse(last) as HostileResult);
      else {
        resolve({
          failure: `the process died (status ${String(code)}, signal ${String(signal)}): ${
            stderr.split('\n').find((line) => /FATAL|Error/.test(line)) ?? stderr.slice(0, 300)
          }`,
        });
      }
    });
  });
}

/** Whether bytes are UTF-8 text with no NUL in it: what the CLI reads. */
function isUtf8Text(bytes: Uint8Array): boolean {
  try {
    return !new TextDecoder('utf-8', { fatal: true }).decode(bytes).includes('\0');
  } catch {
    return false;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The one line the CLI must print for an invalid input. */
function expectOneLine(stderr: string, file: string, parse: ParseOutcome): void {
  expect(hasStackTrace(stderr), stderr).toBe(false);
  expect(
    stderr.split('\n').some((line) => /^\s+at /.test(line)),
    stderr,
  ).toBe(false);
  expect(stderr.endsWith('\n') && !stderr.slice(0, -1).includes('\n'), `one line: ${stderr}`).toBe(
    true,
  );
  expect(stderr.startsWith(`${file}:`), stderr).toBe(true);
  // Bytes that are not UTF-8 text (a NUL among them) are refused as the file is read, before
  // any parsing: the parser, given them decoded with replacement characters, says otherwise.
  if (!isUtf8Text(readFileSync(file))) {
    expect(stderr, 'refused as not text').toMatch(
      new RegExp(`^${escapeRegExp(file)}: cannot read: it is not (UTF-8 )?text\\b`),
    );
    return;
  }
  if (parse.kind === 'error') {
    // …as every line the CLI prints, through its terminal filter.
    expect(stderr, 'the CLI prints the message parseScenario gives for the same file').toBe(
      terminalSafe(`${parse.message}\n`, false),
    );
    if (parse.line !== undefined) {
      expect(stderr.startsWith(`${file}:${parse.line}:${parse.column ?? ''}`), stderr).toBe(true);
    }
  }
}

/** What the parser and the CLI did with one file must be one of the two allowed answers. */
function expectHandled(
  file: string,
  text: string,
  parse: ParseOutcome,
  cliResult: { status: number; stderr: string } | undefined,
): void {
  expect(parse.kind, parse.kind === 'crash' ? parse.text : '').not.toBe('crash');
  if (parse.kind === 'error') {
    expect(parse.message).not.toMatch(/[\r\n]/);
    expect(parse.message.startsWith(`${file}`)).toBe(true);
    if (parse.line !== undefined) {
      expect(parse.line).toBeGreaterThanOrEqual(1);
      expect(parse.line).toBeLessThanOrEqual(text.split(/\r\n|\r|\n/).length + 1);
      expect(parse.column ?? 1).toBeGreaterThanOrEqual(1);
    }
  }
  if (cliResult === undefined) return;
  // Not UTF-8 text: the CLI refuses it as it reads it, whatever the parser makes of its text.
  if (parse.kind === 'scenario' && isUtf8Text(readFileSync(file))) {
    expect([0, 1], cliResult.stderr).toContain(cliResult.status);
    expect(cliResult.stderr).toBe('');
  } else {
    expect(cliResult.status, cliResult.stderr).toBe(2);
    expectOneLine(cliResult.stderr, file, parse);
  }
}

interface HostileCase {
  readonly name: string;
  readonly content: () => string | Buffer;
  /** `valid`: must run; `invalid`: must be refused (matching `match`); `either`. */
  readonly answer: 'valid' | 'invalid' | 'either';
  readonly match?: RegExp;
  /** Parse only: a huge accepted scenario is not simulated here. */
  readonly parseOnly?: boolean;
  readonly guardMs?: number;
}

const nested = (open: string, inner: string, close: string, depth: number): string =>
  open.repeat(depth) + inner + close.repeat(depth);

/** A deterministic byte soup. */
function garbage(length: number, seed: number): Buffer {
  let state = seed;
  return Buffer.from(
    Array.from({ length }, () => {
      state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
      return state % 256;
    }),
  );
}

const laughs = [
  'name: lol',
  'system: standalone',
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ...'bcdefghi'.split('').map((name, index) => {
    const previous = 'abcdefgh'[index] as string;
    return `${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]`;
  }),
  '',
].join('\n');

const HOSTILE: readonly HostileCase[] = [
  { name: 'an empty file', content: () => '', answer: 'invalid', match: /the file is empty/ },
  {
    name: 'whitespace and comments only',
    content: () => '  \n\t\n# nothing\n',
    answer: 'invalid',
    match: /empty/,
  },
  { name: 'a bare ~', content: () => '~\n', answer: 'invalid' },
  { name: 'a UTF-8 BOM', content: () => `\uFEFF${CLUSTER}`, answer: 'valid' },
  { name: 'CRLF line endings', content: () => CLUSTER.replace(/\n/g, '\r\n'), answer: 'valid' },
  {
    name: 'a BOM and CRLF line endings',
    content: () => `\uFEFF${CLUSTER.replace(/\n/g, '\r\n')}`,
    answer: 'valid',
  },
  { name: 'CR-only line endings', content: () => CLUSTER.replace(/\n/g, '\r'), answer: 'either' },
  {
    name: 'a NUL byte in a value',
    content: () => `${HEAD}description: a\u0000b\n`,
    answer: 'either',
  },
  {
    name: 'NUL bytes between the keys',
    content: () => HEAD.replace(/\n/g, '\n\u0000'),
    answer: 'invalid',
  },
  { name: '4 KB of binary garbage', content: () => garbage(4096, 7), answer: 'invalid' },
  {
    name: 'a PNG header',
    content: () => Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), garbage(512, 3)]),
    answer: 'invalid',
  },
  {
    name: 'invalid UTF-8 in a name',
    content: () =>
      Buffer.concat([
        Buffer.from('name: '),
        Buffer.from([0xc3, 0x28, 0xff, 0xfe]),
        Buffer.from(`\n${HEAD.slice(HEAD.indexOf('\n') + 1)}`),
      ]),
    answer: 'either',
  },
  {
    name: 'UTF-16LE text',
    content: () => Buffer.from(`\uFEFF${CLUSTER}`, 'utf16le'),
    answer: 'invalid',
  },
  {
    name: 'a flow list nested 10,000 deep',
    content: () => `${HEAD}hosts: ${nested('[', '', ']', 10_000)}\n`,
    answer: 'invalid',
  },
  {
    name: 'a flow mapping nested 10,000 deep',
    content: () => `${HEAD}hosts: ${nested('{a: ', '1', '}', 10_000)}\n`,
    answer: 'invalid',
  },
  {
    name: 'a block list nested 10,000 deep',
    content: () => `${'- '.repeat(10_000)}x\n`,
    answer: 'invalid',
  },
  {
    name: 'a block list nested 1,000 deep (2 KB)',
    content: () => `${'- '.repeat(1_000)}x\n`,
    answer: 'invalid',
  },
  {
    name: 'a list nested 100 deep',
    content: () => `${HEAD}hosts: ${nested('[', '', ']', 100)}\n`,
    answer: 'invalid',
    match: /deeper than 64/,
  },
  {
    name: 'a block mapping nested 3,000 deep (4.5 MB of indentation)',
    content: () =>
      `${HEAD}x-deep:\n${Array.from({ length: 3_000 }, (_, i) => `${' '.repeat(i + 1)}k:`).join('\n')} 1\n`,
    answer: 'invalid',
    guardMs: HUGE_GUARD_MS,
  },
  {
    name: 'a list nested 60 deep under an x- key',
    content: () => `${HEAD}x-deep: ${nested('[', '1', ']', 60)}\n`,
    answer: 'valid',
  },
  { name: 'a billion laughs alias bomb', content: () => laughs, answer: 'invalid', match: /alias/ },
  {
    name: 'an alias bomb through merge keys',
    content: () =>
      `${HEAD}x-a: &a { k: 1 }\n${'bcdefghij'
        .split('')
        .map(
          (n, i) => `x-${n}: &${n} [${Array(10).fill(`{ <<: *${'abcdefghij'[i]} }`).join(', ')}]`,
        )
        .join('\n')}\n`,
    answer: 'invalid',
    match: /alias/,
  },
  {
    name: 'an alias inside its own anchor',
    content: () => `${HEAD}x-a: &a [1, *a]\n`,
    answer: 'invalid',
  },
  {
    name: 'an unknown alias',
    content: () => `${HEAD}vps: *nowhere\n`,
    answer: 'invalid',
    match: /alias/,
  },
  {
    name: 'a 5 MB description',
    content: () => `${HEAD}description: ${'x'.repeat(5 * 1_048_576)}\n`,
    answer: 'valid',
    guardMs: HUGE_GUARD_MS,
  },
  {
    name: '5 MB of comments',
    content: () => HEAD + `# ${'c'.repeat(1_000)}\n`.repeat(5_200),
    answer: 'valid',
    guardMs: HUGE_GUARD_MS,
  },
  {
    name: 'a 5 MB list of 420,000 VPS names',
    content: () =>
      `${HEAD}vps:\n${Array.from({ length: 420_000 }, (_, i) => `  - v${i}`).join('\n')}\n`,
    answer: 'valid',
    guardMs: HUGE_GUARD_MS,
  },
  {
    name: 'a 5 MB mapping of 300,000 x- keys',
    content: () =>
      HEAD + Array.from({ length: 300_000 }, (_, i) => `x-k${i}: ${i}`).join('\n') + '\n',
    answer: 'either',
    guardMs: HUGE_GUARD_MS,
  },
  {
    name: 'a 1 MB name',
    content: () => `${HEAD}description: x\nx-name: ${'n'.repeat(1_048_576)}\n`,
    answer: 'valid',
  },
  { name: 'a 1 MB key', content: () => `${HEAD}${'k'.repeat(1_048_576)}: 1\n`, answer: 'invalid' },
  {
    name: 'a seed of 100,000 digits',
    content: () => `${HEAD}seed: ${'9'.repeat(100_000)}\n`,
    answer: 'invalid',
    match: /seed/,
  },
  {
    name: 'a seed of 1e400',
    content: () => `${HEAD}seed: 1e400\n`,
    answer: 'invalid',
    match: /seed/,
  },
  { name: 'vps: .inf', content: () => `${HEAD}vps: .inf\n`, answer: 'invalid', match: /vps/ },
  {
    name: 'processing: 1000 and vps: 1000000 (past the 1,000-host limit)',
    content: () => `${HEAD}hosts: { processing: 1000 }\nvps: 1000000\n`,
    answer: 'invalid',
    match: /too many hosts/,
  },
  {
    name: 'processing: 997 and vps: 1000000 (at both limits)',
    content: () => `${HEAD}hosts: { processing: 997 }\nvps: 1000000\n`,
    answer: 'valid',
    parseOnly: true,
  },
  {
    name: 'vps: 1000001',
    content: () => `${HEAD}vps: 1000001\n`,
    answer: 'invalid',
    match: /too many VPSs/,
  },
  {
    name: 'a list of 10,001 processing host names',
    content: () =>
      `${HEAD}hosts:\n  processing: [${Array.from({ length: 10_001 }, (_, i) => `p${i}`).join(', ')}]\n`,
    answer: 'invalid',
    match: /too many hosts/,
  },
  {
    name: 'a negative duration',
    content: () => `${HEAD}durations: { install: -5m }\n`,
    answer: 'invalid',
    match: /negative/,
  },
  {
    name: 'a negative fault time',
    content: () => `${HEAD}faults: [{ fault: host-crash, target: backup, when: { at: -1h } }]\n`,
    answer: 'invalid',
    match: /negative/,
  },
  {
    name: 'a !!js/function tag',
    content: () => `${HEAD}description: !!js/function "function () { globalThis.pwned = 1 }"\n`,
    answer: 'either',
  },
  {
    name: 'a !!binary value',
    content: () => `${HEAD}description: !!binary aGVsbG8=\n`,
    answer: 'either',
  },
  {
    name: 'a custom tag and a %TAG directive',
    content: () => `%TAG !e! tag:example.com,2000:\n---\n${HEAD}vps: !e!count 4\n`,
    answer: 'either',
  },
  {
    name: 'several documents',
    content: () => `${HEAD}---\n${HEAD}`,
    answer: 'invalid',
    match: /several YAML documents/,
  },
  {
    name: 'a duplicate key',
    content: () => `${HEAD}vps: 1\nvps: 2\n`,
    answer: 'invalid',
    match: /duplicate key/,
  },
  // Faults by chance that strike at every opportunity: each start of a step is one opportunity
  // with a draw of its own, and a fault strikes one start once at most, so the run ends.
  {
    name: 'a host crash by chance at an HA device’s install, on a seed whose draw struck every new start',
    content: () =>
      'name: hostile\nsystem: ha-pair\nversion: { from: 9.0.1, to: 9.1.0 }\nseed: 3\nfaults:\n  - { fault: host-crash, target: device-b, when: { step: install }, probability: 0.3 }\n',
    answer: 'valid',
  },
  {
    name: 'a host crash at every install, probability 1',
    content: () =>
      `${HEAD}hosts: { processing: 3 }\nfaults:\n  - { fault: host-crash, target: processing, when: { step: install }, probability: 1 }\n`,
    answer: 'valid',
  },
  {
    name: 'a degraded pool before every install, probability 1',
    content: () =>
      `${HEAD}faults:\n  - { fault: pool-degraded, target: secondary, when: { step: install }, probability: 1 }\n`,
    answer: 'valid',
  },
  {
    name: 'an upgrade failure and a boot failure at every step they can strike, probability 1',
    content: () =>
      `${HEAD}hosts: { processing: 2 }\nfaults:\n  - { fault: upgrade-failure, when: { step: install }, probability: 1 }\n  - { fault: boot-failure, when: { step: reboot }, probability: 1 }\n`,
    answer: 'valid',
  },
  {
    name: 'a __proto__ key',
    content: () => `${HEAD}__proto__: { polluted: true }\n`,
    answer: 'invalid',
    match: /unknown key/,
  },
];

describe('hostile input files', () => {
  it.each(HOSTILE.map((c) => [c.name, c] as const))(
    'should refuse or run %s, in bounded time and memory',
    async (name, hostile) => {
      const content = hostile.content();
      const file = join(ws.dir, `${name.replace(/[^a-z0-9]+/gi, '-')}.yaml`);
      writeFileSync(file, content);
      const text = readFileSync(file, 'utf8');
      const guard = hostile.guardMs ?? HANG_GUARD_MS;
      // The child parses (bound: `guard`) and then runs the CLI (bound: twice that): killed
      // past both, not before the bounds asserted below are reached.
      const result = await isolated(file, hostile.parseOnly !== true, guard * 3);
      if ('failure' in result) expect.fail(`${name}: ${result.failure}`);
      const seconds = (ms: number | undefined) =>
        ms === undefined ? '-' : `${(ms / 1000).toFixed(2)} s`;
      measured.push(
        `${name} (${(Buffer.byteLength(content) / 1_048_576).toFixed(2)} MB): parse ${seconds(result.parseMs)}, cli ${seconds(result.cliMs)}, heap +${Math.round(result.parseHeapMb)} MB (retained ${Math.round(result.retainedHeapMb)} MB) → ${result.parse.kind === 'error' ? result.parse.message.slice(0, 100) : result.parse.kind}`,
      );
      expectHandled(file, text, result.parse, result.cli);
      if (hostile.answer === 'valid')
        expect(result.parse.kind, JSON.stringify(result.parse)).toBe('scenario');
      if (hostile.answer === 'invalid') expect(result.parse.kind).toBe('error');
      if (hostile.match && result.parse.kind === 'error')
        expect(result.parse.message).toMatch(hostile.match);
      expect(result.parseMs, 'parse time (hang guard)').toBeLessThan(guard);
      expect(result.cliMs ?? 0, 'CLI time (hang guard)').toBeLessThan(guard * 2);
      expect(result.parseHeapMb, 'heap in use right after parsing').toBeLessThan(HEAP_MB / 2);
      expect(result.retainedHeapMb, 'heap held by the parsed scenario').toBeLessThan(
        RETAINED_HEAP_MB,
      );
    },
    120_000,
  );

  it('should run a scenario with a BOM or CRLF line endings exactly as the plain file', async () => {
    const plain = await cli(['run', ws.write('plain.yaml', CLUSTER), '--json']);
    for (const variant of [`\uFEFF${CLUSTER}`, CLUSTER.replace(/\n/g, '\r\n')]) {
      const result = await cli(['run', ws.write('variant.yaml', variant), '--json']);
      expect(result.stderr).toBe('');
      expect(result.stdout).toBe(plain.stdout);
    }
  });

  it('should not let a __proto__ or constructor key reach any object', () => {
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      for (const text of [
        `${HEAD}${key}: { polluted: true }\n`,
        `${HEAD}hosts: { ${key}: { polluted: true } }\n`,
        `${HEAD}x-${key}: &p { polluted: true }\nx-b: { <<: *p, __proto__: { polluted: true } }\n`,
      ]) {
        try {
          parseScenario(text, 'p.yaml');
        } catch (error) {
          expect(error).toBeInstanceOf(ScenarioError);
        }
      }
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((globalThis as Record<string, unknown>).pwned).toBeUndefined();
  });

  it('should say in one line that a missing file or a folder without scenarios cannot be read', async () => {
    // A folder stands for the scenario files under it; one without any cannot be read.
    const empty = dirname(ws.write('no-scenarios/notes.txt', 'not a scenario'));
    for (const [file, reason] of [
      [join(ws.dir, 'missing.yaml'), 'no such file'],
      [empty, 'a folder with no scenario file (.yaml, .yml, .json) in it'],
    ] as const) {
      const result = await cli(['run', file]);
      expect(result.status).toBe(2);
      expect(result.stderr).toBe(`${file}: cannot read: ${reason}\n`);
    }
  });
});

// --- Mutated built-in scenarios ------------------------------------------------------------

const WRONG_VALUES = [
  '[1, 2]',
  '{ a: 1 }',
  'true',
  '~',
  '-5',
  '0',
  '1.5',
  '"7"',
  "''",
  '!!binary aGk=',
  '*nowhere',
  '&x',
  '|',
  '>-',
  '? x',
  '2026-01-01',
  '0x1F',
  '.nan',
  '- a',
  'a: b',
  ...PROTOTYPE_NAMES,
];
const HUGE = [
  '1e400',
  '99999999999999999999999',
  '9007199254740993',
  '-1',
  '.inf',
  '-.inf',
  '1e15',
  '0o777',
];
const GARBAGE = [
  '\u0000',
  '\u0007',
  '\uFFFD',
  '\uD800',
  '\t',
  '{',
  '[',
  '}',
  ']',
  '&a ',
  '*a',
  '!!str ',
  '%YAML 1.1\n',
  '---\n',
  '...\n',
  '? ',
  '- ',
  '"',
  "'",
  '|',
  '>',
  '#',
  ': ',
  ',',
  '\\',
  '`',
  '@',
  '\u2028',
  '\uFEFF',
];
const UNKNOWN_KEYS = [
  'colour',
  'nmae',
  'vpss',
  ...PROTOTYPE_NAMES,
  'x',
  'Name',
  'version ',
  '"quoted key"',
  '? complex',
];

const mutationArb = fc.record({
  op: fc.integer({ min: 0, max: 15 }),
  a: fc.nat(),
  b: fc.nat(),
});

function lineOf(lines: string[], index: number): number {
  return index % Math.max(1, lines.length);
}

/** Applies one mutation to a scenario text. Pure. */
function mutate(text: string, { op, a, b }: { op: number; a: number; b: number }): string {
  const lines = text.split('\n');
  const at = lineOf(lines, a);
  const line = lines[at] ?? '';
  const pick = <T>(list: readonly T[]): T => list[b % list.length] as T;
  switch (op) {
    case 0:
      lines.splice(at, 1);
      return lines.join('\n');
    case 1:
      lines.splice(at, 0, line);
      return lines.join('\n');
    case 2: {
      const i = a % Math.max(1, text.length - 1);
      return text.slice(0, i) + text.charAt(i + 1) + text.charAt(i) + text.slice(i + 2);
    }
    case 3: {
      const indent = /^\s*/.exec(line)?.[0].length ?? 0;
      const shift = (b % 9) - 4;
      lines[at] = (b % 7 === 0 ? '\t' : ' '.repeat(Math.max(0, indent + shift))) + line.trimStart();
      return lines.join('\n');
    }
    case 4: {
      const colon = line.indexOf(': ');
      if (colon < 0) lines[at] = `${line} ${pick(WRONG_VALUES)}`;
      else lines[at] = `${line.slice(0, colon + 2)}${pick(WRONG_VALUES)}`;
      return lines.join('\n');
    }
    case 5: {
      const indent = /^\s*(- )?/.exec(line)?.[0].replace('-', ' ') ?? '';
      lines.splice(at + 1, 0, `${indent}${pick(UNKNOWN_KEYS)}: 1`);
      return lines.join('\n');
    }
    case 6: {
      const replaced = line.replace(/\d+(\.\d+)*/, pick(HUGE));
      lines[at] = replaced === line ? `${line.replace(/:.*$/, ':')} ${pick(HUGE)}` : replaced;
      return lines.join('\n');
    }
    case 7: {
      const replaced = line.replace(/\b(\d+(ms|s|m|h|d))+\b/, (duration) => `-${duration}`);
      if (replaced !== line) lines[at] = replaced;
      else
        lines.splice(
          at,
          0,
          pick([
            'durations: { install: -20m }',
            'durations: { reboot: "-1s" }',
            'seed: -1',
            'faults: [{ fault: host-crash, target: backup, when: { at: -5m } }]',
          ]),
        );
      return lines.join('\n');
    }
    case 8: {
      const i = a % (text.length + 1);
      return text.slice(0, i) + pick(GARBAGE) + text.slice(i);
    }
    case 9:
      return text.slice(0, a % (text.length + 1));
    case 10:
      return `\uFEFF${text}`;
    case 11:
      return text.replace(/\n/g, '\r\n');
    case 12: {
      const other = lineOf(lines, b);
      [lines[at], lines[other]] = [lines[other] ?? '', line];
      return lines.join('\n');
    }
    case 13:
      lines[at] =
        `${line.replace(/:\s.*$/, ':')} ${pick(['&a { k: 1 }', '*a', '{ <<: *a }', '[*a, *a]', '&a [*a]'])}`;
      return lines.join('\n');
    case 14: {
      const depth = 1 + (b % 200);
      lines[at] = `${line.replace(/:\s.*$/, ':')} ${'['.repeat(depth)}1${']'.repeat(depth)}`;
      return lines.join('\n');
    }
    default: {
      const i = a % (text.length + 1);
      const bytes = garbage(1 + (b % 64), a);
      return text.slice(0, i) + bytes.toString('latin1') + text.slice(i);
    }
  }
}

const mutatedArb = fc
  .record({
    source: fc.integer({ min: 0, max: BUILT_IN.length - 1 }),
    mutations: fc.array(mutationArb, { minLength: 1, maxLength: 3 }),
  })
  .map(({ source, mutations }) => {
    const base = BUILT_IN[source] ?? BUILT_IN[0];
    if (base === undefined) throw new Error('no built-in scenarios');
    return { from: base.file, text: mutations.reduce(mutate, base.text) };
  });

function parseOutcome(text: string, file: string): ParseOutcome {
  try {
    const scenario = parseScenario(text, file);
    return { kind: 'scenario', hosts: scenario.hosts.length, workloads: scenario.workloads.length };
  } catch (error) {
    if (error instanceof ScenarioError) {
      return {
        kind: 'error',
        message: error.message,
        ...(error.line === undefined ? {} : { line: error.line }),
        ...(error.column === undefined ? {} : { column: error.column }),
      };
    }
    return {
      kind: 'crash',
      text: error instanceof Error ? (error.stack ?? error.message) : String(error),
    };
  }
}

/**
 * Cases per property; at a few milliseconds each the two stay under ~10 s together.
 * `REHEARSE_FUZZ_RUNS=N` multiplies both by N for a longer hunt.
 */
const SCALE = Number(process.env.REHEARSE_FUZZ_RUNS ?? 1);
const PARSE_RUNS = 1_500 * SCALE;
const CLI_RUNS = 200 * SCALE;

describe('mutated built-in scenarios', () => {
  it(`should parse or refuse with one located message (${PARSE_RUNS} cases)`, () => {
    let worst = 0;
    fc.assert(
      fc.property(mutatedArb, ({ from, text }) => {
        const file = `mutated/${relative('scenarios', from)}`;
        const started = performance.now();
        const parse = parseOutcome(text, file);
        const elapsed = performance.now() - started;
        worst = Math.max(worst, elapsed);
        expectHandled(file, text, parse, undefined);
        expect(elapsed).toBeLessThan(HANG_GUARD_MS);
      }),
      { seed: 20_251_121 + SCALE, numRuns: PARSE_RUNS },
    );
    measured.push(
      `mutations, parseScenario: worst ${worst.toFixed(0)} ms over ${PARSE_RUNS} cases`,
    );
  }, 120_000);

  it(`should make the CLI run them or exit 2 with one line on stderr (${CLI_RUNS} cases)`, async () => {
    let worst = 0;
    let valid = 0;
    await fc.assert(
      fc.asyncProperty(mutatedArb, async ({ from, text }) => {
        const file = ws.write(`mutated-${relative('scenarios', from)}`, text);
        const parse = parseOutcome(readFileSync(file, 'utf8'), file);
        const started = performance.now();
        const result = await cli(['run', file]);
        const elapsed = performance.now() - started;
        worst = Math.max(worst, elapsed);
        if (parse.kind === 'scenario') valid++;
        expectHandled(file, text, parse, result);
        expect(elapsed).toBeLessThan(HANG_GUARD_MS);
      }),
      { seed: 20_251_122 + SCALE, numRuns: CLI_RUNS },
    );
    measured.push(
      `mutations, CLI: worst ${worst.toFixed(0)} ms over ${CLI_RUNS} cases (${valid} still valid)`,
    );
    // Mutations that keep a scenario valid exist (a duplicated comment line, a reindented value).
    expect(valid).toBeGreaterThan(0);
  }, 120_000);
});
