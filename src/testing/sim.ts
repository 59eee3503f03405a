import {
  formatDuration,
  optionsAt,
  parseDuration,
  parseScenario,
  readFaultEntry,
  simulate,
} from '../sim';
import type {
  DecisionOption,
  DecisionPoint,
  DecisionRule,
  FaultSpec,
  FaultType,
  HostState,
  Run,
  Scenario,
  StepName,
} from '../sim';

/**
 * Where an injected fault fires: a step name such as `'install'`, a virtual time such as `'1h30m'`,
 * or `{ step, hop?, host? }`.
 */
export type When =
  { readonly step: StepName; readonly hop?: number; readonly host?: string } | string;

/** `when` as a scenario file writes it. */
function whenEntry(when: When): Record<string, unknown> {
  if (typeof when === 'object') return { ...when };
  if (/^\d/.test(when)) return { at: when };
  return { step: when };
}

/**
 * A fluent headless driver for runs, for tests:
 * `sim(yaml).inject('upgrade-failure', 'secondary', 'install').advance('1h').expectState('storage-2', 'failed')`.
 * Every call returns a new driver; the run is simulated once, lazily, and replayed for any instant.
 */
export class SimDriver {
  private cached: Run | undefined;

  constructor(
    readonly scenario: Scenario,
    private readonly time = 0,
  ) {}

  /**
   * Adds a fault exactly as the same `faults:` entry in the scenario file would: the parser's
   * defaults (`when` from the fault table) and its checks, which throw its ScenarioError.
   */
  inject(
    fault: FaultType,
    target?: string,
    when?: When,
    extra: Partial<Pick<FaultSpec, 'duration' | 'times' | 'sessions' | 'check'>> = {},
  ): SimDriver {
    const spec = readFaultEntry(this.scenario, {
      fault,
      ...(target !== undefined ? { target } : {}),
      ...(when !== undefined ? { when: whenEntry(when) } : {}),
      ...(extra.duration !== undefined ? { duration: formatDuration(extra.duration) } : {}),
      ...(extra.times !== undefined ? { times: extra.times } : {}),
      ...(extra.check !== undefined ? { check: extra.check } : {}),
      ...(extra.sessions !== undefined ? { sessions: extra.sessions } : {}),
    });
    return new SimDriver({ ...this.scenario, faults: [...this.scenario.faults, spec] }, this.time);
  }

  /**
   * Chooses at a decision point, as a scenario's `decisions:` entry would:
   * `sim(yaml).inject('upgrade-failure', 'standby', 'install').decide('install-failed', 'retry')`.
   * @throws when the option is not one the system has at that point (the message lists them).
   */
  decide(
    at: DecisionPoint,
    choose: DecisionOption,
    match: {
      readonly host?: string;
      readonly hop?: number;
      readonly fault?: FaultType;
      readonly times?: number;
    } = {},
  ): SimDriver {
    const legal = optionsAt(at, this.scenario.system);
    if (!legal.includes(choose)) {
      throw new Error(
        legal.length === 0
          ? `${at} is not a decision point of ${this.scenario.system}`
          : `${choose} is not an option at ${at} on ${this.scenario.system} (options: ${legal.join(', ')})`,
      );
    }
    const rules = this.scenario.decisions ?? [];
    const rule: DecisionRule = {
      index: rules.length,
      at,
      choose,
      times: match.times ?? 1,
      ...(match.host !== undefined ? { host: match.host } : {}),
      ...(match.hop !== undefined ? { hop: match.hop } : {}),
      ...(match.fault !== undefined ? { fault: match.fault } : {}),
    };
    return new SimDriver({ ...this.scenario, decisions: [...rules, rule] }, this.time);
  }

  /** Moves the driver's clock to `duration` after the current instant (`'20m'`, `'1h30m'`). */
  advance(duration: string): SimDriver {
    const next = new SimDriver(this.scenario, this.time + parseDuration(duration));
    next.cached = this.cached;
    return next;
  }

  /** The whole run (simulated once). */
  run(): Run {
    this.cached ??= simulate(this.scenario);
    return this.cached;
  }

  /** A host as it was at the driver's instant. */
  host(name: string): HostState {
    const { report, frames } = this.run();
    let found: HostState | undefined;
    for (let i = 0; i < report.trace.length; i++) {
      const entry = report.trace[i];
      if (!entry || entry.at > this.time) break;
      const frame = frames[i]?.host;
      if (frame?.name === name) found = frame;
    }
    if (!found) throw new Error(`no host named "${name}" in "${this.scenario.name}"`);
    return found;
  }

  /** Throws unless the host's lifecycle state at the driver's instant is `state`. */
  expectState(hostName: string, state: string): SimDriver {
    const host = this.host(hostName);
    if (host.lifecycle !== state) {
      throw new Error(
        `expected ${hostName} to be ${state} at ${formatDuration(this.time)}, but it was ${host.lifecycle} (${host.role}, ${host.version})`,
      );
    }
    return this;
  }
}

/**
 * Starts a driver from scenario text (YAML or JSON) or a parsed scenario.
 * @example
 * sim(text).inject('upgrade-failure', 'standby', { step: 'install', hop: 1 }).run().report.outcome; // 'rolled-back'
 */
export function sim(scenario: string | Scenario, file = 'inline.yaml'): SimDriver {
  return new SimDriver(typeof scenario === 'string' ? parseScenario(scenario, file) : scenario);
}
