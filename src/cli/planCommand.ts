import {
  formatDuration,
  planImpact,
  roleChangeNoun,
  seedDraws,
  sourceLabel,
  type PlanImpact,
  type Scenario,
  type StepImpact,
} from '../sim';
import type { Command } from './command';
import { durationHelp } from './help';
import { stepDescriptions } from './describeSteps';
import { internalError, loadScenario } from './loadScenario';
import { oneOutput, UsageError } from './parseArgs';
import { planMarkdown } from './planMarkdown';
import { oneLine } from './terminal';
import { systemName } from './runResult';
import { plural, table, thousands, workloadNoun, type Paint } from './text';
import { expandOperands } from './operands';

/** `15m × 12 VPSs`, or `—` for a step that costs no downtime. Pure. */
function stepDowntime(step: StepImpact, kind: 'vps' | 'service' | undefined): string {
  if (step.affected === 0 || step.downtime === 0) return '—';
  return `${formatDuration(step.downtime)} × ${thousands(step.affected)} ${workloadNoun(kind, step.affected)}`;
}

/** The plan as an aligned table with its totals. Pure. */
function renderPlan(scenario: Scenario, impact: PlanImpact, paint: Paint): string[] {
  const kind = scenario.workloads[0]?.kind;
  const described = stepDescriptions(scenario, impact.steps);
  const rows = [
    ['#', 'hop', 'step', 'host', 'version', 'takes', 'downtime', 'source', 'note'],
    ...impact.steps.map((step, index) => {
      const downtime = stepDowntime(step, kind);
      return [
        String(step.seq),
        step.hop === 0 ? '' : String(step.hop),
        step.action,
        step.host ?? '',
        step.version ?? '',
        formatDuration(step.end - step.start),
        downtime === '—' ? downtime : paint.yellow(downtime),
        sourceLabel(step.source),
        step.note ?? described[index] ?? '',
      ];
    }),
  ];
  const route = [scenario.version.from, ...scenario.path].join(' → ');
  const lines = [
    `${paint.bold(oneLine(scenario.name))} (${systemName(scenario)}): ${scenario.version.from} → ${scenario.version.to}`,
    '',
    ...table(rows, ['right', 'right', 'left', 'left', 'left', 'right', 'right'], '  '),
    '',
    ...table(
      [
        ['path', scenario.path.length === 0 ? `${route} (no new version to install)` : route],
        [`${roleChangeNoun(scenario.system)}s`, String(impact.failovers)],
        ['total duration', formatDuration(impact.duration)],
        [
          'longest downtime',
          `${formatDuration(impact.maxDowntime)} for one ${workloadNoun(kind, 1)} (${plural(scenario.workloads.length, workloadNoun(kind, 1), workloadNoun(kind, 2))} in all)`,
        ],
      ],
      [],
      '  ',
    ),
  ];
  // The plan takes no draw: what the seed would draw is at its mean, and said so.
  const drawn = seedDraws(scenario).durations;
  if (drawn.length > 0) {
    lines.push(
      '',
      `  durations that vary (${drawn.join(', ')}) are taken at their mean; \`rehearse run FILE --samples 1000\` gives their spread`,
    );
  }
  if (impact.warnings.length > 0) {
    lines.push(
      '',
      ...impact.warnings.map((warning) => `  ${paint.yellow('!')} ${paint.yellow(warning)}`),
    );
  }
  return lines;
}

/** `rehearse plan FILE [--markdown] [--json]`. */
export const planCommand: Command = {
  name: 'plan',
  synopsis: 'FILE [--markdown] [--json]',
  summary:
    'print the procedure the planner derives, step by step, with the downtime each step costs',
  options: [
    { name: 'markdown', help: 'write an upgrade-impact document in Markdown instead of the table' },
    { name: 'json', help: 'print the steps and their impact as JSON' },
  ],
  details: [
    "The procedure runs once without faults; each step shows the downtime it causes the workloads (the figures come from the model, with the scenario's durations).",
    durationHelp().join('\n'),
  ],
  run(args, { io, paint }) {
    if (args.operands.length === 0) throw new UsageError('no scenario file given');
    const files = expandOperands(args.operands, io);
    if (files.length > 1) {
      throw new UsageError(`takes one FILE, got ${files.length}: ${files.join(' ')}`);
    }
    oneOutput(args, 'markdown', 'json');
    const loaded = loadScenario(files[0] as string, io);
    if (!loaded.ok) {
      io.stderr(`${loaded.message}\n`);
      return 2;
    }
    const { scenario } = loaded;
    let text: string;
    try {
      const impact = planImpact(scenario);
      if (args.flags.has('json')) {
        const { scenario: _scenario, ...rest } = impact;
        text = JSON.stringify({ scenario: scenario.name, ...rest }, null, 2);
      } else if (args.flags.has('markdown')) {
        text = planMarkdown(scenario, impact);
      } else {
        text = renderPlan(scenario, impact, paint).join('\n');
      }
    } catch (error) {
      io.stderr(`${internalError(error, io, `while planning ${loaded.file}`)}\n`);
      return 2;
    }
    io.stdout(`${text}\n`);
    return 0;
  },
};
