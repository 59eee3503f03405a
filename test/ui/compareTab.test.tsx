// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { CompareTab } from '../../src/ui/panels/CompareTab';
import { MODES, renderWithPlayer, startPlayer, type Fixture } from './harness';

afterEach(cleanup);

/** A user's own scenario (not a built-in), typed into the editor. */
const OWN_CLUSTER =
  'name: our cluster\nsystem: serverware\ntopology: cluster\nversion: { from: 3.3.1 }\nhosts: { processing: 4 }\nvps: 12\n';
const OWN_GUI_UPDATE =
  'name: our GUI update\nsystem: serverware\ntopology: cluster\nversion: { from: 5.0.3 }\nhosts: { processing: 2 }\n';

describe.each(MODES)('the Compare tab (%s)', (_mode, strict) => {
  function open(start: Fixture, text?: string) {
    const actor = startPlayer(start);
    if (text !== undefined)
      act(() => {
        actor.send({ type: 'scenario.edit', text });
        actor.send({ type: 'simulation.run' });
      });
    renderWithPlayer(actor, <CompareTab />, strict);
    const choice = screen.getByTestId<HTMLSelectElement>('compare-choice');
    const values = [...choice.options].map((option) => option.value);
    return { actor, choice, values };
  }

  it("should compare a user's own fault-free SERVERware scenario with itself, every VPS stopped as the document's NOTE recommends", () => {
    const { actor, choice, values } = open('cluster.yaml', OWN_CLUSTER);
    expect(actor.getSnapshot().context.scenario?.name).toBe('our cluster');
    // Before: another built-in scenario, a different Cluster with other hosts and VPSs.
    expect(choice.value).toBe('stop-vps');
    // Only this system's switch is offered: no preemption on SERVERware.
    expect(values).not.toContain('preemption');
    expect(values).not.toContain('preemption-left-on');
    fireEvent.click(screen.getByTestId('compare-open'));
    const { comparison, view } = actor.getSnapshot().context;
    expect(comparison?.label).toBe('policy.stop-vps: true');
    expect(comparison?.right?.scenario.policy.stopVps).toBe(true);
    expect(comparison?.right?.scenario.name).toBe('our cluster');
    // Every VPS down for the window: more downtime than the run on screen.
    const downtime = (workloads: readonly { downtime: number }[] = []) =>
      workloads.reduce((sum, workload) => sum + workload.downtime, 0);
    expect(downtime(comparison?.right?.report.workloads)).toBeGreaterThan(
      downtime(view?.run.report.workloads),
    );
    expect(screen.queryByTestId('compare-identical')).toBeNull();
  });

  it('should fall back to another scenario where the switch changes no step', () => {
    const { choice } = open('cluster.yaml', OWN_GUI_UPDATE);
    // A GUI-only update stops no VPS either way: both runs would be the same.
    expect(choice.value).toMatch(/^builtin:/);
  });

  it('should not call two runs identical whose workloads differ, however alike their transitions', () => {
    // One version: one backup either way, so the default is another single server, whose
    // transitions are this one's but whose services are not.
    const own =
      'name: our server\nsystem: standalone\nversion: { from: 1.0.0, to: 2.0.0 }\nservices: [mail, web, dns, vpn, crm]\n';
    const { actor, choice } = open('cluster.yaml', own);
    expect(choice.value).toBe('builtin:standalone.yaml');
    fireEvent.click(screen.getByTestId('compare-open'));
    const right = actor.getSnapshot().context.comparison?.right;
    expect(right?.report.workloads.length).not.toBe(5);
    // Before: "The two runs are identical" beside different downtimes.
    expect(screen.queryByTestId('compare-identical')).toBeNull();
  });

  it('should compare an HA pair with preemption flipped, and a faulty run with itself without faults', () => {
    expect(open('ha-pair.yaml').choice.value).toBe('preemption');
    cleanup();
    expect(open('cluster-crash.yaml').choice.value).toBe('without-faults');
  });
});
