import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Page } from 'playwright-core';
import type { AxeResults, ImpactValue } from 'axe-core';

/** axe-core's browser build, read once: the package's `axe.min.js` beside its entry point. */
let axeSource: string | undefined;
function source(): string {
  if (axeSource === undefined) {
    const entry = createRequire(import.meta.url).resolve('axe-core');
    axeSource = readFileSync(join(dirname(entry), 'axe.min.js'), 'utf8');
  }
  return axeSource;
}

/** One element an axe rule failed on: where it is and what it is. */
export interface AxeNode {
  /** axe's CSS selector for the element (inside frames or shadow roots, the path to it). */
  readonly target: string;
  /** The element's opening HTML, shortened. */
  readonly html: string;
  /** axe's explanation for this element (the contrast ratio found, the name missing…). */
  readonly summary: string;
}

/** A serious or critical axe violation, with enough to find and fix it. */
export interface AxeViolation {
  readonly id: string;
  readonly impact: ImpactValue | undefined;
  readonly help: string;
  /** How many elements fail the rule. */
  readonly count: number;
  /** The first few of them. */
  readonly nodes: readonly AxeNode[];
}

/** How many failing elements of each rule a violation lists. */
const NODES_SHOWN = 4;

const SERIOUS: readonly ImpactValue[] = ['serious', 'critical'];

/**
 * Runs axe-core on the whole page as it is now (axe's default rules: WCAG 2.x A and AA and its
 * best practices) and returns the violations of impact serious or critical.
 * @param page A page of the app; axe-core's `axe.min.js` is injected on first use (again after
 *   a navigation).
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  const loaded = await page.evaluate(() => 'axe' in window);
  // The app's Content-Security-Policy (script-src 'self') refuses an inline <script> tag, so
  // `page.addScriptTag({ content })` is blocked; evaluated through the DevTools protocol, the
  // same source is not subject to the page's policy, and the policy under test stays as shipped.
  if (!loaded) await page.evaluate(source());
  const results = (await page.evaluate(() =>
    (window as unknown as { axe: { run: (...args: unknown[]) => Promise<unknown> } }).axe.run(
      document,
      { resultTypes: ['violations'] },
    ),
  )) as AxeResults;
  return results.violations
    .filter((violation) => SERIOUS.includes(violation.impact ?? null))
    .map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      count: violation.nodes.length,
      nodes: violation.nodes.slice(0, NODES_SHOWN).map((node) => ({
        target: node.target
          .map((part) => (typeof part === 'string' ? part : part.join(' >>> ')))
          .join(' | '),
        html: node.html.length > 200 ? `${node.html.slice(0, 200)}…` : node.html,
        summary: (node.failureSummary ?? '').replace(/\s+/g, ' ').trim(),
      })),
    }));
}

/** Violations as a message that says what fails and where, one rule a paragraph. */
export function describeViolations(view: string, violations: readonly AxeViolation[]): string {
  if (violations.length === 0) return `${view}: no serious or critical axe violation`;
  return [
    `${view}: ${violations.length} serious or critical axe violation(s)`,
    ...violations.map((violation) =>
      [
        `- ${violation.id} (${violation.impact}, ${violation.count} element(s)): ${violation.help}`,
        ...violation.nodes.map(
          (node) => `    at ${node.target}\n      ${node.html}\n      ${node.summary}`,
        ),
      ].join('\n'),
    ),
  ].join('\n');
}
