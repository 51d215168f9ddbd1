import { createHash } from 'node:crypto';
import { violation, type Violation } from './errors.js';
import { basicAuthorization } from './credentials.js';
import type { ViolationCode } from '../../shared/violation-codes.js';

export const WS_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

export type Header = [name: string, value: string];

export function acceptFor(key: string): string {
  return createHash('sha1').update(key + WS_GUID).digest('base64');
}

export interface UpgradeRequestOptions {
  url: URL;
  key: string;
  subprotocols?: string[];
  origin?: string;
  /** Sec-WebSocket-Extensions value to offer */
  extensions?: string;
  /** extra headers, all sent in order; the first whose name matches a default replaces it in place */
  headers?: Header[];
}

/**
 * The request head exactly as it goes on the wire, and its headers in that
 * order; a violation, and nothing to write, when a name, value or the target
 * would break the head. Callers validate first and name the setting; this is
 * the last guard, whatever slipped past them.
 */
export function buildUpgradeRequest(o: UpgradeRequestOptions): { head: string; headers: Header[] } | Violation {
  const u = o.url;
  const defaultPort = u.protocol === 'wss:' ? '443' : '80';
  const headers: Header[] = [
    ['Host', u.port && u.port !== defaultPort ? `${u.hostname}:${u.port}` : u.hostname],
    ['Upgrade', 'websocket'],
    ['Connection', 'Upgrade'],
    ['Sec-WebSocket-Key', o.key],
    ['Sec-WebSocket-Version', '13'],
  ];
  const basic = basicAuthorization(u);
  if (basic) headers.push(['Authorization', basic]);
  if (o.origin !== undefined) headers.push(['Origin', o.origin]);
  if (o.subprotocols?.length) headers.push(['Sec-WebSocket-Protocol', o.subprotocols.join(', ')]);
  if (o.extensions) headers.push(['Sec-WebSocket-Extensions', o.extensions]);
  // An extra header replaces a default of its name (once); extras never replace one another:
  // -H is repeatable, and two headers of one name are two lines on the wire.
  const defaults = headers.length;
  const replaced = new Set<number>();
  for (const [name, value] of o.headers ?? []) {
    const i = headers.findIndex(([n], j) => j < defaults && !replaced.has(j) && n.toLowerCase() === name.toLowerCase());
    if (i >= 0) {
      headers[i] = [name, value];
      replaced.add(i);
    } else headers.push([name, value]);
  }
  const target = `${u.pathname || '/'}${u.search}`;
  if (/[\r\n\0 ]/.test(target)) return violation('WS_ERR_HANDSHAKE_REQUEST', undefined, 'the request target has a space, line break or NUL in it');
  for (const [name, value] of headers) {
    const problem = headerProblem(name, value);
    if (problem) return violation('WS_ERR_HANDSHAKE_REQUEST', undefined, problem);
  }
  const head = `GET ${target} HTTP/1.1\r\n${headers.map(([n, v]) => `${n}: ${v}\r\n`).join('')}\r\n`;
  return { head, headers };
}

/** A header name or value that would break the request head; null when fine. */
export function headerProblem(name: string, value: string): string | null {
  if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name)) return `invalid header name "${name}"`;
  if (/[\r\n\0]/.test(value)) return `header ${name} has a line break or NUL in its value`;
  return null;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** A subprotocol that is not an RFC 7230 token (RFC 6455 section 4.1); null when fine. */
export function subprotocolProblem(name: string): string | null {
  return TOKEN.test(name) ? null : `subprotocol ${JSON.stringify(name)} is not a valid token (letters, digits and !#$%&'*+-.^_\`|~ only)`;
}

/**
 * An Origin that is not a serialized origin (RFC 6454 section 6.2:
 * scheme://host[:port], or "null"); null when fine. A tester who needs any
 * other value can still send it as a plain header.
 */
