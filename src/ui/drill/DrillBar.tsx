import { download, fileStem } from '../export/download';
import { shareHash } from '../state/persistence';
import { selectImported, selectLiveFaults, selectScenario, selectView } from '../state/selectors';
import { usePlayer } from '../state/usePlayer';
import { usePlayerSelector } from '../state/usePlayerSelector';
import { differingChoices, drillYaml } from './drillLogic';
import { selectDrill } from './drillSelectors';
import styles from './Drill.module.css';

/**
 * The drill switch and the trainer's options: hide the faults ahead and the invariants until
 * the debrief; open the debrief; share or export the drill as a scenario with its `decisions:`.
 */
export function DrillBar() {
  const actor = usePlayer();
  const drill = usePlayerSelector(selectDrill);
  const scenario = usePlayerSelector(selectScenario);
  const live = usePlayerSelector(selectLiveFaults);
  const imported = usePlayerSelector(selectImported);
  const view = usePlayerSelector(selectView);
  const canDrill = view !== undefined && !imported && scenario !== undefined;
  const yaml = () => (scenario && drill ? drillYaml(scenario, live, drill.choices) : undefined);

  const share = () => {
    const text = yaml();
    if (text === undefined) return;
    // The history entry keeps its state: Back still undoes the last replacement.
    window.history.replaceState(window.history.state, '', shareHash(text));
    const url = window.location.href;
    const done = (copied: boolean) =>
      actor.send({
        type: 'notice.add',
        tone: 'info',
        text: copied
          ? 'A link to this drill (the scenario with its choices in decisions:) was copied to the clipboard.'
          : 'The link to this drill is in the address bar: copy it from there.',
      });
    if (navigator.clipboard)
      navigator.clipboard.writeText(url).then(
        () => done(true),
        () => done(false),
      );
    else done(false);
  };
  const exportFile = () => {
    const text = yaml();
    if (text !== undefined && scenario)
      download(`${fileStem(scenario.name)}.drill.yaml`, text, 'application/yaml');
  };

  return (
    <section className={styles.bar} aria-label="Drill" data-testid="drill-bar">
      <label className={styles.switch}>
        <input
          type="checkbox"
          role="switch"
          checked={drill !== undefined}
          disabled={!canDrill && drill === undefined}
          onChange={(event) =>
            actor.send({ type: event.target.checked ? 'drill.start' : 'drill.stop' })
          }
          data-testid="drill-switch"
        />
        Drill
      </label>
      {drill ? (
        <>
          <span className={styles.note} data-testid="drill-status">
            {drill.choices.length === 0
              ? 'Playback stops at each decision point.'
              : `${drill.choices.length} choice${drill.choices.length === 1 ? '' : 's'} made, ${differingChoices(drill.choices).length} unlike the procedure's`}
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
            <button
              type="button"
              aria-pressed={drill.debrief}
              onClick={() => actor.send({ type: 'drill.debrief', open: !drill.debrief })}
              data-testid="drill-debrief"
            >
              Debrief
            </button>
            <button type="button" onClick={share} title="Put the drill in a link">
              Share drill
            </button>
            <button
              type="button"
              onClick={exportFile}
              title="Download the scenario with the choices in decisions:"
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
