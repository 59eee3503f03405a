import { download, fileStem } from '../export/download';
import { shareHash } from '../state/persistence';
import { shareLink } from '../state/shareLink';
import { selectImported, selectLiveFaults, selectScenario, selectView } from '../state/selectors';
import { selectSpoilerFree } from '../state/spoilers';
import { usePlayer } from '../state/usePlayer';
import { usePlayerSelector } from '../state/usePlayerSelector';
import { differingChoices, drillYaml, type Drill } from './drillLogic';
import { handsOnYaml } from './handsOnLogic';
import { selectDrill } from './drillSelectors';
import styles from './Drill.module.css';

/** What the drill bar says about the drill so far. */
function status(drill: Drill): string {
  const choices = `${drill.choices.length} choice${drill.choices.length === 1 ? '' : 's'} made, ${differingChoices(drill.choices).length} unlike the procedure's`;
  if (drill.handsOn) {
    const steps = drill.handsOn.steps.length;
    return `${steps} step${steps === 1 ? '' : 's'} taken${drill.choices.length > 0 ? `; ${choices}` : ''}.`;
  }
  return drill.choices.length === 0 ? 'Playback stops at each decision point.' : choices;
}

interface DrillBarProps {
  /** Whether events are announced as the playhead reaches them (see `Announcer`). */
  readonly announce: boolean;
  readonly onAnnounce: (on: boolean) => void;
}

/**
 * Whether to announce events as they happen, then the drill switches and the trainer's options: a drill of the decisions, or hands-on (the
 * trainee takes every step); hide the faults ahead and the invariants until the debrief; open
 * the debrief; share (the link reopens the drill) or export the drill as a scenario file with
 * its `decisions:` and, hands-on, its `plan:`.
 */
export function DrillBar({ announce, onAnnounce }: DrillBarProps) {
  const actor = usePlayer();
  const drill = usePlayerSelector(selectDrill);
  const scenario = usePlayerSelector(selectScenario);
  const live = usePlayerSelector(selectLiveFaults);
  const imported = usePlayerSelector(selectImported);
  const view = usePlayerSelector(selectView);
  const spoilerFree = usePlayerSelector(selectSpoilerFree);
  const canDrill = view !== undefined && !imported && scenario !== undefined;
  const yaml = () => {
    if (!scenario || !drill) return undefined;
    return drill.handsOn
      ? handsOnYaml(scenario, live, drill.choices, drill.handsOn.plan)
      : drillYaml(scenario, live, drill.choices);
  };

  const share = () => {
    const text = yaml();
    if (text === undefined || !drill) return;
    const { hideFaults, hideInvariants } = drill;
    const link = { handsOn: drill.handsOn !== undefined, hideFaults, hideInvariants };
    const hash = shareHash(text, link, { spoilerFree });
    // A link no browser opens is not given: the drill travels as a file instead.
    shareLink((event) => actor.send(event), hash, {
      instead: 'Send the drill as a file instead: Export drill downloads it.',
      copied: `A link to this drill (the scenario with its choices in decisions:${drill.handsOn ? ' and its steps in plan:' : ''}) was copied to the clipboard: it opens in ${drill.handsOn ? 'a hands-on drill' : 'drill mode'}.`,
      inAddressBar: 'The link to this drill is in the address bar: copy it from there.',
    });
  };
  const exportFile = () => {
    const text = yaml();
    if (text !== undefined && scenario)
      download(
        `${fileStem(scenario.name)}.${drill?.handsOn ? 'hands-on' : 'drill'}.yaml`,
        text,
        'application/yaml',
      );
  };
  const switchTo = (handsOn: boolean, on: boolean) => {
    if (drill) actor.send({ type: 'drill.stop' });
    if (on) actor.send({ type: 'drill.start', handsOn });
  };

  return (
    <section className={styles.bar} aria-label="Drill" data-testid="drill-bar">
      <label title="Violations, faults, failovers, decisions and missed expectations, as the playhead reaches them">
        <input
          type="checkbox"
          role="switch"
          checked={announce}
          onChange={(event) => onAnnounce(event.target.checked)}
          data-testid="announce-switch"
        />
        Announce events
      </label>
      <label title="Show only what the playhead has reached: no future timeline, no violation before its moment, no findings or totals before the end. Kept in shared links.">
        <input
          type="checkbox"
          role="switch"
          checked={spoilerFree}
          onChange={(event) => actor.send({ type: 'spoilers.set', on: event.target.checked })}
          data-testid="spoiler-switch"
        />
        Spoiler-free
      </label>
      <label className={styles.switch}>
        <input
          type="checkbox"
          role="switch"
          checked={drill !== undefined && drill.handsOn === undefined}
          disabled={!canDrill && drill === undefined}
          onChange={(event) => switchTo(false, event.target.checked)}
          data-testid="drill-switch"
        />
        Drill
      </label>
      <label className={styles.switch} title="The trainee takes every step of the procedure">
        <input
          type="checkbox"
          role="switch"
          checked={drill?.handsOn !== undefined}
          disabled={!canDrill && drill === undefined}
          onChange={(event) => switchTo(true, event.target.checked)}
          data-testid="hands-on-switch"
        />
        Hands-on
      </label>
      {drill ? (
        <>
          <span className={styles.note} data-testid="drill-status">
            {status(drill)}
          </span>
          <label>
            <input
              type="checkbox"
              checked={drill.hideFaults}
              onChange={(event) =>
                actor.send({ type: 'drill.configure', hideFaults: event.target.checked })
              }
              data-testid="drill-hide-faults"
            />
            Hide upcoming faults
          </label>
          <label>
            <input
              type="checkbox"
              checked={drill.hideInvariants}
              onChange={(event) =>
                actor.send({ type: 'drill.configure', hideInvariants: event.target.checked })
              }
              data-testid="drill-hide-invariants"
            />
            Hide invariants until the debrief
          </label>
          <span className={styles.actions}>
            {/* Says what a press does: the debrief opens by itself at the run's end, and a
                button still reading "Debrief" then closed it (a toggle's pressed state is not
                seen on a projector). */}
            <button
              type="button"
              onClick={() => actor.send({ type: 'drill.debrief', open: !drill.debrief })}
              data-testid="drill-debrief"
            >
              {drill.debrief ? 'Close debrief' : 'Debrief'}
            </button>
            <button
              type="button"
              className={styles.file}
              onClick={share}
              title="Put the drill in a link"
            >
              Share drill
            </button>
            <button
              type="button"
              className={styles.file}
              onClick={exportFile}
              title={
                drill.handsOn
                  ? 'Download the scenario with the steps in plan: and the choices in decisions:'
                  : 'Download the scenario with the choices in decisions:'
              }
              data-testid="drill-export"
            >
              Export drill
            </button>
          </span>
        </>
      ) : null}
    </section>
  );
}
