/**
 * The CLI's file access on Node: bounded reads of regular files only, and atomic writes through
 * a temporary file that no one else can have planted. `main.ts` wires these into `CliIo`.
 */
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readSync,
  renameSync,
  rmdirSync,
  statSync,
  unlinkSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { basename, dirname, join, parse } from 'node:path';
import { LIMITS, decodeText, sizeRefusal } from '../sim';
import { RefusedFile } from './io';
import { writeReason } from './loadScenario';

/** What a file system entry is, in words. Pure. */
function kindOf(stats: Stats): string {
  if (stats.isFile()) return 'a file';
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'a special file';
}

function tooLarge(bytes: number, limit: number, exact: boolean): RefusedFile {
  return new RefusedFile(sizeRefusal(bytes, limit, exact) ?? `the file is over ${limit} bytes`);
}

/**
 * Bytes read as UTF-8 text, or a refusal that says they are not text (see {@link decodeText}):
 * before, such a file was parsed and its junk echoed back in the message. Pure.
 */
export function textOf(bytes: Uint8Array): string {
  const decoded = decodeText(bytes);
  if ('refusal' in decoded) throw new RefusedFile(decoded.refusal);
  return decoded.text;
}

/**
 * Reads standard input to its end as UTF-8 text, refusing more than `limit` bytes. Waits for
 * input like any reader of `-` (a terminal until Ctrl-D).
 */
export function readStandardInput(limit: number = LIMITS.fileSize): string {
  const chunks: Buffer[] = [];
  const buffer = Buffer.allocUnsafe(65_536);
  const pause = new Int32Array(new SharedArrayBuffer(4));
  let total = 0;
  for (;;) {
    let read: number;
    try {
      read = readSync(0, buffer, 0, buffer.length, null);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      // A non-blocking pipe with nothing in it yet: wait a little and read again.
      if (code === 'EAGAIN') {
        Atomics.wait(pause, 0, 0, 10);
        continue;
      }
      if (code === 'EOF') break;
      throw error;
    }
    if (read === 0) break;
    total += read;
    if (total > limit) throw tooLarge(total, limit, false);
    chunks.push(Buffer.from(buffer.subarray(0, read)));
  }
  return textOf(Buffer.concat(chunks, total));
}

/**
 * Reads a UTF-8 text file of at most `limit` bytes. Follows symbolic links, then refuses
 * anything but a regular file (a directory, a FIFO, `/dev/zero`) before opening it, refuses a
 * file whose size is past the limit before reading it, and never reads more than `limit + 1`
 * bytes, so a file that grows or lies about its size (`/proc`) is refused too.
 * @throws RefusedFile saying what is wrong, or a Node error with its `code` (ENOENT, EACCES, …).
 */
export function readTextFile(path: string, limit: number = LIMITS.fileSize): string {
  const stats = statSync(path);
  if (!stats.isFile()) {
    if (stats.isDirectory()) throw Object.assign(new Error('EISDIR'), { code: 'EISDIR' });
    throw new RefusedFile(`it is ${kindOf(stats)}, not a regular file`);
  }
  if (stats.size > limit) throw tooLarge(stats.size, limit, true);
  // O_NONBLOCK: if the file was swapped for a FIFO since, opening it does not wait for a writer.
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const opened = fstatSync(fd);
    if (!opened.isFile()) throw new RefusedFile(`it is ${kindOf(opened)}, not a regular file`);
    let buffer = Buffer.allocUnsafe(Math.min(limit + 1, Math.max(opened.size + 1, 65_536)));
    let total = 0;
    for (;;) {
      if (total === buffer.length) {
        if (total > limit) throw tooLarge(total, limit, false);
        const bigger = Buffer.allocUnsafe(Math.min(limit + 1, buffer.length * 2));
        buffer.copy(bigger, 0, 0, total);
        buffer = bigger;
      }
      const read = readSync(fd, buffer, total, buffer.length - total, null);
      if (read === 0) break;
      total += read;
    }
    if (total > limit) throw tooLarge(total, limit, false);
    return textOf(buffer.subarray(0, total));
  } finally {
    closeSync(fd);
  }
}

