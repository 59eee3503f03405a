/**
 * The topology as a stage: where each host stands, as the system is built (the Backup, the
 * storage pair, the processing hosts attached to it; the HA pair; the server), and what the
 * links between them show at the playhead (the storage pair's mirror link, the HA pair's
 * heartbeat, the client traffic going to the active device). Hosts keep their places; roles,
 * links and workloads change at the cursor. Pure: read from the hosts' states and the cards'
 * statuses at the cursor, so a paused or scrubbed stage is exact.
 */
import type { HostState, SystemKind } from '../../sim';
import type { CardStatus, HostStatus } from './cardStatus';

/** Where each host stands on the stage, by what it is (never by the role it holds now). */
export interface StageLayout {
  readonly system: SystemKind;
  /** The Backup host(s), beside the storage pair. */
  readonly backup: readonly string[];
  /** The pair, in scenario order: the storage pair, or the HA pair's two devices. */
  readonly pair: readonly string[];
  /** The processing hosts, attached to the storage pair (a Cluster). */
  readonly attached: readonly string[];
  /** The single server. */
  readonly server: readonly string[];
  /** Hosts of no place above (none in a valid scenario). */
  readonly others: readonly string[];
}

/** How a link reads: working, working with a fault, or not working. */
type LinkState = 'ok' | 'degraded' | 'broken';

/** The link between the pair's two members: the storage mirror, or the HA heartbeat. */
export interface StageLink {
  readonly kind: 'mirror' | 'heartbeat';
  readonly between: readonly [string, string];
  readonly state: LinkState;
  /** Why, in words: `in sync`, `failing over`, `storage-2 down (crashed)`. */
  readonly why: string;
  /**
   * What the link says on the stage, in the narrow column between the cards: `why` without the
   * down members' causes (`storage-2 down`), which their own cards show; the same otherwise.
   */
  readonly said: string;
  /**
   * The state in a word, before `said` on the stage: `broken`, `degraded`; a heartbeat's `lost`
   * (a device out of service) or `split brain` (both active). Before, both read `broken`:
   * "broken: lost, device-b down", "broken: split brain: both devices active".
   */
  readonly word: string;
  /** The link's text equivalent: `mirror link: broken, storage-2 down (crashed)`. */
  readonly description: string;
}

/** Where the clients' traffic goes on an HA pair. */
export interface StageTraffic {
  /** The devices holding the active role, in the pair's order: none, one, or two (split brain). */
  readonly to: readonly string[];
  /**
   * `ok`: one serving active device; `switching`: a role change under way (no device may hold
   * the role meanwhile); `broken`: no active device, two, or one that is not serving.
   */
  readonly state: 'ok' | 'switching' | 'broken';
  /** Why, in words: `to device-b`, `switching over → device-b`. */
  readonly why: string;
  /** The arrow's text equivalent: `client traffic: to device-b`. */
  readonly description: string;
}

/** What the stage shows at one instant, besides the cards. */
export interface StageState {
  readonly link?: StageLink;
  readonly traffic?: StageTraffic;
}

const LINK_WORDS: Readonly<Record<LinkState, string>> = {
  ok: 'working',
  degraded: 'degraded',
  broken: 'broken',
};

/**
 * Where each host stands: by kind, in scenario order, so a failover or a switchover moves roles
 * and workloads between hosts that stay in place. Pure.
 * @param system The scenario's system.
 * @param hosts The hosts, in scenario order (their names and kinds are read).
 */
export function stageLayout(
  system: SystemKind,
  hosts: readonly Pick<HostState, 'name' | 'kind'>[],
): StageLayout {
  const of = (kind: HostState['kind']) =>
    hosts.filter((host) => host.kind === kind).map((host) => host.name);
  const backup = system === 'serverware' ? of('backup') : [];
  const pair = system === 'serverware' ? of('storage') : system === 'ha-pair' ? of('device') : [];
  const attached = system === 'serverware' ? of('processing') : [];
  const server = system === 'standalone' ? of('server') : [];
  const placed = new Set([...backup, ...pair, ...attached, ...server]);
  return {
    system,
    backup,
    pair,
    attached,
    server,
    others: hosts.filter((host) => !placed.has(host.name)).map((host) => host.name),
  };
}

/** A member that is out of service, in words: `storage-2 down (crashed)`. */
function outOfService(host: HostState, status: HostStatus | undefined): string {
  return `${host.name} down (${status?.what ?? host.lifecycle})`;
}

function link(
  kind: StageLink['kind'],
  between: readonly [string, string],
  state: LinkState,
  why: string,
  said = why,
  word = LINK_WORDS[state],
): StageLink {
  const name = kind === 'mirror' ? 'mirror link' : 'heartbeat';
  return { kind, between, state, why, said, word, description: `${name}: ${word}, ${why}` };
}

/**
 * The members of a pair out of service, each with why (`storage-2 down (restarting)`), and as the
 * link says it (`storage-2 down`: a cause wrapped to four lines in the link's column made the pair
 * taller than its cards, and the stage zoomed out for it); undefined when both serve.
 */
function outOfServiceIn(
  pair: readonly [HostState, HostState],
  statuses: CardStatus['hosts'],
): { why: string; said: string } | undefined {
  const down = pair.filter((host) => !host.serving);
  if (down.length === 0) return undefined;
  return {
    why: down.map((host) => outOfService(host, statuses.get(host.name))).join(', '),
    said: down.map((host) => `${host.name} down`).join(', '),
  };
}

