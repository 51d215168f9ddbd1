import type { EngineEvent } from '../protocol/events.js';
import type { LogEvent } from '../../shared/log-events.js';
import { toHex } from '../../shared/hex.js';

/** Extra fields the connection layer adds to an engine event (the `open` event's socket details). */
export type Enrichment = Record<string, unknown>;

/** Serializes an engine event into the log format, whole payloads included; `type` and `seq` lead for readable lines. */
export function toLogEvent(e: EngineEvent, seq: number, extra?: Enrichment): LogEvent {
  switch (e.type) {
    case 'frame': {
      const { type, maskKey, payload, ...rest } = e;
      return { type, seq, ...rest, maskKey: maskKey ? toHex(maskKey) : null, payload: toHex(payload) };
    }
    case 'message': {
      const { type, data, ...rest } = e;
      if (e.opcode === 1 && !e.invalidUtf8) {
        return { type, seq, ...rest, text: Buffer.from(data.buffer, data.byteOffset, data.length).toString('utf8') };
      }
      return { type, seq, ...rest, data: toHex(data) };
    }
    default: {
      const { type, ...rest } = e;
      return { type, seq, ...rest, ...extra } as LogEvent;
    }
  }
}
