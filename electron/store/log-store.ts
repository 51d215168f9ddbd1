import type { LogEvent } from '../../shared/log-events.js';
import type { LogFilter } from '../../shared/ipc/schemas.js';
import { preview } from './log-preview.js';
import { matchesFilter } from '../../shared/log-filter.js';
import { FrameIndex } from './frame-index.js';
import type { LogSource } from './log-source.js';

/**
 * One connection's event log, whole payloads included. The renderer reads
 * it in pages of previews and asks for single whole events, so its memory
 * does not grow with the bytes received.
 */
export class LogStore implements LogSource {
  private readonly events: LogEvent[] = [];
  private readonly index = new FrameIndex();
  private readonly frames = this.index.seqs;
  private filtered: { key: string; scanned: number; seqs: number[] } | null = null;

  append(e: LogEvent): void {
    this.events.push(e);
    this.index.add(e);
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

  /** A page of frame rows matching the filter, and how many match in all. */
  frameRows(filter: LogFilter, from: number, count: number): { rows: LogEvent[]; total: number } {
    const seqs = this.matching(filter);
    const rows = seqs.slice(from, from + count).map((seq) => {
      const start = this.index.messageSeq(seq);
      const p = preview(this.events[seq]);
      return start === undefined ? p : { ...p, messageSeq: start };
    });
    return { rows, total: seqs.length };
  }

  private matching(filter: LogFilter): number[] {
    const key = JSON.stringify(filter);
    if (key === '{}' || (!filter.text && !filter.dir && !filter.opcodes)) return this.frames;
    if (this.filtered?.key !== key) this.filtered = { key, scanned: 0, seqs: [] };
    const f = this.filtered;
    // New frames since the last query are scanned once; earlier ones are remembered.
    for (; f.scanned < this.frames.length; f.scanned++) {
      const seq = this.frames[f.scanned];
      if (matchesFilter(this.events[seq], filter)) f.seqs.push(seq);
    }
    return f.seqs;
  }
}
