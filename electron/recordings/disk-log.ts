import { open, type FileHandle } from 'node:fs/promises';
import type { LogEvent } from '../../shared/log-events.js';
import type { LogFilter } from '../../shared/ipc/schemas.js';
import { compileFilter, isFiltering } from '../../shared/log-filter.js';
import { rowContent } from '../store/row-content.js';
import { FrameIndex } from '../store/frame-index.js';
import type { LogSource } from '../store/log-source.js';
import { preview } from '../store/log-preview.js';
import { scanRecording, type RecordingFacts } from './recording-scan.js';

/** A page whose lines span at most this many bytes is read in one go; beyond, line by line. */
const SPAN_READ_BYTES = 4 << 20;
/** Frames read at a time when a text filter has to look at payloads. */
const FILTER_SCAN_FRAMES = 2000;

/**
 * A recording opened read-only as a log: the file is streamed once to note
 * where each line starts and the few facts the frame log needs (direction,
 * opcode, fin); payloads stay on disk and are read for the pages asked for.
 * Event seq is the line's position: a connection's log numbers its events
 * from 0 without gaps, and so does every recording written here.
 */
export class DiskLog implements LogSource {
  private filtered: { key: string; seqs: number[] } | null = null;

  private constructor(
    private readonly fd: FileHandle,
    /** byte offset of each line, and the end of the last one */
    private readonly starts: number[],
    private readonly index: FrameIndex,
    readonly facts: RecordingFacts,
  ) {}

  static async open(file: string): Promise<DiskLog> {
    const starts: number[] = [];
    const index = new FrameIndex();
    const messages: number[] = [];
    const facts = await scanRecording(file, (e, offset) => {
      starts.push(offset);
      const seq = starts.length - 1;
      if (e.type === 'frame' || e.type === 'message') index.add({ type: e.type, seq, dir: e.dir, opcode: e.opcode, fin: e.type === 'frame' ? e.fin : undefined });
      if (e.type === 'reconnect') index.add({ type: e.type, seq });
      if (e.type === 'message') messages.push(seq);
    });
    starts.push(facts.completeBytes);
    // An imported HAR holds messages but no frames (HAR has none): its rows are the messages.
    if (index.seqs.length === 0) for (const m of messages) index.addRow(m);
    return new DiskLog(await open(file, 'r'), starts, index, facts);
  }

  get size(): number {
    return this.starts.length - 1;
  }

  get rows(): number {
    return this.index.seqs.length;
  }

  close(): Promise<void> {
    return this.fd.close();
  }

  async range(from: number, count: number): Promise<LogEvent[]> {
    const seqs = [];
    for (let s = from; s < Math.min(this.size, from + count); s++) seqs.push(s);
    return (await this.read(seqs)).map(preview);
  }

  async get(seq: number): Promise<LogEvent | undefined> {
    if (!Number.isInteger(seq) || seq < 0 || seq >= this.size) return undefined;
    return (await this.read([seq]))[0];
  }

  async frameRows(filter: LogFilter, from: number, count: number): Promise<{ rows: LogEvent[]; total: number }> {
    const seqs = await this.matching(filter);
    const page = await this.read(seqs.slice(from, from + count));
    const rows = page.map((e) => {
      const start = this.index.messageSeq(e.seq);
      const p = preview(e);
      return start === undefined ? p : { ...p, messageSeq: start };
    });
    return { rows, total: seqs.length };
  }

  /** The rows a filter lets through; direction and opcode come from the index, text needs the payloads. */
  private async matching(filter: LogFilter): Promise<number[]> {
    if (!isFiltering(filter)) return this.index.seqs;
    const key = JSON.stringify(filter);
    if (this.filtered?.key === key) return this.filtered.seqs;
    const compiled = compileFilter(filter);
    const seqs: number[] = [];
    for (let i = 0; i < this.index.seqs.length; i += FILTER_SCAN_FRAMES) {
      const page = this.index.seqs.slice(i, i + FILTER_SCAN_FRAMES);
      const rows = await this.read(page);
      const messages = compiled.content ? await this.read(page.map((s) => this.index.messageOf(s)).filter((m): m is number => m !== undefined).sort((a, b) => a - b)) : [];
      const bySeq = new Map(messages.map((m) => [m.seq, m]));
      for (const e of rows) {
        if ((e.type !== 'frame' && e.type !== 'message') || !compiled.row(e.dir, e.opcode, e.length, e.t)) continue;
        const m = this.index.messageOf(e.seq);
        if (!compiled.content || compiled.content(rowContent(e, m === undefined ? undefined : bySeq.get(m)))) seqs.push(e.seq);
      }
    }
    // the file does not change once opened, so one scan per filter is enough
    this.filtered = { key, seqs };
    return seqs;
  }

  /** Whole events at these positions (ascending): one read when they lie close together, else one per line. */
  private async read(seqs: number[]): Promise<LogEvent[]> {
    if (!seqs.length) return [];
    const first = this.starts[seqs[0]];
    const span = this.starts[seqs[seqs.length - 1] + 1] - first;
    if (span <= SPAN_READ_BYTES) {
      const buf = Buffer.alloc(span);
      await this.fd.read(buf, 0, span, first);
      return seqs.map((s) => this.parse(buf, this.starts[s] - first, this.starts[s + 1] - first));
    }
    return Promise.all(
      seqs.map(async (s) => {
        const len = this.starts[s + 1] - this.starts[s];
        const buf = Buffer.alloc(len);
        await this.fd.read(buf, 0, len, this.starts[s]);
        return this.parse(buf, 0, len);
      }),
    );
  }

  private parse(buf: Buffer, from: number, to: number): LogEvent {
    // to - 1: the line without its newline
    return JSON.parse(buf.toString('utf8', from, to - 1)) as LogEvent;
  }
}
