import { describe, expect, it } from 'vitest';
import {
  DRAFTS_KEY,
  decodeBase64Url,
  LIVE_KEY,
  readStoredFaults,
  sameText,
  storedFaults,
  writeStoredFaults,
  markRunEnded,
  markRunStarted,
  readDrafts,
  readSetAside,
  runNeverEnded,
  SET_ASIDE_LIMIT,
  UNSAVED_KEY,
  encodeBase64Url,
  linkTooLong,
  MAX_LINK_LENGTH,
  readSettings,
  readShareHash,
  readStoredSource,
  SETTINGS_KEY,
  writeSettings,
  SET_ASIDE_KEY,
  shareHash,
  STORAGE_KEY,
  writeStoredSource,
  type StorageLike,
} from '../../src/ui/state/persistence';
import { memoryStorage } from './harness';

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
    // The playhead in whole seconds: the link opens the run there; none at the start.
    expect(shareHash('name: x', undefined, { at: 3_930_999 })).toMatch(/&at=3930$/);
    expect(readShareHash(shareHash('name: x', undefined, { at: 3_930_999 }))).toEqual({
      text: 'name: x',
      at: 3_930_000,
    });
    expect(shareHash('name: x', undefined, { at: 400 })).not.toMatch(/&at=/);
    expect(readShareHash('')).toBeUndefined();
    expect(readShareHash('#other')).toBeUndefined();
  });

  it.each([
    ['#s=!!!', /base64url/],
    ['#s=a', /incomplete: it was cut short/],
    ['#s=_-8', /UTF-8/],
    ['#s=', /no scenario/],
    ['#s=bmFtZTogeA&at=1:05:30', /"at=1:05:30" is not a time in whole seconds/],
    ['#s=bmFtZTogeA&at=-5', /"at=-5" is not a time in whole seconds/],
  ])('should report a corrupted hash %s instead of failing', (hash, reason) => {
    const result = readShareHash(hash);
    expect(result && 'error' in result ? result.error : '').toMatch(reason);
  });
});

describe('a share link cut short', () => {
  /** A scenario whose `faults:` starts at a whole group of base64 (3 bytes of UTF-8). */
  const HEAD = 'name: Größe\nsystem: standalone\nversion: { from: 1.0.0, to: 1.1.0 }\n';
  const BODY = `${HEAD}${'#'.repeat((3 - ((new TextEncoder().encode(HEAD).length + 1) % 3)) % 3)}\n`;
  const TEXT = `${BODY}faults:\n  - { fault: host-crash, target: device, when: { at: 1h } }\n`;
  const INCOMPLETE = /^the link is incomplete: it was cut short when it was copied/;
  const errorOf = (hash: string) => {
    const result = readShareHash(hash);
    return result && 'error' in result ? result.error : `opened ${JSON.stringify(result)}`;
  };

  it('should refuse a link cut where faults: begins instead of opening it without its faults', () => {
    expect(new TextEncoder().encode(BODY).length % 3).toBe(0);
    const hash = shareHash(TEXT);
    expect(readShareHash(hash)).toEqual({ text: TEXT });
    const encoded = encodeBase64Url(BODY);
    const cut = hash.slice(0, hash.indexOf(encoded) + encoded.length);
    // Before, the cut link decoded cleanly to the scenario without its faults.
    expect(decodeBase64Url(cut.slice(cut.indexOf('.') + 1))).toBe(BODY);
    expect(errorOf(cut)).toMatch(INCOMPLETE);
  });

  it('should refuse a link cut anywhere, its last character or mid-character included', () => {
    const hash = shareHash(TEXT, undefined, { at: 3_930_000 });
    const end = hash.indexOf('&');
    for (let length = '#s=x'.length; length < end; length++)
      expect([length, errorOf(hash.slice(0, length))]).toEqual([
        length,
        expect.stringMatching(INCOMPLETE),
      ]);
  });

  it('should still open a link made before links carried a check', () => {
    expect(readShareHash(`#s=${encodeBase64Url(TEXT)}&at=60`)).toEqual({ text: TEXT, at: 60_000 });
    // Such a link cut mid-character is reported as cut short, not as "not base64url".
    const old = encodeBase64Url(TEXT);
    const mid = old.length - (old.length % 4) - 3;
    expect(errorOf(`#s=${old.slice(0, mid)}`)).toMatch(INCOMPLETE);
    // Cut inside a character of two bytes (the ö of Größe).
    const umlaut = encodeBase64Url('name: Gr');
    expect(errorOf(`#s=${encodeBase64Url('name: Grö').slice(0, umlaut.length + 1)}`)).toMatch(
      INCOMPLETE,
    );
  });
});

