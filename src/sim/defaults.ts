import { MOST_DECISIONS } from '../../machines/decisions';
import type { Durations, Policy } from './types';

const MINUTE = 60_000;

/**
 * Default durations. The failover figure is the SERVERware document's ("should not take more
 * than 15 minutes"); the others are typical figures for the hardware the documents describe and
 * can be overridden per scenario under `durations:`.
 */
export const DEFAULT_DURATIONS: Durations = {
  precheck: 10 * MINUTE,
  backup: 15 * MINUTE,
  sync: 2 * MINUTE,
  check: 1 * MINUTE,
  resolve: 15 * MINUTE,
  install: 20 * MINUTE,
  reboot: 5 * MINUTE,
  verify: 5 * MINUTE,
  failover: 15 * MINUTE,
  switchover: 10_000,
  rollback: 15 * MINUTE,
  restore: 20 * MINUTE,
  'session-restore': 5 * MINUTE,
  wait: 5 * MINUTE,
  'gui-update': 10 * MINUTE,
  'stop-services': 2 * MINUTE,
  takeover: 15 * MINUTE,
  'vps-restart': 5 * MINUTE,
  detect: 15_000,
  'preemption-delay': 60_000,
};

/** What each duration key times, for docs/scenarios.md and `rehearse plan`. */
export const DURATION_DOC: Readonly<Record<keyof Durations, string>> = {
  precheck: 'checking prerequisites (console access, firmware, licence servers, compatibility)',
  backup: 'a backup step (an HA pair backs up both devices at once)',
  sync: 'a manual configuration sync on the active device',
  check: 'reading a sync report or checking services',
  resolve: 'an operator resolving configuration differences after a failed sync report',
  install: 'installing a new version on one host',
  reboot: 'one host restarting (VPSs left on a processing host are down meanwhile)',
  verify:
    'checking a host after its restart (services up, pool ONLINE, sessions synchronized, tests passed)',
  failover:
    "a SERVERware storage failover (every VPS on the Primary is down meanwhile) — the document's figure",
  switchover: "an HA active/standby switchover (the pair's services are down meanwhile)",
  rollback: 'rolling one host back to its previous version (a restart follows)',
  restore: 'restoring a backup on a single server; also a console recovery after a power loss',
  'session-restore': 'restoring services whose sessions were lost at a switchover',
  wait: 'the wait after a standby restarts, or the soak before testing a single server (services in use)',
  'gui-update': 'a SERVERware 5.x GUI update',
  takeover:
    'a SERVERware Secondary taking over from a Primary lost without a failover (VPSs on the Primary down meanwhile); assumed as long as the documented failover',
  'stop-services':
    'stopping services and notifying users on a single server; stopping every VPS before a SERVERware upgrade (`policy.stop-vps`)',
  'vps-restart':
    "the SERVERware controller starting a crashed processing host's VPSs on another processing host; also starting every VPS again at the end with `policy.stop-vps` — an assumption: starting VPSs is what a host's restart does, so the `reboot` figure",
  detect:
    "an HA standby noticing its active device is gone before it takes over (vendor: Cisco ASA's unit hold time); services are down meanwhile",
  'preemption-delay':
    "a preferred HA device, back up as standby with preemption on, waiting before it preempts (vendor: Huawei HRP's default; Sangfor: 300s)",
};

export const DEFAULT_POLICY: Policy = {
  preemption: 'disabled',
  syncRetries: 2,
  sessionChecks: 2,
  backup: 'per-version',
  finalFailover: 'documented',
  serverwareRecovery: 'reinstall',
  reinstalls: 1,
  hold: 2 * 60 * MINUTE,
  stopVps: false,
  vpsDisks: 'storage',
  failedRestart: 'wait',
  checkAfterCrash: true,
  installAgainAfterCrash: true,
};

/** Input limits: larger scenarios are rejected as input errors. */
export const LIMITS = {
  /**
   * A run upgrades processing hosts one after another: at 1,000 hosts (and 1,000,000 VPSs) a run
   * takes 15 s and 700 MB; at 10,000 it took minutes (`npm run bench -- limits`).
   */
  hosts: 1_000,
  /** VPSs: a SERVERware run accounts them by the host that runs them, not one by one. */
  workloads: 1_000_000,
  /**
   * Services of an HA pair or a single server: each can lose its sessions on its own, so each is
   * accounted at every transition. 1,000,000 of them on a 20-version HA path took 108 s of CPU
   * and 3 GB; 1,000 keep the largest plan under the same limits bounded.
   */
  services: 1_000,
  /**
   * Versions in an HA pair's or single server's `version.path`: exploring an HA pair costs about
   * the cube of its path (20 versions: 35–74 s on two workers; 100: many minutes).
   */
  pathVersions: 20,
  /**
   * Items in a hand-written `plan:` (an `upgrade` or `rollback` item is three steps). A step costs
   * the same whatever the plan's length (40,000 switchovers: 16 s), but more with more hosts: 5,000
   * failovers on a Cluster at the host and VPS limits take about 25 s (`npm run bench -- limits`).
   */
  planSteps: 5_000,
  /**
   * Entries under `faults:`. Each step start matches the live faults against the step, so a run
   * costs its steps times its faults: 1,000 faults under the longest plan stay well under a minute.
   */
  faults: 1_000,
  /** Entries under `decisions:`: each is matched at every decision point a run reaches. */
  decisions: 1_000,
  /**
   * Decisions the `decisions:` entries take in all, their `times` added up: a reinstall adds three
   * steps, and the procedure's bound on its steps makes room for this many, so every decision
   * written is taken (1,000 reinstalls of one host: a run of about a second).
   */
  decisionTimes: MOST_DECISIONS,
  /**
   * A fault's `times`, the attempts in a row it fails: a run makes no more attempts at one step
   * than its decisions (1,000 at most) and `recovery.reinstalls` allow, and `probability: 1`
   * says "every attempt", so a count of billions says nothing more.
   */
  faultTimes: 1_000,
  /**
   * `recovery.reinstalls`, `policy.sync-retries` and `policy.session-checks`: how often one step
   * is tried again, or checked. Ten is past what any of the documents calls for (step 8 syncs
   * manually once; step 6 "waits a few minutes").
   */
  retries: 10,
  /**
   * Characters in a scenario's `name`: a title, shown in the debugger's heading and the picker,
   * and on the first line of every report (a 5 MB name was printed whole).
   */
  nameLength: 300,
  /** Characters in a scenario file: a million workloads fit as a count, not as a 40 MB list. */
  fileSize: 16 * 1024 * 1024,
  /**
   * How long one step may last (`365d`), as any key of `durations:`, a fault's `duration`, a
   * `wait` or the `hold`: no step of an upgrade lasts longer. Larger ones summed past 2^53 ms,
   * where a run's times stop being exact (two 90,000,000-day steps printed a run of
   * `540000000d1h34m`, its minutes lost).
   */
  duration: 365 * 86_400_000,
  /**
   * Virtual time after which any run is stopped as stuck, whatever its plan, and the longest
   * duration a scenario may write at all (a fault's `at`, an `expect`): 1,000 years, far inside
   * the range where times in milliseconds stay exact and a date can be shown.
   */
  runTime: 1_000 * 365 * 86_400_000,
} as const;

/** Default number of processing hosts in a SERVERware Cluster. */
export const DEFAULT_PROCESSING_HOSTS = 2;
/** Default number of VPSs when a SERVERware scenario names none. */
export const DEFAULT_VPS = 4;
/** Default number of services on an HA pair or a single server. */
export const DEFAULT_SERVICES = 3;
