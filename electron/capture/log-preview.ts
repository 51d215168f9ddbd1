import type { LogEvent } from '../../shared/log-events.js';
import { PREVIEW_CHARS } from '../../shared/ipc/events.js';

/** The event as the renderer first sees it: long payloads, texts and bodies cut, marked `truncated`. */
export function preview(e: LogEvent): LogEvent {
  switch (e.type) {
    case 'frame':
      return e.payload.length > PREVIEW_CHARS ? { ...e, payload: e.payload.slice(0, PREVIEW_CHARS), truncated: true } : e;
    case 'message':
      if (e.text !== undefined && e.text.length > PREVIEW_CHARS) return { ...e, text: e.text.slice(0, PREVIEW_CHARS), truncated: true };
      if (e.data !== undefined && e.data.length > PREVIEW_CHARS) return { ...e, data: e.data.slice(0, PREVIEW_CHARS), truncated: true };
      return e;
    case 'handshake-response':
      return e.body !== undefined && e.body.length > 4 * PREVIEW_CHARS ? { ...e, body: e.body.slice(0, 4 * PREVIEW_CHARS), truncated: true } : e;
    default:
      return e;
  }
}
