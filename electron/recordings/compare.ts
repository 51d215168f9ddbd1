import type { ComparedMessage } from '../../shared/recordings.js';
import type { LogEvent, MessageLogEvent } from '../../shared/log-events.js';
import { jsonEqual } from '../../shared/json-path.js';

const PREVIEW = 200;

/**
 * Two recordings message by message: the n-th outgoing message of one against
 * the n-th outgoing of the other, and likewise incoming, so a reply arriving
 * a little earlier or later does not shift everything after it. Text that is
 * JSON on both sides is compared as values (key order does not count);
 * anything else byte for byte.
 */
export function compareRecordings(left: LogEvent[], right: LogEvent[]): { messages: ComparedMessage[]; differences: number } {
  const messages: ComparedMessage[] = [];
  for (const dir of ['out', 'in'] as const) {
    const l = left.filter((e): e is MessageLogEvent => e.type === 'message' && e.dir === dir);
    const r = right.filter((e): e is MessageLogEvent => e.type === 'message' && e.dir === dir);
    for (let i = 0; i < Math.max(l.length, r.length); i++) messages.push({ index: i, dir, ...compareOne(l[i], r[i]) });
  }
  // side by side in the order they happened on the left (then the right's extra ones)
  const at = (m: ComparedMessage) => m.left?.seq ?? Number.MAX_SAFE_INTEGER;
  messages.sort((a, b) => at(a) - at(b) || (a.right?.seq ?? 0) - (b.right?.seq ?? 0));
  return { messages, differences: messages.filter((m) => !m.same).length };
}

function compareOne(a: MessageLogEvent | undefined, b: MessageLogEvent | undefined): Omit<ComparedMessage, 'index' | 'dir'> {
  const side = (m: MessageLogEvent | undefined) => m && { seq: m.seq, opcode: m.opcode, preview: (m.opcode === 1 ? (m.text ?? '') : (m.data ?? '')).slice(0, PREVIEW) };
  const out = { left: side(a) ?? null, right: side(b) ?? null };
  if (!a || !b) return { ...out, same: false, json: false };
  if (a.opcode === 1 && b.opcode === 1) {
    const ja = parseJson(a.text ?? '');
    const jb = parseJson(b.text ?? '');
    if (ja.ok && jb.ok) return { ...out, same: jsonEqual(ja.value, jb.value), json: true };
  }
  return { ...out, same: a.opcode === b.opcode && a.text === b.text && a.data === b.data, json: false };
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}
