import { useCallback, useDeferredValue, useId, useMemo, useState, type FormEvent } from 'react';
import { faultDuration } from '../../../machines/faultTable';
import { APPLICABLE_FAULTS, type FaultSpec, type FaultType } from '../../sim';
import { clock, span } from '../format';
import {
  faultParams,
  PARAM_HINTS,
  precheckKinds,
  readFaultForm,
  type FaultFields,
  type FaultParam,
} from '../state/faultParams';
import { faultHolders, faultReaches, injectionTime, type FaultReach } from '../state/faultReach';
import { faultTargets } from '../state/faultTargets';
import { canWriteFaults, runContinues } from '../state/playerMachine';
import {
  selectCanInject,
  selectCursor,
  selectImported,
  selectLiveFaults,
  selectPlaying,
  selectScenario,
  selectTime,
  selectView,
} from '../state/selectors';
import { usePlayer } from '../state/usePlayer';
import { usePlayerSelector } from '../state/usePlayerSelector';
import { cx } from '../classNames';
import { selectSpoilerFree } from '../state/spoilers';
import styles from './FaultPanel.module.css';
import tabView from './TabView.module.css';
import { wholeNames } from './WholeNames';
import { useScrollBox } from '../hooks/useScrollBox';
import { watchBox } from '../hooks/watchBox';

/**
 * Keeps on `section` (the fault form's box) the height it has with its list of live faults cut to
 * the list's first row, as `--form-floor`: on the stage the box gives way by that list alone
 * (`app.css`), its fields, Inject and the sentence under it whole. Followed as the form and the
 * list change and resize.
 * @returns what stops following
 */
function keepFormFloor(section: HTMLElement): () => void {
  const px = (value: string) => parseFloat(value) || 0;
  const fit = () => {
    const list = section.querySelector<HTMLElement>(':scope > ul');
    if (!list) {
      section.style.removeProperty('--form-floor');
      return;
    }
    // Summed from its children as they lay out (each keeps its own height, `app.css`), never read
    // from the box's own height: that is held at the floor itself, and the list cut below a row
    // made the floor grow again at every change, the form past the window's foot in seconds.
    const style = getComputedStyle(section);
    const children = [...section.children].filter(
      (child): child is HTMLElement =>
        child instanceof HTMLElement && getComputedStyle(child).position !== 'absolute',
    );
    const row = list.firstElementChild instanceof HTMLElement ? list.firstElementChild : null;
    const listStyle = getComputedStyle(list);
    const listAtRow =
      (row?.offsetHeight ?? 0) +
      px(listStyle.paddingTop) +
      px(listStyle.paddingBottom) +
      px(listStyle.borderTopWidth) +
      px(listStyle.borderBottomWidth);
    const floor =
      px(style.borderTopWidth) +
      px(style.paddingTop) +
      px(style.paddingBottom) +
      px(style.borderBottomWidth) +
      px(style.rowGap) * Math.max(0, children.length - 1) +
      children.reduce((sum, child) => {
        const own = getComputedStyle(child);
        const height = child === list ? listAtRow : child.offsetHeight;
        return sum + height + px(own.marginTop) + px(own.marginBottom);
      }, 0);
    const now = `${Math.ceil(floor)}px`;
    if (section.style.getPropertyValue('--form-floor') !== now)
      section.style.setProperty('--form-floor', now);
  };
  fit();
  return watchBox(
    section,
    () => [section, ...section.querySelectorAll(':scope > *, :scope > ul > *')],
    fit,
  );
}

/** A live fault in the list: what, where, when and its parameters. */
function liveText(spec: FaultSpec, holder: string | undefined): string {
  const params = [
    spec.duration === undefined ? '' : `for ${span(spec.duration)}`,
    spec.times === 1 ? '' : `${spec.times} times`,
    spec.sessions === undefined ? '' : `${spec.sessions} sessions`,
    spec.check === undefined ? '' : `check ${spec.check}`,
  ].filter((part) => part !== '');
  const at = 'at' in spec.when ? clock(spec.when.at) : '?';
  // A role is said as the host that held it as the fault was injected: the host it strikes,
  // after the role may have moved (the role chosen is in the entry's title).
  return `${spec.fault} on ${holder ?? spec.target ?? '?'} at ${at}${params.length > 0 ? `, ${params.join(', ')}` : ''}`;
}

