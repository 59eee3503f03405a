/**
 * Version arithmetic and the documented SERVERware upgrade paths.
 */

/** A version such as `3.2.4`, `5.x` or `9.1.0-h3`, compared numerically part by part. */
export type Version = string;

const VERSION_RE = /^\d+(\.(\d+|x))*(-[0-9A-Za-z.]+)?$/;

/** Whether a string is a version this engine can order. */
export function isVersion(text: string): boolean {
  return VERSION_RE.test(text);
}

function parts(version: Version): number[] {
  const core = version.split('-')[0] ?? version;
  return core.split('.').map((part) => (part === 'x' ? Number.POSITIVE_INFINITY : Number(part)));
}

/**
 * Compares two versions numerically, part by part (`4.10` after `4.9`). Pure.
 * @returns negative, zero or positive like `Array.prototype.sort` expects.
 */
export function compareVersions(a: Version, b: Version): number {
  const pa = parts(a);
  const pb = parts(b);
  const length = Math.max(pa.length, pb.length);
  for (let i = 0; i < length; i++) {
    const x = pa[i] ?? 0;
    const y = pb[i] ?? 0;
    if (x !== y) return x < y ? -1 : 1;
  }
  if (a === b) return 0;
  return a < b ? -1 : a > b ? 1 : 0;
}

function major(version: Version): number {
  return parts(version)[0] ?? 0;
}

function minor(version: Version): number {
  return parts(version)[1] ?? 0;
}

/** SERVERware releases the planner knows; the newest is the default target. */
export const SERVERWARE_RELEASES = ['3.3.1', '4.8.2', '5.0.3', '5.1.2', '5.2.1'] as const;

/** The newest SERVERware release known to this engine. */
export const NEWEST_SERVERWARE: Version = '5.2.1';

/** Which row of the SERVERware document a running version falls in. */
export type ServerwareCase = '<=3.2' | '3.3-4.2' | '4.3-4.8' | '5.x';

/** The versions the SERVERware document's rows cover, as its headings name them. */
const SERVERWARE_COVERED = '3.2.x and earlier, 3.3.x – 4.2.x, 4.3.x – 4.8.x and 5.x';

/**
 * Classifies a running SERVERware version into the document's cases. Pure.
 * @returns undefined for versions the document does not cover: 4.9 and later 4.x (its last
 *   4.x row ends at 4.8.x), and 6 and later.
 */
export function serverwareCase(version: Version): ServerwareCase | undefined {
  const maj = major(version);
  const min = minor(version);
  if (maj < 3 || (maj === 3 && min <= 2)) return '<=3.2';
  if (maj === 3 || (maj === 4 && min <= 2)) return '3.3-4.2';
  if (maj === 4 && min <= 8) return '4.3-4.8';
  if (maj === 5) return '5.x';
  return undefined;
}

/** A request the documents give no path for. */
export class NoDocumentedPathError extends Error {
  override readonly name = 'NoDocumentedPathError';
}

/**
 * Resolves `5.x` or an absent target to a concrete release, and checks the target is known.
 * Pure.
 */
export function resolveServerwareTarget(to: Version | undefined): Version {
  if (to === undefined || to === '5.x' || to === '5') return NEWEST_SERVERWARE;
  return to;
}

/**
 * Derives the SERVERware hop path from the document: every version to install, in order.
 * A GUI-only update (5.x to a later 5.x) has an empty path. Pure.
 * @throws NoDocumentedPathError when the document has no path between the two versions.
 */
export function serverwarePath(from: Version, to: Version): Version[] {
  const kase = serverwareCase(from);
  if (kase === undefined) {
    throw new NoDocumentedPathError(
      `SERVERware ${from} is not covered by the upgrade document (it covers ${SERVERWARE_COVERED})`,
    );
  }
  if (compareVersions(to, from) < 0) {
    throw new NoDocumentedPathError(`${to} is older than ${from}: a downgrade is not an upgrade`);
  }
  if (compareVersions(to, from) === 0) {
    throw new NoDocumentedPathError(`from and to are both ${from}: nothing to upgrade`);
  }
  const full: Version[] =
    kase === '<=3.2'
      ? ['3.3.1', '4.8.2', to]
      : kase === '3.3-4.2'
        ? ['4.8.2', to]
        : kase === '4.3-4.8'
          ? [to]
          : [];
  if (kase === '5.x') {
    if (major(to) !== 5) {
      throw new NoDocumentedPathError(
        `no documented path from ${from} to ${to}: from 5.x only a GUI update within 5.x is documented`,
      );
    }
    return [];
  }
  if (major(to) === 5) return full;
  const stop = full.indexOf(to);
  if (stop >= 0 && stop < full.length - 1) return full.slice(0, stop + 1);
  const documented = full.slice(0, -1).concat('5.x').join(' → ');
  throw new NoDocumentedPathError(
    `no documented path from ${from} to ${to}: SERVERware ${from} goes ${documented}`,
  );
}

/**
 * Whether the documented procedure ends with a failover that returns the hosts to their
 * original places (only the 4.3.x – 4.8.x case documents one). Pure.
 */
export function documentsFinalFailover(from: Version): boolean {
  return serverwareCase(from) === '4.3-4.8';
}

/**
 * Whether the Cluster section the procedure follows says to confirm the services and the pool
 * once the former Primary is upgraded ("we will ensure all services are up and the pool is
 * ONLINE with no errors", step 4 of the 3.3.x – 4.2.x and 4.3.x – 4.8.x sections; the section
 * from 3.2.x and earlier, which covers all of its hops, does not). Pure.
 */
export function documentsPoolCheck(from: Version): boolean {
  const kase = serverwareCase(from);
  return kase === '3.3-4.2' || kase === '4.3-4.8';
}
