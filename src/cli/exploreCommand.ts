import { join, resolve } from 'node:path';
import {
  combineShards,
  exploreShard,
  formatDuration,
  mergeShards,
  scenarioToYaml,
  subShard,
  type ExploreOptions,
  type ExploreResult,
  type FaultSpec,
  type ShardResult,
  append,
} from '../sim';
import type { Command } from './command';
import type { CliIo } from './io';
import { loadScenarios, writeReason } from './loadScenario';
import { MAX_RANDOM_RUNS, shardDocument } from './exploreShards';
import { parseShardOption } from './shardFiles';
import { outputClash } from './outputs';
import { ownFaultsNote } from './exploreNote';
import { oneLine } from './terminal';
import { oneOutput, UsageError } from './parseArgs';
import { BEST_OPTION_RULE } from '../sim/bestOptionRule';
import { exploreDecisions } from './exploreDecisions';
import { plural, table, thousands, type Paint } from './text';
import { expandOperands, STDIN } from './operands';

function wholeNumber(
  name: string,
  text: string | undefined,
  min: number,
  max: number,
): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new UsageError(
      `--${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(text)}`,
    );
  }
  return value;
}

/** `host-crash on storage-1 at install on storage-2 (hop 1)`. Pure. */
export function describeFault(fault: FaultSpec): string {
  const what = `${fault.fault}${fault.target ? ` on ${fault.target}` : ''}`;
  if ('at' in fault.when) return `${what} at ${formatDuration(fault.when.at)}`;
  const where = fault.when.host ? ` on ${fault.when.host}` : '';
  const hop = fault.when.hop ? ` (hop ${fault.when.hop})` : '';
  const extra = [
    fault.times > 1 ? `${fault.times} times` : '',
    fault.duration !== undefined ? `for ${formatDuration(fault.duration)}` : '',
    fault.sessions !== undefined ? `${fault.sessions} sessions` : '',
  ].filter(Boolean);
  return `${what} at ${fault.when.step}${where}${hop}${extra.length ? `, ${extra.join(', ')}` : ''}`;
}

/** The part of a scenario file's name that its saved counterexamples are named after. Pure. */
function savedBase(file: string): string {
  return file.replace(/^.*[\\/]/, '').replace(/\.(ya?ml|json)$/i, '');
}

/** A file name for a saved counterexample of `invariant`. Pure. */
function savedName(file: string, invariant: string): string {
  return `${savedBase(file)}--${invariant}.yaml`;
}

export function render(
  result: ExploreResult,
  paint: Paint,
  elapsed: number | undefined,
  saved: ReadonlyMap<string, string>,
): string[] {
  const lines: string[] = [];
  const violated = result.counterexamples.length;
  const mark = violated === 0 ? paint.green('✓') : paint.red('✗');
  const mode =
    result.mode === 'random'
      ? 'random fault sets'
      : result.faults === 1
        ? 'every single fault'
        : `every set of up to ${result.faults} faults`;
  const converged = result.converged > 0 ? `${thousands(result.converged)} converged` : '';
  const runs =
    result.covered > 0
      ? ` (${thousands(result.explored)} explored${converged ? `, ${converged}` : ''}; ${thousands(result.covered)} more covered by equivalent runs)`
      : converged
        ? ` (${converged})`
        : '';
  lines.push(
    `${mark} ${paint.bold(oneLine(result.scenario))}: ${mode} at every step · ${thousands(result.runs)} runs${runs}` +
      ` · ${thousands(result.distinctStates)} distinct states` +
      (result.merged > 0 ? ` · ${thousands(result.merged)} merged` : '') +
      (elapsed === undefined ? '' : ` · ${(elapsed / 1000).toFixed(1)}s`),
  );
  const outcomes = Object.entries(result.outcomes)
    .filter(([, count]) => count > 0)
    .map(([outcome, count]) => `${outcome} ${thousands(count)}`)
    .join(', ');
  lines.push(`  outcomes: ${outcomes}`);
  lines.push('');
  if (violated === 0) {
    lines.push(`  ${paint.green('✓')} every invariant held in every run`);
  } else {
    lines.push(
      `  ${plural(violated, 'invariant')} violated; the shortest run for each (fewest faults, then fewest steps):`,
    );
    for (const found of result.counterexamples) {
      lines.push('');
      lines.push(
        `  ${paint.red('✗')} ${found.invariant} (${found.cause}) — ${plural(found.faults.length, 'fault')}, ${plural(found.steps, 'step')}, outcome ${found.outcome}`,
      );
      for (const fault of found.faults) lines.push(`      fault: ${describeFault(fault)}`);
      lines.push(`      ${found.message}`);
      const file = saved.get(found.invariant);
      if (file)
        lines.push(`      saved: ${oneLine(file)} (replay with: rehearse run ${oneLine(file)})`);
    }
  }
  lines.push('');
  const rows = [
    ['machine', 'states', 'transitions'],
    ...result.coverage.map((c) => [
      c.machine,
      `${c.states.visited}/${c.states.total}`,
      `${c.transitions.visited}/${c.transitions.total}`,
    ]),
  ];
  lines.push('  coverage');
  append(lines, table(rows, ['left', 'right', 'right'], '    '));
  for (const coverage of result.coverage) {
    if (coverage.unvisitedTransitions.length === 0) continue;
    lines.push(`    not taken in ${coverage.machine}: ${coverage.unvisitedTransitions.join('; ')}`);
  }
  lines.push('');
  lines.push('  situations');
  for (const situation of result.situations) {
    lines.push(
      `    ${situation.reached ? paint.green('✓') : paint.yellow('·')} ${situation.name}${situation.reached ? ` (${plural(situation.runs, 'run')})` : ' — not reached'}`,
    );
  }
  return lines;
}

