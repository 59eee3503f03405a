/**
 * `rehearse run --reporter junit`: JUnit XML, the report format CI systems show as test results.
 * Each scenario is a test suite with one test case for the run itself (every invariant held, or
 * broke only as expected) and one per `expect` entry; a file that cannot be read or is invalid is
 * a suite with one erroring test case.
 */
import { expectationChecks, formatDuration, missLine, type TraceEntry } from '../sim';
import type { InputProblem } from './loadScenario';
import { firstViolation, offendingEntry, unexpectedViolations, type RunResult } from './runResult';

/** Characters XML 1.0 does not allow at all, even escaped: shown as `\uXXXX` instead. */
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udfff]/gu;

/**
 * Text as XML character data or an attribute value (JUnit, SVG): escaped, and only characters
 * XML allows. Pure.
 */
export function xmlText(text: string): string {
  return text
    .replace(NOT_XML, (char) =>
      char.length === 1 ? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}` : char,
    )
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** `name="value" …` with every value escaped. Pure. */
function attributes(values: Readonly<Record<string, string | number>>): string {
  return Object.entries(values)
    .map(([name, value]) => `${name}="${xmlText(String(value))}"`)
    .join(' ');
}

/** `trace #41 at 1h30m: storage-1 install.failed → failed`. Pure. */
export function traceLine(entry: TraceEntry): string {
  return `trace #${entry.seq} at ${formatDuration(entry.at)}: ${entry.actor} ${entry.event} → ${entry.state}`;
}

interface Case {
  readonly name: string;
  readonly failure?: { readonly type: string; readonly message: string; readonly text: string };
}

/** The test cases of one run. Pure. */
function casesOf(result: RunResult): Case[] {
  const { report, scenario } = result;
  const broken = unexpectedViolations(result);
  const details: string[] = [];
  for (const invariant of broken) {
    const first = firstViolation(invariant.violations);
    if (!first) continue;
    const entry = offendingEntry(report.trace, first);
    details.push(
      `${invariant.id} (${first.cause}) at ${formatDuration(first.at)}: ${first.message}`,
      ...(entry ? [`  first offending entry: ${traceLine(entry)}`] : []),
      ...(invariant.violations.length > 1
        ? [`  and ${invariant.violations.length - 1} more violation(s) of it`]
        : []),
    );
  }
  const first = broken[0] && firstViolation(broken[0].violations);
  const cases: Case[] = [
    {
      name: report.scenario,
      ...(broken.length === 0
        ? {}
        : {
            failure: {
              type: 'invariant',
              message: `${broken[0]?.id ?? ''}: ${first?.message ?? 'violated'}${broken.length > 1 ? ` (and ${broken.length - 1} more invariants)` : ''}`,
              text: details.join('\n'),
            },
          }),
    },
  ];
  for (const check of expectationChecks(scenario, report)) {
    const line = missLine(check);
    cases.push({
      name: `expect.${check.key}`,
      ...(check.met ? {} : { failure: { type: 'expectation', message: line, text: line } }),
    });
  }
  if (result.golden) {
    cases.push({
      name: 'golden summary',
      failure: {
        type: 'golden',
        message: result.golden.lines[0] ?? 'the run differs from its golden summary',
        text: result.golden.lines.join('\n'),
      },
    });
  }
  return cases;
}

/**
 * The JUnit XML of a `rehearse run`: a suite per scenario file, a case per run and per `expect`
 * entry. Pure.
 */
export function junitReport(
  results: readonly RunResult[],
  problems: readonly InputProblem[],
): string {
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  for (const result of results) {
    const cases = casesOf(result);
    const failed = cases.filter((c) => c.failure !== undefined).length;
    tests += cases.length;
    failures += failed;
    const body = cases.map((c) => {
      const head = `    <testcase ${attributes({ classname: result.file, name: c.name, file: result.file })}`;
      if (!c.failure) return `${head}/>`;
      return [
        `${head}>`,
        `      <failure ${attributes({ type: c.failure.type, message: c.failure.message })}>${xmlText(c.failure.text)}</failure>`,
        '    </testcase>',
      ].join('\n');
    });
    suites.push(
      [
        `  <testsuite ${attributes({ name: result.report.scenario, tests: cases.length, failures: failed, errors: 0, skipped: 0, file: result.file })}>`,
        ...body,
        '  </testsuite>',
      ].join('\n'),
    );
  }
  for (const problem of problems) {
    tests += 1;
    suites.push(
      [
        `  <testsuite ${attributes({ name: problem.file, tests: 1, failures: 0, errors: 1, skipped: 0, file: problem.file })}>`,
        `    <testcase ${attributes({ classname: problem.file, name: 'scenario file', file: problem.file })}>`,
        `      <error ${attributes({ type: 'input', message: problem.message })}>${xmlText(problem.message)}</error>`,
        '    </testcase>',
        '  </testsuite>',
      ].join('\n'),
    );
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites ${attributes({ name: 'rehearse', tests, failures, errors: problems.length })}>`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
