/**
 * `plan:` → `'auto'` or PlannedStep[], mapping each written step to the actions it stands for.
 */
import { handWritten } from '../../../machines/sources';
import { LIMITS } from '../defaults';
import type { Action, PlannedStep, Role, SystemKind } from '../types';
import { readHostRef, type Model } from './model';
import {
  asStepDuration,
  asText,
  checkKeys,
  child,
  describe,
  fail,
  isNull,
  tick,
  unknownReason,
  atMost,
} from './read';
import { readTarget, refuseNotNewer } from './target';
import type { YNode } from './tree';

export type Arg =
  'none' | 'host' | 'optional-host' | 'server' | 'host-to' | 'backup' | 'preemption' | 'wait';

export interface StepKind {
  readonly arg: Arg;
  readonly systems?: readonly SystemKind[];
}

const HA: readonly SystemKind[] = ['ha-pair'];
const SW: readonly SystemKind[] = ['serverware'];
const SA: readonly SystemKind[] = ['standalone'];

/** The steps an explicit plan can name, with the argument each takes and where it applies. */
export const PLAN_STEPS: Readonly<Record<string, StepKind>> = {
  precheck: { arg: 'none' },
  announce: { arg: 'none' },
  backup: { arg: 'backup' },
  'sync-config': { arg: 'none', systems: HA },
  'check-sync': { arg: 'none', systems: HA },
  'resolve-sync': { arg: 'none', systems: HA },
  'check-services': { arg: 'none' },
  'check-sessions': { arg: 'none', systems: HA },
  'restore-sessions': { arg: 'none', systems: HA },
  preemption: { arg: 'preemption', systems: HA },
  demote: { arg: 'host', systems: HA },
  'stop-services': { arg: 'server', systems: SA },
  'start-services': { arg: 'server', systems: SA },
  upgrade: { arg: 'host-to' },
  install: { arg: 'host-to' },
  reboot: { arg: 'host' },
  verify: { arg: 'host' },
  rollback: { arg: 'host-to' },
  restore: { arg: 'host', systems: SA },
  failover: { arg: 'none', systems: SW },
  switchover: { arg: 'optional-host', systems: HA },
  wait: { arg: 'wait' },
  'gui-update': { arg: 'none', systems: SW },
  'stop-vps': { arg: 'none', systems: SW },
  'start-vps': { arg: 'none', systems: SW },
};

const STEP_NAMES = Object.keys(PLAN_STEPS);
const PLAN_EXPECTED = 'auto, or a list of steps like - upgrade: storage-2';

function systemHint(name: string, system: SystemKind): string {
  if (name === 'switchover' && system === 'serverware')
    return ' (SERVERware fails over: use failover)';
  if (name === 'failover' && system === 'ha-pair')
    return ' (an HA pair switches over: use switchover)';
  return '';
}

/**
 * A step of a hand-written plan; `note` is the plan's item as the author wrote it ("upgrade
 * device-b" on each of its install, reboot and verify). Its source says it is written: the note
 * said it again ("as written: upgrade device-b" beside the source's "as written").
 */
function step(
  action: Action,
  note: string,
  extra: { host?: string; version?: string; duration?: number } = {},
): HandStep {
  return {
    action,
    ...(extra.host === undefined ? {} : { host: extra.host }),
    ...(extra.version === undefined ? {} : { version: extra.version }),
    hop: 0,
    ...(extra.duration === undefined ? {} : { duration: extra.duration }),
    note,
  };
}

/** A step of a hand-written plan before it is given its source. */
type HandStep = Omit<PlannedStep, 'source'>;

