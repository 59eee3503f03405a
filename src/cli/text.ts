/**
 * Plain-text helpers for the CLI's output: aligned tables, colours, plurals and numbers in words.
 */

import type { Report } from '../sim';

/** Colours for a terminal, or the identity when output is not one (or colour is turned off). */
export interface Paint {
  readonly enabled: boolean;
  green(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  bold(text: string): string;
  dim(text: string): string;
}

const ESC = String.fromCharCode(27);
const ANSI = new RegExp(`${ESC}\\[[0-9;]*m`, 'g');

function sgr(open: number, close: number): (text: string) => string {
  return (text) => `${ESC}[${open}m${text}${ESC}[${close}m`;
}

const identity = (text: string): string => text;

/**
 * Whether to colour: `FORCE_COLOR` decides when set (`0` or `false`: never; any other non-empty
 * value: always, even into a pipe or a CI log, and over `NO_COLOR`, as Node does); otherwise
 * colours only on a terminal, and never when `NO_COLOR` is set to a non-empty value
 * (https://no-color.org). Pure.
 */
function colourWanted(isTTY: boolean, env: Readonly<Record<string, string | undefined>>): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  return isTTY && !env.NO_COLOR;
}

/** Colours as `colourWanted` decides. Pure. */
export function makePaint(
  isTTY: boolean,
  env: Readonly<Record<string, string | undefined>>,
): Paint {
  const enabled = colourWanted(isTTY, env);
  if (!enabled) {
    return {
      enabled,
      green: identity,
      red: identity,
      yellow: identity,
      bold: identity,
      dim: identity,
    };
  }
  return {
    enabled,
    green: sgr(32, 39),
    red: sgr(31, 39),
    yellow: sgr(33, 39),
    bold: sgr(1, 22),
    dim: sgr(2, 22),
  };
}

/** Length of the text as the terminal shows it (colour codes take no room). Pure. */
function visibleLength(text: string): number {
  return [...text.replace(ANSI, '')].length;
}

type Align = 'left' | 'right';

/**
 * Lays rows out in aligned columns separated by two spaces, without trailing blanks. Pure.
 * @param align per column; `left` when absent.
 */
export function table(
  rows: readonly (readonly string[])[],
  align: readonly Align[] = [],
  indent = '',
): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, index) => {
      widths[index] = Math.max(widths[index] ?? 0, visibleLength(cell));
    });
  }
  return rows.map((row) => {
    const cells = row.map((cell, index) => {
      const pad = ' '.repeat((widths[index] ?? 0) - visibleLength(cell));
      if (align[index] === 'right') return pad + cell;
      return index === row.length - 1 ? cell : cell + pad;
    });
    return (indent + cells.join('  ')).trimEnd();
  });
}

/** `1,234,567`, independent of the locale. Pure. */
export function thousands(count: number): string {
  return String(count).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** `1 VPS`, `3 VPSs`, `2 failovers`. Pure. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${thousands(count)} ${count === 1 ? singular : pluralForm}`;
}

const WORDS = [
  'no',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
];

/** `three` for 3, `15` for 15: numbers in words the way prose writes them. Pure. */
export function numberWords(count: number): string {
  return WORDS[count] ?? thousands(count);
}

/** A noun for the workloads of a system: `VPS`/`VPSs` or `service`/`services`. Pure. */
export function workloadNoun(kind: 'vps' | 'service' | undefined, count: number): string {
  return kind === 'service' ? (count === 1 ? 'service' : 'services') : count === 1 ? 'VPS' : 'VPSs';
}

const SPELLED: readonly (readonly [string, number])[] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1_000],
];

/** `15 minutes`, `1 hour 30 minutes`, `10 seconds`, `500 milliseconds`. Pure. */
export function durationWords(ms: number): string {
  let rest = Math.round(Math.abs(ms));
  if (rest === 0) return '0 minutes';
  const parts: string[] = [];
  for (const [unit, size] of SPELLED) {
    const count = Math.floor(rest / size);
    if (count > 0) {
      parts.push(plural(count, unit));
      rest -= count * size;
    }
  }
  if (rest > 0) parts.push(plural(rest, 'millisecond'));
  return parts.join(' ');
}

/** `a`, `a and b`, `a, b and c`. Pure. */
export function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] ?? ''}`;
}

/**
 * Every name, with runs of three or more consecutive numbers written as a range, so a document
 * lists them all without a wall of text: `vps-1 to vps-6, vps-9, db`. A run is `prefix-N`,
 * `prefix-N+1`, … in the order given; nothing is left out. `wrap` marks each name (as code, say).
 * Pure.
 */
export function nameRuns(
  names: readonly string[],
  wrap: (name: string) => string = (n) => n,
): string {
  const parts: string[] = [];
  let i = 0;
  while (i < names.length) {
    const first = names[i] as string;
    const match = /^(.*?)(0|[1-9]\d*)$/.exec(first);
    let j = i + 1;
    if (match) {
      const [, prefix = '', digits = ''] = match;
      let next = Number(digits) + 1;
      while (j < names.length && names[j] === `${prefix}${next}`) {
        j++;
        next++;
      }
    }
    if (j - i >= 3) {
      parts.push(`${wrap(first)} to ${wrap(names[j - 1] as string)}`);
      i = j;
    } else {
      parts.push(wrap(first));
      i++;
    }
  }
  return parts.join(', ');
}

/** Up-cases the first letter. Pure. */
export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The columns a step's row starts with in every table of steps: the text report's and the HTML one's. */
export const STEP_COLUMNS = ['#', 'hop', 'step', 'host', 'version', 'status'] as const;

/** A step's cells under {@link STEP_COLUMNS}. Pure. */
export function stepCells(step: Report['steps'][number]): string[] {
  return [
    String(step.seq),
    step.hop === 0 ? '' : String(step.hop),
    `${step.action}${step.recovery ? ' (recovery)' : ''}`,
    step.host ?? '',
    step.version ?? '',
    step.status,
  ];
}
