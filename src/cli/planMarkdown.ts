/**
 * The upgrade-impact document `rehearse plan --markdown` writes, in the manner of the SERVERware
 * upgrade document: requirements, the numbered procedure with each item's downtime, and the
 * downtime in total. Every figure comes from the model (a run without faults).
 */
import {
  describeSource,
  formatDuration,
  plannedScenario,
  seedDraws,
  simulate,
  type StepSource,
  type PlanImpact,
  type Scenario,
  type StepImpact,
  type WorkloadReport,
  roleChangeNoun,
  largest,
  markdownText,
  smallest,
  append,
} from '../sim';
import { procedureItems, type ProcedureItem } from './describeSteps';
import {
  capitalize,
  durationWords,
  listWords,
  nameRuns,
  numberWords,
  plural,
  thousands,
  workloadNoun,
} from './text';
import { groupWorkloads } from './workloadGroups';

/** Paragraphs in Markdown: each folded onto one line, a blank line between them. Pure. */
function paragraphs(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((paragraph) => markdownText(paragraph).trim())
    .filter((paragraph) => paragraph !== '')
    .join('\n\n');
}

const code = (name: string): string => `\`${name}\``;

function v(version: string): string {
  return `v${version}`;
}

function systemTitle(scenario: Scenario): string {
  switch (scenario.system) {
    case 'serverware':
      return `SERVERware ${scenario.topology === 'cluster' ? 'Cluster' : 'Mirror'} + Backup`;
    case 'ha-pair':
      return 'Active/standby pair';
    case 'standalone':
      return 'Single server';
  }
}

/** Host names for a sentence: all of them when few, else a count. */
function hostList(scenario: Scenario): string {
  const names = scenario.hosts.map((host) => code(host.name));
  return names.length <= 6 ? listWords(names) : `all ${thousands(names.length)} hosts`;
}

function requirements(scenario: Scenario): string[] {
  const lines: string[] = [];
  const numbered = (items: readonly (readonly [string, string])[]): void => {
    items.forEach(([title, body], index) => lines.push(`${index + 1}. **${title}.** ${body}`));
  };
  if (scenario.system === 'serverware') {
    lines.push(
      'Prior to scheduling the upgrade, review the following items and make sure they are ready for the support team:',
      '',
    );
    numbered([
      [
        'KVM access to each host',
        `Direct console access (iDRAC, iLO or similar KVM) to ${hostList(scenario)} is mandatory. If it is not publicly reachable, describe how to reach it (RDP, VPN or similar).`,
      ],
      [
        "Servers' firmware",
        'The firmware of each server is updated to the latest version, to avoid unexpected issues during the upgrade.',
      ],
      [
        'Firewall',
        'If a firewall is in place, the hosts have full access to the licensing servers.',
      ],
      [
        'Preferred date and time',
        'Upgrades are done Monday to Thursday and can be scheduled until 22:00 in your time zone, at least 7 days in advance.',
      ],
    ]);
    lines.push(
      '',
      '*Recommended:* stop the VPSs before the upgrade starts. It is not mandatory: the upgrade can proceed while they run.',
    );
  } else if (scenario.system === 'ha-pair') {
    const devices = scenario.hosts.map((host) => code(host.name));
    const active = scenario.hosts.find((host) => host.role === 'active')?.name;
    const preemption =
      scenario.policy.preemption === 'enabled'
        ? [
            'Preemption',
            'Preemption is enabled: it is disabled on both devices before the first upgrade (a rebooting device with the higher priority would otherwise take the active role back on its own) and enabled again at the end.',
          ]
        : [
            'Preemption',
            'Preemption is disabled and stays disabled until both devices run the new version.',
          ];
    lines.push('Before the upgrade, as the documented procedure requires:', '');
    numbered([
      [
        'Configuration in sync',
        `Synchronize the configuration manually on the active device${active ? ` ${code(active)}` : ''} and check the synchronization report: on a failure, resolve the configuration differences between the two devices first.`,
      ],
      ['Backup', `Back up the configuration of both devices (${listWords(devices)}).`],
      preemption as [string, string],
      [
        'One active, one standby',
        'Only the standby device is ever upgraded or rolled back; if both devices are active, switch one to standby first.',
      ],
      [
        'Session synchronization',
        'Sessions may fail to synchronize across versions: some services may be interrupted at the switchover and need to be restored.',
      ],
    ]);
  } else {
    const versions = scenario.path.length;
    numbered([
      [
        'Backup',
        'Back up the server data: never upgrade without a backup, and keep it ready to restore as the rollback plan.',
      ],
      [
        'A window outside working hours',
        'Plan the upgrade (time, content, responsible person) outside working hours and let everyone concerned know.',
      ],
      [
        'Compatibility',
        `Download the right version and check that it is compatible with the existing environment; install dependencies in advance.${versions > 1 ? ` The upgrade goes through ${numberWords(versions)} versions: each is tested before the next.` : ''}`,
      ],
      ['Health', 'Check that the server hardware and the network are normal before starting.'],
    ]);
  }
  if (scenario.window) lines.push('', `Planned window: ${scenario.window.start} (local time).`);
  return lines;
}

