import { f64, u16, u32, u8 } from './block-array.js';

/** What kind of event a log line holds, as far as the index cares. */
export const enum Kind {
  Other = 0,
  Frame = 1,
  Message = 2,
  Reconnect = 3,
}

/** What an Other event is, kept in its opcode bits (which only frames and messages use otherwise). */
export const enum OtherKind {
  Plain = 0,
  /** an error event: a row in both views, so a refused connection or a violation shows where it happened */
  Error = 1,
}

/** Frame and message flags, one bit each. */
export const enum Flag {
  Rsv1 = 1,
  Rsv2 = 2,
  Rsv3 = 4,
  Masked = 8,
  Crafted = 16,
  Compressed = 32,
  InvalidUtf8 = 64,
  Rtt = 128,
}

/** Events per block of the sparse offset and time columns. */
const SPARSE = 64;
/** Events per block of the row-count directory. */
const ROW_BLOCK = 1024;
/** Stored in a 16-bit column for a value that does not fit; the value is in the overflow map. */
const BIG = 0xffff;

export interface IndexCounts {
  framesIn: number;
  framesOut: number;
  messagesIn: number;
  messagesOut: number;
  bytesIn: number;
  bytesOut: number;
}

/** What the index file's header says of the arrays after it. */
export interface IndexHeader {
  size: number;
  end: number;
  rows: number;
  messageRows: boolean;
  lastTime: number;
  counts: IndexCounts;
  bigLines: number;
  bigPayloads: number;
  continuations: number;
}

/**
 * A log's index, a few bytes per event in typed blocks: kind, direction,
 * opcode, FIN and flags, payload length and line length per event; the
 * byte offset and time of every 64th event; rows counted per 1024 events;
 * and, for the rare continuation frames, the first frame of their message.
 * No object per event, so ten million frames cost about 120 MB, not gigabytes.
 */
export class EventIndex {
  /** bits 0-3 opcode, 4 incoming, 5-6 kind, 7 FIN */
  private readonly meta = u8();
  private readonly flagsCol = u8();
  private readonly lineLen = u16();
  private readonly payloadLen = u16();
  private readonly bigLines = new Map<number, number>();
  private readonly bigPayloads = new Map<number, number>();
  private readonly blockOffset = f64();
  private readonly blockTime = f64();
  private readonly rowsBefore = u32();
  /** continuation frames and the first frame of their message, in seq order */
  private readonly contSeq = u32();
  private readonly contStart = u32();
  /** the messages view's rows in order: messages, control frames, separators and errors (see isMessageRow) */
  private readonly messageView = u32();
  private readonly open = [-1, -1];
  private rowCount = 0;
  /** the rows are the messages: a log with messages but no frames (an imported HAR) */
  private messageRows = false;
  /** byte offset where the next event's line starts */
  end: number;
  lastTime = 0;
  readonly counts: IndexCounts = { framesIn: 0, framesOut: 0, messagesIn: 0, messagesOut: 0, bytesIn: 0, bytesOut: 0 };

  constructor(start = 0) {
    this.end = start;
  }

  get size(): number {
    return this.meta.length;
  }

  get rows(): number {
    return this.rowCount;
  }

  /** Rows of the messages view. */
  get messageViewRows(): number {
    return this.messageView.length;
  }

