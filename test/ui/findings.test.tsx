// @vitest-environment jsdom
import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { FindingsPanel } from '../../src/ui/panels/FindingsPanel';
import { invariantWords } from '../../src/ui/format';
import { fixtureText, MODES, renderWithPlayer, startPlayer } from './harness';

afterEach(cleanup);

describe.each(MODES)('FindingsPanel (%s)', (_, strict) => {
  it('should say which violations the scenario expects when the run meets its expectations', () => {
    const plain = startPlayer('ha-left-on.yaml').getSnapshot().context.view?.run.report;
    const violated = (plain?.invariants ?? []).filter((i) => !i.holds).map((i) => i.id);
    expect(violated.length).toBeGreaterThan(1);
    const text = `${fixtureText('ha-left-on.yaml').trimEnd()}\nexpect:\n  violations: [${violated.join(', ')}]\n`;
    const actor = startPlayer('ha-left-on.yaml', { initial: { text, edited: true } });
    renderWithPlayer(actor, <FindingsPanel />, strict);
    // Before: a green "meets every expectation" beside "3 of 10 violated", and nothing said why.
    // Named as the Invariants panel names them (before, by their ids:
    // "expects preemption-off-during-upgrade and failover-to-ready-peer violated").
    const named = violated.map(invariantWords);
    expect(screen.getByTestId('expect-verdict').textContent).toBe(
      `the run meets every expectation of its scenario, which expects ${named.slice(0, -1).join(', ')} and ${named.at(-1)} violated`,
    );
  });
});