/** The storage pair's mirror link: broken while a member is out of service, degraded while the roles move or a pool resilvers. */
function mirrorLink(
  pair: readonly [HostState, HostState],
  statuses: CardStatus['hosts'],
): StageLink {
  const between = [pair[0].name, pair[1].name] as const;
  const down = outOfServiceIn(pair, statuses);
  if (down) return link('mirror', between, 'broken', down.why, down.said);
  const moving = pair.find((host) => statuses.get(host.name)?.roleChange !== undefined);
  if (moving)
    return link('mirror', between, 'degraded', statuses.get(moving.name)?.what ?? 'failing over');
  const resilvering = pair.filter((host) => !host.poolOnline);
  if (resilvering.length > 0)
    return link(
      'mirror',
      between,
      'degraded',
      `pool resilvering on ${resilvering.map((host) => host.name).join(' and ')}`,
    );
  return link('mirror', between, 'ok', 'in sync');
}

/** The HA pair's heartbeat: lost while a device is out of service, broken while both are active. */
function heartbeat(
  pair: readonly [HostState, HostState],
  statuses: CardStatus['hosts'],
): StageLink {
  const between = [pair[0].name, pair[1].name] as const;
  const down = outOfServiceIn(pair, statuses);
  if (down) return link('heartbeat', between, 'broken', down.why, down.said, 'lost');
  if (pair.every((host) => host.leading))
    return link('heartbeat', between, 'broken', 'both devices active', undefined, 'split brain');
  return link('heartbeat', between, 'ok', 'both devices up');
}

/** Where the clients' traffic goes: to the device holding the active role. */
function traffic(
  pair: readonly [HostState, HostState],
  statuses: CardStatus['hosts'],
): StageTraffic {
  const to = pair.filter((host) => host.leading).map((host) => host.name);
  const result = (state: StageTraffic['state'], why: string): StageTraffic => ({
    to,
    state,
    why,
    description: `client traffic: ${why}`,
  });
  const moving = pair
    .map((host) => statuses.get(host.name))
    .find((status) => status?.roleChange !== undefined);
  if (moving && to.length <= 1)
    return result('switching', to.length === 0 ? moving.what : `to ${to.join('')}, ${moving.what}`);
  if (to.length === 0) return result('broken', 'no active device');
  if (to.length > 1) return result('broken', `split brain: to ${to.join(' and ')}`);
  const active = pair.find((host) => host.leading);
  if (active && !active.serving)
    return result(
      'broken',
      `to ${active.name}, which is ${statuses.get(active.name)?.what ?? active.lifecycle}`,
    );
  return result('ok', `to ${to.join('')}`);
}

/**
 * The pair's link and, on an HA pair, where the client traffic goes, at one instant. Pure.
 * @param layout Where the hosts stand ({@link stageLayout}).
 * @param hosts Every host's state at the cursor.
 * @param statuses The cards' statuses at the cursor (`cardStatusAt`): the role changes under way.
 * @returns No link for a system with no pair (a single server), or a pair not of two hosts.
 */
export function stageAt(
  layout: StageLayout,
  hosts: readonly HostState[],
  statuses: CardStatus['hosts'],
): StageState {
  const byName = new Map(hosts.map((host) => [host.name, host]));
  const [a, b] = layout.pair.map((name) => byName.get(name));
  if (layout.pair.length !== 2 || !a || !b) return {};
  if (layout.system === 'serverware') return { link: mirrorLink([a, b], statuses) };
  return { link: heartbeat([a, b], statuses), traffic: traffic([a, b], statuses) };
}

/** Virtual time a move on the stage takes to play: the playback speed turns it into wall time. */
const MOVE_SPAN = 30_000;

/** The shortest and longest a move plays, in wall ms, so it is seen at 1000× and never drags at 1×. */
const MOVE_WALL = { min: 150, max: 1_200 } as const;

/**
 * How long, in wall ms, a move on the stage animates at a playback speed (virtual ms per wall
 * ms): {@link MOVE_SPAN} of virtual time, kept between 150 ms and 1.2 s. Pure.
 * @example moveDuration(60) // 500
 */
export function moveDuration(speed: number): number {
  if (!(speed > 0)) return 0;
  return Math.round(Math.min(MOVE_WALL.max, Math.max(MOVE_WALL.min, MOVE_SPAN / speed)));
}

/** The longest wall time one playback tick stands for: a longer jump is a seek, not a tick. */
const TICK_WALL = 250;

/**
 * Whether a change on the stage from virtual time `from` to `to` animates: only while playing,
 * forward by at most one tick at the speed, and never when the user asks for reduced motion. A
 * seek, a step, a jump or a pause shows the stage at the cursor at once. Pure.
 */
export function animatesMove(change: {
  readonly playing: boolean;
  readonly speed: number;
  readonly reducedMotion: boolean;
  readonly from: number;
  readonly to: number;
}): boolean {
  const { playing, speed, reducedMotion, from, to } = change;
  return playing && !reducedMotion && to >= from && to - from <= speed * TICK_WALL;
}

/** Whether two instants' stages read the same: the links and the arrow re-render only then. Pure. */
export function sameStage(a: StageState, b: StageState): boolean {
  if (a === b) return true;
  return (
    a.link?.description === b.link?.description &&
    a.link?.state === b.link?.state &&
    a.traffic?.description === b.traffic?.description &&
    a.traffic?.state === b.traffic?.state &&
    a.traffic?.to.join(' ') === b.traffic?.to.join(' ')
  );
}