export function originProblem(origin: string): string | null {
  if (origin === 'null') return null;
  const bad = `the Origin ${JSON.stringify(origin)} is not an origin (expected scheme://host[:port], such as https://example.com, or null)`;
  if (!/^[a-z][a-z0-9+.-]*:\/\/[^/?#\s]+$/i.test(origin)) return bad;
  try {
    const u = new URL(origin);
    return u.username || u.password || !u.host ? bad : null;
  } catch {
    return bad;
  }
}

export interface ResponseHead {
  httpVersion: string;
  status: number;
  statusText: string;
  headers: Header[];
}

export const MAX_HEAD_BYTES = 64 * 1024;

/**
 * Finds the end of the response head. Returns the parsed head and the bytes
 * after it, nothing yet when more bytes are needed, or a violation.
 */
export function readResponseHead(buf: Buffer): { head: ResponseHead; rest: Buffer } | Violation | null {
  const end = buf.indexOf('\r\n\r\n');
  if (end === -1) {
    if (buf.length > MAX_HEAD_BYTES) {
      return violation('WS_ERR_HANDSHAKE_MALFORMED', undefined, `the response head is larger than ${MAX_HEAD_BYTES} bytes`);
    }
    return null;
  }
  const lines = buf.subarray(0, end).toString('latin1').split('\r\n');
  const m = /^HTTP\/(\d\.\d) (\d{3})(?: (.*))?$/.exec(lines[0]);
  if (!m) return violation('WS_ERR_HANDSHAKE_MALFORMED', undefined, `not an HTTP status line: ${JSON.stringify(lines[0].slice(0, 80))}`);
  const headers: Header[] = [];
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0 || /^[ \t]/.test(line)) {
      return violation('WS_ERR_HANDSHAKE_MALFORMED', undefined, `malformed response header line: ${JSON.stringify(line.slice(0, 80))}`);
    }
    headers.push([line.slice(0, colon), line.slice(colon + 1).trim()]);
  }
  return {
    head: { httpVersion: m[1], status: Number(m[2]), statusText: m[3] ?? '', headers },
    rest: buf.subarray(end + 4),
  };
}

export function headerValues(headers: Header[], name: string): string[] {
  const lower = name.toLowerCase();
  return headers.filter(([n]) => n.toLowerCase() === lower).map(([, v]) => v);
}

/** Checks the 101 answer's Upgrade, Connection, Accept and subprotocol (RFC 6455 section 4.1). */
export function checkUpgradeHeaders(head: ResponseHead, key: string, offeredProtocols: string[]): { protocol: string } | Violation {
  const fail = (code: ViolationCode, msg: string) => violation(code, undefined, msg);
  const upgrade = headerValues(head.headers, 'upgrade');
  if (upgrade.length !== 1 || upgrade[0].toLowerCase() !== 'websocket') {
    return fail('WS_ERR_HANDSHAKE_UPGRADE', `the Upgrade header must be "websocket", got ${describe(upgrade)}`);
  }
  const connection = headerValues(head.headers, 'connection');
  if (!connection.some((v) => v.split(',').some((t) => t.trim().toLowerCase() === 'upgrade'))) {
    return fail('WS_ERR_HANDSHAKE_CONNECTION', `the Connection header must contain "Upgrade", got ${describe(connection)}`);
  }
  const accept = headerValues(head.headers, 'sec-websocket-accept');
  const expected = acceptFor(key);
  if (accept.length !== 1 || accept[0] !== expected) {
    return fail('WS_ERR_HANDSHAKE_ACCEPT', `Sec-WebSocket-Accept must be ${expected}, got ${describe(accept)}`);
  }
  const protocols = headerValues(head.headers, 'sec-websocket-protocol');
  if (protocols.length > 1) return fail('WS_ERR_HANDSHAKE_PROTOCOL', 'the server sent Sec-WebSocket-Protocol more than once');
  const protocol = protocols[0] ?? '';
  if (protocols.length === 1 && !offeredProtocols.includes(protocol)) {
    return fail(
      'WS_ERR_HANDSHAKE_PROTOCOL',
      offeredProtocols.length
        ? `the server chose subprotocol "${protocol}", which was not offered (offered: ${offeredProtocols.join(', ')})`
        : `the server chose subprotocol "${protocol}", but none was offered`,
    );
  }
  return { protocol };
}

function describe(values: string[]): string {
  return values.length === 0 ? 'none' : values.map((v) => JSON.stringify(v)).join(', ');
}
