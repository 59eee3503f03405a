import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DURATIONS, DURATION_DOC, parseDuration } from '../src/sim';

const ROOT = join(import.meta.dirname, '..');

/** The documents a reader moves between: the README, the reference in docs/, and the notes beside. */
const DOCUMENTS = [
  'README.md',
  'SECURITY.md',
  'BENCHMARKS.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];

/** The text of a Markdown file outside fenced code blocks and inline code, where links live. */
function prose(text: string): string {
  return text.replace(/^```[\s\S]*?^```$/gm, '').replace(/`[^`\n]*`/g, '');
}

/** The anchors GitHub gives a file's headings: lower case, punctuation dropped, spaces as hyphens. */
function anchors(text: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const [, heading = ''] of text
    .replace(/^```[\s\S]*?^```$/gm, '')
    .matchAll(/^#{1,6} +(.*?) *#*$/gm)) {
    const slug = heading
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    result.add(count === 0 ? slug : `${slug}-${String(count)}`);
  }
  return result;
}

/** Every relative link of a document, with what is wrong with it (nothing when it resolves). */
function brokenLinks(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const broken: string[] = [];
  for (const [, target = ''] of prose(text).matchAll(/\]\(([^)\s]+)\)/g)) {
    if (/^[a-z]+:/i.test(target)) continue;
    const [path = '', anchor] = target.split('#');
    const absolute = path === '' ? join(ROOT, file) : join(ROOT, dirname(file), path);
    if (!existsSync(absolute)) {
      broken.push(`${target}: no ${relative(ROOT, absolute)}`);
      continue;
    }
    if (anchor === undefined) continue;
    if (!absolute.endsWith('.md') || !statSync(absolute).isFile()) {
      broken.push(`${target}: an anchor into a file that is not Markdown`);
    } else if (!anchors(readFileSync(absolute, 'utf8')).has(anchor)) {
      broken.push(`${target}: no heading #${anchor} in ${relative(ROOT, absolute)}`);
    }
  }
  return broken;
}

describe('the documentation', () => {
  it('should find the headings GitHub links to', () => {
    expect([
      ...anchors('# Rehearse\n## Defaults: durations and host names\n## Faults\n## Faults\n'),
    ]).toEqual(['rehearse', 'defaults-durations-and-host-names', 'faults', 'faults-1']);
  });

  it.each(DOCUMENTS)('should link %s only to files and headings that exist', (file) => {
    expect(brokenLinks(file)).toEqual([]);
  });

  it('should link the README to every reference document', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const reference = readme.slice(readme.indexOf('\n## Reference\n'));
    for (const file of DOCUMENTS.filter((name) => name.startsWith('docs/'))) {
      expect(reference, file).toContain(`](${file})`);
    }
  });
});

describe('the default durations in the documents', () => {
  /** `key → ms` from each "`key` 15m" pair of a text. */
  const pairs = (text: string): Record<string, number> =>
    Object.fromEntries(
      [...text.matchAll(/`([a-z-]+)`\s+(\d[\dhms]*)/g)].map(([, key = '', value = '']) => [
        key,
        parseDuration(value),
      ]),
    );

  it('should list every default in the README, as the engine has it', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const item = /^- Default durations[\s\S]*?\.\n(?=- |\n)/m.exec(readme)?.[0] ?? '';
    expect(pairs(item)).toEqual(DEFAULT_DURATIONS);
  });

  it('should give every default and what it times in the scenario reference, as the engine has them', () => {
    const doc = readFileSync(join(ROOT, 'docs/scenarios.md'), 'utf8');
    const section = doc.slice(doc.indexOf('## Defaults: durations and host names'));
    const rows = [...section.matchAll(/^\| `([a-z-]+)` +\| (\S+) +\| (.*?) +\|$/gm)];
    expect(
      Object.fromEntries(rows.map(([, key = '', value = '']) => [key, parseDuration(value)])),
    ).toEqual(DEFAULT_DURATIONS);
    for (const [, key = '', , text = ''] of rows) {
      expect(text, key).toBe(DURATION_DOC[key as keyof typeof DURATION_DOC]);
    }
  });
});
