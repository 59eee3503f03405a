// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/sim';
import { Header } from '../../src/ui/panels/Header';
import { readShareHash } from '../../src/ui/state/persistence';
import { MODES, renderWithPlayer, startPlayer } from './harness';

afterEach(() => {
  cleanup();
  window.history.replaceState(null, '', '/');
});

/** A user's own text, commented and in flow style, as an engineer writes one. */
const OURS = `# Our pair at the head office: upgraded twice a year.
name: head-office pair
system: ha-pair
version: { from: 9.0.2, to: 9.1.0 } # as on site today
services: [vpn, web-portal, voip]
policy: { preemption: enabled } # the vendor's default here
`;

describe.each(MODES)('a share link with faults injected by hand (%s)', (_mode, strict) => {
  it("should carry the live faults in the author's own text, comments and flow style kept", () => {
    const actor = startPlayer('ha-pair.yaml');
    act(() => {
      actor.send({ type: 'scenario.edit', text: OURS });
      actor.send({ type: 'simulation.run' });
    });
    act(() => {
      actor.send({ type: 'seek', at: 60 * 60_000 });
    });
    act(() => {
      actor.send({ type: 'fault.inject', fault: 'host-crash', target: 'standby' });
    });
    const { live, scenario } = actor.getSnapshot().context;
    expect(live).toHaveLength(1);
    const noop = () => undefined;
    renderWithPlayer(actor, <Header presenter={false} onPresenter={noop} onHelp={noop} />, strict);
    act(() => void fireEvent.click(screen.getByTestId('share')));
    const shared = readShareHash(window.location.hash);
    if (!shared || 'error' in shared) throw new Error('no share link in the address bar');
    // Before: the whole scenario written again, every comment and flow mapping gone.
    expect(shared.text.startsWith(OURS)).toBe(true);
    expect(shared.text.slice(OURS.length)).toMatch(/^faults:\n {2}- \{ fault: host-crash/);
    // And it reads as the run on screen: the scenario with the live fault.
    expect(parseScenario(shared.text, 'shared.yaml').faults).toEqual([
      ...(scenario?.faults ?? []),
      ...live,
    ]);
  });
});