  /** Notes one event whose line of `bytes` bytes was just queued at `end`. */
  add(kind: Kind, incoming: boolean, opcode: number, fin: boolean, flags: number, length: number, t: number, bytes: number): void {
    const seq = this.meta.length;
    if ((seq & (SPARSE - 1)) === 0) {
      this.blockOffset.push(this.end);
      this.blockTime.push(t);
    }
    if ((seq & (ROW_BLOCK - 1)) === 0) this.rowsBefore.push(this.rowCount);
    this.meta.push((opcode & 15) | (incoming ? 16 : 0) | (kind << 5) | (fin ? 128 : 0));
    this.flagsCol.push(flags);
    this.lineLen.push(bytes < BIG ? bytes : BIG);
    if (bytes >= BIG) this.bigLines.set(seq, bytes);
    this.payloadLen.push(length < BIG ? length : BIG);
    if (length >= BIG) this.bigPayloads.set(seq, length);
    this.end += bytes;
    this.lastTime = t;
    if (this.isMessageRow(seq)) this.messageView.push(seq);
    const d = incoming ? 1 : 0;
    if (kind === Kind.Frame) {
      this.countFrame(incoming, length);
      if (!this.messageRows) this.rowCount++;
      if (opcode === 1 || opcode === 2) this.open[d] = fin ? -1 : seq;
      else if (opcode === 0 && this.open[d] >= 0) {
        this.contSeq.push(seq);
        this.contStart.push(this.open[d]);
        if (fin) this.open[d] = -1;
      }
    } else if (kind === Kind.Message) {
      if (incoming) this.counts.messagesIn++;
      else this.counts.messagesOut++;
      if (this.messageRows) this.rowCount++;
    } else if (kind === Kind.Reconnect) {
      // a separator row; a message cannot span connections
      if (!this.messageRows) this.rowCount++;
      this.open[0] = this.open[1] = -1;
    } else if ((opcode as OtherKind) === OtherKind.Error) {
      this.rowCount++;
    }
  }

  /** Makes the messages the rows, for a log that has no frames (called once it is read whole). */
  useMessageRows(): void {
    if (this.counts.framesIn + this.counts.framesOut > 0 || this.messageRows) return;
    this.messageRows = true;
    this.rowCount = 0;
    for (let seq = 0; seq < this.size; seq++) {
      if ((seq & (ROW_BLOCK - 1)) === 0) this.rowsBefore.set(seq / ROW_BLOCK, this.rowCount);
      if (this.isRow(seq)) this.rowCount++;
    }
  }

  kind(seq: number): Kind {
    return (this.meta.get(seq) >> 5) & 3;
  }

  incoming(seq: number): boolean {
    return (this.meta.get(seq) & 16) !== 0;
  }

  opcode(seq: number): number {
    return this.meta.get(seq) & 15;
  }

  private otherKind(seq: number): OtherKind {
    return this.meta.get(seq) & 15;
  }

  private countFrame(incoming: boolean, length: number): void {
    if (incoming) {
      this.counts.framesIn++;
      this.counts.bytesIn += length;
    } else {
      this.counts.framesOut++;
      this.counts.bytesOut += length;
    }
  }

  fin(seq: number): boolean {
    return (this.meta.get(seq) & 128) !== 0;
  }

  flags(seq: number): number {
    return this.flagsCol.get(seq);
  }

  length(seq: number): number {
    const v = this.payloadLen.get(seq);
    return v === BIG ? this.bigPayloads.get(seq)! : v;
  }

  lineLength(seq: number): number {
    const v = this.lineLen.get(seq);
    return v === BIG ? this.bigLines.get(seq)! : v;
  }

  /** Where the event's line starts. */
  offset(seq: number): number {
    if (seq >= this.size) return this.end;
    const block = Math.floor(seq / SPARSE);
    let at = this.blockOffset.get(block);
    for (let s = block * SPARSE; s < seq; s++) at += this.lineLength(s);
    return at;
  }

  isRow(seq: number): boolean {
    const k = this.kind(seq);
    if (k === Kind.Other) return this.otherKind(seq) === OtherKind.Error;
    return this.messageRows ? k === Kind.Message : k === Kind.Frame || k === Kind.Reconnect;
  }

  /** A row of the messages view: a message, a control frame (a small marker there), a reconnect separator or an error. */
  isMessageRow(seq: number): boolean {
    const k = this.kind(seq);
    if (k === Kind.Frame) return this.opcode(seq) >= 8;
    return k === Kind.Message || k === Kind.Reconnect || (k === Kind.Other && this.otherKind(seq) === OtherKind.Error);
  }

  /** Rows from..from+count of the messages view, as seqs. */
  messageRowSeqs(from: number, count: number): number[] {
    const out: number[] = [];
    for (let i = from; i < Math.min(this.messageView.length, from + count); i++) out.push(this.messageView.get(i));
    return out;
  }

  /**
   * The event that shows `seq` in a view: in the frames view a message is
   * shown by its first frame (the message event follows its last frame);
   * anything else, and every row of the messages view, by itself.
   */
  shownBy(seq: number, view: 'frames' | 'messages'): number {
    if (view === 'messages' || this.messageRows || this.kind(seq) !== Kind.Message || seq === 0) return seq;
    const last = seq - 1;
    return this.kind(last) === Kind.Frame ? (this.messageSeq(last) ?? last) : seq;
  }