describe("a share link's settings", () => {
  const TEXT = 'name: x\nsystem: standalone\n';
  const warningsOf = (hash: string) => {
    const result = readShareHash(hash);
    return result && 'text' in result ? result.warnings : `not opened: ${JSON.stringify(result)}`;
  };

  it('should say that a setting it does not know was ignored', () => {
    expect(readShareHash(`#s=${encodeBase64Url(TEXT)}&at=60&speed=2`)).toEqual({
      text: TEXT,
      at: 60_000,
      warnings: [
        '"speed=2" is not a setting a link carries (spoilers, at, drill, hide): it was ignored',
      ],
    });
  });

  it('should say which of a setting given twice was used', () => {
    expect(readShareHash(`#s=${encodeBase64Url(TEXT)}&at=60&at=7200`)).toEqual({
      text: TEXT,
      at: 60_000,
      warnings: ['it gives "at" twice ("at=60", then "at=7200"): the first was used'],
    });
  });

  it('should say what a drill does not hide, and what hides nothing without a drill', () => {
    expect(warningsOf(`#s=${encodeBase64Url(TEXT)}&drill=decisions&hide=faults,answers`)).toEqual([
      '"hide=faults,answers" names "answers", which a drill does not hide (faults, invariants): it was ignored',
    ]);
    expect(warningsOf(`#s=${encodeBase64Url(TEXT)}&hide=faults`)).toEqual([
      '"hide=faults" is for a drill link, and this one starts no drill: it was ignored',
    ]);
  });

  it('should check the settings with the text: settings cut short or changed are not applied', () => {
    const drill = { handsOn: true, hideFaults: true, hideInvariants: false };
    const hash = shareHash(TEXT, drill, { spoilerFree: true, at: 3_930_000 });
    expect(hash).toMatch(/^#s=[0-9a-f]+-\d+~[0-9a-f]+-\d+\./);
    expect(readShareHash(hash)).toEqual({ text: TEXT, spoilerFree: true, at: 3_930_000, drill });
    // Cut inside its settings: before, `&drill=hands-o` refused the link and `&at=39` opened
    // the run at 0:00:39 with nothing said.
    const settings = hash.indexOf('&');
    for (let length = settings; length < hash.length; length++) {
      const cut = readShareHash(hash.slice(0, length));
      expect([length, cut]).toEqual([
        length,
        {
          text: TEXT,
          warnings: [
            expect.stringMatching(
              /^its settings after the scenario \((none left|".*")\) were cut short or changed after it was made: none was applied, and the scenario opened at its start$/,
            ),
          ],
        },
      ]);
    }
    expect(warningsOf(hash.replace('&at=3930', '&at=9999'))).toHaveLength(1);
    // A link without settings has no check of them, as before.
    expect(shareHash(TEXT)).not.toContain('~');
  });
});

describe('a share link too long to open', () => {
  it('should be refused past the length browsers open', () => {
    expect(MAX_LINK_LENGTH).toBe(2_000_000);
    expect(linkTooLong('x'.repeat(MAX_LINK_LENGTH))).toBeUndefined();
    expect(linkTooLong('x'.repeat(4_005_568))).toBe(
      'the link would be 4,005,568 characters long, and browsers open no link past 2,000,000',
    );
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
    const result = readStoredSource(storage, 42);
    expect(result && 'error' in result ? result.error : '').toContain(SET_ASIDE_KEY);
    expect(readSetAside(storage)).toEqual([{ key: STORAGE_KEY, at: 42, value: '{broken' }]);
    expect(storage.items.has(STORAGE_KEY)).toBe(false);
    expect(readStoredSource(memoryStorage({ [STORAGE_KEY]: '{"text": 3}' }))).toHaveProperty(
      'error',
    );
  });

  it('should keep every unreadable value set aside, not only the last one', () => {
    const storage = memoryStorage();
    storage.items.set(STORAGE_KEY, '{first');
    readStoredSource(storage, 1_000);
    storage.items.set(STORAGE_KEY, '{second');
    readStoredSource(storage, 2_000);
    storage.items.set(DRAFTS_KEY, '[{"id": 1}]');
    expect(readDrafts(storage, 3_000)).toHaveProperty('error');
    expect(readSetAside(storage)).toEqual([
      { key: STORAGE_KEY, at: 1_000, value: '{first' },
      { key: STORAGE_KEY, at: 2_000, value: '{second' },
      { key: DRAFTS_KEY, at: 3_000, value: '[{"id": 1}]' },
    ]);
  });

  it('should keep a value set aside by an older version, as the first entry', () => {
    const storage = memoryStorage({ [SET_ASIDE_KEY]: 'raw old value', [STORAGE_KEY]: '{new' });
    readStoredSource(storage, 5);
    expect(readSetAside(storage)).toEqual([
      { key: STORAGE_KEY, at: null, value: 'raw old value' },
      { key: STORAGE_KEY, at: 5, value: '{new' },
    ]);
  });

  it('should keep the last SET_ASIDE_LIMIT values, and say when an older one was dropped', () => {
    const storage = memoryStorage();
    let said = '';
    for (let index = 0; index <= SET_ASIDE_LIMIT; index++) {
      storage.items.set(STORAGE_KEY, `{${index}`);
      const result = readStoredSource(storage, index);
      said = result && 'error' in result ? result.error : '';
    }
    const kept = readSetAside(storage);
    expect(kept).toHaveLength(SET_ASIDE_LIMIT);
    expect(kept[0]?.value).toBe('{1');
    expect(kept.at(-1)?.value).toBe(`{${SET_ASIDE_LIMIT}`);
    expect(said).toMatch(/oldest one was dropped/);
  });

  it('should say why a write failed, and a reload should say the stored text is older', () => {
    const storage = memoryStorage();
    expect(writeStoredSource(storage, { text: 'name: old', edited: true }, 1)).toEqual({
      ok: true,
    });
    const full: StorageLike = {
      ...storage,
      setItem: (key, value) => {
        if (value.length > 100) throw new DOMException('full', 'QuotaExceededError');
        storage.setItem(key, value);
      },
    };
    const result = writeStoredSource(full, { text: 'x'.repeat(200), edited: true }, 2);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.reason).toMatch(/full/);
    expect(readStoredSource(storage)).toEqual({
      source: { text: 'name: old', edited: true },
      stale: { at: 2, chars: 200 },
    });
    // A later write that fits clears the record.
    writeStoredSource(full, { text: 'name: new', edited: true }, 3);
    expect(storage.items.has(UNSAVED_KEY)).toBe(false);
    expect(readStoredSource(storage)).toEqual({ source: { text: 'name: new', edited: true } });
  });

  it('should remember a run in flight until it ends, by its text', () => {
    const storage = memoryStorage();
    markRunStarted(storage, 'name: slow', 7);
    expect(runNeverEnded(storage, 'name: slow')).toBe(true);
    expect(runNeverEnded(storage, 'name: other')).toBe(false);
    markRunEnded(storage, 6);
    expect(runNeverEnded(storage, 'name: slow')).toBe(true);
    markRunEnded(storage, 7);
    expect(runNeverEnded(storage, 'name: slow')).toBe(false);
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
    expect(writeStoredSource(refusing, { text: 'x', edited: true })).toMatchObject({ ok: false });
  });
});

