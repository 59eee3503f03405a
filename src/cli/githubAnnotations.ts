/**
 * `rehearse run --reporter github`: GitHub Actions workflow commands (`::error file=…,line=…::…`)
 * that show each problem on the line of the scenario file it is about — the invalid key, the
 * missed `expect` entry, the golden summary's differing line.
 */
import { expectationChecks, formatDuration, keyPosition, missLine, append } from '../sim';
import type { InputProblem } from './loadScenario';
import { STDIN } from './operands';
import { firstViolation, unexpectedViolations, type RunResult } from './runResult';

/** A workflow command's message: `%`, CR and LF escaped as the runner expects. Pure. */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A workflow command's property value: the message escapes, and `:` and `,` too. Pure. */
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

interface Annotation {
  readonly level: 'error' | 'warning';
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  readonly title: string;
  readonly message: string;
}

/** `::error file=x.yaml,line=3,col=5,title=…::message`. Pure. */
function workflowCommand(annotation: Annotation): string {
  const properties = [
    ...(annotation.file === STDIN ? [] : [`file=${escapeProperty(annotation.file)}`]),
    ...(annotation.line === undefined ? [] : [`line=${annotation.line}`]),
    ...(annotation.column === undefined ? [] : [`col=${annotation.column}`]),
    `title=${escapeProperty(annotation.title)}`,
  ];
  return `::${annotation.level} ${properties.join(',')}::${escapeData(annotation.message)}`;
}

/** The annotations of one run. Pure. */
function runAnnotations(result: RunResult): Annotation[] {
  const { file, text, report, scenario } = result;
  const at = (path: readonly (string | number)[]) => {
    const pos = file === STDIN ? undefined : keyPosition(text, path);
    return pos === undefined ? {} : { line: pos.line, column: pos.column };
  };
  const annotations: Annotation[] = [];
  for (const invariant of unexpectedViolations(result)) {
    const first = firstViolation(invariant.violations);
    const more =
      invariant.violations.length > 1 ? ` (+${invariant.violations.length - 1} more)` : '';
    annotations.push({
      level: 'error',
      file,
      ...at(['name']),
      title: `rehearse: ${invariant.id} violated`,
      message: `${report.scenario}: ${invariant.id} (${first?.cause ?? 'procedure'}) at ${formatDuration(first?.at ?? 0)}: ${first?.message ?? 'violated'}${more}`,
    });
  }
  for (const check of expectationChecks(scenario, report)) {
    if (check.met) continue;
    annotations.push({
      level: 'error',
      file,
      ...at(check.at),
      title: 'rehearse: expectation missed',
      message: `${report.scenario}: ${missLine(check)}`,
    });
  }
  if (result.golden) {
    annotations.push({
      level: 'error',
      file: result.golden.summary,
      line: result.golden.line,
      title: 'rehearse: golden summary differs',
      message: result.golden.lines.join('\n'),
    });
  }
  for (const warning of report.warnings) {
    annotations.push({ level: 'warning', file, title: 'rehearse: warning', message: warning });
  }
  return annotations;
}

/** Every annotation of a `rehearse run`, one workflow command a line. Pure. */
export function githubAnnotations(
  results: readonly RunResult[],
  problems: readonly InputProblem[],
): string[] {
  const annotations: Annotation[] = problems.map((problem) => ({
    level: 'error',
    file: problem.file,
    ...(problem.line === undefined ? {} : { line: problem.line }),
    ...(problem.column === undefined ? {} : { column: problem.column }),
    title: 'rehearse: invalid scenario',
    message: problem.path === undefined ? problem.reason : `${problem.path}: ${problem.reason}`,
  }));
  for (const result of results) append(annotations, runAnnotations(result));
  return annotations.map(workflowCommand);
}
