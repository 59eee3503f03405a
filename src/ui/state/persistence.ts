import { isDraft, type Draft } from './drafts';
import type { Drill, DrillChoice, PlanItem } from '../drill/drillLogic';

/** Where the editor's text came from, as remembered across reloads and shared in links. */
export interface StoredSource {
  readonly text: string;
  /** The built-in scenario the text started from, if any. */
  readonly builtin?: string;
  /** Whether the user changed the text. */
  readonly edited: boolean;
  /** Whether the text holds typing that is in no draft (taken as `edited` when absent). */
  readonly dirty?: boolean;
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

/** What a drill link says beside its scenario: the kind of drill and what the trainer hides. */
export interface DrillLink {
  readonly handsOn: boolean;
  readonly hideFaults: boolean;
  readonly hideInvariants: boolean;
}

/** The trainer's settings a link carries beside its scenario and drill. */
export interface LinkSettings {
  /** Spoiler-free mode: the views show only what the playhead has reached. */
  readonly spoilerFree?: boolean;
  /** Where the playhead stands (virtual ms): the link opens the run there, in whole seconds. */
  readonly at?: number;
}

/**
 * The longest share link the app gives, in characters. Chromium opens no URL past 2 MB
 * (2,097,152 characters, its `url::kMaxURLChars`): a longer link fails with net::ERR_ABORTED.
 * 2,000,000 keeps under that with room to spare.
 */
export const MAX_LINK_LENGTH = 2_000_000;

/**
 * Why the share link `url` would not open in a browser (past {@link MAX_LINK_LENGTH}), or
 * nothing when it would. Pure.
 */
export function linkTooLong(url: string): string | undefined {
  if (url.length <= MAX_LINK_LENGTH) return undefined;
  return `the link would be ${url.length.toLocaleString('en-US')} characters long, and browsers open no link past ${MAX_LINK_LENGTH.toLocaleString('en-US')}`;
}

/** What a share link that cannot be read is reported as. Pure. */
export function linkNotice(error: string): string {
  return `The scenario in this link could not be read (${error}); it was ignored.`;
}

/** What a setting of a share link that was not applied is reported as (see {@link SharedLink}). Pure. */
export function linkSettingNotice(warning: string): string {
  return `The link opened, but ${warning}.`;
}

/** The settings a link carries after its scenario, in the order {@link shareHash} writes them. */
const LINK_PARAMS = ['spoilers', 'at', 'drill', 'hide'] as const;

/** What a drill link may hide. */
const HIDDEN = ['faults', 'invariants'] as const;

/** What a link cut short is reported as: it opens nothing. */
const INCOMPLETE =
  'the link is incomplete: it was cut short when it was copied, so it does not hold the whole scenario; copy the whole link again';

/**
 * The URL hash that shares a scenario: `#s=`, a check of the text (its fingerprint: FNV-1a and
 * its length in characters, see {@link textHash}), a check of the settings after it when there
 * are any (`~` and their fingerprint), and `.`, then base64url of its UTF-8 YAML. The checks
 * come before the text so that a link cut short anywhere is refused rather than opened as a
 * shorter scenario, and settings cut short or changed are noticed rather than read as others (a
 * link without a check, or without one of its settings, made before there were, opens as it
 * did). A drill adds
 * `&drill=decisions` or `&drill=hands-on`, and `&hide=faults,invariants` for what it hides;
 * spoiler-free mode adds `&spoilers=hidden`; a playhead past the start adds `&at=` and its
 * virtual time in whole seconds (`&at=3930` opens the run at 1:05:30). Pure.
 */
export function shareHash(text: string, drill?: DrillLink, settings: LinkSettings = {}): string {
  const seconds = settings.at === undefined ? 0 : Math.floor(settings.at / 1000);
  const hidden = [
    ...(drill?.hideFaults ? ['faults'] : []),
    ...(drill?.hideInvariants ? ['invariants'] : []),
  ];
  const params =
    (settings.spoilerFree ? '&spoilers=hidden' : '') +
    (seconds > 0 ? `&at=${seconds}` : '') +
    (drill ? `&drill=${drill.handsOn ? 'hands-on' : 'decisions'}` : '') +
    (drill && hidden.length > 0 ? `&hide=${hidden.join(',')}` : '');
  const check = textHash(text) + (params === '' ? '' : `~${textHash(params)}`);
  return `${HASH_PREFIX}${check}.${encodeBase64Url(text)}${params}`;
}

/** Whether base64url `encoded` is UTF-8 but for its last character, cut short. Pure. */
function endsMidCharacter(encoded: string): boolean {
  try {
    const padded =
      encoded.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (encoded.length % 4)) % 4);
    const bytes = Uint8Array.from(atob(padded), (char) => char.charCodeAt(0));
    // Streaming, a sequence cut at the end is held back rather than refused.
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** A shared scenario, and the drill to reopen it in when the link shares one. */
interface SharedLink {
  readonly text: string;
  readonly drill?: DrillLink;
  /** The link opens in spoiler-free mode. */
  readonly spoilerFree?: true;
  /** Where the link opens the run (virtual ms). */
  readonly at?: number;
  /** What in the link was not applied, and what was done instead: one clause each. */
  readonly warnings?: readonly string[];
}

/**
 * Reads a shared scenario from a URL hash. Pure.
 * @returns `undefined` when the hash shares nothing, the text, or an error saying what is wrong.
 */
export function readShareHash(hash: string): SharedLink | { error: string } | undefined {
  if (!hash.startsWith(HASH_PREFIX)) return undefined;
  const body = hash.slice(HASH_PREFIX.length);
  const amp = body.indexOf('&');
  const value = amp < 0 ? body : body.slice(0, amp);
  const paramText = amp < 0 ? '' : body.slice(amp);
  // `check.text`, or a link made before links carried a check (`.` is not base64url).
  const dot = value.indexOf('.');
  const checks = dot < 0 ? undefined : value.slice(0, dot);
  const encoded = dot < 0 ? value : value.slice(dot + 1);
  // Cut short before its text (`#s=1a2b3c4d-12~9f`): only a check, no text.
  if (checks === undefined && /^[0-9a-f]{1,8}(-\d*(~[0-9a-f]{0,8}(-\d*)?)?)?$/.test(encoded))
    return { error: INCOMPLETE };
  // The text's check, then the settings' (`~…`) in a link made since links checked them.
  const tilde = checks?.indexOf('~') ?? -1;
  const check = tilde < 0 ? checks : checks?.slice(0, tilde);
  const paramsCheck = tilde < 0 ? undefined : checks?.slice(tilde + 1);
  let text: string;
  try {
    text = decodeBase64Url(encoded);
  } catch (error) {
    // Cut mid-character: no base64url is 4k+1 long, and UTF-8 cut short ends mid-sequence.
    if (
      /^[A-Za-z0-9_-]*$/.test(encoded) &&
      (check !== undefined || encoded.length % 4 === 1 || endsMidCharacter(encoded))
    )
      return { error: INCOMPLETE };
    return { error: error instanceof Error ? error.message : String(error) };
  }
  if (check !== undefined && check !== textHash(text)) return { error: INCOMPLETE };
  if (text.trim() === '') return { error: 'the link holds no scenario text' };
  // Settings cut short or changed after the link was made: none is read as another, the
  // scenario (checked on its own) opens as shared without them.
  if (paramsCheck !== undefined && paramsCheck !== textHash(paramText))
    return {
      text,
      warnings: [
        `its settings after the scenario (${paramText === '' ? 'none left' : `"${paramText.slice(1)}"`}) were cut short or changed after it was made: none was applied, and the scenario opened at its start`,
      ],
    };
  const warnings: string[] = [];
  const values = new Map<string, string>();
  for (const param of paramText.split('&').slice(1)) {
    if (param === '') continue;
    const at = param.indexOf('=');
    const key = at < 0 ? param : param.slice(0, at);
    if (!(LINK_PARAMS as readonly string[]).includes(key)) {
      warnings.push(
        `"${param}" is not a setting a link carries (${LINK_PARAMS.join(', ')}): it was ignored`,
      );
      continue;
    }
    const first = values.get(key);
    if (first !== undefined) {
      warnings.push(
        `it gives "${key}" twice ("${key}=${first}", then "${param}"): the first was used`,
      );
      continue;
    }
    values.set(key, at < 0 ? '' : param.slice(at + 1));
  }
  const spoilers = values.get('spoilers');
  if (spoilers !== undefined && spoilers !== 'hidden')
    return { error: `"spoilers=${spoilers}" is not "spoilers=hidden"` };
  const at = values.get('at');
  if (at !== undefined && !/^\d{1,9}$/.test(at))
    return { error: `"at=${at}" is not a time in whole seconds from the run's start` };
  const settings = {
    ...(spoilers === 'hidden' ? { spoilerFree: true as const } : {}),
    ...(at === undefined ? {} : { at: Number(at) * 1000 }),
  };
  const mode = values.get('drill');
  const hide = values.get('hide');
  if (mode === undefined) {
    if (hide !== undefined)
      warnings.push(
        `"hide=${hide}" is for a drill link, and this one starts no drill: it was ignored`,
      );
    return { text, ...settings, ...(warnings.length > 0 ? { warnings } : {}) };
  }
  if (mode !== 'decisions' && mode !== 'hands-on')
    return { error: `the drill "${mode}" is neither decisions nor hands-on` };
  const hidden = (hide ?? '').split(',').filter((name) => name !== '');
  const unknown = hidden.filter((name) => !(HIDDEN as readonly string[]).includes(name));
  if (unknown.length > 0)
    warnings.push(
      `"hide=${hide}" names ${unknown.map((name) => `"${name}"`).join(', ')}, which a drill does not hide (${HIDDEN.join(', ')}): ${unknown.length === 1 ? 'it was' : 'they were'} ignored`,
    );
  return {
    text,
    ...settings,
    ...(warnings.length > 0 ? { warnings } : {}),
    drill: {
      handsOn: mode === 'hands-on',
      hideFaults: hidden.includes('faults'),
      hideInvariants: hidden.includes('invariants'),
    },
  };
}

/** The localStorage key of the trainer's settings (spoiler-free mode, presenter mode). */
export const SETTINGS_KEY = 'rehearse.settings.v1';

/** The trainer's settings remembered across reloads: a link's, and presenter mode. */
export interface StoredSettings extends LinkSettings {
  /** Presenter mode (a projector's layout), kept so a reload in front of a class keeps it. */
  readonly presenter?: boolean;
}

/** The settings remembered across reloads; an unreadable value reads as the defaults. */
export function readSettings(storage: StorageLike | undefined): StoredSettings {
  try {
    const raw = storage?.getItem(SETTINGS_KEY);
    if (!raw) return {};
    const value = JSON.parse(raw) as { spoilerFree?: unknown; presenter?: unknown } | null;
    return {
      ...(value?.spoilerFree === true ? { spoilerFree: true } : {}),
      ...(value?.presenter === true ? { presenter: true } : {}),
    };
  } catch {
    return {};
  }
}

/** Remembers the settings; says why when storage refuses. */
export function writeSettings(
  storage: StorageLike | undefined,
  settings: StoredSettings,
): WriteResult {
  try {
    storage?.setItem(
      SETTINGS_KEY,
      JSON.stringify({
        spoilerFree: settings.spoilerFree === true,
        presenter: settings.presenter === true,
      }),
    );
    return { ok: true };
  } catch (error) {
    return failure(error);
  }
}

/** The parts of `Storage` this module uses (so tests can pass a plain object). */
export type StorageLike = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** The localStorage key of the user's drafts (a JSON array). */
export const DRAFTS_KEY = 'rehearse.drafts.v1';
/** Set while the editor's latest text could not be stored: the stored text is older. */
export const UNSAVED_KEY = 'rehearse.editor.v1.unsaved';
/** Set while a run is being simulated; still set at start-up when the last one never ended. */
const RUN_KEY = 'rehearse.run.v1.inflight';
/** Most unreadable values kept under {@link SET_ASIDE_KEY}; past it the oldest is dropped. */
export const SET_ASIDE_LIMIT = 10;

/** An unreadable stored value, kept as it was found. */
interface SetAside {
  /** The key it was read from. */
  readonly key: string;
  /** When it was set aside (milliseconds since the epoch); `null` for one kept before dates were. */
  readonly at: number | null;
  readonly value: string;
}

function isSetAside(value: unknown): value is SetAside {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Record<string, unknown>;
  return (
    typeof entry.key === 'string' &&
    typeof entry.value === 'string' &&
    (entry.at === null || typeof entry.at === 'number')
  );
}

/**
 * Every value set aside so far, oldest first. A value stored there by an older version (one raw
 * string) is read as one entry, so it is kept too.
 */
export function readSetAside(storage: StorageLike): SetAside[] {
  const raw = storage.getItem(SET_ASIDE_KEY);
  if (raw === null) return [];
  try {
    const value: unknown = JSON.parse(raw);
    if (Array.isArray(value) && value.every(isSetAside)) return value;
  } catch {
    // Not a list: a single value kept by an older version.
  }
  return [{ key: STORAGE_KEY, at: null, value: raw }];
}

/**
 * Moves an unreadable value from `key` to the list under {@link SET_ASIDE_KEY}, keeping the
 * {@link SET_ASIDE_LIMIT} newest. Earlier ones are never overwritten by a later one.
 * @returns The sentence to show the user.
 */
function setAside(storage: StorageLike, key: string, raw: string, now: number, what: string) {
  try {
    const kept = [...readSetAside(storage), { key, at: now, value: raw }];
    const dropped = Math.max(0, kept.length - SET_ASIDE_LIMIT);
    storage.setItem(SET_ASIDE_KEY, JSON.stringify(kept.slice(dropped)));
    storage.removeItem(key);
    return (
      `${what} could not be read; it was set aside in localStorage under "${SET_ASIDE_KEY}" ` +
      `(${kept.length - dropped} value${kept.length - dropped === 1 ? '' : 's'} kept there, with the time each was set aside` +
      `${dropped > 0 ? `; the oldest ${dropped === 1 ? 'one was' : `${dropped} were`} dropped to keep the last ${SET_ASIDE_LIMIT}` : ''}).`
    );
  } catch {
    // Storage refused the write; the value stays where it was and is ignored.
    return `${what} could not be read, and there was no room to set it aside: it is still under "${key}" in localStorage, and it will be overwritten when the app saves again.`;
  }
}

/** What a stored write did. */
export type WriteResult = { readonly ok: true } | { readonly ok: false; readonly reason: string };

function failure(error: unknown): WriteResult {
  const name = error instanceof Error ? error.name : '';
  return {
    ok: false,
    reason:
      name === 'QuotaExceededError' || /quota/i.test(String(error))
        ? "the browser's storage for this page is full"
        : `the browser refused to store it (${error instanceof Error ? error.message : String(error)})`,
  };
}

/** The record left when the latest text could not be stored. */
interface Unsaved {
  readonly at: number;
  readonly chars: number;
}

/**
 * Reads the editor's remembered text. An unreadable value is set aside (see {@link setAside}).
 * @param now Wall-clock milliseconds, recorded with a value set aside.
 * @returns The stored source (with `stale` when newer text could not be stored after it), an
 *   error to report, or nothing when none was stored.
 */
export function readStoredSource(
  storage: StorageLike | undefined,
  now: number = Date.now(),
): { source: StoredSource; stale?: Unsaved } | { error: string } | undefined {
  if (!storage) return undefined;
  let raw: string | null;
  let unsaved: string | null;
  try {
    raw = storage.getItem(STORAGE_KEY);
    unsaved = storage.getItem(UNSAVED_KEY);
  } catch {
    return undefined;
  }
  if (raw === null) return undefined;
  let stale: Unsaved | undefined;
  try {
    const value: unknown = unsaved === null ? undefined : JSON.parse(unsaved);
    const record = value as Partial<Unsaved> | undefined;
    if (typeof record?.at === 'number' && typeof record.chars === 'number')
      stale = { at: record.at, chars: record.chars };
  } catch {
    stale = undefined;
  }
  try {
    const value: unknown = JSON.parse(raw);
    if (
      typeof value === 'object' &&
      value !== null &&
      typeof (value as StoredSource).text === 'string' &&
      typeof (value as StoredSource).edited === 'boolean' &&
      ((value as StoredSource).builtin === undefined ||
        typeof (value as StoredSource).builtin === 'string') &&
      ((value as StoredSource).dirty === undefined ||
        typeof (value as StoredSource).dirty === 'boolean')
    ) {
      const { text, edited, builtin, dirty } = value as StoredSource;
      return {
        source: {
          text,
          edited,
          ...(builtin !== undefined ? { builtin } : {}),
          ...(dirty !== undefined ? { dirty } : {}),
        },
        ...(stale ? { stale } : {}),
      };
    }
    throw new Error('unexpected shape');
  } catch {
    const said = setAside(storage, STORAGE_KEY, raw, now, 'Your saved editor text');
    return { error: `${said} The app started fresh.` };
  }
}

/**
 * Remembers the editor's text. When storage refuses (full, disabled) it says why, and leaves a
 * record that the stored text is older than the one on screen, so a reload can say so.
 * @param now Wall-clock milliseconds, recorded with a failure.
 */
export function writeStoredSource(
  storage: StorageLike | undefined,
  source: StoredSource,
  now: number = Date.now(),
): WriteResult {
  if (!storage) return { ok: true };
  try {
    storage.setItem(STORAGE_KEY, JSON.stringify(source));
  } catch (error) {
    try {
      storage.setItem(UNSAVED_KEY, JSON.stringify({ at: now, chars: source.text.length }));
    } catch {
      // Even the record does not fit: the notice shown now is all there is.
    }
    return failure(error);
  }
  try {
    storage.removeItem(UNSAVED_KEY);
  } catch {
    // Removing never fails for want of room; a refusal leaves a stale record at worst.
  }
  return { ok: true };
}

/**
 * Reads the saved drafts. An unreadable value is set aside like the editor's text.
 * @returns The drafts (none when nothing is stored), or the error to report.
 */
export function readDrafts(
  storage: StorageLike | undefined,
  now: number = Date.now(),
): { drafts: Draft[] } | { drafts: Draft[]; error: string } {
  if (!storage) return { drafts: [] };
  let raw: string | null;
  try {
    raw = storage.getItem(DRAFTS_KEY);
  } catch {
    return { drafts: [] };
  }
  if (raw === null) return { drafts: [] };
  try {
    const value: unknown = JSON.parse(raw);
    if (Array.isArray(value) && value.every(isDraft)) return { drafts: value };
  } catch {
    // Set aside below.
  }
  return { drafts: [], error: setAside(storage, DRAFTS_KEY, raw, now, 'Your saved drafts') };
}

/** Stores the drafts; says why when storage refuses. */
export function writeDrafts(
  storage: StorageLike | undefined,
  drafts: readonly Draft[],
): WriteResult {
  try {
    storage?.setItem(DRAFTS_KEY, JSON.stringify(drafts));
    return { ok: true };
  } catch (error) {
    return failure(error);
  }
}

/** The localStorage key of the faults injected by hand, kept beside the editor's text. */
export const LIVE_KEY = 'rehearse.editor.v1.live';

/** One `faults:` entry, as YAML gives it (`{ fault, target, when: { at: '1h2m' } }`). */
export type FaultEntry = Readonly<Record<string, unknown>>;

/**
 * The faults injected by hand, remembered across reloads with the text they were injected into.
 * Each is kept as its `faults:` entry (what a share link and **Write into the scenario** write),
 * so it is read back by the scenario parser itself, with the same checks.
 */
export interface StoredFaults {
  /** The fingerprint of the editor's text they belong to (see {@link sameText}). */
  readonly of: string;
  readonly faults: readonly FaultEntry[];
}

function isEntry(value: unknown): value is FaultEntry {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Where a shared link opens the run of its text, as a reload's stored playhead says it. Pure. */
export function linkPlayhead(text: string, at: number): StoredPlayhead {
  return { of: textHash(text), at, link: true };
}

/** Whether what is stored belongs to `text` (the faults injected into it, the playhead of its run). Pure. */
export function sameText(stored: { readonly of: string }, text: string): boolean {
  return stored.of === textHash(text);
}

/**
 * Reads the faults injected by hand before the last reload. The shape is checked here (a
 * fingerprint and a list of mappings); what each entry says is checked by the parser when the
 * text's run is simulated. An unreadable value is set aside like the editor's text.
 * @returns The faults (none when nothing is stored), or the error to report.
 */
export function readStoredFaults(
  storage: StorageLike | undefined,
  now: number = Date.now(),
): { stored?: StoredFaults } | { error: string } {
  if (!storage) return {};
  let raw: string | null;
  try {
    raw = storage.getItem(LIVE_KEY);
  } catch {
    return {};
  }
  if (raw === null) return {};
  try {
    const value: unknown = JSON.parse(raw);
    const record = value as Partial<Record<keyof StoredFaults, unknown>> | null;
    if (
      isEntry(record) &&
      typeof record.of === 'string' &&
      Array.isArray(record.faults) &&
      record.faults.every(isEntry)
    ) {
      const faults = record.faults;
      return faults.length === 0 ? {} : { stored: { of: record.of, faults } };
    }
  } catch {
    // Set aside below.
  }
  const said = setAside(
    storage,
    LIVE_KEY,
    raw,
    now,
    'The stored list of the faults you had injected by hand',
  );
  return { error: `${said} They were not injected again.` };
}

/**
 * Remembers the faults injected by hand with the text they belong to (none: forgets them);
 * says why when storage refuses.
 */
export function writeStoredFaults(
  storage: StorageLike | undefined,
  faults: StoredFaults | undefined,
): WriteResult {
  try {
    if (!faults || faults.faults.length === 0) storage?.removeItem(LIVE_KEY);
    else storage?.setItem(LIVE_KEY, JSON.stringify(faults));
    return { ok: true };
  } catch (error) {
    return failure(error);
  }
}

/** What {@link writeStoredFaults} stores for `faults` injected into `text`. Pure. */
export function storedFaults(text: string, faults: readonly FaultEntry[]): StoredFaults {
  return { of: textHash(text), faults };
}

/** The localStorage key of where the playhead was when the page was left. */
export const PLAYHEAD_KEY = 'rehearse.playhead.v1';

/** Where the playhead stood in the run of a text (its fingerprint, see {@link sameText}). */
export interface StoredPlayhead {
  readonly of: string;
  /** Virtual time, ms. */
  readonly at: number;
  /** Given by a share link (`&at=`), not left by a reload: said so when it is past the run's end. */
  readonly link?: true;
}

/**
 * Remembers where the playhead stands in the run of `text` as the page is left, so that a reload
 * (a projector's tab refreshed mid-class) puts the run back at that instant rather than at 0.
 * Nothing is reported when storage refuses it: the run then starts at 0, as it did.
 */
export function writePlayhead(storage: StorageLike | undefined, text: string, at: number): void {
  try {
    storage?.setItem(PLAYHEAD_KEY, JSON.stringify({ of: textHash(text), at }));
  } catch {
    // Starting the run at 0 after the reload is the only loss.
  }
}

/** The playhead stored as the page was last left; anything unreadable reads as none. */
export function readPlayhead(storage: StorageLike | undefined): StoredPlayhead | undefined {
  try {
    const raw = storage?.getItem(PLAYHEAD_KEY);
    if (!raw) return undefined;
    const value = JSON.parse(raw) as { of?: unknown; at?: unknown };
    return typeof value.of === 'string' &&
      typeof value.at === 'number' &&
      Number.isFinite(value.at) &&
      value.at >= 0
      ? { of: value.of, at: value.at }
      : undefined;
  } catch {
    return undefined;
  }
}

/** The localStorage key of the drill on screen when the page was left. */
export const DRILL_KEY = 'rehearse.drill.v1';

/**
 * A drill as the page was left, with the text it was drilled on: what the trainer hid, the
 * trainee's choices, and a hands-on drill's steps (as `plan:` items). A reload takes it up
 * again: before, the drill was dropped and the playhead put back into the scenario's own run,
 * the opposite recovery on the stage at the same instant with nothing said.
 */
export interface StoredDrill {
  /** The fingerprint of the text drilled (see {@link sameText}). */
  readonly of: string;
  readonly hideFaults: boolean;
  readonly hideInvariants: boolean;
  readonly choices: readonly DrillChoice[];
  /** A hands-on drill's steps so far; absent for a drill of decisions. */
  readonly steps?: readonly PlanItem[];
}

/** Remembers the drill as the page is left (none: forgets the last one). Storage refusing it loses only the drill. */
export function writeDrill(
  storage: StorageLike | undefined,
  text: string,
  drill: Drill | undefined,
): void {
  try {
    if (!drill) {
      storage?.removeItem(DRILL_KEY);
      return;
    }
    const stored: StoredDrill = {
      of: textHash(text),
      hideFaults: drill.hideFaults,
      hideInvariants: drill.hideInvariants,
      choices: drill.choices,
      ...(drill.handsOn ? { steps: drill.handsOn.steps } : {}),
    };
    storage?.setItem(DRILL_KEY, JSON.stringify(stored));
  } catch {
    // The drill then starts over after the reload, as it did.
  }
}

/** Whether a stored choice has the shape {@link DrillChoice} gives it (its rule is read again by the run). */
function isChoice(value: unknown): value is DrillChoice {
  if (typeof value !== 'object' || value === null) return false;
  const choice = value as Partial<Record<keyof DrillChoice, unknown>>;
  return (
    typeof choice.rule === 'object' &&
    choice.rule !== null &&
    typeof choice.at === 'number' &&
    Array.isArray(choice.options) &&
    typeof choice.fallback === 'string' &&
    typeof choice.fallbackBy === 'string' &&
    typeof choice.source === 'object' &&
    choice.source !== null
  );
}

/** The drill stored as the page was last left; anything unreadable reads as none. */
export function readDrill(storage: StorageLike | undefined): StoredDrill | undefined {
  try {
    const raw = storage?.getItem(DRILL_KEY);
    if (!raw) return undefined;
    const value = JSON.parse(raw) as Partial<Record<keyof StoredDrill, unknown>>;
    const steps = value.steps;
    if (
      typeof value.of !== 'string' ||
      typeof value.hideFaults !== 'boolean' ||
      typeof value.hideInvariants !== 'boolean' ||
      !Array.isArray(value.choices) ||
      !value.choices.every(isChoice) ||
      (steps !== undefined &&
        !(
          Array.isArray(steps) &&
          steps.every(
            (step) => typeof step === 'string' || (typeof step === 'object' && step !== null),
          )
        ))
    )
      return undefined;
    return {
      of: value.of,
      hideFaults: value.hideFaults,
      hideInvariants: value.hideInvariants,
      choices: value.choices,
      ...(steps === undefined ? {} : { steps: steps as PlanItem[] }),
    };
  } catch {
    return undefined;
  }
}

/** A short fingerprint of a text (FNV-1a over its UTF-16 code units, its length appended). Pure. */
function textHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return `${(hash >>> 0).toString(16)}-${text.length}`;
}

/** Records, before a run starts, that the run of `text` is in flight. */
export function markRunStarted(storage: StorageLike | undefined, text: string, id: number): void {
  try {
    storage?.setItem(RUN_KEY, JSON.stringify({ id, hash: textHash(text) }));
  } catch {
    // Without the record a run that never ends is tried again at start-up, in the worker.
  }
}

/** Clears the in-flight record, if it is still the one of run `id`. */
export function markRunEnded(storage: StorageLike | undefined, id: number): void {
  try {
    const raw = storage?.getItem(RUN_KEY);
    if (raw && (JSON.parse(raw) as { id?: unknown }).id === id) storage?.removeItem(RUN_KEY);
  } catch {
    storage?.removeItem(RUN_KEY);
  }
}

/** Whether the last session ended while `text` was being simulated. */
export function runNeverEnded(storage: StorageLike | undefined, text: string): boolean {
  try {
    const raw = storage?.getItem(RUN_KEY);
    if (!raw) return false;
    return (JSON.parse(raw) as { hash?: unknown }).hash === textHash(text);
  } catch {
    return false;
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
