import { useEffect } from 'react';
import { SPEEDS } from '../state/playerMachine';
import { usePlayer } from '../state/usePlayer';

interface ShortcutHandlers {
  readonly onHelp: () => void;
  readonly onPresenter: () => void;
  readonly onEscape: () => void;
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable;
}

/** The global keyboard shortcuts (listed in `shortcuts.ts`); keys typed into fields are left alone. */
export function useKeyboardShortcuts({ onHelp, onPresenter, onEscape }: ShortcutHandlers): void {
  const actor = usePlayer();
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      let handled = true;
      switch (event.key) {
        case ' ':
          actor.send({ type: 'toggle' });
          break;
        case 'ArrowRight':
          actor.send(event.shiftKey ? { type: 'jump.next' } : { type: 'step.forward' });
          break;
        case 'ArrowLeft':
          actor.send(event.shiftKey ? { type: 'jump.previous' } : { type: 'step.back' });
          break;
        case 'Home':
          actor.send({ type: 'seek.start' });
          break;
        case 'End':
          actor.send({ type: 'seek.end' });
          break;
        case '?':
          onHelp();
          break;
        case 'p':
        case 'P':
          onPresenter();
          break;
        case 'Escape':
          onEscape();
          break;
        default: {
          const speed = /^[1-5]$/.test(event.key) ? SPEEDS[Number(event.key) - 1] : undefined;
          if (speed !== undefined) actor.send({ type: 'speed.set', speed });
          else handled = false;
        }
      }
      // Also keeps Space from clicking a focused button a second time.
      if (handled) event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [actor, onHelp, onPresenter, onEscape]);
}
