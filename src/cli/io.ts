import type { ExploreOptions, Sample, SampleBatch, Scenario, ShardResult } from '../sim';

/** A file refused before or while reading it (a FIFO, a device, too large): `message` says why. */
export class RefusedFile extends Error {
  override readonly name = 'RefusedFile';
}

/** One entry of a directory listing. */
export interface CliEntry {
  readonly name: string;
  readonly directory: boolean;
}

/**
 * Everything the CLI takes from its host: output streams, files, the terminal and the
 * environment. `main.ts` wires Node's; tests pass fakes and call `runCli` in-process.
 */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /**
   * Reads a UTF-8 text file, a regular one of at most `LIMITS.fileSize` bytes; throws a
   * RefusedFile or a Node-style error (`code` ENOENT, EISDIR, …) when it cannot.
   */
  readonly readFile: (path: string) => string;
  /** Reads standard input to its end (the FILE operand `-`); absent, `-` cannot be read. */
  readonly readStdin?: () => string;
  /** Lists a directory; throws when it is missing or not a directory. */
  readonly listDir: (path: string) => readonly CliEntry[];
  /** Whether stdout is a terminal (colours are used only then). */
  readonly isTTY: boolean;
  /** Directory that relative FILE arguments are resolved against. */
  readonly cwd: string;
  /** Environment variables (`NO_COLOR`, `FORCE_COLOR`, `REHEARSE_DEBUG`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Folders that may hold the built-in scenarios, in order: `list` uses the first that exists. */
  readonly scenarioDirs?: readonly string[];
  /**
   * Writes a UTF-8 file atomically (a temporary file renamed over the target) into a folder that
   * exists: an interrupted write leaves the old file whole.
   */
  readonly writeFile?: (path: string, text: string) => void;
  /**
   * Makes sure files can be written into a folder, creating it when absent: what is wrong, in
   * words, or undefined when it is ready.
   */
  readonly prepareFolder?: (path: string) => string | undefined;
  /** Checks that a file can be replaced by `writeFile`: what is wrong, in words, or undefined. */
  readonly prepareFile?: (path: string) => string | undefined;
  /** The real path of a folder (links resolved), so a listing never walks a loop. */
  readonly realPath?: (path: string) => string;
  /** Whether a file exists. */
  readonly exists?: (path: string) => boolean;
  /** Runs exploration shards in parallel (worker threads); absent, they run one after another. */
  readonly runShards?: (
    scenario: Scenario,
    options: ExploreOptions,
    count: number,
    onProgress?: (shard: number, done: number, total: number) => void,
  ) => Promise<ShardResult[]>;
  /**
   * Runs each batch's seeds on `workers` worker threads and returns each batch's samples in the
   * order of its seeds; absent, they run on this thread.
   */
  readonly runSamples?: (
    batches: readonly SampleBatch[],
    workers: number,
    onProgress?: (done: number) => void,
  ) => Promise<Sample[][]>;
  /**
   * Shows a transient status line on stderr, replacing the last one (undefined clears it).
   * Present only when stderr is a terminal, so that logs and pipes get none of it.
   */
  readonly progress?: (line: string | undefined) => void;
  /**
   * Resolves with the path of the first of `paths` to be created, changed or removed after the
   * call (a save, however the editor writes it); rejects when they cannot be watched. Absent,
   * `run --watch` is not available.
   */
  readonly waitForChange?: (paths: readonly string[]) => Promise<string>;
  /** Clears the terminal before a watch runs again; present only when stdout is a terminal. */
  readonly clearScreen?: () => void;
  /** How many cores there are, for the default number of exploration workers. */
  readonly cores?: number;
  /** Wall-clock milliseconds, for the time an exploration took (never part of a report). */
  readonly now?: () => number;
  /** The built debugger (`index.html` and its assets), for `rehearse ui`. */
  readonly appDir?: string;
  /** Resolves when the user interrupts (Ctrl-C) or the process is asked to stop. */
  readonly untilInterrupted?: () => Promise<void>;
}
