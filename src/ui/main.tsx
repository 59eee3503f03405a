import './warmStart';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createActor } from 'xstate';
import { App } from './App';
import './app.css';
import { timelineStyleSheet } from './panels/timelineColours';
import { loadBuiltins } from './state/builtinList';
import {
  browserStorage,
  linkNotice,
  linkSettingNotice,
  linkPlayhead,
  markRunEnded,
  markRunStarted,
  readDrafts,
  readDrill,
  readPlayhead,
  readSettings,
  readShareHash,
  readStoredFaults,
  readStoredSource,
  runNeverEnded,
} from './state/persistence';
import { PlayerContext } from './state/PlayerContext';
import { playerMachine } from './state/playerMachine';
import { readServed, servedReaction } from './state/served';

// The colours of lifecycle states, markers and the playhead, from their one table.
const colours = document.createElement('style');
colours.textContent = timelineStyleSheet();
document.head.append(colours);

const container = document.getElementById('root');
if (!container) throw new Error('Rehearse: missing #root element in index.html');

const storage = browserStorage();
const notices: string[] = [];

const shared = readShareHash(window.location.hash);
if (shared && 'error' in shared) notices.push(linkNotice(shared.error));
else if (shared) notices.push(...(shared.warnings ?? []).map(linkSettingNotice));
const stored = readStoredSource(storage);
if (stored && 'error' in stored) notices.push(stored.error);
const drafts = readDrafts(storage);
if ('error' in drafts) notices.push(drafts.error);
// The faults injected by hand before the reload: injected again with the run of their text.
const faults = readStoredFaults(storage);
if ('error' in faults) notices.push(faults.error);
const restore = 'stored' in faults ? faults.stored : undefined;
// A link that says where its playhead stood opens the run there, else a reload's playhead.
const resume =
  shared && 'text' in shared && shared.at !== undefined
    ? linkPlayhead(shared.text, shared.at)
    : readPlayhead(storage);
const drill = readDrill(storage);
const initial = stored && 'source' in stored ? stored.source : undefined;
if (stored && 'stale' in stored && stored.stale) {
  notices.push(
    `Storage was full: the text you had open on ${new Date(stored.stale.at).toLocaleString()} (${stored.stale.chars.toLocaleString()} characters) could not be saved; the editor shows the text saved before it, which is older.`,
  );
}
// A drill link reopens its drill once its run is on screen.
const open =
  shared && 'text' in shared
    ? {
        text: shared.text,
        file: 'shared-link.yaml',
        ...(shared.drill ? { drill: shared.drill } : {}),
      }
    : undefined;
// The text the app would simulate first: a run of it that never ended is not started again.
const first = open?.text ?? initial?.text;
const hold = first !== undefined && runNeverEnded(storage, first);

const player = createActor(
  playerMachine.provide({
    actions: {
      markRunStarted: ({ context }) => {
        if (context.pendingRun)
          markRunStarted(storage, context.source, context.pendingRun.request.id);
      },
      markRunEnded: ({ context }) => {
        const id = context.pendingRun?.request.id;
        if (id === undefined) return;
        // Only once the run is on screen: a page that froze drawing it must not draw it again.
        requestAnimationFrame(() => setTimeout(() => markRunEnded(storage, id), 0));
      },
    },
  }),
  {
    input: {
      builtins: loadBuiltins(),
      ...(initial ? { initial } : {}),
      ...(open ? { open } : {}),
      drafts: drafts.drafts,
      ...(restore ? { restore } : {}),
      // The playhead of the starting text's run as the page was left (a reload): resumed there.
      ...(resume ? { resume } : {}),
      // And the drill on screen then, with the trainee's choices and steps.
      ...(drill ? { resumeDrill: drill } : {}),
      hold,
      // A link asks for spoiler-free mode; else the setting the trainer left it in.
      spoilerFree:
        (shared !== undefined && 'text' in shared && shared.spoilerFree === true) ||
        readSettings(storage).spoilerFree === true,
      notices,
    },
  },
);
player.start();

// A link pasted into the address bar of an open app loads like a fresh one, asking first when
// the editor holds unsaved text.
window.addEventListener('hashchange', () => {
  const next = readShareHash(window.location.hash);
  if (!next) return;
  if ('error' in next) {
    player.send({
      type: 'notice.add',
      tone: 'error',
      text: linkNotice(next.error),
    });
  } else {
    // The text on screen already, with nothing else to apply: the run shown is the link's.
    const settings =
      next.at !== undefined ||
      next.drill !== undefined ||
      next.spoilerFree === true ||
      (next.warnings?.length ?? 0) > 0;
    if (next.text === player.getSnapshot().context.source && !settings) return;
    for (const warning of next.warnings ?? [])
      player.send({ type: 'notice.add', tone: 'error', text: linkSettingNotice(warning) });
    if (next.spoilerFree) player.send({ type: 'spoilers.set', on: true });
    player.send({
      type: 'scenario.load',
      text: next.text,
      file: 'shared-link.yaml',
      ...(next.drill ? { drill: next.drill } : {}),
      ...(next.at === undefined ? {} : { at: next.at }),
    });
  }
});

// Served by `rehearse ui`: the user's own files join the picker, and a saved file reloads.
const served = document.querySelector<HTMLMetaElement>('meta[name="rehearse-served"]');
if (served) {
  const apply = (json: string, first: boolean) => {
    try {
      const files = readServed(json);
      const { context } = player.getSnapshot();
      const reaction = servedReaction(
        {
          builtin: context.builtin,
          edited: context.edited,
          dirty: context.dirty,
          drilling: context.drill !== undefined,
        },
        context.builtins,
        files,
        first,
      );
      player.send({ type: 'served.update', served: files });
      if (reaction.select !== undefined)
        player.send({ type: 'scenario.select', id: reaction.select });
      if (reaction.notice !== undefined)
        player.send({ type: 'notice.add', tone: 'info', text: reaction.notice });
    } catch (error) {
      player.send({
        type: 'notice.add',
        tone: 'error',
        text: `Your files could not be read from rehearse ui (${error instanceof Error ? error.message : String(error)}).`,
      });
    }
  };
  fetch(served.content)
    .then((response) => response.text())
    .then((json) => {
      apply(json, true);
      const events = new EventSource('events');
      events.addEventListener('scenarios', (event) =>
        apply((event as MessageEvent<string>).data, false),
      );
    })
    .catch(() =>
      player.send({
        type: 'notice.add',
        tone: 'error',
        text: 'Your files could not be fetched from rehearse ui: is it still running?',
      }),
    );
}

createRoot(container, {
  // Panels catch their own errors and show them; a warning is enough in the console.
  onCaughtError: (error) => console.warn('Rehearse: a panel failed', error),
}).render(
  <StrictMode>
    <PlayerContext value={player}>
      <App storage={storage} presenter={readSettings(storage).presenter === true} />
    </PlayerContext>
  </StrictMode>,
);
