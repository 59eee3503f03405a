/**
 * `decisions:` → DecisionRule[]: what the operator chooses where the procedure leaves a choice,
 * each entry checked against the decision points and options of the scenario's system.
 */
import {
  DECISION_OPTION_NAMES,
  DECISION_POINT_NAMES,
  REPEATED_OPTIONS,
  optionsAt,
  type DecisionOption,
  type DecisionPoint,
  type DecisionRule,
} from '../../../machines/decisions';
import { LIMITS } from '../defaults';
import type { FaultType } from '../types';
import { FAULT_TYPES } from '../../../machines/faultTable';
import { readHostRef, type Model } from './model';
import { asEnum, asInt, asMap, asSeq, atMost, checkKeys, child, fail, isNull, quote } from './read';
import type { YEntry, YNode } from './tree';

/** The keys of a `decisions:` entry. */
export const DECISION_KEYS = ['at', 'host', 'hop', 'fault', 'choose', 'times'];

/** The decision points a system has. Pure. */
export function pointsOn(system: Model['system']): DecisionPoint[] {
  return DECISION_POINT_NAMES.filter((point) => optionsAt(point, system).length > 0);
}

function readDecision(m: Model, node: YNode, index: number): DecisionRule {
  const { ctx } = m;
  const path = child('decisions', index);
  const map = asMap(
    ctx,
    node,
    path,
    'a mapping like { at: install-failed, host: storage-1, choose: reinstall, times: 2 }',
  );
  const fields = checkKeys(ctx, map, path, DECISION_KEYS);
  const points = pointsOn(m.system);
  const atEntry = fields.get('at');
  if (atEntry === undefined) {
    return fail(ctx, map, child(path, 'at'), '`at` is required', `one of: ${points.join(', ')}`);
  }
  const at = asEnum(ctx, atEntry.value, child(path, 'at'), DECISION_POINT_NAMES, 'decision point');
  if (!points.includes(at)) {
    fail(
      ctx,
      atEntry.value,
      child(path, 'at'),
      `${quote(at)} is not a decision point of ${m.label}`,
      `a decision point of ${m.system}: ${points.join(', ')}`,
    );
  }
  const legal = optionsAt(at, m.system);
  const chooseEntry = fields.get('choose');
  if (chooseEntry === undefined) {
    return fail(
      ctx,
      map,
      child(path, 'choose'),
      '`choose` is required',
      `an option at ${at}: ${legal.join(', ')}`,
    );
  }
  if (
    chooseEntry.value.kind === 'scalar' &&
    typeof chooseEntry.value.value === 'string' &&
    (DECISION_OPTION_NAMES as readonly string[]).includes(chooseEntry.value.value) &&
    !(legal as readonly string[]).includes(chooseEntry.value.value)
  ) {
    fail(
      ctx,
      chooseEntry.value,
      child(path, 'choose'),
      `${quote(chooseEntry.value.value)} is not an option at ${at} on ${m.label}`,
      `an option at ${at}: ${legal.join(', ')}`,
    );
  }
  const choose = asEnum<DecisionOption>(
    ctx,
    chooseEntry.value,
    child(path, 'choose'),
    legal,
    `option at ${at} on ${m.system}`,
  );
  const rule: {
    -readonly [K in keyof DecisionRule]: DecisionRule[K];
  } = { index, at, choose, times: 1 };
  const host = fields.get('host');
  if (host !== undefined) rule.host = readHostRef(m, host.value, child(path, 'host')).ref;
  const hop = fields.get('hop');
  if (hop !== undefined) {
    rule.hop = asInt(
      ctx,
      hop.value,
      child(path, 'hop'),
      0,
      m.path.length,
      `a hop of the version path, 0 (before the first) to ${m.path.length}`,
    );
  }
  const fault = fields.get('fault');
  if (fault !== undefined) {
    rule.fault = asEnum<FaultType>(ctx, fault.value, child(path, 'fault'), FAULT_TYPES, 'fault');
  }
  const times = fields.get('times');
  if (times !== undefined) {
    rule.times = asInt(
      ctx,
      times.value,
      child(path, 'times'),
      1,
      LIMITS.decisionTimes,
      REPEATED_OPTIONS.has(choose)
        ? `how many times to ${choose}, 1 to ${LIMITS.decisionTimes}`
        : `how many decisions the entry takes, 1 to ${LIMITS.decisionTimes}`,
    );
  }
  return rule;
}

/** Reads `decisions:` (absent or empty: none). */
export function readDecisions(m: Model, entry: YEntry | undefined): DecisionRule[] {
  if (entry === undefined || isNull(entry.value)) return [];
  const expected =
    'a list like - { at: install-failed, host: storage-1, choose: reinstall, times: 2 }';
  const list = asSeq(m.ctx, entry.value, 'decisions', expected);
  atMost(m.ctx, list, 'decisions', LIMITS.decisions, 'decisions', expected);
  let taken = 0;
  return list.items.map((item, index) => {
    const rule = readDecision(m, item, index);
    taken += rule.times;
    if (taken > LIMITS.decisionTimes) {
      const path = child('decisions', index);
      const times = item.kind === 'map' ? item.entries.find((e) => e.key === 'times') : undefined;
      fail(
        m.ctx,
        times?.value ?? item,
        times === undefined ? path : child(path, 'times'),
        `the entries take ${taken} decisions in all, more than ${LIMITS.decisionTimes}`,
        `entries whose times add up to at most ${LIMITS.decisionTimes}`,
      );
    }
    return rule;
  });
}
