/**
 * Scenario text that tries to act on the terminal: carriage returns and erase-line sequences
 * that paint a failing run as passed, OSC sequences that retitle the window, C1 controls, bidi
 * overrides, and line breaks in names and file names.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportSchema } from '../../src/sim/reportSchema';
import { terminalSafe } from '../../src/cli/terminal';
import { cli, workspace, type Workspace } from './helpers';

const ESC = '\u001b';
const BEL = '\u0007';
/** A name that, printed raw, erases the real header line and writes a passing one instead. */
const FAKE_PASS = `Primary first\r${ESC}[2K${ESC}[32m✓${ESC}[39m Everything fine (serverware/mirror): completed`;
const RETITLE = `${ESC}]0;pwned${BEL}`;
const HOSTILE_NAMES = [
  FAKE_PASS,
  `${RETITLE}pair`,
  'C1 \u009b2K csi',
  'right-to-left \u202egnissap\u202c',
  'isolate \u2066x\u2069',
  'del \u007f and nul \u0000 and tab \t end',
  'two\nlines',
  'line\u2028separator',
];

/**
 * Characters that act on a terminal; none may reach it raw (the line feed is the CLI's own, and
 * a carriage return just before it moves the cursor nowhere the line feed does not).
 */
const ACTING =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]|\r(?!\n)/;
const PAINT = new RegExp(`${ESC}\\[(1|2|22|31|32|33|39)m`, 'g');

/** Output with the CLI's own colour codes taken out: what is left must not act on a terminal. */
function expectInert(text: string, what: string): void {
  const match = ACTING.exec(text.replace(PAINT, ''));
  expect(
    match,
    `${what}: ${JSON.stringify(match?.[0])} in ${JSON.stringify(text.slice(0, 400))}`,
  ).toBeNull();
}

const yaml = (name: string, body: string): string => `name: ${JSON.stringify(name)}\n${body}`;
const PRIMARY_FIRST = `system: serverware
topology: mirror
version: { from: 4.5.0 }
plan:
  - upgrade: storage-1
`;

let ws: Workspace;
beforeAll(() => {
  ws = workspace();
});
afterAll(() => ws?.cleanup());

describe('text that reaches the terminal', () => {
  it('should not let a name paint a failing run as passed', async () => {
    const file = ws.write('fake.yaml', yaml(FAKE_PASS, PRIMARY_FIRST));
    for (const isTTY of [true, false]) {
      const result = await cli(['run', file], { isTTY });
      expect(result.status).toBe(1);
      expectInert(result.stdout, `run (tty ${isTTY})`);
      const first = result.stdout.split('\n')[0] ?? '';
      expect(first.replace(PAINT, '').startsWith('✗ Primary first\\r\\u001b[2K')).toBe(true);
      expect(result.stdout).toContain('no-maintenance-on-active');
    }
  });

  it.each(HOSTILE_NAMES.map((name) => [JSON.stringify(name), name]))(
    'should print the name %s inert through run, plan, explore and list',
    async (_shown, name) => {
      const body = 'system: ha-pair\nversion: { from: 9.0.1, to: 9.1.0 }\n';
      const dir = `names-${HOSTILE_NAMES.indexOf(name)}`;
      const file = ws.write(`${dir}/scenarios/x.yaml`, yaml(name, body));
      for (const isTTY of [true, false]) {
        const runs = [
          await cli(['run', file], { isTTY }),
          await cli(['run', file, '--trace', '--quiet'], { isTTY }),
          await cli(['plan', file], { isTTY }),
          await cli(['plan', file, '--markdown'], { isTTY }),
          await cli(['explore', file, '--workers', '1'], { isTTY }),
          await cli(['list'], { isTTY, scenarioDirs: [`${ws.dir}/${dir}/scenarios`] }),
        ];
        for (const [index, result] of runs.entries()) {
          expect(result.stderr, `command ${index}`).toBe('');
          expectInert(result.stdout, `command ${index}`);
        }
        // The name never takes a line of its own: the header and the Markdown stay whole.
        const plan = runs[2]?.stdout.split('\n') ?? [];
        expect(plan[1]).toBe('');
        const markdown = runs[3]?.stdout.split('\n') ?? [];
        expect(markdown.filter((line) => line.startsWith('# '))).toHaveLength(1);
        expect(markdown[2]?.startsWith('Scenario: *')).toBe(true);
        expect(markdown[2]?.includes('*. Every duration below')).toBe(true);
        expect(markdown[3]).toBe('');
      }
      // JSON stays JSON, and means the name as written.
      for (const argv of [
        ['run', file, '--json'],
        ['plan', file, '--json'],
        ['explore', file, '--json', '--workers', '1'],
        ['list', '--json'],
      ]) {
        const result = await cli(argv, {
          isTTY: true,
          scenarioDirs: [`${ws.dir}/${dir}/scenarios`],
        });
        expectInert(result.stdout, argv.join(' '));
        const value = JSON.parse(result.stdout) as
          { scenario?: string; name?: string }[] | { scenario: string };
        const shown = Array.isArray(value) ? value[0]?.name : value.scenario;
        expect(shown).toBe(name);
        if (argv[0] === 'run') expect(reportSchema.safeParse(value).error).toBeUndefined();
      }
    },
    60_000,
  );

  it('should print a hostile file name inert and on one line in error messages', async () => {
    for (const name of [`${RETITLE}x.yaml`, 'a\nb.yaml', `${FAKE_PASS}.yaml`, 'bidi\u202e.yaml']) {
      const missing = await cli(['run', `${ws.dir}/${name}`]);
      expect(missing.status).toBe(2);
      expectInert(missing.stderr, 'missing file');
      expect(missing.stderr.trimEnd().includes('\n')).toBe(false);
      const file = ws.write(name, 'name: x\nsystem: nope\n');
      for (const command of ['run', 'plan', 'explore']) {
        const invalid = await cli([command, file]);
        expect(invalid.status).toBe(2);
        expectInert(invalid.stderr, command);
        expect(invalid.stderr.trimEnd().includes('\n'), invalid.stderr).toBe(false);
      }
      const usage = await cli(['list', name]);
      expect(usage.status).toBe(2);
      expectInert(usage.stderr, 'usage');
      expect(usage.stderr.trimEnd().includes('\n')).toBe(false);
    }
  });
});

describe('terminalSafe', () => {
  it('should keep the colour codes the CLI writes only when asked to, and JSON valid', () => {
    const green = `${ESC}[32m✓${ESC}[39m`;
    expect(terminalSafe(green, true)).toBe(green);
    expect(terminalSafe(green, false)).toBe('\\u001b[32m✓\\u001b[39m');
    expect(terminalSafe(`${ESC}[2K${green}`, true)).toBe(`\\u001b[2K${green}`);
    const value = { text: FAKE_PASS + RETITLE + '\u009b\u202e\u2028' };
    expect(JSON.parse(terminalSafe(JSON.stringify(value), false))).toEqual(value);
    expect(terminalSafe('a\nb', false)).toBe('a\nb');
  });

  it('should keep a CRLF line end (CSV ends its records so) but escape a carriage return alone', () => {
    expect(terminalSafe('a,b\r\nc,d\r\n', false)).toBe('a,b\r\nc,d\r\n');
    expect(terminalSafe('fake\r✓ pass\r\r\n', false)).toBe('fake\\r✓ pass\\r\r\n');
  });
});
