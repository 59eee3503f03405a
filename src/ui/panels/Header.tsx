import { useRef, useState, type ChangeEvent, type ReactNode } from 'react';
import { decodeText, LIMITS, runImpact } from '../../sim';
import { download, fileStem } from '../export/download';
import { impactMarkdown } from '../export/impactMarkdown';
import { faultHolders } from '../state/faultReach';
import { groupBuiltins } from '../state/builtins';
import { textWithLiveFaults } from '../state/liveText';
import { shareHash } from '../state/persistence';
import { shareLink } from '../state/shareLink';
import {
  selectBuiltinId,
  selectBuiltins,
  selectEdited,
  selectImported,
  selectImportedFile,
  selectLiveFaults,
  selectRun,
  selectScenario,
  selectSource,
  selectSourceFile,
} from '../state/selectors';
import { SPOILER_FREE_NAME, selectHiddenText, selectSpoilerFree } from '../state/spoilers';
import { usePlayer } from '../state/usePlayer';
import { usePlayerSelector } from '../state/usePlayerSelector';
import styles from './Header.module.css';

interface HeaderProps {
  readonly presenter: boolean;
  readonly onPresenter: () => void;
  readonly onHelp: () => void;
  /** Beside the picker (presenter mode: the scenario's line, on the picker's row). */
  readonly children?: ReactNode;
}

/** Bytes in MiB, to a whole number past 10 (`51`), else to one decimal (`1.5`). Pure. */
function mebibytes(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  return mib >= 10 ? String(Math.round(mib)) : String(Math.round(mib * 10) / 10);
}

