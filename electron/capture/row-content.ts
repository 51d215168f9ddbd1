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
