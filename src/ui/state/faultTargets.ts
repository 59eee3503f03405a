import type { Scenario, SystemKind } from '../../sim';

const ROLES_BY_SYSTEM: Readonly<Record<SystemKind, readonly string[]>> = {
  serverware: ['primary', 'secondary', 'backup', 'processing'],
  'ha-pair': ['active', 'standby'],
  standalone: ['server'],
};

/**
 * What a live fault can target in a scenario: every role of its system that one of its hosts
 * holds (a Mirror has no processing host), then every host. Pure.
 */
export function faultTargets(scenario: Scenario): {
  roles: readonly string[];
  hosts: readonly string[];
} {
  return {
    roles: ROLES_BY_SYSTEM[scenario.system].filter((role) =>
      scenario.hosts.some((host) => host.role === role || host.kind === role),
    ),
    hosts: scenario.hosts.map((host) => host.name),
  };
}
