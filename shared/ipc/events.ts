import type { LogEvent } from '../log-events.js';

/** Longest payload (in hex digits) or text (in characters) pushed to the renderer; it asks for the rest. */
export const PREVIEW_CHARS = 512;

/** Pushed from the main process, batched: at most one push per flush interval. */
export interface PushEvents {
  'log.batch': {
    sessionId: string;
    /** new events, payloads cut to a preview (marked `truncated: true`) */
    events: LogEvent[];
    /** events in the log so far */
    total: number;
  };
}

export type PushName = keyof PushEvents;
