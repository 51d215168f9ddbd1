import { createReadStream } from 'node:fs';
import type { LogEvent } from '../../shared/log-events.js';

/**
 * Every complete event of a recording, whole, for exports, comparisons and
 * replays, which need them all anyway. A last line without its newline, or
 * one that does not parse, is a write cut short: it and anything after it
 * are left out.
 */
export async function readAllEvents(file: string): Promise<LogEvent[]> {
  const events: LogEvent[] = [];
  let carry: Buffer[] = [];
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    let pos = 0;
    for (let nl = chunk.indexOf(10, pos); nl >= 0; nl = chunk.indexOf(10, pos)) {
      const line = carry.length ? Buffer.concat([...carry, chunk.subarray(pos, nl)]) : chunk.subarray(pos, nl);
      carry = [];
      pos = nl + 1;
      try {
        events.push(JSON.parse(line.toString('utf8')) as LogEvent);
      } catch {
        return events;
      }
    }
    carry.push(chunk.subarray(pos));
  }
  return events;
}
