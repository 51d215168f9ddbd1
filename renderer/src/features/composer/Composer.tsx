import { useEffect, useRef, useState } from 'react';
import type { editor } from 'monaco-editor/editor';
import Editor from '@monaco-editor/react';
import { monaco } from './monaco-setup';
import { usePrefersDark } from '../../lib/use-prefers-dark';
import { activeTabId, patchTab, useApp, useTabs } from '../../store/app-store';
import { send, sendCrafted, sendEncoded, sendFile } from '../../store/actions';
import { useEncodedPreview } from './use-encoded-preview';
import { TypeOptions } from '../decoding/TypeOptions';
import { useProtoTypes, refreshProtos } from '../decoding/protos-store';
import { BINARY_CODECS, CODEC_NAMES, type BinaryCodec } from '../../../../shared/codecs/codec-ids';
import { formatBytes, hexToBase64, textToHex, toHex } from '../../lib/bytes';
import { draftToHex, jsonProblem, type BinaryFormat } from './payload-input';
import { registerComposerSend } from './composer-send';
import { registerComposerDraft } from './composer-draft';
import { Send as SendIcon } from 'lucide-react';
import { MENU_SHORTCUTS } from '../../../../shared/ipc/events';
import { shortcutLabel } from '../../lib/accelerator';

const PLACEHOLDER = `Type a message here. ${shortcutLabel(MENU_SHORTCUTS.send)} sends it, Esc leaves the editor.`;

/** A loaded file up to this size goes into the editor as hex to edit; a larger one is sent as it is. */
const EDITABLE_FILE_BYTES = 256 * 1024;