  /** The messages view's row of event `seq`, or -1. */
  messageRowOf(seq: number): number {
    return sortedIndexOf(this.messageView, seq);
  }

  /** For the first frame of a message: the seq of its message event (reported right after the frame that completes it), or undefined. */
  messageEventOf(first: number): number | undefined {
    if (this.kind(first) !== Kind.Frame) return undefined;
    let last = first;
    if (!this.fin(first)) {
      const rest = this.continuationsOf(first);
      last = rest.length && this.fin(rest[rest.length - 1]) ? rest[rest.length - 1] : -1;
      if (last < 0) return undefined;
    }
    const m = last + 1;
    return m < this.size && this.kind(m) === Kind.Message && this.incoming(m) === this.incoming(first) ? m : undefined;
  }

  /**
   * The continuation frames of the message whose first frame is `first`, in
   * order, up to the one that ends it (or the last so far): found through the
   * continuation directory, since other frames may come between them.
   */
  continuationsOf(first: number): number[] {
    const out: number[] = [];
    if (this.kind(first) !== Kind.Frame || this.fin(first)) return out;
    let lo = 0;
    let hi = this.contSeq.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.contSeq.get(mid) <= first) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.contSeq.length; i++) {
      if (this.contStart.get(i) !== first) continue;
      const seq = this.contSeq.get(i);
      out.push(seq);
      if (this.fin(seq)) break;
    }
    return out;
  }

  /** The seq of row `row` (0-based), found through the row directory. */
  rowSeq(row: number): number {
    let lo = 0;
    let hi = this.rowsBefore.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.rowsBefore.get(mid) <= row) lo = mid;
      else hi = mid - 1;
    }
    let seen = this.rowsBefore.get(lo);
    for (let seq = lo * ROW_BLOCK; seq < this.size; seq++) {
      if (!this.isRow(seq)) continue;
      if (seen === row) return seq;
      seen++;
    }
    return -1;
  }

  /** How many rows come before event `seq`: the row directory, then at most a block of events counted. */
  rowsBeforeSeq(seq: number): number {
    if (seq >= this.size) return this.rowCount;
    const block = Math.floor(seq / ROW_BLOCK);
    let n = this.rowsBefore.get(block);
    for (let s = block * ROW_BLOCK; s < seq; s++) if (this.isRow(s)) n++;
    return n;
  }

  /** Rows from..from+count as seqs. */
  rowSeqs(from: number, count: number): number[] {
    const out: number[] = [];
    if (from >= this.rowCount) return out;
    for (let seq = this.rowSeq(from); seq >= 0 && seq < this.size && out.length < count; seq++) if (this.isRow(seq)) out.push(seq);
    return out;
  }

  /** For a data frame: the seq of the first frame of its message. */
  messageSeq(seq: number): number | undefined {
    if (this.kind(seq) !== Kind.Frame) return undefined;
    const op = this.opcode(seq);
    if (op === 1 || op === 2) return seq;
    if (op !== 0) return undefined;
    let lo = 0;
    let hi = this.contSeq.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = this.contSeq.get(mid);
      if (v === seq) return this.contStart.get(mid);
      if (v < seq) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }

  /** Forgets the events from `size` on (their lines never reached the disk). */
  truncate(size: number): void {
    if (size >= this.size) return;
    this.end = this.offset(size);
    for (const col of [this.meta, this.flagsCol, this.lineLen, this.payloadLen]) col.truncate(size);
    this.blockOffset.truncate(Math.ceil(size / SPARSE));
    this.blockTime.truncate(Math.ceil(size / SPARSE));
    this.rowsBefore.truncate(Math.ceil(size / ROW_BLOCK));
    for (const m of [this.bigLines, this.bigPayloads]) for (const k of m.keys()) if (k >= size) m.delete(k);
    let keep = this.contSeq.length;
    while (keep > 0 && this.contSeq.get(keep - 1) >= size) keep--;
    this.contSeq.truncate(keep);
    this.contStart.truncate(keep);
    let shown = this.messageView.length;
    while (shown > 0 && this.messageView.get(shown - 1) >= size) shown--;
    this.messageView.truncate(shown);
    this.open[0] = this.open[1] = -1;
    for (const k of Object.keys(this.counts) as (keyof IndexCounts)[]) this.counts[k] = 0;
    this.rowCount = 0;
    for (let seq = 0; seq < size; seq++) {
      const kind = this.kind(seq);
      const incoming = this.incoming(seq);
      if (kind === Kind.Frame) {
        this.countFrame(incoming, this.length(seq));
      } else if (kind === Kind.Message) {
        if (incoming) this.counts.messagesIn++;
        else this.counts.messagesOut++;
      }
      if (this.isRow(seq)) this.rowCount++;
    }
  }

  /** The index as bytes, for the file beside the log (see index-file.ts). */
  toParts(): { header: IndexHeader; arrays: ArrayBufferView[][] } {
    const pairs = (m: Map<number, number>) => Float64Array.from([...m].flat());
    return {
      header: { size: this.size, end: this.end, rows: this.rowCount, messageRows: this.messageRows, lastTime: this.lastTime, counts: { ...this.counts }, bigLines: this.bigLines.size, bigPayloads: this.bigPayloads.size, continuations: this.contSeq.length },
      // each column as the views of its blocks: written out as they are, never copied into one array
      arrays: [...[this.meta, this.flagsCol, this.lineLen, this.payloadLen, this.blockOffset, this.blockTime, this.rowsBefore, this.contSeq, this.contStart].map((c) => c.views()), [pairs(this.bigLines)], [pairs(this.bigPayloads)]],
    };
  }

  /** An index read back from what toParts wrote: `readInto` fills each given byte range from the next bytes of the file, and `skip` passes a column's padding. */
  static async fromParts(h: IndexHeader, readInto: (bytes: Uint8Array) => Promise<void>, skipPadding: (columnBytes: number) => void): Promise<EventIndex> {
    const x = new EventIndex(0);
    const sparse = Math.ceil(h.size / SPARSE);
    const column = async (col: { load(n: number, r: (b: Uint8Array) => Promise<void>): Promise<void> }, count: number, bytesPer: number) => {
      await col.load(count, readInto);
      skipPadding(count * bytesPer);
    };
    await column(x.meta, h.size, 1);
    await column(x.flagsCol, h.size, 1);
    await column(x.lineLen, h.size, 2);
    await column(x.payloadLen, h.size, 2);
    await column(x.blockOffset, sparse, 8);
    await column(x.blockTime, sparse, 8);
    await column(x.rowsBefore, Math.ceil(h.size / ROW_BLOCK), 4);
    await column(x.contSeq, h.continuations, 4);
    await column(x.contStart, h.continuations, 4);
    for (const [map, count] of [[x.bigLines, h.bigLines], [x.bigPayloads, h.bigPayloads]] as const) {
      const pairs = new Float64Array(count * 2);
      await readInto(new Uint8Array(pairs.buffer));
      skipPadding(pairs.byteLength);
      for (let i = 0; i < pairs.length; i += 2) map.set(pairs[i], pairs[i + 1]);
    }
    // the messages view's rows follow from the kinds: rebuilt rather than stored
    for (let seq = 0; seq < h.size; seq++) if (x.isMessageRow(seq)) x.messageView.push(seq);
    x.end = h.end;
    x.rowCount = h.rows;
    x.messageRows = h.messageRows;
    x.lastTime = h.lastTime;
    Object.assign(x.counts, h.counts);
    return x;
  }

  /** The first seq whose block starts at or before `t` (times rise through a log): a place to start looking for events at `t`. */
  seqNearTime(t: number): number {
    let lo = 0;
    let hi = this.blockTime.length - 1;
    if (hi < 0 || this.blockTime.get(0) > t) return 0;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.blockTime.get(mid) <= t) lo = mid;
      else hi = mid - 1;
    }
    return lo * SPARSE;
  }
}

/** Where `value` is in an ascending column, or -1. */
export function sortedIndexOf(col: { length: number; get(i: number): number }, value: number): number {
  let lo = 0;
  let hi = col.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = col.get(mid);
    if (v === value) return mid;
    if (v < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
