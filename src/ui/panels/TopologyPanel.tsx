import { memo, useLayoutEffect, useMemo, useRef, type ReactNode } from 'react';
import type { HostState, WorkloadGroup } from '../../sim';
import { span } from '../format';
import { sameCardStatus, type GroupStatus, type HostStatus } from '../state/cardStatus';
import {
  sameItems,
  selectCardStatus,
  selectDowntimeSoFar,
  selectGroupHosts,
  selectGroupsDown,
  selectHosts,
  selectSelectedHost,
  selectView,
} from '../state/selectors';
import { usePlayer } from '../state/usePlayer';
import { usePlayerSelector } from '../state/usePlayerSelector';
import type { RunView } from '../state/runView';
import { HostStatusRow, WorkloadCauses, workloadCount } from './CardStatusLine';

/** Above this many workloads they are drawn as a grid of small squares instead of labelled chips. */
const COMPACT_WORKLOADS = 100;

const ROLE_LABEL: Readonly<Record<string, string>> = {
  primary: 'Primary',
  secondary: 'Secondary',
  backup: 'Backup',
  processing: 'Processing',
  active: 'Active',
  standby: 'Standby',
  server: 'Server',
};

/** Roles that change hands; the others are what the section heading already says. */
const PAIR_ROLES = new Set(['primary', 'secondary', 'active', 'standby']);

interface Chip {
  readonly name: string;
  readonly group: number;
  readonly kind: 'vps' | 'service';
}

/** The workloads on one host, and the groups they belong to. */
interface Placement {
  readonly chips: readonly Chip[];
  readonly groups: readonly number[];
}

const NO_WORKLOADS: Placement = { chips: [], groups: [] };

/**
 * Which host runs each workload group: a host name (where it was placed, or where the controller
 * moved it: `groupHosts`, one per group at the cursor), or the holder of a role (the Primary, the
 * active device). Pure.
 */
function placeGroups(
  view: RunView,
  groupHosts: readonly string[],
  primary: string | undefined,
  active: string | undefined,
): Map<string, Placement> {
  const placed = new Map<string, { chips: Chip[]; groups: number[] }>();
  const kinds = new Map(view.run.scenario.workloads.map((w) => [w.name, w.kind]));
  view.run.groups.forEach((group: WorkloadGroup, index) => {
    const where = groupHosts[index] ?? view.groupPlacement[index] ?? group.key;
    const host = where === 'primary' ? primary : where === 'active' ? active : where;
    const key = host ?? '';
    let entry = placed.get(key);
    if (!entry) {
      entry = { chips: [], groups: [] };
      placed.set(key, entry);
    }
    entry.groups.push(index);
    for (const name of group.members)
      entry.chips.push({ name, group: index, kind: kinds.get(name) ?? 'vps' });
  });
  return placed;
}

/** Animates cards to their new place when roles swap (FLIP: measure, invert, play). */
function useFlip(order: string) {
  const ref = useRef<HTMLDivElement>(null);
  const places = useRef(new Map<string, { x: number; y: number }>());
  useLayoutEffect(() => {
    const root = ref.current;
    if (!root) return;
    // Every read before any write: one layout for all the cards, not one per card.
    const origin = root.getBoundingClientRect();
    const next = new Map<string, { x: number; y: number }>();
    const moved: { node: HTMLElement; dx: number; dy: number }[] = [];
    for (const node of root.querySelectorAll<HTMLElement>('[data-flip]')) {
      const id = node.dataset.flip ?? '';
      const rect = node.getBoundingClientRect();
      const place = { x: rect.left - origin.left, y: rect.top - origin.top };
      next.set(id, place);
      const before = places.current.get(id);
      if (before && (before.x !== place.x || before.y !== place.y))
        moved.push({ node, dx: before.x - place.x, dy: before.y - place.y });
    }
    places.current = next;
    if (moved.length === 0) return;
    for (const { node, dx, dy } of moved) {
      node.style.transition = 'none';
      node.style.transform = `translate(${dx}px, ${dy}px)`;
    }
    void root.offsetWidth; // commit the inverted positions before transitioning back
    for (const { node } of moved) {
      node.style.transition = '';
      node.style.transform = '';
    }
  }, [order]);
  return ref;
}

/** One line per reason the chips' workloads are down, with how many each covers. Pure. */
function causeLines(chips: readonly Chip[], why: readonly (GroupStatus | undefined)[]) {
  const lines = new Map<string, { status: GroupStatus; count: number; kind: Chip['kind'] }>();
  for (const chip of chips) {
    const status = why[chip.group];
    if (!status) continue;
    const line = lines.get(status.text);
    if (line) line.count++;
    else lines.set(status.text, { status, count: 1, kind: chip.kind });
  }
  return [...lines.values()].map(({ status, count, kind }) => ({
    status,
    count: workloadCount(count, kind),
  }));
}

