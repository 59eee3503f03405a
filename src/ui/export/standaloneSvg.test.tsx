// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { storageHostMachine } from '../../../machines';
import { layoutWithElk } from '../../../test/support/elk';
import { cachedLayout } from '../statechart/layoutStatechart';
import { StatechartView } from '../statechart/StatechartView';
import { standaloneSvg, SVG_NS } from './standaloneSvg';

afterEach(cleanup);

// ELK runs in the test's own thread: lay the machine out once, before the tests draw it.
beforeAll(() => cachedLayout(storageHostMachine, layoutWithElk), 60_000);

const ACTIVE = 'lifecycle.installing, role.secondary, pool.online';
const ACTIVE_STROKE = 'rgb(37, 99, 235)';
const FONT = 'system-ui, "Segoe UI", sans-serif';

/**
 * Computed styles as a page would give them: the font on the root only (the rest inherit it),
 * the same fill on a group and its children, the active state's border, upper-case region names,
 * and a value the page left unresolved.
 */
function styleOf(element: Element): { getPropertyValue(property: string): string } {
  const values: Record<string, string> = {
    'font-family': FONT,
    'font-size': '13px',
    fill: element.tagName === 'text' ? 'rgb(30, 41, 59)' : 'rgb(255, 255, 255)',
    stroke: element.tagName === 'rect' ? 'var(--rh-state-stroke)' : 'none',
    opacity: '1',
    display: 'inline',
  };
  if (element.tagName === 'rect' && element.closest('[data-active="true"]'))
    values.stroke = ACTIVE_STROKE;
  if (element.tagName === 'text' && /region/i.test(element.getAttribute('class') ?? ''))
    values['text-transform'] = 'uppercase';
  return { getPropertyValue: (property) => values[property] ?? '' };
}

async function exported(title = 'Cluster upgrade: statechart of storageHost', zoomIn = false) {
  const { container } = render(
    <StatechartView
      machine={storageHostMachine}
      activeState={ACTIVE}
      lastEvent="install.start"
      elk={layoutWithElk}
    />,
  );
  const svg = await waitFor(
    () => {
      const drawn = container.querySelector('svg');
      if (!drawn) throw new Error('no statechart drawn');
      return drawn;
    },
    { timeout: 15_000 },
  );
  if (zoomIn) fireEvent.click(screen.getByRole('button', { name: '+' }));
  const text = standaloneSvg(svg, { title, background: '#ffffff', styleOf });
  const parsed = new DOMParser().parseFromString(text, 'image/svg+xml');
  return { svg, text, root: parsed.documentElement };
}

describe('standaloneSvg', () => {
  it('should write a file that parses as SVG on its own, sized by its viewBox and titled', async () => {
    const { text, root } = await exported();
    const layout = await cachedLayout(storageHostMachine, layoutWithElk);
    expect(text.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg')).toBe(true);
    expect(root.querySelector('parsererror')).toBeNull();
    expect(root.namespaceURI).toBe(SVG_NS);
    expect(root.localName).toBe('svg');
    expect(text.match(/xmlns="http:\/\/www\.w3\.org\/2000\/svg"/g)).toHaveLength(1);
    expect(root.getAttribute('viewBox')).toBe(`0 0 ${layout.width} ${layout.height}`);
    expect(root.getAttribute('width')).toBe(String(layout.width));
    expect(root.getAttribute('height')).toBe(String(layout.height));
    const [title, backdrop] = Array.from(root.children);
    expect(title?.localName).toBe('title');
    expect(title?.textContent).toBe('Cluster upgrade: statechart of storageHost');
    expect(backdrop?.localName).toBe('rect');
    expect(backdrop?.getAttribute('fill')).toBe('#ffffff');
    expect(backdrop?.getAttribute('width')).toBe(String(layout.width));
  });

  it('should keep every state of the machine, by name, and the active one marked by its style', async () => {
    const { root } = await exported();
    const layout = await cachedLayout(storageHostMachine, layoutWithElk);
    const names = Array.from(root.querySelectorAll('text')).map((t) => t.textContent ?? '');
    for (const box of layout.boxes) {
      const upper = box.region ? box.key.toUpperCase() : box.key;
      expect(names, box.path).toContain(upper);
    }
    const active = root.querySelectorAll('[data-active="true"] > rect');
    expect(active.length).toBe(3);
    for (const rect of Array.from(active))
      expect(rect.getAttribute('style')).toContain(`stroke: ${ACTIVE_STROKE}`);
  });

  it('should write computed styles on the elements and leave no class or custom property', async () => {
    const { text, root } = await exported();
    expect(text).not.toContain('var(--');
    expect(text).not.toContain('class=');
    expect(root.getAttribute('style')).toContain('font-family: system-ui, "Segoe UI", sans-serif');
    // Inherited values are written where they change, not repeated on every element.
    const styled = Array.from(root.querySelectorAll('*')).filter((element) =>
      (element.getAttribute('style') ?? '').includes('font-family'),
    );
    expect(styled).toHaveLength(0);
    const names = Array.from(root.querySelectorAll('g[data-state] > text'));
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) expect(name.getAttribute('style')).toContain('fill: rgb(30, 41, 59)');
    // Initial values are not written.
    expect(text).not.toContain('opacity: 1');
  });

  it('should leave the drawing on the page as it was', async () => {
    const { svg } = await exported('Cluster upgrade: statechart of storageHost', true);
    expect(svg.querySelector('[data-viewport]')?.getAttribute('transform')).toContain(
      'scale(1.25)',
    );
    expect(svg.getAttribute('class')).not.toBeNull();
    expect(svg.querySelector('[style*="fill"]')).toBeNull();
    expect(svg.querySelector('title')?.textContent).not.toBe(
      'Cluster upgrade: statechart of storageHost',
    );
  });

  it('should write the whole drawing, however the view was zoomed and panned', async () => {
    const { svg, root } = await exported('Cluster upgrade: statechart of storageHost', true);
    expect(root.getAttribute('viewBox')).toBe(svg.getAttribute('viewBox'));
    expect(root.querySelector('[transform]')).toBeNull();
    expect(root.querySelector('[data-viewport]')).toBeNull();
    expect(root.querySelectorAll('[data-state]').length).toBe(
      svg.querySelectorAll('[data-state]').length,
    );
  });

  it('should escape a title with markup in it', async () => {
    const title = 'A <b>bold</b> & "quoted" scenario';
    const { root } = await exported(title);
    expect(root.querySelector('parsererror')).toBeNull();
    expect(root.querySelector(':scope > title')?.textContent).toBe(title);
    expect(root.querySelector('b')).toBeNull();
  });
});