function pathSection(scenario: Scenario): string[] {
  const from = v(scenario.version.from);
  if (scenario.path.length === 0) {
    return [
      `The system runs ${from}: only a GUI update to ${v(scenario.version.to)} is needed, which causes no downtime.`,
    ];
  }
  const hops = scenario.path.map(v);
  if (hops.length === 1)
    return [`The system runs ${from}: a one-step upgrade to ${hops[0] ?? ''}.`];
  return [
    `The system runs ${from}: a ${numberWords(hops.length)}-step upgrade, to ${hops.join(', then ')}. Each step completes on every host before the next one starts.`,
  ];
}

/** A procedure item as the document writes it; `line` when its figures are already in words. */
type DocItem = ProcedureItem & { readonly line?: string };

function itemLine(number: number, item: DocItem, scenario: Scenario): string {
  if (item.line !== undefined) return `${number}. ${item.line}.`;
  const kind = scenario.workloads[0]?.kind;
  const length = item.end - item.start;
  const takes = length > 0 ? `Takes about ${formatDuration(length)}; ` : '';
  let cost = 'no downtime.';
  if (item.affected > 0 && item.downtime > 0) {
    // A customer document names every workload a step takes down; "all" needs no list.
    const count = plural(item.affected, workloadNoun(kind, 1), workloadNoun(kind, 2));
    const who =
      item.affected === scenario.workloads.length && item.affected > 1
        ? `all ${count}`
        : `${count} (${markdownText(nameRuns(item.members))})`;
    cost = `**about ${formatDuration(item.downtime)} of downtime** for ${who}.`;
  }
  return `${number}. ${capitalize(item.text)}. ${capitalize(takes + cost)}`;
}

/** `every host runs`, `both devices run`, `the server runs`. Pure. */
function everyHostRuns(scenario: Scenario): string {
  if (scenario.system === 'ha-pair') return 'both devices run';
  if (scenario.system === 'standalone') return 'the server runs';
  return 'every host runs';
}

/** Items at least this many hosts long that upgrade alike are written as one. */
const MERGE_FROM = 3;

/**
 * Folds consecutive upgrades of processing hosts with the same figures into one item, as the
 * source document does ("we will repeat the same procedure for other hosts"). Pure.
 */
