import { memo, useMemo, useRef, type ReactNode, type RefObject } from 'react';
import { safeText, type HostState, type WorkloadGroup } from '../../sim';
import { cx } from '../classNames';
import { span } from '../format';
import { useFitZoom } from '../hooks/useFitZoom';
import { useFollowHost } from '../hooks/useFollowHost';
import { useStageMoves } from '../hooks/useStageMoves';
import { sameCardStatus, type GroupStatus, type HostStatus } from '../state/cardStatus';
import {
  sameItems,
  selectCardStatus,
  selectCurrentStepHost,
  selectDowntimeSoFar,
  selectGroupHosts,
  selectGroupsDown,
  selectHosts,
  selectPlaying,
  selectSelectedHost,
  selectSpeed,
  selectStage,
  selectStageLayout,
  selectView,
} from '../state/selectors';
import type { RunView } from '../state/runView';
import { sameStage, type StageLink, type StageTraffic } from '../state/stage';
import { usePlayer } from '../state/usePlayer';
import { usePlayerSelector } from '../state/usePlayerSelector';
import { HostStatusRow, WorkloadCauses, workloadCount } from './CardStatusLine';
import styles from './TopologyPanel.module.css';
import { wholeNames } from './WholeNames';

/** Above this many workloads they are drawn as a grid of small squares instead of labelled chips. */
const COMPACT_WORKLOADS = 100;

/**
 * Above this many cards in a row of hosts, only those on screen are laid out (their height
 * taken, until drawn, to be a card's usual): fewer are laid out whole, so the stage's fit
 * measures them as they are drawn.
 */
const MANY_CARDS = 60;

/**
 * The most workloads a card draws as squares; the rest it counts ("+ 940 more"), and its counts
 * of workloads and of those down cover them all.
 */
const MOST_SQUARES = 60;

/** The smallest zoom the stage takes to fit its box; below it, the box scrolls. */
const LEAST_ZOOM = 0.55;

/**
 * The least the stage's smallest type (workloads' names, their counts, the pair's roles: 0.8 em)
 * reads on the screen, in pixels; on a short layout (720p), where the box has less room, 10. Below
 * it the stage's box scrolls rather than zooming further out: before, a 6-host Cluster's names
 * read 7.5 px at 1280×720 and the 20-host Cluster's 7 px at 1080p.
 */
const LEAST_TYPE = {
  selector: `.${styles.chip}, .${styles.count}, .${styles.more}, .${styles.role}`,
  px: 11,
  short: 10,
} as const;

/** The largest zoom the stage takes to use a box with room to spare (a pair on a wide screen). */
const MOST_ZOOM = 1.3;

/**
 * How the stage may be arranged to fit its box: the hosts stacked in tiers, or side by side
 * (`narrow`: the storage pair's cards narrower, the processing hosts' strips wider, taken when
 * that fits larger). Named workloads keep their names in every arrangement: when the cards do
 * not fit even at the least zoom, the stage scrolls rather than drawing every card's workloads
 * as squares (before: a crash that gave one card two lines of causes turned the 30 VPSs of a
 * 6-host Cluster into unnamed squares, just as the trainer points at where they moved). Only a
 * stage of more than {@link COMPACT_WORKLOADS} draws squares, each card its own.
 */
const STACKED = ['stacked'] as const;
const BESIDE = ['stacked', 'row', 'row narrow'] as const;

const ROLE_LABEL: Readonly<Record<string, string>> = {
  primary: 'Primary',
  secondary: 'Secondary',
  active: 'Active',
  standby: 'Standby',
};

/** Roles that hold the pair's serving side. */
const LEADING_ROLES = new Set(['primary', 'active']);

interface Chip {
  readonly name: string;
  readonly group: number;
  readonly kind: 'vps' | 'service';
}

/**
 * The workloads on one host: the groups they belong to, how many there are, and the first of
 * them as chips (at most {@link MOST_SQUARES}: a million VPSs on a thousand cards drew a million
 * squares and froze the page for half a minute).
 */
interface Placement {
  readonly chips: readonly Chip[];
  readonly groups: readonly number[];
  /** Per group of `groups`: how many workloads it has, and their kind (its first one's). */
  readonly sizes: readonly number[];
  readonly kinds: readonly Chip['kind'][];
  /** Every workload on the host, drawn or not. */
  readonly count: number;
}

const NO_WORKLOADS: Placement = { chips: [], groups: [], sizes: [], kinds: [], count: 0 };

