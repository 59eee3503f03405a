import type { BuiltinScenario } from './builtins';
import { describeServed } from './builtins';

/** What the page has open, as far as a saved file concerns it. */
export interface OpenText {
  /** The built-in or served file the editor's text started from. */
  readonly builtin: string | undefined;
  /** Whether the user changed the text since picking it. */
  readonly edited: boolean;
  readonly dirty: boolean;
  /** Whether a drill is under way (a reload would end it). */
  readonly drilling: boolean;
}

/** What follows an update of the served files: open one, say something, or nothing. */
export interface ServedReaction {
  readonly select?: string;
  readonly notice?: string;
}

/**
 * What the page does when `rehearse ui` sends its files: at start-up it opens the first one
 * unless the editor holds the user's own text; when the open file is saved, it reloads it
 * unless the user changed it in the page (then the page keeps that text and says so). Pure.
 */
export function servedReaction(
  open: OpenText,
  before: readonly BuiltinScenario[],
  served: readonly BuiltinScenario[],
  first: boolean,
): ServedReaction {
  const untouched = !open.edited && !open.dirty && !open.drilling;
  const [firstFile] = served;
  if (first) return firstFile && untouched ? { select: firstFile.id } : {};
  const was = before.find((item) => item.served && item.id === open.builtin);
  const now = served.find((item) => item.id === was?.id);
  if (!was || !now || now.text === was.text) return {};
  const file = was.id.slice('yours/'.length);
  return untouched
    ? { select: now.id, notice: `${file} was saved: the run on screen is the saved file.` }
    : {
        notice: `${file} was saved on disk. Your text here is kept; pick the file again to load the saved version.`,
      };
}

/** The served files from `scenarios.json` or an `/events` message, checked as they are read. */
export function readServed(json: string): BuiltinScenario[] {
  const data: unknown = JSON.parse(json);
  if (!Array.isArray(data)) throw new Error('the list of files is not a list');
  return describeServed(
    data.map((item: unknown) => {
      const { id, text, error } = (item ?? {}) as Record<string, unknown>;
      if (typeof id !== 'string') throw new Error('a served file has no name');
      return {
        id,
        ...(typeof text === 'string' ? { text } : {}),
        ...(typeof error === 'string' ? { error } : {}),
      };
    }),
  );
}
