/**
 * `hosts:`, `vps:` and `services:` → HostSpec[] and WorkloadSpec[], with default names and counts.
 */
import { DEFAULT_PROCESSING_HOSTS, DEFAULT_SERVICES, DEFAULT_VPS, LIMITS } from '../defaults';
import {
  ROLES,
  type HostSpec,
  type Role,
  type SystemKind,
  type Topology,
  type WorkloadSpec,
} from '../types';
import type { Model } from './model';
import {
  asInt,
  asMap,
  asName,
  asSeq,
  checkKeys,
  child,
  fail,
  isNull,
  isNumber,
  quote,
  tick,
  typeError,
  unknownReason,
  type Ctx,
} from './read';
import { listNames } from './suggest';
import type { YEntry, YNode } from './tree';

/** The keys of `hosts:` for each system. */
export const HOST_KEYS: Readonly<Record<SystemKind, readonly string[]>> = {
  serverware: ['backup', 'storage', 'processing'],
  'ha-pair': ['devices'],
  standalone: ['server'],
};

const HOSTS_EXPECTED: Readonly<Record<SystemKind, string>> = {
  serverware: 'a mapping like { processing: 3 } with keys backup, storage, processing',
  'ha-pair': 'a mapping like { devices: [device-a, device-b] }',
  standalone: 'a mapping like { server: web-1 }',
};

/** Host names cannot be role names (except the host that always holds that role) nor repeat. */
class HostNames {
  private readonly used = new Map<string, string>();
  private readonly defaults = new Map<string, string>();
  constructor(private readonly ctx: Ctx) {}

  /** A default name the scenario keeps, described for the message when a given name clashes. */
  reserve(name: string, description: string): void {
    this.defaults.set(name, description);
  }

  claim(name: string, node: YNode, path: string, fixedRole?: Role): void {
    if ((ROLES as readonly string[]).includes(name) && name !== fixedRole) {
      fail(
        this.ctx,
        node,
        path,
        `${quote(name)} is a role name; host names must differ from the roles (${ROLES.join(', ')})`,
      );
    }
    if (name === 'all') {
      fail(
        this.ctx,
        node,
        path,
        '`all` cannot name a host: in a plan, `backup: all` means every host',
      );
    }
    const reserved = this.defaults.get(name);
    if (reserved !== undefined) {
      fail(
        this.ctx,
        node,
        path,
        `host name ${quote(name)} is already the default name of ${reserved}`,
      );
    }
    const first = this.used.get(name);
    if (first !== undefined) {
      fail(this.ctx, node, path, `host name ${quote(name)} is used twice (also at ${first})`);
    }
    this.used.set(name, path);
  }
}

function namePair(
  ctx: Ctx,
  node: YNode,
  path: string,
  what: string,
  example: string,
): [YNode, YNode] {
  const expected = `a list of two names, ${example}`;
  const seq = asSeq(ctx, node, path, expected);
  const [first, second] = seq.items;
  if (seq.items.length !== 2 || first === undefined || second === undefined) {
    return fail(
      ctx,
      node,
      path,
      `${what} needs exactly two names, got ${seq.items.length}`,
      expected,
    );
  }
  return [first, second];
}

/**
 * Reads `hosts:` (absent: the defaults of CONTRACT.md). Counts are checked before any name is
 * generated, so `processing: 99999999` fails at once.
 */
