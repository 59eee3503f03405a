import { describe, expect, it } from 'vitest';
import {
  decodeBase64Url,
  encodeBase64Url,
  readShareHash,
  readStoredSource,
  SET_ASIDE_KEY,
  shareHash,
  STORAGE_KEY,
  writeStoredSource,
  type StorageLike,
} from '../../src/ui/state/persistence';

function memoryStorage(
  initial: Record<string, string> = {},
): StorageLike & { items: Map<string, string> } {
  const items = new Map(Object.entries(initial));
  return {
    items,
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
  };
}

describe('share links', () => {
  it.each([
    'name: x\nsystem: standalone\n',
    'name: Größe — ünïcode ✓ 日本\n',
    '',
    'a'.repeat(100_000),
  ])('should round-trip %#', (text) => {
    const encoded = encodeBase64Url(text);
    expect(encoded).toMatch(/^[A-Za-z0-9_-]*$/);
    expect(decodeBase64Url(encoded)).toBe(text);
  });

  it('should read the scenario from a #s= hash', () => {
    expect(readShareHash(shareHash('name: x'))).toEqual({ text: 'name: x' });
    expect(readShareHash('')).toBeUndefined();
    expect(readShareHash('#other')).toBeUndefined();
  });

  it.each([
    ['#s=!!!', /base64url/],
    ['#s=a', /base64url/],
    ['#s=_-8', /UTF-8/],
    ['#s=', /no scenario/],
  ])('should report a corrupted hash %s instead of failing', (hash, reason) => {
    const result = readShareHash(hash);
    expect(result && 'error' in result ? result.error : '').toMatch(reason);
  });
});

describe('stored editor text', () => {
  it('should remember and restore the text', () => {
    const storage = memoryStorage();
    writeStoredSource(storage, { text: 'name: x', edited: true, builtin: 'a.yaml' });
    expect(readStoredSource(storage)).toEqual({
      source: { text: 'name: x', edited: true, builtin: 'a.yaml' },
    });
  });

  it('should set an unreadable value aside and say so', () => {
    const storage = memoryStorage({ [STORAGE_KEY]: '{broken' });
    const result = readStoredSource(storage);
    expect(result && 'error' in result ? result.error : '').toContain(SET_ASIDE_KEY);
    expect(storage.items.get(SET_ASIDE_KEY)).toBe('{broken');
    expect(storage.items.has(STORAGE_KEY)).toBe(false);
    expect(readStoredSource(memoryStorage({ [STORAGE_KEY]: '{"text": 3}' }))).toHaveProperty(
      'error',
    );
  });

  it('should survive storage that refuses access', () => {
    const refusing: StorageLike = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('full');
      },
      removeItem: () => undefined,
    };
    expect(readStoredSource(refusing)).toBeUndefined();
    expect(() => writeStoredSource(refusing, { text: 'x', edited: true })).not.toThrow();
  });
});
