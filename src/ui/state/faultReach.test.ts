import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APPLICABLE_FAULTS, parseScenario, simulate, type FaultSpec } from '../../sim';
import { clock } from '../format';
import { faultHolders, faultReach, faultReaches, injectionTime } from './faultReach';
import { faultTargets } from './faultTargets';
import { buildRunView, cursorAtTime } from './runView';

/**
 * A scenario of `scenarios/` by file name; `+500ms` makes its verify step half a second longer,
 * so the run ends between two whole seconds.
 */
function endScenario(name: string) {
  const [file = '', longer] = name.split('+');
  const text = readFileSync(join('scenarios', file), 'utf8');
  return parseScenario(
    longer === undefined ? text : `${text}\ndurations: { verify: 5m${longer} }\n`,
    file,
  );
}

const SCENARIOS = [
  'ha-pair-preemption-disabled.yaml',
  'ha-pair-preemption-enabled.yaml',
  'serverware-mirror-4.3-4.8.yaml',
  'serverware-cluster-4.3-4.8.yaml',
  'standalone.yaml',
  // Recoveries: the restarts after a rollback or a restore boot no new version.
  'golden/standalone-upgrade-failure-install.yaml',
  'golden/ha-pair-upgrade-failure-second-device.yaml',
  'golden/serverware-mirror-upgrade-failure-former-primary-rollback-hop.yaml',
];

