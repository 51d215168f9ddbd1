import type { Header, LogEvent, MessageLogEvent } from '../../shared/log-events.js';
import { toHex } from '../../shared/hex.js';

/**
 * HAR 1.2 as Chrome DevTools writes a WebSocket: one entry for the upgrade
 * request (its ws:// or wss:// URL kept as it is, response 101), marked
 * `_resourceType: "websocket"`, with the messages in `_webSocketMessages`:
 * `type` "send" or "receive", `time` in seconds since the epoch (fractional),
 * `opcode` 1 or 2, `data` the text, or base64 for binary.
 */
interface HarMessage {
  type: 'send' | 'receive';
  time: number;
  opcode: number;
  data: string;
}

const harHeaders = (headers: Header[]) => headers.map(([name, value]) => ({ name, value }));

export function toHar(events: LogEvent[], creator: { name: string; version: string }): object {
  const request = events.find((e) => e.type === 'handshake-request');
  const response = events.find((e) => e.type === 'handshake-response');
  const messages = events.filter((e): e is MessageLogEvent => e.type === 'message');
  const start = events[0]?.t ?? Date.now();
  const url = request?.url ?? '';
  const harMessages: HarMessage[] = messages.map((m) => ({
    type: m.dir === 'out' ? 'send' : 'receive',
    time: m.t / 1000,
    opcode: m.opcode,
    data: m.opcode === 1 ? (m.text ?? '') : Buffer.from(m.data ?? '', 'hex').toString('base64'),
  }));
  return {
    log: {
      version: '1.2',
      creator,
      pages: [],
      entries: [
        {
          startedDateTime: new Date(start).toISOString(),
          time: Math.max(0, (events.at(-1)?.t ?? start) - start),
          request: {
            method: request?.method ?? 'GET',
            url,
            httpVersion: 'HTTP/1.1',
            headers: harHeaders(request?.headers ?? []),
            queryString: url ? [...new URL(url).searchParams].map(([name, value]) => ({ name, value })) : [],
            cookies: [],
            headersSize: -1,
            bodySize: 0,
          },
          response: {
            status: response?.status ?? 101,
            statusText: response?.statusText ?? 'Switching Protocols',
            httpVersion: 'HTTP/1.1',
            headers: harHeaders(response?.headers ?? []),
            cookies: [],
            content: { size: 0, mimeType: 'x-unknown' },
            redirectURL: '',
            headersSize: -1,
            bodySize: 0,
            _transferSize: 0,
          },
          cache: {},
          timings: { blocked: -1, dns: -1, ssl: -1, connect: -1, send: 0, wait: 0, receive: 0 },
          _resourceType: 'websocket',
          _webSocketMessages: harMessages,
        },
      ],
    },
  };
}

/** One WebSocket entry of a HAR, as a recording's events, and what its profile takes. */
export interface ImportedSocket {
  url: string;
  /** request headers without the handshake's own */
  headers: Header[];
  subprotocols: string[];
  /** the browser offered permessage-deflate */
  deflate: boolean;
  events: LogEvent[];
}

/** Headers the handshake writes by itself: a profile (or a replay) must not carry them. */
const HANDSHAKE_HEADERS = new Set(['sec-websocket-key', 'sec-websocket-version', 'sec-websocket-extensions', 'sec-websocket-protocol', 'sec-websocket-accept', 'upgrade', 'connection', 'host']);

export function ownHeaders(headers: Header[]): Header[] {
  // HTTP/2 pseudo-headers (":authority") are not headers one can send on an HTTP/1.1 upgrade
  return headers.filter(([n]) => !HANDSHAKE_HEADERS.has(n.toLowerCase()) && !n.startsWith(':'));
}

export function offersDeflate(headers: Header[]): boolean {
  return headers.some(([n, v]) => n.toLowerCase() === 'sec-websocket-extensions' && v.includes('permessage-deflate'));
}

export function subprotocolsOf(headers: Header[]): string[] {
  const h = headers.find(([n]) => n.toLowerCase() === 'sec-websocket-protocol');
  return h ? h[1].split(',').map((p) => p.trim()).filter(Boolean) : [];
}

/** A HAR that cannot be imported, with a message naming the problem. */
export class HarError extends Error {}