describe('stored faults injected by hand', () => {
  const HOST_CRASH = { fault: 'host-crash', target: 'standby', when: { at: '1m' } };

  it('should remember them with the text they belong to, and forget them when there are none', () => {
    const storage = memoryStorage();
    const stored = storedFaults('name: x', [HOST_CRASH]);
    expect(writeStoredFaults(storage, stored)).toEqual({ ok: true });
    const read = readStoredFaults(storage);
    expect(read).toEqual({ stored });
    if (!('stored' in read) || !read.stored) throw new Error('nothing read');
    expect(sameText(read.stored, 'name: x')).toBe(true);
    expect(sameText(read.stored, 'name: x\n')).toBe(false);
    expect(sameText(read.stored, 'name: y')).toBe(false);
    writeStoredFaults(storage, storedFaults('name: x', []));
    expect(storage.items.has(LIVE_KEY)).toBe(false);
    expect(readStoredFaults(storage)).toEqual({});
  });

  it.each([
    '{broken',
    'null',
    '[]',
    '"text"',
    '{"faults": []}',
    '{"of": 1, "faults": []}',
    '{"of": "x", "faults": "host-crash"}',
    '{"of": "x", "faults": [1]}',
    '{"of": "x", "faults": [null]}',
    '{"of": "x", "faults": [["host-crash"]]}',
  ])('should set an unreadable value aside and say so: %s', (raw) => {
    const storage = memoryStorage({ [LIVE_KEY]: raw });
    const read = readStoredFaults(storage, 42);
    expect('error' in read ? read.error : '').toMatch(
      new RegExp(
        `^The stored list of the faults .* set aside .*"${SET_ASIDE_KEY}".* They were not injected again\\.$`,
      ),
    );
    expect(readSetAside(storage)).toEqual([{ key: LIVE_KEY, at: 42, value: raw }]);
    expect(storage.items.has(LIVE_KEY)).toBe(false);
  });

  it('should take an entry as it is: what it says is for the parser to check', () => {
    const entry = { fault: 'no-such-fault', when: 'soon', extra: [1] };
    const storage = memoryStorage({ [LIVE_KEY]: JSON.stringify({ of: 'x', faults: [entry] }) });
    expect(readStoredFaults(storage)).toEqual({ stored: { of: 'x', faults: [entry] } });
  });

  it('should survive storage that refuses access', () => {
    const refusing: StorageLike = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError');
      },
      removeItem: () => undefined,
    };
    expect(readStoredFaults(refusing)).toEqual({});
    expect(readStoredFaults(undefined)).toEqual({});
    const written = writeStoredFaults(refusing, storedFaults('x', [HOST_CRASH]));
    expect(written.ok ? '' : written.reason).toMatch(/full/);
  });
});

