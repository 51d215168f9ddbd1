import type { LogEvent } from '../../shared/log-events.js';
import type { LogFilter } from '../../shared/ipc/schemas.js';
import { preview } from './log-preview.js';
import { compileFilter, isFiltering, type CompiledFilter } from '../../shared/log-filter.js';
import { rowContent } from './row-content.js';
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
  private filtered: { key: string; scanned: number; seqs: number[]; compiled: CompiledFilter } | null = null;

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

  get rows(): number {
    return this.frames.length;
  }

  private matching(filter: LogFilter): number[] {
    if (!isFiltering(filter)) return this.frames;
    const key = JSON.stringify(filter);
    if (this.filtered?.key !== key) this.filtered = { key, scanned: 0, seqs: [], compiled: compileFilter(filter) };
    const f = this.filtered;
    // New frames since the last query are scanned once; earlier ones are remembered.
    for (; f.scanned < this.frames.length; f.scanned++) {
      const seq = this.frames[f.scanned];
      const e = this.events[seq];
      if (e.type !== 'frame' && e.type !== 'message') continue;
      if (!f.compiled.row(e.dir, e.opcode, e.length, e.t)) continue;
      const message = this.index.messageOf(seq);
      // a message event follows its last frame: wait for it, unless the frame is one whose message never came
      if (message === undefined && e.type === 'frame' && e.opcode <= 2 && this.events.length - seq < 3) break;
      if (!f.compiled.content || f.compiled.content(rowContent(e, message === undefined ? undefined : this.events[message]))) f.seqs.push(seq);
    }
    return f.seqs;
  }
}
