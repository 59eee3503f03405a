import { describe, expect, it, vi } from 'vitest';
import { FAULT_TYPES, faultRecord } from '../../../machines/faultTable';
import { parseScenario } from '../../sim';
import { scenarioSchema } from '../../sim/scenarioSchema';
import {
  assistContext,
  candidatesAt,
  docFor,
  ITEM,
  keyAt,
  yamlPositionAt,
  type AssistContext,
} from './scenarioAssist';

/** The text with `|` removed, and the offset it marked. */
function at(marked: string): [string, number] {
  const pos = marked.indexOf('|');
  if (pos === -1) throw new Error('no cursor in the text');
  return [marked.slice(0, pos) + marked.slice(pos + 1), pos];
}

function position(marked: string) {
  const [text, pos] = at(marked);
  const found = yamlPositionAt(text, pos);
  return { path: found.path, kind: found.kind, key: found.key, prefix: found.prefix };
}

const CLUSTER = `name: Cluster
system: serverware
topology: cluster
version: { from: 3.2.4 }
hosts: { processing: 3 }
`;

const NONE: AssistContext = { hosts: [], roles: [], steps: [] };

const labels = (marked: string, context = NONE) => {
  const [text, pos] = at(marked);
  return candidatesAt(yamlPositionAt(text, pos), context).map((candidate) => candidate.label);
};

/** The description the zod schema gives the key at `keys`, found without the module under test. */
function zodDescription(...keys: string[]): string | undefined {
  let node: unknown = scenarioSchema;
  for (const key of keys) {
    const shape = (node as { shape?: Record<string, unknown> }).shape;
    node = shape?.[key];
    // Unwrap optional/nullable wrappers down to the described schema.
    while (
      node &&
      (node as { unwrap?: () => unknown }).unwrap &&
      !(node as { description?: string }).description
    )
      node = (node as { unwrap: () => unknown }).unwrap();
  }
  return (node as { description?: string } | undefined)?.description;
}

describe('yamlPositionAt', () => {
  it.each([
    ['top-level key', 'na|', { path: [], kind: 'key', prefix: 'na' }],
    ['top-level value', 'system: ser|', { path: [], kind: 'value', key: 'system', prefix: 'ser' }],
    ['empty value', 'system: |', { path: [], kind: 'value', key: 'system', prefix: '' }],
    ['nested block key', 'policy:\n  pre|', { path: ['policy'], kind: 'key', prefix: 'pre' }],
    [
      'a key of a sequence item, on the dash line',
      'faults:\n  - fa|',
      { path: ['faults', ITEM], kind: 'key', prefix: 'fa' },
    ],
    [
      'a value on the dash line',
      'faults:\n  - fault: up|',
      { path: ['faults', ITEM], kind: 'value', key: 'fault', prefix: 'up' },
    ],
    [
      'a key below the dash line',
      'faults:\n  - fault: host-crash\n    tar|',
      { path: ['faults', ITEM], kind: 'key', prefix: 'tar' },
    ],
    [
      'a value below the dash line',
      'faults:\n  - fault: host-crash\n    target: |',
      { path: ['faults', ITEM], kind: 'value', key: 'target', prefix: '' },
    ],
    [
      'a nested mapping in a sequence item',
      'faults:\n  - fault: host-crash\n    when:\n      step: ins|',
      { path: ['faults', ITEM, 'when'], kind: 'value', key: 'step', prefix: 'ins' },
    ],
    [
      'after blank and comment lines',
      'faults:\n  - fault: host-crash\n\n    # where\n    when:\n\n      |',
      { path: ['faults', ITEM, 'when'], kind: 'key', prefix: '' },
    ],
    [
      'back out to the top level',
      'faults:\n  - fault: host-crash\nsee|',
      { path: [], kind: 'key', prefix: 'see' },
    ],
    [
      'a flow mapping value',
      'version: { from: 3.2.4, to: 3.|',
      { path: ['version'], kind: 'value', key: 'to', prefix: '3.' },
    ],
    [
      'a flow mapping key',
      'version: { from: 3.2.4, t|',
      { path: ['version'], kind: 'key', prefix: 't' },
    ],
    [
      'a flow mapping inside a flow sequence',
      'faults: [{ fault: host-crash, when: { step: re|',
      { path: ['faults', ITEM, 'when'], kind: 'value', key: 'step', prefix: 're' },
    ],
    [
      'a flow mapping as a sequence item',
      'faults:\n  - { fault: host-crash, target: pro|',
      { path: ['faults', ITEM], kind: 'value', key: 'target', prefix: 'pro' },
    ],
    [
      'a plain item of a block sequence',
      'expect:\n  violations:\n    - |',
      { path: ['expect', 'violations', ITEM], kind: 'key', prefix: '' },
    ],
  ])('%s', (_, marked, expected) => {
    expect(position(marked)).toEqual({ key: undefined, ...expected });
  });

  it('should list the keys already written in the mapping at the cursor', () => {
    const [text, pos] = at(
      'faults:\n  - fault: host-crash\n    |\n    duration: 5m\n  - fault: x\n',
    );
    expect(yamlPositionAt(text, pos).siblings).toEqual(['fault', 'duration']);
  });

  it('should list the keys already written in a flow mapping', () => {
    const [text, pos] = at('faults:\n  - { fault: host-crash, duration: 5m, | }\n');
    expect(yamlPositionAt(text, pos).siblings).toEqual(['fault', 'duration']);
  });
});

