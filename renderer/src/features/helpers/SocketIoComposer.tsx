import { useState } from 'react';
import { useApp } from '../../store/app-store';
import { send, setEngineIoAutoPong } from '../../store/actions';
import { encodeAck, encodeConnect, encodeEmit } from '../../../../shared/subprotocols/socketio';
import { readJson } from './json-field';

/** The next ack id per connection: Socket.IO numbers a client's acks itself, from 0. */
const nextAck = new Map<string, number>();

/**
 * Socket.IO messages written for you: join a namespace, emit an event with
 * arguments (asking for an ack or not), answer an ack the server asked for.
 * What goes out is an ordinary text message, shown in the log as any other.
 */
export function SocketIoComposer() {
  const open = useApp((s) => s.phase === 'open');
  const sessionId = useApp((s) => s.sessionId);
  const engineIoAutoPong = useApp((s) => s.settings.engineIoAutoPong ?? true);
  const [nsp, setNsp] = useState('/');
  const [auth, setAuth] = useState('');
  const [event, setEvent] = useState('');
  const [args, setArgs] = useState('[]');
  const [wantAck, setWantAck] = useState(true);
  const [ackId, setAckId] = useState('');
  const [status, setStatus] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const argList = () => {
    const r = readJson('Arguments', args);
    if ('error' in r) return setProblem(r.error), null;
    const v = r.value ?? [];
    if (!Array.isArray(v)) return setProblem('Arguments: a JSON array, such as ["hello", {"n": 1}]'), null;
    return v;
  };
  const go = async (text: string, said: string) => {
    setProblem(null);
    if (await send('text', { text })) setStatus(said);
  };
  const emit = () => {
    const list = argList();
    if (!list || !event.trim()) return;
    const id = wantAck && sessionId ? (nextAck.get(sessionId) ?? 0) : undefined;
    if (id !== undefined && sessionId) nextAck.set(sessionId, id + 1);
    void go(encodeEmit(event.trim(), list, { nsp, ackId: id }), id !== undefined ? `Emitted ${event.trim()} asking for ack ${id}: its ACK ${id} shows in the log` : `Emitted ${event.trim()}`);
  };
  const join = () => {
    const r = readJson('Auth', auth);
    if ('error' in r) return setProblem(r.error);
    void go(encodeConnect(nsp, r.value), `Asked to join ${nsp}`);
  };
  const answer = () => {
    const list = argList();
    if (!list || !/^\d+$/.test(ackId.trim())) return setProblem('Ack id: the number the server’s event asked with');
    void go(encodeAck(Number(ackId), list, nsp), `Answered ack ${ackId}`);
  };

  return (
    <section className="helper-composer" aria-label="Socket.IO composer">
      <div className="row">
        <label>
          Namespace <input aria-label="Namespace" className="narrow" value={nsp} onChange={(e) => setNsp(e.target.value || '/')} />
        </label>
        <label>
          Auth <input aria-label="Auth (JSON)" placeholder='{"token": "…"} (optional)' value={auth} onChange={(e) => setAuth(e.target.value)} />
        </label>
        <button type="button" className="secondary" disabled={!open} onClick={join}>
          Join namespace
        </button>
      </div>
      <div className="row">
        <label>
          Event <input aria-label="Event" placeholder="chat" value={event} onChange={(e) => setEvent(e.target.value)} />
        </label>
        <label className="flag">
          <input type="checkbox" checked={wantAck} onChange={(e) => setWantAck(e.target.checked)} /> Ask for an ack
        </label>
        <button type="button" disabled={!open || !event.trim()} onClick={emit}>
          Emit
        </button>
      </div>
      <label className="field">
        <span>Arguments (JSON array)</span>
        <textarea aria-label="Arguments" spellCheck={false} value={args} onChange={(e) => setArgs(e.target.value)} />
      </label>
      <div className="row">
        <label>
          Ack id <input aria-label="Ack id" className="narrow" inputMode="numeric" value={ackId} onChange={(e) => setAckId(e.target.value)} />
        </label>
        <button type="button" className="secondary" disabled={!open} onClick={answer}>
          Answer with the arguments
        </button>
        <label className="flag">
          <input type="checkbox" checked={engineIoAutoPong} onChange={(e) => void setEngineIoAutoPong(e.target.checked)} /> Answer Engine.IO pings
        </label>
      </div>
      {problem && <p className="inline-error">{problem}</p>}
      {status && !problem && (
        <p className="muted" aria-live="polite">
          {status}
        </p>
      )}
    </section>
  );
}