/** The scenario picker and the app's actions: share, export, import, presenter mode, help. */
export function Header({ presenter, onPresenter, onHelp, children }: HeaderProps) {
  const actor = usePlayer();
  const builtins = usePlayerSelector(selectBuiltins);
  const builtin = usePlayerSelector(selectBuiltinId);
  const edited = usePlayerSelector(selectEdited);
  const run = usePlayerSelector(selectRun);
  const scenario = usePlayerSelector(selectScenario);
  const imported = usePlayerSelector(selectImported);
  const importedFile = usePlayerSelector(selectImportedFile);
  const source = usePlayerSelector(selectSource);
  const file = usePlayerSelector(selectSourceFile);
  const live = usePlayerSelector(selectLiveFaults);
  const spoilerFree = usePlayerSelector(selectSpoilerFree);
  const endHidden = usePlayerSelector(selectHiddenText);
  const fileInput = useRef<HTMLInputElement>(null);
  const current = imported ? '' : builtin !== undefined && !edited ? builtin : '';
  const [query, setQuery] = useState('');
  const searching = query.trim() !== '';
  const groups = groupBuiltins(builtins, query);
  const matches = groups.flatMap(([, items]) => items);
  // A scenario the search hides is not selected in the list: the first line says why.
  const shown = matches.some((item) => item.id === current) ? current : '';
  // The built-in on screen, in spoiler-free mode: named and placed in the picker as no other is.
  const hidden = spoilerFree ? matches.find((item) => item.id === shown) : undefined;
  const pick = (id: string) => actor.send({ type: 'scenario.select', id });

  const share = () => {
    // Live faults ride along in `faults:`, so the link opens the run on screen, not the plan.
    const text = textWithLiveFaults(source, file, scenario, live);
    // The playhead rides along too: the link opens the run where the class is.
    const at = actor.getSnapshot().context.time;
    const hash = shareHash(text, undefined, { spoilerFree, at });
    const what =
      live.length > 0
        ? `this run (the scenario with its ${live.length} injected fault${live.length === 1 ? '' : 's'} in faults:)`
        : 'this scenario';
    // A link no browser opens is not given: the scenario travels as a file instead.
    shareLink((event) => actor.send(event), hash, {
      instead: `Send ${what} as a file instead: save the editor's text${live.length > 0 ? ' (with Write into the scenario first, for the injected faults)' : ''} as a .yaml file, which \`rehearse ui FILE\` opens.`,
      copied: `A link to ${what} was copied to the clipboard (it is in the address bar too).`,
      inAddressBar: `The link to ${what} is in the address bar: copy it from there.`,
    });
  };
  const exportJson = () => {
    if (run)
      download(
        `${fileStem(run.report.scenario)}.report.json`,
        `${JSON.stringify(run.report, null, 2)}\n`,
        'application/json',
      );
  };
  const exportMarkdown = () => {
    if (!run || !scenario) return;
    const { view } = actor.getSnapshot().context;
    try {
      download(
        `${fileStem(scenario.name)}.impact.md`,
        // The scenario the run on screen was simulated from: its live faults and choices included.
        impactMarkdown(runImpact(run), run, view ? faultHolders(view) : undefined),
        'text/markdown',
      );
    } catch (error) {
      actor.send({
        type: 'notice.add',
        tone: 'error',
        text: `Could not build the impact report: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
  };
  const importFile = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    // Read, parsed and checked on the page's thread: a 51 MB report held it still for 13 s. The
    // bound is the one a scenario file has (the reports the debugger exports are far smaller:
    // 0.3 MB for the 20-host Cluster).
    if (file.size > LIMITS.fileSize) {
      actor.send({
        type: 'notice.add',
        tone: 'error',
        text: `Not imported: ${file.name} is ${mebibytes(file.size)} MiB: the debugger imports reports of up to ${mebibytes(LIMITS.fileSize)} MiB, as the command line reads scenario files. rehearse run --html writes a report page of a larger run.`,
      });
      return;
    }
    // Decoded as the command line reads a file: bytes that are not UTF-8 are refused, not read
    // with replacement characters.
    file.arrayBuffer().then(
      (bytes) => {
        const decoded = decodeText(bytes);
        if ('text' in decoded)
          actor.send({ type: 'run.import', text: decoded.text, name: file.name });
        else
          actor.send({
            type: 'notice.add',
            tone: 'error',
            text: `Not imported: ${file.name}: ${decoded.refusal}.`,
          });
      },
      (error: unknown) =>
        actor.send({
          type: 'notice.add',
          tone: 'error',
          text: `Could not read ${file.name}: ${error instanceof Error ? error.message : String(error)}`,
        }),
    );
  };
  return (
    <header className={styles.header}>
      <h1>
        Rehearse <span className="muted">upgrade debugger</span>
      </h1>
      <div className={styles.picker}>
        <label className={styles.pickerChoice}>
          <span>Scenario</span>
          <select
            value={shown}
            onChange={(event) => {
              if (event.target.value !== '') pick(event.target.value);
              // Hand the keyboard back to the shortcuts (Space = play).
              event.target.blur();
            }}
            data-testid="scenario-picker"
          >
            <option value="" disabled>
              {searching
                ? matches.length === 0
                  ? `No scenario matches “${query.trim()}”`
                  : `${matches.length} of ${builtins.length} match “${query.trim()}”`
                : imported
                  ? 'Imported report'
                  : builtins.length === 0
                    ? 'No built-in scenarios'
                    : edited
                      ? 'Edited scenario'
                      : 'Pick a scenario…'}
            </option>
            {/* Spoiler-free, the scenario on screen is not told: its name may be the mistake the
                class is to spot ("Must fail: … upgraded first"), and so may its group ("Mistakes
                the checks catch") and its place among its neighbours: it stands alone, above
                the groups, which leave it out. */}
            {hidden ? <option value={hidden.id}>{SPOILER_FREE_NAME}</option> : null}
            {groups.flatMap(([label, items]) => {
              const listed = hidden ? items.filter((item) => item.id !== hidden.id) : items;
              return listed.length === 0
                ? []
                : [
                    <optgroup key={label} label={label}>
                      {listed.map((item) => (
                        <option
                          key={item.id}
                          value={item.id}
                          data-system={item.system}
                          data-topology={item.topology}
                        >
                          {item.name}
                          {item.error ? ' (invalid)' : ''}
                        </option>
                      ))}
                    </optgroup>,
                  ];
            })}
          </select>
        </label>
        <input
          type="search"
          className={styles.pickerSearch}
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          onKeyDown={(event) => {
            // Enter opens the only match; Escape clears the search.
            if (event.key === 'Enter' && matches.length === 1 && matches[0]) {
              event.preventDefault();
              pick(matches[0].id);
              setQuery('');
            } else if (event.key === 'Escape' && query !== '') {
              event.preventDefault();
              setQuery('');
            }
          }}
          placeholder="Find a scenario"
          aria-label="Find a scenario by name, file or system"
          title="Type words from a scenario's name, file or system; Enter opens the only match"
          data-testid="scenario-search"
        />
      </div>
      {children}
      {importedFile ? (
        <label className={styles.picker}>
          <span>Run in the file</span>
          <select
            value={importedFile.picked}
            onChange={(event) => {
              actor.send({
                type: 'run.import',
                text: importedFile.text,
                ...(importedFile.name === undefined ? {} : { name: importedFile.name }),
                pick: Number(event.target.value),
              });
              event.target.blur();
            }}
            data-testid="import-pick"
          >
            {importedFile.choices.map((label, index) => (
              <option key={index} value={index}>
                {label}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <div className={styles.actions}>
        <button
          type="button"
          onClick={share}
          disabled={source.trim() === ''}
          title="Put this scenario, with its injected faults, in a link"
          data-testid="share"
        >
          Share link
        </button>
        <button
          type="button"
          onClick={exportJson}
          disabled={!run || endHidden !== undefined}
          title={endHidden ?? "Download the run's JSON report"}
          data-testid="export-json"
        >
          Export JSON
        </button>
        <button
          type="button"
          onClick={exportMarkdown}
          disabled={!run || !scenario || imported || endHidden !== undefined}
          title={endHidden ?? 'Download the impact report as Markdown'}
          data-testid="export-markdown"
        >
          Impact report
        </button>
        <button
          type="button"
          onClick={() => fileInput.current?.click()}
          title="Replay a JSON report read-only: the app's export, or what rehearse run --json or --reporter json prints"
        >
          Import JSON
        </button>
        <input
          ref={fileInput}
          type="file"
          accept=".json,application/json"
          hidden
          onChange={importFile}
          data-testid="import-file"
        />
        <button
          type="button"
          onClick={onPresenter}
          aria-pressed={presenter}
          title="Large type for projectors (P)"
          data-testid="presenter"
        >
          Presenter
        </button>
        <button
          type="button"
          onClick={onHelp}
          title="Keyboard shortcuts (?)"
          aria-label="Keyboard shortcuts"
        >
          ?
        </button>
      </div>
    </header>
  );
}