describe('keyAt', () => {
  it('should give the full path of a key under the cursor, in block and flow style', () => {
    const [text, pos] = at('faults:\n  - fault: host-crash\n    wh|en:\n      step: install\n');
    expect(keyAt(text, pos)?.path).toEqual(['faults', ITEM, 'when']);
    const [flow, inFlow] = at('version: { from: 3.2.4, t|o: 3.3.0 }');
    expect(keyAt(flow, inFlow)?.path).toEqual(['version', 'to']);
    expect(keyAt('system: serverware', 12)).toBeUndefined();
  });
});

describe('docFor', () => {
  it("should give a key's description from the scenario schema", () => {
    for (const keys of [['system'], ['faults'], ['policy'], ['seed']]) {
      const expected = zodDescription(...keys);
      expect(expected, keys.join('.')).toBeDefined();
      expect(docFor(keys)).toBe(expected);
    }
    expect(docFor(['faults', ITEM, 'target'])).toMatch(/host name/);
    expect(docFor(['version', 'from'])).toMatch(/running version/);
  });

  it('should list the values of an enum key without a description, and know no unknown key', () => {
    expect(docFor(['expect', 'outcome'])).toMatch(/^One of: completed, /);
    expect(docFor(['nonsense'])).toBeUndefined();
    expect(docFor(['faults', ITEM, 'nonsense'])).toBeUndefined();
  });
});

