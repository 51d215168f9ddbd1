import { createReadStream } from 'node:fs';
import type { LogEvent } from '../../shared/log-events.js';

/** What a recording's list entry shows, gathered in one pass over its file. */
export interface RecordingFacts {
  url: string;
  start: number;
  end: number;
  framesIn: number;
  framesOut: number;
  messagesIn: number;
  messagesOut: number;
  /** events in the complete lines */
  events: number;
  /** bytes up to the end of the last complete line */
  completeBytes: number;
  /** a torn last line (a crash mid-write) was left out */
  truncatedTail: boolean;
}

/**
 * Streams a recording once, parsing each complete line and handing it with
 * its byte offset to `visit`, which keeps what it needs: the caller decides
 * whether payloads stay in memory. A last line without its newline, or one
 * that does not parse, is a write cut short: it and anything after it are
 * left out, every complete event before it kept.
 */
export async function scanRecording(file: string, visit?: (e: LogEvent, offset: number, bytes: number) => void): Promise<RecordingFacts> {
  const f: RecordingFacts = { url: '', start: 0, end: 0, framesIn: 0, framesOut: 0, messagesIn: 0, messagesOut: 0, events: 0, completeBytes: 0, truncatedTail: false };
  let carry: Buffer[] = [];
  let offset = 0;
  let torn = false;
  const line = (bytes: Buffer) => {
    let e: LogEvent;
    try {
      e = JSON.parse(bytes.toString('utf8'));
    } catch {
      torn = true;
      return;
    }
    if (f.events === 0) f.start = e.t;
    f.end = e.t;
    if (!f.url && (e.type === 'handshake-request' || e.type === 'reconnect')) f.url = e.url;
    if (e.type === 'frame') f[e.dir === 'in' ? 'framesIn' : 'framesOut']++;
    if (e.type === 'message') f[e.dir === 'in' ? 'messagesIn' : 'messagesOut']++;
    f.events++;
    visit?.(e, offset, bytes.length + 1);
    offset += bytes.length + 1;
    f.completeBytes = offset;
  };
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    let pos = 0;
    while (!torn) {
      const nl = chunk.indexOf(10, pos);
      if (nl < 0) {
        carry.push(chunk.subarray(pos));
        break;
      }
      line(carry.length ? Buffer.concat([...carry, chunk.subarray(pos, nl)]) : chunk.subarray(pos, nl));
      carry = [];
      pos = nl + 1;
    }
    if (torn) break;
  }
  f.truncatedTail = torn || carry.some((c) => c.length > 0);
  return f;
}

/** Every complete event of a recording, whole; for exports, comparisons and replays, which need them all anyway. */
export async function readAllEvents(file: string): Promise<LogEvent[]> {
  const events: LogEvent[] = [];
  await scanRecording(file, (e) => events.push(e));
  return events;
}