/**
 * Where each workload group is on the stage: a host name (where it was placed, or where the
 * controller moved it: `groupHosts`, one per group at the cursor), the holder of a role (the
 * Primary, the active device), or `''` while no host runs it. Pure.
 */
function placesOf(
  view: RunView,
  groupHosts: readonly string[],
  primary: string | undefined,
  active: string | undefined,
): string[] {
  return view.run.groups.map((group: WorkloadGroup, index) => {
    const where = groupHosts[index] ?? view.groupPlacement[index] ?? group.key;
    return (where === 'primary' ? primary : where === 'active' ? active : where) ?? '';
  });
}

/** The workloads on each place, in group order, each with its first chips. Pure. */
function placeGroups(view: RunView, places: readonly string[]): Map<string, Placement> {
  const placed = new Map<
    string,
    { chips: Chip[]; groups: number[]; sizes: number[]; kinds: Chip['kind'][]; count: number }
  >();
  // Only the workloads that are not VPSs: a Cluster may have a million VPSs.
  const services = new Set(
    view.run.scenario.workloads.filter((w) => w.kind === 'service').map((w) => w.name),
  );
  view.run.groups.forEach((group, index) => {
    const key = places[index] ?? '';
    let entry = placed.get(key);
    if (!entry) {
      entry = { chips: [], groups: [], sizes: [], kinds: [], count: 0 };
      placed.set(key, entry);
    }
    entry.groups.push(index);
    entry.sizes.push(group.members.length);
    entry.kinds.push(services.has(group.members[0] ?? '') ? 'service' : 'vps');
    entry.count += group.members.length;
    for (const name of group.members) {
      if (entry.chips.length >= MOST_SQUARES) break;
      entry.chips.push({ name, group: index, kind: services.has(name) ? 'service' : 'vps' });
    }
  });
  return placed;
}

/** One line per reason a place's workloads are down, with how many each covers. Pure. */
function causeLines(placement: Placement, why: readonly (GroupStatus | undefined)[]) {
  const lines = new Map<string, { status: GroupStatus; count: number; kind: Chip['kind'] }>();
  placement.groups.forEach((group, at) => {
    const status = why[group];
    const size = placement.sizes[at] ?? 0;
    if (!status || size === 0) return;
    const line = lines.get(status.text);
    if (line) line.count += size;
    else lines.set(status.text, { status, count: size, kind: placement.kinds[at] ?? 'vps' });
  });
  return [...lines.values()].map(({ status, count, kind }) => ({
    status,
    count: workloadCount(count, kind),
  }));
}

