import { parseHex } from '../../shared/hex.js';
import { isValidWireCloseCode } from '../protocol/close-frame.js';
import type { FrameSpec } from '../protocol/frame.js';
import { UsageError } from './usage-error.js';

/** One line typed (or given with -x), decoded. */
export type InputCommand =
  | { kind: 'text'; text: string }
  | { kind: 'binary'; data: Uint8Array }
  | { kind: 'ping' | 'pong'; payload: Uint8Array }
  | { kind: 'close'; code: number | null; reason: string }
  | { kind: 'frame'; spec: FrameSpec }
  | { kind: 'raw'; bytes: Uint8Array }
  | { kind: 'sleep'; ms: number };

export const INPUT_HELP = `Input lines:
  TEXT                     a text message (start it with // to send a leading /)
  /binary HEX              a binary message
  /ping [TEXT], /pong [TEXT]
  /close [CODE [REASON]]   start the closing handshake
  /frame opcode=N [fin=0/1] [rsv1=0/1] [rsv2=0/1] [rsv3=0/1] [mask=0/1] [key=HEX8] [payload=HEX]
  /raw HEX                 these bytes on the socket, as they are
  /sleep MS                wait`;

/** Parses one input line; throws UsageError naming the problem. */
export function parseInputLine(line: string): InputCommand {
  if (line.startsWith('//')) return { kind: 'text', text: line.slice(1) };
  if (!line.startsWith('/')) return { kind: 'text', text: line };
  const m = /^\/(\S+)(?:\s(.*))?$/s.exec(line)!;
  const name = m[1];
  const rest = m[2] ?? '';
  switch (name) {
    case 'binary':
      return { kind: 'binary', data: hex(rest, '/binary') };
    case 'ping':
    case 'pong': {
      const payload = new TextEncoder().encode(rest);
      if (payload.length > 125) throw new UsageError(`/${name}: the payload is ${payload.length} bytes, at most 125 are allowed (use /frame for more)`);
      return { kind: name, payload };
    }
    case 'close':
      return parseClose(rest);
    case 'frame':
      return { kind: 'frame', spec: parseFrameSpec(rest) };
    case 'raw': {
      const bytes = hex(rest, '/raw');
      if (bytes.length === 0) throw new UsageError('/raw needs at least one byte of hex');
      return { kind: 'raw', bytes };
    }
    case 'sleep': {
      const ms = Number(rest.trim());
      if (!rest.trim() || !Number.isFinite(ms) || ms < 0) throw new UsageError(`/sleep needs a number of milliseconds, got "${rest.trim()}"`);
      return { kind: 'sleep', ms };
    }
    default:
      throw new UsageError(`unknown command /${name} (start a line with // to send text beginning with /)`);
  }
}

function parseClose(rest: string): InputCommand {
  const m = /^\s*(\S+)?(?:\s(.*))?$/s.exec(rest)!;
  if (!m[1]) return { kind: 'close', code: null, reason: '' };
  if (!/^\d+$/.test(m[1])) throw new UsageError(`/close: the close code must be a number, got "${m[1]}"`);
  const code = Number(m[1]);
  if (!isValidWireCloseCode(code)) {
    throw new UsageError(`/close: close code ${code} is out of range (use 1000-1003, 1007-1014 or 3000-4999; /frame can send any)`);
  }
  const reason = m[2] ?? '';
  const bytes = new TextEncoder().encode(reason).length;
  if (bytes > 123) throw new UsageError(`/close: the reason is ${bytes} bytes, at most 123 are allowed`);
  return { kind: 'close', code, reason };
}

const FRAME_FLAGS = ['fin', 'rsv1', 'rsv2', 'rsv3', 'mask'] as const;

function parseFrameSpec(rest: string): FrameSpec {
  const seen = new Set<string>();
  const spec: FrameSpec = { opcode: -1 };
  for (const token of rest.trim().split(/\s+/).filter(Boolean)) {
    const eq = token.indexOf('=');
    if (eq <= 0) throw new UsageError(`/frame: expected key=value, got "${token}"`);
    const key = token.slice(0, eq);
    const value = token.slice(eq + 1);
    if (seen.has(key)) throw new UsageError(`/frame: ${key} is given twice`);
    seen.add(key);
    if (key === 'opcode') {
      const n = /^0x[0-9a-f]+$/i.test(value) ? parseInt(value, 16) : /^\d+$/.test(value) ? Number(value) : NaN;
      if (!(n >= 0 && n <= 15)) throw new UsageError(`/frame: opcode must be 0-15, got "${value}"`);
      spec.opcode = n;
    } else if ((FRAME_FLAGS as readonly string[]).includes(key)) {
      if (value !== '0' && value !== '1') throw new UsageError(`/frame: ${key} must be 0 or 1, got "${value}"`);
      spec[key as (typeof FRAME_FLAGS)[number]] = value === '1';
    } else if (key === 'key') {
      const k = hex(value, '/frame key');
      if (k.length !== 4) throw new UsageError(`/frame: key must be 8 hex digits (4 bytes), got "${value}"`);
      spec.maskKey = k;
    } else if (key === 'payload') {
      spec.payload = hex(value, '/frame payload');
    } else {
      throw new UsageError(`/frame: unknown key "${key}" (known: opcode, fin, rsv1, rsv2, rsv3, mask, key, payload)`);
    }
  }
  if (spec.opcode < 0) throw new UsageError('/frame needs opcode=N');
  if (spec.maskKey && spec.mask === false) throw new UsageError('/frame: key= was given with mask=0');
  return spec;
}

function hex(s: string, what: string): Uint8Array {
  try {
    return parseHex(s);
  } catch (e) {
    throw new UsageError(`${what}: ${(e as Error).message}`);
  }
}
