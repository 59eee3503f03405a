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
  /** Reads a UTF-8 text file; throws a Node-style error (`code` ENOENT, EISDIR, …) when it cannot. */
  readonly readFile: (path: string) => string;
  /** Lists a directory; throws when it is missing or not a directory. */
  readonly listDir: (path: string) => readonly CliEntry[];
  /** Whether stdout is a terminal (colours are used only then). */
  readonly isTTY: boolean;
  /** Directory that relative FILE arguments are resolved against. */
  readonly cwd: string;
  /** Environment variables (`NO_COLOR`, `REHEARSE_DEBUG`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Folders that may hold the built-in scenarios, in order: `list` uses the first that exists. */
  readonly scenarioDirs?: readonly string[];
}
