import { planProcedure, type Scenario } from '../../sim';

/**
 * The policy switch of each system that the Compare tab flips on the scenario on screen: the
 * one choice its source document leaves to the operator that changes how the upgrade goes.
 * - HA pair: `preemption` — the document turns it off for the upgrade and back on after.
 * - SERVERware: `stop-vps` — the document's NOTE recommends stopping every VPS before starting,
 *   without making it mandatory.
 * - Single server: `backup` — a backup before each version, or only the one of step 1.
 */
export const POLICY_TOGGLES = {
  preemption: {
    system: 'ha-pair',
    flip: (policy: Scenario['policy']): Scenario['policy'] => ({
      ...policy,
      preemption: policy.preemption === 'enabled' ? 'disabled' : 'enabled',
    }),
    label: (policy: Scenario['policy']) => `policy.preemption: ${policy.preemption}`,
  },
  'stop-vps': {
    system: 'serverware',
    flip: (policy: Scenario['policy']): Scenario['policy'] => ({
      ...policy,
      stopVps: !policy.stopVps,
    }),
    label: (policy: Scenario['policy']) => `policy.stop-vps: ${policy.stopVps}`,
  },
  backup: {
    system: 'standalone',
    flip: (policy: Scenario['policy']): Scenario['policy'] => ({
      ...policy,
      backup: policy.backup === 'once' ? 'per-version' : 'once',
    }),
    label: (policy: Scenario['policy']) => `policy.backup: ${policy.backup}`,
  },
} as const satisfies Record<
  string,
  {
    readonly system: Scenario['system'];
    readonly flip: (policy: Scenario['policy']) => Scenario['policy'];
    readonly label: (policy: Scenario['policy']) => string;
  }
>;

export type PolicyToggle = keyof typeof POLICY_TOGGLES;

export const POLICY_TOGGLE_KEYS = Object.keys(POLICY_TOGGLES) as readonly PolicyToggle[];

/** The policy switch of `system`. */
export function policyToggleOf(system: Scenario['system']): PolicyToggle | undefined {
  return POLICY_TOGGLE_KEYS.find((key) => POLICY_TOGGLES[key].system === system);
}

/** `scenario` with `key` flipped, or why it has no such switch. Pure. */
export function toggled(
  scenario: Scenario,
  key: PolicyToggle,
): { readonly scenario: Scenario; readonly label: string } | { readonly error: string } {
  const toggle = POLICY_TOGGLES[key];
  if (scenario.system !== toggle.system)
    return { error: `policy.${key} only exists on ${SYSTEM_WORDS[toggle.system]}` };
  const policy = toggle.flip(scenario.policy);
  return { scenario: { ...scenario, policy }, label: toggle.label(policy) };
}

const SYSTEM_WORDS: Readonly<Record<Scenario['system'], string>> = {
  'ha-pair': 'an HA pair',
  serverware: 'SERVERware',
  standalone: 'a single server',
};

/**
 * Whether flipping `key` changes the procedure's steps for `scenario`: the switch of a
 * GUI-only SERVERware update (no VPS is stopped for one) or of a single server going up one
 * version (one backup either way) changes nothing, so a comparison would show two equal runs.
 * Preemption also changes how the pair behaves after its steps, so it always counts. Pure.
 */
export function changesSteps(scenario: Scenario, key: PolicyToggle): boolean {
  const flipped = toggled(scenario, key);
  if ('error' in flipped) return false;
  if (key === 'preemption') return true;
  const steps = (of: Scenario) =>
    planProcedure(of)
      .map((step) => `${step.action} ${step.host ?? ''}`)
      .join('\n');
  return steps(scenario) !== steps(flipped.scenario);
}
