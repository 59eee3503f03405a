import { useState, type FormEvent } from 'react';
import { APPLICABLE_FAULTS, type FaultType } from '../../sim';
import { clock } from '../format';
import { faultReach, type FaultReach } from '../state/faultReach';
import { faultTargets } from '../state/faultTargets';
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

/** Injects a fault at the playhead's virtual time while paused; the run is simulated again. */
export function FaultPanel() {
  const actor = usePlayer();
  const scenario = usePlayerSelector(selectScenario);
  const canInject = usePlayerSelector(selectCanInject);
  const playing = usePlayerSelector(selectPlaying);
  const imported = usePlayerSelector(selectImported);
  const time = usePlayerSelector(selectTime);
  const live = usePlayerSelector(selectLiveFaults);
  const view = usePlayerSelector(selectView);
  const cursor = usePlayerSelector(selectCursor);
  const faults = scenario ? APPLICABLE_FAULTS[scenario.system] : [];
  const targets = scenario ? faultTargets(scenario) : { roles: [], hosts: [] };
  const [fault, setFault] = useState<FaultType | ''>('');
  const [target, setTarget] = useState('');
  const chosenFault = fault !== '' && faults.includes(fault) ? fault : faults[0];
  // Where each target would be struck from this instant: the form offers only those that fire.
  const reachOf = (name: string): FaultReach | undefined =>
    view && chosenFault ? faultReach(view, cursor, time, chosenFault, name) : undefined;
  const fires = (name: string) => reachOf(name)?.fires !== false;
  const offered = [...targets.roles, ...targets.hosts];
  const chosenTarget =
    target !== '' && offered.includes(target) && fires(target)
      ? target
      : (offered.find(fires) ?? targets.roles[0] ?? '');
  const reach = chosenTarget ? reachOf(chosenTarget) : undefined;
  const canFire = reach?.fires !== false;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (chosenFault && chosenTarget && canFire)
      actor.send({ type: 'fault.inject', fault: chosenFault, target: chosenTarget });
  };
  return (
    <section className="panel faults" aria-label="Faults" data-skip="faults">
      <h2>Inject a fault</h2>
      {imported ? (
        <p className="empty">
          An imported report is replayed as recorded: pick or edit a scenario to inject faults.
        </p>
      ) : !scenario ? (
        <p className="empty">No valid scenario.</p>
      ) : (
        <form className="fault-form" onSubmit={submit} data-testid="fault-form">
          <label>
            Fault
            <select
              value={chosenFault}
              onChange={(event) => setFault(event.target.value as FaultType)}
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
          <label>
            On
            <select
              value={chosenTarget}
              onChange={(event) => setTarget(event.target.value)}
              disabled={!canInject}
              name="target"
            >
              <optgroup label="Whoever holds the role then">
                {targets.roles.map((role) => (
                  <option key={role} value={role} disabled={!fires(role)}>
                    {fires(role) ? role : `${role} (cannot fire now)`}
                  </option>
                ))}
              </optgroup>
              <optgroup label="Host">
                {targets.hosts.map((host) => (
                  <option key={host} value={host} disabled={!fires(host)}>
                    {fires(host) ? host : `${host} (cannot fire now)`}
                  </option>
                ))}
              </optgroup>
            </select>
          </label>
          <button type="submit" disabled={!canInject || !canFire} data-testid="inject">
            Inject at {clock(time)}
          </button>
          {reach ? (
            <p
              className={reach.fires ? 'hint' : 'hint hint-refused'}
              data-testid="fault-reach"
              data-fires={reach.fires}
            >
              {reach.fires ? reach.where : reach.why}
            </p>
          ) : null}
          {playing ? <p className="hint">Pause to inject a fault at the current instant.</p> : null}
        </form>
      )}
      {live.length > 0 ? (
        <ul className="live-faults" aria-label="Injected faults">
          {live.map((spec) => (
            <li key={spec.index} data-testid="live-fault">
              <span>
                {spec.fault} on {spec.target} at {'at' in spec.when ? clock(spec.when.at) : '?'}
              </span>
              <button
                type="button"
                disabled={!canInject}
                onClick={() => actor.send({ type: 'fault.remove', index: spec.index })}
                aria-label={`Remove ${spec.fault} on ${spec.target ?? ''}`}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
