/**
 * The rows of the frame log (frames and reconnect separators, by seq; the
 * messages of a log that has no frames) and,
 * for each data frame, the seq of the first frame of its message. Kept from
 * a few facts per event, so a log on disk can build it without its payloads.
 */
export interface FrameFacts {
  type: string;
  seq: number;
  dir?: 'in' | 'out';
  opcode?: number;
  fin?: boolean;
}

export class FrameIndex {
  readonly seqs: number[] = [];
  private readonly messageStart = new Map<number, number>();
  private readonly open = { in: -1, out: -1 };
  /** first frame of each message -> its message event */
  private readonly messageEvent = new Map<number, number>();
  /** the message whose last frame came, waiting for its message event */
  private readonly complete = { in: -1, out: -1 };

  /** A row that is no frame: a message, in a log that has messages but no frames (an imported HAR). */
  addRow(seq: number): void {
    this.seqs.push(seq);
  }

  add(e: FrameFacts): void {
    if (e.type === 'reconnect') {
      // a separator row in the frame log; a message cannot span connections
      this.seqs.push(e.seq);
      this.open.in = this.open.out = -1;
      return;
    }
    if (e.type === 'message' && e.dir) {
      if (this.complete[e.dir] >= 0) this.messageEvent.set(this.complete[e.dir], e.seq);
      this.complete[e.dir] = -1;
      return;
    }
    if (e.type !== 'frame' || !e.dir || e.opcode === undefined) return;
    this.seqs.push(e.seq);
    if (e.opcode === 1 || e.opcode === 2) this.open[e.dir] = e.seq;
    if (e.opcode <= 2 && this.open[e.dir] >= 0) {
      this.messageStart.set(e.seq, this.open[e.dir]);
      if (e.fin) {
        this.complete[e.dir] = this.open[e.dir];
        this.open[e.dir] = -1;
      }
    }
  }

  messageSeq(seq: number): number | undefined {
    return this.messageStart.get(seq);
  }

  /** The message event a data frame belongs to, once it arrived. */
  messageOf(frameSeq: number): number | undefined {
    const start = this.messageStart.get(frameSeq);
    return start === undefined ? undefined : this.messageEvent.get(start);
  }
}
