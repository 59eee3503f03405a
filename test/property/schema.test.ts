import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseScenario, simulate, type Report } from '../../src/sim';
import { reportSchema } from '../../src/sim/reportSchema';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCHEMA_FILE = join(ROOT, 'schema/report.schema.json');
const REGENERATE = 'UPDATE_SCHEMA=1 npx vitest run test/property/schema.test.ts';

/** The published JSON Schema, exactly as the file holds it. */
function generated(): string {
  return `${JSON.stringify(z.toJSONSchema(reportSchema), null, 2)}\n`;
}

/** Every built-in scenario file under scenarios/, golden summaries left out, sorted. */
function scenarioFiles(dir = join(ROOT, 'scenarios')): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return scenarioFiles(path);
      return /\.ya?ml$/.test(entry.name) && !entry.name.endsWith('.summary.json') ? [path] : [];
    })
    .sort();
}

function problems(value: unknown): string {
  const result = reportSchema.safeParse(value);
  return result.success
    ? ''
    : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
}

describe('schema/report.schema.json', () => {
  it('should be the JSON Schema generated from src/sim/reportSchema.ts', () => {
    const text = generated();
    if (process.env.UPDATE_SCHEMA === '1') {
      mkdirSync(dirname(SCHEMA_FILE), { recursive: true });
      writeFileSync(SCHEMA_FILE, text);
    }
    const stored = existsSync(SCHEMA_FILE) ? readFileSync(SCHEMA_FILE, 'utf8') : undefined;
    expect(
      stored,
      `schema/report.schema.json is missing; generate it with: ${REGENERATE}`,
    ).toBeDefined();
    // Compared as JSON, so reformatting the file (Prettier) does not make it stale.
    expect(
      JSON.parse(stored ?? '{}'),
      `schema/report.schema.json is stale (src/sim/reportSchema.ts changed); regenerate it with: ${REGENERATE}`,
    ).toEqual(JSON.parse(text));
  });

  it('should describe every top-level field of the report and refuse others', () => {
    const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as {
      properties: Record<string, unknown>;
      required: string[];
      additionalProperties: boolean;
    };
    expect(Object.keys(schema.properties)).toEqual([
      'scenario',
      'system',
      'topology',
      'vpsDisks',
      'seed',
      'outcome',
      'reason',
      'path',
      'failovers',
      'duration',
      'downtime',
      'hosts',
      'workloads',
      'invariants',
      'steps',
      'decisions',
      'warnings',
      'expectations',
      'trace',
    ]);
    expect(schema.required).not.toContain('topology');
    expect(schema.required).not.toContain('expectations');
    expect(schema.additionalProperties).toBe(false);
  });
});

describe('reportSchema', () => {
  const files = scenarioFiles();

  it('should find the built-in scenarios', () => {
    expect(files.length).toBeGreaterThan(50);
  });

  it.each(files.map((file) => relative(ROOT, file)))('should validate the report of %s', (file) => {
    const report = simulate(parseScenario(readFileSync(join(ROOT, file), 'utf8'), file)).report;
    // Through JSON, as a script reading `rehearse run --json` sees it.
    expect(problems(JSON.parse(JSON.stringify(report)))).toBe('');
  });

  it('should refuse a report with a field missing, unknown, or of the wrong kind', () => {
    const text = readFileSync(join(ROOT, 'scenarios/ha-pair-preemption-enabled.yaml'), 'utf8');
    const report = JSON.parse(
      JSON.stringify(simulate(parseScenario(text, 'x.yaml')).report),
    ) as Report;
    expect(problems(report)).toBe('');
    const { failovers: _failovers, ...missing } = report;
    expect(problems(missing)).toMatch(/^failovers: /);
    expect(problems({ ...report, colour: 'red' })).toMatch(/Unrecognized key: "colour"/);
    expect(problems({ ...report, outcome: 'done' })).toMatch(/^outcome: /);
    expect(problems({ ...report, duration: -1 })).toMatch(/^duration: /);
    expect(problems({ ...report, path: ['9.1'] })).toBe('');
    expect(problems({ ...report, path: ['v9.1'] })).toMatch(/^path\.0: /);
    const [first, ...rest] = report.invariants;
    expect(problems({ ...report, invariants: [{ ...first, id: 'no-typo' }, ...rest] })).toMatch(
      /^invariants\.0\.id: /,
    );
    expect(problems({ ...report, trace: [{ ...report.trace[0], at: 1.5 }] })).toMatch(
      /^trace\.0\.at: /,
    );
  });
});