export function readHosts(
  ctx: Ctx,
  system: SystemKind,
  topology: Topology | undefined,
  entry: YEntry | undefined,
): HostSpec[] {
  const path = 'hosts';
  const keys = HOST_KEYS[system];
  let fields = new Map<string, YEntry>();
  if (entry !== undefined && !isNull(entry.value)) {
    const map = asMap(ctx, entry.value, path, HOSTS_EXPECTED[system]);
    fields = checkKeys(ctx, map, path, keys, (key) => {
      const owner = (Object.keys(HOST_KEYS) as SystemKind[]).find((s) =>
        HOST_KEYS[s].includes(key),
      );
      if (owner === undefined) return undefined;
      return `${tick(key)} names ${owner} hosts; ${system} hosts are given with ${keys.map(tick).join(', ')}`;
    });
  }
  const names = new HostNames(ctx);
  const hosts: HostSpec[] = [];

  if (system === 'ha-pair') {
    const devices = fields.get('devices');
    let active = 'device-a';
    let standby = 'device-b';
    if (devices !== undefined) {
      const devicesPath = child(path, 'devices');
      const [a, b] = namePair(ctx, devices.value, devicesPath, 'an HA pair', '[active, standby]');
      active = asName(ctx, a, child(devicesPath, 0), 'host');
      names.claim(active, a, child(devicesPath, 0));
      standby = asName(ctx, b, child(devicesPath, 1), 'host');
      names.claim(standby, b, child(devicesPath, 1));
    }
    hosts.push({ name: active, kind: 'device', role: 'active' });
    hosts.push({ name: standby, kind: 'device', role: 'standby' });
    return hosts;
  }

  if (system === 'standalone') {
    const server = fields.get('server');
    let name = 'server';
    if (server !== undefined) {
      const serverPath = child(path, 'server');
      name = asName(ctx, server.value, serverPath, 'host');
      names.claim(name, server.value, serverPath, 'server');
    }
    hosts.push({ name, kind: 'server', role: 'server' });
    return hosts;
  }

  // SERVERware: backup, storage pair, then processing hosts (Cluster only).
  const backup = fields.get('backup');
  const storage = fields.get('storage');
  const processing = fields.get('processing');
  const processingPath = child(path, 'processing');
  if (topology !== 'cluster' && processing !== undefined) {
    fail(
      ctx,
      processing.keyPos,
      processingPath,
      'Mirror has no processing hosts: VPSs run on the storage Primary',
      'topology: cluster for processing hosts',
    );
  }
  const room = LIMITS.hosts - 3;
  const tooManyHosts = (written: string): string =>
    `too many hosts: ${written} processing hosts and 3 others are more than ${LIMITS.hosts}`;
  const expected = `a number of processing hosts (1 to ${room}) or a list of their names`;
  // The count comes first, before any name is generated or compared.
  let generated = 0;
  if (topology === 'cluster' && (processing === undefined || isNumber(processing.value))) {
    generated =
      processing === undefined
        ? DEFAULT_PROCESSING_HOSTS
        : asInt(ctx, processing.value, processingPath, 1, room, expected, tooManyHosts);
  }
  const list =
    topology === 'cluster' && processing !== undefined && !isNumber(processing.value)
      ? processing.value
      : undefined;
  if (list !== undefined) {
    if (list.kind !== 'seq') typeError(ctx, list, processingPath, expected);
    else if (list.items.length === 0)
      fail(ctx, list, processingPath, 'a Cluster needs at least one processing host', expected);
    else if (list.items.length > room) {
      fail(ctx, list, processingPath, tooManyHosts(String(list.items.length)), expected);
    }
  }

  if (backup === undefined) names.reserve('backup', 'the Backup host (name it with hosts.backup)');
  if (storage === undefined) {
    names.reserve('storage-1', 'the storage Primary (name the pair with hosts.storage)');
    names.reserve('storage-2', 'the storage Secondary (name the pair with hosts.storage)');
  }
  const numbered = (i: number): string => `processing-${i}`;
  for (let i = 1; i <= generated; i++) {
    names.reserve(numbered(i), `a processing host (name them with a list under hosts.processing)`);
  }

  let backupName = 'backup';
  if (backup !== undefined) {
    const backupPath = child(path, 'backup');
    backupName = asName(ctx, backup.value, backupPath, 'host');
    names.claim(backupName, backup.value, backupPath, 'backup');
  }
  hosts.push({ name: backupName, kind: 'backup', role: 'backup' });

  let primary = 'storage-1';
  let secondary = 'storage-2';
  if (storage !== undefined) {
    const storagePath = child(path, 'storage');
    const [p, s] = namePair(
      ctx,
      storage.value,
      storagePath,
      'the storage pair',
      '[primary, secondary]',
    );
    primary = asName(ctx, p, child(storagePath, 0), 'host');
    names.claim(primary, p, child(storagePath, 0));
    secondary = asName(ctx, s, child(storagePath, 1), 'host');
    names.claim(secondary, s, child(storagePath, 1));
  }
  hosts.push({ name: primary, kind: 'storage', role: 'primary' });
  hosts.push({ name: secondary, kind: 'storage', role: 'secondary' });

  for (let i = 1; i <= generated; i++)
    hosts.push({ name: numbered(i), kind: 'processing', role: 'processing' });
  if (list?.kind === 'seq') {
    list.items.forEach((item, index) => {
      const itemPath = child(processingPath, index);
      const name = asName(ctx, item, itemPath, 'host');
      names.claim(name, item, itemPath);
      hosts.push({ name, kind: 'processing', role: 'processing' });
    });
  }
  return hosts;
}

/** Workload names must be unique. */
class WorkloadNames {
  private readonly used = new Map<string, string>();
  constructor(private readonly ctx: Ctx) {}
  claim(name: string, node: YNode, path: string): void {
    const first = this.used.get(name);
    if (first !== undefined)
      fail(this.ctx, node, path, `workload name ${quote(name)} is used twice (also at ${first})`);
    this.used.set(name, path);
  }
}

function tooMany(what: string, limit: number = LIMITS.workloads): (written: string) => string {
  return (written) => `too many ${what}: ${written}, more than ${limit}`;
}

/**
 * Reads `vps:` (SERVERware) or `services:` (HA pair, single server). Counts are checked before any
 * workload is created.
 */