/** Writes text and binary messages in Monaco and sends them, with a history of what went out. */
export function Composer() {
  const kind = useApp((s) => s.kind);
  const phase = useApp((s) => s.phase);
  const history = useApp((s) => s.history);
  const tabId = useTabs((w) => w.active);
  // the tab's drafts, kept in its state (saved with the workspace), one editor model per tab and kind
  const text = useApp((s) => s.draft.text);
  const binary = useApp((s) => s.draft.binary);
  const [format, setFormat] = useState<BinaryFormat>('hex');
  const [fragments, setFragments] = useState('1');
  const [anyway, setAnyway] = useState(false);
  /** a file too large to edit as hex, sent as it is */
  const [attached, setAttached] = useState<File | null>(null);
  const [sending, setSending] = useState(false);
  // JSON sent encoded: as the connection's codec when that is a binary one, unless the person picks
  const connectionCodec = useApp((s) => (BINARY_CODECS as readonly string[]).includes(s.settings.codec ?? '') ? (s.settings.codec as BinaryCodec) : null);
  const protoOut = useApp((s) => s.settings.protoOut);
  const [encodeChoice, setEncodeChoice] = useState<BinaryCodec | 'none' | null>(null);
  const [typeChoice, setTypeChoice] = useState<string | null>(null);
  const types = useProtoTypes();
  const encodeAs = kind === 'text' ? (encodeChoice ?? connectionCodec ?? 'none') : 'none';
  const codec = encodeAs === 'none' ? null : encodeAs;
  const messageType = codec === 'protobuf' ? (typeChoice ?? protoOut) || undefined : undefined;
  const encoded = useEncodedPreview(codec, text, messageType);
  useEffect(() => {
    if (codec === 'protobuf') void refreshProtos();
  }, [codec]);
  const dark = usePrefersDark();
  const editorRef = useRef<editor.IStandaloneCodeEditor | null>(null);
  const sendRef = useRef<HTMLButtonElement>(null);
  /** Puts text in the editor as if typed, so undo still works. */
  const replaceDraft = (value: string) => {
    const ed = editorRef.current;
    const model = ed?.getModel();
    if (ed && model) ed.executeEdits('framescope', [{ range: model.getFullModelRange(), text: value }]);
  };

  const draft = kind === 'text' ? text : binary;
  const parsed = kind === 'binary' ? draftToHex(binary, format) : null;
  const problem = codec ? (encoded && 'error' in encoded ? encoded.error : null) : kind === 'text' ? jsonProblem(text) : parsed && 'error' in parsed ? parsed.error : null;
  const closing = phase === 'closing';
  const fileToSend = kind === 'binary' ? attached : null;
  const canSend =
    !sending &&
    (phase === 'open' || (closing && anyway && !fileToSend && !codec)) &&
    (fileToSend !== null || !(kind === 'binary' && parsed && 'error' in parsed)) &&
    !(codec && encoded !== null && 'error' in encoded);
  const n = Math.max(1, Math.floor(Number(fragments)) || 1);

  const doSend = async () => {
    if (fileToSend) {
      setSending(true);
      const sent = await sendFile(fileToSend, n);
      setSending(false);
      if (sent) setAttached(null);
      return;
    }
    // what the editor holds now: the last keystroke may not have reached React's state yet
    const body = editorRef.current?.getModel()?.getValue() ?? draft;
    if (codec) {
      // encoded in the main process from what the editor holds, so what goes out is what the preview shows for it
      if ((await sendEncoded(codec, body, messageType, n)) && editorRef.current?.getModel()?.getValue() === body) replaceDraft('');
      return;
    }
    const binary = kind === 'binary' ? draftToHex(body, format) : null;
    if (binary && 'error' in binary) return;
    const hex = binary ? binary.hex : textToHex(body);
    // After our close the RFC forbids data; "send anyway" is a deliberate, crafted frame.
    const sent = closing ? await sendCrafted({ opcode: kind === 'text' ? 1 : 2, payloadHex: hex }) : await send(kind, binary ? { dataHex: hex } : { text: body }, n);
    // Sent, the draft clears as in a terminal, so the next one is typed fresh; Ctrl+Z or the history brings it back.
    // Only if it is still what went out: a draft typed while the send was on its way is the next message, not this one.
    if (sent && editorRef.current?.getModel()?.getValue() === body) replaceDraft('');
  };
  // Re-registered each render, so the menu's Send always sees the current draft.
  useEffect(() =>
    registerComposerSend(() => {
      if (canSend) void doSend();
    }),
  );
  useEffect(() =>
    registerComposerDraft(() =>
      fileToSend
        ? { error: `${fileToSend.name} is too large to save as a message` }
        : codec ? { kind: 'encoded' as const, codec, json: text, ...(messageType ? { messageType } : {}) }
        : kind === 'text' ? { kind, text } : parsed && 'hex' in parsed ? { kind, hex: parsed.hex } : { error: parsed?.error ?? 'not valid binary' },
    ),
  );

  const loadFile = async (file: File) => {
    useApp.setState({ kind: 'binary' });
    if (file.size > EDITABLE_FILE_BYTES) return setAttached(file);
    setAttached(null);
    const hex = toHex(new Uint8Array(await file.arrayBuffer()));
    // the binary model is shown once the kind switch has rendered
    setTimeout(() => replaceDraft(format === 'hex' ? hex : hexToBase64(hex)));
  };

  return (
    <section className="composer" aria-label="Composer">
      <div className="composer-bar">
        <div role="radiogroup" aria-label="Message type" className="segmented">
          {(['text', 'binary'] as const).map((k) => (
            <label key={k}>
              <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => useApp.setState({ kind: k })} />
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
              onClick={() => replaceDraft(JSON.stringify(JSON.parse(text), null, 2))}
            >
              Format JSON
            </button>
            <select aria-label="Encode as" title="Send the JSON in the editor encoded in a codec, as one binary message" value={encodeAs} onChange={(e) => setEncodeChoice(e.target.value as BinaryCodec | 'none')}>
              <option value="none">as typed (text)</option>
              {BINARY_CODECS.map((c) => (
                <option key={c} value={c}>
                  JSON as {CODEC_NAMES[c]}
                </option>
              ))}
            </select>
            {codec === 'protobuf' && (
              <select aria-label="Message type" value={messageType ?? ''} onChange={(e) => setTypeChoice(e.target.value)}>
                <TypeOptions types={types} value={messageType} none="choose a message type" />
              </select>
            )}
          </>
        ) : (
          <>
            <select aria-label="Binary format" value={format} onChange={(e) => setFormat(e.target.value as BinaryFormat)}>
              <option value="hex">hex</option>
              <option value="base64">base64</option>
            </select>
            <label className="file">
              Load file
              <input type="file" onChange={(e) => e.target.files?.[0] && void loadFile(e.target.files[0])} />
            </label>
          </>
        )}
        <label>
          Fragments <input className="narrow" aria-label="Fragments" inputMode="numeric" value={fragments} onChange={(e) => setFragments(e.target.value)} />
        </label>
        {closing && (
          <label className="flag warn">
            <input type="checkbox" checked={anyway} onChange={(e) => setAnyway(e.target.checked)} /> Send anyway (crafted)
          </label>
        )}
        <button type="button" ref={sendRef} disabled={!canSend} onClick={() => void doSend()} title={`Send (${shortcutLabel(MENU_SHORTCUTS.send)})`}>
          <SendIcon size={14} aria-hidden />
          Send
        </button>
      </div>
      {fileToSend && (
        <p className="attached" aria-live="polite">
          {fileToSend.name} · {formatBytes(fileToSend.size)}, sent as it is{sending ? ' (handing over…)' : ''}{' '}
          <button type="button" className="link" onClick={() => setAttached(null)}>
            Remove file
          </button>
        </p>
      )}
      <div className="editor" hidden={fileToSend !== null}>
        {/* Uncontrolled, one model per kind: a controlled value fights fast typing. */}
        <Editor
          height="100%"
          path={`${tabId}/${kind === 'text' ? 'message.txt' : 'message.bin'}`}
          defaultLanguage="plaintext"
          language={kind === 'text' && /^\s*[[{]/.test(text) ? 'json' : 'plaintext'}
          defaultValue={draft}
          theme={dark ? 'vs-dark' : 'vs'}
          onMount={(ed) => {
            editorRef.current = ed;
            // Esc leaves the editor for Send (Tab types a tab here), unless it is closing one of Monaco's own widgets
            // Monaco leaves the last model's placeholder up when another tab's model (holding a draft) takes its place
            ed.onDidChangeModel(() => {
              ed.updateOptions({ placeholder: '' });
              ed.updateOptions({ placeholder: PLACEHOLDER });
            });
            ed.addCommand(monaco.KeyCode.Escape, () => sendRef.current?.focus(), '!suggestWidgetVisible && !findWidgetVisible && !renameInputVisible');
          }}
          onChange={(v) => setDraft(kind, v ?? '')}
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
                  onClick={() => {
                    useApp.setState({ kind: h.kind });
                    if (h.file) return setAttached(h.file);
                    if (h.kind === 'binary') setFormat('hex');
                    setTimeout(() => replaceDraft(h.body));
                  }}
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

/** The active tab's draft of one kind, as the editor holds it. */
function setDraft(kind: 'text' | 'binary', value: string): void {
  patchTab(activeTabId(), (s) => ({ draft: { ...s.draft, [kind]: value } }));
}