/** Wall time worth announcing up front: a shorter exploration shows its status line only. */
const ANNOUNCE_FROM_MS = 10_000;

/**
 * A status line for a terminal: how far the exploration of `file` is, and once the pace is
 * known (after a second), about how long it has left. A long exploration also says once, on a
 * line that stays, how long it will take in all at that pace (`what`: what it runs): on a
 * terminal and off one alike, so a CI log says what a silent job is doing and for how long.
 */
function progressReporter(
  io: CliIo,
  file: string,
  workers: number,
  what: string,
): ((shard: number, done: number, total: number) => void) | undefined {
  const { progress, now } = io;
  if (now === undefined) return undefined;
  const start = now();
  const fractions = new Array<number>(workers).fill(0);
  let announced = false;
  return (shard, done, total) => {
    fractions[shard] = total > 0 ? Math.min(1, done / total) : 0;
    const fraction = fractions.reduce((sum, value) => sum + value, 0) / workers;
    const elapsed = now() - start;
    if (!announced && elapsed > 1_000 && fraction > 0) {
      announced = true;
      const whole = elapsed / fraction;
      if (whole >= ANNOUNCE_FROM_MS) {
        progress?.(undefined);
        io.stderr(
          `exploring ${oneLine(file)}: ${what} will take about ${formatDuration(Math.round(whole / 1_000) * 1_000)} at the pace of the first ${formatDuration(Math.round(elapsed / 1_000) * 1_000)}\n`,
        );
      }
    }
    if (progress === undefined) return;
    const left =
      elapsed > 1_000 && fraction > 0
        ? ` · about ${formatDuration(Math.max(1_000, Math.round((elapsed * (1 - fraction)) / fraction / 1_000) * 1_000))} left`
        : '';
    progress(`exploring ${oneLine(file)}: ${(fraction * 100).toFixed(1)}%${left} · Ctrl-C stops`);
  };
}

/** What an exploration runs, for its announcement: `10,000,000 random runs`, `every single fault`. */
function describeRuns(options: ExploreOptions): string {
  if (options.random) return `${options.random.runs.toLocaleString('en-US')} random runs`;
  return options.faults === 2 ? 'every pair of faults' : 'every single fault';
}

/** The parts of one exploration, run on the workers (or one after another without them). */
async function exploreParts(
  io: CliIo,
  file: string,
  scenario: Parameters<typeof exploreShard>[0],
  options: ExploreOptions,
  workers: number,
): Promise<ShardResult[]> {
  // Through the workers even for one: the main thread stays free for progress and Ctrl-C.
  if (io.runShards) {
    const shards = await io.runShards(
      scenario,
      options,
      workers,
      progressReporter(io, file, workers, describeRuns(options)),
    );
    io.progress?.(undefined);
    return shards;
  }
  const shards: ShardResult[] = [];
  for (let index = 0; index < workers; index++)
    shards.push(
      exploreShard(scenario, { ...options, shard: subShard(options.shard, index, workers) }),
    );
  return shards;
}

