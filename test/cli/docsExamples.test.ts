import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, workspace, type Workspace } from './helpers';

/**
 * The outputs docs/commands.md shows for `run --samples` and `sweep`, run again: each block that
 * starts `$ npx rehearse …` must print exactly what the block shows. Before, the second sweep's
 * figures were those of an earlier model (197 completed and 3 aborted where every run now
 * completes) and nothing said so.
 */

const readme = readFileSync('README.md', 'utf8');
const commands = readFileSync('docs/commands.md', 'utf8');

/** The first ```yaml block of the README after `after`, its indentation removed. */
function yamlAfter(after: string): string {
  const from = readme.indexOf(after);
  expect(from, after).toBeGreaterThanOrEqual(0);
  const block = /\n( *)```yaml\n([^]*?)\n *```/.exec(readme.slice(from));
  if (!block) throw new Error(`no yaml block after ${after}`);
  const indent = block[1] ?? '';
  return `${(block[2] ?? '')
    .split('\n')
    .map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line))
    .join('\n')}\n`;
}

/** Each block of docs/commands.md that starts with `$ npx rehearse`: the command and its output. */
function examples(): { args: string[]; output: string }[] {
  const found: { args: string[]; output: string }[] = [];
  const pattern = /\n( *)```\n *\$ npx rehearse ([^\n]*)\n([^]*?)\n *```/g;
  for (let match = pattern.exec(commands); match; match = pattern.exec(commands)) {
    const indent = match[1] ?? '';
    const output = (match[3] ?? '')
      .split('\n')
      .map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line))
      .join('\n');
    found.push({ args: (match[2] ?? '').split(' '), output: `${output}\n` });
  }
  return found;
}

let ws: Workspace;

beforeAll(() => {
  ws = workspace();
});

afterAll(() => ws.cleanup());

describe('the examples of docs/commands.md', () => {
  const all = examples();

  it('should be the three this test knows how to set up', () => {
    expect(all.map(({ args }) => args.slice(0, 2).join(' '))).toEqual([
      'run scenarios/golden/serverware-cluster-varying-durations.yaml',
      'sweep my-cluster.yaml',
      'sweep my-cluster.yaml',
    ]);
  });

  it.each(all.map((example, index) => [index, example] as const))(
    'example %i should print what it shows',
    { timeout: 120_000 },
    async (index, { args, output }) => {
      // The sweeps' file: the README tour's step 1, and for the second (as the docs say under it)
      // with the durations and the fault by chance of step 4 added.
      const step1 = yamlAfter('Save this as');
      const file =
        index === 2 ? `${step1}${yamlAfter('**Promise a percentile, not a guess.**')}` : step1;
      const path = ws.write(`example-${index}/my-cluster.yaml`, file);
      const argv = args.map((arg) => (arg === 'my-cluster.yaml' ? path : arg));
      const { stdout, stderr } = await cli(argv);
      expect(stderr).toBe('');
      expect(stdout).toBe(output);
    },
  );
});