export function readWorkloads(
  m: Model,
  vps: YEntry | undefined,
  services: YEntry | undefined,
): WorkloadSpec[] {
  const { ctx } = m;
  const primaryName = m.hosts.find((h) => h.role === 'primary')?.name;
  const processing = m.hosts.filter((h) => h.kind === 'processing').map((h) => h.name);
  const names = new WorkloadNames(ctx);
  const workloads: WorkloadSpec[] = [];

  if (m.system !== 'serverware') {
    const placement = m.system === 'ha-pair' ? 'active' : (m.hosts[0]?.name ?? 'server');
    const path = 'services';
    const expected = `a number of services (0 to ${LIMITS.services}) or a list of their names`;
    if (services === undefined || isNumber(services.value)) {
      const count =
        services === undefined
          ? DEFAULT_SERVICES
          : asInt(
              ctx,
              services.value,
              path,
              0,
              LIMITS.services,
              expected,
              tooMany('services', LIMITS.services),
            );
      for (let i = 1; i <= count; i++)
        workloads.push({ name: `service-${i}`, kind: 'service', placement });
      return workloads;
    }
    const list = asSeq(ctx, services.value, path, expected);
    if (list.items.length > LIMITS.services) {
      fail(
        ctx,
        list,
        path,
        tooMany('services', LIMITS.services)(String(list.items.length)),
        expected,
      );
    }
    list.items.forEach((item, index) => {
      const itemPath = child(path, index);
      const name = asName(ctx, item, itemPath, 'service');
      names.claim(name, item, itemPath);
      workloads.push({ name, kind: 'service', placement });
    });
    return workloads;
  }

  const cluster = m.topology === 'cluster';
  const path = 'vps';
  const expected = `a number of VPSs (0 to ${LIMITS.workloads}) or a list of { name, host }`;
  let spread = 0;
  const roundRobin = (): string => processing[spread++ % processing.length] ?? 'primary';
  if (vps === undefined || isNumber(vps.value)) {
    const count =
      vps === undefined
        ? DEFAULT_VPS
        : asInt(ctx, vps.value, path, 0, LIMITS.workloads, expected, tooMany('VPSs'));
    for (let i = 1; i <= count; i++) {
      workloads.push({
        name: `vps-${i}`,
        kind: 'vps',
        placement: cluster ? roundRobin() : 'primary',
      });
    }
    return workloads;
  }
  const list = asSeq(ctx, vps.value, path, expected);
  if (list.items.length > LIMITS.workloads) {
    fail(ctx, list, path, tooMany('VPSs')(String(list.items.length)), expected);
  }
  const placementExpected = cluster
    ? `a processing host (${listNames(processing)}), processing (round-robin), or primary${primaryName ? ` / ${primaryName}` : ''} (follows the storage Primary)`
    : `primary${primaryName ? ` or ${primaryName}` : ''} (the storage Primary)`;
  list.items.forEach((item, index) => {
    const itemPath = child(path, index);
    let nameNode: YNode = item;
    let hostNode: YNode | undefined;
    if (item.kind === 'map') {
      const fields = checkKeys(ctx, item, itemPath, ['name', 'host']);
      const nameEntry = fields.get('name');
      if (nameEntry === undefined)
        fail(ctx, item, child(itemPath, 'name'), '`name` is required', 'a VPS name');
      nameNode = nameEntry.value;
      hostNode = fields.get('host')?.value;
    } else if (item.kind !== 'scalar') {
      typeError(ctx, item, itemPath, 'a mapping { name, host } or a VPS name');
    }
    const namePath = item.kind === 'map' ? child(itemPath, 'name') : itemPath;
    const name = asName(ctx, nameNode, namePath, 'VPS');
    names.claim(name, nameNode, namePath);
    let placement = cluster ? '' : 'primary';
    if (hostNode !== undefined) {
      placement = placeVps(m, hostNode, child(itemPath, 'host'), primaryName, placementExpected);
    }
    if (placement === '' || placement === 'processing') placement = roundRobin();
    workloads.push({ name, kind: 'vps', placement });
  });
  return workloads;
}

function placeVps(
  m: Model,
  node: YNode,
  path: string,
  primaryName: string | undefined,
  expected: string,
): string {
  const { ctx } = m;
  if (node.kind !== 'scalar' || isNull(node)) return typeError(ctx, node, path, expected);
  const text = typeof node.value === 'string' ? node.value : node.source;
  const host = m.hostByName.get(text);
  const cluster = m.topology === 'cluster';
  if (text === 'primary' || text === primaryName) return 'primary';
  if (cluster && text === 'processing') return 'processing';
  if (cluster && host?.kind === 'processing') return host.name;
  const known = host !== undefined || (m.roles as readonly string[]).includes(text);
  if (!known) {
    const candidates = [...m.hosts.map((h) => h.name), ...m.roles];
    fail(ctx, node, path, unknownReason('host', text, candidates), expected);
  }
  if (!cluster)
    return fail(
      ctx,
      node,
      path,
      `in Mirror, VPSs run on the storage Primary, not on ${quote(text)}`,
      expected,
    );
  return fail(
    ctx,
    node,
    path,
    `VPSs run on processing hosts or on the storage Primary, not on ${quote(text)}`,
    expected,
  );
}