/** `rehearse explore FILE… [--faults K [--no-reduction]] [--random N --seed S] [--save DIR] [--workers N] [--json] [--shard I/N]`. */
export const exploreCommand: Command = {
  name: 'explore',
  synopsis:
    'FILE… [--faults K [--no-reduction]] [--random N --seed S] [--save DIR] [--workers N] [--json] [--shard I/N]',
  summary:
    'try every applicable fault at every step and report each invariant violation with its shortest run',
  options: [
    { name: 'faults', value: 'K', help: 'how many faults to combine in one run: 1 (default) or 2' },
    {
      name: 'random',
      value: 'N',
      help: 'random (swarm) mode: N runs with fault sets and timings drawn from --seed; failures are shrunk',
    },
    { name: 'seed', value: 'S', help: 'the seed of random mode (default 1)' },
    {
      name: 'save',
      value: 'DIR',
      help: 'write each counterexample as a scenario file in DIR that `rehearse run` replays',
    },
    {
      name: 'workers',
      value: 'N',
      help: 'worker threads (default: one per core); results are the same for any number',
    },
    { name: 'json', help: 'print the findings as JSON' },
    {
      name: 'shard',
      value: 'I/N',
      help: 'run only the I-th of N parts of the exploration and print it as JSON for `rehearse merge` (one machine per part)',
    },
    {
      name: 'no-reduction',
      help: 'with --faults 2, run every pair of faults, even those that strike where an equivalent run stood alike (same findings, longer)',
    },
    {
      name: 'decisions',
      help: 'try every option at every decision point each fault (or pair, with --faults 2) leads to, and name the best',
    },
    {
      name: 'markdown',
      help: 'with --decisions: print the findings as a recovery runbook in Markdown',
    },
  ],
  details: [
    'Systematic mode injects, at every step of the procedure, every fault type that applies to the system on every host it can hit; with --faults 2 it adds a second fault at every later step of each faulty run. Runs whose faults cannot all fire are merged into the smaller run they equal. Each run starts from a checkpoint of the run it branches from, taken just before its new fault can first fire, and stops once it comes back to a state that run was in (converged): the findings are the same as with every run played whole.',
    'With --faults 2, a pair whose second fault strikes where the run of another candidate (a single fault, or an earlier pair) stood in the same state — same machine states and contexts, same timers, same monitor memories, same VPS placement, no fault left to fire — goes on as that run went on: it is composed from that run rather than run, and counted among the runs found with the same outcome, violations and situations (a composed run that would be the shortest run of an invariant is replayed whole). The output says how many runs were explored and how many covered; --no-reduction runs them all.',
    'Several files are explored in turn on the same workers, with a tally at the end; --json then prints an array of results, each the same as exploring that file alone. If any file is invalid, nothing is explored.',
    'With --decisions, each faulty run is played to the end once per option at each decision point it reaches (the first at each point, host and hop), the other decisions left to their defaults; the best option is, ' +
      BEST_OPTION_RULE +
      '. Exit status 1 when an option does better than the default somewhere.',
    "With --shard I/N, only the I-th of N parts of the candidate runs is explored (on this machine's workers) and printed as one line of JSON; `rehearse merge` of the N parts prints exactly what exploring the file in one process prints, findings and exit status alike. A shard exits 0 once it has printed its part.",
    'Exit status: 0 no invariant was violated in any run; 1 some run violated an invariant; 2 an input is invalid.',
  ],
  async run(args, { io, paint, version }) {
    if (args.operands.length === 0) throw new UsageError('no scenario file given');
    const files = expandOperands(args.operands, io);
    const faults = wholeNumber('faults', args.values.get('faults'), 1, 2) ?? 1;
    const random = wholeNumber('random', args.values.get('random'), 1, MAX_RANDOM_RUNS);
    const seed = wholeNumber('seed', args.values.get('seed'), 0, Number.MAX_SAFE_INTEGER) ?? 1;
    const workers =
      wholeNumber('workers', args.values.get('workers'), 1, 64) ?? Math.max(1, io.cores ?? 1);
    if (args.values.has('seed') && random === undefined)
      throw new UsageError('--seed goes with --random N');
    const dir = args.values.get('save');
    if (dir !== undefined && files.includes(STDIN))
      throw new UsageError(
        '--save names its files after each scenario file: standard input has none',
      );
    if (dir !== undefined) {
      // Saved files are named after their scenario file: two of one name would overwrite.
      const clash = outputClash(files, savedBase, io.cwd);
      if (clash !== undefined)
        throw new UsageError(
          `--save: ${clash[0]} and ${clash[1]} would save their counterexamples under the same names; explore them with a --save directory each`,
        );
    }
    if (args.flags.has('markdown') && !args.flags.has('decisions'))
      throw new UsageError('--markdown goes with --decisions');
    const shardText = args.values.get('shard');
    const shard = shardText === undefined ? undefined : parseShardOption(shardText);
    if (shard) {
      for (const name of ['decisions', 'save'] as const)
        if (args.values.has(name) || args.flags.has(name))
          throw new UsageError(
            `--${name} does not go with --shard: rehearse merge gives the findings`,
          );
      if (files.length !== 1)
        throw new UsageError(
          `--shard explores one file, got ${files.length}: run one exploration per file`,
        );
    }
    if (args.flags.has('no-reduction') && random !== undefined)
      throw new UsageError(
        '--no-reduction goes with systematic exploration (--faults), not --random',
      );
    if (args.flags.has('decisions')) {
      for (const name of ['random', 'save'] as const)
        if (args.values.has(name)) throw new UsageError(`--${name} does not go with --decisions`);
      if (args.flags.has('no-reduction'))
        throw new UsageError('--no-reduction does not go with --decisions');
      oneOutput(args, 'markdown', 'json');
    }
    const loaded = loadScenarios(files, io, 'explore', 'nothing was explored');
    if (!loaded) return 2;
    if (args.flags.has('decisions')) {
      return exploreDecisions(io, paint, loaded, faults, {
        json: args.flags.has('json'),
        markdown: args.flags.has('markdown'),
      });
    }
    if (dir !== undefined) {
      // Checked before exploring: a folder that cannot take the files fails now, not an hour later.
      const problem = io.prepareFolder?.(resolve(io.cwd, dir));
      if (problem !== undefined) {
        io.stderr(`rehearse explore: --save ${oneLine(dir)}: ${problem}\n`);
        return 2;
      }
    }
    const options: ExploreOptions =
      random === undefined
        ? { faults, ...(args.flags.has('no-reduction') ? { reduction: false } : {}) }
        : { random: { runs: random, seed } };
    if (shard) {
      const [item] = loaded;
      if (!item) return 2;
      const leftOut = ownFaultsNote(item.scenario.faults.length);
      if (leftOut !== undefined) io.stderr(`rehearse explore: ${oneLine(item.file)}: ${leftOut}\n`);
      const parts = await exploreParts(
        io,
        item.file,
        item.scenario,
        { ...options, shard },
        workers,
      );
      io.stdout(
        `${JSON.stringify(shardDocument(version, shard, options, combineShards(parts)))}\n`,
      );
      return 0;
    }
    const json = args.flags.has('json');
    const results: ExploreResult[] = [];
    const blocks: string[] = [];
    const started = io.now?.();
    for (const item of loaded) {
      const start = io.now?.();
      const result = mergeShards(
        await exploreParts(io, item.file, item.scenario, options, workers),
      );
      const elapsed = start === undefined || io.now === undefined ? undefined : io.now() - start;
      const saved = new Map<string, string>();
      if (dir !== undefined) {
        if (!io.writeFile) throw new Error('this host cannot write files');
        for (const found of result.counterexamples) {
          const shown = join(dir, savedName(item.file, found.invariant));
          try {
            io.writeFile(resolve(io.cwd, shown), scenarioToYaml(found.scenario));
          } catch (error) {
            io.stderr(`rehearse explore: cannot write ${oneLine(shown)}: ${writeReason(error)}\n`);
            return 2;
          }
          saved.set(found.invariant, shown);
        }
      }
      results.push(result);
      const leftOut = ownFaultsNote(item.scenario.faults.length);
      if (json) {
        if (leftOut !== undefined)
          io.stderr(`rehearse explore: ${oneLine(item.file)}: ${leftOut}\n`);
      } else {
        const lines = render(result, paint, elapsed, saved);
        if (leftOut !== undefined) lines.splice(1, 0, `  ${leftOut}`);
        blocks.push(lines.join('\n'));
      }
    }
    const violated = results.filter((result) => result.counterexamples.length > 0).length;
    if (json) {
      io.stdout(`${JSON.stringify(results.length === 1 ? results[0] : results, null, 2)}\n`);
    } else {
      let text = blocks.join('\n\n');
      if (results.length > 1) {
        const total =
          started === undefined || io.now === undefined
            ? ''
            : ` in ${((io.now() - started) / 1000).toFixed(1)}s`;
        const tally = `${plural(results.length, 'scenario')} explored${total}: ${results.length - violated} held every invariant in every run, ${violated} had violations`;
        text += `\n\n${violated > 0 ? paint.red(tally) : paint.green(tally)}`;
      }
      io.stdout(`${text}\n`);
    }
    return violated > 0 ? 1 : 0;
  },
};