/** The WebSocket entries of a HAR text; throws one error naming the problem when it is not a HAR with any. */
export function fromHar(text: string, fileName: string): ImportedSocket[] {
  let har: unknown;
  try {
    har = JSON.parse(text);
  } catch (e) {
    throw new HarError(`${fileName} is not JSON (${(e as Error).message})`);
  }
  const entries = (har as { log?: { entries?: unknown } })?.log?.entries;
  if (!Array.isArray(entries)) throw new HarError(`${fileName} is not a HAR file: it has no log.entries array`);
  const sockets = entries.map((e, i) => ({ entry: fields(e), i })).filter(({ entry: e }) => e._resourceType === 'websocket' || Array.isArray(e._webSocketMessages));
  if (!sockets.length) throw new HarError(`${fileName} has no WebSocket entry (none with _resourceType "websocket" or _webSocketMessages); save the HAR from Chrome DevTools' Network panel with the WebSocket in it`);
  return sockets.map(({ entry, i }) => toSocket(entry, `${fileName}: entry ${i}`));
}

/** A HAR is untyped JSON: its objects are read field by field, each checked where it is used. */
type Fields = Record<string, unknown>;
function fields(v: unknown): Fields {
  return typeof v === 'object' && v !== null ? (v as Fields) : {};
}

function toSocket(entry: Fields, where: string): ImportedSocket {
  const req = fields(entry.request);
  if (typeof req.url !== 'string') throw new HarError(`${where} has no request.url`);
  const headers = parseHeaders(req.headers, `${where} request.headers`);
  const messages = entry._webSocketMessages ?? [];
  if (!Array.isArray(messages)) throw new HarError(`${where}: _webSocketMessages is not an array`);
  const started = Date.parse(String(entry.startedDateTime));
  const t0 = Number.isFinite(started) ? started : messages.length ? Number(fields(messages[0]).time) * 1000 : 0;
  const events: LogEvent[] = [{ type: 'handshake-request', seq: 0, t: t0, method: typeof req.method === 'string' ? req.method : 'GET', url: req.url, headers }];
  const res = fields(entry.response);
  if (typeof res.status === 'number' && res.status > 0) {
    events.push({ type: 'handshake-response', seq: 1, t: t0, status: res.status, statusText: typeof res.statusText === 'string' ? res.statusText : '', headers: parseHeaders(res.headers, `${where} response.headers`) });
  }
  messages.forEach((m, n) => events.push(toMessage(m, `${where} _webSocketMessages[${n}]`, events.length)));
  return { url: req.url, headers: ownHeaders(headers), subprotocols: subprotocolsOf(headers), deflate: offersDeflate(headers), events };
}

function toMessage(m: unknown, where: string, seq: number): MessageLogEvent {
  const { type, time, opcode, data } = (m ?? {}) as Partial<HarMessage>;
  if (type !== 'send' && type !== 'receive') throw new HarError(`${where}: type must be "send" or "receive", not ${JSON.stringify(type)}`);
  if (typeof time !== 'number' || !Number.isFinite(time)) throw new HarError(`${where}: time must be seconds since the epoch`);
  if (opcode !== 1 && opcode !== 2) throw new HarError(`${where}: opcode must be 1 (text) or 2 (binary), not ${JSON.stringify(opcode)}`);
  if (typeof data !== 'string') throw new HarError(`${where}: data must be a string`);
  // seconds to ms, rounded to the microsecond so that ms survive the float round trip (0.123 s * 1000 is 122.99999...)
  const base = { type: 'message' as const, seq, t: Math.round(time * 1e6) / 1e3, dir: type === 'send' ? ('out' as const) : ('in' as const) };
  if (opcode === 1) return { ...base, opcode: 1, length: Buffer.byteLength(data), text: data };
  const bytes = Buffer.from(data, 'base64');
  return { ...base, opcode: 2, length: bytes.length, data: toHex(bytes) };
}

function parseHeaders(list: unknown, where: string): Header[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw new HarError(`${where} is not an array`);
  return list.map((item, i) => {
    const h = fields(item);
    if (typeof h.name !== 'string' || typeof h.value !== 'string') throw new HarError(`${where}[${i}] needs a name and a value`);
    return [h.name, h.value];
  });
}
