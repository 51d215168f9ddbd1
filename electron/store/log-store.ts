import type { LogEvent } from '../../shared/log-events.js';
import { preview } from './log-preview.js';

/**
 * One connection's event log, whole payloads included. The renderer reads
 * it in pages of previews and asks for single whole events, so its memory
 * does not grow with the bytes received.
 */
export class LogStore {
  private readonly events: LogEvent[] = [];

  append(e: LogEvent): void {
    this.events.push(e);
  }

  get size(): number {
    return this.events.length;
  }

  range(from: number, count: number): LogEvent[] {
    return this.events.slice(from, from + count).map(preview);
  }

  get(seq: number): LogEvent | undefined {
    // seq is the index: the connection numbers its events from 0 without gaps
    return this.events[seq];
  }
}
