/**
 * A version a scenario names as a target — `version.to`, `version.path[i]`, a plan step's `to:` —
 * read one way everywhere, with one set of messages.
 */
import type { SystemKind } from '../types';
import { compareVersions, NEWEST_SERVERWARE, resolveServerwareTarget } from '../versions';
import { asVersion, fail, VERSION_EXPECTED, type Ctx } from './read';
import type { YNode } from './tree';

/** Whether a version has an `x` part (a range such as `5.x`, not a release). Pure. */
export function isRange(version: string): boolean {
  return /(^|\.)x(\.|-|$)/.test(version);
}

/**
 * Reads a target version: SERVERware's `5.x` (or `5`) is its newest release known; any other
 * range is refused, as is every range where Rehearse has no release catalogue.
 * @throws ScenarioError pointing at `node`.
 */
export function readTarget(ctx: Ctx, system: SystemKind, node: YNode, path: string): string {
  const written = asVersion(ctx, node, path);
  const version = system === 'serverware' ? resolveServerwareTarget(written) : written;
  if (!isRange(version)) return version;
  const why =
    system === 'serverware'
      ? `only 5.x names a release (the newest known, ${NEWEST_SERVERWARE})`
      : `Rehearse has no release catalogue for ${system}`;
  return fail(
    ctx,
    node,
    path,
    `${written} is a range: ${why}; write the exact version`,
    VERSION_EXPECTED,
  );
}

/**
 * Refuses an upgrade target that is not newer than `version.from`: a downgrade, or the version
 * already running.
 * @throws ScenarioError pointing at `node`.
 */
export function refuseNotNewer(
  ctx: Ctx,
  from: string,
  to: string,
  node: YNode,
  path: string,
): void {
  const order = compareVersions(to, from);
  if (order < 0)
    fail(
      ctx,
      node,
      path,
      `${path} ${to} is older than version.from ${from}: a downgrade is not an upgrade`,
    );
  if (order === 0 || to === from)
    fail(
      ctx,
      node,
      path,
      `${path} ${to} is the version already running (version.from): nothing to upgrade`,
    );
}
