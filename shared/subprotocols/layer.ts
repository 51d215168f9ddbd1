import type { Decoded } from '../codecs/decoded.js';
import { toHex } from '../hex.js';
import { parseGraphqlWs } from './graphql-ws.js';
import type { HelperId } from './helpers.js';
import { SocketIoDecoder, type EnginePacket } from './socketio.js';
import { header, parseStomp, type StompFrame, type StompPiece } from './stomp.js';

/**
 * A message as its subprotocol reads it: one line for a person, the name a
 * filter matches (a Socket.IO event, a STOMP destination, a GraphQL
 * operation id), and the layer as a JSON tree (what the JSON filter reads).
 * Built from one message alone, so the log decodes only the rows on screen.
 */
export interface LayerView {
  helper: HelperId;
  /** e.g. `EVENT chat · ack 7`, `MESSAGE /topic/prices`, `next 1` */
  summary: string;
  subject?: string;
  value?: Decoded;
  /** what the message carries: an event's arguments, a frame's body, an operation's payload */
  body?: Decoded;
  /** why the message does not read as this protocol (the frames are there all the same) */
  error?: string;
}

/**
 * One message through a helper. `socketio` carries Socket.IO's one piece of
 * state across messages (a binary event's attachments): without it, a
 * binary message stands alone.
 */
export function layerOf(helper: HelperId, bytes: Uint8Array, opcode: number, socketio: SocketIoDecoder = new SocketIoDecoder()): LayerView {
  try {
    switch (helper) {
      case 'socketio':
        return socketIoLayer(opcode === 1 ? socketio.text(utf8(bytes)) : socketio.binary(bytes));
      case 'stomp':
        return stompLayer(parseStomp(bytes));
      case 'graphql-ws':
        return graphqlLayer(bytes, opcode);
    }
  } catch (e) {
    return { helper, summary: `not ${NOUN[helper]}`, error: (e as Error).message };
  }
}

const NOUN: Record<HelperId, string> = { socketio: 'a Socket.IO packet', stomp: 'STOMP', 'graphql-ws': 'a graphql-transport-ws message' };

function socketIoLayer(p: EnginePacket): LayerView {
  const helper = 'socketio' as const;
  if (p.engine !== 'message') {
    const data = p.data as Record<string, Decoded> | string | undefined;
    const detail = p.engine === 'open' && data && typeof data === 'object' ? ` sid ${scalar(data.sid)} · ping every ${scalar(data.pingInterval)} ms` : typeof data === 'string' ? ` ${data}` : '';
    return { helper, summary: `Engine.IO ${p.engine}${detail}`, value: { engine: p.engine, ...(p.data !== undefined ? { data: p.data } : {}) } };
  }
  if ('binary' in p) return { helper, summary: 'binary (an attachment of the binary packet before it, or plain data)', value: { $bytes: p.binary }, body: { $bytes: p.binary } };
  const s = p.socket;
  const parts: string[] = [s.type];
  if (s.type === 'ACK' || s.type === 'BINARY_ACK') parts.push(String(s.id));
  if (s.event !== undefined) parts.push(s.event);
  if (s.nsp !== '/') parts.push(`on ${s.nsp}`);
  let summary = parts.join(' ');
  if (s.id !== undefined && s.event !== undefined) summary += ` · ack ${s.id}`;
  if (s.pending) summary += ` · ${s.pending} attachment${s.pending === 1 ? '' : 's'} to come`;
  const value: Record<string, Decoded> = { type: s.type, nsp: s.nsp };
  if (s.id !== undefined) value.id = s.id;
  if (s.event !== undefined) value.event = s.event;
  if (s.args) value.args = s.args;
  if (s.data !== undefined) value.data = s.data;
  if (s.pending) value.pending = s.pending;
  return { helper, summary, ...(s.event !== undefined ? { subject: s.event } : {}), value, body: s.args ?? s.data ?? null };
}

