// @vitest-environment jsdom
import { act, cleanup } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { InvariantsPanel } from '../../src/ui/panels/InvariantsPanel';
import { ProcedurePanel } from '../../src/ui/panels/ProcedurePanel';
import { TimelinePanel } from '../../src/ui/panels/TimelinePanel';
import { TopologyPanel } from '../../src/ui/panels/TopologyPanel';
import { MODES, renderWithPlayer, startPlayer } from './harness';

const Views = () => (
  <>
    <TopologyPanel />
    <ProcedurePanel />
    <TimelinePanel />
    <InvariantsPanel />
  </>
);

describe.each(MODES)('seeking (%s)', (_, strict) => {
  afterEach(cleanup);

  it('should reproduce exactly the earlier view when seeking back', () => {
    const actor = startPlayer('cluster.yaml');
    const { container } = renderWithPlayer(actor, <Views />, strict);
    const length = actor.getSnapshot().context.view?.times.length ?? 0;
    const early = Math.floor(length / 3);
    act(() => actor.send({ type: 'seek', seq: early }));
    const before = container.innerHTML;
    act(() => actor.send({ type: 'seek', seq: length - 1 }));
    expect(container.innerHTML).not.toBe(before);
    act(() => actor.send({ type: 'seek', seq: early }));
    expect(container.innerHTML).toBe(before);
  });

  it('should reproduce the same view after playing forward and stepping back', () => {
    const actor = startPlayer('ha-pair.yaml');
    const { container } = renderWithPlayer(actor, <Views />, strict);
    act(() => actor.send({ type: 'seek', seq: 10 }));
    const before = container.innerHTML;
    act(() => actor.send({ type: 'play' }));
    act(() => actor.send({ type: 'tick', elapsed: 50 }));
    act(() => actor.send({ type: 'pause' }));
    act(() => actor.send({ type: 'seek', seq: 10 }));
    expect(container.innerHTML).toBe(before);
  });
});