function Workloads({
  chips,
  down,
  why,
  soFar,
  compact,
}: {
  chips: readonly Chip[];
  down: readonly boolean[];
  why: readonly (GroupStatus | undefined)[];
  soFar: readonly number[];
  compact: boolean;
}) {
  if (chips.length === 0) return null;
  const downCount = chips.filter((chip) => down[chip.group]).length;
  const causes = <WorkloadCauses lines={causeLines(chips, why)} />;
  if (compact) {
    return (
      <div className="workload-grid" aria-label={`${chips.length} workloads, ${downCount} down`}>
        {chips.map((chip) => {
          const isDown = down[chip.group] ?? false;
          return (
            <span
              key={chip.name}
              className={isDown ? 'square down' : 'square up'}
              data-testid="workload"
              data-name={chip.name}
              data-state={isDown ? 'down' : 'up'}
              title={`${chip.name}: ${why[chip.group]?.text ?? 'up'}, ${span(soFar[chip.group] ?? 0)} down so far`}
            />
          );
        })}
        <span className="workload-count">
          {chips.length} workloads{downCount > 0 ? `, ${downCount} down` : ''}
        </span>
        {causes}
      </div>
    );
  }
  return (
    <>
      <ul className="chips" aria-label="workloads">
        {chips.map((chip) => {
          const isDown = down[chip.group] ?? false;
          const downtime = soFar[chip.group] ?? 0;
          return (
            <li
              key={chip.name}
              className={isDown ? 'chip down' : 'chip up'}
              data-testid="workload"
              data-name={chip.name}
              data-state={isDown ? 'down' : 'up'}
              data-why={why[chip.group]?.text}
              title={`${chip.name}: ${why[chip.group]?.text ?? 'up'}`}
            >
              {isDown ? (
                <span className="chip-mark" aria-hidden="true">
                  ▼
                </span>
              ) : null}
              <span className="chip-name">{chip.name}</span>
              {downtime > 0 ? <span className="chip-downtime">{span(downtime)}</span> : null}
            </li>
          );
        })}
      </ul>
      {causes}
    </>
  );
}

interface HostCardProps {
  readonly host: HostState;
  readonly selected: boolean;
  readonly placement: Placement;
  /** Per workload group: down now, and downtime so far (only this card's groups are read). */
  readonly down: readonly boolean[];
  readonly soFar: readonly number[];
  readonly compact: boolean;
  /** What is happening to the host at the playhead, in words. */
  readonly status: HostStatus | undefined;
  /** Per workload group: why it is down (only this card's groups are read). */
  readonly why: readonly (GroupStatus | undefined)[];
}

/** A card re-renders when its host moves or its own workloads change, not on every tick. */
function sameCard(a: HostCardProps, b: HostCardProps): boolean {
  if (
    a.host !== b.host ||
    a.selected !== b.selected ||
    a.placement !== b.placement ||
    a.compact !== b.compact ||
    a.status?.text !== b.status?.text ||
    a.status?.tone !== b.status?.tone
  )
    return false;
  for (const group of a.placement.groups) {
    if (
      a.down[group] !== b.down[group] ||
      a.soFar[group] !== b.soFar[group] ||
      a.why[group]?.text !== b.why[group]?.text
    )
      return false;
  }
  return true;
}

const HostCard = memo(function HostCard({
  host,
  selected,
  placement,
  down,
  soFar,
  compact,
  status: line,
  why,
}: HostCardProps) {
  const actor = usePlayer();
  const status = host.lifecycle;
  return (
    <article
      className={`host-card lifecycle-${status}${selected ? ' selected' : ''}${host.serving ? '' : ' not-serving'}`}
      // Only the pair's cards swap places (a failover, a switchover): only they are animated.
      data-flip={PAIR_ROLES.has(host.role) ? host.name : undefined}
      data-testid="host-card"
      data-host={host.name}
      data-role={host.role}
      data-lifecycle={status}
      data-version={host.version}
    >
      <button
        type="button"
        className="host-head"
        aria-pressed={selected}
        title="Show this host's machine in the Statechart tab"
        onClick={() => actor.send({ type: 'host.select', name: selected ? undefined : host.name })}
      >
        <span className="host-name">{host.name}</span>
        {PAIR_ROLES.has(host.role) ? (
          <span className={`role role-${host.role}`}>{ROLE_LABEL[host.role] ?? host.role}</span>
        ) : null}
      </button>
      <HostStatusRow lifecycle={status} status={line} />
      <dl className="host-facts">
        <div>
          <dt>version</dt>
          <dd className="host-version">
            {host.version}
            {host.staged !== undefined && host.staged !== host.version ? (
              <span className="staged" title={`moving to ${host.staged}`}>
                {` → ${host.staged}`}
              </span>
            ) : null}
          </dd>
        </div>
        <div className="host-flags">
          {host.maintenance ? <span className="flag">maintenance</span> : null}
          {!host.serving ? <span className="flag flag-bad">not serving</span> : null}
          {host.kind === 'storage' && !host.poolOnline ? (
            <span className="flag flag-bad">pool degraded</span>
          ) : null}
          {host.kind === 'device' && host.preemption ? (
            <span className="flag flag-warn">preemption on</span>
          ) : null}
        </div>
      </dl>
      <Workloads chips={placement.chips} down={down} why={why} soFar={soFar} compact={compact} />
    </article>
  );
}, sameCard);

