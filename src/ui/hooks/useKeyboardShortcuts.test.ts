// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { controlUsesKey } from './useKeyboardShortcuts';

function control(html: string): HTMLElement {
  document.body.innerHTML = html;
  return document.body.firstElementChild as HTMLElement;
}

describe('controlUsesKey', () => {
  it('should leave the arrows, Home and End to the shortcuts on a checkbox, Space to the checkbox', () => {
    // Before: `input` counted a checkbox among the controls that move with the arrows, so once
    // Spoiler-free was clicked, Home and Shift+→ did nothing.
    const box = control('<input type="checkbox">');
    for (const key of ['ArrowRight', 'ArrowLeft', 'Home', 'End'])
      expect(controlUsesKey(box, key), key).toBe(false);
    expect(controlUsesKey(box, ' ')).toBe(true);
  });

  it('should leave every key to a text field, and the arrows to a radio button, a slider and a select', () => {
    expect(controlUsesKey(control('<input type="text">'), 'Home')).toBe(true);
    expect(controlUsesKey(control('<input type="text">'), 'p')).toBe(true);
    expect(controlUsesKey(control('<input type="radio">'), 'ArrowRight')).toBe(true);
    expect(controlUsesKey(control('<input type="range">'), 'ArrowRight')).toBe(true);
    expect(controlUsesKey(control('<select><option>a</option></select>'), 'ArrowDown')).toBe(true);
    expect(controlUsesKey(control('<button>b</button>'), 'ArrowRight')).toBe(false);
    expect(controlUsesKey(control('<button>b</button>'), ' ')).toBe(true);
  });

  it('should leave the keys to the shortcuts on a button, a checkbox or a select the mouse focused', () => {
    // Before: a trainer who clicked Inject and pressed Space injected the fault a second time;
    // one who picked a scenario and pressed → got the next scenario instead of the next step.
    expect(controlUsesKey(control('<button>Inject</button>'), ' ', true)).toBe(false);
    expect(controlUsesKey(control('<input type="checkbox">'), ' ', true)).toBe(false);
    const select = '<select><option>a</option></select>';
    for (const key of ['ArrowRight', 'ArrowDown', 'Home', ' ', 'p']) {
      expect(controlUsesKey(control(select), key, true), key).toBe(false);
      expect(controlUsesKey(control(select), key), key).toBe(true);
    }
    // Text fields keep every key, however they got the focus.
    expect(controlUsesKey(control('<input type="text">'), ' ', true)).toBe(true);
    expect(controlUsesKey(control('<textarea></textarea>'), 'ArrowRight', true)).toBe(true);
  });
});
