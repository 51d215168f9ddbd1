import { z } from 'zod';

/**
 * The largest value each kind of field takes, in characters or entries. Every
 * string and array a call or a workspace file brings has one, so a
 * misbehaving renderer (or a hand-made file) cannot make the main process
 * hold, walk or store without bound; a call over one is refused as TOO_LARGE.
 * Each is far above what a person types or a real server needs.
 */
export const LIMITS = {
  /** ids the main process hands out (sessions, uploads, recordings, profiles) */
  id: 200,
  /** names a person gives: profiles, environments, saved messages, recordings, files */
  name: 200,
  /** a URL, an Origin, a proxy URL */
  url: 8 * 1024,
  /** a header name, a subprotocol */
  token: 1024,
  /** a header value (a long JWT or cookie fits many times) */
  headerValue: 64 * 1024,
  headers: 500,
  subprotocols: 100,
  /** a file system path (PATH_MAX is 4096 on Linux) */
  path: 4096,
  /** a variable's value, and a text the UI asks to have resolved */
  value: 64 * 1024,
  /** variables of one environment or profile, environments of a workspace, saved messages of a profile */
  entries: 1000,
  /** a saved message's text (hex: twice this) */
  savedMessage: 4 * 1024 * 1024,
  /**
   * A message's text or hex, or a HAR, in one call. Larger messages go as an
   * upload (upload.append), which holds up to MAX_UPLOAD_BYTES.
   */
  bulk: 32 * 1024 * 1024,
} as const;

/** A string of at most `max` characters. */
export const str = (max: number) => z.string().max(max);

/**
 * A record of at most `max` entries. Zod's records have no size check, so
 * this adds the same too_big issue an array's max() makes, which dispatch
 * answers as TOO_LARGE.
 */
export function boundedRecord<K extends z.core.$ZodRecordKey, V extends z.ZodType>(key: K, value: V, max: number) {
  return z.record(key, value).check((ctx) => {
    const n = Object.keys(ctx.value).length;
    if (n > max) ctx.issues.push({ code: 'too_big', origin: 'record', maximum: max, inclusive: true, input: ctx.value, message: `has ${n} entries, more than ${max}` });
  });
}
