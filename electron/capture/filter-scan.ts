import { compileFilter, type CompiledFilter, type LogFilterSpec, type RowContent, type RowDecoder } from '../../shared/log-filter.js';
import type { ScanProgress } from '../../shared/ipc/events.js';
import { u32 } from './block-array.js';
import { ByteNeedle } from './byte-needle.js';
import { Flag, Kind, type EventIndex } from './event-index.js';
import { lineContent, refOf } from './row-content.js';
import { parseLine } from './line-reader.js';

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

/** Which rows a scan lists: the frame log's, or the messages view's (messages, control frames). */
export type LogView = 'frames' | 'messages';

interface Pending {
  seq: number;
  hex: string;
}

/** A step's lines: their bytes, the first one's seq, and where each starts in the bytes (and past the last, their end). */
interface StepBytes {
  bytes: Buffer;
  from: number;
  starts: Float64Array;
}

/** A step's events [from, to) and their lines' bytes, being read. */
interface StepRead {
  from: number;
  to: number;
  bytes: Promise<Buffer>;
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
  /** what lineHits looks for in the bytes as they are */
  private readonly byteNeedles: ByteNeedle[] = [];
  /** a needle with letters: its text form (lower case), looked for in text lines folded to lower case */
  private readonly foldedText: string | null = null;
  /** ...and as hex (where text is written as hex: a binary message, a control frame): a letter-free run of it to look for, and the whole as a pattern */
  private readonly hexRun: ByteNeedle | null = null;
  /** hex digits of the needle before its case-free run */
  private readonly hexRunAt: number = 0;
  private readonly hexPattern: RegExp | null = null;
  /** a log with frames but no message events (written by hand, or cut): data frames are read by their own payloads */
  private readonly framesOnly: boolean;

