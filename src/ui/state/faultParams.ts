/**
 * The fault form's parameters: which of `duration`, `times`, `sessions` and `check` a fault type
 * takes, and the form's text read into a fault exactly as the scenario parser reads a `faults:`
 * entry (same checks, same messages), so what the form injects is what a file could say.
 */
import { faultRecord, strikesAtItsTime } from '../../../machines/faultTable';
import { formatDuration, readFaultEntry, ScenarioError } from '../../sim';
import type { FaultSpec, FaultType, PrecheckKind, Scenario } from '../../sim';

/** A parameter of a `faults:` entry beside `fault`, `target` and `when`. */
export type FaultParam = 'duration' | 'times' | 'sessions' | 'check';

/** The parameters of a live fault, as the engine takes them. */
export interface FaultParams {
  readonly duration?: number;
  readonly times?: number;
  readonly sessions?: number;
  readonly check?: PrecheckKind;
}

/** What a parameter means, for its field's hint. */
export const PARAM_HINTS: Readonly<Record<FaultParam, string>> = {
  duration: 'how long its effect lasts (e.g. 40m); empty: the default',
  times: 'how many attempts in a row fail; empty: 1',
  sessions: 'how many session groups are lost; empty: 1',
  check: 'the prerequisite that is missing',
};

/** What a precheck failure can fail (`check:`), in the table's order. */
export function precheckKinds(): readonly PrecheckKind[] {
  return Object.keys(faultRecord('precheck-failure').checks ?? {}) as PrecheckKind[];
}

/**
 * The parameters a fault type takes: `duration` where its effect lasts (a slow failover, a
 * crash's downtime, a resilver, a console recovery), `times` where it fails the steps it acts on
 * (each attempt takes one; not for a power loss, which the form injects at a time and which then
 * strikes its host once, at that time), `sessions` for a session loss, `check` for
 * a failed prerequisite. Pure.
 */
export function faultParams(fault: FaultType): readonly FaultParam[] {
  const record = faultRecord(fault);
  return [
    ...(record.lasts !== undefined ? (['duration'] as const) : []),
    ...(record.timing === 'step-bound' && !strikesAtItsTime(fault) ? (['times'] as const) : []),
    ...(fault === 'session-loss' ? (['sessions'] as const) : []),
    ...(record.checks !== undefined ? (['check'] as const) : []),
  ];
}

/** The form's fields as typed: an empty field is the parameter's default. */
export type FaultFields = Readonly<Partial<Record<FaultParam, string>>>;

/** The text of a whole-number field as YAML would read it: a number when it is one. */
function asYaml(param: FaultParam, text: string): unknown {
  if ((param === 'times' || param === 'sessions') && /^\s*-?\d+\s*$/.test(text))
    return Number(text);
  return text.trim();
}

/**
 * The form read into a live fault `fault` on `target` at virtual time `at`: the fault, or, per
 * field, why it is refused (`duration: …`). Only the parameters the fault type takes are read;
 * each is checked alone, so every wrong field says so at once. Pure.
 */
export function readFaultForm(
  scenario: Scenario,
  live: readonly FaultSpec[],
  fault: FaultType,
  target: string,
  at: number,
  fields: FaultFields,
):
  | { readonly spec: FaultSpec }
  | { readonly errors: Readonly<Partial<Record<FaultParam, string>>> } {
  const base = { fault, target, when: { at: formatDuration(at) } };
  const given = faultParams(fault).flatMap((param) => {
    const text = fields[param] ?? '';
    return text.trim() === '' ? [] : [[param, asYaml(param, text)] as const];
  });
  // The live faults come after the scenario's own: the fault's index follows them all.
  const withLive: Scenario = { ...scenario, faults: [...scenario.faults, ...live] };
  const errors: Partial<Record<FaultParam, string>> = {};
  for (const [param, value] of given) {
    try {
      readFaultEntry(withLive, { ...base, [param]: value });
    } catch (error) {
      errors[param] = fieldError(param, error);
    }
  }
  if (Object.keys(errors).length > 0) return { errors };
  return { spec: readFaultEntry(withLive, { ...base, ...Object.fromEntries(given) }) };
}

/** A parser's refusal of one field, in the form's words: `duration: "soon" is not a duration…`. */
function fieldError(param: FaultParam, error: unknown): string {
  if (error instanceof ScenarioError)
    return `${param}: ${error.reason}${error.expected === undefined ? '' : ` (expected ${error.expected})`}`;
  return `${param}: ${error instanceof Error ? error.message : String(error)}`;
}
