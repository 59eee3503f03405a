import { Suspense, useMemo, useState } from 'react';
import { formatDuration, type Run } from '../../sim';
import { lazyExternal } from '../lazyExternal';
import { groupBuiltins, type BuiltinScenario } from '../state/builtins';
import type { CompareWith, RunProgress } from '../state/playerMachine';
import { changesSteps, POLICY_TOGGLE_KEYS, policyToggleOf } from '../state/policyToggles';
import { sameRun } from '../state/runView';
import {
  selectBuiltinId,
  selectBuiltins,
  selectComparison,
  selectImported,
  selectRun,
  selectScenario,
} from '../state/selectors';
import { usePlayer } from '../state/usePlayer';
import { selectHiddenText } from '../state/spoilers';
import { usePlayerSelector } from '../state/usePlayerSelector';
import { cx } from '../classNames';
import runStatus from './RunStatus.module.css';
import tabView from './TabView.module.css';

interface CompareViewProps {
  readonly left: Run;
  readonly right: Run;
}

const CompareView = lazyExternal<CompareViewProps>('./compare/CompareView.tsx', 'CompareView');

function parseChoice(value: string): CompareWith {
  if (value === 'preemption-left-on' || value === 'without-faults') return { kind: value };
  const key = POLICY_TOGGLE_KEYS.find((item) => item === value);
  if (key) return { kind: 'policy', key };
  return { kind: 'builtin', id: value.slice('builtin:'.length) };
}

/** The built-in to compare with by default: another of the same system, same topology first. */
function defaultBuiltin(
  builtins: readonly BuiltinScenario[],
  run: Run,
  current: string | undefined,
): string {
  const { system, topology } = run.scenario;
  const others = builtins.filter(
    (item) => item.error === undefined && item.id !== current && item.system === system,
  );
  const pick =
    others.find((item) => item.topology === topology && !item.id.includes('/')) ??
    others.find((item) => !item.id.includes('/')) ??
    others[0] ??
    builtins.find((item) => item.error === undefined && item.id !== current);
  return pick ? `builtin:${pick.id}` : 'without-faults';
}

/**
 * The run on screen beside another: this one without its faults, with its system's policy
 * switch flipped (preemption, stopping the VPSs, the backups), or a second scenario. The default
 * is a variation that differs for this scenario: without its faults when it has some, else the
 * switch when it changes the steps, else another built-in of the same system.
 */
