/**
 * Hands-on drills, as pure functions: the trainee writes the procedure one step at a time, each
 * step one of the explicit plan's (`plan:`), and the run of the plan so far is judged at once.
 * The steps on offer come from the parser's own table of plan steps; a step chosen is a `plan:`
 * item, read by the parser like any written plan.
 */
import { stringify } from 'yaml';
import {
  formatDuration,
  writtenIndex,
  MONITORS,
  parseScenario,
  PLAN_STEPS,
  planProcedure,
  scenarioToYaml,
} from '../../sim';
import type {
  FaultSpec,
  HostReport,
  InvariantId,
  PlannedStep,
  Run,
  Scenario,
  StepRecord,
  StepSource,
  Violation,
} from '../../sim';
import {
  drillHeader,
  drillScenario,
  drilledScenario,
  type DrillChoice,
  type PlanItem,
} from './drillLogic';

/** One way to take a step now: the `plan:` item, and what its button says. */
export interface StepOffer {
  readonly item: PlanItem;
  /** The argument in words (a host with the role it has now, `off`, `5m`); `''` for a bare step. */
  readonly label: string;
}

/** A plan step (a key of the parser's table) with the ways it can be taken now. */
export interface StepGroup {
  readonly name: string;
  readonly offers: readonly StepOffer[];
}

/** `upgrade device-b`, `switchover`, `preemption off`: a `plan:` item in words. Pure. */
export function itemLabel(item: PlanItem): string {
  if (typeof item === 'string') return item;
  return Object.entries(item)
    .map(([name, arg]) => {
      if (typeof arg !== 'object' || arg === null) return `${name} ${String(arg)}`;
      const { host, to } = arg as { host?: string; to?: string };
      return `${name} ${host ?? ''}${to === undefined ? '' : ` to ${to}`}`;
    })
    .join(', ');
}

/** A role as the documents write it: SERVERware's Primary and Secondary, an HA pair's active and standby. */
const ROLE_WORDS: Readonly<Record<string, string>> = {
  primary: 'Primary',
  secondary: 'Secondary',
};

function roleWord(role: string): string {
  return ROLE_WORDS[role] ?? role;
}

function hostLabel(host: HostReport): string {
  return host.role === host.kind ? host.name : `${host.name} (${roleWord(host.role)})`;
}

/**
 * The plan steps the trainee can take now, from the parser's table (`PLAN_STEPS`): those of the
 * scenario's system, each with the hosts it can act on as they are at the end of the run so far
 * (an upgrade only for a host not yet at the target, a rollback only for one that moved), and
 * by a pair's roles (`upgrade: standby`: whichever member is standby when the step runs). None
 * once the run so far has stopped short of completing: a procedure that stopped takes no more
 * steps. Pure.
 */
export function stepsNow(scenario: Scenario, run: Run): readonly StepGroup[] {
  if (run.report.outcome !== 'completed') return [];
  const hosts = run.report.hosts;
  const target = scenario.path[scenario.path.length - 1] ?? scenario.version.to;
  const pair = hosts.filter((host) => host.kind === 'device' || host.kind === 'storage');
  // A pair's roles name whichever member holds the role when the step runs.
  const roles = [...new Set(pair.map((host) => host.role))].sort();
  const each = (name: string, of: readonly HostReport[], byRole = false): StepOffer[] => [
    ...of.map((host) => ({ item: { [name]: host.name }, label: hostLabel(host) })),
    ...(byRole
      ? roles.map((role) => ({ item: { [name]: role }, label: `the ${roleWord(role)}` }))
      : []),
  ];
  const groups: StepGroup[] = [];
  for (const [name, kind] of Object.entries(PLAN_STEPS)) {
    if (kind.systems !== undefined && !kind.systems.includes(scenario.system)) continue;
    let offers: StepOffer[];
    switch (kind.arg) {
      case 'none':
      case 'server':
        offers = [{ item: name, label: '' }];
        break;
      case 'optional-host':
        offers = [{ item: name, label: '' }, ...each(name, pair, true)];
        break;
      case 'backup':
        offers = [
          { item: { backup: 'all' }, label: 'all' },
          ...(scenario.system === 'serverware' ? [] : each(name, hosts)),
        ];
        break;
      case 'preemption':
        offers = ['off', 'restore'].map((value) => ({ item: { [name]: value }, label: value }));
        break;
      case 'wait':
        offers = [{ item: name, label: formatDuration(scenario.durations.wait) }];
        break;
      case 'host':
        offers = each(
          name,
          name === 'demote' ? pair : hosts.filter((host) => host.state !== 'down'),
          true,
        );
        break;
      case 'host-to':
        offers = each(
          name,
          hosts.filter((host) =>
            name === 'rollback' ? host.version !== scenario.version.from : host.version !== target,
          ),
          // A role only while a member of the pair can still take the step.
          pair.some((host) =>
            name === 'rollback' ? host.version !== scenario.version.from : host.version !== target,
          ),
        );
        break;
    }
    if (offers.length > 0) groups.push({ name, offers });
  }
  return groups;
}

