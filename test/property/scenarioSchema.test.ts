import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseScenario } from '../../src/sim';
import { TOP_KEYS } from '../../src/sim/scenario/parse';
import { scenarioSchema } from '../../src/sim/scenarioSchema';
import { scenarioFiles, scenarioPath } from '../support/scenarioFiles';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCHEMA_FILE = join(ROOT, 'schema/scenario.schema.json');
const REGENERATE = 'UPDATE_SCHEMA=1 npx vitest run test/property/scenarioSchema.test.ts';
const MODELINE = /^# yaml-language-server: \$schema=(\S+)$/m;

interface JsonSchema {
  description?: string;
  properties?: Record<string, JsonSchema>;
}

/** The published JSON Schema, exactly as the file holds it (draft-07: what editors read). */
function generated(): string {
  return `${JSON.stringify(z.toJSONSchema(scenarioSchema, { target: 'draft-7' }), null, 2)}\n`;
}

function problems(text: string): string {
  const result = scenarioSchema.safeParse(parse(text));
  return result.success
    ? ''
    : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
}

const REGRESSIONS = join(ROOT, 'test/property/regressions');
const files = [
  ...scenarioFiles().map(scenarioPath),
  ...['ha-pair-preemption-at-the-last-instant.yaml', 'ha-pair-stuck-with-a-service-down.yaml'].map(
    (file) => join(REGRESSIONS, file),
  ),
];

describe('schema/scenario.schema.json', () => {
  it('should be the JSON Schema generated from src/sim/scenarioSchema.ts', () => {
    const text = generated();
    if (process.env.UPDATE_SCHEMA === '1') writeFileSync(SCHEMA_FILE, text);
    const stored = existsSync(SCHEMA_FILE) ? readFileSync(SCHEMA_FILE, 'utf8') : undefined;
    expect(
      stored,
      `schema/scenario.schema.json is missing; generate it with: ${REGENERATE}`,
    ).toBeDefined();
    expect(
      JSON.parse(stored ?? '{}'),
      `schema/scenario.schema.json is stale (src/sim/scenarioSchema.ts changed); regenerate it with: ${REGENERATE}`,
    ).toEqual(JSON.parse(text));
  });

  it('should list exactly the top-level keys the parser reads', () => {
    const schema = JSON.parse(generated()) as JsonSchema & { required: string[] };
    expect(Object.keys(schema.properties ?? {}).sort()).toEqual([...TOP_KEYS].sort());
    expect(schema.required.sort()).toEqual(['name', 'system', 'version']);
  });

  it.each(files.map((file) => [relative(ROOT, file)]))('should accept %s', (file) => {
    const text = readFileSync(join(ROOT, file), 'utf8');
    expect(() => parseScenario(text, file)).not.toThrow();
    expect(problems(text)).toBe('');
  });

  it.each(scenarioFiles())('scenarios/%s should name the schema for YAML editors', (file) => {
    const path = scenarioPath(file);
    const target = MODELINE.exec(readFileSync(path, 'utf8'))?.[1];
    expect(target, 'no # yaml-language-server: $schema=… line').toBeDefined();
    expect(resolve(dirname(path), target ?? '')).toBe(SCHEMA_FILE);
  });

  it.each([
    ['an unknown key', 'colour: red'],
    ['a misspelt fault type', 'faults: [{ fault: upgrade-failur, target: device-b }]'],
    ['a duration without a unit', 'durations: { switchover: 10 }'],
    ['an unknown plan step', 'plan: [upgarde]'],
    ['an unknown outcome', 'expect: { outcome: done }'],
  ])('should refuse %s, as the parser does', (_what, line) => {
    const text = `name: pair\nsystem: ha-pair\nversion: { from: 9.0.1, to: 9.1.0 }\n${line}\n`;
    expect(() => parseScenario(text, 'x.yaml')).toThrow();
    expect(problems(text)).not.toBe('');
  });

  it("should describe each key of the scenario reference's key table in its words", () => {
    const readme = readFileSync(join(ROOT, 'docs/scenarios.md'), 'utf8');
    const rows = [...readme.matchAll(/^\| `([a-z-]+)` +\| (.*?) +\|$/gm)].filter(
      ([, key]) => key !== undefined && (TOP_KEYS as readonly string[]).includes(key),
    );
    expect(rows.length).toBeGreaterThan(5);
    const properties = (JSON.parse(generated()) as JsonSchema).properties ?? {};
    for (const [, key = '', text = ''] of rows) {
      expect(properties[key]?.description, key).toBe(text.replaceAll('\\|', '|'));
    }
  });
});