function Workloads({
  placement,
  down,
  why,
  soFar,
  compact,
}: {
  placement: Placement;
  down: readonly boolean[];
  why: readonly (GroupStatus | undefined)[];
  soFar: readonly number[];
  compact: boolean;
}) {
  const { chips, count } = placement;
  if (count === 0) return null;
  const downCount = placement.groups.reduce(
    (sum, group, at) => sum + (down[group] ? (placement.sizes[at] ?? 0) : 0),
    0,
  );
  const causes = <WorkloadCauses lines={causeLines(placement, why)} />;
  const more = count - chips.length;
  if (compact) {
    return (
      <div
        className={styles.grid}
        data-testid="workload-grid"
        role="group"
        aria-label={`${count} workloads, ${downCount} down`}
      >
        {chips.map((chip) => {
          const isDown = down[chip.group] ?? false;
          return (
            <span
              key={chip.name}
              className={`${styles.square} ${isDown ? styles.down : styles.up}`}
              data-testid="workload"
              data-name={chip.name}
              data-group={chip.group}
              data-state={isDown ? 'down' : 'up'}
              title={`${chip.name}: ${why[chip.group]?.text ?? 'up'}, ${span(soFar[chip.group] ?? 0)} down so far`}
            />
          );
        })}
        {more > 0 ? (
          <span className={styles.more} data-testid="workloads-more">
            + {more.toLocaleString('en')} more
          </span>
        ) : null}
        <span className={styles.count} data-testid="workloads-count">
          {count.toLocaleString('en')} workloads
          {downCount > 0 ? `, ${downCount.toLocaleString('en')} down` : ''}
        </span>
        {causes}
      </div>
    );
  }
  return (
    <>
      <ul className={styles.chips} aria-label="workloads">
        {chips.map((chip) => {
          const isDown = down[chip.group] ?? false;
          const downtime = soFar[chip.group] ?? 0;
          return (
            <li
              key={chip.name}
              className={`${styles.chip} ${isDown ? styles.down : styles.up}`}
              data-testid="workload"
              data-name={chip.name}
              data-group={chip.group}
              data-state={isDown ? 'down' : 'up'}
              data-why={why[chip.group]?.text}
              title={`${chip.name}: ${why[chip.group]?.text ?? 'up'}`}
            >
              {isDown ? <span aria-hidden="true">▼</span> : null}
              <span className={styles.chipName}>{chip.name}</span>
              {downtime > 0 ? <span className={styles.chipDowntime}>{span(downtime)}</span> : null}
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
    a.status?.tone !== b.status?.tone ||
    a.status?.becomes !== b.status?.becomes
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
  const role = ROLE_LABEL[host.role];
  // The role it takes once the change under way is over: `Secondary → Primary` on the host
  // taking over, so that two members in the following role meanwhile read apart.
  const becomes =
    line?.becomes !== undefined && line.becomes !== host.role
      ? ROLE_LABEL[line.becomes]
      : undefined;
  return (
    <article
      className={[
        styles.card,
        `lifecycle-${status}`,
        selected ? styles.selected : '',
        host.serving ? '' : styles.notServing,
      ].join(' ')}
      data-testid="host-card"
      data-place={host.name}
      data-host={host.name}
      data-role={host.role}
      data-lifecycle={status}
      data-version={host.version}
    >
      <button
        type="button"
        className={styles.head}
        aria-pressed={selected}
        title="Show this host's machine in the Statechart tab"
        onClick={() => actor.send({ type: 'host.select', name: selected ? undefined : host.name })}
      >
        <span className={styles.name} data-testid="host-name">
          {safeText(host.name)}
        </span>
        {role !== undefined ? (
          <span
            className={`${styles.role} ${LEADING_ROLES.has(host.role) ? styles.leading : styles.following}`}
            data-testid="host-role"
            data-becomes={becomes}
          >
            {becomes === undefined ? role : `${role} → ${becomes}`}
          </span>
        ) : null}
      </button>
      <HostStatusRow lifecycle={status} status={line} />
      <dl className={styles.facts} data-testid="host-facts">
        <div>
          <dt className="presenter-row-hidden">version</dt>
          <dd data-testid="host-version">
            {host.version}
            {host.staged !== undefined && host.staged !== host.version ? (
              <span className={styles.staged} title={`moving to ${host.staged}`}>
                {` → ${host.staged}`}
              </span>
            ) : null}
          </dd>
        </div>
      </dl>
      {/* After the facts, not among them: a <dl> holds only term and definition groups. */}
      <div className={styles.flags}>
        {host.maintenance ? (
          <span className={styles.flag} data-testid="host-flag">
            maintenance
          </span>
        ) : null}
        {!host.serving ? (
          <span className={`${styles.flag} ${styles.flagBad}`} data-testid="host-flag">
            not serving
          </span>
        ) : null}
        {host.kind === 'storage' && !host.poolOnline ? (
          <span className={`${styles.flag} ${styles.flagBad}`} data-testid="host-flag">
            pool degraded
          </span>
        ) : null}
        {host.kind === 'device' && host.preemption ? (
          <span className={`${styles.flag} ${styles.flagWarn}`} data-testid="host-flag">
            preemption on
          </span>
        ) : null}
      </div>
      <Workloads placement={placement} down={down} why={why} soFar={soFar} compact={compact} />
    </article>
  );
}, sameCard);

/** The link between the pair's members, with its state in words and as its text equivalent. */
function LinkView({ link }: { link: StageLink | undefined }) {
  if (!link) return <div className={styles.link} />;
  return (
    <div
      className={`${styles.link} ${link.kind === 'heartbeat' ? styles.heartbeat : ''}`}
      data-testid="stage-link"
      data-kind={link.kind}
      data-state={link.state}
    >
      <div role="img" aria-label={link.description} title={link.description}>
        <span className={styles.linkName} aria-hidden="true">
          {link.kind === 'mirror' ? 'mirror' : 'heartbeat'}
        </span>
        <span className={styles.linkLine} aria-hidden="true" />
        <span className={styles.linkWhy} aria-hidden="true">
          {wholeNames(link.state === 'ok' ? link.said : `${link.word}: ${link.said}`)}
        </span>
      </div>
    </div>
  );
}

/** Which column of the pair an arrow stands over: a member (0, 2), or between them (1). */
function slotOf(pair: readonly string[], device: string | undefined): number {
  const index = device === undefined ? -1 : pair.indexOf(device);
  return index < 0 ? 1 : index * 2;
}

/** The clients' traffic above the HA pair: one arrow per device that holds the active role. */
function TrafficView({ traffic, pair }: { traffic: StageTraffic; pair: readonly string[] }) {
  const targets = traffic.to.length === 0 ? [undefined] : traffic.to;
  return (
    <div className={styles.traffic}>
      {targets.map((device, index) => (
        <div
          // The first arrow keeps its element, so a switchover slides it to the other device.
          key={index}
          className={styles.arrow}
          data-testid="traffic"
          data-to={device ?? ''}
          data-slot={slotOf(pair, device)}
          data-state={traffic.state}
          role="img"
          aria-label={traffic.description}
          title={traffic.description}
        >
          <span aria-hidden="true">clients</span>
          <span className={styles.arrowShaft} aria-hidden="true" />
          <span className={styles.arrowHead} aria-hidden="true" />
        </div>
      ))}
    </div>
  );
}

/** Every host as a card where the system puts it, the links between them, and its workloads on it. */
export function TopologyPanel() {
  const view = usePlayerSelector(selectView);
  const layout = usePlayerSelector(selectStageLayout);
  const hosts = usePlayerSelector(selectHosts, sameItems);
  const down = usePlayerSelector(selectGroupsDown, sameItems);
  const soFar = usePlayerSelector(selectDowntimeSoFar, sameItems);
  const groupHosts = usePlayerSelector(selectGroupHosts, sameItems);
  const selected = usePlayerSelector(selectSelectedHost);
  const cards = usePlayerSelector(selectCardStatus, sameCardStatus);
  const stage = usePlayerSelector(selectStage, sameStage);
  const playing = usePlayerSelector(selectPlaying);
  const speed = usePlayerSelector(selectSpeed);
  const primary = hosts.find((host) => host.kind === 'storage' && host.role === 'primary')?.name;
  const active =
    hosts.find((host) => host.kind === 'device' && host.role === 'active' && host.leading)?.name ??
    hosts.find((host) => host.kind === 'device' && host.role === 'active')?.name;
  const places = useMemo(
    () => (view ? placesOf(view, groupHosts, primary, active) : []),
    [view, groupHosts, primary, active],
  );
  const placed = useMemo(
    () => (view ? placeGroups(view, places) : new Map<string, Placement>()),
    [view, places],
  );
  const body = useRef<HTMLDivElement>(null);
  const content = useRef<HTMLDivElement>(null);
  const total = view ? view.run.groups.reduce((sum, group) => sum + group.members.length, 0) : 0;
  const compact = total > COMPACT_WORKLOADS;
  useFitZoom(
    body,
    content,
    // Each run its own fit: scenarios whose hosts share their names (most SERVERware ones) may
    // differ in their workloads, and so in their cards' height. Never on a tick.
    view?.run,
    LEAST_ZOOM,
    MOST_ZOOM,
    layout && layout.attached.length > 0 ? BESIDE : STACKED,
    // Too many processing hosts to fit: beside the pair, so the first of them are in view.
    layout && layout.attached.length > 0 ? 'row' : undefined,
    // Named workloads: read at the zoom for scrolling rather than at the least zoom.
    !compact,
    // A Cluster's: a pair's stage of two cards fits its box whole at about 10 px (an HA pair's
    // at 1280×720), where a floor would cut both cards at the box's foot.
    layout && layout.attached.length > 0 ? LEAST_TYPE : undefined,
  );
  useStageMoves(content, places, stage.traffic?.to.join(' ') ?? '', { playing, speed });
  if (!view || !layout) {
    return (
      <section className={`panel topology ${styles.panel}`} aria-label="Topology">
        <h2>Topology</h2>
        <p className="empty">No run yet: pick a scenario or fix the one in the editor.</p>
      </section>
    );
  }
  const byName = new Map(hosts.map((host) => [host.name, host]));
  const card = (name: string) => {
    const host = byName.get(name);
    if (!host) return null;
    return (
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
  };
  const unplaced = placed.get('') ?? NO_WORKLOADS;
  const noHost =
    unplaced.count > 0 ? (
      <Workloads
        placement={unplaced}
        down={down}
        why={cards.groups}
        soFar={soFar}
        compact={compact}
      />
    ) : null;
  const [a, b] = layout.pair;
  const pair =
    a !== undefined && b !== undefined ? (
      <div className={styles.pair} data-pair="">
        {card(a)}
        <LinkView link={stage.link} />
        {card(b)}
        {/* Workloads with no host are those of the pair's serving role (the Primary's, the active
            device's) while neither holds it: in transit, on a line under the pair, as wide as it
            (in the link's column they took ten lines, and the stage zoomed out for them). */}
        {noHost ? (
          <div className={styles.transit} data-place="" data-testid="in-transit">
            {noHost}
          </div>
        ) : null}
      </div>
    ) : (
      <div className={styles.cards}>{layout.pair.map(card)}</div>
    );
  const sections: ReactNode[] = [];
  if (layout.system === 'serverware') {
    sections.push(
      <div key="tier" className={`${styles.tier} ${layout.backup.length > 0 ? '' : styles.alone}`}>
        {layout.backup.length > 0 ? (
          <div className={`${styles.place} ${styles.backupPlace}`} data-strips="">
            <h3>Backup</h3>
            {layout.backup.map(card)}
          </div>
        ) : null}
        <div className={`${styles.place} ${styles.pairPlace}`}>
          {/* Presenter mode: the mirror between the cards says it, and the room reads the cards larger
              for the line (a Mirror after a crash: 24 px at 1080p instead of 21.6). */}
          <h3 className="presenter-hidden">Storage pair, mirrored</h3>
          {pair}
        </div>
      </div>,
    );
    if (layout.attached.length > 0)
      sections.push(
        <div key="attached" className={`${styles.place} ${styles.attached}`}>
          <h3>
            Processing hosts ({layout.attached.length})
            {/* Presenter mode's row draws the bus from the pair instead of saying it. */}
            <span className="presenter-row-hidden">, attached to the storage pair</span>
          </h3>
          <div className={cx(styles.cards, layout.attached.length > MANY_CARDS && styles.many)}>
            {layout.attached.map(card)}
          </div>
        </div>,
      );
  } else if (layout.system === 'ha-pair') {
    sections.push(
      // No heading: the clients' arrow and the heartbeat say what the pair is, in less height.
      <div key="pair" className={styles.place}>
        {stage.traffic ? <TrafficView traffic={stage.traffic} pair={layout.pair} /> : null}
        {pair}
      </div>,
    );
  } else {
    sections.push(
      <div key="server" className={`${styles.place} ${styles.single}`}>
        <h3>Single server</h3>
        {layout.server.map(card)}
      </div>,
    );
  }
  if (layout.others.length > 0)
    sections.push(
      <div key="other" className={styles.place}>
        <h3>Other hosts</h3>
        <div className={cx(styles.cards, layout.others.length > MANY_CARDS && styles.many)}>
          {layout.others.map(card)}
        </div>
      </div>,
    );
  if (noHost && a === undefined)
    sections.push(
      <div key="none" className={styles.place} data-place="" data-testid="in-transit">
        <h3>Workloads with no serving host</h3>
        {noHost}
      </div>,
    );
  return (
    <section className={`panel topology ${styles.panel}`} aria-label="Topology">
      {/* In presenter mode the stage says what it is: its height goes to the cards. */}
      <h2 className="presenter-hidden">
        Topology <span className="muted">{total} workloads</span>
      </h2>
      <div className={styles.body} ref={body}>
        <div className={styles.stage} ref={content} data-testid="stage" data-system={layout.system}>
          {sections}
        </div>
      </div>
      <FollowStep
        box={body}
        layout={view.run}
        lazy={layout.attached.length > MANY_CARDS || layout.others.length > MANY_CARDS}
      />
    </section>
  );
}

/**
 * Scrolls the stage's box to the card of the host the current step works on, when the stage is
 * larger than its box (see {@link useFollowHost}). A component of its own, so that a step moving
 * to another host renders nothing but it (the cards of a cluster of hundreds of hosts stay).
 */
function FollowStep({
  box,
  layout,
  lazy,
}: {
  readonly box: RefObject<HTMLDivElement | null>;
  readonly layout: unknown;
  /** The cards are laid out only as they come into view (hundreds of hosts). */
  readonly lazy: boolean;
}) {
  useFollowHost(box, usePlayerSelector(selectCurrentStepHost), layout, lazy);
  return null;
}
