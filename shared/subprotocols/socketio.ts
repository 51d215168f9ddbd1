import { toHex } from '../hex.js';
import type { Decoded } from '../codecs/decoded.js';

/**
 * Socket.IO v4 over Engine.IO v4 on a WebSocket: each text message is one
 * Engine.IO packet (a type digit, then data), and a Socket.IO packet rides
 * in Engine.IO's `message` (4): `<type>[<attachments>-][<namespace>,][<ack id>][JSON]`,
 * e.g. `42["chat",{"m":"hi"}]` or `451-/up,7["file",{"_placeholder":true,"num":0}]`,
 * whose binary attachments follow as binary messages.
 */
export const ENGINE_TYPES = ['open', 'close', 'ping', 'pong', 'message', 'upgrade', 'noop'] as const;
export const SOCKET_TYPES = ['CONNECT', 'DISCONNECT', 'EVENT', 'ACK', 'CONNECT_ERROR', 'BINARY_EVENT', 'BINARY_ACK'] as const;
export type EngineType = (typeof ENGINE_TYPES)[number];
export type SocketType = (typeof SOCKET_TYPES)[number];

export interface SocketPacket {
  type: SocketType;
  nsp: string;
  /** the ack id: an EVENT that wants an answer, or the ACK that gives it */
  id?: number;
  /** EVENT/BINARY_EVENT: the event's name, and its arguments (binary ones as {"$bytes": hex} once attached) */
  event?: string;
  args?: Decoded[];
  /** CONNECT/CONNECT_ERROR: the payload (auth, sid, error) */
  data?: Decoded;
  /** binary attachments still to come */
  pending?: number;
}

export type EnginePacket =
  | { engine: Exclude<EngineType, 'message'>; data?: Decoded }
  | { engine: 'message'; socket: SocketPacket }
  | { engine: 'message'; binary: string };

export class SocketIoError extends Error {}

/**
 * Decodes one WebSocket message of a Socket.IO connection. Stateful for the
 * one thing Socket.IO spreads over messages: a binary event's attachments,
 * which complete the packet that announced them.
 */
export class SocketIoDecoder {
  private waiting: { packet: SocketPacket; attachments: Uint8Array[] } | null = null;

  /** A text message; throws SocketIoError naming what is wrong with it. */
  text(message: string): EnginePacket {
    const digit = Number(message[0]);
    const engine = ENGINE_TYPES[digit];
    if (!engine || !/^\d/.test(message)) throw new SocketIoError(`not an Engine.IO packet: it starts with ${JSON.stringify(message.slice(0, 1))}, not a type digit 0-6`);
    const rest = message.slice(1);
    if (engine !== 'message') return rest ? { engine, data: engine === 'open' ? json(rest, 'the open packet') : rest } : { engine };
    const socket = parseSocketPacket(rest);
    if (socket.pending) this.waiting = { packet: socket, attachments: [] };
    return { engine: 'message', socket };
  }

  /** A binary message: an attachment of the binary packet waiting for it (the packet, complete, when it was the last), or plain binary data. */
  binary(bytes: Uint8Array): EnginePacket {
    const w = this.waiting;
    if (!w) return { engine: 'message', binary: toHex(bytes) };
    w.attachments.push(bytes);
    const left = (w.packet.pending ?? 0) - w.attachments.length;
    if (left > 0) return { engine: 'message', socket: { ...w.packet, pending: left } };
    this.waiting = null;
    const { pending: _done, ...packet } = w.packet;
    const fill = (v: Decoded): Decoded => {
      if (Array.isArray(v)) return v.map(fill);
      if (v && typeof v === 'object') {
        if (v._placeholder === true && typeof v.num === 'number') {
          const a = w.attachments[v.num];
          if (!a) throw new SocketIoError(`placeholder ${v.num} has no attachment (${w.attachments.length} came)`);
          return { $bytes: toHex(a) };
        }
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fill(x)]));
      }
      return v;
    };
    return { engine: 'message', socket: { ...packet, ...(packet.args ? { args: packet.args.map(fill) } : {}), ...(packet.data !== undefined ? { data: fill(packet.data) } : {}) } };
  }
}

function parseSocketPacket(s: string): SocketPacket {
  const m = /^(\d)(?:(\d+)-)?(\/[^,]*,)?(\d+)?(.*)$/s.exec(s);
  const type = m ? SOCKET_TYPES[Number(m[1])] : undefined;
  if (!m || !type) throw new SocketIoError(`not a Socket.IO packet: ${JSON.stringify(s.slice(0, 40))}`);
  const packet: SocketPacket = { type, nsp: m[3] ? m[3].slice(0, -1) : '/' };
  if (m[4] !== undefined) packet.id = Number(m[4]);
  if (m[2] !== undefined) packet.pending = Number(m[2]);
  const body = m[5];
  if (type === 'EVENT' || type === 'BINARY_EVENT' || type === 'ACK' || type === 'BINARY_ACK') {
    const args = body ? json(body, `the ${type} payload`) : [];
    if (!Array.isArray(args)) throw new SocketIoError(`a ${type} carries an array, got ${JSON.stringify(body.slice(0, 40))}`);
    if (type === 'EVENT' || type === 'BINARY_EVENT') {
      if (typeof args[0] !== 'string') throw new SocketIoError(`an event's first element is its name, got ${JSON.stringify(args[0])}`);
      packet.event = args[0];
      packet.args = args.slice(1);
    } else {
      packet.args = args;
    }
  } else if (body) {
    packet.data = json(body, `the ${type} payload`);
  }
  return packet;
}

function json(s: string, what: string): Decoded {
  try {
    return JSON.parse(s) as Decoded;
  } catch (e) {
    throw new SocketIoError(`${what} is not JSON: ${(e as Error).message}`);
  }
}

/** The text message that emits `event(...args)` on a namespace, asking for an ack when `ackId` is given. */
export function encodeEmit(event: string, args: Decoded[], o: { nsp?: string; ackId?: number } = {}): string {
  return `42${namespacePrefix(o.nsp)}${o.ackId ?? ''}${JSON.stringify([event, ...args])}`;
}

/** The text message that answers the server's event `id` with an ack. */
export function encodeAck(id: number, args: Decoded[], nsp?: string): string {
  return `43${namespacePrefix(nsp)}${id}${JSON.stringify(args)}`;
}

/** The text message that joins a namespace, with an optional auth payload. */
export function encodeConnect(nsp = '/', auth?: Decoded): string {
  return `40${namespacePrefix(nsp)}${auth === undefined ? '' : JSON.stringify(auth)}`;
}

function namespacePrefix(nsp?: string): string {
  return nsp && nsp !== '/' ? `${nsp},` : '';
}

/** A Socket.IO server's URL as a WebSocket URL: the Engine.IO path and query filled in, unless given. */
export function socketIoUrl(url: string): string {
  const u = new URL(url);
  if (u.protocol === 'http:') u.protocol = 'ws:';
  if (u.protocol === 'https:') u.protocol = 'wss:';
  if (u.pathname === '/' || u.pathname === '') u.pathname = '/socket.io/';
  u.searchParams.set('EIO', '4');
  u.searchParams.set('transport', 'websocket');
  return u.toString();
}