describe('drill links', () => {
  it.each([
    { handsOn: false, hideFaults: false, hideInvariants: false },
    { handsOn: true, hideFaults: true, hideInvariants: false },
    { handsOn: true, hideFaults: true, hideInvariants: true },
  ])('should read back the drill a link shares (%j)', (drill) => {
    expect(readShareHash(shareHash('name: x', drill))).toEqual({ text: 'name: x', drill });
  });

  it('should refuse a drill it does not know', () => {
    const hash = `${shareHash('name: x')}&drill=sideways`;
    expect(readShareHash(hash)).toEqual({
      error: 'the drill "sideways" is neither decisions nor hands-on',
    });
  });
});

describe("the trainer's settings", () => {
  it('should keep presenter mode and spoiler-free mode across a reload', () => {
    const storage = memoryStorage();
    expect(readSettings(storage)).toEqual({});
    writeSettings(storage, { presenter: true, spoilerFree: false });
    expect(readSettings(storage)).toEqual({ presenter: true });
    writeSettings(storage, { presenter: true, spoilerFree: true });
    expect(readSettings(storage)).toEqual({ presenter: true, spoilerFree: true });
    writeSettings(storage, { presenter: false, spoilerFree: true });
    expect(readSettings(storage)).toEqual({ spoilerFree: true });
  });

  it('should read an unreadable value as the defaults', () => {
    for (const raw of ['{', 'null', '[]', '{"presenter":"yes"}']) {
      expect(readSettings(memoryStorage({ [SETTINGS_KEY]: raw }))).toEqual({});
    }
  });
});
