import type { LogEvent, MessageLogEvent } from '../../shared/log-events.js';

/** All data messages of a log, for a person to save: JSON, NDJSON or one line of text each. */
export type MessageFormat = 'messages-json' | 'messages-ndjson' | 'messages-text';

interface ExportedMessage {
  dir: 'in' | 'out';
  /** ISO 8601 */
  time: string;
  type: 'text' | 'binary';
  text?: string;
  hex?: string;
}

function exported(m: MessageLogEvent): ExportedMessage {
  const base = { dir: m.dir, time: new Date(m.t).toISOString() };
  return m.opcode === 1 ? { ...base, type: 'text', text: m.text ?? '' } : { ...base, type: 'binary', hex: m.data ?? '' };
}

export function exportMessages(events: LogEvent[], format: MessageFormat): string {
  const messages = events.filter((e): e is MessageLogEvent => e.type === 'message').map(exported);
  if (format === 'messages-json') return JSON.stringify(messages, null, 2) + '\n';
  if (format === 'messages-ndjson') return messages.map((m) => JSON.stringify(m) + '\n').join('');
  // a text message's own line breaks are escaped, so each message stays one line
  return messages.map((m) => `${m.time} ${m.dir} ${m.type} ${m.type === 'text' ? m.text!.replace(/\\/g, '\\\\').replace(/\r/g, '\\r').replace(/\n/g, '\\n') : m.hex}\n`).join('');
}
