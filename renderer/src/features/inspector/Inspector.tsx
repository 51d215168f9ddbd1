import { useEffect, useMemo, useState } from 'react';
import { useApp } from '../../store/app-store';
import { fetchEvent } from '../../store/actions';
import type { ErrorLogEvent, FrameLogEvent, LogEvent, MessageLogEvent } from '../../../../shared/log-events';
import { highlighter, type Highlighter } from '../../lib/highlight';
import { opcodeName } from '../../../../shared/opcodes';
import { hexToText, isReadableText, parseHex, textToHex, toHex } from '../../lib/bytes';
import { HexDump } from './HexDump';
import { JsonTree, tryParseJson } from './JsonTree';
import { DecodedPanel } from './DecodedPanel';

const VIEW_NAMES = { text: 'Text', json: 'JSON', tree: 'Tree', hex: 'Hex' } as const;

function maskedHex(payloadHex: string, keyHex: string): string {
  const p = parseHex(payloadHex);
  const k = parseHex(keyHex);
  return toHex(p.map((b, i) => b ^ k[i & 3]));
}

function CopyButton({ label, text }: { label: string; text: string }) {
  const [done, setDone] = useState(false);
  return (
    <button
      type="button"
      className="secondary"
      onClick={() => {
        void navigator.clipboard?.writeText(text).then(() => {
          setDone(true);
          setTimeout(() => setDone(false), 1200);
        });
      }}
    >
      {done ? 'Copied' : label}
    </button>
  );
}

/** The events fetched for a selection: its frame, the message it completes (or is), or its error row. */
interface Loaded {
  seq: number;
  frame: FrameLogEvent | null;
  message: MessageLogEvent | null;
  error: ErrorLogEvent | null;
}

/** Every header field of the selected frame, its bytes masked and unmasked, and its payload as text and JSON. */
export function Inspector() {
  const seq = useApp((s) => s.selectedSeq);
  // what was fetched, kept with the seq it is for: another selection shows nothing of it while its own loads
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const shown = loaded?.seq === seq ? loaded : null;
  const frame = shown?.frame ?? null;
  const message = shown?.message ?? null;
  const error = shown?.error ?? null;
  const filter = useApp((s) => s.filter);
  const mark = useMemo(() => highlighter(filter), [filter]);
  const [view, setView] = useState<'text' | 'json' | 'tree' | 'hex'>('text');

  useEffect(() => {
    if (seq === null) return;
    let live = true;
    const none = { seq, frame: null, message: null, error: null };
    void fetchEvent(seq).then(async (e: LogEvent | null) => {
      if (!live) return;
      // a message of the messages view, or a row of a log with no frames (an imported HAR)
      if (e?.type === 'message') return setLoaded({ ...none, message: e });
      if (e?.type === 'error') return setLoaded({ ...none, error: e });
      if (!e || e.type !== 'frame') return setLoaded(none);
      setLoaded({ ...none, frame: e });
      // The engine reports a message right after the frame that completes it.
      if (e.fin && e.opcode <= 2) {
        const next = await fetchEvent(seq + 1);
        if (live && next?.type === 'message' && next.dir === e.dir) setLoaded({ ...none, frame: e, message: next });
      }
    });
    return () => {
      live = false;
    };
  }, [seq]);

  if (seq === null) return <p className="empty">Pick a row of the log (click it, or focus the log and use the arrow keys) to see its header bits, masking key, hex dump, and text or JSON.</p>;
  if (error) return <ErrorOnly error={error} />;
  if (!frame && message) return <MessageOnly message={message} mark={mark} />;
  if (!frame) return <p className="empty">Loading…</p>;

  const text = message?.text ?? (isReadableText(frame.payload) ? hexToText(frame.payload) : null);
  const bodyHex = message ? (message.data ?? textToHex(message.text ?? '')) : frame.payload;
  const json = text !== null ? tryParseJson(text) : ({ ok: false } as const);

  return (
    <div className="inspector">
      <table className="kv" aria-label="Frame header">
        <tbody>
          <tr><th scope="row">Seq</th><td>{frame.seq}</td></tr>
          <tr><th scope="row">Direction</th><td>{frame.dir}</td></tr>
          <tr><th scope="row">Opcode</th><td>{opcodeName(frame.opcode)} (0x{frame.opcode.toString(16)})</td></tr>
          <tr><th scope="row">FIN</th><td>{frame.fin ? 1 : 0}</td></tr>
          <tr><th scope="row">RSV1 RSV2 RSV3</th><td>{+frame.rsv1} {+frame.rsv2} {+frame.rsv3}</td></tr>
          <tr><th scope="row">MASK</th><td>{frame.masked ? 1 : 0}</td></tr>
          <tr><th scope="row">Masking key</th><td>{frame.maskKey ?? '(none)'}</td></tr>
          <tr><th scope="row">Payload length</th><td>{frame.length}</td></tr>
          {frame.crafted && <tr><th scope="row">Crafted</th><td>yes (sent on purpose, whatever the state)</td></tr>}
          {frame.rttMs !== undefined && <tr><th scope="row">Round trip</th><td>{frame.rttMs.toFixed(2)} ms</td></tr>}
          {message && (
            <tr>
              <th scope="row">Message</th>
              <td>
                {message.opcode === 1 ? 'text' : 'binary'}, {message.length} bytes{message.compressed ? ', inflated' : ''}
                {message.invalidUtf8 ? ', not valid UTF-8' : ''}
              </td>
            </tr>
          )}
        </tbody>
      </table>
      {message && <DecodedPanel seq={message.seq} />}
      {frame.maskKey && (
        <>
          <h4>Masked bytes (on the wire)</h4>
          <HexDump hex={maskedHex(frame.payload, frame.maskKey)} label="Masked bytes" />
        </>
      )}
      <h4>Unmasked payload</h4>
      <HexDump hex={frame.payload} label="Unmasked bytes" />
      <div className="view-switch" role="group" aria-label="Payload view">
        {(['text', 'json', 'tree', 'hex'] as const).map((v) => (
          // "Text view", not "Text": that name belongs to the composer's Text/Binary choice (contracts section 3)
          <button
            key={v}
            type="button"
            className={view === v ? 'active' : 'secondary'}
            aria-pressed={view === v}
            aria-label={`${VIEW_NAMES[v]} view`}
            onClick={() => setView(v)}
          >
            {VIEW_NAMES[v]}
          </button>
        ))}
        <CopyButton label="Copy hex" text={bodyHex} />
        {text !== null && <CopyButton label="Copy text" text={text} />}
      </div>
      {view === 'text' && <pre className="payload-text">{text === null ? '(not text: see Hex)' : mark ? mark(text) : text}</pre>}
      {view === 'json' && <pre className="payload-text">{json.ok ? JSON.stringify(json.value, null, 2) : '(not JSON)'}</pre>}
      {view === 'tree' && (json.ok ? <div className="json-tree"><JsonTree value={json.value} /></div> : <p className="empty">(not JSON)</p>)}
      {view === 'hex' && <HexDump hex={bodyHex} label="Payload hex" />}
    </div>
  );
}