function mergeAlike(items: readonly ProcedureItem[], scenario: Scenario): DocItem[] {
  const out: DocItem[] = [];
  const kind = scenario.workloads[0]?.kind;
  for (let i = 0; i < items.length;) {
    const first = items[i] as ProcedureItem;
    const up = first.upgrade;
    let j = i + 1;
    if (up && up.kind === 'processing') {
      while (j < items.length) {
        const next = items[j] as ProcedureItem;
        const same =
          next.upgrade?.kind === up.kind &&
          next.upgrade.version === up.version &&
          next.upgrade.subs === up.subs &&
          next.hop === first.hop &&
          next.end - next.start === first.end - first.start &&
          next.downtime === first.downtime &&
          next.affected > 0 === first.affected > 0;
        if (!same) break;
        j++;
      }
    }
    if (!up || j - i < MERGE_FROM) {
      out.push(first);
      i++;
      continue;
    }
    const run = items.slice(i, j);
    const last = run[run.length - 1] as ProcedureItem;
    const hosts = nameRuns(
      run.map((each) => each.upgrade?.host ?? ''),
      code,
    );
    const each = formatDuration(first.end - first.start);
    const counts = run.map((item) => item.affected);
    const fewest = smallest(counts);
    const most = largest(counts);
    const perHost =
      fewest === most
        ? `the ${plural(most, workloadNoun(kind, 1), workloadNoun(kind, 2))}`
        : `the ${thousands(fewest)} to ${thousands(most)} ${workloadNoun(kind, 2)}`;
    const cost =
      first.affected > 0 && first.downtime > 0
        ? `**about ${formatDuration(first.downtime)} of downtime** for ${perHost} on each host in turn`
        : 'no downtime';
    out.push({
      ...first,
      steps: run.flatMap((item) => item.steps),
      end: last.end,
      line: `Upgrade the ${thousands(run.length)} processing hosts (${hosts}) one at a time to ${up.version ? v(up.version) : 'the next version'}: ${up.subs} each. Takes about ${each} per host, ${formatDuration(last.end - first.start)} in all; ${cost}`,
    });
    i = j;
  }
  return out;
}

/** The procedure's items, as the document numbers them. Pure. */
function docItems(scenario: Scenario, impact: PlanImpact): DocItem[] {
  return mergeAlike(procedureItems(scenario, impact.steps, code), scenario);
}

/** `1–3, 5`: item numbers with runs folded. Pure. */
function numberRuns(numbers: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < numbers.length;) {
    let j = i;
    while (j + 1 < numbers.length && (numbers[j + 1] as number) === (numbers[j] as number) + 1) j++;
    parts.push(i === j ? String(numbers[i]) : `${numbers[i]}–${numbers[j]}`);
    i = j + 1;
  }
  return parts.join(', ');
}

/**
 * Where each item of the procedure comes from: the source document's steps, a vendor's
 * documentation, or Rehearse's assumptions (with the scenario key that changes each). Pure.
 */
function sources(scenario: Scenario, impact: PlanImpact): string[] {
  const byRef = new Map<string, { source: StepSource; items: number[] }>();
  docItems(scenario, impact).forEach((item, index) => {
    for (const step of item.steps) {
      const key = `${step.source.kind}\n${step.source.ref}`;
      let entry = byRef.get(key);
      if (!entry) byRef.set(key, (entry = { source: step.source, items: [] }));
      if (entry.items[entry.items.length - 1] !== index + 1) entry.items.push(index + 1);
    }
  });
  return [...byRef.values()].map(({ source, items }) => {
    const which = `${items.length === 1 ? 'Item' : 'Items'} ${numberRuns(items)}`;
    return `- ${which}: ${describeSource(source, { text: markdownText, code })}`;
  });
}

function procedure(scenario: Scenario, impact: PlanImpact): string[] {
  const items = docItems(scenario, impact);
  const lines: string[] = [];
  let hop = -1;
  items.forEach((item, index) => {
    if (item.hop !== hop) {
      if (hop >= 1 && scenario.path[hop - 1] !== undefined) {
        lines.push(
          '',
          `At that point ${everyHostRuns(scenario)} ${v(scenario.path[hop - 1] as string)}.`,
        );
      }
      hop = item.hop;
      if (lines.length > 0) lines.push('');
      lines.push(
        hop === 0
          ? `### ${scenario.path.length === 0 ? 'Update' : 'Preparation'}`
          : scenario.path.length === 1
            ? `### Upgrade to ${v(scenario.path[0] ?? scenario.version.to)}`
            : `### Step ${hop} of ${scenario.path.length}: upgrade to ${v(scenario.path[hop - 1] ?? scenario.version.to)}`,
        '',
      );
    }
    lines.push(itemLine(index + 1, item, scenario));
  });
  if (hop >= 1 && scenario.path[hop - 1] !== undefined) {
    lines.push(
      '',
      `After that, ${everyHostRuns(scenario)} ${v(scenario.path[hop - 1] as string)}.`,
    );
  }
  return lines;
}

/** `15 minutes`, or `between 5 minutes and 15 minutes`. Pure. */
function about(values: readonly number[]): string {
  const min = smallest(values);
  const max = largest(values);
  return min === max
    ? durationWords(max)
    : `between ${durationWords(min)} and ${durationWords(max)}`;
}