  constructor(
    readonly key: string,
    filter: LogFilterSpec,
    private readonly log: ScannedLog,
    private readonly onProgress: () => void,
    private readonly view: LogView = 'frames',
    /** reads messages' decoded layers, for JSON and subject conditions (see compileFilter) */
    decoder?: RowDecoder,
  ) {
    this.compiled = compileFilter(filter, decoder);
    const plain = filter.text && !filter.regex && !filter.json?.trim() ? filter.text : null;
    // a needle the serializer writes as it is: printable ASCII without quote or backslash
    this.textNeedle = plain && /^[\x20-\x7e]+$/.test(plain) && !/["\\]/.test(plain) ? plain.toLowerCase() : null;
    const hex = plain?.trim().replace(/^0x/i, '').replace(/[\s:]/g, '').toLowerCase() ?? '';
    this.hexNeedle = /^(?:[0-9a-f]{2})+$/.test(hex) ? hex : null;
    if (this.hexNeedle) this.byteNeedles.push(new ByteNeedle(Buffer.from(this.hexNeedle, 'latin1')));
    if (this.textNeedle && !/[a-z]/.test(this.textNeedle)) {
      // no letters: the text, and the text as it shows where written as hex, as they are
      this.byteNeedles.push(new ByteNeedle(Buffer.from(this.textNeedle, 'latin1')), new ByteNeedle(Buffer.from(Buffer.from(this.textNeedle, 'latin1').toString('hex'), 'latin1')));
    } else if (this.textNeedle) {
      this.foldedText = this.textNeedle;
      const parts = [...this.textNeedle].map(hexOfChar);
      this.hexPattern = new RegExp(parts.join(''), 'y');
      // the longest run of the pattern that does not depend on case
      let best = { at: 0, run: '' };
      let run = { at: 0, run: '' };
      parts.forEach((part, i) => {
        if (part.startsWith('(')) run = { at: i + 1, run: '' };
        else run.run += part;
        if (run.run.length > best.run.length) best = { ...run };
      });
      this.hexRunAt = 2 * best.at;
      this.hexRun = best.run.length >= 4 ? new ByteNeedle(Buffer.from(best.run, 'latin1')) : null;
    }
    const c = log.index.counts;
    this.framesOnly = c.messagesIn + c.messagesOut === 0;
    // times rise through a log: nothing before the block that holds fromTime can match
    if (filter.fromTime !== undefined) this.scanned = log.index.seqNearTime(filter.fromTime);
  }

  get done(): boolean {
    return !this.running && this.scanned >= this.log.index.size;
  }

  progress(): ScanProgress {
    const x = this.log.index;
    return { filterKey: this.key.split('\u0000')[0], scanned: x.rowsBeforeSeq(this.scanned), of: x.rows, matches: this.matches.length, done: this.done, ...(this.cancelled ? { cancelled: true } : {}) };
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

  /** Where the row of event `seq` is among the matches found so far, or -1. */
  positionOf(seq: number): number {
    let lo = 0;
    let hi = this.matches.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = this.matches.get(mid);
      if (v === seq) return mid;
      if (v < seq) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** Matching row seqs from..from+count. */
  page(from: number, count: number): number[] {
    const out: number[] = [];
    for (let i = from; i < Math.min(this.matches.length, from + count); i++) out.push(this.matches.get(i));
    return out;
  }

  private async loop(): Promise<void> {
    const index = this.log.index;
    /** the next step's bytes, read from the disk while this step's are scanned */
    let ahead: StepRead | null = null;
    while (!this.cancelled && this.scanned < index.size) {
      const from = this.scanned;
      let to = Math.min(index.size, from + STEP_EVENTS);
      if (this.compiled.content || this.compiled.usesTime) {
        const current: StepRead = ahead?.from === from ? ahead : this.readStep(from);
        ahead = current.to < index.size ? this.readStep(current.to) : null;
        to = current.to;
        await this.step(from, to, await current.bytes);
      } else {
        this.stepByIndex(from, to);
      }
      this.scanned = to;
      this.onProgress();
      await new Promise((r) => setImmediate(r));
    }
  }

  /** Starts reading the step from event `from`: at most STEP_BYTES, unless one line alone is larger. */
  private readStep(from: number): StepRead {
    const index = this.log.index;
    const last = Math.min(index.size, from + STEP_EVENTS);
    const start = index.offset(from);
    let end = start + index.lineLength(from);
    let to = from + 1;
    while (to < last && end + index.lineLength(to) - start <= STEP_BYTES) end += index.lineLength(to++);
    const bytes = this.log.read(start, end);
    // a scan cancelled meanwhile never awaits it: its failure (the log closed) is nobody's
    bytes.catch(() => undefined);
    return { from, to, bytes };
  }

  /** Whether the seq is a row of this scan's view that a filter can match (separators and errors are not). */
  private filterable(seq: number): boolean {
    const x = this.log.index;
    const kind = x.kind(seq);
    if (kind !== Kind.Frame && kind !== Kind.Message) return false;
    return this.view === 'frames' ? x.isRow(seq) : x.isMessageRow(seq);
  }

  /** Row conditions only: no bytes read. */
  private stepByIndex(from: number, to: number): void {
    const x = this.log.index;
    for (let seq = from; seq < to; seq++) {
      if (this.filterable(seq) && this.compiled.row(x.incoming(seq) ? 'in' : 'out', x.opcode(seq), x.length(seq), 0)) this.add(seq);
    }
  }

  private async step(from: number, to: number, bytes: Buffer): Promise<void> {
    const x = this.log.index;
    // where each line starts in these bytes, and past the last its end
    const starts = new Float64Array(to - from + 1);
    for (let seq = from, at = 0; seq <= to; seq++) {
      starts[seq - from] = at;
      if (seq < to) at += x.lineLength(seq);
    }
    // where the needles occur in these bytes: only the lines holding one can match by it
    const hits = this.textNeedle || this.hexNeedle ? this.lineHits(bytes, from, starts) : null;
    const place = { bytes, from, starts };
    for (let seq = from; seq < to; seq++) {
      const lineAt = starts[seq - from];
      const lineEnd = starts[seq + 1 - from];
      const kind = x.kind(seq);
      if (kind === Kind.Reconnect) {
        this.pending[0] = [];
        this.pending[1] = [];
        continue;
      }
      const d = x.incoming(seq) ? 1 : 0;
      if (this.view === 'messages') {
        if (this.filterable(seq)) await this.messageViewRow(seq, lineAt, lineEnd, hits, place);
        continue;
      }
      if (kind === Kind.Message && !x.isRow(seq)) {
        const waiting = this.pending[d];
        if (!waiting.length) continue;
        this.pending[d] = [];
        // a one-frame message in a recording names its frame, which holds its bytes (and any needle in them)
        const ref = refOf(bytes, lineAt, lineEnd);
        const hit = !hits || hits.has(seq) || (ref >= 0 && hits.has(ref));
        // a message without a needle in it cannot match by its text: not parsed
        const m = !hit ? null : ref >= 0 ? await this.frameContent(ref, place) : lineContent(bytes, lineAt, lineEnd, 'message', x.opcode(seq));
        const message = m && this.compiled.decodes ? messageOf(m, d ? 'in' : 'out', x.opcode(seq)) : undefined;
        for (const p of waiting) if (this.contentMatches({ hex: p.hex, text: m?.text ?? '', message }, m !== null)) this.add(p.seq);
        continue;
      }
      if (!this.filterable(seq)) continue;
      const t = this.compiled.usesTime ? (parseLine(bytes, lineAt, lineEnd - lineAt).t ?? 0) : 0;
      if (!this.compiled.row(d ? 'in' : 'out', x.opcode(seq), x.length(seq), t)) continue;
      if (!this.compiled.content) {
        this.add(seq);
        continue;
      }
      if (kind === Kind.Frame && x.opcode(seq) <= 2 && !this.framesOnly) {
        // decided by its message; the frame's own bytes only matter to a hex needle
        const hex = this.hexNeedle && hits?.has(seq) ? lineContent(bytes, lineAt, lineEnd, 'frame', x.opcode(seq)).hex : '';
        this.pending[d].push({ seq, hex });
        continue;
      }
      // a close frame's text starts with its code in digits, which its bytes do not hold: never skipped
      if (hits && !hits.has(seq) && !(kind === Kind.Frame && x.opcode(seq) === 8)) continue;
      if (this.contentMatches(lineContent(bytes, lineAt, lineEnd, kind === Kind.Message ? 'message' : 'frame', x.opcode(seq)), true)) this.add(seq);
    }
  }

  /**
   * A row of the messages view: a message by its content as delivered (read
   * from the frame its line names, in a recording), a control frame by its
   * payload.
   */
  private async messageViewRow(seq: number, lineAt: number, lineEnd: number, hits: Set<number> | null, place: StepBytes): Promise<void> {
    const x = this.log.index;
    const bytes = place.bytes;
    const kind = x.kind(seq);
    const t = this.compiled.usesTime ? (parseLine(bytes, lineAt, lineEnd - lineAt).t ?? 0) : 0;
    if (!this.compiled.row(x.incoming(seq) ? 'in' : 'out', x.opcode(seq), x.length(seq), t)) return;
    if (!this.compiled.content) return this.add(seq);
    if (kind === Kind.Message) {
      const ref = refOf(bytes, lineAt, lineEnd);
      if (hits && !hits.has(seq) && !(ref >= 0 && hits.has(ref))) return;
      const c = ref >= 0 ? await this.frameContent(ref, place) : lineContent(bytes, lineAt, lineEnd, 'message', x.opcode(seq));
      if (this.compiled.decodes) c.message = messageOf(c, x.incoming(seq) ? 'in' : 'out', x.opcode(seq));
      if (this.compiled.content(c)) this.add(seq);
      return;
    }
    // a close frame's text starts with its code in digits, which its bytes do not hold: never skipped
    if (hits && !hits.has(seq) && x.opcode(seq) !== 8) return;
    if (this.compiled.content(lineContent(bytes, lineAt, lineEnd, 'frame', x.opcode(seq)))) this.add(seq);
  }

  /** A data frame's content, from this step's bytes or, when it lies before them, from the log. */
  private async frameContent(seq: number, place: StepBytes): Promise<RowContent> {
    const x = this.log.index;
    const i = seq - place.from;
    if (i >= 0 && i < place.starts.length - 1) return lineContent(place.bytes, place.starts[i], place.starts[i + 1], 'frame', x.opcode(seq));
    const start = x.offset(seq);
    const line = await this.log.read(start, start + x.lineLength(seq));
    return lineContent(line, 0, line.length, 'frame', x.opcode(seq));
  }

  /** A row's content test; without its text read (no needle in it), only the hex can match. */
  private contentMatches(c: RowContent, textRead: boolean): boolean {
    if (textRead) return this.compiled.content!(c);
    return this.hexNeedle !== null && c.hex !== '' && this.compiled.content!({ hex: c.hex, text: '' });
  }

  /**
   * The seqs of the lines in which a needle occurs. A needle without letters
   * is looked for in the bytes as they are (no case to fold); one with
   * letters in a lower-cased copy.
   */
  private lineHits(bytes: Buffer, from: number, starts: Float64Array): Set<number> {
    const hits = new Set<number>();
    const lines = starts.length - 1;
    const lineOf = (pos: number) => {
      let lo = 0;
      let hi = lines - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid] <= pos) lo = mid;
        else hi = mid - 1;
      }
      return lo;
    };
    // one hit per line is enough: each search goes on from the next line
    const nextLine = (line: number) => starts[line + 1];
    for (const needle of this.byteNeedles) {
      needle.aimAt(bytes);
      for (let i = needle.indexIn(bytes, 0); i >= 0; i = needle.indexIn(bytes, nextLine(lineOf(i)))) hits.add(from + lineOf(i));
    }
    if (this.foldedText) {
      const x = this.log.index;
      // the text form only in text message lines (elsewhere text is hex, or keys); folded one line at a time
      for (let line = 0; line < lines; line++) {
        const seq = from + line;
        if (x.kind(seq) !== Kind.Message || x.opcode(seq) !== 1 || x.flags(seq) & Flag.InvalidUtf8) continue;
        if (bytes.toString('utf8', starts[line], nextLine(line)).toLowerCase().includes(this.foldedText)) hits.add(seq);
      }
      this.hexHits(bytes, starts, lineOf, nextLine, from, hits);
    }
    return hits;
  }

