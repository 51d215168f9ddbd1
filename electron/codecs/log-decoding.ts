import { CallError } from '../../shared/ipc/api.js';
import type { DecodingSettings } from '../../shared/decoding/decoding-settings.js';
import type { DecodedMessage } from '../../shared/decoding/decoding-schema.js';
import { decodeMessage, rowDecoder, type DecodeContext, type MessageDecoding } from '../../shared/decoding/message-decoding.js';
import { parseHex } from '../../shared/hex.js';
import type { DecodedPreview, LogEvent, MessageLogEvent } from '../../shared/log-events.js';
import { chooseHelper } from '../../shared/subprotocols/helpers.js';
import { SocketIoDecoder } from '../../shared/subprotocols/socketio.js';
import { header, negotiatedHeartbeat, parseStomp } from '../../shared/subprotocols/stomp.js';
import { Kind, type EventIndex } from '../capture/event-index.js';
import type { EventLog, KeyedDecoder } from '../capture/event-log.js';
import type { ProtoTypes } from './proto-types.js';

/** A message larger than this is not decoded for a row of the list (the inspector decodes it whole). */
export const ROW_DECODE_BYTES = 64 * 1024;
/** Characters of a row's decoded preview. */
const PREVIEW_CHARS = 300;
/** How far back a STOMP CONNECTED looks for its CONNECT, in events. */
const CONNECT_LOOKBACK = 2000;

/**
 * What a log is decoded with: `auto` resolved against what the log knows
 * (its negotiated subprotocol, its URL), protobuf types read from the
 * workspace. A type that cannot be had is said on each message it concerns.
 */
export async function decodeContextFor(d: DecodingSettings, log: EventLog, protos: ProtoTypes | undefined): Promise<KeyedDecoder & { ctx: DecodeContext }> {
  const ctx: DecodeContext = { codec: d.codec, helper: chooseHelper(d.helper, log.facts.protocol, log.facts.url) };
  for (const dir of ['in', 'out'] as const) {
    const name = dir === 'in' ? d.protoIn : d.protoOut;
    if (!name) continue;
    try {
      if (!protos) throw new CallError('NOT_FOUND', 'no workspace is open here: protobuf types cannot be read');
      (ctx.protobuf ??= {})[dir] = await protos.type(name);
    } catch (e) {
      (ctx.problems ??= {})[dir] = (e as Error).message;
    }
  }
  const key = JSON.stringify({ codec: d.codec, helper: ctx.helper, in: d.protoIn, out: d.protoOut });
  return { ctx, key, decode: rowDecoder(ctx) };
}

/**
 * Rows of the messages view with their decoded layer: decoded here, for the
 * rows asked for, never at capture. A row cut for the list is read whole
 * first; one too large to decode in a list says so.
 */
export async function withDecoded(rows: LogEvent[], log: EventLog, ctx: DecodeContext): Promise<LogEvent[]> {
  const cut = rows.filter((r) => r.type === 'message' && r.truncated && r.length <= ROW_DECODE_BYTES).map((r) => r.seq);
  const whole = new Map(cut.length ? (await log.whole(cut)).map((e) => [e.seq, e]) : []);
  return rows.map((r) => {
    if (r.type !== 'message') return r;
    if (r.length > ROW_DECODE_BYTES) return { ...r, decoded: { codec: null, note: `${r.length} bytes: too large to decode in the list (pick it to decode it whole)` } };
    const m = (whole.get(r.seq) as MessageLogEvent | undefined) ?? r;
    const preview = rowPreview(decodeMessage(bytesOf(m), m.opcode, m.dir, ctx));
    return preview ? { ...r, decoded: preview } : r;
  });
}

/** What a row shows of a decoding; nothing for plain text and JSON, which the row already shows as they are. */
function rowPreview(d: MessageDecoding): DecodedPreview | null {
  if (!d.layer && !d.error && (d.codec === null || d.codec === 'text' || d.codec === 'json')) return null;
  const shown = d.layer && !d.layer.error ? d.layer.body : d.value;
  const json = shown === undefined || shown === null ? undefined : JSON.stringify(shown);
  return {
    codec: d.codec,
    ...(d.detected ? { detected: true as const } : {}),
    ...(d.error ? { error: d.error } : {}),
    ...(d.offset !== undefined ? { offset: d.offset } : {}),
    ...(json !== undefined ? { preview: json.length > PREVIEW_CHARS ? `${json.slice(0, PREVIEW_CHARS - 1)}…` : json } : {}),
    ...(d.layer ? { layer: { helper: d.layer.helper, summary: d.layer.summary, ...(d.layer.subject !== undefined ? { subject: d.layer.subject } : {}), ...(d.layer.error ? { error: d.layer.error } : {}) } } : {}),
  };
}