function stompLayer(pieces: StompPiece[]): LayerView {
  const helper = 'stomp' as const;
  if (!pieces.length) return { helper, summary: 'empty', value: [] };
  const frames = pieces.map((p) => ('heartbeat' in p ? null : p.frame));
  const values = frames.map((f): Decoded => (f ? stompValue(f) : { heartbeat: true }));
  const summary = frames.map((f) => (f ? stompSummary(f) : 'heart-beat')).join(' + ');
  const destination = frames.map((f) => f && header(f, 'destination')).find((d) => d !== undefined && d !== null);
  const one = values.length === 1;
  // what it carries: the body of its one frame (heart-beats around it aside)
  const framed = values.filter((_, i) => frames[i]);
  const body = framed.length === 1 ? ((framed[0] as Record<string, Decoded>).body ?? null) : null;
  return { helper, summary, ...(destination ? { subject: destination } : {}), value: one ? values[0] : values, body };
}

function stompSummary(f: StompFrame): string {
  const h = (n: string) => header(f, n);
  switch (f.command) {
    case 'CONNECT':
    case 'STOMP':
      return `${f.command} ${h('host') ?? ''} · accept ${h('accept-version') ?? '1.0'}${h('heart-beat') ? ` · heart-beat ${h('heart-beat')}` : ''}`.replace('  ', ' ');
    case 'CONNECTED':
      return `CONNECTED ${h('version') ?? ''}${h('heart-beat') ? ` · heart-beat ${h('heart-beat')}` : ''}`;
    case 'SUBSCRIBE':
      return `SUBSCRIBE ${h('destination') ?? '?'} (id ${h('id') ?? '?'})`;
    case 'UNSUBSCRIBE':
    case 'ACK':
    case 'NACK':
      return `${f.command} ${h('id') ?? '?'}`;
    case 'RECEIPT':
      return `RECEIPT ${h('receipt-id') ?? '?'}`;
    case 'ERROR':
      return `ERROR ${h('message') ?? ''}`.trim();
    default:
      return `${f.command}${h('destination') ? ` ${h('destination')}` : ''}${f.body.length ? ` · ${f.body.length} B` : ''}`;
  }
}

/** A frame as a tree: headers by name (the first of a repeated one counts, as STOMP 1.2 says), the body as JSON, text or bytes. */
function stompValue(f: StompFrame): Decoded {
  const headers: Record<string, Decoded> = {};
  for (const [n, v] of f.headers) if (!Object.hasOwn(headers, n)) headers[n] = v;
  const out: Record<string, Decoded> = { command: f.command, headers };
  if (f.body.length) out.body = stompBody(f.body, header(f, 'content-type'));
  return out;
}

function stompBody(body: Uint8Array, contentType: string | undefined): Decoded {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return { $bytes: toHex(body) };
  }
  if (contentType && /json/i.test(contentType)) {
    try {
      return JSON.parse(text) as Decoded;
    } catch {
      // the header says JSON, the body is not: shown as the text it is
    }
  }
  return text;
}

function graphqlLayer(bytes: Uint8Array, opcode: number): LayerView {
  const helper = 'graphql-ws' as const;
  if (opcode !== 1) return { helper, summary: 'binary: not graphql-transport-ws', error: 'graphql-transport-ws messages are text' };
  const m = parseGraphqlWs(utf8(bytes));
  let summary = m.type + (m.id !== undefined ? ` ${m.id}` : '');
  const payload = m.payload as Record<string, Decoded> | undefined;
  if (m.type === 'subscribe' && payload) summary += ` · ${typeof payload.operationName === 'string' ? payload.operationName : firstWords(scalar(payload.query))}`;
  if (m.type === 'error' && Array.isArray(m.payload)) summary += ` · ${m.payload.length} error${m.payload.length === 1 ? '' : 's'}`;
  const value: Record<string, Decoded> = { type: m.type };
  if (m.id !== undefined) value.id = m.id;
  if (m.payload !== undefined) value.payload = m.payload;
  return { helper, summary, ...(m.id !== undefined ? { subject: m.id } : {}), value, body: m.payload ?? null };
}

function firstWords(query: string): string {
  const q = query.replace(/\s+/g, ' ').trim();
  return q.length > 60 ? `${q.slice(0, 59)}…` : q;
}

function utf8(bytes: Uint8Array): string {
  return new TextDecoder().decode(bytes);
}

/** A value for a summary line: a scalar as itself, anything else (a server's odd choice) as its JSON. */
function scalar(d: Decoded | undefined): string {
  if (d === undefined) return 'none';
  return d === null || typeof d !== 'object' ? String(d) : JSON.stringify(d);
}
