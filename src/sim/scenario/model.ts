/**
 * What the validators know about the scenario once system, version and hosts are read: the hosts,
 * the roles that exist in this system, and how hosts may be named in targets and plans.
 */
import {
  ROLES,
  type HostKind,
  type HostSpec,
  type Role,
  type SystemKind,
  type Topology,
} from '../types';
import { fail, quote, unknownReason, type Ctx } from './read';
import { listNames } from './suggest';
import type { YNode } from './tree';

export interface Model {
  readonly ctx: Ctx;
  readonly system: SystemKind;
  readonly topology?: Topology;
  /** `a SERVERware Cluster`, `an HA pair`, `a standalone server`: for messages. */
  readonly label: string;
  /** The version every host runs at the start (`version.from`). */
  readonly from: string;
  /** The hops of the version path. */
  readonly path: readonly string[];
  readonly hosts: readonly HostSpec[];
  readonly hostByName: ReadonlyMap<string, HostSpec>;
  /** Roles that exist in this system. */
  readonly roles: readonly Role[];
}

export const SYSTEMS: readonly SystemKind[] = ['serverware', 'ha-pair', 'standalone'];
export const TOPOLOGIES: readonly Topology[] = ['mirror', 'cluster'];

/** The roles a system has. Pure. */
export function systemRoles(system: SystemKind, topology?: Topology): Role[] {
  if (system === 'ha-pair') return ['active', 'standby'];
  if (system === 'standalone') return ['server'];
  return topology === 'cluster'
    ? ['primary', 'secondary', 'backup', 'processing']
    : ['primary', 'secondary', 'backup'];
}

/** The kind of host a role names. */
const ROLE_KIND: Readonly<Record<Role, HostKind>> = {
  primary: 'storage',
  secondary: 'storage',
  backup: 'backup',
  processing: 'processing',
  active: 'device',
  standby: 'device',
  server: 'server',
};

/** A system in words, for messages. Pure. */
export function systemLabel(system: SystemKind, topology?: Topology): string {
  if (system === 'ha-pair') return 'an HA pair';
  if (system === 'standalone') return 'a standalone server';
  return topology === 'cluster' ? 'a SERVERware Cluster' : 'a SERVERware Mirror';
}

/** `(expected …)` for a host reference. */
function hostRefExpected(m: Model, roles: readonly string[] = m.roles): string {
  return `a host name or a role: ${roles.join(', ')}; hosts: ${listNames(m.hosts.map((h) => h.name))}`;
}

function roleAbsentReason(m: Model, role: Role): string {
  if (role === 'processing' && m.system === 'serverware') {
    return `${quote(role)} is not a role in a SERVERware Mirror: it has no processing hosts (VPSs run on the storage Primary)`;
  }
  return `${quote(role)} is not a role in ${m.label} (its roles: ${m.roles.join(', ')})`;
}

/** A host reference: what was written, and the kind of host it names. */
export interface HostRef {
  readonly ref: string;
  readonly kind: HostKind;
  /** True when `ref` is a role, resolved when it is used. */
  readonly isRole: boolean;
}

/**
 * Reads a host name or a role of this system. `roles` narrows the roles accepted (a plan step
 * cannot name all processing hosts at once); `extra` admits words such as `all`.
 */
export function readHostRef(
  m: Model,
  node: YNode,
  path: string,
  options: { readonly roles?: readonly Role[]; readonly extra?: readonly string[] } = {},
): HostRef {
  const roles = options.roles ?? m.roles;
  const extra = options.extra ?? [];
  const expected = hostRefExpected(m, [...roles, ...extra]);
  if (node.kind !== 'scalar' || node.value === null || node.value === undefined) {
    return fail(
      m.ctx,
      node,
      path,
      node.kind === 'scalar' ? 'no value' : `got ${node.kind === 'map' ? 'a mapping' : 'a list'}`,
      expected,
    );
  }
  const text = typeof node.value === 'string' ? node.value : node.source;
  const host = m.hostByName.get(text);
  if (host !== undefined) return { ref: text, kind: host.kind, isRole: false };
  if ((roles as readonly string[]).includes(text)) {
    return { ref: text, kind: ROLE_KIND[text as Role], isRole: true };
  }
  if (extra.includes(text)) return { ref: text, kind: 'server', isRole: false };
  if ((ROLES as readonly string[]).includes(text)) {
    const role = text as Role;
    if (m.roles.includes(role)) {
      return fail(m.ctx, node, path, `${quote(role)} cannot be used here`, expected);
    }
    return fail(m.ctx, node, path, roleAbsentReason(m, role), expected);
  }
  const candidates = [...m.hosts.map((h) => h.name), ...roles, ...extra];
  return fail(m.ctx, node, path, unknownReason('host', text, candidates), expected);
}
