import type { FaultType, SystemKind } from './types';
import { matchesTarget, type HostView } from './procedureSteps';
import { assumed, documented, type StepSource } from './sources';

/**
 * The decision points: where a document leaves a choice to the operator, or a fault leaves more
 * than one sane way on. One record each: what the situation is, the options that can be legal
 * there on each system, and where the choice comes from. Every other place (the parser, the
 * procedure, the explorer, the debugger) reads this table.
 */
/** The options after a host's install, restart or check failed: the same at all three points. */
const HOST_STEP_FAILED = {
  serverware: ['reinstall', 'rollback-host', 'rollback-hop', 'abort'],
  'ha-pair': ['retry', 'rollback-host', 'rollback-pair', 'abort'],
  standalone: ['retry', 'rollback-host', 'abort'],
} as const;

export const DECISION_POINTS = {
  'install-failed': {
    situation: 'an install (or a GUI update) failed',
    options: HOST_STEP_FAILED,
  },
  'boot-failed': {
    situation: 'a host did not come back from its restart',
    options: HOST_STEP_FAILED,
  },
  'verify-failed': {
    situation: 'the check of an upgraded host failed',
    options: HOST_STEP_FAILED,
  },
  'step-failed': {
    situation: 'a step failed (a precheck, a backup, a role change)',
    options: {
      serverware: ['retry', 'rollback-hop', 'abort'],
      'ha-pair': ['retry', 'rollback-pair', 'abort'],
      standalone: ['retry', 'rollback-host', 'abort'],
    },
  },
  'sync-report-failed': {
    situation: 'the synchronization report shows configuration differences before the upgrade',
    options: { 'ha-pair': ['retry', 'continue', 'abort'] },
  },
  'final-sync-failed': {
    situation: 'the synchronization report fails after both devices were upgraded',
    options: { 'ha-pair': ['retry', 'rollback-pair', 'abort'] },
  },
  'sessions-not-synchronized': {
    situation: 'the critical sessions are not synchronized to the upgraded standby',
    options: { 'ha-pair': ['wait', 'switch-over-anyway', 'abort'] },
    words: { wait: 'wait a few minutes more, then compare the sessions again' },
  },
  'peer-down': {
    situation: 'the next change would touch a pair member whose peer is down or not ready',
    options: {
      serverware: ['wait', 'continue', 'abort'],
      'ha-pair': ['wait', 'continue', 'abort'],
    },
    words: { wait: 'wait for the peer to be back and ready (up to `recovery.hold`), then go on' },
  },
  'host-down': {
    situation: 'the next step names a host that is down',
    options: { serverware: ['wait', 'abort'], 'ha-pair': ['wait', 'abort'] },
    words: { wait: 'wait for the host to be back (up to `recovery.hold`), then go on' },
  },
} as const satisfies Record<string, PointRecord>;

/** One decision point of {@link DECISION_POINTS}. */
interface PointRecord {
  readonly situation: string;
  readonly options: Partial<Record<SystemKind, readonly DecisionOption[]>>;
  /** What an option does at this point, where that differs from its general words. */
  readonly words?: Partial<Record<DecisionOption, string>>;
}

export type DecisionPoint = keyof typeof DECISION_POINTS;

export const DECISION_POINT_NAMES = Object.keys(DECISION_POINTS) as DecisionPoint[];

/** What each option does, in words, for the debugger and the runbook. */
export const DECISION_OPTIONS = {
  retry: 'do the failed step again (at most `times` times)',
  reinstall: 'reinstall the failed host and restart it, then go on (at most `times` times)',
  'rollback-host': 'roll back (or restore) only the failed host, then stop',
  'rollback-pair': 'roll back both members of the pair, the standby first, then stop',
  'rollback-hop': 'roll every host back to the version the hop started from, then stop',
  wait: 'wait for what the situation waits for, then take it up again',
  'switch-over-anyway': 'switch over although the sessions are not synchronized',
  abort: 'stop here, leave the system serving as it is, and hand over for troubleshooting',
  continue: 'go on with the next step as if nothing were wrong',
} as const;