function Section({
  title,
  className,
  children,
}: {
  title: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div className={`topology-section ${className ?? ''}`}>
      <h3>{title}</h3>
      <div className="topology-cards">{children}</div>
    </div>
  );
}

/** Every host as a card, grouped by the role it holds at the cursor, with its workloads on it. */
export function TopologyPanel() {
  const view = usePlayerSelector(selectView);
  const hosts = usePlayerSelector(selectHosts, sameItems);
  const down = usePlayerSelector(selectGroupsDown, sameItems);
  const soFar = usePlayerSelector(selectDowntimeSoFar, sameItems);
  const groupHosts = usePlayerSelector(selectGroupHosts, sameItems);
  const selected = usePlayerSelector(selectSelectedHost);
  const cards = usePlayerSelector(selectCardStatus, sameCardStatus);
  const order = hosts.map((host) => `${host.name}:${host.role}`).join(' ');
  const ref = useFlip(order);
  const primary = hosts.find((host) => host.kind === 'storage' && host.role === 'primary')?.name;
  const active =
    hosts.find((host) => host.kind === 'device' && host.role === 'active' && host.leading)?.name ??
    hosts.find((host) => host.kind === 'device' && host.role === 'active')?.name;
  const placed = useMemo(
    () => (view ? placeGroups(view, groupHosts, primary, active) : new Map<string, Placement>()),
    [view, groupHosts, primary, active],
  );
  if (!view) {
    return (
      <section className="panel topology" aria-label="Topology">
        <h2>Topology</h2>
        <p className="empty">No run yet: pick a scenario or fix the one in the editor.</p>
      </section>
    );
  }
  const total = view.run.groups.reduce((sum, group) => sum + group.members.length, 0);
  const compact = total > COMPACT_WORKLOADS;
  const card = (host: HostState) => (
    <HostCard
      key={host.name}
      host={host}
      selected={selected === host.name}
      placement={placed.get(host.name) ?? NO_WORKLOADS}
      down={down}
      soFar={soFar}
      compact={compact}
      status={cards.hosts.get(host.name)}
      why={cards.groups}
    />
  );
  const byRole = (...roles: string[]) => hosts.filter((host) => roles.includes(host.role));
  const system = view.run.report.system;
  const sections: ReactNode[] = [];
  if (system === 'serverware') {
    const backup = byRole('backup');
    const storage = [...byRole('primary'), ...byRole('secondary')];
    const processing = byRole('processing');
    if (backup.length > 0)
      sections.push(
        <Section key="backup" title="Backup">
          {backup.map(card)}
        </Section>,
      );
    sections.push(
      <Section key="storage" title="Storage pair: Primary · Secondary" className="pair">
        {storage.map(card)}
      </Section>,
    );
    if (processing.length > 0) {
      sections.push(
        <Section
          key="processing"
          title={`Processing hosts (${processing.length})`}
          className="many"
        >
          {processing.map(card)}
        </Section>,
      );
    }
  } else if (system === 'ha-pair') {
    sections.push(
      <Section key="pair" title="HA pair: Active · Standby" className="pair">
        {[...byRole('active'), ...byRole('standby')].map(card)}
      </Section>,
    );
  } else {
    sections.push(
      <Section key="server" title="Single server">
        {byRole('server').map(card)}
      </Section>,
    );
  }
  const shown = new Set(
    system === 'serverware'
      ? ['backup', 'primary', 'secondary', 'processing']
      : system === 'ha-pair'
        ? ['active', 'standby']
        : ['server'],
  );
  const others = hosts.filter((host) => !shown.has(host.role));
  if (others.length > 0)
    sections.push(
      <Section key="other" title="Other hosts">
        {others.map(card)}
      </Section>,
    );
  const unplaced = placed.get('')?.chips ?? [];
  return (
    <section className="panel topology" aria-label="Topology">
      <h2>
        Topology <span className="muted">{total} workloads</span>
      </h2>
      <div className="topology-body" ref={ref}>
        {sections}
        {unplaced.length > 0 ? (
          <div className="topology-section">
            <h3>Workloads with no serving host</h3>
            <Workloads
              chips={unplaced}
              down={down}
              why={cards.groups}
              soFar={soFar}
              compact={compact}
            />
          </div>
        ) : null}
      </div>
    </section>
  );
}
