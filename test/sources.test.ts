import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario, planProcedure, simulate } from '../src/sim';
import type { PlannedStep, Scenario } from '../src/sim';
import { describeSource, sourceLabel } from '../machines/sources';
import { scenarioPath } from './support/scenarioFiles';

const BUILT_INS = [
  'ha-pair-preemption-disabled.yaml',
  'ha-pair-preemption-enabled.yaml',
  'serverware-5.x-gui-update-cluster.yaml',
  'serverware-5.x-gui-update.yaml',
  'serverware-cluster-3.2.yaml',
  'serverware-cluster-3.3-4.2.yaml',
  'serverware-cluster-4.3-4.8.yaml',
  'serverware-cluster-large.yaml',
  'serverware-mirror-3.2.yaml',
  'serverware-mirror-3.3-4.2.yaml',
  'serverware-mirror-4.3-4.8.yaml',
  'standalone-multi-version.yaml',
  'standalone.yaml',
];

function load(file: string): Scenario {
  return parseScenario(readFileSync(scenarioPath(file), 'utf8'), file);
}

const lines = (...text: string[]): string => `${text.join('\n')}\n`;

describe('step sources', () => {
  it.each(BUILT_INS)(
    'should derive every step of %s from its source document, naming each assumption',
    (file) => {
      const scenario = load(file);
      const plan = planProcedure(scenario);
      const assumed = plan.filter((step: PlannedStep) => step.source.kind !== 'document');
      const versions = scenario.path.length;
      if (scenario.system === 'serverware') {
        // Before: every check of an upgraded host read "document: step N". The document upgrades
        // each host and asks for one check only: of the former Primary, in the Cluster sections
        // from 3.3.x ("ensure all services are up and the pool is ONLINE with no errors").
        for (const step of assumed) {
          expect(step.action, step.note).toBe('verify');
          expect(step.source.kind).toBe('assumption');
          expect(step.source.ref).toContain('asks for a check only of the former Primary');
        }
        const checks = plan.filter((step) => step.action === 'verify');
        const documented = checks.filter((step) => step.source.kind === 'document');
        const asked =
          scenario.topology === 'cluster' && /^(3\.[3-9]|4)\./.test(scenario.version.from);
        expect(documented).toHaveLength(asked ? versions : 0);
        for (const step of documented) {
          expect(step.note).toContain('the pool ONLINE with no errors');
          expect(step.source.ref).toContain('step 4');
        }
        expect(assumed).toHaveLength(checks.length - documented.length);
        return;
      }
      // A single server's backup before each later version (`policy.backup`); none on a pair.
      for (const step of assumed) {
        expect(step).toMatchObject({
          action: 'backup',
          source: { kind: 'assumption', key: 'policy.backup' },
        });
        expect(step.hop).toBeGreaterThan(1);
      }
      expect(assumed).toHaveLength(file.startsWith('standalone') ? versions - 1 : 0);
    },
  );

  it('should cite the document step in each HA step’s source, and never number a note with it', () => {
    // Before: "step 1: check the service status" under "Step 3 of 17": two numberings in one
    // box. The source says which of the document's steps it is; the plan's number is the row's.
    for (const file of ['ha-pair-preemption-enabled.yaml', 'ha-pair-preemption-disabled.yaml']) {
      for (const step of planProcedure(load(file))) {
        expect(step.source.ref, step.note).toMatch(/^HA pair upgrade procedure, step \d+\b/);
        expect(step.note, step.source.ref).not.toMatch(/^step \d+/);
      }
    }
  });

  it('should name a final failover the document does not call for as an assumption with its key', () => {
    // From 3.2.4: three hops, three failovers, storage-2 Primary at the end.
    const scenario = parseScenario(
      lines(
        'name: Mirror from 3.2 with a final failover',
        'system: serverware',
        'topology: mirror',
        'version: { from: 3.2.4 }',
        'policy: { final-failover: always }',
      ),
      'x.yaml',
    );
    const last = planProcedure(scenario).at(-1);
    expect(last?.action).toBe('failover');
    expect(last?.source.kind).toBe('assumption');
    expect(last?.source.key).toBe('policy.final-failover');
    expect(last?.note).toBe(
      'one final failover to return storage-1 to its original place as Primary',
    );
  });

  it('should add no final failover with `always` when the hops leave the Primary in its place', () => {
    // From 4.1.0: two hops, two failovers, storage-1 Primary again. A failover then would move
    // the Primary away, under a note that said it returned storage-2 "to its original place".
    const scenario = parseScenario(
      lines(
        'name: Mirror from 4.1 with a final failover',
        'system: serverware',
        'topology: mirror',
        'version: { from: 4.1.0 }',
        'policy: { final-failover: always }',
      ),
      'x.yaml',
    );
    const failovers = planProcedure(scenario).filter((step) => step.action === 'failover');
    expect(failovers).toHaveLength(2);
    const report = simulate(scenario).report;
    expect(report.hosts.find((host) => host.role === 'primary')?.name).toBe('storage-1');
  });

  it('should carry the source of every step into the report, recovery steps included', () => {
    const scenario = parseScenario(
      lines(
        'name: HA pair, the second device fails to install',
        'system: ha-pair',
        'version: { from: 9.0.2, to: 9.1.0 }',
        'faults:',
        '  - { fault: upgrade-failure, target: device-b, when: { step: install } }',
      ),
      'x.yaml',
    );
    const { report } = simulate(scenario);
    const recovery = report.steps.filter((step) => step.recovery);
    expect(recovery.length).toBeGreaterThan(0);
    for (const step of report.steps) expect(step.source.ref.length).toBeGreaterThan(0);
    expect(recovery.map((step) => step.source.kind)).toContain('document');
  });

  it('should mark each step of a hand-written plan with its place in the plan', () => {
    const scenario = parseScenario(
      lines(
        'name: hand-written',
        'system: ha-pair',
        'version: { from: 9.0.2, to: 9.1.0 }',
        'plan: [backup: all, { upgrade: device-b }]',
      ),
      'x.yaml',
    );
    const plan = planProcedure(scenario);
    // Each says where the document has a step that does the same (before: nothing, every step
    // of such a plan read as the model's assumption): the HA document upgrades the standby at
    // step 5 and the new standby at step 7, device-b either.
    const written = 'a step written by hand, run as written; the document has it as';
    expect(plan.map((step) => [step.action, step.source.ref])).toEqual([
      ['backup', `plan[0] of the scenario: ${written} step 3`],
      ['install', `plan[1] of the scenario: ${written} step 5 or step 7`],
      ['reboot', `plan[1] of the scenario: ${written} step 5 or step 7`],
      ['verify', `plan[1] of the scenario: ${written} step 5 or step 7`],
    ]);
    expect(plan.map((step) => step.source.kind)).toEqual(Array(4).fill('assumption'));
  });
});