const RESTART_WORDS: Readonly<Record<string, readonly [string, string]>> = {
  reboot: ['host restart', 'host restarts'],
  install: ['installation', 'installations'],
  verify: ['check', 'checks'],
  wait: ['wait', 'waits'],
};

function note(
  scenario: Scenario,
  impact: PlanImpact,
  workloads: readonly WorkloadReport[],
): string {
  const kind = scenario.workloads[0]?.kind;
  const one = workloadNoun(kind, 1);
  const many = workloadNoun(kind, 2);
  const sentences: string[] = [];
  const isSwitch = (step: StepImpact): boolean =>
    step.action === 'failover' || step.action === 'switchover';
  const hurts = (step: StepImpact): boolean => step.affected > 0 && step.downtime > 0;
  if (scenario.system === 'standalone') {
    // Each step counts the whole outage it began: services stopped before the first hop's
    // install (hop 0 of an explicit plan) are that hop's downtime.
    const perHop = scenario.path.map((_, index) =>
      impact.steps
        .filter((step) => Math.max(step.hop, 1) === index + 1)
        .reduce((sum, step) => sum + step.downtime, 0),
    );
    const outages = largest(
      workloads.map((w) => w.outages),
      0,
    );
    sentences.push(
      `Please be advised that a single server cannot fail over: its ${many} are down from the moment they stop until the new version has passed its test.`,
    );
    if (perHop.length > 0 && outages > 0) {
      sentences.push(
        perHop.length === 1
          ? `The upgrade is expected to result in approximately ${about(perHop)} of downtime.`
          : `Each of the ${numberWords(perHop.length)} versions is expected to result in approximately ${about(perHop)} of downtime.`,
        `Therefore, you may experience ${numberWords(outages)} separate downtime ${outages === 1 ? 'interval' : 'intervals'}, ${durationWords(impact.maxDowntime)} in total, assuming the process proceeds smoothly.`,
      );
    }
  } else {
    const noun = roleChangeNoun(scenario.system);
    const count = impact.failovers;
    sentences.push(
      count === 0
        ? `Please be advised that no ${noun} will be performed.`
        : `Please be advised that ${numberWords(count)} ${count === 1 ? noun : `${noun}s`} will be performed.`,
    );
    const switches = impact.steps.filter(isSwitch);
    const hurting = switches.filter(hurts);
    if (switches.length > 0 && hurting.length === 0) {
      sentences.push(
        scenario.system === 'serverware'
          ? `No ${one} runs on the Primary, so the failovers are not expected to cause any downtime.`
          : `The switchovers are not expected to interrupt any ${one}.`,
      );
    } else if (hurting.length > 0) {
      const each = about(hurting.map((step) => step.downtime));
      sentences.push(
        hurting.length === switches.length
          ? switches.length === 1
            ? `The ${noun} is expected to result in approximately ${each} of downtime.`
            : `Each ${noun} is expected to result in approximately ${each} of downtime.`
          : `${capitalize(numberWords(hurting.length))} of them ${hurting.length === 1 ? 'is' : 'are'} expected to result in approximately ${each} of downtime.`,
        `Therefore, you may experience ${numberWords(hurting.length)} separate downtime ${hurting.length === 1 ? 'interval' : 'intervals'} of around ${each}${hurting.length > 1 ? ' each' : ''}, assuming the process proceeds smoothly.`,
      );
      const affected = largest(hurting.map((step) => step.affected));
      if (affected < scenario.workloads.length) {
        sentences.push(
          scenario.system === 'serverware'
            ? `The failover downtime affects only the ${plural(affected, one, many)} running on the Primary.`
            : `The switchover downtime affects ${plural(affected, one, many)} of ${thousands(scenario.workloads.length)}.`,
        );
      }
    }
    const others = impact.steps.filter((step) => !isSwitch(step) && hurts(step));
    const byAction = new Map<string, StepImpact[]>();
    for (const step of others)
      byAction.set(step.action, [...(byAction.get(step.action) ?? []), step]);
    for (const [action, steps] of byAction) {
      const [singular, pluralWord] = RESTART_WORDS[action] ?? [`${action} step`, `${action} steps`];
      const where = action === 'reboot' ? ` for the ${many} on the host in question only` : '';
      sentences.push(
        `${sentences.length > 1 ? 'Additionally, ' : ''}${numberWords(steps.length)} ${steps.length === 1 ? singular : pluralWord} will ${steps.length === 1 ? 'cause' : 'each cause'} approximately ${about(steps.map((step) => step.downtime))} of downtime${where}.`.replace(
          /^./,
          (c) => c.toUpperCase(),
        ),
      );
    }
  }
  if (impact.maxDowntime > 0 && scenario.system !== 'standalone') {
    sentences.push(
      `The longest total downtime of any one ${one} is approximately ${durationWords(impact.maxDowntime)}.`,
    );
  } else if (impact.maxDowntime === 0) {
    sentences.push(`No ${one} is expected to have any downtime.`);
  }
  sentences.push('Please note that the exact duration may vary depending on the server hardware.');
  return `**NOTE:** ${sentences.join(' ')}`;
}