export type DecisionOption = keyof typeof DECISION_OPTIONS;

export const DECISION_OPTION_NAMES = Object.keys(DECISION_OPTIONS) as DecisionOption[];

/** Options a `times` count bounds. */
export const REPEATED_OPTIONS: ReadonlySet<DecisionOption> = new Set<DecisionOption>([
  'retry',
  'reinstall',
  'wait',
]);

/**
 * What `option` does at `point`, in words: the point's own where it has some (a wait at a peer
 * that is down waits for the peer; at unsynchronized sessions it compares them again), else the
 * option's. Pure.
 */
export function optionWords(point: DecisionPoint, option: DecisionOption): string {
  const record: PointRecord = DECISION_POINTS[point];
  return record.words?.[option] ?? DECISION_OPTIONS[option];
}

/** The options a system can have at a point (empty when the point does not exist there). Pure. */
export function optionsAt(point: DecisionPoint, system: SystemKind): readonly DecisionOption[] {
  const options: Partial<Record<SystemKind, readonly DecisionOption[]>> =
    DECISION_POINTS[point].options;
  return options[system] ?? [];
}

/**
 * The most decisions a scenario's `decisions:` entries take in all (their `times` added up): the
 * parser refuses more, and the procedure's bound on its steps makes room for this many.
 */
export const MOST_DECISIONS = 1_000;

/** A `decisions:` entry of a scenario (index = position in the list). */
export interface DecisionRule {
  readonly index: number;
  readonly at: DecisionPoint;
  /** Host name or role, matched like a fault's `when.host`. */
  readonly host?: string;
  readonly hop?: number;
  /** The fault type behind the failure. */
  readonly fault?: FaultType;
  readonly choose: DecisionOption;
  /** How many decisions the entry takes (for `retry`/`reinstall`, how many attempts). */
  readonly times: number;
  /** Who made the choice: a scenario's entry, or an operator in a drill. */
  readonly by?: 'scenario' | 'operator';
}

/** A decision the procedure took, as the report lists it. */
export interface DecisionTaken {
  readonly situation: DecisionPoint;
  readonly host?: string;
  readonly hop: number;
  /** The fault behind the failure, when one was injected. */
  readonly fault?: FaultType;
  readonly options: readonly DecisionOption[];
  readonly chosen: DecisionOption;
  readonly by: 'scenario' | 'default' | 'operator';
  /** The `decisions:` entry that chose, when one did. */
  readonly rule?: number;
  /** Where the chosen way on comes from. */
  readonly source: StepSource;
  /** Why the scenario's choice was not taken, when it could not be (illegal here). */
  readonly refused?: string;
  /** The id of the step the decision was taken at (a waiting step). */
  readonly step?: number;
}

/**
 * The options a source document prescribes at a decision point, where it prescribes any: the
 * others are the operator's choice, not the document's.
 */
const DOCUMENTED_OPTIONS: Partial<
  Record<SystemKind, Partial<Record<DecisionPoint, Partial<Record<DecisionOption, StepSource>>>>>
> = {
  'ha-pair': {
    'install-failed': {
      'rollback-host': documented('ha-pair', 'steps 5 and 7: roll back the current standby first'),
      'rollback-pair': documented(
        'ha-pair',
        'step 7: roll back the current standby first, then switch over and roll back the new standby',
      ),
    },
    'sync-report-failed': {
      retry: documented(
        'ha-pair',
        'step 2: locate the cause and resolve the configuration differences',
      ),
    },
    'final-sync-failed': {
      retry: documented('ha-pair', 'step 8: if it fails, perform manual synchronization'),
      abort: documented('ha-pair', 'step 8: if it still fails, troubleshoot issues'),
    },
    'sessions-not-synchronized': {
      wait: documented('ha-pair', 'step 6: wait a few minutes and compare sessions'),
    },
  },
  standalone: {
    'install-failed': {
      'rollback-host': documented(
        'standalone',
        'step 8: restore the system to the state before the upgrade',
      ),
    },
  },
};