describe('a hand-written step’s source label', () => {
  /** The plan of an HA pair's scenario whose `plan:` is `backup: all`, `upgrade: device-b` and `items`. */
  const writtenPlan = (...items: string[]) =>
    planProcedure(
      parseScenario(
        lines(
          'name: written',
          'system: ha-pair',
          'version: { from: 9.0.1, to: 9.1.0 }',
          'plan:',
          '  - backup: all',
          '  - upgrade: device-b',
          ...items,
        ),
        'written.yaml',
      ),
    );

  it('should read "as written", not "assumption": the author wrote it, not Rehearse', () => {
    // Before: every row of a hand-written plan's `source` column read "assumption", the ref
    // saying "plan[0] of the scenario" only in the JSON.
    const plan = writtenPlan();
    expect(plan.map((step) => sourceLabel(step.source))).toEqual(plan.map(() => 'as written'));
    expect(plan.length).toBeGreaterThan(1);
    expect(sourceLabel({ kind: 'assumption', ref: 'a check of the host' })).toBe('assumption');
  });

  it('should be described as the author’s step, with where the document has it, and its note not repeat it', () => {
    // Before: the narration and the plan's Markdown read "Not in the document; Rehearse assumes
    // it: plan[1] of the scenario: …; the document has it as step 5 or step 7" (not in the
    // document, and in it; assumed by Rehearse, and written by the author), and every step's
    // note "as written: upgrade device-b" beside its "as written" tag.
    const plan = writtenPlan('  - preemption: off');
    expect(plan.map((step) => [step.action, describeSource(step.source), step.note])).toEqual([
      [
        'backup',
        "Written in the scenario's plan (plan[0]) and run as written; the document has a step like it at step 3.",
        'backup all',
      ],
      ...['install', 'reboot', 'verify'].map((action) => [
        action,
        "Written in the scenario's plan (plan[1]) and run as written; the document has a step like it at step 5 or step 7.",
        'upgrade device-b',
      ]),
      [
        'preemption-off',
        "Written in the scenario's plan (plan[2]) and run as written; the document has no step like it.",
        'preemption off',
      ],
    ]);
    // Rehearse's own assumptions still say so.
    expect(describeSource({ kind: 'assumption', ref: 'a check of the host' })).toBe(
      'Not in the document; Rehearse assumes it: a check of the host.',
    );
  });
});
