import type { LogEvent } from './log-events.js';

export interface LogFilterSpec {
  /** case-insensitive text in the payload (as text, and as hex) */
  text?: string;
  dir?: 'in' | 'out';
  opcodes?: number[];
}

/** Whether a frame event passes the frame log's filter. */
export function matchesFilter(e: LogEvent, f: LogFilterSpec): boolean {
  if (e.type !== 'frame') return false;
  if (f.dir && e.dir !== f.dir) return false;
  if (f.opcodes && f.opcodes.length && !f.opcodes.includes(e.opcode)) return false;
  if (f.text) {
    const needle = f.text.toLowerCase();
    if (e.payload.includes(needle.replace(/\s/g, ''))) return true;
    return hexToText(e.payload).toLowerCase().includes(needle);
  }
  return true;
}

function hexToText(hex: string): string {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
}