/** A message picked in the messages view, or one with no frame behind it (HAR records messages only): its body, folded JSON, and its bytes. */
function MessageOnly({ message, mark }: { message: MessageLogEvent; mark: Highlighter | null }) {
  const har = useApp((s) => s.recording?.source === 'har');
  const bodyHex = message.data ?? textToHex(message.text ?? '');
  const json = message.text !== undefined ? tryParseJson(message.text) : ({ ok: false } as const);
  return (
    <div className="inspector">
      <table className="kv" aria-label="Message">
        <tbody>
          <tr><th scope="row">Seq</th><td>{message.seq}</td></tr>
          <tr><th scope="row">Direction</th><td>{message.dir}</td></tr>
          <tr><th scope="row">Type</th><td>{message.opcode === 1 ? 'text' : 'binary'} message, {message.length} bytes{message.compressed ? ', inflated' : ''}</td></tr>
          {har && <tr><th scope="row">Frames</th><td>not recorded (imported from a HAR, which keeps messages only)</td></tr>}
        </tbody>
      </table>
      {message.text !== undefined && <pre className="payload-text">{mark ? mark(message.text) : message.text}</pre>}
      <DecodedPanel seq={message.seq} />
      {json.ok && <div className="json-tree"><JsonTree value={json.value} /></div>}
      <HexDump hex={bodyHex} label="Payload hex" />
    </div>
  );
}

/** An error picked in the log: what failed, and the close code the connection was failed with. */
function ErrorOnly({ error }: { error: ErrorLogEvent }) {
  return (
    <table className="kv" aria-label="Error">
      <tbody>
        <tr><th scope="row">Seq</th><td>{error.seq}</td></tr>
        <tr><th scope="row">Code</th><td>{error.code}</td></tr>
        <tr><th scope="row">Message</th><td>{error.message}</td></tr>
        <tr><th scope="row">Fatal</th><td>{error.fatal ? 'yes: the connection was failed' : 'no: logged and let pass (lenient)'}</td></tr>
        {error.closeCode !== undefined && <tr><th scope="row">Closed with</th><td>{error.closeCode}</td></tr>}
      </tbody>
    </table>
  );
}
