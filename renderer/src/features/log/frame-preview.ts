import type { FrameLogEvent, MessageLogEvent } from '../../../../shared/log-events';
import { closeCodeName } from '../../../../shared/close-codes';
import { hexToText, isReadableText } from '../../lib/bytes';

const MAX = 240;

/** A frame's payload on one line: text as text, binary as hex, a close frame as its code and reason. */
export function framePreview(e: FrameLogEvent): string {
  const p = e.payload;
  const more = e.truncated ? '…' : '';
  if (e.opcode === 8) {
    if (p.length < 4) return p ? `(${p})` : '(no code)';
    const code = parseInt(p.slice(0, 4), 16);
    const reason = hexToText(p.slice(4));
    return `${code} ${closeCodeName(code)}${reason ? ` "${reason}"` : ''}${more}`;
  }
  if (e.rsv1 && e.opcode <= 2) return `(compressed) ${cut(p)}${more}`;
  if (p && isReadableText(p)) return cut(oneLine(hexToText(p))) + more;
  return cut(p) + more;
}

/** A message on one line, as delivered (reassembled and inflated): text as text, binary as hex. */
export function messagePreview(m: MessageLogEvent): string {
  const more = m.truncated ? '…' : '';
  return (m.text !== undefined ? cut(oneLine(m.text)) : cut(m.data ?? '')) + more;
}

function oneLine(s: string): string {
  return s.replace(/\r?\n/g, '⏎');
}

function cut(s: string): string {
  return s.length > MAX ? `${s.slice(0, MAX)}…` : s;
}
