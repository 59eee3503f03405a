/** Where the editor's text came from, as remembered across reloads and shared in links. */
export interface StoredSource {
  readonly text: string;
  /** The built-in scenario the text started from, if any. */
  readonly builtin?: string;
  /** Whether the user changed the text. */
  readonly edited: boolean;
}

/** The localStorage key of the editor's text. */
export const STORAGE_KEY = 'rehearse.editor.v1';
/** Where an unreadable stored value is set aside (never silently deleted). */
export const SET_ASIDE_KEY = 'rehearse.editor.v1.unreadable';

const HASH_PREFIX = '#s=';

/** Encodes text as base64url of its UTF-8 bytes (no padding). Pure. */
export function encodeBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (let index = 0; index < bytes.length; index += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(index, index + 0x8000));
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * Decodes base64url to UTF-8 text. Pure.
 * @throws Error when the text is not base64url or the bytes are not UTF-8.
 */
export function decodeBase64Url(encoded: string): string {
  if (!/^[A-Za-z0-9_-]*$/.test(encoded) || encoded.length % 4 === 1) {
    throw new Error('it is not base64url');
  }
  const padded =
    encoded.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (encoded.length % 4)) % 4);
  let binary: string;
  try {
    binary = atob(padded);
  } catch (error) {
    throw new Error('it is not base64url', { cause: error });
  }
  const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    throw new Error('it does not decode to UTF-8 text', { cause: error });
  }
}

/** The URL hash that shares a scenario: `#s=` + base64url of its UTF-8 YAML. Pure. */
export function shareHash(text: string): string {
  return HASH_PREFIX + encodeBase64Url(text);
}

/**
 * Reads a shared scenario from a URL hash. Pure.
 * @returns `undefined` when the hash shares nothing, the text, or an error saying what is wrong.
 */
export function readShareHash(hash: string): { text: string } | { error: string } | undefined {
  if (!hash.startsWith(HASH_PREFIX)) return undefined;
  try {
    const text = decodeBase64Url(hash.slice(HASH_PREFIX.length));
    if (text.trim() === '') return { error: 'the link holds no scenario text' };
    return { text };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/** The parts of `Storage` this module uses (so tests can pass a plain object). */
export type StorageLike = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/**
 * Reads the editor's remembered text. An unreadable value is moved to {@link SET_ASIDE_KEY}.
 * @returns The stored source, an error to report, or nothing when none was stored.
 */
export function readStoredSource(
  storage: StorageLike | undefined,
): { source: StoredSource } | { error: string } | undefined {
  if (!storage) return undefined;
  let raw: string | null;
  try {
    raw = storage.getItem(STORAGE_KEY);
  } catch {
    return undefined;
  }
  if (raw === null) return undefined;
  try {
    const value: unknown = JSON.parse(raw);
    if (
      typeof value === 'object' &&
      value !== null &&
      typeof (value as StoredSource).text === 'string' &&
      typeof (value as StoredSource).edited === 'boolean' &&
      ((value as StoredSource).builtin === undefined ||
        typeof (value as StoredSource).builtin === 'string')
    ) {
      const { text, edited, builtin } = value as StoredSource;
      return { source: { text, edited, ...(builtin !== undefined ? { builtin } : {}) } };
    }
    throw new Error('unexpected shape');
  } catch {
    try {
      storage.setItem(SET_ASIDE_KEY, raw);
      storage.removeItem(STORAGE_KEY);
    } catch {
      // Storage refused the write; the value stays where it was and is ignored.
    }
    return {
      error: `Your saved editor text could not be read; it was set aside under "${SET_ASIDE_KEY}" in localStorage and the app started fresh.`,
    };
  }
}

/** Remembers the editor's text; storage that refuses the write (full, disabled) is ignored. */
export function writeStoredSource(storage: StorageLike | undefined, source: StoredSource): void {
  try {
    storage?.setItem(STORAGE_KEY, JSON.stringify(source));
  } catch {
    // Not remembering is better than failing the edit.
  }
}

/** The browser's localStorage, or nothing where it is unavailable (privacy modes, tests). */
export function browserStorage(): StorageLike | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
}