function downtime(
  scenario: Scenario,
  impact: PlanImpact,
  workloads: readonly WorkloadReport[],
): string[] {
  const kind = scenario.workloads[0]?.kind;
  const noun = roleChangeNoun(scenario.system);
  const count = impact.failovers;
  const took = `the whole procedure takes about ${durationWords(impact.duration)} when nothing goes wrong.`;
  const lines = [
    scenario.system === 'standalone'
      ? capitalize(took)
      : `${count === 0 ? 'No' : capitalize(numberWords(count))} ${count === 1 ? noun : `${noun}s`} ${count === 1 ? 'is' : 'are'} performed; ${took}`,
    '',
  ];
  if (workloads.length === 0) return [...lines, `There are no ${workloadNoun(kind, 2)} to affect.`];
  const placement = new Map(scenario.workloads.map((w) => [w.name, w.placement]));
  const runsOn = (w: WorkloadReport): string => {
    const where = placement.get(w.name) ?? w.host;
    if (where === 'primary') return 'the Primary';
    if (where === 'active') return 'the active device';
    return code(where);
  };
  // Every workload is named: one row per host and figures, never cut short.
  const rows = groupWorkloads(workloads, runsOn);
  lines.push(
    `| ${capitalize(workloadNoun(kind, 2))} | Runs on | Outages | Total downtime |`,
    '| --- | --- | ---: | ---: |',
  );
  append(
    lines,
    rows.map(
      (row) =>
        `| ${markdownText(nameRuns(row.members))} | ${row.host} | ${row.outages} | ${formatDuration(row.downtime)} |`,
    ),
  );
  lines.push('', note(scenario, impact, workloads));
  return lines;
}

/**
 * The upgrade-impact document for a scenario, in Markdown: title, requirements, the procedure as
 * numbered items (one per host and version) with each item's downtime, and the downtime in total.
 * Runs the procedure once more without faults for each workload's figures. Pure.
 */
export function planMarkdown(scenario: Scenario, impact: PlanImpact): string {
  const { report } = simulate(plannedScenario(scenario));
  const title = `# Upgrade impact: ${systemTitle(scenario)}, ${v(scenario.version.from)} → ${v(scenario.version.to)}`;
  const lines = [
    title,
    '',
    `Scenario: *${markdownText(scenario.name)}*. Every duration below is the simulation's figure for the procedure as planned, assuming it proceeds smoothly${seedDraws(scenario).durations.length > 0 ? ', with the durations that vary at their mean' : ''}.`,
  ];
  if (scenario.description) lines.push('', paragraphs(scenario.description));
  lines.push('', '## Requirements', '', ...requirements(scenario));
  lines.push('', '## Upgrade path', '', ...pathSection(scenario));
  lines.push('', '## Procedure', '', ...procedure(scenario, impact));
  lines.push('', '## Where each step comes from', '', ...sources(scenario, impact));
  lines.push('', '## Downtime', '', ...downtime(scenario, impact, report.workloads));
  if (impact.warnings.length > 0) {
    lines.push(
      '',
      '## Warnings',
      '',
      ...impact.warnings.map((warning) => `- ${markdownText(warning)}`),
    );
  }
  return lines.join('\n');
}
