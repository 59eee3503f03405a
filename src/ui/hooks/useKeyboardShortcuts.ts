import { useEffect } from 'react';
import { SPEEDS } from '../state/playerMachine';
import { usePlayer } from '../state/usePlayer';

interface ShortcutHandlers {
  readonly onHelp: () => void;
  readonly onPresenter: () => void;
  readonly onEscape: () => void;
}

/** Controls that act on Space or Enter themselves. */
const PRESSABLE =
  'button, a[href], summary, input, select, textarea, [role="button"], [role="tab"], [role="checkbox"], [role="switch"], [role="menuitem"], [role="option"], [role="link"]';
/**
 * Controls that move with the arrow keys, Home and End themselves. A checkbox does not (before,
 * `input` took it in: once a trainer had clicked Spoiler-free, Home and Shift+→ did nothing).
 */
const ARROWED =
  'input:not([type="checkbox"]):not([type="button"]):not([type="submit"]):not([type="reset"]), select, textarea, [role="tab"], [role="tablist"], [role="slider"], [role="listbox"], [role="option"], [role="radiogroup"], [role="radio"], [role="menu"], [role="grid"], [role="tree"], [contenteditable="true"]';
const ARROW_KEYS = new Set(['ArrowRight', 'ArrowLeft', 'ArrowUp', 'ArrowDown', 'Home', 'End']);

/**
 * Whether the focused element uses this key itself: text fields use every key, a button uses
 * Space, a tab list, slider or list uses the arrows. A shortcut never takes a key from it.
 */
export function controlUsesKey(target: EventTarget | null, key: string): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  const typing =
    tag === 'TEXTAREA' ||
    tag === 'SELECT' ||
    target.isContentEditable ||
    (tag === 'INPUT' &&
      !['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color', 'file'].includes(
        (target as HTMLInputElement).type,
      ));
  if (typing) return true;
  if ((key === ' ' || key === 'Enter') && target.closest(PRESSABLE)) return true;
  return ARROW_KEYS.has(key) && target.closest(ARROWED) !== null;
}

/** The global keyboard shortcuts (listed in `shortcuts.ts`); keys typed into fields are left alone. */
export function useKeyboardShortcuts({ onHelp, onPresenter, onEscape }: ShortcutHandlers): void {
  const actor = usePlayer();
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (
        event.defaultPrevented ||
        event.ctrlKey ||
        event.metaKey ||
        event.altKey ||
        controlUsesKey(event.target, event.key)
      )
        return;
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
      if (handled) event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [actor, onHelp, onPresenter, onEscape]);
}