describe('faultReach', () => {
  // The engine is the oracle: a fault the form offers fires, one it refuses never does.
  for (const file of SCENARIOS) {
    it(`agrees with the engine on whether a live fault fires: ${file}`, () => {
      const text = readFileSync(join('scenarios', file), 'utf8');
      const scenario = parseScenario(text, file);
      const view = buildRunView(simulate(scenario));
      const { roles, hosts } = faultTargets(scenario);
      let refused = 0;
      let checked = 0;
      let said = 0;
      // Short of the end (the end is the rule below, not the engine's say); and a second into
      // every switchover and failover, while the roles are handed over (before, the form named
      // the device that had just dropped the active role as the standby, where the engine bound
      // the one taking it: "Slows the switchover on device-a (the standby now)", then refused).
      const handing = view.run.report.steps.flatMap((step) =>
        (step.action === 'switchover' || step.action === 'failover') &&
        step.start !== undefined &&
        (step.end ?? Infinity) > step.start + 1_000
          ? [step.start + 1_000]
          : [],
      );
      const times = [0.05, 0.4, 0.75].map((fraction) => Math.round(view.duration * fraction));
      for (const time of [...times, ...handing]) {
        const cursor = cursorAtTime(view, time);
        for (const fault of APPLICABLE_FAULTS[scenario.system]) {
          for (const target of [...roles, ...hosts]) {
            const spec: FaultSpec = {
              index: scenario.faults.length,
              fault,
              target,
              when: { at: time },
              times: 1,
            };
            const run = simulate({ ...scenario, faults: [...scenario.faults, spec] });
            const reach = faultReach(view, cursor, time, fault, target);
            const why = reach.fires ? reach.where : reach.why;
            expect(reach.fires, `${fault} on ${target} at ${time}: ${why}`).toBe(
              run.fired.includes(spec.index),
            );
            // Where it says when the step it fails ends, a step of the run fails then.
            const shown = /^Fails .* as it ends, at (\d+:\d\d:\d\d)/.exec(why)?.[1];
            if (shown !== undefined) {
              const failed = run.report.steps.filter((step) => step.status === 'failed');
              expect(
                failed.map((step) => clock(step.end ?? -1)),
                `${fault} on ${target} at ${time}: ${why}`,
              ).toContain(shown);
              said++;
            }
            checked++;
            if (!reach.fires) refused++;
          }
        }
      }
      expect(checked).toBeGreaterThan(0);
      expect(refused).toBeGreaterThan(0);
      expect(said).toBeGreaterThan(0);
    }, 60_000);
  }

  // At the run's last instant the engine would still run a fault (first among that instant's
  // events): a crash then takes a host down after the run, changing nothing counted, or fails
  // the last step after it was shown done. Every fault type on every target is refused there,
  // and from just before the end, where the playhead's next whole second is the end or past it.
  for (const file of [...SCENARIOS, 'standalone.yaml+500ms']) {
    it(`refuses every fault at the run's end and just before it: ${file}`, () => {
      const scenario = endScenario(file);
      const view = buildRunView(simulate(scenario));
      const { roles, hosts } = faultTargets(scenario);
      const last = view.times.length - 1;
      // The playhead at the end, and where its next whole second is the end or past it.
      const playheads = [view.duration, Math.ceil(view.duration / 1000) * 1000 - 999];
      expect(playheads[1]).toBeLessThanOrEqual(view.duration);
      let refused = 0;
      for (const playhead of playheads) {
        const time = injectionTime(playhead);
        const cursor = playhead === view.duration ? last : cursorAtTime(view, playhead);
        for (const fault of APPLICABLE_FAULTS[scenario.system]) {
          const all = faultReaches(view, cursor, time, fault, [...roles, ...hosts]);
          for (const [target, reach] of all) {
            expect(reach.fires, `${fault} on ${target} at ${time}`).toBe(false);
            // Said plainly, as the end of the run it is, not as a refusal of the user's doing.
            if (!reach.fires) {
              expect(reach.why).toMatch(
                new RegExp(`^The run (has ended|ends) at ${clock(view.duration)}\\b`),
              );
              expect(reach.ended).toBe(true);
            }
            refused++;
          }
        }
      }
      expect(refused).toBeGreaterThan(0);
    });
  }

  it('refuses nothing at the end of a run that goes on (a hands-on drill’s run so far)', () => {
    const file = 'ha-pair-preemption-disabled.yaml';
    const scenario = parseScenario(readFileSync(join('scenarios', file), 'utf8'), file);
    const view = buildRunView(simulate(scenario));
    const last = view.times.length - 1;
    const reach = faultReach(view, last, view.duration, 'host-crash', 'standby', {
      continues: true,
    });
    expect(reach.fires).toBe(true);
    expect(faultReach(view, last, view.duration, 'host-crash', 'standby').fires).toBe(false);
  });

  it.each([
    ['serverware-cluster-4.3-4.8.yaml', 'failover-timeout', 'failover'],
    ['ha-pair-preemption-enabled.yaml', 'sync-failure', 'check-sync'],
    ['ha-pair-preemption-enabled.yaml', 'backup-failure', 'backup'],
  ] as const)(
    '%s: offers %s on every target before the next %s (a step of the whole system)',
    (file, fault, action) => {
      const scenario = parseScenario(readFileSync(join('scenarios', file), 'utf8'), file);
      const view = buildRunView(simulate(scenario));
      const step = view.run.report.steps.find((s) => s.action === action);
      const time = (step?.start ?? 0) - 1000;
      const cursor = cursorAtTime(view, time);
      const { roles, hosts } = faultTargets(scenario);
      for (const target of [...roles, ...hosts]) {
        const reach = faultReach(view, cursor, time, fault, target);
        expect(reach.fires, `${fault} on ${target}`).toBe(true);
        if (reach.fires === true) {
          expect(reach.at).toBe(step?.start);
          expect(reach.where).toContain('(an assumption)');
        }
      }
    },
  );

  it('refuses a session loss aimed at the active device and says where it would fire', () => {
    const file = 'ha-pair-preemption-disabled.yaml';
    const scenario = parseScenario(readFileSync(join('scenarios', file), 'utf8'), file);
    const view = buildRunView(simulate(scenario));
    // During the last session check (a step of both devices, which a session loss aimed at
    // either would fail): the active device has no switchover left to lose sessions in.
    const check = view.run.report.steps.findLast((step) => step.action === 'check-sessions');
    const time = (check?.start ?? 0) + 1;
    const cursor = cursorAtTime(view, time);
    const reach = faultReach(view, cursor, time, 'session-loss', 'active');
    expect(reach.fires).toBe(false);
    if (reach.fires) return;
    const switchover = view.run.report.steps.find(
      (step) => step.action === 'switchover' && (step.start ?? 0) > time,
    );
    expect(switchover?.host).toBeDefined();
    expect(reach.why).toContain(`Aim it at ${switchover?.host ?? '?'}`);
    expect(faultReach(view, cursor, time, 'session-loss', 'standby').fires).toBe(true);
  });

  it('spoiler-free, tells neither when nor whether a fault strikes a step to come', () => {
    const file = 'serverware-cluster-4.3-4.8.yaml';
    const scenario = parseScenario(readFileSync(join('scenarios', file), 'utf8'), file);
    const view = buildRunView(simulate(scenario));
    const open = faultReach(view, 0, 0, 'upgrade-failure', 'primary');
    expect(open.fires).toBe(true);
    if (open.fires !== true) return;
    expect(open.where).toMatch(
      /^Fails the install on .* in hop \d+ as it ends, at \d+:\d\d:\d\d\./,
    );
    // Once the Backup host's install and verify are done, a failure aimed at it cannot fire.
    const verify = view.run.report.steps.find(
      (step) => step.action === 'verify' && step.host === 'backup',
    );
    const time = (verify?.end ?? 0) + 1000;
    const cursor = cursorAtTime(view, time);
    expect(faultReach(view, cursor, time, 'upgrade-failure', 'backup').fires).toBe(false);
    expect(faultReach(view, cursor, time, 'upgrade-failure', 'storage-2').fires).toBe(true);
    // Spoiler-free, the two read alike: no time, no hop, and not whether a step is left.
    const said = (target: string) => {
      const reach = faultReach(view, cursor, time, 'upgrade-failure', target, {
        spoilerFree: true,
      });
      expect(reach.fires).toBe('untold');
      return reach.fires === 'untold' ? reach.where.replace(target, 'HOST') : '';
    };
    expect(said('backup')).toBe(said('storage-2'));
    expect(said('backup')).toBe(
      'Strikes HOST at the next install or verify it takes part in, if one comes (spoiler-free: whether one is left is not told).',
    );
  });

  it('refuses a crash or a power loss on a host already down, which the engine ignores', () => {
    const text = readFileSync(join('scenarios', 'serverware-cluster-3.2.yaml'), 'utf8');
    const scenario = parseScenario(
      `${text}\nfaults: [ { fault: host-crash, target: storage-1, when: { at: 2h }, duration: 30m } ]\n`,
      'crash.yaml',
    );
    const run = simulate(scenario);
    const view = buildRunView(run);
    const time = 2 * 3_600_000 + 10 * 60_000;
    const cursor = cursorAtTime(view, time);
    for (const fault of ['host-crash', 'power-loss'] as const) {
      const reach = faultReach(view, cursor, time, fault, 'storage-1');
      expect(reach.fires, fault).toBe(false);
      if (!reach.fires)
        expect(reach.why).toMatch(/would change nothing: storage-1 is already down/);
      // The engine agrees: a second one changes nothing of the run.
      const again = simulate({
        ...scenario,
        faults: [
          ...scenario.faults,
          {
            index: 1,
            fault,
            target: 'storage-1',
            when: { at: time },
            times: 1,
            duration: 1_800_000,
          },
        ],
      });
      expect(again.report.duration).toBe(run.report.duration);
      expect(again.report.workloads).toEqual(run.report.workloads);
    }
    // Another host, up, takes it.
    expect(faultReach(view, cursor, time, 'host-crash', 'storage-2').fires).toBe(true);
  });

  it('names the host a role stands for in a clause of its own', () => {
    const file = 'ha-pair-preemption-disabled.yaml';
    const scenario = parseScenario(readFileSync(join('scenarios', file), 'utf8'), file);
    const view = buildRunView(simulate(scenario));
    const reach = faultReach(view, 0, 0, 'host-crash', 'standby');
    expect(reach.fires).toBe(true);
    if (reach.fires !== true) return;
    // Before: "Strikes device-b, the standby now at once."
    expect(reach.where).toBe(`Strikes ${reach.host} (the standby now) at once.`);
  });

  it('names a kind of host as one of them, not as a role held now', () => {
    // Before: "Fails the install on processing-1 (the processing now)".
    const file = 'serverware-cluster-3.2.yaml';
    const scenario = parseScenario(readFileSync(join('scenarios', file), 'utf8'), file);
    const view = buildRunView(simulate(scenario));
    const reach = faultReach(view, 0, 0, 'upgrade-failure', 'processing');
    expect(reach.fires).toBe(true);
    if (reach.fires !== true) return;
    expect(reach.where).toMatch(/^Fails the install on processing-1 \(a processing host\)/);
    expect(reach.where).not.toMatch(/the processing now/);
  });

  it('a fault tied to steps that none met is reported as such, not as past the end', () => {
    const file = 'ha-pair-preemption-disabled.yaml';
    const scenario = parseScenario(readFileSync(join('scenarios', file), 'utf8'), file);
    const steps = simulate(scenario).report.steps;
    const check = steps.findLast((step) => step.action === 'check-sessions');
    const spec: FaultSpec = {
      index: scenario.faults.length,
      fault: 'session-loss',
      target: 'active',
      when: { at: (check?.start ?? 0) + 1 },
      times: 1,
    };
    const run = simulate({ ...scenario, faults: [...scenario.faults, spec] });
    expect(run.fired).not.toContain(spec.index);
    const warning = run.report.warnings.find((text) => text.startsWith(`faults[${spec.index}]`));
    expect(warning).toContain('no step it acts on (switchover, check-sessions) ran on active');
    expect(warning).not.toContain('ended');
  });
});

