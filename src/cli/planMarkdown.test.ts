import { describe, expect, it } from 'vitest';
import { parseScenario, planImpact } from '../sim';
import { planMarkdown } from './planMarkdown';

/** The upgrade-impact document of a one-server scenario with this name and description. */
function documentOf(name: string, description: string): string {
  const scenario = parseScenario(
    `${JSON.stringify({ name, description, system: 'standalone', version: { from: '1.0.0', to: '1.1.0' } })}\n`,
    'x.json',
  );
  return planMarkdown(scenario, planImpact(scenario));
}

describe('planMarkdown', () => {
  it("should keep the scenario's name and description as they read, marking nothing up", () => {
    const lines = documentOf(
      'Upgrade in ~2h, not ~4h',
      'Takes ~2h, not ~4h:\n- the first hop\n# then the second',
    ).split('\n');
    expect(lines.find((line) => line.startsWith('Scenario: '))).toMatch(
      /^Scenario: \*Upgrade in \\~2h, not \\~4h\*\. /,
    );
    expect(lines).toContain('Takes \\~2h, not \\~4h: - the first hop \\# then the second');
    expect(lines.filter((line) => line.startsWith('- the first'))).toEqual([]);
  });

  it("should keep the description's paragraphs", () => {
    const lines = documentOf('x', 'One paragraph\nin two lines.\n\nAnother | one.').split('\n');
    const at = lines.indexOf('One paragraph in two lines.');
    expect(at).toBeGreaterThan(0);
    expect(lines.slice(at, at + 3)).toEqual([
      'One paragraph in two lines.',
      '',
      'Another \\| one.',
    ]);
  });
});
