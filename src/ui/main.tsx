import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createActor } from 'xstate';
import { App } from './App';
import './app.css';
import { loadBuiltins } from './state/builtins';
import {
  browserStorage,
  readShareHash,
  readStoredSource,
  type StoredSource,
} from './state/persistence';
import { PlayerContext } from './state/PlayerContext';
import { playerMachine } from './state/playerMachine';

const container = document.getElementById('root');
if (!container) throw new Error('Rehearse: missing #root element in index.html');

const storage = browserStorage();
const notices: string[] = [];
let initial: (StoredSource & { file?: string }) | undefined;

const shared = readShareHash(window.location.hash);
if (shared && 'error' in shared) {
  notices.push(`The scenario in this link could not be read (${shared.error}); it was ignored.`);
} else if (shared) {
  initial = { text: shared.text, edited: true, file: 'shared-link.yaml' };
}
const stored = readStoredSource(storage);
if (stored && 'error' in stored) notices.push(stored.error);
else if (stored && !initial) initial = stored.source;

const player = createActor(playerMachine, {
  input: { builtins: loadBuiltins(), ...(initial ? { initial } : {}), notices },
});
player.start();

// A link pasted into the address bar of an open app loads like a fresh one.
window.addEventListener('hashchange', () => {
  const next = readShareHash(window.location.hash);
  if (!next) return;
  if ('error' in next) {
    player.send({
      type: 'notice.add',
      tone: 'error',
      text: `The scenario in this link could not be read (${next.error}); it was ignored.`,
    });
  } else if (next.text !== player.getSnapshot().context.source) {
    player.send({ type: 'scenario.load', text: next.text, file: 'shared-link.yaml' });
  }
});

createRoot(container, {
  // Panels catch their own errors and show them; a warning is enough in the console.
  onCaughtError: (error) => console.warn('Rehearse: a panel failed', error),
}).render(
  <StrictMode>
    <PlayerContext value={player}>
      <App storage={storage} />
    </PlayerContext>
  </StrictMode>,
);
