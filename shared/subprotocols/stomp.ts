/**
 * STOMP 1.2 frames over WebSocket: `COMMAND\nname:value\n...\n\nbody\0`,
 * header names and values escaped (\\ \n \r \c) except in CONNECT and
 * CONNECTED, a body of `content-length` bytes when given (it may hold NUL),
 * and a bare end of line between frames as a heart-beat. One WebSocket
 * message may carry several frames.
 */
export const CLIENT_COMMANDS = ['CONNECT', 'STOMP', 'SEND', 'SUBSCRIBE', 'UNSUBSCRIBE', 'ACK', 'NACK', 'BEGIN', 'COMMIT', 'ABORT', 'DISCONNECT'] as const;
export const SERVER_COMMANDS = ['CONNECTED', 'MESSAGE', 'RECEIPT', 'ERROR'] as const;
const COMMANDS = new Set<string>([...CLIENT_COMMANDS, ...SERVER_COMMANDS]);

export interface StompFrame {
  command: string;
  /** in order, repeated names kept (the first one counts, STOMP 1.2 says) */
  headers: [string, string][];
  body: Uint8Array;
}

export type StompPiece = { frame: StompFrame } | { heartbeat: true };

export class StompError extends Error {}

const ESCAPES: Record<string, string> = { '\\\\': '\\', '\\n': '\n', '\\r': '\r', '\\c': ':' };

/** The frames and heart-beats in one WebSocket message's bytes; throws StompError naming what is malformed and where. */
export function parseStomp(bytes: Uint8Array): StompPiece[] {
  const out: StompPiece[] = [];
  let at = 0;
  const text = new TextDecoder();
  while (at < bytes.length) {
    if (bytes[at] === 0x0a || (bytes[at] === 0x0d && bytes[at + 1] === 0x0a)) {
      out.push({ heartbeat: true });
      at += bytes[at] === 0x0d ? 2 : 1;
      continue;
    }
    const blank = indexOfBlankLine(bytes, at);
    if (blank < 0) throw new StompError(`a frame at byte ${at} has no blank line ending its headers`);
    const lines = text.decode(bytes.subarray(at, blank)).split(/\r?\n/);
    const command = lines[0];
    if (!COMMANDS.has(command)) throw new StompError(`unknown STOMP command ${JSON.stringify(command.slice(0, 30))} at byte ${at}`);
    const raw = command === 'CONNECT' || command === 'CONNECTED';
    const headers: [string, string][] = lines.slice(1).map((line, i) => {
      const colon = line.indexOf(':');
      if (colon < 0) throw new StompError(`header line ${i + 1} of ${command} has no colon: ${JSON.stringify(line.slice(0, 40))}`);
      return [raw ? line.slice(0, colon) : unescape(line.slice(0, colon), command), raw ? line.slice(colon + 1) : unescape(line.slice(colon + 1), command)];
    });
    const bodyStart = blank + (bytes[blank] === 0x0d ? 4 : 2);
    const lengthHeader = headers.find(([n]) => n === 'content-length');
    let bodyEnd: number;
    if (lengthHeader) {
      const n = Number(lengthHeader[1]);
      if (!/^\d+$/.test(lengthHeader[1])) throw new StompError(`content-length of ${command} is not a number: ${JSON.stringify(lengthHeader[1])}`);
      bodyEnd = bodyStart + n;
      if (bodyEnd >= bytes.length || bytes[bodyEnd] !== 0) throw new StompError(`${command}'s body of content-length ${n} is not followed by NUL`);
    } else {
      bodyEnd = bytes.indexOf(0, bodyStart);
      if (bodyEnd < 0) throw new StompError(`${command} at byte ${at} is not ended by NUL`);
    }
    out.push({ frame: { command, headers, body: bytes.slice(bodyStart, bodyEnd) } });
    at = bodyEnd + 1;
  }
  return out;
}

/** A frame's bytes: headers escaped (but in CONNECT), content-length added for a body. */
export function encodeStomp(f: { command: string; headers?: [string, string][]; body?: Uint8Array | string }): Uint8Array {
  if (!COMMANDS.has(f.command)) throw new StompError(`unknown STOMP command ${JSON.stringify(f.command)}`);
  const body = typeof f.body === 'string' ? new TextEncoder().encode(f.body) : (f.body ?? new Uint8Array(0));
  const raw = f.command === 'CONNECT' || f.command === 'CONNECTED';
  const headers = [...(f.headers ?? [])];
  if (body.length && !headers.some(([n]) => n === 'content-length')) headers.push(['content-length', String(body.length)]);
  const head = [f.command, ...headers.map(([n, v]) => (raw ? `${n}:${v}` : `${escape(n)}:${escape(v)}`))].join('\n') + '\n\n';
  const headBytes = new TextEncoder().encode(head);
  const out = new Uint8Array(headBytes.length + body.length + 1);
  out.set(headBytes);
  out.set(body, headBytes.length);
  return out;
}

/** The heart-beat intervals the two sides agreed (STOMP 1.2 section "Heart-beating"): 0 means none that way. */
export function negotiatedHeartbeat(clientHeader: string | undefined, serverHeader: string | undefined): { clientSendsMs: number; serverSendsMs: number } {
  const [cx, cy] = pair(clientHeader);
  const [sx, sy] = pair(serverHeader);
  return { clientSendsMs: cx && sy ? Math.max(cx, sy) : 0, serverSendsMs: sx && cy ? Math.max(sx, cy) : 0 };
}

export function header(f: StompFrame, name: string): string | undefined {
  return f.headers.find(([n]) => n === name)?.[1];
}

function pair(h: string | undefined): [number, number] {
  const m = /^\s*(\d+)\s*,\s*(\d+)\s*$/.exec(h ?? '');
  return m ? [Number(m[1]), Number(m[2])] : [0, 0];
}

function indexOfBlankLine(b: Uint8Array, from: number): number {
  for (let i = from; i < b.length - 1; i++) {
    if (b[i] === 0x0a && b[i + 1] === 0x0a) return i;
    if (b[i] === 0x0d && b[i + 1] === 0x0a && b[i + 2] === 0x0d && b[i + 3] === 0x0a) return i;
    if (b[i] === 0x00) return -1;
  }
  return -1;
}

function unescape(s: string, command: string): string {
  return s.replace(/\\(.?)/g, (seq) => {
    const v = ESCAPES[seq];
    if (v === undefined) throw new StompError(`${command} has an undefined escape ${JSON.stringify(seq)} in a header`);
    return v;
  });
}

function escape(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/:/g, '\\c');
}
