import { useEffect, useRef } from 'react';
import Editor from '@monaco-editor/react';
import { useShallow } from 'zustand/react/shallow';
import { monaco } from './monaco-setup';
import { usePrefersDark } from '../../lib/use-prefers-dark';
import { patchTab, useApp, useTabs, type AppState } from '../../store/app-store';
import { useEncodedPreview } from './use-encoded-preview';
import { TypeOptions } from '../decoding/TypeOptions';
import { useProtoTypes, refreshProtos } from '../decoding/protos-store';
import { BINARY_CODECS, CODEC_NAMES, type BinaryCodec } from '../../../../shared/codecs/codec-ids';
import { formatBytes, type BinaryFormat } from '../../lib/bytes';
import { draftToHex, jsonProblem } from './payload-input';
import { canSendDraft, codecOf, composerView, fileToSend, messageTypeOf } from './composer-draft';
import { draftModelPath, loadFileIntoDraft, replaceDraft, reuseFromHistory, sendDraft } from './composer-actions';
import { Send as SendIcon } from 'lucide-react';
import { MENU_SHORTCUTS } from '../../../../shared/ipc/events';
import { shortcutLabel } from '../../lib/accelerator';

const PLACEHOLDER = `Type a message here. ${shortcutLabel(MENU_SHORTCUTS.send)} sends it, Esc leaves the editor.`;

