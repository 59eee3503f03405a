import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { MACHINES } from '../../machines';
import { writeMachine } from '../../src/sim/machineFormats';
import { cli, workspace, type Workspace } from './helpers';

describe('rehearse machines', () => {
  let ws: Workspace | undefined;
  afterEach(() => ws?.cleanup());

  test('prints every machine as createMachine configurations, the procedure first', async () => {
    const out = await cli(['machines']);
    expect(out.status).toBe(0);
    const configs = JSON.parse(out.stdout) as { id: string }[];
    expect(configs.map((config) => config.id)).toEqual(MACHINES.map((machine) => machine.id));
  });

  test('prints one machine in the format asked for', async () => {
    const out = await cli(['machines', '--machine', 'haDevice', '--format', 'mermaid']);
    expect(out.status).toBe(0);
    expect(out.stdout).toBe(
      writeMachine(
        MACHINES.find((m) => m.id === 'haDevice')!,
        'mermaid',
      ),
    );
  });

  test('writes each machine to its own file with --out, creating the folder', async () => {
    ws = workspace();
    const dir = join(ws.dir, 'exported');
    const out = await cli(['machines', '--format', 'scxml', '--out', dir]);
    expect(out.status).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(MACHINES.map((m) => `${m.id}.scxml`).sort());
    for (const machine of MACHINES)
      expect(readFileSync(join(dir, `${machine.id}.scxml`), 'utf8')).toBe(
        writeMachine(machine, 'scxml'),
      );
  });

  test.each([
    [['--format', 'svg'], '--format svg is not a format (one of: json, mermaid, dot, scxml)'],
    [['--format', 'mermid'], '--format mermid is not a format (did you mean mermaid?)'],
    [['--machine', 'storage'], '--machine storage is not a machine (did you mean storageHost?)'],
    [['--format', 'scxml'], 'an SCXML document holds one machine'],
    [['scenarios/ha-pair.yaml'], 'takes no FILE'],
  ])('refuses %j with exit 2 and says why', async (args, message) => {
    const out = await cli(['machines', ...args]);
    expect(out.status).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toContain(message);
  });

  test('refuses an --out that is a file before writing anything', async () => {
    ws = workspace();
    const file = ws.write('taken', 'x');
    const out = await cli(['machines', '--out', file]);
    expect(out.status).toBe(2);
    expect(out.stderr).toMatch(/^rehearse machines: --out .*taken: /);
    expect(readFileSync(file, 'utf8')).toBe('x');
  });
});
