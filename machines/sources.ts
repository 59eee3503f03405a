import type { SystemKind } from './types';

/**
 * Where a step of a procedure comes from: a source document, a vendor's documentation, or
 * Rehearse's own assumption where both are silent.
 */
export const SOURCE_KINDS = ['document', 'vendor', 'assumption'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** The provenance of a planned or recovery step (`steps[].source` in reports). */
export interface StepSource {
  readonly kind: SourceKind;
  /** The document and its step, the vendor's page, or what Rehearse assumes. */
  readonly ref: string;
  /** For an assumption: the scenario key that changes it, when one does. */
  readonly key?: string;
}

/** The three source documents, as a step's `ref` names them. */
export const DOCUMENTS: Readonly<Record<SystemKind, string>> = {
  serverware: 'SERVERware upgrade procedure impact (Bicom)',
  'ha-pair': 'HA pair upgrade procedure',
  standalone: 'Single-server upgrade guide',
};

/**
 * Vendors' documentation Rehearse relies on where the source documents are silent: one entry
 * per fact, cited by key. The list in docs/procedures.md ("Where each step comes from") is this table.
 */
export const VENDOR_FACTS = {
  'bicom-processing-failover':
    'Bicom, "SERVERware 3: how does the failover work": when a processing host becomes unavailable, the controller connects another processing host to its VPS volumes and starts its VPSs there',
  'bicom-storage-takeover':
    'Bicom, "SERVERware 5.0 Cluster": the two storage servers mirror each other in real time; if one fails, the other can take over',
  'cisco-asa-hold-time':
    'Cisco ASA failover: a unit is declared failed after the unit hold time, 15 s by default',
  'huawei-hrp-preemption-delay':
    'Huawei HRP: the preferred device preempts after a delay, 60 s by default',
  'sangfor-preemption-delay': 'Sangfor HA: the preemption delay, 300 s',
  'palo-alto-preemption':
    'Palo Alto HA upgrade: disable preemption to prevent failover during the upgrade',
} as const;

type VendorFact = keyof typeof VENDOR_FACTS;

/** A step the source document of `system` prescribes; `where` names its step. Pure. */
export function documented(system: SystemKind, where: string): StepSource {
  return { kind: 'document', ref: `${DOCUMENTS[system]}, ${where}` };
}

/** The parts of a SERVERware hop, in the document's order. */
export type ServerwarePart = 'backup' | 'processing' | 'secondary' | 'former';

/**
 * A step of the SERVERware document: its steps are numbered per edition, the Cluster's
 * processing hosts coming second. Pure.
 */
export function serverwareStep(part: ServerwarePart, cluster: boolean, what: string): StepSource {
  const number = { backup: 1, processing: 2, secondary: cluster ? 3 : 2, former: cluster ? 4 : 3 }[
    part
  ];
  return documented('serverware', `step ${number} (${what})`);
}

/**
 * A SERVERware host's check after its restart, as Rehearse runs one for every host it upgrades,
 * and what it confirms beyond the version where the document says (`also`):
 * the document upgrades each host and says to check only the former Primary, in the Cluster
 * sections from 3.3.x ("ensure all services are up and the pool is ONLINE with no errors");
 * every other check is Rehearse's. Pure.
 * @param documentedCheck Whether the document asks for this one (see `documentsPoolCheck`).
 */
export function serverwareCheck(
  documentedCheck: boolean,
  cluster: boolean,
): { readonly source: StepSource; readonly also?: string } {
  return documentedCheck
    ? {
        source: serverwareStep(
          'former',
          cluster,
          'the former Primary: ensure all services are up and the pool is ONLINE with no errors',
        ),
        // What the document asks it to confirm, said in the step's note.
        also: 'its services up and the pool ONLINE with no errors',
      }
    : {
        source: assumed(
          'a check that the host runs its new version before the procedure goes on; the document upgrades each host and asks for a check only of the former Primary, in the Cluster sections from 3.3.x',
        ),
      };
}

/** A step a vendor's documentation describes. Pure. */
export function vendor(fact: VendorFact): StepSource {
  return { kind: 'vendor', ref: VENDOR_FACTS[fact] };
}

/**
 * A step Rehearse assumes where the documents are silent. `what` says what it assumes, in
 * words; `key` names the scenario key that changes it. Pure.
 */
export function assumed(what: string, key?: string): StepSource {
  return key === undefined
    ? { kind: 'assumption', ref: what }
    : { kind: 'assumption', ref: what, key };
}

/**
 * The source of a step of a plan written by hand in the scenario (`plan[index]`), and where the
 * document has a step that does the same (`step 5`, `step 1 or step 6`), if it has one: a plan's
 * documented steps read otherwise as if the document had no such step. Pure.
 */
export function handWritten(index: number, documented?: string): StepSource {
  return assumed(
    `plan[${index}] of the scenario: a step written by hand, run as written${documented === undefined ? '' : `; the document has it as ${documented}`}`,
    'plan',
  );
}

/** The place in the scenario's `plan:` of a step written there (see {@link handWritten}). Pure. */
export function writtenIndex(source: StepSource): number | undefined {
  if (source.kind !== 'assumption' || source.key !== 'plan') return undefined;
  const found = /^plan\[(\d+)\] of the scenario: /.exec(source.ref);
  return found ? Number(found[1]) : undefined;
}

/**
 * A step's provenance in a few words, for a table column: `document: step 5`, `vendor`,
 * `assumption`, or `as written` for a step of the scenario's own `plan:` (the author's, not
 * Rehearse's: its `ref` says where). Pure.
 */
export function sourceLabel(source: StepSource): string {
  if (writtenIndex(source) !== undefined) return 'as written';
  if (source.kind !== 'document') return source.kind;
  for (const name of Object.values(DOCUMENTS)) {
    // The document's step without what follows it: `document: step 3`.
    if (source.ref.startsWith(`${name}, `))
      return `document: ${source.ref.slice(name.length + 2).replace(/ \(.*\)$|: .*$/, '')}`;
  }
  return 'document';
}

/** How {@link describeSource} writes its words and the scenario key it names. */
export interface SourceWriting {
  /** Writes plain words (a Markdown escaper, for a Markdown page). */
  readonly text: (words: string) => string;
  /** Writes the name of a scenario key. */
  readonly code: (name: string) => string;
}

/** Words as they are; a scenario key between backticks. */
const PLAIN_WRITING: SourceWriting = { text: (words) => words, code: (name) => `\`${name}\`` };

/**
 * A step's provenance in words, for narration: "HA pair upgrade procedure, step 5" or "Rehearse
 * assumes … (the scenario key `recovery` changes it)". Pure.
 * @param writing how words and the key are written: a Markdown page escapes the words (which may
 *   hold host names) and marks the key up as code, rather than escaping markup it added itself
 * @default writing words as they are, the key between backticks
 */
export function describeSource(source: StepSource, writing = PLAIN_WRITING): string {
  const { text, code } = writing;
  const written = writtenIndex(source);
  if (written !== undefined) {
    // The author's step, not Rehearse's: before, it read "Not in the document; Rehearse assumes
    // it: plan[7] …; the document has it as step 5", contradicting itself twice.
    const documented = /; the document has it as (.*)$/.exec(source.ref)?.[1];
    return text(
      `Written in the scenario's plan (plan[${written}]) and run as written; ${documented === undefined ? 'the document has no step like it' : `the document has a step like it at ${documented}`}.`,
    );
  }
  switch (source.kind) {
    case 'document':
      return text(`The document: ${source.ref}.`);
    case 'vendor':
      return text(`Not in the document; vendor practice: ${source.ref}.`);
    case 'assumption':
      return source.key === undefined
        ? text(`Not in the document; Rehearse assumes it: ${source.ref}.`)
        : `${text(`Not in the document; Rehearse assumes it: ${source.ref} (the scenario key `)}${code(source.key)}${text(' changes it).')}`;
  }
}
