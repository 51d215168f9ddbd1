import { api } from '../ipc/api';
import { callSaying } from '../ipc/call-saying';
import { activeTabId, applySummary, initialConnection, initialLog, patchTab, useApp, useTabs, type AppState } from './app-store';
import { uploadFile } from '../ipc/upload-file';
import { UPLOAD_CHUNK_BYTES, type CallInput, type CallName } from '../../../shared/ipc/schemas';
import { parseHex } from '../../../shared/hex';
import type { LogEvent } from '../../../shared/log-events';
import { ask } from '../lib/ask';
import type { BinaryCodec } from '../../../shared/codecs/codec-ids';

api.on('log.summary', applySummary);

/**
 * Runs a call for a tab; a failure becomes the one notice shown in that tab,
 * naming the problem. The tab is fixed when the action starts, so switching
 * tabs while a call is in flight cannot send its outcome elsewhere.
 */
function run<C extends CallName>(tabId: string, name: C, input: CallInput<C>) {
  return callSaying(name, input, (notice) => patchTab(tabId, { notice }));
}

/** The active tab and its session, if it has one. */
function target(): { tabId: string; sessionId: string | null } {
  const tabId = activeTabId();
  return { tabId, sessionId: useTabs.getState().tabs[tabId].sessionId };
}

/**
 * The {{names}} in the settings (URL, headers, subprotocols, Origin, proxy)
 * that have no value in the active environment or the tab's profile.
 */
async function unknownVariables(s: AppState): Promise<string[]> {
  const { url, headers, subprotocols, origin, proxy } = s.settings;
  const text = [url, ...(headers ?? []).flat(), ...(subprotocols ?? []), origin ?? '', proxy ?? ''].join('\n');
  if (!text.includes('{{')) return [];
  const out = await api.call('variables.resolve', { text, profileId: s.profileId ?? undefined }).catch(() => null);
  return out?.missing ?? [];
}

export async function connect(): Promise<void> {
  const { tabId, sessionId: previous } = target();
  const s = useApp.getState();
  const missing = await unknownVariables(s);
  if (missing.length) {
    const names = missing.map((m) => `{{${m}}}`).join(', ');
    const choice = await ask({
      title: 'Unknown variables',
      body: `${names} ${missing.length === 1 ? 'has' : 'have'} no value in the active environment or the profile, and would go out as written. Set ${missing.length === 1 ? 'it' : 'them'} under Environment, or connect anyway.`,
      choices: [
        { label: 'Don’t connect', value: 'cancel' },
        { label: 'Connect anyway', value: 'connect' },
      ],
    });
    if (choice !== 'connect') return;
  }
  if (previous) void api.call('session.dispose', { sessionId: previous }).catch(() => undefined);
  const interval = Number(s.intervalMs) || undefined;
  const timeout = Number(s.pongTimeoutMs) || undefined;
  patchTab(tabId, { ...initialConnection(), ...initialLog(), phase: 'connecting', selectedSeq: null, rtts: [], scenario: null });
  const out = await run(tabId, 'session.open', {
    settings: { ...s.settings, autoPong: s.autoPong, pingInterval: interval, pongTimeout: interval ? timeout : undefined },
    profileId: s.profileId ?? undefined,
    tabId,
  });
  patchTab(tabId, out ? { sessionId: out.sessionId } : { phase: 'idle' });
}

/**
 * The same settings again, continuing the same log after a separator. A tab
 * restored from the saved workspace has no connection to continue (its log is
 * the recording it showed): it connects afresh.
 */
export async function reconnect(): Promise<void> {
  const { tabId, sessionId } = target();
  if (!sessionId || useApp.getState().restored) return connect();
  patchTab(tabId, { ...initialConnection(), sessionId, phase: 'connecting' });
  await run(tabId, 'session.reconnect', { sessionId });
}

export async function disconnect(): Promise<void> {
  const { tabId, sessionId } = target();
  if (sessionId) await run(tabId, 'session.close', { sessionId, code: 1000, reason: '' });
}

export async function closeWith(code: number | null, reason: string): Promise<void> {
  const { tabId, sessionId } = target();
  if (sessionId) await run(tabId, 'session.close', { sessionId, code, reason });
}

/** A draft longer than this goes as an upload, as a file does: one call carries a bounded text (and 64 MiB at most). */
const UPLOADED_DRAFT_CHARS = UPLOAD_CHUNK_BYTES;