/** The title of an injected fault aimed at a role: which role, and who held it. */
function liveTitle(spec: FaultSpec, holder: string | undefined): string | undefined {
  return holder === undefined
    ? undefined
    : `Aimed at ${spec.target ?? '?'}, which ${holder} held as it was injected`;
}

/** One parameter's field: a text field (a duration, a count) or, for `check`, a list. */
function ParamField({
  param,
  value,
  error,
  disabled,
  fallback,
  onChange,
}: {
  readonly param: FaultParam;
  readonly value: string;
  readonly error: string | undefined;
  readonly disabled: boolean;
  /** What an empty field means, in words (`30m`, the scenario's duration for this fault). */
  readonly fallback: string | undefined;
  readonly onChange: (value: string) => void;
}) {
  const errorId = useId();
  return (
    <label className={styles.param} title={PARAM_HINTS[param]}>
      {param}
      {param === 'check' ? (
        <select
          name={param}
          value={value}
          disabled={disabled}
          onChange={(event) => onChange(event.target.value)}
          data-testid={`fault-param-${param}`}
        >
          <option value="">any (the default)</option>
          {precheckKinds().map((kind) => (
            <option key={kind} value={kind}>
              {kind}
            </option>
          ))}
        </select>
      ) : (
        <input
          name={param}
          value={value}
          disabled={disabled}
          placeholder={fallback ?? (param === 'duration' ? 'default' : '1')}
          inputMode={param === 'duration' ? 'text' : 'numeric'}
          aria-invalid={error !== undefined}
          aria-describedby={error === undefined ? undefined : errorId}
          onChange={(event) => onChange(event.target.value)}
          data-testid={`fault-param-${param}`}
        />
      )}
      {error === undefined ? null : (
        <span id={errorId} className={styles.error} role="alert" data-testid="fault-param-error">
          {error}
        </span>
      )}
    </label>
  );
}

const NO_FAULTS: readonly FaultType[] = [];

/** What Write into the scenario does, and why it waits when it does. */
const WRITE_NOW = 'Adds them to faults: in the editor, leaving the rest of the text as it is.';
const WRITE_LATER = 'Once the editor holds the text of the run on screen.';

/**
 * Injects a fault at the playhead's virtual time, paused or playing (playback goes on); the run
 * is simulated again. The form offers the parameters the fault type takes, checked as the
 * scenario parser checks them, and writes the injected faults into the scenario's text.
 */
