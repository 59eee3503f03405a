/**
 * The one error a scenario file can cause: where it is, what is wrong, and what was expected.
 */

/** A 1-based position in the scenario text. */
export interface Pos {
  readonly line: number;
  readonly column: number;
}

interface ScenarioErrorDetails {
  readonly file: string;
  /** Key path such as `faults[1].target`; empty for the document as a whole. */
  readonly path?: string;
  readonly line?: number;
  readonly column?: number;
  /** What would have been accepted, in words. */
  readonly expected?: string;
}

/** Keeps a message on one line whatever the user's text contained. */
function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ');
}

/**
 * An invalid scenario. `format()` gives the single line the CLI prints on stderr before exiting
 * with status 2: `FILE:LINE:COLUMN: PATH: what is wrong (expected …)`.
 */
export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  readonly path: string;
  readonly expected?: string;
  /** What is wrong, without the location (the `message` is the whole formatted line). */
  readonly reason: string;

  constructor(reason: string, details: ScenarioErrorDetails) {
    super(reason);
    this.reason = oneLine(reason);
    this.file = details.file;
    this.path = details.path ?? '';
    if (details.line !== undefined) this.line = details.line;
    if (details.column !== undefined) this.column = details.column;
    if (details.expected !== undefined) this.expected = oneLine(details.expected);
    this.message = this.format();
  }

  /** One human-readable line: `FILE:LINE:COLUMN: PATH: what is wrong (expected …)`. */
  format(): string {
    let where = this.file;
    if (this.line !== undefined) {
      where += `:${this.line}`;
      if (this.column !== undefined) where += `:${this.column}`;
    }
    const path = this.path === '' ? '' : `${this.path}: `;
    const expected = this.expected === undefined ? '' : ` (expected ${this.expected})`;
    return oneLine(`${where}: ${path}${this.reason}${expected}`);
  }
}