/** The source of an option the document prescribes at a point (in {@link DOCUMENTED_OPTIONS}). */
function prescribed(system: SystemKind, point: DecisionPoint, option: DecisionOption): StepSource {
  const found = DOCUMENTED_OPTIONS[system]?.[point]?.[option];
  if (!found) throw new Error(`no documented ${option} at ${point} on ${system}`);
  return found;
}

/** The SERVERware recoveries Rehearse reads into a document that describes none. */
const SERVERWARE_READINGS: ReadonlySet<DecisionOption> = new Set([
  'reinstall',
  'rollback-host',
  'rollback-hop',
  'abort',
]);

/**
 * Where an option at a decision point comes from, whichever is taken: the document where it
 * prescribes that option there, else Rehearse's reading where it has one (SERVERware's
 * recoveries, the waits bounded by `recovery.hold`), else the operator's choice. A failed boot
 * or check reads as a failed install. Pure.
 */
export function optionSource(
  point: DecisionPoint,
  system: SystemKind,
  option: DecisionOption,
): StepSource {
  const failed = point === 'boot-failed' || point === 'verify-failed' ? 'install-failed' : point;
  const documentedHere = DOCUMENTED_OPTIONS[system]?.[failed]?.[option];
  if (documentedHere) return documentedHere;
  // Rehearse's own readings, where it has one for this option (the defaults' words).
  const reads =
    point === 'peer-down' || point === 'host-down'
      ? option === 'wait'
      : system === 'serverware' && SERVERWARE_READINGS.has(option);
  if (reads) return decisionSource(point, system, option, 'default');
  return assumed(
    `${option} at ${point} is the operator's choice, which the document does not prescribe`,
    'decisions',
  );
}

/** Where each point's choice comes from (the documented default, or Rehearse's). Pure. */
export function decisionSource(
  point: DecisionPoint,
  system: SystemKind,
  chosen: DecisionOption,
  by: DecisionTaken['by'],
): StepSource {
  if (by !== 'default') {
    return assumed(
      `the ${by === 'operator' ? 'operator' : 'scenario'} chose ${chosen} at ${point}`,
      'decisions',
    );
  }
  switch (point) {
    case 'sync-report-failed':
      return chosen === 'retry'
        ? prescribed('ha-pair', point, 'retry')
        : assumed(
            'after policy.sync-retries failed reports the procedure stops before any change',
            'policy.sync-retries',
          );
    case 'final-sync-failed':
      return prescribed('ha-pair', point, chosen === 'retry' ? 'retry' : 'abort');
    case 'sessions-not-synchronized':
      return chosen === 'wait'
        ? prescribed('ha-pair', point, 'wait')
        : assumed(
            'after policy.session-checks comparisons the switchover goes ahead and the interrupted services are restored',
            'policy.session-checks',
          );
    case 'peer-down':
      return assumed(
        'the derived procedure waits for a pair member up to recovery.hold, then stops with the system serving',
        'recovery.hold',
      );
    case 'host-down':
      return assumed(
        'the derived procedure waits for a host that is down up to recovery.hold, then stops with the system serving',
        'recovery.hold',
      );
    default:
      break;
  }
  if (system === 'standalone') {
    return chosen === 'rollback-host'
      ? prescribed('standalone', 'install-failed', 'rollback-host')
      : assumed('nothing changed yet: the procedure stops', 'decisions');
  }
  if (system === 'ha-pair') {
    if (chosen === 'abort') return assumed('nothing changed yet: the procedure stops', 'decisions');
    // Steps 5 and 7 prescribe a rollback after a failed upgrade, not after another failed step
    // (a crash during a switchover, say): there it is chosen, as the rollback's steps say.
    return point === 'step-failed'
      ? assumed(
          "the document prescribes a rollback only after a failed upgrade (steps 5 and 7); after another failed step Rehearse rolls back in step 7's order",
          'decisions',
        )
      : prescribed('ha-pair', 'install-failed', 'rollback-host');
  }
  if (chosen === 'reinstall')
    return assumed(
      'the SERVERware document describes no recovery from a failed upgrade; Rehearse reinstalls the failed host, which carries no VPS of the Primary, and goes on',
      'recovery.reinstalls',
    );
  if (chosen === 'rollback-host')
    return assumed(
      'the SERVERware document describes no rollback; Rehearse brings only the failed host back on the version it ran, off the Primary, so that its VPSs can run, and stops for support with the Primary serving',
      'decisions',
    );
  if (chosen === 'rollback-hop')
    return assumed(
      'the SERVERware document describes no rollback; Rehearse rolls every host back to the version the hop started from, failing over as needed',
      'recovery.serverware',
    );
  return assumed(
    'the SERVERware document describes no rollback; Rehearse stops for support with the Primary serving',
    'recovery.serverware',
  );
}

