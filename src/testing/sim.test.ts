import { describe, expect, it } from 'vitest';
import { FAULT_TYPES } from '../../machines/faultTable';
import { parseScenario, ScenarioError, type Scenario } from '../sim';
import { sim } from './sim';

const SYSTEMS = {
  serverware: 'name: cluster\nsystem: serverware\ntopology: cluster\nversion: { from: 4.8.2 }\n',
  'ha-pair': 'name: pair\nsystem: ha-pair\nversion: { from: 9.0.1, to: 9.1.0 }\n',
  standalone: 'name: server\nsystem: standalone\nversion: { from: 1.0.0, to: 1.1.0 }\n',
} as const;

/** What the parser makes of `faults: [entry]`: the fault, or the message it refuses it with. */
function parsed(base: string, entry: string): unknown {
  try {
    return parseScenario(`${base}faults: [ ${entry} ]\n`, 'inline.yaml').faults[0];
  } catch (error) {
    if (error instanceof ScenarioError) return { refused: error.reason };
    throw error;
  }
}

/** What the driver makes of the same fault (the base scenario itself is valid). */
function injected(base: string, inject: (scenario: Scenario) => Scenario): unknown {
  const scenario = parseScenario(base, 'inline.yaml');
  try {
    return inject(scenario).faults[0];
  } catch (error) {
    if (error instanceof ScenarioError) return { refused: error.reason };
    throw error;
  }
}

const cases = Object.entries(SYSTEMS).flatMap(([system, base]) =>
  FAULT_TYPES.map((fault) => ({ system, base, fault })),
);

describe('sim().inject', () => {
  it.each(cases)(
    'should give $fault on $system without `when` what the parser gives',
    ({ base, fault }) => {
      const target = fault === 'pool-degraded' ? 'primary' : undefined;
      const entry = `{ fault: ${fault}${target ? `, target: ${target}` : ''} }`;
      expect(injected(base, (s) => sim(s).inject(fault, target).scenario)).toEqual(
        parsed(base, entry),
      );
    },
  );

  it('should refuse a host crash without `when`, as the parser does', () => {
    expect(() => sim(SYSTEMS['ha-pair']).inject('host-crash', 'device-b')).toThrow(
      /host-crash needs `when`/,
    );
  });

  it('should refuse a fault the system cannot have, as the parser does', () => {
    expect(() => sim(SYSTEMS.standalone).inject('split-brain')).toThrow(
      /split-brain cannot happen on a standalone server/,
    );
  });

  it('should read a time, a step and the extras as a `faults:` entry would', () => {
    const base = SYSTEMS['ha-pair'];
    const driver = sim(base)
      .inject('host-crash', 'active', '1h30m', { duration: 10 * 60_000 })
      .inject('upgrade-failure', 'standby', { step: 'install', hop: 1 })
      .inject('session-loss', undefined, 'switchover', { sessions: 2, times: 2 });
    const written = parseScenario(
      `${base}faults:
  - { fault: host-crash, target: active, when: { at: 1h30m }, duration: 10m }
  - { fault: upgrade-failure, target: standby, when: { step: install, hop: 1 } }
  - { fault: session-loss, when: { step: switchover }, sessions: 2, times: 2 }
`,
      'inline.yaml',
    );
    expect(driver.scenario.faults).toEqual(written.faults);
  });
});
