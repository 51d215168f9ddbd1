import { z } from 'zod';

/**
 * Session recordings: every connection's event log (contracts section 1,
 * whole payloads) written as it happens to `<workspace>/recordings/<id>.ndjson`,
 * append-only. Names, pins and the retention setting live beside them in
 * `recordings/index.json`, so a recording file is never rewritten.
 */
export const RECORDINGS_DIR = 'recordings';
export const RECORDINGS_INDEX = 'index.json';

export const RecordingSummary = z.object({
  id: z.string(),
  name: z.string(),
  url: z.string(),
  /** ms since the epoch of the first event */
  start: z.number(),
  durationMs: z.number(),
  framesIn: z.number(),
  framesOut: z.number(),
  messagesIn: z.number(),
  messagesOut: z.number(),
  /** bytes of the NDJSON file */
  size: z.number(),
  pinned: z.boolean(),
  /** still being written by a live connection */
  live: z.boolean(),
  /** where it came from: a connection, a replay of another recording, an imported HAR, or a run of a scenario */
  source: z.enum(['connection', 'replay', 'har', 'scenario']),
  /** a torn last line was dropped when it was read */
  truncatedTail: z.boolean().optional(),
  /**
   * the recording does not hold its whole connection: capture stopped (the
   * disk failed), or the log ends before the connection closed (a crash)
   */
  incomplete: z.boolean().optional(),
});
export type RecordingSummary = z.output<typeof RecordingSummary>;

/** Size-based retention: off by default; never deletes a pinned recording. */
export const Retention = z.object({ maxTotalBytes: z.number().int().positive().nullable() });
export type Retention = z.output<typeof Retention>;

/** One message of a comparison: the two sides (either may be missing) and whether they differ. */
export const ComparedMessage = z.object({
  index: z.number(),
  dir: z.enum(['in', 'out']),
  left: z.object({ seq: z.number(), opcode: z.number(), preview: z.string() }).nullable(),
  right: z.object({ seq: z.number(), opcode: z.number(), preview: z.string() }).nullable(),
  /** JSON messages are compared structurally (key order does not count), others byte for byte */
  same: z.boolean(),
  json: z.boolean(),
});
export type ComparedMessage = z.output<typeof ComparedMessage>;