  /** Lines where the lettered needle shows as hex, in either case: found through a case-free run of it when it has one. */
  private hexHits(bytes: Buffer, starts: Float64Array, lineOf: (pos: number) => number, nextLine: (line: number) => number, from: number, hits: Set<number>): void {
    const re = this.hexPattern!;
    if (!this.hexRun) {
      const text = bytes.toString('latin1');
      const any = new RegExp(re.source, 'g');
      for (let m = any.exec(text); m; m = any.exec(text)) {
        hits.add(from + lineOf(m.index));
        any.lastIndex = nextLine(lineOf(m.index));
      }
      return;
    }
    // where the run is found, the pattern would start hexRunAt digits before it
    const run = this.hexRun;
    run.aimAt(bytes);
    for (let i = run.indexIn(bytes, 0); i >= 0; i = run.indexIn(bytes, i + 1)) {
      const line = lineOf(i);
      const start = i - this.hexRunAt;
      if (hits.has(from + line) || start < starts[line]) continue;
      re.lastIndex = 0;
      if (re.test(bytes.toString('latin1', start, Math.min(nextLine(line), start + 2 * this.foldedText!.length)))) hits.add(from + line);
    }
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

/** What decoding a message needs of its content: a binary one's bytes are its hex, a text one's its text. */
function messageOf(c: RowContent, dir: 'in' | 'out', opcode: number): RowContent['message'] {
  return { dir, opcode, hex: opcode === 2 ? c.hex : '' };
}

/** One character of a lower-cased ASCII needle as hex bytes: a letter in either case. */
function hexOfChar(c: string): string {
  const code = c.charCodeAt(0);
  const hex = (n: number) => n.toString(16).padStart(2, '0');
  return code >= 0x61 && code <= 0x7a ? `(?:${hex(code)}|${hex(code - 32)})` : hex(code);
}
