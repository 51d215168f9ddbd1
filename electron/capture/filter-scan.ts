import { compileFilter, type CompiledFilter, type LogFilterSpec, type RowContent } from '../../shared/log-filter.js';
import type { ScanProgress } from '../../shared/ipc/events.js';
import type { LogEvent } from '../../shared/log-events.js';
import { u32 } from './block-array.js';
import { Kind, type EventIndex } from './event-index.js';
import { rowContent } from './row-content.js';

/** Events looked at per step, between which the event loop gets to run. */
const STEP_EVENTS = 20_000;
/** Bytes of log read per step when payloads are needed. */
const STEP_BYTES = 8 * 1024 * 1024;

/** What a scan needs of its log. */
export interface ScannedLog {
  index: EventIndex;
  /** the log's bytes [from, to) once they are on disk */
  read(from: number, to: number): Promise<Buffer>;
}

interface Pending {
  seq: number;
  hex: string;
}

/**
 * One filter run over a log in steps, in the background: the rows it has
 * found so far can be paged while it runs, progress is read as it goes, it
 * can be cancelled, and it picks up where it stopped when the log grows.
 * Row conditions come from the index alone; text reads the lines, and a
 * plain needle first looks for itself in the raw bytes so most lines are
 * never parsed. A data frame waits for its message, whose delivered text
 * decides it (with the frame's own wire bytes for a hex needle).
 */
export class FilterScan {
  readonly matches = u32();
  private scanned = 0;
  private running: Promise<void> | null = null;
  cancelled = false;
  private readonly pending: [Pending[], Pending[]] = [[], []];
  private readonly compiled: CompiledFilter;
  /** the needle a line must hold (lower case, as the file writes it) for its text to match; null when lines must be parsed */
  private readonly textNeedle: string | null;
  private readonly hexNeedle: string | null;
  /** a log with frames but no message events (written by hand, or cut): data frames are read by their own payloads */
  private readonly framesOnly: boolean;

