import { resolve } from 'node:path';
import { parseScenario, ScenarioError, type Scenario } from '../sim';
import { RefusedFile, type CliIo } from './io';
import { isPattern, STDIN } from './operands';
import { oneLine } from './terminal';
import { plural } from './text';

/** A scenario file read and parsed, or the one line that says why it could not be. */
type Loaded =
  | { readonly ok: true; readonly file: string; readonly scenario: Scenario; readonly text: string }
  | {
      readonly ok: false;
      readonly file: string;
      readonly message: string;
      readonly problem: InputProblem;
    };

/**
 * A file that could not be read or is not a valid scenario: the one line printed on stderr, and
 * where it points (line and column where the file allows), for reporters that annotate files.
 */
export interface InputProblem {
  /** The file as given (`-` for standard input). */
  readonly file: string;
  /** The whole line, `FILE:LINE:COLUMN: PATH: what is wrong (expected …)`. */
  readonly message: string;
  /** The key path (`faults[1].target`), when there is one. */
  readonly path?: string;
  /** What is wrong, without the location. */
  readonly reason: string;
  readonly line?: number;
  readonly column?: number;
}

/** A scenario file read and parsed. */
interface LoadedScenario {
  readonly file: string;
  readonly scenario: Scenario;
  /** The file's text, for reporters that point at its lines. */
  readonly text: string;
}

const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EISDIR: 'a folder with no scenario file (.yaml, .yml, .json) in it',
  ENOTDIR: 'a part of the path is not a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'the name is too long',
};

/** Why a file could not be read, in words. Pure. */
export function readReason(error: unknown): string {
  if (error instanceof RefusedFile) return error.message;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && Object.hasOwn(REASONS, code)) return REASONS[code] as string;
  return error instanceof Error ? error.message : String(error);
}

const WRITE_REASONS: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is exhausted',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder',
  ENOENT: 'a part of the path does not exist',
  EEXIST: 'a file of the same name is in the way',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'the name is too long',
  EIO: 'an input/output error',
  EBUSY: 'the file is busy',
};

/** Why a file could not be written, in words. Pure. */
export function writeReason(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && Object.hasOwn(WRITE_REASONS, code)) {
    return WRITE_REASONS[code] as string;
  }
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\s*[\r\n]+\s*/g, ' ');
}

/** The message of anything thrown, on one line. Pure. */
function errorMessage(error: unknown): string {
  const text = error instanceof Error ? error.message || error.name : String(error);
  return text.replace(/\s*[\r\n]+\s*/g, ' ');
}

/**
 * The line printed for a bug in the engine or the CLI: the message without a stack trace (the
 * trace too when `REHEARSE_DEBUG` is set), so engine bugs are reported rather than hidden.
 */
export function internalError(error: unknown, io: CliIo, context?: string): string {
  const where = context === undefined ? '' : ` (${oneLine(context)})`;
  let text = `rehearse: internal error: ${errorMessage(error)}${where}`;
  if (io.env?.REHEARSE_DEBUG && error instanceof Error && error.stack) text += `\n${error.stack}`;
  return text;
}

/**
 * Reads and parses one scenario file. Never throws: an unreadable file, an invalid scenario and
 * a parser bug all come back as one line for stderr.
 */
export function loadScenario(file: string, io: CliIo): Loaded {
  // Messages name the file on one line, whatever its name holds.
  const shown = file === STDIN ? 'stdin' : oneLine(file);
  let text: string;
  try {
    if (file !== STDIN) text = io.readFile(resolve(io.cwd, file));
    else if (io.readStdin) text = io.readStdin();
    else throw new RefusedFile('standard input cannot be read here');
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    const reason =
      code === 'ENOENT' && isPattern(file) ? 'no file matches this pattern' : readReason(error);
    const message = `${shown}: cannot read: ${reason}`;
    return {
      ok: false,
      file,
      message,
      problem: { file, message, reason: `cannot read: ${reason}` },
    };
  }
  try {
    return { ok: true, file, scenario: parseScenario(text, shown), text };
  } catch (error) {
    if (error instanceof ScenarioError) {
      const message = error.format();
      const expected = error.expected === undefined ? '' : ` (expected ${error.expected})`;
      const problem: InputProblem = {
        file,
        message,
        reason: `${error.reason}${expected}`,
        ...(error.path === '' ? {} : { path: error.path }),
        ...(error.line === undefined ? {} : { line: error.line }),
        ...(error.column === undefined ? {} : { column: error.column }),
      };
      return { ok: false, file, message, problem };
    }
    const message = internalError(error, io, `while reading ${shown}`);
    return { ok: false, file, message, problem: { file, message, reason: message } };
  }
}

/**
 * Reads and parses every file a command was given, all or nothing: each invalid one is reported
 * on stderr (with a count when there are several), and then none is returned, so that the
 * command does nothing with the valid ones either.
 */
export function loadScenarios(
  files: readonly string[],
  io: CliIo,
  command: string,
  nothing: string,
  problems?: InputProblem[],
): LoadedScenario[] | undefined {
  const loaded = files.map((file) => loadScenario(file, io));
  const valid: LoadedScenario[] = [];
  let invalid = 0;
  for (const item of loaded) {
    if (item.ok) {
      valid.push({ file: item.file, scenario: item.scenario, text: item.text });
      continue;
    }
    invalid++;
    problems?.push(item.problem);
    io.stderr(`${item.message}\n`);
  }
  if (invalid === 0) return valid;
  if (loaded.length > 1) {
    io.stderr(
      `rehearse ${command}: ${invalid} of ${plural(loaded.length, 'file')} invalid; ${nothing}\n`,
    );
  }
  return undefined;
}
