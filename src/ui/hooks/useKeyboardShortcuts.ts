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
 * Space, a select, tab list, slider or list uses the arrows. A shortcut never takes a key from
 * it, unless a pointer gave it the focus (`byPointer`) and it is not a text field: a trainer who
 * clicked Inject and then pressed Space injected the fault again, and one who picked a scenario
 * and pressed → got the next scenario instead of the next step. Pure.
 */
export function controlUsesKey(
  target: EventTarget | null,
  key: string,
  byPointer = false,
): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  const text =
    tag === 'TEXTAREA' ||
    target.isContentEditable ||
    (tag === 'INPUT' &&
      !['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color', 'file'].includes(
        (target as HTMLInputElement).type,
      ));
  if (text) return true;
  if (byPointer) return false;
  if (tag === 'SELECT') return true;
  if ((key === ' ' || key === 'Enter') && target.closest(PRESSABLE)) return true;
  return ARROW_KEYS.has(key) && target.closest(ARROWED) !== null;
}

/** The global keyboard shortcuts (listed in `shortcuts.ts`); keys typed into fields are left alone. */
export function useKeyboardShortcuts({ onHelp, onPresenter, onEscape }: ShortcutHandlers): void {
  const actor = usePlayer();
  useEffect(() => {
    // A button presses itself as Space comes up: where the shortcut took its keydown, its keyup
    // is taken too (a button the mouse had focused was pressed as well as playback toggled).
    let spaceTaken = false;
    // Which element a pointer gave the focus to (pressed, or opened with the mouse): the focus
    // moves between a pointer's down and up. (`:focus-visible` cannot tell: a key pressed on a
    // control makes it match.)
    let pointerIsDown = false;
    let pointerFocused: EventTarget | null = null;
    // Whether the last input was a pointer's: a focus the app moves after a press of the mouse
    // (the decision card giving it back to the Drill switch clicked before it, once an option is
    // clicked) is the pointer's too, as a browser's `:focus-visible` takes it. Before, Space then
    // turned the drill off instead of pausing. A focus moved after a key stays the keyboard's.
    let pointerLast = false;
    const onPointerDown = () => {
      pointerIsDown = true;
      pointerLast = true;
    };
    const onPointerUp = () => {
      pointerIsDown = false;
    };
    const onFocusIn = (event: FocusEvent) => {
      pointerFocused = pointerIsDown || pointerLast ? event.target : null;
    };
    // In the capture phase: keys that a control keeps to itself (the decision card's) count too.
    const onAnyKey = () => {
      pointerLast = false;
    };
    const onKeyUp = (event: KeyboardEvent) => {
      if (event.key !== ' ' || !spaceTaken) return;
      spaceTaken = false;
      event.preventDefault();
    };
    const onKey = (event: KeyboardEvent) => {
      pointerIsDown = false;
      if (
        event.defaultPrevented ||
        event.ctrlKey ||
        event.metaKey ||
        event.altKey ||
        controlUsesKey(event.target, event.key, event.target === pointerFocused)
      )
        return;
      let handled = true;
      switch (event.key) {
        case ' ':
          spaceTaken = true;
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
    window.addEventListener('keydown', onAnyKey, true);
    window.addEventListener('keydown', onKey);
    window.addEventListener('keyup', onKeyUp);
    window.addEventListener('pointerdown', onPointerDown, true);
    window.addEventListener('pointerup', onPointerUp, true);
    window.addEventListener('focusin', onFocusIn, true);
    return () => {
      window.removeEventListener('keydown', onAnyKey, true);
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('keyup', onKeyUp);
      window.removeEventListener('pointerdown', onPointerDown, true);
      window.removeEventListener('pointerup', onPointerUp, true);
      window.removeEventListener('focusin', onFocusIn, true);
    };
  }, [actor, onHelp, onPresenter, onEscape]);
}
