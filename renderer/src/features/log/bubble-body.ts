import type { MessageLogEvent } from '../../../../shared/log-events';
import { parseHex } from '../../lib/bytes';

/** Lines of a bubble's body the bubble has room for; the inspector shows the rest. */
const LINES = 3;

/**
 * What a bubble shows of a message: JSON pretty-printed, other text as it
 * is, binary as hex with an ASCII column (like xxd); the first lines only.
 */
export function bubbleBody(m: MessageLogEvent): { text: string; json: boolean; hex: boolean } {
  if (m.text !== undefined) {
    const pretty = prettyJson(m.text);
    const text = pretty ?? m.text;
    const lines = text.split('\n');
    return { text: lines.slice(0, LINES).join('\n') + (lines.length > LINES || m.truncated ? '\n…' : ''), json: pretty !== null, hex: false };
  }
  const bytes = parseHex(m.data ?? '');
  const lines: string[] = [];
  for (let off = 0; off < bytes.length && lines.length < LINES; off += 8) {
    const row = bytes.subarray(off, off + 8);
    const hex = Array.from(row, (b) => b.toString(16).padStart(2, '0')).join(' ');
    const ascii = Array.from(row, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    lines.push(`${hex.padEnd(23)}  ${ascii}`);
  }
  return { text: lines.join('\n') + (bytes.length > LINES * 8 || m.truncated ? '\n…' : ''), json: false, hex: true };
}

function prettyJson(text: string): string | null {
  const t = text.trim();
  if (t[0] !== '{' && t[0] !== '[') return null;
  try {
    return JSON.stringify(JSON.parse(t), null, 2);
  } catch {
    return null;
  }
}