describe('faultReaches', () => {
  // The form asks for every target at once; each answer must be the one asked alone, which the
  // engine checks above.
  for (const file of SCENARIOS) {
    it(`gives every target the answer it gets alone: ${file}`, () => {
      const scenario = parseScenario(readFileSync(join('scenarios', file), 'utf8'), file);
      const view = buildRunView(simulate(scenario));
      const { roles, hosts } = faultTargets(scenario);
      const targets = [...roles, ...hosts];
      let compared = 0;
      for (const fraction of [0, 0.05, 0.4, 0.75, 1, 1.1]) {
        const time = Math.round(view.duration * fraction);
        const cursor = cursorAtTime(view, Math.min(time, view.duration));
        for (const fault of APPLICABLE_FAULTS[scenario.system]) {
          const all = faultReaches(view, cursor, time, fault, targets);
          expect([...all.keys()]).toEqual([...new Set(targets)]);
          for (const target of targets) {
            expect(all.get(target), `${fault} on ${target} at ${time}`).toEqual(
              faultReaches(view, cursor, time, fault, [target]).get(target),
            );
            compared++;
          }
        }
      }
      expect(compared).toBeGreaterThan(0);
    });
  }
});

describe('faultHolders', () => {
  it('names the host a fault aimed at a role struck: the holder as it was injected, whoever holds the role later', () => {
    // An upgrade failure on the Primary at 1s strikes storage-1's install, in hop 1, after the
    // failover made it the Secondary. Before, the faults injected by hand and the impact
    // report's headline said only "upgrade-failure on primary", and a reader took the Primary's
    // install to have failed.
    const file = 'serverware-cluster-4.3-4.8.yaml';
    const plain = parseScenario(readFileSync(join('scenarios', file), 'utf8'), file);
    const faults: FaultSpec[] = [
      { index: 0, fault: 'upgrade-failure', target: 'primary', when: { at: 1000 }, times: 1 },
      { index: 1, fault: 'host-crash', target: 'processing-1', when: { at: 2000 }, times: 1 },
    ];
    const run = simulate({ ...plain, faults });
    const view = buildRunView(run);
    const holders = faultHolders(view);
    expect([...holders]).toEqual([[0, 'storage-1']]);
    const failed = run.report.steps.find((step) => step.status === 'failed');
    expect(failed?.host).toBe('storage-1');
  });
});
