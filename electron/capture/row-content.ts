import type { LogEvent } from '../../shared/log-events.js';
import type { RowContent } from '../../shared/log-filter.js';

/**
 * What a text filter reads of a frame row: the wire bytes in hex, and the
 * text the user reads, which for a data frame is its whole message as
 * delivered (reassembled, inflated) and for a control frame its payload.
 */
export function rowContent(row: LogEvent, message: LogEvent | undefined): RowContent {
  if (row.type === 'message') return { hex: row.data ?? '', text: row.text ?? hexText(row.data ?? '') };
  if (row.type !== 'frame') return { hex: '', text: '' };
  if (message?.type === 'message') return { hex: row.payload, text: message.text ?? hexText(message.data ?? '') };
  if (row.opcode === 8 && row.payload.length >= 4) return { hex: row.payload, text: `${parseInt(row.payload.slice(0, 4), 16)} ${hexText(row.payload.slice(4))}` };
  return { hex: row.payload, text: hexText(row.payload) };
}

function hexText(hex: string): string {
  return Buffer.from(hex, 'hex').toString('utf8');
}

const KEYS = { payload: Buffer.from('"payload":"'), data: Buffer.from('"data":"'), text: Buffer.from('"text":"') };

/**
 * The last field of a frame or message line read straight from its bytes
 * (the serializer, and JSON.stringify of the log format, write the payload
 * last), without parsing the line: a scan looks at millions. Inside a JSON
 * string a quote is always escaped, so the key's last occurrence is the key.
 */
function lastValue(b: Buffer, from: number, end: number, key: Buffer): { start: number; end: number } | null {
  // the line ends with "}\n
  if (b[end - 1] !== 0x0a || b[end - 2] !== 0x7d || b[end - 3] !== 0x22) return null;
  const at = b.lastIndexOf(key, end - 3);
  return at >= from ? { start: at + key.length, end: end - 3 } : null;
}

/** A row's content from its line [from, end) (newline included), for a filter scan; the opcode tells a close frame's code from its reason. */
export function lineContent(b: Buffer, from: number, end: number, kind: 'frame' | 'message', opcode: number): RowContent {
  if (kind === 'frame') {
    const v = lastValue(b, from, end, KEYS.payload);
    if (!v) return rowContent(JSON.parse(b.toString('utf8', from, end - 1)) as LogEvent, undefined);
    const hex = b.toString('latin1', v.start, v.end);
    const text = opcode === 8 && hex.length >= 4 ? `${parseInt(hex.slice(0, 4), 16)} ${hexText(hex.slice(4))}` : hexText(hex);
    return { hex, text };
  }
  const data = lastValue(b, from, end, KEYS.data);
  if (data) {
    const hex = b.toString('latin1', data.start, data.end);
    return { hex, text: hexText(hex) };
  }
  const text = lastValue(b, from, end, KEYS.text);
  if (!text) return rowContent(JSON.parse(b.toString('utf8', from, end - 1)) as LogEvent, undefined);
  // no backslash: no escapes, the bytes are the text
  const raw = b.indexOf(0x5c, text.start) < 0 || b.indexOf(0x5c, text.start) >= text.end ? b.toString('utf8', text.start, text.end) : (JSON.parse(`"${b.toString('utf8', text.start, text.end)}"`) as string);
  return { hex: '', text: raw };
}

/** The frame a message line names as holding its payload (`"payloadOf":N}` at its end), or -1 when it holds its own. */
export function refOf(b: Buffer, from: number, end: number): number {
  // the line ends with digits, then }\n
  let i = end - 3;
  if (i <= from || b[end - 2] !== 0x7d || b[i] < 0x30 || b[i] > 0x39) return -1;
  let n = 0;
  let scale = 1;
  for (; i > from && b[i] >= 0x30 && b[i] <= 0x39; i--, scale *= 10) n += (b[i] - 0x30) * scale;
  return b[i] === 0x3a ? n : -1;
}