/**
 * One message decoded whole (log.decode), with what only the log around it
 * tells: a Socket.IO binary packet's attachments (the binary messages after
 * it), a STOMP CONNECTED's negotiated heart-beats (with the CONNECT before it).
 */
export async function decodeOne(log: EventLog, seq: number, ctx: DecodeContext): Promise<DecodedMessage> {
  const e = (await log.whole([seq]))[0];
  if (!e || e.type !== 'message') throw new CallError('NOT_FOUND', `event ${seq} is not a data message: nothing to decode`);
  const head = { seq, dir: e.dir, opcode: e.opcode, length: e.length };
  const socketio = new SocketIoDecoder();
  let d = decodeMessage(bytesOf(e), e.opcode, e.dir, ctx, socketio);
  let attachments: number | undefined;
  const pending = (d.layer?.value as { pending?: number } | undefined)?.pending;
  if (ctx.helper === 'socketio' && pending) {
    const more = await log.whole(followingBinary(log.index, seq, e.dir === 'in', pending));
    for (const a of more as MessageLogEvent[]) d = { ...d, layer: decodeMessage(bytesOf(a), 2, a.dir, { codec: 'auto', helper: 'socketio' }, socketio).layer };
    attachments = more.length;
  }
  let heartbeats: DecodedMessage['heartbeats'];
  if (ctx.helper === 'stomp' && d.layer && /^CONNECTED\b/.test(d.layer.summary)) {
    const server = stompHeader(bytesOf(e), 'CONNECTED', 'heart-beat');
    const client = await connectHeartbeat(log, seq);
    heartbeats = negotiatedHeartbeat(client, server);
    d = { ...d, layer: { ...d.layer, summary: `${d.layer.summary} · agreed: client every ${heartbeats.clientSendsMs || '-'} ms, server every ${heartbeats.serverSendsMs || '-'} ms` } };
  }
  return { ...head, ...d, ...(heartbeats ? { heartbeats } : {}), ...(attachments !== undefined ? { attachments } : {}) };
}

function bytesOf(m: MessageLogEvent): Uint8Array {
  return m.data !== undefined ? parseHex(m.data) : new TextEncoder().encode(m.text ?? '');
}

/** The next `n` binary messages of the same direction after `seq`: a Socket.IO packet's attachments. */
function followingBinary(x: EventIndex, seq: number, incoming: boolean, n: number): number[] {
  const out: number[] = [];
  for (let s = seq + 1; s < x.size && out.length < n; s++) {
    if (x.kind(s) !== Kind.Message || x.incoming(s) !== incoming) continue;
    if (x.opcode(s) !== 2) break;
    out.push(s);
  }
  return out;
}

/** The heart-beat header of the CONNECT (or STOMP) frame sent before `seq`, if any. */
async function connectHeartbeat(log: EventLog, seq: number): Promise<string | undefined> {
  const x = log.index;
  for (let s = seq - 1; s >= Math.max(0, seq - CONNECT_LOOKBACK); s--) {
    if (x.kind(s) !== Kind.Message || x.incoming(s)) continue;
    const m = (await log.whole([s]))[0] as MessageLogEvent | undefined;
    if (!m) continue;
    const h = stompHeader(bytesOf(m), 'CONNECT', 'heart-beat') ?? stompHeader(bytesOf(m), 'STOMP', 'heart-beat');
    if (h !== undefined) return h;
  }
  return undefined;
}

function stompHeader(bytes: Uint8Array, command: string, name: string): string | undefined {
  try {
    for (const p of parseStomp(bytes)) if ('frame' in p && p.frame.command === command) return header(p.frame, name) ?? '0,0';
  } catch {
    // not STOMP: no header
  }
  return undefined;
}