/**
 * The planned steps of `plan:` = `steps`, as the parser reads them from a scenario file (each
 * with its `plan[i]` source): the run of a hands-on drill is the run of that file. Pure.
 * @throws ScenarioError when a step is not one the scenario accepts.
 */
export function handsOnPlan(scenario: Scenario, steps: readonly PlanItem[]): PlannedStep[] {
  if (steps.length === 0) return [];
  const { decisions: _decisions, expect: _expect, ...rest } = scenario;
  const bare: Scenario = { ...rest, faults: [], plan: 'auto' };
  const text = `${scenarioToYaml(bare)}${stringify({ plan: steps }, { lineWidth: 0 })}`;
  const { plan } = parseScenario(text, 'hands-on.yaml');
  return plan === 'auto' ? [] : [...plan];
}

/**
 * The scenario a hands-on drill runs: its plan so far in `plan:`, the trainee's choices at
 * decision points in `decisions:`, and no `expect:` (the trainee's run is not the one the
 * scenario's expectations describe). Pure.
 */
export function handsOnScenario(
  scenario: Scenario,
  plan: readonly PlannedStep[],
  choices: readonly DrillChoice[],
): Scenario {
  return { ...drilledScenario(scenario, choices), plan, expect: undefined };
}

/** A hands-on drill as a scenario file: `rehearse run` replays the trainee's run from it. Pure. */
export function handsOnYaml(
  scenario: Scenario,
  live: readonly FaultSpec[],
  choices: readonly DrillChoice[],
  plan: readonly PlannedStep[],
): string {
  return (
    drillHeader(choices.length, true) +
    scenarioToYaml(handsOnScenario(drillScenario(scenario, live, []), plan, choices))
  );
}

/** An invariant a step of the trainee broke: the promise, what happened, and what the document does. */
export interface BrokenRule {
  readonly invariant: InvariantId;
  /** What the invariant promises, in words. */
  readonly promise: string;
  readonly violation: Violation;
  /** The violation's message in the trainee's terms (see {@link inYourSteps}). */
  readonly message: string;
  /** The documented procedure's step that keeps the invariant, where the run can name one. */
  readonly documented?: StepSource;
}

/** What one step of the trainee did to the invariants. */
export interface StepVerdict {
  /** Index of the step in `plan:`. */
  readonly index: number;
  readonly item: PlanItem;
  /**
   * Its first action's status in the run (a step the procedure never reached is `pending`), or
   * `recovered` when that action failed and the step's last action was done (a reinstall the
   * trainee chose succeeded).
   */
  readonly status: StepRecord['status'] | 'recovered';
  readonly broken: readonly BrokenRule[];
}

/** The step the run was in at `at`: the last one started by then. */
function stepAt(steps: readonly StepRecord[], at: number): number {
  let found = -1;
  steps.forEach((step, position) => {
    if (step.start !== undefined && step.start <= at) found = position;
  });
  return found;
}

/**
 * The documented procedure's step that keeps an invariant: one of the steps that keep it (a
 * backup, the sync check; the last of them for what is checked at the end, such as preemption
 * restored), or the document's own step doing what the offending step did — on the same host
 * first. Pure.
 */
function documentedStep(
  id: InvariantId,
  offending: StepRecord | undefined,
  documented: readonly PlannedStep[],
  ending: boolean,
): StepSource | undefined {
  const keptBy = MONITORS.find((monitor) => monitor.id === id)?.keptBy;
  if (keptBy) {
    const keepers = documented.filter((step) => keptBy.includes(step.action));
    return (ending ? keepers[keepers.length - 1] : keepers[0])?.source;
  }
  if (!offending) return undefined;
  const same = documented.filter((step) => step.action === offending.action);
  return (same.find((step) => step.host === offending.host) ?? same[0])?.source;
}

