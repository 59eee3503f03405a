import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario, simulate } from '../../sim';
import { cardStatusAt } from './cardStatus';
import { buildRunView, cursorAtTime, hostsAt, type RunView } from './runView';
import { animatesMove, moveDuration, stageAt, stageLayout, type StageState } from './stage';

function viewOf(file: string): RunView {
  return buildRunView(simulate(parseScenario(readFileSync(join('scenarios', file), 'utf8'), file)));
}

/** The stage at virtual time `at`, the cursor put there as a seek puts it. */
function stageAtTime(view: RunView, at: number): StageState {
  const cursor = cursorAtTime(view, at);
  const hosts = hostsAt(view, cursor);
  const layout = stageLayout(view.run.report.system, view.run.scenario.hosts);
  return stageAt(layout, hosts, cardStatusAt(view, cursor, at).hosts);
}

/** The middle of the first step of `action` (on `host`, when given). */
function middleOf(view: RunView, action: string, host?: string): number {
  const step = view.run.report.steps.find(
    (s) => s.action === action && (host === undefined || s.host === host),
  );
  if (step?.start === undefined || step.end === undefined)
    throw new Error(`no ${action} step${host ? ` on ${host}` : ''}`);
  return (step.start + step.end) / 2;
}

describe('stageLayout', () => {
  it.each([
    [
      'serverware-cluster-4.3-4.8.yaml',
      {
        backup: ['backup'],
        pair: ['storage-1', 'storage-2'],
        attached: ['processing-1', 'processing-2'],
        server: [],
        others: [],
      },
    ],
    [
      'serverware-mirror-4.3-4.8.yaml',
      {
        backup: ['backup'],
        pair: ['storage-1', 'storage-2'],
        attached: [],
        server: [],
        others: [],
      },
    ],
    [
      'ha-pair-preemption-enabled.yaml',
      { backup: [], pair: ['device-a', 'device-b'], attached: [], server: [], others: [] },
    ],
    ['standalone.yaml', { backup: [], pair: [], attached: [], server: ['server'], others: [] }],
  ])('places the hosts of %s as the system is built', (file, places) => {
    const view = viewOf(file);
    const layout = stageLayout(view.run.report.system, view.run.scenario.hosts);
    expect(layout).toEqual({ system: view.run.report.system, ...places });
    // Every host has exactly one place.
    const placed = [
      ...layout.backup,
      ...layout.pair,
      ...layout.attached,
      ...layout.server,
      ...layout.others,
    ];
    expect(placed.sort()).toEqual(view.run.scenario.hosts.map((host) => host.name).sort());
  });

  it('keeps every host in its place across a failover: places follow what a host is, not its role', () => {
    const view = viewOf('serverware-cluster-4.3-4.8.yaml');
    const failover = view.run.report.steps.find((step) => step.action === 'failover');
    const before = hostsAt(view, cursorAtTime(view, (failover?.start ?? 0) - 1));
    const after = hostsAt(view, cursorAtTime(view, (failover?.end ?? 0) + 1));
    expect(before.find((h) => h.name === 'storage-1')?.role).toBe('primary');
    expect(after.find((h) => h.name === 'storage-1')?.role).toBe('secondary');
    expect(stageLayout('serverware', after)).toEqual(stageLayout('serverware', before));
  });
});

describe('stageAt: the storage pair’s mirror link', () => {
  it('is in sync at the start, degraded halfway through a failover, broken while the Secondary restarts', () => {
    const view = viewOf('serverware-cluster-4.3-4.8.yaml');
    expect(stageAtTime(view, 0).link).toEqual({
      kind: 'mirror',
      between: ['storage-1', 'storage-2'],
      state: 'ok',
      why: 'in sync',
      said: 'in sync',
      word: 'working',
      description: 'mirror link: working, in sync',
    });
    expect(stageAtTime(view, middleOf(view, 'failover')).link).toMatchObject({
      state: 'degraded',
      description: 'mirror link: degraded, failing over',
    });
    // storage-2 is the Secondary upgraded first.
    expect(stageAtTime(view, middleOf(view, 'reboot', 'storage-2')).link).toMatchObject({
      state: 'broken',
      description: 'mirror link: broken, storage-2 down (restarting)',
    });
  });

  it('is broken exactly while a storage host is out of service, in every trace entry of a run with a Primary crash', () => {
    const view = viewOf('golden/serverware-mirror-host-crash-primary-takeover.yaml');
    const layout = stageLayout('serverware', view.run.scenario.hosts);
    let broken = 0;
    view.run.report.trace.forEach((entry, cursor) => {
      const hosts = hostsAt(view, cursor);
      const link = stageAt(layout, hosts, cardStatusAt(view, cursor, entry.at).hosts).link;
      const down = hosts.filter((host) => host.kind === 'storage' && !host.serving);
      expect(link?.state === 'broken', `entry ${cursor}`).toBe(down.length > 0);
      for (const host of down) expect(link?.why).toContain(`${host.name} down (`);
      // On the stage, without the cause its card shows: the link's narrow column keeps to a line
      // or two rather than growing the pair past its cards' height.
      for (const host of down) expect(link?.said).toContain(`${host.name} down`);
      expect(link?.said ?? '').not.toContain('(');
      if (link?.state === 'broken') broken++;
    });
    expect(broken).toBeGreaterThan(0);
    const crash = view.run.report.trace.find(
      (entry) => entry.actor.startsWith('storage') && entry.state.includes('lifecycle.down'),
    );
    expect(stageAtTime(view, (crash?.at ?? 0) + 1).link?.description).toMatch(
      /^mirror link: broken, storage-\d down \(crashed\)$/,
    );
  });

  it('is degraded while a pool resilvers', () => {
    const view = viewOf('golden/serverware-mirror-pool-degraded.yaml');
    const degrade = view.run.report.trace.find((entry) => entry.event === 'pool.degrade');
    expect(degrade).toBeDefined();
    const link = stageAtTime(view, (degrade?.at ?? 0) + 1).link;
    expect(link?.state).toBe('degraded');
    expect(link?.description).toMatch(/^mirror link: degraded, pool resilvering on storage-\d$/);
  });
});