export function FaultPanel() {
  const actor = usePlayer();
  const scenario = usePlayerSelector(selectScenario);
  const canInject = usePlayerSelector(selectCanInject);
  const playing = usePlayerSelector(selectPlaying);
  const imported = usePlayerSelector(selectImported);
  const live = usePlayerSelector(selectLiveFaults);
  const view = usePlayerSelector(selectView);
  // Where a fault would strike follows the playhead a frame behind: a seek or a tick paints the
  // stage first (the button reads the playhead itself when pressed).
  const now = usePlayerSelector(selectTime);
  const at = usePlayerSelector(selectCursor);
  const playhead = useDeferredValue(now);
  const cursor = useDeferredValue(at);
  // The reaches are of the playhead as it is, not a frame behind.
  const current = playhead === now && cursor === at;
  // A fault strikes at the playhead's next whole second (see injectionTime).
  const time = injectionTime(playhead, view?.times[cursor]);
  const canWrite = usePlayerSelector((s) => canWriteFaults(s.context));
  const continues = usePlayerSelector((s) => runContinues(s.context));
  const spoilerFree = usePlayerSelector(selectSpoilerFree);
  const holders = useMemo(() => (view ? faultHolders(view) : new Map<number, string>()), [view]);
  const faults = scenario ? APPLICABLE_FAULTS[scenario.system] : NO_FAULTS;
  const targets = useMemo(
    () => (scenario ? faultTargets(scenario) : { roles: [], hosts: [] }),
    [scenario],
  );
  const [fault, setFault] = useState<FaultType | ''>('');
  const [target, setTarget] = useState<{
    name: string;
    for: FaultType | undefined;
    in?: typeof scenario;
  }>({
    name: '',
    for: undefined,
  });
  const [fields, setFields] = useState<FaultFields>({});
  const [errors, setErrors] = useState<Partial<Record<FaultParam, string>>>({});
  const writeHint = useId();
  const reachId = useId();
  // Past a few faults the list scrolls inside itself on the stage: then the keyboard can reach
  // it, and it ends on a whole row.
  const [liveBox, liveStop] = useScrollBox<HTMLUListElement>();
  const formBox = useCallback((section: HTMLElement | null) => {
    if (!section) return undefined;
    return keepFormFloor(section);
  }, []);
  const chosenFault: FaultType | undefined = faults.find((type) => type === fault) ?? faults[0];
  // Where each target would be struck from this instant: the form offers only those that fire.
  const offered = useMemo(() => [...targets.roles, ...targets.hosts], [targets]);
  // Every target's at once: the hosts at the instant and the steps ahead are read once.
  const reaches = useMemo(
    () =>
      view && chosenFault
        ? faultReaches(view, cursor, time, chosenFault, offered, { continues, spoilerFree })
        : undefined,
    [view, cursor, time, chosenFault, offered, continues, spoilerFree],
  );
  const reachOf = (name: string): FaultReach | undefined => reaches?.get(name);
  const fires = (name: string) => reachOf(name)?.fires !== false;
  // The target is chosen where the fault fires when the form opens and when another fault is
  // picked (the one before kept if the new fault fires there too); after that it stays until
  // the trainer picks another, firing or not, and Inject says why it cannot. A target that
  // stopped firing as the run played was swapped for another in the select, and Inject crashed
  // a host nobody chose.
  // Another scenario (opened as a run, picked, edited) is another choice: before, a Primary
  // chosen in the last one stayed chosen, disabled and red, where the Backup could fire.
  const settled =
    target.for === chosenFault && target.in === scenario && offered.includes(target.name);
  const chosenTarget = settled
    ? target.name
    : offered.includes(target.name) && fires(target.name)
      ? target.name
      : (offered.find(fires) ?? targets.roles[0] ?? '');
  // Kept from this render on: state adjusted while rendering, as React's docs show for what
  // depends on an earlier render (no effect, no render of the old target first).
  // Settled on reaches of the playhead as it is: a frame behind, a scenario opened at its
  // violation was judged at its start, where the target it kept could still fire.
  if (!settled && current && chosenFault && offered.includes(chosenTarget))
    setTarget({ name: chosenTarget, for: chosenFault, in: scenario });
  const reach = chosenTarget ? reachOf(chosenTarget) : undefined;
  const canFire = reach?.fires !== false;
  // Refused only because the run ends first: said plainly, not as an error (nothing was done
  // wrong); the target is not marked invalid, and Inject names no time past the end.
  const ended = reach?.fires === false && reach.ended === true;
  const params = chosenFault ? faultParams(chosenFault) : [];
  // An empty duration is the scenario's for this fault (a crash lasts `host-recovery`…): said in
  // the field, where it was only "default". None where it depends on the step it strikes.
  const lasts =
    chosenFault && scenario ? faultDuration(chosenFault, scenario.durations) : undefined;
  const defaultDuration = lasts === undefined || lasts <= 0 ? undefined : span(lasts);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!scenario || !chosenFault || !chosenTarget || !canFire) return;
    // The time the fault strikes is the playhead's as the button is pressed, playing or not.
    const { context } = actor.getSnapshot();
    const at = injectionTime(context.time, context.view?.times[context.cursor]);
    const read = readFaultForm(scenario, live, chosenFault, chosenTarget, at, fields);
    if ('errors' in read) {
      setErrors(read.errors);
      return;
    }
    setErrors({});
    const { duration, times, sessions, check } = read.spec;
    actor.send({
      type: 'fault.inject',
      fault: chosenFault,
      target: chosenTarget,
      params: {
        ...(duration === undefined ? {} : { duration }),
        ...(times === 1 ? {} : { times }),
        ...(sessions === undefined ? {} : { sessions }),
        ...(check === undefined ? {} : { check }),
      },
    });
  };
  const setField = (param: FaultParam, value: string) => {
    setFields((now) => ({ ...now, [param]: value }));
    setErrors((now) => {
      const { [param]: _fixed, ...rest } = now;
      return rest;
    });
  };
  return (
    <section className="panel faults" aria-label="Faults" ref={formBox}>
      {/* The faults injected so far and the button that writes them into the scenario come first,
          above the form: in view on a 720p screen, where the form's foot is the first to go. */}
      <div className="panel-head">
        <h2>Inject a fault</h2>
        {live.length > 0 ? (
          <button
            type="button"
            className={styles.writeButton}
            disabled={!canWrite}
            onClick={() => actor.send({ type: 'fault.write' })}
            aria-describedby={writeHint}
            data-testid="fault-write"
            title={
              canWrite
                ? "Add the injected faults to the scenario's faults: (when: { at: … }, with their parameters); the run stays the same"
                : WRITE_LATER
            }
          >
            Write into the scenario
          </button>
        ) : null}
      </div>
      {live.length > 0 ? (
        <>
          <ul
            className={styles.live}
            aria-label="Injected faults"
            ref={liveBox}
            tabIndex={liveStop}
          >
            {live.map((spec) => (
              <li key={spec.index} data-testid="live-fault">
                <span title={liveTitle(spec, holders.get(spec.index))}>
                  {liveText(spec, holders.get(spec.index))}
                </span>
                <button
                  type="button"
                  className={styles.remove}
                  disabled={!canInject}
                  onClick={() => actor.send({ type: 'fault.remove', index: spec.index })}
                  aria-label={`Remove ${spec.fault} on ${spec.target ?? ''}`}
                  title="Remove this fault"
                >
                  <span aria-hidden="true">✕</span>
                </button>
              </li>
            ))}
          </ul>
          <span id={writeHint} className="visually-hidden">
            {canWrite ? WRITE_NOW : WRITE_LATER}
          </span>
        </>
      ) : null}
      {imported ? (
        <p className="empty">
          An imported report is replayed as recorded: pick or edit a scenario to inject faults.
        </p>
      ) : !scenario ? (
        <p className="empty">No valid scenario.</p>
      ) : (
        <form
          className={styles.form}
          onSubmit={submit}
          data-testid="fault-form"
          data-skip="faults"
          noValidate
        >
          <label>
            Fault
            <select
              value={chosenFault}
              onChange={(event) => {
                setFault(event.target.value as FaultType);
                setErrors({});
              }}
              disabled={!canInject}
              name="fault"
            >
              {faults.map((type) => (
                <option key={type} value={type}>
                  {type}
                </option>
              ))}
            </select>
          </label>
          <label className={styles.target}>
            On
            {/* A target where the fault cannot fire now is a disabled option, greyed in the
                list, under its plain name: the reason is under Inject, in full. Its name said
                "(cannot fire now)" too, which a projector's narrow select cut to "primary
                (cann…" once chosen. */}
            <select
              value={chosenTarget}
              onChange={(event) =>
                setTarget({ name: event.target.value, for: chosenFault, in: scenario })
              }
              disabled={!canInject}
              name="target"
              aria-invalid={!canFire && !ended}
              aria-describedby={reach ? reachId : undefined}
            >
              <optgroup label="Whoever holds the role now">
                {targets.roles.map((role) => (
                  <option key={role} value={role} disabled={!fires(role)}>
                    {role}
                  </option>
                ))}
              </optgroup>
              <optgroup label="Host">
                {targets.hosts.map((host) => (
                  <option key={host} value={host} disabled={!fires(host)}>
                    {host}
                  </option>
                ))}
              </optgroup>
            </select>
          </label>
          {params.map((param) => (
            <ParamField
              key={param}
              param={param}
              value={fields[param] ?? ''}
              error={errors[param]}
              disabled={!canInject}
              fallback={param === 'duration' ? defaultDuration : undefined}
              onChange={(value) => setField(param, value)}
            />
          ))}
          <button
            type="submit"
            className={styles.inject}
            disabled={!canInject || !canFire}
            data-testid="inject"
            // Said in the button's tooltip, not in a note under it: a note there only while the
            // run played moved the column at each play and pause (the step's card shrank to two
            // lines of narration at 1280×720).
            title={
              playing
                ? "The fault strikes at the playhead's time as you press Inject, and playback goes on"
                : undefined
            }
          >
            {/* Playing, the fault strikes where the playhead is as the button is pressed: a
                time on it trailed the clock (2:22:30 beside 2:22:46 at 1000×). */}
            {ended ? 'Inject' : playing ? 'Inject now' : `Inject at ${clock(time)}`}
          </button>
          {reach ? (
            <p
              id={reachId}
              className={reach.fires || ended ? tabView.hint : cx(tabView.hint, tabView.refused)}
              data-testid="fault-reach"
              data-fires={reach.fires}
              data-ended={ended ? 'true' : undefined}
            >
              {wholeNames(reach.fires ? reach.where : reach.why)}
            </p>
          ) : null}
        </form>
      )}
    </section>
  );
}
