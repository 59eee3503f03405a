/** The XML namespace of SVG, which a file must declare to open on its own. */
export const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * The presentation properties a drawing takes from the page's style sheets, written into the
 * file. Inherited ones are written only where they differ from the parent's.
 */
const INHERITED = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-dasharray',
  'stroke-opacity',
  'stroke-linecap',
  'stroke-linejoin',
  'font-family',
  'font-size',
  'font-style',
  'font-weight',
  'letter-spacing',
  'visibility',
] as const;
const OWN: readonly (readonly [property: string, initial: string])[] = [
  ['opacity', '1'],
  ['display', 'inline'],
];

/** Text as XML character data or an attribute value. Pure. */
export function xmlText(text: string): string {
  return (
    text
      // Characters XML 1.0 cannot hold at all.
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
  );
}

/** Something that answers a computed style, as `getComputedStyle` does. */
interface ComputedStyle {
  getPropertyValue(property: string): string;
}

interface StandaloneSvgOptions {
  /** What the file shows, as its `<title>`: the scenario and the machine or the view. */
  readonly title: string;
  /** The colour painted behind the drawing. */
  readonly background: string;
  /** The computed style of an element of the drawing (`getComputedStyle` in the app). */
  readonly styleOf: (element: Element) => ComputedStyle;
}

/** The computed value of a property, or undefined when the page left it unresolved. */
function resolved(style: ComputedStyle, property: string): string | undefined {
  const value = style.getPropertyValue(property).trim();
  // A value still naming a custom property means nothing outside the page.
  return value === '' || value.includes('var(') ? undefined : value;
}

/** `fill: #fff; stroke: none`: the style to write on an element, given its parent's. */
function ownStyle(
  style: ComputedStyle,
  parent: ComputedStyle | undefined,
): { text: string; upper: boolean } {
  const parts: string[] = [];
  for (const property of INHERITED) {
    const value = resolved(style, property);
    if (value !== undefined && (!parent || resolved(parent, property) !== value))
      parts.push(`${property}: ${value}`);
  }
  for (const [property, initial] of OWN) {
    const value = resolved(style, property);
    if (value !== undefined && value !== initial) parts.push(`${property}: ${value}`);
  }
  // SVG viewers outside a browser ignore `text-transform`: the text itself is changed.
  return { text: parts.join('; '), upper: resolved(style, 'text-transform') === 'uppercase' };
}

/** The drawing's size from its `viewBox` (`0 0 640 480`), else from its width and height. */
function boxOf(svg: Element): readonly [number, number, number, number] {
  const [x = NaN, y = NaN, w = NaN, h = NaN, ...rest] = (svg.getAttribute('viewBox') ?? '')
    .split(/[\s,]+/)
    .filter((part) => part !== '')
    .map(Number);
  if (rest.length === 0 && Number.isFinite(x + y) && w > 0 && h > 0) return [x, y, w, h];
  const width = Number.parseFloat(svg.getAttribute('width') ?? '');
  const height = Number.parseFloat(svg.getAttribute('height') ?? '');
  return [0, 0, width > 0 ? width : 800, height > 0 ? height : 600];
}

/**
 * An SVG drawn on the page as a file that opens on its own (a browser, Inkscape): the SVG
 * namespace declared, every colour and font the page's style sheets gave it written on its
 * elements (no classes, no custom properties left), a background, a `viewBox` with the same
 * width and height, and a `<title>`; the whole drawing, however the view was zoomed or panned
 * (a `data-viewport` group's transform is dropped). Reads the page only through `styleOf`;
 * changes nothing.
 * @returns the file's text, starting with the XML declaration
 * @example download('cluster.statechart.svg', standaloneSvg(svg, { title, background: '#fff', styleOf: getComputedStyle }), 'image/svg+xml')
 */
export function standaloneSvg(source: SVGSVGElement, options: StandaloneSvgOptions): string {
  const copy = source.cloneNode(true) as SVGSVGElement;
  const copyStyle = (from: Element, to: Element, parent: ComputedStyle | undefined): void => {
    const style = options.styleOf(from);
    const { text, upper } = ownStyle(style, parent);
    to.removeAttribute('class');
    to.removeAttribute('data-testid');
    if (text === '') to.removeAttribute('style');
    else to.setAttribute('style', text);
    if (upper)
      for (const node of Array.from(to.childNodes))
        if (node.nodeType === 3) node.textContent = (node.textContent ?? '').toUpperCase();
    const children = Array.from(from.children);
    const copies = Array.from(to.children);
    children.forEach((child, index) => {
      const target = copies[index];
      if (target) copyStyle(child, target, style);
    });
  };
  copyStyle(source, copy, undefined);
  // The view's zoom and pan are not part of the drawing: the file shows all of it.
  for (const viewport of Array.from(copy.querySelectorAll('[data-viewport]'))) {
    viewport.removeAttribute('transform');
    viewport.removeAttribute('data-viewport');
  }

  const document = source.ownerDocument;
  const [x, y, width, height] = boxOf(source);
  copy.setAttributeNS('http://www.w3.org/2000/xmlns/', 'xmlns', SVG_NS);
  copy.setAttribute('version', '1.1');
  copy.setAttribute('viewBox', `${x} ${y} ${width} ${height}`);
  copy.setAttribute('width', String(width));
  copy.setAttribute('height', String(height));
  copy.setAttribute('aria-label', options.title);
  copy.removeAttribute('preserveAspectRatio');
  const title = document.createElementNS(SVG_NS, 'title');
  title.textContent = options.title;
  const backdrop = document.createElementNS(SVG_NS, 'rect');
  for (const [name, value] of [
    ['x', x],
    ['y', y],
    ['width', width],
    ['height', height],
    ['fill', options.background],
  ] as const)
    backdrop.setAttribute(name, String(value));
  copy.prepend(title, backdrop);
  const text = new XMLSerializer().serializeToString(copy);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${text}\n`;
}