describe('stageAt: the HA pair’s heartbeat and traffic', () => {
  it('sends the traffic to the active device, and to the other one from the end of each switchover', () => {
    const view = viewOf('ha-pair-preemption-enabled.yaml');
    expect(stageAtTime(view, 0).traffic).toEqual({
      to: ['device-a'],
      state: 'ok',
      why: 'to device-a',
      description: 'client traffic: to device-a',
    });
    const switchovers = view.run.report.steps.filter((step) => step.action === 'switchover');
    expect(switchovers.length).toBeGreaterThanOrEqual(2);
    for (const step of switchovers) {
      const middle = stageAtTime(view, middleOf(view, 'switchover', step.host));
      // Neither device holds the active role while it moves.
      expect(middle.traffic).toMatchObject({
        to: [],
        state: 'switching',
        description: `client traffic: switching over → ${step.host ?? '?'}`,
      });
      const after = stageAtTime(view, (step.end ?? 0) + 1);
      expect(after.traffic).toMatchObject({ to: [step.host], state: 'ok' });
    }
  });

  it('says the heartbeat is lost while a device restarts, and working otherwise', () => {
    const view = viewOf('ha-pair-preemption-enabled.yaml');
    expect(stageAtTime(view, 0).link).toEqual({
      kind: 'heartbeat',
      between: ['device-a', 'device-b'],
      state: 'ok',
      why: 'both devices up',
      said: 'both devices up',
      word: 'working',
      description: 'heartbeat: working, both devices up',
    });
    const reboot = view.run.report.steps.find((step) => step.action === 'reboot');
    // Before: "broken: lost, device-b down" on the stage.
    expect(stageAtTime(view, middleOf(view, 'reboot', reboot?.host)).link).toMatchObject({
      state: 'broken',
      word: 'lost',
      said: `${reboot?.host ?? '?'} down`,
      description: `heartbeat: lost, ${reboot?.host ?? '?'} down (restarting)`,
    });
  });

  it('shows a split brain as traffic to both devices and a broken heartbeat', () => {
    const view = viewOf('golden/ha-pair-split-brain.yaml');
    let seen = false;
    view.run.report.trace.forEach((entry, cursor) => {
      const hosts = hostsAt(view, cursor);
      if (hosts.filter((host) => host.leading).length < 2) return;
      seen = true;
      const layout = stageLayout('ha-pair', view.run.scenario.hosts);
      const stage = stageAt(layout, hosts, cardStatusAt(view, cursor, entry.at).hosts);
      expect(stage.traffic?.to).toEqual(['device-a', 'device-b']);
      expect(stage.traffic?.state).toBe('broken');
      expect(stage.link).toMatchObject({
        state: 'broken',
        word: 'split brain',
        said: 'both devices active',
      });
    });
    expect(seen).toBe(true);
  });
});

describe('stageAt: a single server', () => {
  it('has no link and no traffic arrow', () => {
    const view = viewOf('standalone.yaml');
    expect(stageAtTime(view, 0)).toEqual({});
  });
});

describe('moveDuration', () => {
  it.each([
    [1, 1_200],
    [10, 1_200],
    [60, 500],
    [100, 300],
    [1000, 150],
  ])('at %d× plays a move in %d ms', (speed, ms) => {
    expect(moveDuration(speed)).toBe(ms);
  });
});

describe('animatesMove', () => {
  const tick = { playing: true, speed: 60, reducedMotion: false, from: 60_000, to: 61_000 };
  it('animates a tick while playing', () => {
    expect(animatesMove(tick)).toBe(true);
  });
  it.each([
    ['paused', { playing: false }],
    ['reduced motion', { reducedMotion: true }],
    ['a seek back', { to: 0 }],
    ['a seek forward beyond one tick', { to: 60_000 + 60 * 251 }],
  ])('shows the stage at once on %s', (_, change) => {
    expect(animatesMove({ ...tick, ...change })).toBe(false);
  });
});
