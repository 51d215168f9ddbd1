import type { MessageLogEvent } from '../../../../shared/log-events';
import { parseHex } from '../../lib/bytes';
import { CODEC_NAMES, type CodecId } from '../../../../shared/codecs/codec-ids';
import { HELPER_NAMES, type HelperId } from '../../../../shared/subprotocols/helpers';

/** Lines of a bubble's body the bubble has room for; the inspector shows the rest. */
const LINES = 3;

/**
 * What a bubble shows of a message: JSON pretty-printed, other text as it
 * is, binary as hex with an ASCII column (like xxd); the first lines only.
 */
export function bubbleBody(m: MessageLogEvent, room = LINES): { text: string; json: boolean; hex: boolean } {
  if (m.text !== undefined) {
    // under a decoded line, the raw text as it came (one line), not pretty-printed
    const pretty = room === LINES ? prettyJson(m.text) : null;
    const text = pretty ?? m.text;
    const lines = text.split('\n');
    return { text: lines.slice(0, room).join('\n') + (lines.length > room || (m.truncated && room === LINES) ? '\n…' : ''), json: pretty !== null, hex: false };
  }
  const bytes = parseHex(m.data ?? '');
  const lines: string[] = [];
  for (let off = 0; off < bytes.length && lines.length < room; off += 8) {
    const row = bytes.subarray(off, off + 8);
    const hex = Array.from(row, (b) => b.toString(16).padStart(2, '0')).join(' ');
    const ascii = Array.from(row, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    lines.push(`${hex.padEnd(23)}  ${ascii}`);
  }
  return { text: lines.join('\n') + ((bytes.length > room * 8 || m.truncated) && room === LINES ? '\n…' : ''), json: false, hex: true };
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

/**
 * The decoded layer a bubble shows above the message as it came: badges
 * (the subprotocol's reading, the codec), and two lines of what it carries,
 * or why it did not decode. Null when decoding adds nothing (plain text, JSON).
 */
export function decodedLine(m: MessageLogEvent): { badges: string[]; text: string; problem: boolean } | null {
  const d = m.decoded;
  if (!d) return null;
  const badges: string[] = [];
  if (d.layer) badges.push(`${HELPER_NAMES[d.layer.helper as HelperId] ?? d.layer.helper}: ${d.layer.summary}`);
  if (d.codec && d.codec !== 'text' && d.codec !== 'json') badges.push(`${CODEC_NAMES[d.codec as CodecId] ?? d.codec}${d.detected ? ' (detected)' : ''}`);
  const problem = d.layer?.error ?? (d.error ? `${d.error}${d.offset !== undefined ? ` (at byte ${d.offset})` : ''}: shown as hex` : d.note);
  const text = problem ?? d.preview ?? '';
  return { badges, text: text.length > 200 ? `${text.slice(0, 199)}…` : text, problem: !!problem };
}
