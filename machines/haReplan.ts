import type { PlannedStep } from './types';
import type { HostView } from './procedureSteps';
import { assumed, documented } from './sources';

/** What the HA procedure knows when the roles changed on their own (a crash, a preemption). */
export interface HaSituation {
  readonly devices: readonly HostView[];
  /** Versions in order: the running version first, then each hop. */
  readonly versions: readonly string[];
  /** The hop in progress (1-based; 0 before the first). */
  readonly hop: number;
  /** Preemption must be enabled again at the end. */
  readonly restorePreemption: boolean;
}

function rank(versions: readonly string[], version: string): number {
  return versions.indexOf(version);
}

/**
 * Re-derives steps 5–10 of the HA procedure from where the pair is now, after the active role
 * moved on its own: per remaining version, bring the standby up to it (finishing whatever it
 * had started), switch over to it, then upgrade the other device. Pure.
 */
export function replanHaPair(s: HaSituation): PlannedStep[] {
  const steps: PlannedStep[] = [];
  const state = new Map(s.devices.map((d) => [d.name, { ...d }]));
  const last = s.versions.length - 1;
  for (let hop = Math.max(1, s.hop); hop <= last; hop++) {
    const version = s.versions[hop] as string;
    const active = [...state.values()].find((d) => d.role === 'active');
    const standby = [...state.values()].find((d) => d.role === 'standby');
    if (!active || !standby) break;
    const behind = (d: HostView) => rank(s.versions, d.version) < hop;
    if (!behind(active) && !active.verified) {
      // It took over fresh from its restart: check it before anything else.
      steps.push({
        action: 'verify',
        host: active.name,
        hop,
        note: `check ${active.name}, which took over before it was verified`,
        source: assumed(
          'a device that took over before its step-6 checks is checked before anything else',
        ),
      });
      active.verified = true;
    }
    if (behind(standby) || !standby.verified) {
      // The active device already runs the hop's version (it took over, upgraded): this is step
      // 7's upgrade of the new standby, which starts once the services are normal on it.
      const seven = !behind(active) && behind(standby);
      const which = seven ? 'step 7' : 'step 5';
      if (seven) {
        steps.push({
          action: 'check-services',
          hop,
          note: `ensure the services are normal on ${active.name}, the new active device, before upgrading ${standby.name}`,
          source: documented('ha-pair', 'step 7'),
        });
      }
      if (behind(standby)) {
        if (standby.staged !== version) {
          steps.push({
            action: 'install',
            host: standby.name,
            version,
            hop,
            note: `upgrade the ${seven ? 'new ' : ''}standby device ${standby.name} to ${version}`,
            source: documented('ha-pair', which),
          });
        }
        steps.push({
          action: 'reboot',
          host: standby.name,
          hop,
          note: `restart ${standby.name} into ${version}`,
          source: documented('ha-pair', which),
        });
      }
      steps.push({
        action: 'verify',
        host: standby.name,
        hop,
        note: `check the upgraded standby ${standby.name} runs ${version}`,
        source: documented('ha-pair', which),
      });
      standby.version = version;
      standby.verified = true;
    }
    if (behind(active)) {
      steps.push(
        {
          action: 'wait',
          hop,
          note: 'wait a few minutes after the standby restarts',
          source: documented('ha-pair', 'step 6'),
        },
        {
          action: 'check-sessions',
          hop,
          note: `compare sessions: are the critical sessions synchronized to ${standby.name}?`,
          source: documented('ha-pair', 'step 6'),
        },
        {
          action: 'switchover',
          host: standby.name,
          hop,
          note: `switch over to ${standby.name}`,
          source: documented('ha-pair', 'step 6'),
        },
        {
          action: 'check-services',
          hop,
          note: `check the service status on ${standby.name}, the new active device`,
          source: documented('ha-pair', 'step 6'),
        },
        {
          action: 'install',
          host: active.name,
          version,
          hop,
          note: `upgrade the new standby ${active.name} to ${version}`,
          source: documented('ha-pair', 'step 7'),
        },
        {
          action: 'reboot',
          host: active.name,
          hop,
          note: `restart ${active.name} into ${version}`,
          source: documented('ha-pair', 'step 7'),
        },
        {
          action: 'verify',
          host: active.name,
          hop,
          note: `check ${active.name} runs ${version}`,
          source: documented('ha-pair', 'step 7'),
        },
      );
      [active.role, standby.role] = ['standby', 'active'];
      active.version = version;
    }
  }
  steps.push(
    {
      action: 'check-sync',
      hop: last,
      note: 'check the synchronization report again',
      source: documented('ha-pair', 'step 8'),
    },
    {
      action: 'check-services',
      hop: last,
      note: 'check the service status',
      source: documented('ha-pair', 'step 9'),
    },
  );
  if (s.restorePreemption)
    steps.push({
      action: 'preemption-restore',
      hop: last,
      note: 'enable preemption again',
      source: documented('ha-pair', 'step 10'),
    });
  return steps;
}
