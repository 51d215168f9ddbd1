import type { LogEvent } from './log-events.js';
import { toHex } from './hex.js';

export interface LogFilterSpec {
  /** case-insensitive text in the payload (as text, and as hex) */
  text?: string;
  dir?: 'in' | 'out';
  opcodes?: number[];
}

/** Whether a row of the frame log passes its filter: a frame, or a message where a log has no frames (an imported HAR). */
export function matchesFilter(e: LogEvent, f: LogFilterSpec): boolean {
  const row =
    e.type === 'frame' ? e : e.type === 'message' ? { dir: e.dir, opcode: e.opcode, payload: e.data ?? toHex(new TextEncoder().encode(e.text ?? '')) } : null;
  if (!row) return false;
  if (f.dir && row.dir !== f.dir) return false;
  if (f.opcodes && f.opcodes.length && !f.opcodes.includes(row.opcode)) return false;
  if (f.text) {
    const needle = f.text.toLowerCase();
    if (hexBytesIn(row.payload, needle.replace(/\s/g, ''))) return true;
    return hexToText(row.payload).toLowerCase().includes(needle);
  }
  return true;
}

/** Whether `hex` (whole bytes, lower case) occurs in `payload` on a byte boundary: '56c6' is not in '68656c6c6f'. */
function hexBytesIn(payload: string, hex: string): boolean {
  if (!/^(?:[0-9a-f]{2})+$/.test(hex)) return false;
  for (let i = payload.indexOf(hex); i >= 0; i = payload.indexOf(hex, i + 1)) if (i % 2 === 0) return true;
  return false;
}

function hexToText(hex: string): string {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
}
