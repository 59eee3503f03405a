import type { Scenario, SystemKind } from '../../sim';

const ROLES_BY_SYSTEM: Readonly<Record<SystemKind, readonly string[]>> = {
  serverware: ['primary', 'secondary', 'backup', 'processing'],
  'ha-pair': ['active', 'standby'],
  standalone: ['server'],
};

/**
 * What a live fault can target in a scenario: every role of its system that one of its hosts
 * holds (a Mirror has no processing host), then every host. A role that is also a host's name
 * (SERVERware's `backup` host) is listed once, as the host: a target names a host first. Pure.
 */
export function faultTargets(scenario: Scenario): {
  roles: readonly string[];
  hosts: readonly string[];
} {
  const hosts = scenario.hosts.map((host) => host.name);
  return {
    roles: ROLES_BY_SYSTEM[scenario.system].filter(
      (role) =>
        !hosts.includes(role) &&
        scenario.hosts.some((host) => host.role === role || host.kind === role),
    ),
    hosts,
  };
}
