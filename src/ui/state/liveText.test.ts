import { describe, expect, it } from 'vitest';
import { parseScenario, type FaultSpec } from '../../sim';
import { textWithLiveFaults } from './liveText';

const crash = {
  index: 0,
  fault: 'host-crash',
  target: 'standby',
  when: { at: 3_600_000 },
  times: 1,
} as FaultSpec;

describe('the text with the faults injected by hand', () => {
  it('should be the text itself with no live fault', () => {
    const text = 'name: a # mine\nsystem: standalone\nversion: { from: 1.0.0, to: 2.0.0 }\n';
    expect(textWithLiveFaults(text, 'a.yaml', parseScenario(text, 'a.yaml'), [])).toBe(text);
  });

  it('should keep the faults where the text cannot take them under faults:, never drop them', () => {
    // A flow mapping has no line to add `faults:` under: before, a draft kept the text
    // without them, and Write into the scenario refused.
    const flow =
      '{ name: pair, system: ha-pair, version: { from: 9.0.2, to: 9.1.0 }, services: [vpn] }\n';
    const scenario = parseScenario(flow, 'flow.yaml');
    const text = textWithLiveFaults(flow, 'flow.yaml', scenario, [crash]);
    const read = parseScenario(text, 'flow.yaml');
    expect(read.faults).toEqual([crash]);
    expect({ ...read, faults: [] }).toEqual({ ...scenario, faults: [] });
  });
});
