import { useEffect, useRef, useState } from 'react';
import type { editor } from 'monaco-editor/editor';
import Editor from '@monaco-editor/react';
import { monaco, SCENARIO_MODEL_PATH } from './yaml-setup';
import { usePrefersDark } from '../../lib/use-prefers-dark';
import { useModalDialog } from '../../lib/use-modal-dialog';
import type { ExpectStyle } from '../../../../shared/scenario-files';
import { checkDraft, closeEditor, draftFromSession, runScenario, saveDraft, useScenarios } from './scenarios-store';

/** How long typing pauses before the loader checks the text. */
const CHECK_AFTER_MS = 300;

/**
 * The scenario editor, over the window: Monaco with YAML, completion and
 * validation from the published JSON Schema (monaco-yaml), plus the
 * problems `framescope run` itself would report (those the schema cannot
 * say), marked on their lines. Run scenario saves, then runs into a new tab.
 */
export function ScenarioEditor() {
  const draft = useScenarios((s) => s.draft);
  const problem = useScenarios((s) => s.problem);
  const dialog = useModalDialog(draft !== null);
  return (
    <dialog ref={dialog} className="sheet scenario-editor" aria-labelledby="scenario-editor-title" onCancel={(e) => (e.preventDefault(), closeEditor())}>
      {draft && <EditorBody key={`${draft.from?.expect ?? ''}:${draft.revision ?? 'new'}:${draft.file}`} problem={problem} />}
    </dialog>
  );
}

function EditorBody({ problem }: { problem: string | null }) {
  const draft = useScenarios((s) => s.draft)!;
  const dark = usePrefersDark();
  const [file, setFile] = useState(draft.file);
  const [busy, setBusy] = useState(false);
  const text = useRef(draft.text);
  const model = useRef<editor.ITextModel | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);

  const check = () => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void checkDraft(file, text.current), CHECK_AFTER_MS);
  };
  useEffect(() => () => clearTimeout(timer.current), []);
  useEffect(check, [file]);
  // the loader's problems as markers of their own, beside the schema's
  useEffect(() => {
    if (!model.current) return;
    monaco.editor.setModelMarkers(
      model.current,
      'framescope-run',
      draft.problems.map((p) => ({ severity: monaco.MarkerSeverity.Error, message: p.field ? `${p.field}: ${p.message}` : p.message, startLineNumber: p.line, endLineNumber: p.line, startColumn: 1, endColumn: model.current!.getLineMaxColumn(p.line) })),
    );
  }, [draft.problems]);

  const act = async (what: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await what();
    } finally {
      setBusy(false);
    }
  };
  const save = () => act(() => saveDraft(text.current, file.trim()));
  const run = () =>
    act(async () => {
      if ((await saveDraft(text.current, file.trim())) && (await runScenario(file.trim()))) closeEditor();
    });
  const restyle = (expect: ExpectStyle) => draft.from && act(() => draftFromSession(draft.from!.sessionId, draft.from!.name, expect));

  return (
    <form
      className="scenario-form"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h2 id="scenario-editor-title">{draft.revision === null ? 'New scenario' : `Scenario ${draft.file}`}</h2>
      <div className="row">
        <label className="grow">
          File in scenarios/{' '}
          <input aria-label="Scenario file" className="grow" spellCheck={false} value={file} onChange={(e) => setFile(e.target.value)} />
        </label>
        {draft.from && (
          <fieldset className="choice" aria-label="Received messages as">
            <legend>Received messages:</legend>
            <label title="Each received message must be exactly as recorded">
              <input type="radio" name="expect-style" checked={draft.from.expect === 'exact'} onChange={() => void restyle('exact')} /> Exact
            </label>
            <label title="A JSON object must have the same top-level keys, whatever their values; other messages exactly">
              <input type="radio" name="expect-style" checked={draft.from.expect === 'json-keys'} onChange={() => void restyle('json-keys')} /> By JSON keys
            </label>
          </fieldset>
        )}
      </div>
      {draft.from && <p className="hint">Made from “{draft.from.name}”. Edit it before saving; changing how received messages match makes the text again.</p>}
      <div className="scenario-yaml">
        <Editor
          height="100%"
          path={SCENARIO_MODEL_PATH}
          language="yaml"
          defaultValue={draft.text}
          theme={dark ? 'vs-dark' : 'vs'}
          onMount={(ed) => {
            model.current = ed.getModel();
            ed.focus();
          }}
          onChange={(v) => {
            text.current = v ?? '';
            check();
          }}
          options={{ ariaLabel: 'Scenario YAML', editContext: false, minimap: { enabled: false }, wordWrap: 'on', scrollBeyondLastLine: false, fontSize: 13, automaticLayout: true, tabSize: 2, quickSuggestions: { other: true, strings: true, comments: false } }}
        />
      </div>
      {draft.problems.length > 0 && (
        <ul className="file-problems" aria-label="Scenario problems">
          {draft.problems.map((p, i) => (
            <li key={i}>
              line {p.line}: {p.field ? `${p.field}: ` : ''}
              {p.message}
            </li>
          ))}
        </ul>
      )}
      {problem && (
        <p className="inline-error" role="alert">
          {problem}
        </p>
      )}
      <div className="row">
        <button type="button" className="secondary" onClick={closeEditor}>
          Close editor
        </button>
        <button type="submit" disabled={busy || !file.trim()}>
          Save scenario
        </button>
        <button type="button" disabled={busy || !file.trim()} title="Save, then run it into a new tab" onClick={() => void run()}>
          Run scenario
        </button>
      </div>
    </form>
  );
}