/** What the procedure knows at a decision point. */
export interface DecisionSituation {
  readonly point: DecisionPoint;
  readonly system: SystemKind;
  /** The host the failed or waiting step names, as the procedure sees it now. */
  readonly host?: HostView;
  readonly hop: number;
  readonly fault?: FaultType;
  /** The options legal here now, in the table's order. */
  readonly legal: readonly DecisionOption[];
  /** What Rehearse does when nobody chose: the documented way, or its named assumption. */
  readonly fallback: DecisionOption;
}

/** The first entry of `decisions:` that matches the situation and has uses left. Pure. */
export function matchingRule(
  rules: readonly DecisionRule[],
  uses: readonly number[],
  s: DecisionSituation,
): DecisionRule | undefined {
  return rules.find((rule) => {
    if ((uses[rule.index] ?? 0) >= rule.times) return false;
    if (rule.at !== s.point) return false;
    if (rule.hop !== undefined && rule.hop !== s.hop) return false;
    if (rule.fault !== undefined && rule.fault !== s.fault) return false;
    if (rule.host !== undefined && (s.host === undefined || !matchesTarget(s.host, rule.host)))
      return false;
    return true;
  });
}

/**
 * Takes the decision: the scenario's (or the operator's) choice when an entry matches and its
 * option is legal here, else the default. An entry whose option is not legal now is used up
 * and named in `refused`. Pure.
 * @returns the decision and the entries' uses after it.
 */
export function decide(
  rules: readonly DecisionRule[],
  uses: readonly number[],
  s: DecisionSituation,
): { readonly taken: DecisionTaken; readonly uses: readonly number[] } {
  const rule = matchingRule(rules, uses, s);
  const next = uses.slice();
  if (rule !== undefined) next[rule.index] = (next[rule.index] ?? 0) + 1;
  const legal = rule !== undefined && s.legal.includes(rule.choose);
  const chosen = legal ? rule.choose : s.fallback;
  const by: DecisionTaken['by'] = legal ? (rule.by ?? 'scenario') : 'default';
  const taken: DecisionTaken = {
    situation: s.point,
    ...(s.host ? { host: s.host.name } : {}),
    hop: s.hop,
    ...(s.fault ? { fault: s.fault } : {}),
    options: s.legal,
    chosen,
    by,
    ...(rule !== undefined ? { rule: rule.index } : {}),
    source: decisionSource(s.point, s.system, chosen, by),
    ...(rule !== undefined && !legal
      ? {
          refused: `decisions[${rule.index}] chose ${rule.choose}, which is not possible here (possible: ${s.legal.join(', ')}); ${chosen} was taken instead`,
        }
      : {}),
  };
  return { taken, uses: next };
}
