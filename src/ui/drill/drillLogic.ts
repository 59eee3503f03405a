/**
 * Drill mode, as pure functions: a trainee takes the decisions of a scenario's run one by one.
 * Each choice is a `decisions:` entry (`by: operator`, `times: 1`) placed before the scenario's
 * own entries, so it is the one that matches at its decision point; the run before the point is
 * simulated identically, and the run after it follows the choice.
 */
import { LIMITS, scenarioToYaml } from '../../sim';
import type {
  DecisionOption,
  DecisionRecord,
  DecisionRule,
  FaultSpec,
  PlannedStep,
  Run,
  Scenario,
  StepSource,
} from '../../sim';

/** One choice of the trainee, with what the run would have done there without it. */
export interface DrillChoice {
  /** The `decisions:` entry the choice adds. */
  readonly rule: DecisionRule;
  /** Virtual time of the decision point (ms). */
  readonly at: number;
  readonly options: readonly DecisionOption[];
  /** What the run took there before the trainee chose: the documented default (or the scenario's entry). */
  readonly fallback: DecisionOption;
  readonly fallbackBy: DecisionRecord['by'];
  /** Where the fallback comes from. */
  readonly source: StepSource;
}

/** A step as an item of `plan:` holds it: a bare name, or a one-key mapping (`upgrade: device-b`). */
export type PlanItem = string | Readonly<Record<string, unknown>>;

/**
 * A hands-on drill's procedure so far: the steps the trainee took, as `plan:` items, and the
 * planned steps the parser reads from them.
 */
export interface HandsOn {
  readonly steps: readonly PlanItem[];
  readonly plan: readonly PlannedStep[];
}

/** A drill on the scenario on screen. */
export interface Drill {
  /** Hands-on: the trainee takes every step of the procedure, not only its decisions. */
  readonly handsOn?: HandsOn;
  /** The trainee's choices, in the order the decision points came. */
  readonly choices: readonly DrillChoice[];
  /** Fault markers ahead of the playhead are not drawn until the debrief. */
  readonly hideFaults: boolean;
  /** The invariants panel (and violation markers ahead of the playhead) are hidden until the debrief. */
  readonly hideInvariants: boolean;
  /** Whether the debrief is open. */
  readonly debrief: boolean;
  /** The run without the trainee's choices, when it is known (it is the run the drill started on). */
  readonly baseline?: Run;
}

/** How a drill starts: hands-on or not, and what the trainer hides. */
interface DrillSettings {
  readonly handsOn: boolean;
  readonly hideFaults: boolean;
  readonly hideInvariants: boolean;
}

/**
 * A fresh drill on a run: no choices yet, the run itself as the baseline (a hands-on drill
 * starts with `steps`, and its baseline is the run of the derived procedure). Pure.
 */
export function startDrill(
  run: Run | undefined,
  settings: Partial<DrillSettings> = {},
  handsOn?: HandsOn,
): Drill {
  return {
    choices: [],
    hideFaults: settings.hideFaults ?? false,
    hideInvariants: settings.hideInvariants ?? false,
    debrief: false,
    ...(handsOn ? { handsOn } : {}),
    ...(run ? { baseline: run } : {}),
  };
}

/**
 * The scenario with the trainee's choices as `decisions:` entries, ahead of its own entries (an
 * entry of the scenario matching the same point would otherwise take the decision first). Once a
 * choice differs from what the scenario's run took there, its `expect:` is left out, as a
 * hands-on drill's is (`handsOnScenario`): it describes the scenario's run, not the trainee's.
 * Before, a sound choice (a retry that completed with half the downtime) read "misses 6 of its
 * scenario's expectations" in red, each announced as "Expectation missed", and the exported
 * drill failed `rehearse run`. Pure.
 */
export function drilledScenario(scenario: Scenario, choices: readonly DrillChoice[]): Scenario {
  if (choices.length === 0) return scenario;
  const decisions = [...choices.map((choice) => choice.rule), ...(scenario.decisions ?? [])].map(
    (rule, index): DecisionRule => ({ ...rule, index }),
  );
  return differingChoices(choices).length === 0
    ? { ...scenario, decisions }
    : { ...scenario, decisions, expect: undefined };
}

/**
 * Why the drill cannot take one more choice, or undefined when it can. A choice is one more
 * `decisions:` entry (`times: 1`) of the drill's scenario, which is what the drill exports and
 * shares; past the parser's limits (`LIMITS.decisions` entries, `LIMITS.decisionTimes` decisions
 * in all) that file would be refused when opened. The choice is refused then rather than made
 * room for: a trainer expects the export to be the scenario as written with the trainee's
 * choices ahead of its entries, replaying the very run drilled, and lowering or dropping an
 * entry of the scenario's would change what it decides at the points after the trainee's. Pure.
 */