/** Writes text and binary messages in Monaco and sends them, with a history of what went out. */
export function Composer() {
  const tabId = useTabs((w) => w.active);
  const s = useApp(useShallow(composerView));
  const { kind, history, binaryFormat: format } = s;
  // the tab's drafts, kept in its state (saved with the workspace), one editor model per tab and kind
  const { text, binary } = s.draft;
  const codec = codecOf(s);
  const messageType = messageTypeOf(s);
  const encodeAs = kind === 'text' ? (codec ?? 'none') : 'none';
  const types = useProtoTypes();
  const encoded = useEncodedPreview(codec, text, messageType);
  useEffect(() => {
    if (codec === 'protobuf') void refreshProtos();
  }, [codec]);
  const dark = usePrefersDark();
  const sendRef = useRef<HTMLButtonElement>(null);

  const draft = kind === 'text' ? text : binary;
  const parsed = kind === 'binary' ? draftToHex(binary, format) : null;
  const problem = codec ? (encoded && 'error' in encoded ? encoded.error : null) : kind === 'text' ? jsonProblem(text) : parsed && 'error' in parsed ? parsed.error : null;
  const closing = s.phase === 'closing';
  const file = fileToSend(s);
  // an encoding the preview already found failing is not sent
  const canSend = canSendDraft(s) && !(codec && encoded !== null && 'error' in encoded);
  const set = (patch: Partial<AppState>) => patchTab(tabId, patch);

  return (
    <section className="composer" aria-label="Composer">
      <div className="composer-bar">
        <div role="radiogroup" aria-label="Message type" className="segmented">
          {(['text', 'binary'] as const).map((k) => (
            <label key={k}>
              <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => set({ kind: k })} />
              {k === 'text' ? 'Text' : 'Binary'}
            </label>
          ))}
        </div>
        {kind === 'text' ? (
          <>
            <button
              type="button"
              className="secondary"
              disabled={jsonProblem(text) !== null || !text.trim().match(/^[[{]/)}
              onClick={() => replaceDraft(tabId, 'text', JSON.stringify(JSON.parse(text), null, 2))}
            >
              Format JSON
            </button>
            <select aria-label="Encode as" title="Send the JSON in the editor encoded in a codec, as one binary message" value={encodeAs} onChange={(e) => set({ encodeChoice: e.target.value as BinaryCodec | 'none' })}>
              <option value="none">as typed (text)</option>
              {BINARY_CODECS.map((c) => (
                <option key={c} value={c}>
                  JSON as {CODEC_NAMES[c]}
                </option>
              ))}
            </select>
            {codec === 'protobuf' && (
              <select aria-label="Message type" value={messageType ?? ''} onChange={(e) => set({ typeChoice: e.target.value })}>
                <TypeOptions types={types} value={messageType} none="choose a message type" />
              </select>
            )}
          </>
        ) : (
          <>
            <select aria-label="Binary format" value={format} onChange={(e) => set({ binaryFormat: e.target.value as BinaryFormat })}>
              <option value="hex">hex</option>
              <option value="base64">base64</option>
            </select>
            <label className="file">
              Load file
              <input type="file" onChange={(e) => e.target.files?.[0] && void loadFileIntoDraft(tabId, e.target.files[0])} />
            </label>
          </>
        )}
        <label>
          Fragments <input className="narrow" aria-label="Fragments" inputMode="numeric" value={s.fragments} onChange={(e) => set({ fragments: e.target.value })} />
        </label>
        {closing && (
          <label className="flag warn">
            <input type="checkbox" checked={s.sendAnyway} onChange={(e) => set({ sendAnyway: e.target.checked })} /> Send anyway (crafted)
          </label>
        )}
        <button type="button" ref={sendRef} disabled={!canSend} onClick={() => void sendDraft(tabId)} title={`Send (${shortcutLabel(MENU_SHORTCUTS.send)})`}>
          <SendIcon size={14} aria-hidden />
          Send
        </button>
      </div>
      {file && (
        <p className="attached" aria-live="polite">
          {file.name} · {formatBytes(file.size)}, sent as it is{s.sending ? ' (handing over…)' : ''}{' '}
          <button type="button" className="link" onClick={() => set({ attached: null })}>
            Remove file
          </button>
        </p>
      )}
      <div className="editor" hidden={file !== null}>
        {/* Uncontrolled, one model per kind: a controlled value fights fast typing. */}
        <Editor
          height="100%"
          path={draftModelPath(tabId, kind)}
          defaultLanguage="plaintext"
          language={kind === 'text' && /^\s*[[{]/.test(text) ? 'json' : 'plaintext'}
          defaultValue={draft}
          theme={dark ? 'vs-dark' : 'vs'}
          onMount={(ed) => {
            // Esc leaves the editor for Send (Tab types a tab here), unless it is closing one of Monaco's own widgets
            // Monaco leaves the last model's placeholder up when another tab's model (holding a draft) takes its place
            ed.onDidChangeModel(() => {
              ed.updateOptions({ placeholder: '' });
              ed.updateOptions({ placeholder: PLACEHOLDER });
            });
            ed.addCommand(monaco.KeyCode.Escape, () => sendRef.current?.focus(), '!suggestWidgetVisible && !findWidgetVisible && !renameInputVisible');
          }}
          onChange={(v) => patchTab(tabId, (t) => ({ draft: { ...t.draft, [kind]: v ?? '' } }))}
          options={{
            ariaLabel: 'Message',
            placeholder: PLACEHOLDER,
            // A real <textarea> carries the name, so assistive tech and test tools can fill and type into it.
            editContext: false,
            // What is typed is what is sent: no characters the tester did not type.
            autoClosingBrackets: 'never',
            autoClosingQuotes: 'never',
            autoSurround: 'never',
            formatOnType: false,
            minimap: { enabled: false },
            lineNumbers: 'off',
            wordWrap: 'on',
            scrollBeyondLastLine: false,
            fontSize: 13,
            automaticLayout: true,
          }}
        />
      </div>
      {codec && encoded && 'hex' in encoded && (
        <p className="encoded-preview" aria-label="Encoded bytes">
          {CODEC_NAMES[codec]}, {encoded.length} bytes: {(encoded.hex.match(/../g) ?? []).slice(0, 256).join(' ')}
          {encoded.length > 256 ? ' …' : ''}
        </p>
      )}
      {problem && (
        <p className="inline-error" role="alert">
          {problem}
        </p>
      )}
      {history.length > 0 && (
        <details className="history">
          <summary>History ({history.length})</summary>
          <ul aria-label="Sent history">
            {history.map((h, i) => (
              <li key={i}>
                <button
                  type="button"
                  className="link"
                  onClick={() => reuseFromHistory(tabId, h)}
                >
                  {h.kind}: {h.body.slice(0, 80)}
                </button>
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