/** The verdicts on the trainee's procedure so far. */
interface Verdicts {
  readonly steps: readonly StepVerdict[];
  /**
   * What the checks at the end of a run find (`settles`, preemption restored): what would be
   * broken if the procedure ended here, no step's doing yet.
   */
  readonly atEnd: readonly BrokenRule[];
}

/**
 * Each step of the trainee with the invariants it broke: every violation of the run charged to
 * the written step it happened in (a recovery step's to the written step before it), with the
 * invariant's promise and the documented procedure's step that keeps it; what the checks at the
 * end of the run find apart. Pure.
 * @param documented The procedure Rehearse derives for the scenario (`plan: auto`).
 */
export function stepVerdicts(
  run: Run,
  steps: readonly PlanItem[],
  documented: readonly PlannedStep[],
): Verdicts {
  const { duration, trace } = run.report;
  const records = run.report.steps;
  const atEnd: BrokenRule[] = [];
  const indexOf = (record: StepRecord | undefined) => {
    const index = record === undefined ? undefined : writtenIndex(record.source);
    return index !== undefined && index < steps.length ? index : undefined;
  };
  const broken: BrokenRule[][] = steps.map(() => []);
  for (const invariant of run.report.invariants) {
    const monitor = MONITORS.find((candidate) => candidate.id === invariant.id);
    const promise = monitor?.title ?? '';
    const last = invariant.violations[invariant.violations.length - 1];
    for (const violation of invariant.violations) {
      // The end-of-run check's finding: the last violation, on the run's last entry at its end.
      const ending =
        monitor?.finish !== undefined &&
        violation === last &&
        violation.at === duration &&
        violation.seq === Math.max(0, trace.length - 1);
      let position = stepAt(records, violation.at);
      const offending = records[position];
      while (position >= 0 && indexOf(records[position]) === undefined) position -= 1;
      const index = indexOf(records[position]) ?? 0;
      const source = documentedStep(
        invariant.id,
        ending ? undefined : offending,
        documented,
        ending,
      );
      const rule: BrokenRule = {
        invariant: invariant.id,
        promise,
        violation,
        message: inYourSteps(violation.message, (number) => indexOf(records[number - 1])),
        ...(source ? { documented: source } : {}),
      };
      if (ending) atEnd.push(rule);
      else broken[index]?.push(rule);
    }
  }
  return {
    steps: steps.map((item, index) => ({
      index,
      item,
      status: statusOf(records.filter((record) => indexOf(record) === index)),
      broken: (broken[index] ?? []).sort((a, b) => a.violation.seq - b.violation.seq),
    })),
    atEnd,
  };
}

/** A written step's status from its actions in the run (see {@link StepVerdict}). Pure. */
function statusOf(actions: readonly StepRecord[]): StepVerdict['status'] {
  const first = actions[0]?.status ?? 'pending';
  return first === 'failed' && actions.length > 1 && actions[actions.length - 1]?.status === 'done'
    ? 'recovered'
    : first;
}

/**
 * A violation's message with the run's step numbers ("during step 5 (reboot on device-a)") in
 * the trainee's: the run numbers every action, and one step of the trainee's (`upgrade device-a`)
 * is several of them, so its "step 5" was the trainee's step 2. A step the trainee did not write
 * (a recovery) is said to be one. Pure.
 * @param written The trainee's step (its index in `plan:`) that the run's step `number` carries out.
 */
export function inYourSteps(
  message: string,
  written: (number: number) => number | undefined,
): string {
  return message.replace(
    /\b(during|at the end of) step (\d+) \(/g,
    (_, during: string, number: string) => {
      const index = written(Number(number));
      return index === undefined
        ? `${during} a step not in your procedure (`
        : `${during} your step ${index + 1} (`;
    },
  );
}

/** The procedure Rehearse derives for the scenario: what the trainee is measured against. Pure. */
export function documentedPlan(scenario: Scenario): readonly PlannedStep[] {
  return planProcedure({ ...scenario, plan: 'auto' });
}
