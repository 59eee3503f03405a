/**
 * The scenario editor: CodeMirror 6 with YAML highlighting, line numbers, undo history,
 * completion and hover docs from the scenario schema, and the parser's error as a lint
 * diagnostic. Loaded on demand (its own chunk), after the debugger's first render.
 */
import { autocompletion, completionKeymap, type CompletionSource } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { yaml } from '@codemirror/lang-yaml';
import {
  defaultHighlightStyle,
  HighlightStyle,
  indentOnInput,
  syntaxHighlighting,
} from '@codemirror/language';
import { lintGutter, lintKeymap, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { EditorSelection, EditorState, type Extension, type Text } from '@codemirror/state';
import {
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  hoverTooltip,
  keymap,
  lineNumbers,
} from '@codemirror/view';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { parseScenario, safeText, type Scenario } from '../../sim';
import type { SourceError } from '../simulation';
import {
  assistContext,
  candidatesAt,
  docFor,
  keyAt,
  yamlPositionAt,
  type AssistContext,
} from './scenarioAssist';
import styles from './ScenarioCodeEditor.module.css';

/** Longest text the completion parses for its host and step names; longer texts use the last valid run's. */
const PARSE_FOR_NAMES = 200_000;

/** Where the cursor was in the plain editor shown while this one loaded. */
export interface Caret {
  readonly anchor: number;
  readonly head: number;
}

interface Props {
  readonly text: string;
  readonly error: SourceError | undefined;
  /** The last valid scenario: names for completion while the text does not parse. */
  readonly scenario: Scenario | undefined;
  readonly onEdit: (text: string) => void;
  /** Where to put the cursor when the editor appears. */
  readonly caret?: { readonly current: Caret | undefined };
}

/** Colours of CodeMirror's default style that fall under 4.5:1 on white, and what replaces them. */
const DARKER: Readonly<Record<string, string>> = {
  '#e40': '#a83200',
  '#f00': '#b71c1c',
  '#085': '#00704a',
};

/** CodeMirror's default highlighting, every colour at least 4.5:1 on the panel's white. */
const highlight = HighlightStyle.define(
  defaultHighlightStyle.specs.map((spec) =>
    typeof spec.color === 'string' && DARKER[spec.color] !== undefined
      ? { ...spec, color: DARKER[spec.color] }
      : spec,
  ),
);

const theme = EditorView.theme({
  '&': { height: '100%', backgroundColor: 'var(--panel)', color: 'var(--ink)' },
  '&.cm-focused': { outline: '2px solid var(--accent)', outlineOffset: '-2px' },
  '.cm-scroller': { fontFamily: 'inherit', lineHeight: 'var(--editor-line)' },
  '.cm-content': { padding: '8px 0' },
  '.cm-gutters': {
    backgroundColor: 'var(--gutter-bg)',
    color: 'var(--muted)',
    borderRight: '1px solid var(--line)',
  },
  '.cm-activeLine': { backgroundColor: 'var(--editor-active-line)' },
  '.cm-activeLineGutter': { backgroundColor: 'var(--editor-active-gutter)', color: 'var(--ink)' },
  '.cm-cursor': { borderLeftColor: 'var(--ink)' },
  '.cm-tooltip': {
    backgroundColor: 'var(--panel)',
    color: 'var(--ink)',
    border: '1px solid var(--line)',
    borderRadius: '6px',
    maxWidth: '36em',
  },
  '.cm-tooltip-autocomplete > ul > li[aria-selected]': {
    backgroundColor: 'var(--accent)',
    color: '#fff',
  },
  '.cm-completionDetail': { color: 'inherit', opacity: 1, marginLeft: '1em' },
  '.cm-completionInfo': { maxWidth: '30em', whiteSpace: 'normal' },
  '.cm-scenario-doc': { padding: '6px 10px', whiteSpace: 'normal' },
  '.cm-diagnostic-error': { borderLeftColor: 'var(--bad)', color: 'var(--bad)' },
  // Where the error is (`Line 3, column 1`): CodeMirror fades it to 70%, 3.9:1 on the panel.
  '.cm-diagnosticSource': { opacity: 1, color: 'var(--muted)', fontSize: '85%' },
});

/** The offset of a 1-based line and column, kept inside the document. Pure. */
function offsetOf(doc: Text, line: number, column: number | undefined): number {
  const at = doc.line(Math.min(Math.max(line, 1), doc.lines));
  return Math.min(at.from + Math.max((column ?? 1) - 1, 0), at.to);
}

/** The parser's error as a diagnostic: from its column to the end of the word there (or the line). */
function diagnosticsOf(doc: Text, error: SourceError | undefined): Diagnostic[] {
  if (error?.line === undefined) return [];
  const from = offsetOf(doc, error.line, error.column);
  const line = doc.lineAt(from);
  const rest = line.text.slice(from - line.from);
  const word = /^(?:[^\s,{}[\]:]|:(?=\S))+/.exec(rest)?.[0].length ?? 0;
  const to = word > 0 ? from + word : line.to;
  return [
    {
      from: to > from ? from : line.from,
      to: to > from ? to : line.to,
      severity: 'error',
      message: safeText(error.path ? `${error.path}: ${error.reason}` : error.reason),
      source: `Line ${error.line}${error.column !== undefined ? `, column ${error.column}` : ''}`,
    },
  ];
}

/** Names of this scenario for completion: from the text when it parses, else from the last valid run. */
function namesFor(text: string, fallback: Scenario | undefined): AssistContext {
  if (text.length <= PARSE_FOR_NAMES) {
    try {
      return assistContext(parseScenario(text, 'scenario.yaml'));
    } catch {
      // Half-typed text: the last valid scenario's names are the best guess.
    }
  }
  return assistContext(fallback);
}

function completionSource(scenario: () => Scenario | undefined): CompletionSource {
  let cached: { text: string; names: AssistContext } | undefined;
  return (context) => {
    const line = context.state.doc.lineAt(context.pos);
    if (/(^|\s)#/.test(line.text.slice(0, context.pos - line.from))) return null;
    const text = context.state.doc.toString();
    const position = yamlPositionAt(text, context.pos);
    if (!context.explicit && position.kind === 'key' && position.prefix === '') return null;
    const names = () => {
      if (cached?.text !== text) cached = { text, names: namesFor(text, scenario()) };
      return cached.names;
    };
    // Listed in the schema's and the fault table's order (hosts before roles), not alphabetically.
    const options = candidatesAt(position, names).map((candidate, index) => ({
      label: candidate.label,
      type: candidate.type,
      boost: Math.max(99 - index, -99),
      ...(candidate.detail !== undefined ? { detail: candidate.detail } : {}),
      ...(candidate.info !== undefined ? { info: candidate.info } : {}),
      ...(candidate.apply !== undefined ? { apply: candidate.apply } : {}),
    }));
    if (options.length === 0) return null;
    return { from: position.from, options, validFor: /^[\w.-]*$/ };
  };
}

const keyDocs = hoverTooltip((view, pos) => {
  const text = view.state.doc.toString();
  const key = keyAt(text, pos);
  if (key === undefined) return null;
  const doc = docFor(key.path);
  if (doc === undefined) return null;
  return {
    pos: key.from,
    end: key.to,
    above: true,
    create: () => {
      const dom = document.createElement('div');
      dom.className = 'cm-scenario-doc';
      dom.dataset.testid = 'key-doc';
      const name = document.createElement('strong');
      name.textContent = `${key.path.join('.')}: `;
      dom.append(name, doc);
      return { dom };
    },
  };
});

/**
 * The editor's extensions. Tab is left to the browser, so it moves the focus on as everywhere
 * else on the page (indent with spaces, or Ctrl+] and Ctrl+[); Escape closes a completion.
 */
function extensions(
  onEdit: () => (text: string) => void,
  scenario: () => Scenario | undefined,
  error: () => SourceError | undefined,
): Extension[] {
  return [
    lineNumbers(),
    highlightActiveLineGutter(),
    highlightActiveLine(),
    history(),
    indentOnInput(),
    yaml(),
    syntaxHighlighting(highlight),
    autocompletion({ override: [completionSource(scenario)], icons: false }),
    keyDocs,
    lintGutter(),
    keymap.of([...completionKeymap, ...defaultKeymap, ...historyKeymap, ...lintKeymap]),
    EditorState.tabSize.of(2),
    theme,
    EditorView.contentAttributes.of({
      'aria-label': 'Scenario YAML',
      'aria-describedby': 'editor-status',
      'data-testid': 'source',
      // The content is editable, so it is a Tab stop already; the explicit tabindex says so to
      // tools that count only tabindex and native controls (axe's scrollable-region check on the
      // scroller around it), and keeps the editor reachable should it ever be made read-only.
      tabindex: '0',
      spellcheck: 'false',
      autocapitalize: 'off',
      autocorrect: 'off',
    }),
    EditorView.updateListener.of((update) => {
      if (update.docChanged) onEdit()(update.state.doc.toString());
    }),
    EditorView.contentAttributes.of(() => ({ 'aria-invalid': String(error() !== undefined) })),
  ];
}

/**
 * The scenario's YAML in CodeMirror. The text is the player's: typing sends it on, and a text
 * replaced from outside (a draft opened, a link loaded, Undo replace) replaces the editor's
 * state, so its undo history never mixes two texts.
 */
/** How many of the texts it sent out the editor remembers, to tell their echoes. */
const ECHOES = 32;

export function ScenarioCodeEditor({ text, error, scenario, onEdit, caret }: Props) {
  // Whether the plain text area it replaces has the focus, read while that is still on the page
  // (its removal blurs it): the editor takes the focus over when it appears.
  const [plainFocused] = useState(
    () =>
      typeof document !== 'undefined' &&
      document.activeElement instanceof HTMLElement &&
      document.activeElement.dataset.editor === 'plain',
  );
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView>(null);
  // The texts this view sent out lately: one coming back as the text to show is an echo, older
  // than what the view holds when typing runs ahead of the page's renders.
  const sent = useRef<string[]>([]);
  const latest = useRef({ onEdit, scenario, error });
  useLayoutEffect(() => {
    latest.current = {
      onEdit: (edited: string) => {
        sent.current = [...sent.current.slice(-(ECHOES - 1)), edited];
        onEdit(edited);
      },
      scenario,
      error,
    };
  });

  // Made in the commit that removes the plain text area it replaces: no key pressed between the
  // two is lost.
  useLayoutEffect(() => {
    const parent = host.current;
    if (!parent) return undefined;
    const made = new EditorView({
      parent,
      state: makeState(text, latest),
    });
    view.current = made;
    // Like a textarea's: the whole text, which the view renders only in part (the lines in sight).
    Object.defineProperty(parent, 'value', {
      configurable: true,
      get: () => made.state.doc.toString(),
    });
    const start = caret?.current;
    if (start) {
      const end = made.state.doc.length;
      made.dispatch({
        selection: EditorSelection.single(Math.min(start.anchor, end), Math.min(start.head, end)),
        scrollIntoView: plainFocused,
      });
    }
    if (plainFocused) made.focus();
    return () => {
      made.destroy();
      view.current = null;
    };
    // The view is made once; later texts arrive through the effect below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // The text this view was last given: a later text from outside replaces its document. At
  // mount the view was just made from it, and keys typed into it since (between its making and
  // this effect) must not be undone by giving it that text again.
  const given = useRef(text);
  useEffect(() => {
    const current = view.current;
    if (!current || given.current === text) return;
    given.current = text;
    if (current.state.doc.toString() === text || sent.current.includes(text)) return;
    // Another text altogether (a scenario picked, Undo): what was sent before is no echo now.
    sent.current = [];
    current.setState(makeState(text, latest));
  }, [text]);

  useEffect(() => {
    const current = view.current;
    if (!current) return;
    current.dispatch(setDiagnostics(current.state, diagnosticsOf(current.state.doc, error)));
  }, [error, text]);

  return <div ref={host} className={styles.editor} data-testid="code-editor" />;
}

function makeState(
  text: string,
  latest: {
    readonly current: {
      onEdit: (text: string) => void;
      scenario: Scenario | undefined;
      error: SourceError | undefined;
    };
  },
): EditorState {
  return EditorState.create({
    doc: text,
    extensions: extensions(
      () => latest.current.onEdit,
      () => latest.current.scenario,
      () => latest.current.error,
    ),
  });
}
