import { open, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { EngineEvent } from '../protocol/events.js';
import type { LogEvent } from '../../shared/log-events.js';
import type { LogFilter } from '../../shared/ipc/schemas.js';
import type { ScanProgress } from '../../shared/ipc/events.js';
import { isFiltering, type RowDecoder } from '../../shared/log-filter.js';
import { EventSerializer } from '../log/event-serializer.js';
import { OutputQueue } from '../log/output-queue.js';
import type { Enrichment } from '../log/to-log-event.js';
import { EventIndex, Flag, Kind, OtherKind, sortedIndexOf, type IndexCounts } from './event-index.js';
import { FilterScan, type LogView } from './filter-scan.js';
import { hiddenSeqs, pageWithout } from './collapsed-rows.js';
import { indexFileOf, readIndexFile, writeIndexFile, type LogFacts } from './index-file.js';
import { LogFileWriter } from './log-file-writer.js';
import { addEvent, scanInto } from './log-scanner.js';
import { readAt, readLines, type LinePlace } from './line-reader.js';
import { preview } from './log-preview.js';
import { isRef, resolveRef } from './payload-refs.js';

/** A row decoder and what it decodes with, as a string: a scan is reused only for the same one. */
export interface KeyedDecoder {
  key: string;
  decode: RowDecoder;
}

/** Above this many queued bytes the connection stops reading; below LOW_WATER it reads again. */
export const HIGH_WATER = 8 * 1024 * 1024;
export const LOW_WATER = 2 * 1024 * 1024;

export interface CaptureHooks {
  /** the disk is behind: stop reading from the socket (true) or go on (false) */
  backpressure(paused: boolean): void;
  /** the log could not be written; capture has stopped */
  failed(message: string): void;
}

export interface LiveLogOptions {
  file: string;
  /** a log kept only while its session lives (no workspace to record into): removed on close */
  temporary?: boolean;
  hooks: CaptureHooks;
  /** stands in for the disk's writev in tests of a slow or failing disk */
  write?: (fd: FileHandle, buffers: Buffer[]) => Promise<number>;
  highWater?: number;
  lowWater?: number;
}

/**
 * One connection's event log, kept in its file: the live log is the
 * recording. Events are serialized straight into the file's output queue and
 * noted in a compact index; nothing per event stays in memory. Pages, single
 * events and filter scans read the file back (waiting for the writer when
 * they ask for the newest lines), so a live tab and a reopened recording
 * read through the same code.
 */
export class EventLog {
  /** the file opened for reading, once a read asks for it: reads at once (a scan reading ahead, a page) share one open */
  private reader: Promise<FileHandle> | null = null;
  private scan: FilterScan | null = null;
  private stopped: string | null = null;
  /** events that happened but are not in the log (the disk failed) */
  missing = 0;
  private closed = false;
  /** the last end() under way or done: ends run one after another, so none is left writing the index when close() returns */
  private ending: Promise<void> = Promise.resolve();
  /** events in the log when its index was last written; a later end() with nothing new writes nothing */
  private indexedSize = -1;

  private constructor(
    readonly file: string,
    readonly index: EventIndex,
    readonly facts: LogFacts,
    private readonly queue: OutputQueue | null,
    private readonly writer: LogFileWriter | null,
    private readonly serializer: EventSerializer | null,
    private readonly temporary: boolean,
    private readonly onProgress: () => void,
  ) {}

  /** A new log for a live connection, written to `file` as events arrive. */
  static live(o: LiveLogOptions, onProgress: () => void = () => {}): EventLog {
    const queue = new OutputQueue();
    let log: EventLog | null = null;
    const writer = new LogFileWriter(o.file, queue, { backpressure: (p) => o.hooks.backpressure(p), failed: (e) => log!.fail(e, o.hooks) }, {
      highWater: o.highWater ?? HIGH_WATER,
      lowWater: o.lowWater ?? LOW_WATER,
      write: o.write,
    });
    log = new EventLog(o.file, new EventIndex(), { url: '', start: 0 }, queue, writer, new EventSerializer(queue, { payloadOnce: true }), !!o.temporary, onProgress);
    return log;
  }

  /**
   * A log on disk, read-only: its index from the file beside it when that
   * covers the log, and the rest (or all, for a log written before index
   * files existed) read from the lines. A torn last line is left out.
   */
  static async open(file: string, onProgress: () => void = () => {}): Promise<EventLog> {
    const fd = await open(file, 'r');
    try {
      const size = (await fd.stat()).size;
      const saved = await readIndexFile(indexFileOf(file));
      const usable = saved && saved.index.end <= size ? saved : null;
      const index = usable?.index ?? new EventIndex();
      const facts = usable?.facts ?? { url: '', start: 0 };
      const scanned = await scanInto(fd, index.end, index, (e) => {
        if (!facts.url && (e.type === 'handshake-request' || e.type === 'reconnect')) facts.url = e.url;
        if (e.type === 'open' && facts.protocol === undefined) facts.protocol = e.protocol;
        if (e.type === 'state' || e.type === 'reconnect') facts.ended = e.type === 'state' && e.state === 'closed';
      });
      if (index.size && !facts.start) facts.start = (await firstEvent(fd, index)).t;
      index.useMessageRows();
      const log = new EventLog(file, index, facts, null, null, null, false, onProgress);
      log.reader = Promise.resolve(fd);
      if (scanned.torn) facts.torn = true;
      // the next open reads the index instead of the lines (the migration of older recordings)
      if (!usable || scanned.end > usable.index.end) await writeIndexFile(indexFileOf(file), index, facts).catch(() => undefined);
      return log;
    } catch (e) {
      await fd.close();
      throw e;
    }
  }

  get size(): number {
    return this.index.size;
  }

  get rows(): number {
    return this.index.rows;
  }

  /** Bytes of the log, written or on their way. */
  get bytes(): number {
    return this.index.end;
  }

  /** Bytes queued for the disk and not yet written: bounded by backpressure. */
  get behind(): number {
    return this.queue?.queued ?? 0;
  }

  /** What a recordings list shows of this log. */
  recordingFacts(): RecordingFacts {
    return factsFrom(this.index, this.facts);
  }

  /** Why capture stopped, if it did. */
  get failure(): string | null {
    return this.stopped;
  }

  /** Logs an engine event; returns its seq, or -1 when capture has stopped. */
  append(e: EngineEvent, extra?: Enrichment): number {
    if (this.stopped || !this.serializer) return (this.missing++, -1);
    const seq = this.index.size;
    const at = this.queue!.position;
    this.serializer.write(e, seq, extra);
    const bytes = this.queue!.position - at;
    if (e.type === 'frame') {
      const flags = (e.rsv1 ? Flag.Rsv1 : 0) | (e.rsv2 ? Flag.Rsv2 : 0) | (e.rsv3 ? Flag.Rsv3 : 0) | (e.masked ? Flag.Masked : 0) | (e.crafted ? Flag.Crafted : 0) | (e.rttMs !== undefined ? Flag.Rtt : 0);
      this.index.add(Kind.Frame, e.dir === 'in', e.opcode, e.fin, flags, e.length, e.t, bytes);
    } else if (e.type === 'message') {
      this.index.add(Kind.Message, e.dir === 'in', e.opcode, true, (e.compressed ? Flag.Compressed : 0) | (e.invalidUtf8 ? Flag.InvalidUtf8 : 0), e.length, e.t, bytes);
    } else {
      this.noteFacts(e.type === 'handshake-request' ? e.url : undefined, e.t);
      if (e.type === 'state') this.facts.ended = e.state === 'closed';
      if (e.type === 'open' && this.facts.protocol === undefined) this.facts.protocol = e.protocol;
      this.index.add(Kind.Other, false, e.type === 'error' ? OtherKind.Error : OtherKind.Plain, true, 0, 0, e.t, bytes);
    }
    this.writer!.kick();
    return seq;
  }

  /** Logs an event made outside the engine (a reconnect separator); its seq is set here. */
  appendLogEvent(e: LogEvent): number {
    if (this.stopped || !this.serializer) return (this.missing++, -1);
    const event = { ...e, seq: this.index.size };
    const at = this.queue!.position;
    this.serializer.writeLogEvent(event);
    if (event.type === 'reconnect') {
      this.noteFacts(event.url, event.t);
      this.facts.ended = false;
    }
    addEvent(this.index, event, this.queue!.position - at);
    this.writer!.kick();
    return event.seq;
  }

  async range(from: number, count: number): Promise<LogEvent[]> {
    const seqs: number[] = [];
    for (let s = from; s < Math.min(this.size, from + count); s++) seqs.push(s);
    return this.read(seqs, true);
  }

  /** Events whole (no payload cut), for decoding them. */
  async whole(seqs: number[]): Promise<LogEvent[]> {
    return this.read(seqs.filter((s) => Number.isInteger(s) && s >= 0 && s < this.size), false);
  }

  async get(seq: number): Promise<LogEvent | undefined> {
    if (!Number.isInteger(seq) || seq < 0 || seq >= this.size) return undefined;
    return (await this.read([seq], false))[0];
  }

  /**
   * A page of frame rows (previews) matching the filter; a filter runs in the
   * background over the whole log. The continuation frames of the collapsed
   * fragmented messages (by the seq of their first frame) are left out.
   */
  async frameRows(filter: LogFilter, from: number, count: number, collapsed: readonly number[] = [], decoder?: KeyedDecoder): Promise<{ rows: LogEvent[]; total: number; scan?: ScanProgress }> {
    return this.viewRows('frames', filter, from, count, decoder, collapsed);
  }

  /** A page of the messages view (messages, control frames, separators, errors; previews) matching the filter, as frameRows pages frames. */
  async messageRows(filter: LogFilter, from: number, count: number, decoder?: KeyedDecoder): Promise<{ rows: LogEvent[]; total: number; scan?: ScanProgress }> {
    return this.viewRows('messages', filter, from, count, decoder);
  }

  private async viewRows(view: LogView, filter: LogFilter, from: number, count: number, decoder?: KeyedDecoder, collapsed: readonly number[] = []): Promise<{ rows: LogEvent[]; total: number; scan?: ScanProgress }> {
    const finish = (rows: LogEvent[]) => (view === 'frames' ? this.withMessages(rows) : Promise.resolve(rows));
    const hidden = view === 'frames' && collapsed.length ? hiddenSeqs(this.index, collapsed) : [];
    if (!isFiltering(filter)) {
      if (hidden.length) {
        const index = this.index;
        const page = pageWithout({ total: this.rows, page: (f, c) => index.rowSeqs(f, c), positionOf: (seq) => index.rowsBeforeSeq(seq) }, hidden, from, count);
        return { rows: await finish(await this.read(page.seqs, true)), total: page.total };
      }
      const seqs = view === 'frames' ? this.index.rowSeqs(from, count) : this.index.messageRowSeqs(from, count);
      return { rows: await finish(await this.read(seqs, true)), total: view === 'frames' ? this.rows : this.index.messageViewRows };
    }
    // one scan at a time: the view shown asks, and a switch of view starts its own
    // a decoding changes what JSON and subject conditions match: it is part of the scan's key (the contract's filterKey stays the filter's JSON)
    const decodes = decoder && (filter.json?.trim() || filter.subject);
    const key = scanKey(view, filter, decodes ? decoder.key : undefined);
    if (this.scan?.key !== key) {
      this.scan?.cancel();
      this.scan = new FilterScan(key, filter, { index: this.index, read: (a, b) => this.readBytes(a, b) }, this.onProgress, view, decodes ? decoder.decode : undefined);
    }
    const scan = this.scan;
    // a scan of a short log finishes before the answer; a long one answers with what it has found so far
    await Promise.race([scan.run(), new Promise((r) => setTimeout(r, 50))]);
    if (hidden.length) {
      const page = pageWithout({ total: scan.matches.length, page: (f, c) => scan.page(f, c), positionOf: (seq) => scan.positionOf(seq) }, hidden, from, count);
      return { rows: await finish(await this.read(page.seqs, true)), total: page.total, scan: scan.progress() };
    }
    return { rows: await finish(await this.read(scan.page(from, count), true)), total: scan.matches.length, scan: scan.progress() };
  }

  /**
   * The row of a view that shows event `seq`, and that row's seq; null when
   * the filter hides it or its scan (the one the view runs) has not found it.
   */
  rowOf(seq: number, view: LogView, filter: LogFilter): { row: number | null; seq: number } {
    const shown = this.index.shownBy(seq, view);
    if (isFiltering(filter)) {
      // the scan the view runs for this filter, whatever decoding it reads the payloads with
      const at = this.scan && sameFilter(this.scan.key, scanKey(view, filter)) ? sortedIndexOf(this.scan.matches, shown) : -1;
      return { row: at < 0 ? null : at, seq: shown };
    }
    if (view === 'messages') {
      const at = this.index.messageRowOf(shown);
      return { row: at < 0 ? null : at, seq: shown };
    }
    return { row: this.index.isRow(shown) ? this.index.rowsBeforeSeq(shown) : null, seq: shown };
  }

  /** The running filter scan's progress, if any. */
  scanProgress(): ScanProgress | undefined {
    return this.scan?.progress();
  }

  cancelScan(): void {
    this.scan?.cancel();
  }

  /** Resolves once everything queued so far is in the file (not necessarily synced). */
  async flushed(): Promise<void> {
    await this.writer?.whenWritten(this.index.end);
  }

  /** The connection ended: everything on disk and synced, the index written beside it. A later append reopens the file. */
  end(): Promise<void> {
    this.ending = this.ending.then(() => this.endOnce(), () => this.endOnce());
    return this.ending;
  }

  private async endOnce(): Promise<void> {
    if (!this.writer) return;
    await this.writer.end();
    if (this.stopped || this.temporary || this.indexedSize === this.index.size) return;
    this.indexedSize = this.index.size;
    await writeIndexFile(indexFileOf(this.file), this.index, this.facts).catch(() => undefined);
  }

  /** Lets the file go; a temporary log is removed. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.scan?.cancel();
    await this.end();
    const reader = this.reader;
    this.reader = null;
    await reader?.then((fd) => fd.close()).catch(() => undefined);
    if (this.temporary) await Promise.all([rm(this.file, { force: true }), rm(indexFileOf(this.file), { force: true })]);
  }

  private noteFacts(url: string | undefined, t: number): void {
    if (!this.index.size) this.facts.start = t;
    if (url && !this.facts.url) this.facts.url = url;
  }

  /**
   * Frame rows with the message each data frame belongs to, and on the first
   * frame of a message that its frames do not show as delivered (fragmented,
   * or compressed) that message, reassembled and inflated.
   */
  private async withMessages(rows: LogEvent[]): Promise<LogEvent[]> {
    const starts = new Map<number, number>();
    for (const e of rows) {
      if (e.type !== 'frame' || (e.opcode !== 1 && e.opcode !== 2) || (e.fin && !e.rsv1)) continue;
      const m = this.index.messageEventOf(e.seq);
      if (m !== undefined) starts.set(e.seq, m);
    }
    const messages = new Map((await this.read([...starts.values()].sort((a, b) => a - b), true)).map((m) => [m.seq, m]));
    return rows.map((e) => {
      const seq = this.index.messageSeq(e.seq);
      const m = messages.get(starts.get(e.seq) ?? -1);
      if (e.type !== 'frame' || (seq === undefined && !m)) return e;
      // the first frame of a fragmented message heads its group: how many frames it took, for the log to collapse
      const group = seq === e.seq && !e.fin ? { groupFrames: 1 + this.index.continuationsOf(e.seq).length } : {};
      return { ...e, ...(seq !== undefined ? { messageSeq: seq } : {}), ...group, ...(m?.type === 'message' ? { message: m } : {}) };
    });
  }

  private async read(seqs: number[], asPreview: boolean): Promise<LogEvent[]> {
    const places = this.places(seqs.filter((s) => s < this.size));
    if (!places.length) return [];
    const last = places[places.length - 1];
    await this.writer?.whenWritten(last.offset + last.length);
    const events = await readLines(await this.readFd(), places, asPreview);
    const refs = events.filter(isRef);
    if (!refs.length) return events;
    // a one-frame message's payload is its frame's: read with it, or else on its own
    const frames = new Map(events.map((e) => [e.seq, e]));
    const missing = [...new Set(refs.map((m) => m.payloadOf).filter((f) => !frames.has(f)))].sort((a, b) => a - b);
    if (missing.length) for (const f of await readLines(await this.readFd(), this.places(missing), asPreview)) frames.set(f.seq, f);
    return events.map((e) => (isRef(e) ? (asPreview ? preview(resolveRef(e, frames.get(e.payloadOf))) : resolveRef(e, frames.get(e.payloadOf))) : e));
  }

  private async readBytes(from: number, to: number): Promise<Buffer> {
    await this.writer?.whenWritten(to);
    return readAt(await this.readFd(), from, to - from);
  }

  /** Where each event's line is; for ascending seqs, each offset follows from the one before. */
  private places(seqs: number[]): LinePlace[] {
    const out: LinePlace[] = [];
    for (let i = 0; i < seqs.length; i++) {
      const seq = seqs[i];
      const prev = out[i - 1];
      const offset = prev && prev.seq === seq - 1 ? prev.offset + prev.length : this.index.offset(seq);
      out.push({ seq, offset, length: this.index.lineLength(seq) });
    }
    return out;
  }

  private async readFd(): Promise<FileHandle> {
    // a read that was under way when the log closed (a scan's read ahead) must not open the file again: nothing would close it
    if (this.closed) throw new Error(`the log ${path.basename(this.file)} is closed`);
    // a failed open is not kept: the next read tries again
    this.reader ??= open(this.file, 'r').catch((e: unknown) => {
      this.reader = null;
      throw e;
    });
    return this.reader;
  }

  /** The disk failed: the index keeps only the events whose lines are whole in the file; the rest, and all after, are missing. */
  private fail(e: NodeJS.ErrnoException, hooks: CaptureHooks): void {
    const written = this.writer!.written;
    let kept = this.index.size;
    while (kept > 0 && this.index.offset(kept) > written) kept--;
    this.missing += this.index.size - kept;
    this.index.truncate(kept);
    this.stopped = `the log ${path.basename(this.file)} could not be written (${e.code ?? e.message}); capture stopped after ${kept} events, the connection goes on`;
    hooks.failed(this.stopped);
  }
}

/** A recording's counts and times, as its list entry shows them. */
export interface RecordingFacts extends LogFacts, IndexCounts {
  /** the time of its last event */
  end: number;
  events: number;
}

export function factsFrom(index: { size: number; lastTime: number; counts: IndexCounts }, facts: LogFacts): RecordingFacts {
  return { ...facts, ...index.counts, end: index.lastTime, events: index.size };
}

async function firstEvent(fd: FileHandle, index: EventIndex): Promise<LogEvent> {
  const buf = await readAt(fd, 0, index.lineLength(0));
  return JSON.parse(buf.toString('utf8', 0, buf.length - 1)) as LogEvent;
}

/** Which filter scan serves a view's filter: one scan at a time, and a switch of view starts its own. */
function scanKey(view: LogView, filter: LogFilter, decoderKey?: string): string {
  const base = view === 'frames' ? JSON.stringify(filter) : JSON.stringify({ view, ...filter });
  return decoderKey === undefined ? base : `${base}\u0000${decoderKey}`;
}

/** Whether a scan's key is that of a filter's base key, with or without a decoding. */
function sameFilter(key: string, base: string): boolean {
  return key === base || key.startsWith(`${base}\u0000`);
}