export async function send(kind: 'text' | 'binary', body: { text?: string; dataHex?: string }, fragments = 1): Promise<boolean> {
  const { tabId, sessionId } = target();
  if (!sessionId) return false;
  const draft = kind === 'text' ? (body.text ?? '') : (body.dataHex ?? '');
  const out =
    draft.length > UPLOADED_DRAFT_CHARS
      ? await sendUpload(tabId, sessionId, kind, new Blob([kind === 'text' ? draft : (parseHex(draft) as Uint8Array<ArrayBuffer>)]), 'the message', fragments)
      : await run(tabId, 'session.send', { sessionId, kind, ...body, fragments });
  if (out) remember(tabId, { kind, body: draft, t: Date.now() });
  return out !== null;
}

/** Encodes JSON in a codec in the main process (which holds the .proto files) and sends it as one binary message. */
export async function sendEncoded(codec: BinaryCodec, json: string, messageType: string | undefined, fragments = 1): Promise<boolean> {
  const { tabId, sessionId } = target();
  if (!sessionId) return false;
  const out = await run(tabId, 'session.sendEncoded', { sessionId, codec, json, messageType, fragments });
  if (out) remember(tabId, { kind: 'binary', body: out.hex, t: Date.now() });
  return out !== null;
}

/** Socket.IO: whether Engine.IO pings are answered; kept in the settings (and the profile), and told to a live connection. */
export async function setEngineIoAutoPong(enabled: boolean): Promise<void> {
  const { tabId, sessionId } = target();
  patchTab(tabId, (s) => ({ settings: { ...s.settings, engineIoAutoPong: enabled ? undefined : false } }));
  if (sessionId && useApp.getState().phase !== 'closed') await run(tabId, 'session.setEngineIoAutoPong', { sessionId, enabled });
}

/** Sends a file's bytes as one binary message, handed to the main process in pieces first. */
export async function sendFile(file: File, fragments = 1): Promise<boolean> {
  const { tabId, sessionId } = target();
  if (!sessionId) return false;
  const out = await sendUpload(tabId, sessionId, 'binary', file, file.name, fragments);
  if (out) remember(tabId, { kind: 'binary', body: `file ${file.name}`, t: Date.now(), file });
  return out !== null;
}

async function sendUpload(tabId: string, sessionId: string, kind: 'text' | 'binary', bytes: Blob, what: string, fragments: number) {
  let uploadId: string;
  try {
    uploadId = await uploadFile(bytes);
  } catch (e) {
    patchTab(tabId, { notice: `${what} could not be handed over: ${(e as Error).message}` });
    return null;
  }
  return run(tabId, 'session.send', { sessionId, kind, uploadId, fragments });
}

function remember(tabId: string, entry: AppState['history'][number]): void {
  const same = (h: AppState['history'][number]) => h.kind === entry.kind && h.body === entry.body && h.file === entry.file;
  patchTab(tabId, (s) => ({ history: [entry, ...s.history.filter((h) => !same(h))].slice(0, 50) }));
}

export async function sendCrafted(spec: CallInput<'session.sendFrame'>['spec']): Promise<boolean> {
  const { tabId, sessionId } = target();
  if (!sessionId) return false;
  return (await run(tabId, 'session.sendFrame', { sessionId, spec })) !== null;
}

export async function ping(payloadHex: string): Promise<void> {
  const { tabId, sessionId } = target();
  if (sessionId) await run(tabId, 'session.ping', { sessionId, payloadHex });
}

export async function pong(payloadHex: string): Promise<void> {
  const { tabId, sessionId } = target();
  if (sessionId) await run(tabId, 'session.pong', { sessionId, payloadHex });
}

export async function setAutoPong(enabled: boolean): Promise<void> {
  const { tabId, sessionId } = target();
  patchTab(tabId, { autoPong: enabled });
  if (sessionId && useApp.getState().phase !== 'closed') await run(tabId, 'session.setAutoPong', { sessionId, enabled });
}

export async function setAnswerClose(enabled: boolean): Promise<void> {
  const { tabId, sessionId } = target();
  patchTab(tabId, (s) => ({ settings: { ...s.settings, answerClose: enabled } }));
  if (sessionId && useApp.getState().phase !== 'closed') await run(tabId, 'session.setAnswerClose', { sessionId, enabled });
}

export async function applyHeartbeat(): Promise<void> {
  const { tabId, sessionId } = target();
  const s = useApp.getState();
  const interval = Number(s.intervalMs) || null;
  const timeout = Number(s.pongTimeoutMs) || undefined;
  if (sessionId && s.phase === 'open') await run(tabId, 'session.setHeartbeat', { sessionId, intervalMs: interval, pongTimeoutMs: timeout });
}

export function fetchEvent(seq: number): Promise<LogEvent | null> {
  const { sessionId } = target();
  if (!sessionId) return Promise.resolve(null);
  return api.call('log.event', { sessionId, seq }).then(
    (o) => o.event as LogEvent | null,
    () => null,
  );
}