export function choiceRefused(
  scenario: Scenario,
  choices: readonly DrillChoice[],
): string | undefined {
  const own = scenario.decisions ?? [];
  const entries = own.length + choices.length + 1;
  const taken = own.reduce((sum, rule) => sum + rule.times, 0) + choices.length + 1;
  const count = (n: number) => n.toLocaleString('en-US');
  const past =
    entries > LIMITS.decisions
      ? `this one would be entry ${count(entries)}, more than the ${count(LIMITS.decisions)} a scenario file may hold`
      : taken > LIMITS.decisionTimes
        ? `this one would take decision ${count(taken)} of the entries' times added up, more than the ${count(LIMITS.decisionTimes)} a scenario file may`
        : undefined;
  return past === undefined
    ? undefined
    : `a drill writes each choice as a decisions: entry, and ${past}, so the drill could not be exported or shared. Drill a copy of the scenario with fewer decisions: entries.`;
}

/** The decision point a drill stops at next: the first the trainee has not decided. */
export interface PendingDecision {
  readonly index: number;
  readonly decision: DecisionRecord;
  /**
   * The trace entry the procedure took the decision at: the playhead stops just before it, with
   * the failure (or the wait) that led there on screen.
   */
  readonly seq: number;
}

/**
 * How far a drill's run is the trainee's: up to the playhead's stop before the first decision
 * still to take (the failure that asks for it on screen). Past it the run was simulated with
 * the documented default only so that there is a run to draw: what follows is the trainee's to
 * choose, so no view shows it and no seek goes there. `undefined`: no drill, its debrief open,
 * or every decision taken. Pure.
 */
export function undecidedPoint(
  drill: Drill | undefined,
  run: Run | undefined,
  pending: (run: Run) => PendingDecision | undefined = pendingDecision,
): { readonly cursor: number; readonly time: number } | undefined {
  if (!drill || drill.debrief || !run) return undefined;
  const stop = pending(run);
  return stop && { cursor: Math.max(0, stop.seq - 1), time: stop.decision.at };
}

/** The first decision of the run the trainee has not taken, if any. Pure. */
export function pendingDecision(run: Run): PendingDecision | undefined {
  const index = run.report.decisions.findIndex((decision) => decision.by !== 'operator');
  const decision = run.report.decisions[index];
  if (decision === undefined) return undefined;
  return { index, decision, seq: decisionSeq(run, index) };
}

/**
 * The trace entry the procedure took decision `index` at: its first transition at the
 * decision's time (decisions taken at the same instant come one per procedure transition, in
 * order), or the run's last entry. Pure.
 */
export function decisionSeq(run: Run, index: number): number {
  const { decisions, trace } = run.report;
  const decision = decisions[index];
  if (decision === undefined) return trace.length - 1;
  let skip = 0;
  for (let i = 0; i < index; i++) if (decisions[i]?.at === decision.at) skip += 1;
  for (const entry of trace) {
    if (entry.at < decision.at || entry.actor !== 'procedure') continue;
    if (entry.at > decision.at || skip === 0) return entry.seq;
    skip -= 1;
  }
  return trace.length - 1;
}

/** The choice of `option` at a pending decision: the entry it adds and what it replaces. Pure. */
export function choiceAt(pending: PendingDecision, option: DecisionOption): DrillChoice {
  const { decision } = pending;
  const rule: DecisionRule = {
    index: 0,
    at: decision.situation,
    ...(decision.host !== undefined ? { host: decision.host } : {}),
    hop: decision.hop,
    ...(decision.fault !== undefined ? { fault: decision.fault } : {}),
    choose: option,
    times: 1,
    by: 'operator',
  };
  return {
    rule,
    at: decision.at,
    options: decision.options,
    fallback: decision.chosen,
    fallbackBy: decision.by,
    source: decision.source,
  };
}

/** The scenario a drill shares and exports: its choices in `decisions:`, live faults in `faults:`. Pure. */
export function drillScenario(
  scenario: Scenario,
  live: readonly FaultSpec[],
  choices: readonly DrillChoice[],
): Scenario {
  const whole =
    live.length === 0 ? scenario : { ...scenario, faults: [...scenario.faults, ...live] };
  return drilledScenario(whole, choices);
}

/**
 * The comment an exported drill starts with: which entries are the trainee's, and that a replay
 * lists the trainee's choices as the scenario's (`by: scenario`), the debugger as the operator's.
 * Pure.
 */
export function drillHeader(choices: number, handsOn: boolean): string {
  const lines = [
    `# A ${handsOn ? 'hands-on drill' : 'drill'} exported from the Rehearse debugger: rehearse run replays the trainee's run.`,
    ...(handsOn ? ["# plan: is the trainee's procedure, one step as taken per item."] : []),
    ...(choices > 0
      ? [
          `# The first ${choices === 1 ? "entry of decisions: is the trainee's choice" : `${choices} entries of decisions: are the trainee's choices`}: by: operator in the`,
          '# debugger; a replay of this file lists them as by: scenario (the scenario chose ...).',
        ]
      : []),
  ];
  return `${lines.join('\n')}\n`;
}

/** The drill as a scenario file: `rehearse run` replays the trainee's run from it. Pure. */
export function drillYaml(
  scenario: Scenario,
  live: readonly FaultSpec[],
  choices: readonly DrillChoice[],
): string {
  return (
    drillHeader(choices.length, false) + scenarioToYaml(drillScenario(scenario, live, choices))
  );
}

/** The choices that differ from what the run would have done there without the trainee. Pure. */
export function differingChoices(choices: readonly DrillChoice[]): readonly DrillChoice[] {
  return choices.filter((choice) => choice.rule.choose !== choice.fallback);
}