export function CompareTab() {
  const actor = usePlayer();
  const run = usePlayerSelector(selectRun);
  const scenario = usePlayerSelector(selectScenario);
  const imported = usePlayerSelector(selectImported);
  const builtins = usePlayerSelector(selectBuiltins);
  const comparison = usePlayerSelector(selectComparison);
  const builtinId = usePlayerSelector(selectBuiltinId);
  const [choice, setChoice] = useState('');
  const hidden = usePlayerSelector(selectHiddenText);
  // The policy switch of the scenario's system (none for an imported report, which cannot be
  // run again with another policy), and whether it changes the steps: planned once per scenario.
  const toggle = scenario && !imported ? policyToggleOf(scenario.system) : undefined;
  const toggleChanges = useMemo(
    () => toggle !== undefined && scenario !== undefined && changesSteps(scenario, toggle),
    [scenario, toggle],
  );
  if (!run) return <p className="empty">No run yet.</p>;
  // Spoiler-free: a comparison tells where and how the whole run differs, so it waits for its end.
  if (hidden !== undefined)
    return (
      <p className="empty" data-testid="compare-hidden">
        {hidden}
      </p>
    );
  const haPair = scenario?.system === 'ha-pair' && !imported;
  const faulted = run.scenario.faults.length > 0 && !imported;
  const fallback = faulted
    ? 'without-faults'
    : toggle && toggleChanges
      ? toggle
      : defaultBuiltin(builtins, run, builtinId);
  const offered = (value: string) =>
    value === 'without-faults'
      ? faulted
      : value === 'preemption-left-on'
        ? haPair
        : POLICY_TOGGLE_KEYS.some((key) => key === value)
          ? value === toggle
          : true;
  const chosen = choice === '' || !offered(choice) ? fallback : choice;
  const identical = comparison?.right !== undefined && sameRun(run, comparison.right);
  return (
    <div>
      <form
        className={tabView.controls}
        onSubmit={(event) => {
          event.preventDefault();
          actor.send({ type: 'compare.open', with: parseChoice(chosen) });
        }}
      >
        <label>
          Compare this run with
          <select
            value={chosen}
            onChange={(event) => setChoice(event.target.value)}
            data-testid="compare-choice"
          >
            <option value="without-faults" disabled={!faulted}>
              the same scenario without its faults (injected ones included)
            </option>
            {toggle ? (
              <option value={toggle}>the same scenario with policy.{toggle} toggled</option>
            ) : null}
            {haPair ? (
              <option value="preemption-left-on">
                the same scenario with preemption left on during the upgrade
              </option>
            ) : null}
            {groupBuiltins(builtins).map(([label, items]) => (
              <optgroup key={label} label={`Another scenario: ${label.toLowerCase()}`}>
                {items.map((item) => (
                  <option
                    key={item.id}
                    value={`builtin:${item.id}`}
                    disabled={item.error !== undefined}
                  >
                    {item.name}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </label>
        <button type="submit" data-testid="compare-open">
          Compare
        </button>
        {comparison ? (
          <button type="button" onClick={() => actor.send({ type: 'compare.close' })}>
            Close
          </button>
        ) : null}
      </form>
      {comparison ? (
        <div>
          <p className="muted">Left: this run · Right: {comparison.label}</p>
          {identical ? (
            <p
              className={cx(tabView.hint, tabView.refused)}
              role="status"
              data-testid="compare-identical"
            >
              The two runs are identical: this variation changes nothing in this scenario.
            </p>
          ) : null}
          {comparison.request ? (
            <ComparisonProgress progress={comparison.progress} />
          ) : comparison.cancelled ? (
            <p className="empty" data-testid="compare-cancelled">
              Comparison cancelled: press Compare to simulate it again.
            </p>
          ) : comparison.error ? (
            <p className={tabView.error} role="alert">
              {comparison.error}
            </p>
          ) : comparison.right && CompareView ? (
            <Suspense fallback={<p className="empty">Loading the comparison…</p>}>
              <CompareView left={run} right={comparison.right} />
            </Suspense>
          ) : comparison.right ? (
            <CompareSummary left={run} right={comparison.right} />
          ) : null}
        </div>
      ) : (
        <p className="empty">Choose what to compare with, then press Compare.</p>
      )}
    </div>
  );
}

/** The right-hand run being simulated off the main thread: how far it is, and Cancel. */
function ComparisonProgress({ progress }: { progress: RunProgress | undefined }) {
  const actor = usePlayer();
  const steps = Math.max(1, progress?.steps ?? 1);
  const percent = progress ? Math.min(100, (100 * (progress.step - 1)) / steps) : undefined;
  return (
    <div className={runStatus.runStatus} role="status" data-testid="compare-status">
      <span className={runStatus.text}>
        Simulating the run to compare with…{' '}
        {progress
          ? `step ${progress.step} of about ${steps} · ${progress.transitions.toLocaleString()} transitions · ${formatDuration(progress.at)} of virtual time`
          : ''}
      </span>
      <progress
        max={100}
        value={percent}
        aria-label="Comparison progress"
        data-testid="compare-progress"
      />
      <button
        type="button"
        onClick={() => actor.send({ type: 'compare.cancel' })}
        data-testid="compare-cancel"
      >
        Cancel
      </button>
    </div>
  );
}

/** A minimal side-by-side while the full compare view is not part of the build. */
function CompareSummary({ left, right }: { left: Run; right: Run }) {
  const rows: [string, (run: Run) => string][] = [
    ['outcome', (run) => run.report.outcome],
    ['failovers', (run) => String(run.report.failovers)],
    [
      'violated invariants',
      (run) =>
        run.report.invariants
          .filter((i) => !i.holds)
          .map((i) => i.id)
          .join(', ') || 'none',
    ],
  ];
  return (
    <table className={tabView.table}>
      <thead>
        <tr>
          <th />
          <th>{left.report.scenario}</th>
          <th>{right.report.scenario}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([label, value]) => (
          <tr key={label}>
            <th scope="row">{label}</th>
            <td>{value(left)}</td>
            <td>{value(right)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