  constructor(
    readonly key: string,
    filter: LogFilterSpec,
    private readonly log: ScannedLog,
    private readonly onProgress: () => void,
  ) {
    this.compiled = compileFilter(filter);
    const plain = filter.text && !filter.regex && !filter.json?.trim() ? filter.text : null;
    // a needle the serializer writes as it is: printable ASCII without quote or backslash
    this.textNeedle = plain && /^[\x20-\x7e]+$/.test(plain) && !/["\\]/.test(plain) ? plain.toLowerCase() : null;
    const hex = plain?.trim().replace(/^0x/i, '').replace(/[\s:]/g, '').toLowerCase() ?? '';
    this.hexNeedle = /^(?:[0-9a-f]{2})+$/.test(hex) ? hex : null;
    const c = log.index.counts;
    this.framesOnly = c.messagesIn + c.messagesOut === 0;
    // times rise through a log: nothing before the block that holds fromTime can match
    if (filter.fromTime !== undefined) this.scanned = log.index.seqNearTime(filter.fromTime);
  }

  get done(): boolean {
    return !this.running && this.scanned >= this.log.index.size;
  }

  progress(): ScanProgress {
    return { filterKey: this.key, scanned: this.scanned, of: this.log.index.size, matches: this.matches.length, done: this.done, ...(this.cancelled ? { cancelled: true } : {}) };
  }

  /** Scans what the log holds now (and what arrives meanwhile) unless cancelled; resolves when caught up. */
  run(): Promise<void> {
    if (this.cancelled) return Promise.resolve();
    this.running ??= this.loop().finally(() => {
      this.running = null;
      this.onProgress();
    });
    return this.running;
  }

  cancel(): void {
    this.cancelled = true;
  }

  /** Matching row seqs from..from+count. */
  page(from: number, count: number): number[] {
    const out: number[] = [];
    for (let i = from; i < Math.min(this.matches.length, from + count); i++) out.push(this.matches.get(i));
    return out;
  }

  private async loop(): Promise<void> {
    const index = this.log.index;
    while (!this.cancelled && this.scanned < index.size) {
      const from = this.scanned;
      let to = Math.min(index.size, from + STEP_EVENTS);
      if (this.compiled.content || this.compiled.usesTime) {
        // a step reads at most STEP_BYTES, unless one line alone is larger
        const start = index.offset(from);
        let end = start + index.lineLength(from);
        let seq = from + 1;
        while (seq < to && end + index.lineLength(seq) - start <= STEP_BYTES) end += index.lineLength(seq++);
        to = seq;
        await this.step(from, to, await this.log.read(start, end));
      } else {
        this.stepByIndex(from, to);
      }
      this.scanned = to;
      this.onProgress();
      await new Promise((r) => setImmediate(r));
    }
  }

  /** Row conditions only: no bytes read. */
  private stepByIndex(from: number, to: number): void {
    const x = this.log.index;
    for (let seq = from; seq < to; seq++) {
      if (x.isRow(seq) && x.kind(seq) !== Kind.Reconnect && this.compiled.row(x.incoming(seq) ? 'in' : 'out', x.opcode(seq), x.length(seq), 0)) this.add(seq);
    }
  }

  private async step(from: number, to: number, bytes: Buffer): Promise<void> {
    const x = this.log.index;
    // where the needles occur in these bytes: only the lines holding one can match by it
    const hits = this.textNeedle || this.hexNeedle ? this.lineHits(bytes, from, to) : null;
    let at = 0;
    for (let seq = from; seq < to; seq++) {
      const length = x.lineLength(seq);
      const lineAt = at;
      at += length;
      const kind = x.kind(seq);
      const line = () => JSON.parse(bytes.toString('utf8', lineAt, lineAt + length - 1)) as LogEvent;
      if (kind === Kind.Reconnect) {
        this.pending[0] = [];
        this.pending[1] = [];
        continue;
      }
      const d = x.incoming(seq) ? 1 : 0;
      if (kind === Kind.Message && !x.isRow(seq)) {
        const waiting = this.pending[d];
        this.pending[d] = [];
        if (!waiting.length) continue;
        // a binary message's text is its bytes decoded, which the raw line (hex) does not show: parsed always
        const skip = hits && !hits.has(seq) && x.opcode(seq) === 1 && !waiting.some((p) => p.hex);
        const text = skip ? null : rowContent(line(), undefined).text;
        for (const p of waiting) if (this.contentMatches({ hex: p.hex, text: text ?? '' }, text !== null)) this.add(p.seq);
        continue;
      }
      if (!x.isRow(seq)) continue;
      const t = this.compiled.usesTime ? (line().t ?? 0) : 0;
      if (!this.compiled.row(d ? 'in' : 'out', x.opcode(seq), x.length(seq), t)) continue;
      if (!this.compiled.content) {
        this.add(seq);
        continue;
      }
      const dataFrame = kind === Kind.Frame && x.opcode(seq) <= 2 && !this.framesOnly;
      if (dataFrame) {
        // decided by its message; the frame's own bytes only matter to a hex needle
        const hex = this.hexNeedle && hits?.has(seq) ? (line() as { payload: string }).payload : '';
        this.pending[d].push({ seq, hex });
        continue;
      }
      // only a text message's line shows its text: a frame's payload or a binary message's bytes are hex there, where text cannot be looked for
      if (hits && !hits.has(seq) && kind === Kind.Message && x.opcode(seq) === 1) continue;
      if (this.contentMatches(rowContent(line(), undefined), true)) this.add(seq);
    }
  }

  /** A row's content test; without its text read (no needle in it), only the hex can match. */
  private contentMatches(c: RowContent, textRead: boolean): boolean {
    if (textRead) return this.compiled.content!(c);
    return this.hexNeedle !== null && c.hex !== '' && this.compiled.content!({ hex: c.hex, text: '' });
  }

  /** The seqs of the lines in which a needle occurs, found in the lower-cased bytes. */
  private lineHits(bytes: Buffer, from: number, to: number): Set<number> {
    const lower = bytes.toString('latin1').toLowerCase();
    const hits = new Set<number>();
    const starts: number[] = [];
    for (let seq = from, at = 0; seq < to; at += this.log.index.lineLength(seq++)) starts.push(at);
    const lineOf = (pos: number) => {
      let lo = 0;
      let hi = starts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid] <= pos) lo = mid;
        else hi = mid - 1;
      }
      return from + lo;
    };
    for (const needle of [this.textNeedle, this.hexNeedle]) {
      if (!needle) continue;
      for (let i = lower.indexOf(needle); i >= 0; ) {
        const seq = lineOf(i);
        hits.add(seq);
        // one hit per line is enough: go on from the next line
        const next = seq + 1 - from < starts.length ? starts[seq + 1 - from] : lower.length;
        i = lower.indexOf(needle, next);
      }
    }
    return hits;
  }

  /** Adds a match, keeping the list in seq order (a frame decided by its later message may come after others). */
  private add(seq: number): void {
    const m = this.matches;
    m.push(seq);
    for (let i = m.length - 1; i > 0 && m.get(i - 1) > seq; i--) {
      m.set(i, m.get(i - 1));
      m.set(i - 1, seq);
    }
  }
}
