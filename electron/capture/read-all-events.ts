import { createReadStream } from 'node:fs';
import type { LogEvent } from '../../shared/log-events.js';
import { isRef, resolveRef } from './payload-refs.js';

/** A message's frame comes just before it: the last few frames are enough to resolve references. */
const RECENT_FRAMES = 64;

/**
 * Every complete event of a recording, whole and as the contract writes
 * them (a message that refers to its frame's payload is made whole), for
 * exports, comparisons and replays, which need them all anyway. A last line without its newline, or
 * one that does not parse, is a write cut short: it and anything after it
 * are left out.
 */
export async function readAllEvents(file: string): Promise<LogEvent[]> {
  const events: LogEvent[] = [];
  const frames = new Map<number, LogEvent>();
  let carry: Buffer[] = [];
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    let pos = 0;
    for (let nl = chunk.indexOf(10, pos); nl >= 0; nl = chunk.indexOf(10, pos)) {
      const line = carry.length ? Buffer.concat([...carry, chunk.subarray(pos, nl)]) : chunk.subarray(pos, nl);
      carry = [];
      pos = nl + 1;
      let e: LogEvent;
      try {
        e = JSON.parse(line.toString('utf8')) as LogEvent;
        if (isRef(e)) e = resolveRef(e, frames.get(e.payloadOf));
      } catch {
        return events;
      }
      events.push(e);
      if (e.type === 'frame') {
        frames.set(e.seq, e);
        if (frames.size > RECENT_FRAMES) frames.delete(frames.keys().next().value!);
      }
    }
    carry.push(chunk.subarray(pos));
  }
  return events;
}