function readPlanStep(m: Model, item: YNode, index: number): HandStep[] {
  const { ctx } = m;
  const path = child('plan', index);
  let name: string;
  let namePos = item.pos;
  let arg: YNode | undefined;
  if (item.kind === 'map') {
    const [first, ...rest] = item.entries;
    if (first === undefined || rest.length > 0) {
      return fail(
        ctx,
        item,
        path,
        `a plan step is a mapping with one key, like \`upgrade: device-b\`; this one has ${item.entries.length} (${item.entries.map((e) => e.key).join(', ')})`,
        'one step per list item; for a host and a version write `upgrade: { host: device-b, to: 9.1.0 }`',
      );
    }
    name = first.key;
    namePos = first.keyPos;
    arg = isNull(first.value) ? undefined : first.value;
  } else if (item.kind === 'scalar') {
    name = asText(ctx, item, path, PLAN_EXPECTED);
  } else {
    return fail(
      ctx,
      item,
      path,
      `got ${describe(item)}`,
      'a step: a word like switchover, or a one-key mapping like upgrade: device-b',
    );
  }
  const stepPath = item.kind === 'map' ? child(path, name) : path;
  // Own keys only: `constructor` or `toString` must not find Object's.
  const kind = Object.hasOwn(PLAN_STEPS, name) ? PLAN_STEPS[name] : undefined;
  if (kind === undefined) {
    return fail(
      ctx,
      namePos,
      stepPath,
      unknownReason('step', name, STEP_NAMES, 'key'),
      `one of: ${STEP_NAMES.join(', ')}`,
    );
  }
  if (kind.systems !== undefined && !kind.systems.includes(m.system)) {
    fail(
      ctx,
      namePos,
      stepPath,
      `${tick(name)} is a step of ${kind.systems.join(' and ')} only; ${m.label} has no ${name}${systemHint(name, m.system)}`,
      `a step for ${m.system}`,
    );
  }

  // Hosts: a name or a role of this system; `processing` names several hosts, so not here.
  const planRoles = m.roles.filter((r): r is Role => r !== 'processing');
  const host = (node: YNode, at: string, extra: readonly string[] = []): string => {
    if (node.kind === 'scalar' && node.value === 'processing' && m.roles.includes('processing')) {
      const names = m.hosts.filter((h) => h.kind === 'processing').map((h) => h.name);
      fail(
        ctx,
        node,
        at,
        '`processing` names every processing host; a plan step acts on one host',
        `one processing host: ${names.slice(0, 8).join(', ')}${names.length > 8 ? ', …' : ''}`,
      );
    }
    return readHostRef(m, node, at, { roles: planRoles, extra }).ref;
  };
  const needArg = (expected: string): YNode =>
    arg ?? fail(ctx, item, stepPath, `${tick(name)} needs an argument`, expected);

  switch (kind.arg) {
    case 'none': {
      if (arg !== undefined) {
        fail(ctx, arg, stepPath, `${tick(name)} takes no argument`, `the bare step: - ${name}`);
      }
      return [step(name as Action, name)];
    }
    case 'server': {
      if (arg !== undefined) {
        fail(ctx, arg, stepPath, `${tick(name)} takes no argument`, `the bare step: - ${name}`);
      }
      const server = m.hosts[0]?.name ?? 'server';
      return [step(name as Action, name, { host: server })];
    }
    case 'optional-host': {
      // switchover: the device that becomes active; bare, whichever is standby.
      if (arg === undefined) return [step(name as Action, name)];
      const target = host(arg, stepPath);
      return [step(name as Action, `${name} to ${target}`, { host: target })];
    }
    case 'backup': {
      if (arg === undefined) return [step('backup', 'backup all')];
      const target = host(arg, stepPath, ['all']);
      if (target === 'all') return [step('backup', 'backup all')];
      return [step('backup', `backup ${target}`, { host: target })];
    }
    case 'preemption': {
      const value = needArg('off or restore');
      if (value.kind === 'scalar' && typeof value.value === 'boolean') {
        return value.value
          ? [step('preemption-restore', `preemption ${value.source}`)]
          : [step('preemption-off', `preemption ${value.source}`)];
      }
      const text = asText(ctx, value, stepPath, 'off, restore or on');
      if (text === 'off') return [step('preemption-off', 'preemption off')];
      if (text === 'restore' || text === 'on')
        return [step('preemption-restore', `preemption ${text}`)];
      return fail(
        ctx,
        value,
        stepPath,
        unknownReason('preemption setting', text, ['off', 'restore', 'on']),
        'off, restore or on',
      );
    }
    case 'wait': {
      if (arg === undefined) return [step('wait', 'wait')];
      const duration = asStepDuration(ctx, arg, stepPath);
      const text = arg.kind === 'scalar' ? asText(ctx, arg, stepPath, 'a duration') : '';
      return [step('wait', `wait ${text}`, { duration })];
    }
    case 'host': {
      const target = host(needArg('a host name or a role'), stepPath);
      const note = `${name} ${target}`;
      if (name === 'restore') {
        return [
          step('restore', note, { host: target }),
          step('reboot', note, { host: target }),
          step('verify', note, { host: target }),
        ];
      }
      return [step(name as Action, note, { host: target })];
    }
    case 'host-to': {
      const value = needArg('a host name or a role, or { host, to }');
      let target: string;
      let version: string | undefined;
      if (value.kind === 'map') {
        const fields = checkKeys(ctx, value, stepPath, ['host', 'to']);
        const hostEntry = fields.get('host');
        if (hostEntry === undefined) {
          return fail(
            ctx,
            value,
            child(stepPath, 'host'),
            '`host` is required',
            'a host name or a role',
          );
        }
        target = host(hostEntry.value, child(stepPath, 'host'));
        const to = fields.get('to');
        if (to !== undefined) {
          // Read as version.to is; an upgrade's target must be newer than version.from as
          // version.to must (a rollback's is older by nature).
          const toPath = child(stepPath, 'to');
          version = readTarget(ctx, m.system, to.value, toPath);
          if (name !== 'rollback') refuseNotNewer(ctx, m.from, version, to.value, toPath);
        }
      } else {
        target = host(value, stepPath);
      }
      const note = `${name} ${target}${version === undefined ? '' : ` to ${version}`}`;
      const first: Action = name === 'rollback' ? 'rollback' : 'install';
      const head = step(first, note, { host: target, version });
      if (name === 'install') return [head];
      return [head, step('reboot', note, { host: target }), step('verify', note, { host: target })];
    }
  }
}

/** Reads `plan:` (absent: `auto`). */
export function readPlan(m: Model, node: YNode | undefined): 'auto' | PlannedStep[] {
  if (node === undefined) return 'auto';
  if (node.kind === 'scalar' && node.value === 'auto') return 'auto';
  if (node.kind === 'scalar') {
    if (typeof node.value === 'string' && node.value !== '') {
      return fail(m.ctx, node, 'plan', unknownReason('plan', node.value, ['auto']), PLAN_EXPECTED);
    }
    return fail(
      m.ctx,
      node,
      'plan',
      isNull(node) ? 'no value' : `got ${describe(node)}`,
      PLAN_EXPECTED,
    );
  }
  if (node.kind === 'map') {
    return fail(
      m.ctx,
      node,
      'plan',
      'got a mapping: a plan is a list, one step per item (- upgrade: storage-2)',
      PLAN_EXPECTED,
    );
  }
  if (node.items.length === 0) {
    return fail(m.ctx, node, 'plan', 'the plan is empty', PLAN_EXPECTED);
  }
  atMost(m.ctx, node, 'plan', LIMITS.planSteps, 'steps', PLAN_EXPECTED);
  return node.items.flatMap((item, index) => {
    const source = handWritten(index);
    return readPlanStep(m, item, index).map((step) => ({ ...step, source }));
  });
}