describe('candidatesAt', () => {
  it('should offer the top-level keys with their descriptions, minus those written', () => {
    const [text, pos] = at('name: x\nsystem: serverware\n|');
    const found = candidatesAt(yamlPositionAt(text, pos), NONE);
    const keys = found.map((candidate) => candidate.label);
    expect(keys).toContain('faults');
    expect(keys).toContain('topology');
    expect(keys).not.toContain('name');
    expect(keys).not.toContain('system');
    expect(found.find((candidate) => candidate.label === 'faults')?.info).toBe(
      zodDescription('faults'),
    );
  });

  it("should offer a fault entry's keys at a sequence item", () => {
    expect(labels('faults:\n  - |').sort()).toEqual(
      ['fault', 'target', 'when', 'duration', 'times', 'check', 'sessions', 'probability'].sort(),
    );
    expect(labels('faults:\n  - fault: host-crash\n    w|')).toEqual(['when']);
  });

  it('should offer the fault table’s fault types at `fault:`, those of the system when known', () => {
    expect(labels('faults:\n  - fault: |')).toEqual([...FAULT_TYPES]);
    const haPair = labels('faults:\n  - fault: |', { ...NONE, system: 'ha-pair' });
    expect(haPair).toEqual(
      FAULT_TYPES.filter((type) => faultRecord(type).systems.includes('ha-pair')),
    );
    expect(haPair.length).toBeLessThan(FAULT_TYPES.length);
    expect(labels('decisions:\n  - { at: install-failed, fault: |')).toEqual([...FAULT_TYPES]);
  });

  it("should offer this scenario's hosts and roles for targets and hosts", () => {
    const context = assistContext(parseScenario(CLUSTER, 'cluster.yaml'));
    expect(context.hosts).toContain('processing-3');
    const targets = labels(`${CLUSTER}faults:\n  - fault: host-crash\n    target: |`, context);
    expect(targets).toEqual([
      ...context.hosts,
      ...context.roles.filter((r) => !context.hosts.includes(r)),
    ]);
    expect(
      labels(`${CLUSTER}faults:\n  - { fault: host-crash, target: processing-|`, context),
    ).toEqual(['processing-1', 'processing-2', 'processing-3']);
    expect(labels(`${CLUSTER}vps:\n  - { name: a, host: st|`, context)).toEqual(
      context.hosts.filter((host) => host.startsWith('st')),
    );
    // `hosts:` at the top is the mapping of host names, not a reference to one.
    expect(labels(`name: x\nhosts: |`, context)).toEqual([]);
  });

  it('should offer an estimate or an override per host or role inside a duration, never both', () => {
    const context = assistContext(parseScenario(CLUSTER, 'cluster.yaml'));
    const overrides = ['default', ...context.hosts, 'primary', 'processing'];
    const open = labels(`${CLUSTER}durations:\n  reboot:\n    |`, context);
    expect(open).toEqual(expect.arrayContaining(['min', 'likely', 'max', ...overrides]));
    // Every key offered for an override is one the parser takes there.
    for (const key of open.filter((label) => !['min', 'likely', 'max'].includes(label)))
      expect(() =>
        parseScenario(`${CLUSTER}durations:\n  reboot:\n    ${key}: 20m\n`, 'cluster.yaml'),
      ).not.toThrow();
    // Once a mapping is an override, an estimate's keys are no longer offered, and back.
    const override = labels(`${CLUSTER}durations:\n  reboot:\n    default: 5m\n    |`, context);
    expect(override).not.toContain('min');
    expect(override).not.toContain('default');
    expect(override).toContain('processing-2');
    expect(labels(`${CLUSTER}durations:\n  failover:\n    min: 10m\n    |`, context)).toEqual([
      'likely',
      'max',
    ]);
    expect(labels(`${CLUSTER}durations:\n  reboot: { default: 5m, proc|`, context)).toEqual([
      'processing-1',
      'processing-2',
      'processing-3',
      'processing',
    ]);
    expect(labels(`${CLUSTER}durations:\n  failover: { min: 10m, |`, context)).toEqual([
      'likely',
      'max',
    ]);
    // A host's own value may be an estimate, in block and flow style.
    expect(labels(`${CLUSTER}durations:\n  reboot:\n    processing-3:\n      |`)).toEqual([
      'min',
      'likely',
      'max',
    ]);
    expect(labels(`${CLUSTER}durations:\n  reboot: { processing-3: { |`)).toEqual([
      'min',
      'likely',
      'max',
    ]);
    expect(docFor(['durations', 'reboot', 'processing-3'])).toMatch(/range/);
  });

  it('should not offer a key already written in a flow mapping', () => {
    expect(labels('faults:\n  - { fault: host-crash, |')).not.toContain('fault');
    expect(labels('faults:\n  - { fault: host-crash, |')).toContain('target');
  });

  it("should offer the steps of this scenario's procedure at `when.step`", () => {
    const haPair = parseScenario(
      'name: x\nsystem: ha-pair\nversion: { from: 9.0.1, to: 9.1.0 }\n',
      'ha.yaml',
    );
    const context = assistContext(haPair);
    const steps = labels('faults:\n  - fault: upgrade-failure\n    when: { step: |', context);
    expect(steps).toEqual(context.steps);
    expect(steps).toContain('switchover');
    expect(steps).not.toContain('failover');
    // Without a scenario, every step the schema allows.
    expect(labels('faults:\n  - fault: x\n    when:\n      step: |')).toContain('failover');
  });

  it("should offer only the policy: and recovery: keys of the scenario's system", () => {
    // Before: every key on every system, `check-after-crash` on a single server included, which
    // the parser then refused ("applies to serverware and ha-pair only").
    const context = (system: string) =>
      assistContext(
        parseScenario(
          `name: a\nsystem: ${system}\n${system === 'serverware' ? 'topology: mirror\n' : ''}version: { from: ${system === 'ha-pair' ? '9.0.1, to: 9.1.0' : system === 'standalone' ? '1.4.2, to: 1.5.0' : '4.5.0'} }\n`,
          'a.yaml',
        ),
      );
    const standalone = labels('recovery:\n  |', context('standalone'));
    expect(standalone).toEqual(['install-again-after-crash']);
    const pair = labels('recovery:\n  |', context('ha-pair'));
    expect(pair).toEqual(expect.arrayContaining(['hold', 'check-after-crash']));
    expect(pair).not.toContain('reinstalls');
    expect(labels('policy:\n  |', context('standalone'))).toEqual(['backup']);
    expect(labels('policy:\n  |', context('serverware'))).toContain('stop-vps');
    expect(labels('policy:\n  |', context('serverware'))).not.toContain('preemption');
    // With no scenario to read, every key.
    expect(labels('recovery:\n  |')).toContain('reinstalls');
  });

  it('should offer enum values, booleans and items of enum sequences', () => {
    expect(labels('system: |')).toEqual(['serverware', 'ha-pair', 'standalone']);
    expect(labels('topology: c|')).toEqual(['cluster']);
    expect(labels('policy:\n  stop-vps: |')).toEqual(['true', 'false']);
    expect(labels('expect:\n  violations:\n    - |').length).toBeGreaterThan(0);
    expect(labels('seed: |')).toEqual([]);
  });

  it("should read the scenario's names (a parse of the text) only where a value names them", () => {
    const names = vi.fn(() => NONE);
    for (const marked of ['na|', 'system: |', 'faults:\n  - du|', 'policy:\n  stop-vps: |']) {
      const [text, pos] = at(marked);
      candidatesAt(yamlPositionAt(text, pos), names);
    }
    expect(names).not.toHaveBeenCalled();
    for (const marked of [
      'faults:\n  - fault: |',
      'faults:\n  - target: |',
      'faults: [{ when: { step: |',
    ]) {
      const [text, pos] = at(marked);
      candidatesAt(yamlPositionAt(text, pos), names);
    }
    expect(names).toHaveBeenCalledTimes(3);
  });
});
