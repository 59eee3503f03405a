import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { describeSource, sourceLabel } from '../../sim';
import { clock, invariantWords, recordedCause, words, writtenStepWords } from '../format';
import { useScrollFocus } from '../hooks/useScrollFocus';
import { zoomOf } from '../hooks/zoomOf';
import { CauseBadge } from '../panels/CauseBadge';
import { selectRun, selectScenario } from '../state/selectors';
import { usePlayer } from '../state/usePlayer';
import { usePlayerSelector } from '../state/usePlayerSelector';
import { pendingDecision } from './drillLogic';
import { selectDrill, selectDrillRunning, selectInvariantsHidden } from './drillSelectors';
import {
  documentedPlan,
  itemLabel,
  stepsNow,
  stepVerdicts,
  type BrokenRule,
  type StepGroup,
  type StepVerdict,
} from './handsOnLogic';
import type { PlanItem } from './drillLogic';
import styles from './Drill.module.css';

/** The violations of one step (or of the run's end), each with its reason, rule and document step. */
function BrokenRules({ rules }: { rules: readonly BrokenRule[] }) {
  return (
    <ul className={styles.broken}>
      {rules.map((rule) => (
        <li key={`${rule.invariant}-${rule.violation.seq}`} data-testid="hands-on-violation">
          <strong>{invariantWords(rule.invariant)}</strong>{' '}
          <CauseBadge cause={recordedCause(rule.violation)} />{' '}
          <span className={styles.when}>{clock(rule.violation.at)}</span> {rule.message}
          <span className={styles.rule}>Rule: {rule.promise}</span>
          {rule.documented ? (
            <span className={styles.rule} data-testid="hands-on-documented">
              <span className={styles.source}>{sourceLabel(rule.documented)}</span>{' '}
              {describeSource(rule.documented)}
            </span>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/** The invariants a step broke, in words, each once however many times it broke it. */
function brokenInvariants(verdict: StepVerdict): readonly string[] {
  return [...new Set(verdict.broken.map((rule) => invariantWords(rule.invariant)))];
}

/** One step of the trainee's procedure with what it broke (or that it broke nothing). */
function VerdictRow({ verdict, judged }: { verdict: StepVerdict; judged: boolean }) {
  const broke = verdict.broken.length > 0;
  const invariants = brokenInvariants(verdict).length;
  return (
    <li
      className={judged ? (broke ? styles.broke : styles.held) : undefined}
      data-testid="hands-on-step"
      data-broken={judged ? verdict.broken.length : undefined}
    >
      <span className={styles.stepLine}>
        <span className={styles.stepNumber}>{verdict.index + 1}</span>
        <span data-testid="hands-on-step-taken">{writtenStepWords(itemLabel(verdict.item))}</span>
        <span className={styles.stepStatus}>
          {verdict.status === 'done'
            ? ''
            : verdict.status === 'recovered'
              ? 'failed, then recovered'
              : verdict.status}
        </span>
        {judged ? (
          <span className={styles.verdict}>
            {broke
              ? `✗ broke ${invariants === 1 ? 'an invariant' : `${invariants} invariants`}`
              : '✓ every invariant held'}
          </span>
        ) : null}
      </span>
      {judged && broke ? <BrokenRules rules={verdict.broken} /> : null}
    </li>
  );
}

/** One choice of the next step: `upgrade` `storage-2 (Secondary)`, or a step of its own. */
function Offer({
  group,
  offer,
  blocked,
  onTake,
}: {
  group: StepGroup;
  offer: StepGroup['offers'][number];
  blocked: boolean;
  onTake: (item: PlanItem) => void;
}) {
  return (
    <button
      type="button"
      className={styles.offer}
      disabled={blocked}
      onClick={() => onTake(offer.item)}
      data-testid="hands-on-offer"
      data-item={itemLabel(offer.item)}
      title={`Add "${writtenStepWords(itemLabel(offer.item))}" to the plan`}
    >
      {offer.label === '' ? words(group.name) : offer.label}
    </button>
  );
}

/**
 * The steps that can be taken next, by name; a step taken several ways (on a host, with a
 * value) shows its choices in their place once picked, with the way back to the steps. A step
 * taken one way only is taken at once. Every choice laid out at once ran to 39 on an HA pair and
 * 41 on a Cluster, of which 4–14 were in view at 1280×720, the rest under the panel's fold. The
 * step picked stays open after it is taken: the next host's upgrade is one click.
 */
function NextStep({
  groups,
  blocked,
  onTake,
}: {
  groups: readonly StepGroup[];
  blocked: boolean;
  onTake: (item: PlanItem) => void;
}) {
  const [picked, setPicked] = useState<string>();
  const open = groups.find((group) => group.name === picked && group.offers.length > 1);
  const back = useRef<HTMLButtonElement>(null);
  const names = useRef<HTMLUListElement>(null);
  // The focus follows the view: onto the way back as a step opens, onto its name as it closes.
  const moved = useRef<{ readonly to: 'back' } | { readonly to: 'name'; readonly step: string }>(
    undefined,
  );
  useEffect(() => {
    const to = moved.current;
    moved.current = undefined;
    if (to?.to === 'back') back.current?.focus();
    else if (to?.to === 'name')
      names.current?.querySelector<HTMLButtonElement>(`button[data-step="${to.step}"]`)?.focus();
  }, [open]);
  if (open) {
    return (
      <div
        className={styles.targets}
        role="group"
        aria-label={`Next step: ${words(open.name)}, with which`}
        data-testid="hands-on-targets"
        data-step={open.name}
      >
        <h3 className={styles.subheading}>
          Next step: {words(open.name)}{' '}
          <button
            ref={back}
            type="button"
            className={styles.back}
            onClick={() => {
              moved.current = { to: 'name', step: open.name };
              setPicked(undefined);
            }}
            data-testid="hands-on-back"
            title="Back to every step"
          >
            ‹ all steps
          </button>
        </h3>
        <div className={styles.offers}>
          {open.offers.map((offer) => (
            <Offer key={offer.label} group={open} offer={offer} blocked={blocked} onTake={onTake} />
          ))}
        </div>
      </div>
    );
  }
  return (
    <div>
      <h3 className={styles.subheading}>Next step</h3>
      <ul ref={names} className={styles.offers} aria-label="Next step">
        {groups.map((group) => {
          const only = group.offers.length === 1 ? group.offers[0] : undefined;
          return (
            <li key={group.name} className={styles.group} data-step={group.name}>
              {only ? (
                <>
                  {only.label === '' ? null : (
                    <span className={styles.groupName}>{words(group.name)}</span>
                  )}
                  <Offer group={group} offer={only} blocked={blocked} onTake={onTake} />
                </>
              ) : (
                <button
                  type="button"
                  className={styles.stepName}
                  onClick={() => {
                    moved.current = { to: 'back' };
                    setPicked(group.name);
                  }}
                  data-testid="hands-on-step-name"
                  data-step={group.name}
                  title={`${words(group.name)}: pick the host, or the value, next`}
                >
                  {words(group.name)} <span aria-hidden="true">▸</span>
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/**
 * A hands-on drill: the trainee's procedure so far, each step judged at once by the invariants
 * (what broke, why, and the documented step that keeps it), and the plan steps that can be taken
 * next, each with the hosts it can act on. Picking one simulates the plan with it; **Finish**
 * opens the debrief.
 */
export function HandsOnPanel() {
  const actor = usePlayer();
  const drill = usePlayerSelector(selectDrill);
  const scenario = usePlayerSelector(selectScenario);
  const run = usePlayerSelector(selectRun);
  const running = usePlayerSelector(selectDrillRunning);
  const hidden = usePlayerSelector(selectInvariantsHidden);
  const id = useId();
  const handsOn = drill?.handsOn;
  const documented = useMemo(() => (scenario ? documentedPlan(scenario) : []), [scenario]);
  const verdicts = useMemo(
    () => (run && handsOn ? stepVerdicts(run, handsOn.steps, documented) : undefined),
    [run, handsOn, documented],
  );
  const groups = useMemo(
    () => (scenario && run && handsOn ? stepsNow(scenario, run) : []),
    [scenario, run, handsOn],
  );
  // Beside the run the panel scrolls inside its box: then a tab stop, so the keyboard can scroll
  // it while its buttons are disabled (a step being simulated).
  const [scrollBox, scrollStop] = useScrollFocus<HTMLElement>();
  // The step just taken, with its verdict, is in view however long the procedure grows.
  const list = useRef<HTMLOListElement>(null);
  const said = useRef<HTMLParagraphElement>(null);
  const taken = useRef(0);
  useEffect(() => {
    const ol = list.current;
    const row = ol?.lastElementChild ?? null;
    const status = said.current;
    // The list ends at its last row; a row taller than the list shows its top instead: the step
    // with its ✗ and the first rule it broke (before, the list's foot, the end of its last one).
    if (ol && row) {
      const rowBox = row.getBoundingClientRect();
      const olBox = ol.getBoundingClientRect();
      ol.scrollTop =
        rowBox.height > olBox.height
          ? ol.scrollTop + (rowBox.top - olBox.top) / zoomOf(ol)
          : ol.scrollHeight;
    }
    // A step just taken: its verdict in view too, at the foot of the panel's box with the list's
    // last rows above it (at its top it went under the sticky heading). Before, the panel
    // stayed at the choices, where the one picked was, and the verdict was never seen. A step
    // that broke more rules than the box shows is shown from its top (the box's scroll padding
    // keeps it under the heading): at its foot, the box showed the middle of its fifth violation.
    const count = verdicts?.steps.length ?? 0;
    if (count > taken.current && status) {
      const box = status.closest('section');
      const heading = box?.querySelector('h2');
      const room =
        (box?.getBoundingClientRect().height ?? Infinity) -
        (heading?.getBoundingClientRect().height ?? 0);
      const needed = row
        ? status.getBoundingClientRect().bottom - row.getBoundingClientRect().top
        : 0;
      if (row && needed > room) row.scrollIntoView?.({ block: 'start' });
      else status.scrollIntoView?.({ block: 'end' });
    }
    taken.current = count;
  }, [verdicts]);
  if (!drill || !handsOn || !scenario || !run || !verdicts) return null;
  const deciding = pendingDecision(run) !== undefined;
  const last = verdicts.steps[verdicts.steps.length - 1];
  const stopped = run.report.outcome !== 'completed';
  const blocked = running || deciding || drill.debrief;

  return (
    <section
      className={`panel ${styles.handsOn}`}
      aria-labelledby={`${id}-title`}
      ref={scrollBox}
      tabIndex={scrollStop}
      data-testid="hands-on"
    >
      {/* One row with Undo and Finish beside the run at 1280×720 ("Hands-on: your procedure"
          took a row of its own, and the steps on offer ran under the panel's fold). */}
      <h2 id={`${id}-title`}>
        Hands-on
        <span className={styles.actions}>
          <button
            type="button"
            disabled={handsOn.steps.length === 0 || running}
            onClick={() => actor.send({ type: 'drill.undo' })}
            data-testid="hands-on-undo"
          >
            Undo last step
          </button>
          <button
            type="button"
            className="primary"
            disabled={running}
            onClick={() => actor.send({ type: 'drill.finish' })}
            data-testid="hands-on-finish"
          >
            Finish
          </button>
        </span>
      </h2>
      <div className={styles.handsOnBody}>
        <div>
          {/* No step yet: the narration says so ("No step taken yet: pick the first step of the
              procedure in the hands-on panel"); the panel said it again. */}
          {verdicts.steps.length === 0 ? null : (
            // The list scrolls and holds no control: it takes the focus, so the keyboard can
            // scroll it.
            <ol ref={list} className={styles.steps} aria-label="Your steps" tabIndex={0}>
              {verdicts.steps.map((verdict) => (
                <VerdictRow key={verdict.index} verdict={verdict} judged={!hidden} />
              ))}
            </ol>
          )}
          {!hidden && verdicts.atEnd.length > 0 ? (
            <div className={styles.atEnd} data-testid="hands-on-at-end">
              {drill.debrief
                ? 'When the procedure ended:'
                : 'If the procedure ended here (checked at the end of a run):'}
              <BrokenRules rules={verdicts.atEnd} />
            </div>
          ) : null}
          <p className={styles.note} role="status" data-testid="hands-on-status" ref={said}>
            {running
              ? 'Simulating the procedure with your step…'
              : deciding
                ? 'Your step reached a decision point: decide it on its card before the next step.'
                : stopped
                  ? `The procedure stopped (${run.report.outcome}): no more steps. Finish for the debrief.`
                  : hidden
                    ? 'Invariants are hidden until the debrief.'
                    : last === undefined
                      ? ''
                      : last.broken.length === 0
                        ? `Your step ${last.index + 1} (${writtenStepWords(itemLabel(last.item))}): every invariant held.`
                        : `Your step ${last.index + 1} (${writtenStepWords(itemLabel(last.item))}) broke ${brokenInvariants(last).join(', ')}.`}
          </p>
        </div>
        {stopped || deciding || drill.debrief ? null : (
          <NextStep
            groups={groups}
            blocked={blocked}
            onTake={(item) => actor.send({ type: 'drill.step', item })}
          />
        )}
      </div>
    </section>
  );
}