/** A hidden temporary name beside `path` that no one can guess. */
function temporaryName(path: string): string {
  return join(dirname(path), `.${basename(path)}.${randomBytes(9).toString('hex')}.tmp`);
}

/**
 * Writes a UTF-8 file atomically: to a temporary file created exclusively (it refuses a file or
 * a symbolic link already there) under an unguessable name in the target's folder, then renamed
 * over the target. On any failure the temporary file is removed and the target left as it was.
 * The folder must exist (see `prepareFolder`).
 */
export function writeFileAtomic(path: string, text: string): void {
  const temporary = temporaryName(path);
  const fd = openSync(
    temporary,
    constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
    0o666,
  );
  try {
    try {
      const bytes = Buffer.from(text, 'utf8');
      let written = 0;
      while (written < bytes.length) written += writeSync(fd, bytes, written);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } catch (error) {
    try {
      unlinkSync(temporary);
    } catch {
      // Already renamed or never there.
    }
    throw error;
  }
}

/** Folders created one level at a time, at most this many (a `/proc` path fails at once). */
const MAX_NEW_FOLDERS = 64;

/**
 * Makes sure files can be written into `folder`: creates it (and missing parents, one level at a
 * time) when absent, then creates and removes a probe file there. Returns what is wrong, in
 * words, or undefined when the folder is ready.
 */
export function prepareFolder(folder: string): string | undefined {
  const missing: string[] = [];
  let at = folder;
  for (;;) {
    let stats: Stats | undefined;
    try {
      stats = statSync(at);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') return `${at}: ${writeReason(error)}`;
    }
    if (stats !== undefined) {
      if (!stats.isDirectory())
        return `${at === folder ? 'it' : at} is ${kindOf(stats)}, not a folder`;
      break;
    }
    if (at === parse(at).root || missing.length >= MAX_NEW_FOLDERS) {
      return `${folder}: a part of the path does not exist`;
    }
    missing.unshift(at);
    at = dirname(at);
  }
  const created: string[] = [];
  const undo = (): void => {
    for (const dir of created.reverse()) {
      try {
        rmdirSync(dir);
      } catch {
        // Someone else put something there: leave it.
      }
    }
  };
  for (const dir of missing) {
    try {
      mkdirSync(dir);
      created.push(dir);
    } catch (error) {
      undo();
      // Its parent is there: ENOENT means the file system takes no new folders (`/proc`).
      const code = (error as { code?: unknown }).code;
      const reason =
        code === 'ENOENT' ? 'the file system there takes no new folders' : writeReason(error);
      return `cannot create the folder ${dir}: ${reason}`;
    }
  }
  const probe = temporaryName(join(folder, 'probe'));
  try {
    closeSync(
      openSync(
        probe,
        constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
      ),
    );
    unlinkSync(probe);
  } catch (error) {
    undo();
    // The folder is there: ENOENT means the file system takes no new files (`/proc`); before,
    // "a part of the path does not exist" of a folder that does.
    const code = (error as { code?: unknown }).code;
    const reason =
      code === 'ENOENT' ? 'the file system there takes no new files' : writeReason(error);
    return `cannot write into ${folder}: ${reason}`;
  }
  return undefined;
}

/**
 * Checks that `path` can be replaced by an atomic write: its folder exists and takes files, and
 * `path` is absent, a regular file or a symbolic link (which the rename replaces, never follows).
 * Returns what is wrong, in words, or undefined.
 */
export function prepareFile(path: string): string | undefined {
  try {
    const stats = lstatSync(path);
    if (!stats.isFile() && !stats.isSymbolicLink()) {
      return `it is ${kindOf(stats)}, not a file that can be replaced`;
    }
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code !== 'ENOENT') return writeReason(error);
  }
  return prepareFolder(dirname(path));
}
