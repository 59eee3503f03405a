// @vitest-environment jsdom
import { act, cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { parseScenario, simulate, type HostState, type Run } from '../../src/sim';
import { clock } from '../../src/ui/format';
import { TopologyPanel } from '../../src/ui/panels/TopologyPanel';
import { fixtureText, MODES, renderWithPlayer, startPlayer, type Fixture } from './harness';

/** The engine's own run of a fixture, to compute what the panel should show. */
function engineRun(name: Fixture): Run {
  return simulate(parseScenario(fixtureText(name), name));
}

/** Each host's state after entry `cursor`, by a plain scan of the frames. */
function hostsAfter(run: Run, cursor: number): Map<string, HostState> {
  const hosts = new Map<string, HostState>();
  run.frames.forEach((frame, index) => {
    if (frame.host && (index <= cursor || !hosts.has(frame.host.name)))
      hosts.set(frame.host.name, frame.host);
  });
  return hosts;
}

function shownHosts() {
  return screen.getAllByTestId('host-card').map((card) => ({
    name: card.dataset.host,
    role: card.dataset.role,
    version: card.dataset.version,
    lifecycle: card.dataset.lifecycle,
  }));
}

/** The workloads on a place of the stage (a host, or `''` for none), in order. */
function chipsOn(place: string): string[] {
  const element = document.querySelector(`[data-place="${place}"]`);
  return [...(element?.querySelectorAll<HTMLElement>('[data-testid="workload"]') ?? [])].map(
    (chip) => chip.dataset.name ?? '',
  );
}

function shownWorkloads(): Record<string, string | undefined> {
  return Object.fromEntries(
    screen
      .getAllByTestId('workload')
      .map((chip): [string, string | undefined] => [chip.dataset.name ?? '', chip.dataset.state]),
  );
}

describe.each(MODES)('TopologyPanel (%s)', (_, strict) => {
  afterEach(cleanup);

  it('should show every host with the role, version and lifecycle state it has at the cursor', () => {
    const run = engineRun('cluster.yaml');
    const actor = startPlayer('cluster.yaml');
    renderWithPlayer(actor, <TopologyPanel />, strict);
    // An instant in the middle of the second hop: some hosts upgraded, one busy.
    const cursor = run.report.trace.findIndex(
      (entry) =>
        entry.actor === 'storage-1' &&
        entry.state.startsWith('lifecycle.installing') &&
        entry.at > 3 * 3_600_000,
    );
    expect(cursor).toBeGreaterThan(0);
    act(() => actor.send({ type: 'seek', seq: cursor }));
    const expected = hostsAfter(run, cursor);
    const shown = shownHosts();
    expect(shown.map((host) => host.name).sort()).toEqual([...expected.keys()].sort());
    for (const host of shown) {
      const want = expected.get(host.name ?? '');
      expect(host).toEqual({
        name: want?.name,
        role: want?.role,
        version: want?.version,
        lifecycle: want?.lifecycle,
      });
    }
    expect(shown.find((host) => host.name === 'storage-1')?.lifecycle).toBe('installing');
  });

  it('should colour exactly the workloads in an outage red, the others green', () => {
    const run = engineRun('cluster.yaml');
    const actor = startPlayer('cluster.yaml');
    renderWithPlayer(actor, <TopologyPanel />, strict);
    const primary = run.groups.find((group) => group.key === 'primary');
    const [start, end] = primary?.outages[0] ?? [0, 0];
    expect(end).toBeGreaterThan(start);
    act(() => actor.send({ type: 'seek', at: start + 1 }));
    const down = new Set(
      run.groups
        .filter((g) => g.outages.some(([s, e]) => s <= start + 1 && start + 1 < e))
        .flatMap((g) => g.members),
    );
    const expected = Object.fromEntries(
      run.scenario.workloads.map((w) => [w.name, down.has(w.name) ? 'down' : 'up']),
    );
    expect(shownWorkloads()).toEqual(expected);
    expect(expected['vps-db']).toBe('down');

    act(() => actor.send({ type: 'seek', at: end }));
    expect(shownWorkloads()['vps-db']).toBe('up');
  });

  it('should show a crashed processing host’s VPS on the host the controller started it on, from then on', () => {
    const run = engineRun('cluster-crash.yaml');
    const actor = startPlayer('cluster-crash.yaml');
    renderWithPlayer(actor, <TopologyPanel />, strict);
    const cardOf = (name: string) =>
      screen.getAllByTestId('host-card').find((card) => card.dataset.host === name);
    const chipsOn = (name: string) =>
      [...(cardOf(name)?.querySelectorAll<HTMLElement>('[data-testid="workload"]') ?? [])].map(
        (chip) => `${chip.dataset.name ?? ''}:${chip.dataset.state ?? ''}`,
      );
    const move = run.groups.find((group) => group.key === 'processing-1')?.moves[0];
    expect(move?.host).toBe('processing-2');
    act(() => actor.send({ type: 'seek', at: (move?.at ?? 0) - 1 }));
    expect(chipsOn('processing-1')).toEqual(['vps-1:down']);
    act(() => actor.send({ type: 'seek', at: (move?.at ?? 0) + 1 }));
    expect(chipsOn('processing-1')).toEqual([]);
    expect(chipsOn('processing-2').sort()).toEqual(['vps-1:up', 'vps-2:up']);
    // processing-2's own restart takes both down; the report names it as vps-1's host.
    const reboot = run.report.steps.find(
      (step) => step.action === 'reboot' && step.host === 'processing-2',
    );
    act(() => actor.send({ type: 'seek', at: (reboot?.start ?? 0) + 1 }));
    expect(chipsOn('processing-2').sort()).toEqual(['vps-1:down', 'vps-2:down']);
    expect(run.report.workloads.find((w) => w.name === 'vps-1')?.host).toBe('processing-2');
  });

  it('should keep the storage hosts in their places at a failover, and move the Primary’s role and VPSs to the new Primary', () => {
    const run = engineRun('cluster.yaml');
    const actor = startPlayer('cluster.yaml');
    renderWithPlayer(actor, <TopologyPanel />, strict);
    const roles = () =>
      Object.fromEntries(
        shownHosts()
          .filter((h) => h.name?.startsWith('storage'))
          .map((h): [string, string | undefined] => [h.name ?? '', h.role]),
      );
    const order = () =>
      shownHosts()
        .filter((h) => h.name?.startsWith('storage'))
        .map((h) => h.name);
    const onPrimary = run.groups.find((group) => group.key === 'primary')?.members ?? [];
    expect(onPrimary.length).toBeGreaterThan(0);
    expect(roles()).toEqual({ 'storage-1': 'primary', 'storage-2': 'secondary' });
    expect(order()).toEqual(['storage-1', 'storage-2']);
    expect(chipsOn('storage-1')).toEqual(onPrimary);
    expect(chipsOn('storage-2')).toEqual([]);
    const step = run.report.steps.find((s) => s.action === 'failover');
    act(() => actor.send({ type: 'seek', at: step?.end ?? 0 }));
    expect(roles()).toEqual({ 'storage-1': 'secondary', 'storage-2': 'primary' });
    // The hosts stand where the system is built; the role and the VPSs moved.
    expect(order()).toEqual(['storage-1', 'storage-2']);
    expect(chipsOn('storage-1')).toEqual([]);
    expect(chipsOn('storage-2')).toEqual(onPrimary);
  });

  it('should say on the card that processing VPSs down for want of storage rest on an assumption, and which key changes it', () => {
    // The Primary crashes five minutes into the first failover: the processing hosts' VPSs have
    // no storage host until the Secondary takes over, only because their disks are assumed to be
    // on the storage pair (the upgrade document says a failover leaves them be).
    const base = fixtureText('cluster.yaml');
    const failover = simulate(parseScenario(base, 'cluster.yaml')).report.steps.find(
      (step) => step.action === 'failover',
    );
    const at = ((failover?.start ?? 0) + 5 * 60_000) / 1000;
    const text = `${base.trimEnd()}\nfaults:\n  - { fault: host-crash, target: primary, when: { at: ${at}s } }\n`;
    const actor = startPlayer('cluster.yaml', { initial: { text, edited: true } });
    renderWithPlayer(actor, <TopologyPanel />, strict);
    act(() => {
      actor.send({ type: 'seek', at: (at + 60) * 1000 });
    });
    const assumed = screen.getAllByTestId('workload-status-assumed');
    expect(assumed.length).toBeGreaterThan(0);
    expect(assumed[0]?.closest('li')?.textContent).toMatch(/down: storage host crash, back in/);
    expect(assumed[0]?.getAttribute('title')).toMatch(/policy\.vps-disks: local/);
  });

  it('should draw the storage pair’s mirror link with its state at the cursor, and no traffic arrow', () => {
    const run = engineRun('cluster.yaml');
    const actor = startPlayer('cluster.yaml');
    renderWithPlayer(actor, <TopologyPanel />, strict);
    const link = () => screen.getByRole('img', { name: /^mirror link: / });
    expect(link().getAttribute('aria-label')).toBe('mirror link: working, in sync');
    expect(screen.queryByTestId('traffic')).toBeNull();
    const reboot = run.report.steps.find(
      (step) => step.action === 'reboot' && step.host?.startsWith('storage'),
    );
    act(() => actor.send({ type: 'seek', at: (reboot?.start ?? 0) + 1 }));
    expect(link().getAttribute('aria-label')).toBe(
      `mirror link: broken, ${reboot?.host ?? '?'} down (restarting)`,
    );
    expect(screen.getByTestId('stage-link').dataset.state).toBe('broken');
    act(() => actor.send({ type: 'seek', at: reboot?.end ?? 0 }));
    expect(screen.getByTestId('stage-link').dataset.state).toBe('ok');
  });

  it('should point the client traffic at the active device, and move it and the services to the other device at a switchover', () => {
    const run = engineRun('ha-pair.yaml');
    const actor = startPlayer('ha-pair.yaml');
    renderWithPlayer(actor, <TopologyPanel />, strict);
    const services = run.scenario.workloads.map((w) => w.name);
    const traffic = () => screen.getByTestId('traffic');
    const active = run.scenario.hosts.find((host) => host.role === 'active')?.name ?? '?';
    expect(traffic().dataset.to).toBe(active);
    expect(traffic().getAttribute('aria-label')).toBe(`client traffic: to ${active}`);
    expect(chipsOn(active)).toEqual(services);
    expect(screen.getByRole('img', { name: 'heartbeat: working, both devices up' })).toBeTruthy();
    const switchover = run.report.steps.find((step) => step.action === 'switchover');
    const target = switchover?.host ?? '?';
    expect(target).not.toBe(active);
    // Halfway through, neither device holds the role: the arrow and the services are between them.
    act(() =>
      actor.send({ type: 'seek', at: ((switchover?.start ?? 0) + (switchover?.end ?? 0)) / 2 }),
    );
    expect(traffic().dataset.to).toBe('');
    expect(traffic().dataset.state).toBe('switching');
    expect(chipsOn('')).toEqual(services);
    act(() => actor.send({ type: 'seek', at: switchover?.end ?? 0 }));
    expect(traffic().dataset.to).toBe(target);
    expect(traffic().getAttribute('aria-label')).toBe(`client traffic: to ${target}`);
    expect(chipsOn(target)).toEqual(services);
    expect(chipsOn(active)).toEqual([]);
  });

  it('should show the version a host is moving to while it installs, has it staged and restarts', () => {
    const run = engineRun('cluster.yaml');
    const actor = startPlayer('cluster.yaml');
    renderWithPlayer(actor, <TopologyPanel />, strict);
    const install = run.report.steps.find((step) => step.action === 'install');
    const reboot = run.report.steps.find(
      (step) => step.action === 'reboot' && step.host === install?.host,
    );
    expect(install?.host).toBeDefined();
    const card = () =>
      screen.getAllByTestId('host-card').find((c) => c.dataset.host === install?.host);
    const version = () => card()?.querySelector('[data-testid="host-version"]')?.textContent;
    const status = () => card()?.querySelector('[data-testid="host-status"]')?.textContent;
    const moving = `${run.scenario.version.from} → ${install?.version ?? ''}`;
    act(() => actor.send({ type: 'seek', at: (install?.start ?? 0) + 1 }));
    expect(version()).toBe(moving);
    expect(status()).toMatch(/^installing · /);
    act(() => actor.send({ type: 'seek', at: (reboot?.start ?? 0) + 1 }));
    expect(version()).toBe(moving);
    expect(status()).toMatch(/^restarting · /);
    act(() => actor.send({ type: 'seek', at: reboot?.end ?? 0 }));
    expect(version()).toBe(install?.version);
  });

  it('should say on a crashed host’s card when it is back, and on its VPS why it is down', () => {
    const run = engineRun('cluster-crash.yaml');
    const actor = startPlayer('cluster-crash.yaml');
    renderWithPlayer(actor, <TopologyPanel />, strict);
    const crash = run.report.trace.find((entry) => entry.event === 'host.crash');
    const fault = run.scenario.faults.find((f) => f.fault === 'host-crash');
    expect(crash && fault?.duration).toBeTruthy();
    act(() => actor.send({ type: 'seek', at: (crash?.at ?? 0) + 1 }));
    const card = screen.getAllByTestId('host-card').find((c) => c.dataset.host === crash?.actor);
    expect(card?.querySelector('[data-testid="host-status"]')?.textContent).toBe(
      `crashed · back at ${clock((crash?.at ?? 0) + (fault?.duration ?? 0))}`,
    );
    const chip = card?.querySelector<HTMLElement>('[data-testid="workload"][data-state="down"]');
    expect(chip?.dataset.why).toMatch(/^down: host crash, back in /);
    expect(card?.querySelector('[data-testid="workload-status"]')?.textContent).toMatch(
      /^1 VPS down: host crash, back in /,
    );
  });

  it('should show names from the scenario as text, never as markup', () => {
    const actor = startPlayer('standalone.yaml');
    const { container } = renderWithPlayer(actor, <TopologyPanel />, strict);
    expect(container.querySelector('b')).toBeNull();
    expect(screen.getAllByTestId('host-card').map((card) => card.dataset.host)).toEqual(['server']);
    expect(screen.queryByTestId('stage-link')).toBeNull();
    expect(screen.queryByTestId('traffic')).toBeNull();
  });
});
