import { api } from '../ipc/api';
import { applyBatch, initialConnection, useApp } from './app-store';
import type { CallInput, CallName } from '../../../shared/ipc/schemas';

api.on('log.batch', ({ sessionId, events, total }) => applyBatch(sessionId, events, total));

/** Runs a call; a failure becomes the one notice the person sees, naming the problem. */
async function run<C extends CallName>(name: C, input: CallInput<C>) {
  try {
    const out = await api.call(name, input);
    useApp.setState({ notice: null });
    return out;
  } catch (e) {
    useApp.setState({ notice: (e as Error).message });
    return null;
  }
}

function sessionId(): string | null {
  return useApp.getState().sessionId;
}

export async function connect(): Promise<void> {
  const s = useApp.getState();
  const previous = s.sessionId;
  if (previous) void api.call('session.dispose', { sessionId: previous }).catch(() => undefined);
  const interval = Number(s.intervalMs) || undefined;
  const timeout = Number(s.pongTimeoutMs) || undefined;
  useApp.setState({ ...initialConnection(), phase: 'connecting', total: 0, frameTotal: 0, selectedSeq: null, rtts: [] });
  const out = await run('session.open', {
    settings: { ...s.settings, autoPong: s.autoPong, pingInterval: interval, pongTimeout: interval ? timeout : undefined },
  });
  if (!out) useApp.setState({ phase: 'idle' });
  else useApp.setState({ sessionId: out.sessionId });
}

export async function disconnect(): Promise<void> {
  const id = sessionId();
  if (id) await run('session.close', { sessionId: id, code: 1000, reason: '' });
}

export async function closeWith(code: number | null, reason: string): Promise<void> {
  const id = sessionId();
  if (id) await run('session.close', { sessionId: id, code, reason });
}

export async function send(kind: 'text' | 'binary', body: { text?: string; dataHex?: string }, fragments = 1): Promise<boolean> {
  const id = sessionId();
  if (!id) return false;
  const out = await run('session.send', { sessionId: id, kind, ...body, fragments });
  if (out) {
    const entry = { kind, body: kind === 'text' ? (body.text ?? '') : (body.dataHex ?? ''), t: Date.now() };
    useApp.setState((s) => ({ history: [entry, ...s.history.filter((h) => h.body !== entry.body || h.kind !== kind)].slice(0, 50) }));
  }
  return out !== null;
}

export async function sendCrafted(spec: CallInput<'session.sendFrame'>['spec']): Promise<boolean> {
  const id = sessionId();
  if (!id) return false;
  return (await run('session.sendFrame', { sessionId: id, spec })) !== null;
}

export async function ping(payloadHex: string): Promise<void> {
  const id = sessionId();
  if (id) await run('session.ping', { sessionId: id, payloadHex });
}

export async function pong(payloadHex: string): Promise<void> {
  const id = sessionId();
  if (id) await run('session.pong', { sessionId: id, payloadHex });
}

export async function setAutoPong(enabled: boolean): Promise<void> {
  useApp.setState({ autoPong: enabled });
  const id = sessionId();
  if (id && useApp.getState().phase !== 'closed') await run('session.setAutoPong', { sessionId: id, enabled });
}

export async function applyHeartbeat(): Promise<void> {
  const s = useApp.getState();
  const id = s.sessionId;
  const interval = Number(s.intervalMs) || null;
  const timeout = Number(s.pongTimeoutMs) || undefined;
  if (id && s.phase === 'open') await run('session.setHeartbeat', { sessionId: id, intervalMs: interval, pongTimeoutMs: timeout });
}

export function fetchFrames(from: number, count: number) {
  const s = useApp.getState();
  if (!s.sessionId) return Promise.resolve(null);
  return api.call('log.frames', { sessionId: s.sessionId, filter: s.filter, from, count }).catch(() => null);
}

export function fetchEvent(seq: number) {
  const id = sessionId();
  if (!id) return Promise.resolve(null);
  return api.call('log.event', { sessionId: id, seq }).then((o) => o.event, () => null);
}
