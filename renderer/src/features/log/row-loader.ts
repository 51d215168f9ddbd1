import type { ScanProgress } from '../../../../shared/ipc/events';
import type { LogEvent } from '../../../../shared/log-events';
import { isFiltering, type LogFilterSpec } from '../../../../shared/log-filter';
import { CallError } from '../../../../shared/ipc/api';

export type LogRow = LogEvent;

export interface RowsRequest {
  sessionId: string;
  filter: LogFilterSpec;
  from: number;
  count: number;
  /** what else the rows depend on (how the log is decoded), as a string; rows are read again when it changes */
  variant: string;
  /** the frame log's collapsed fragment groups (by first frame), when any */
  collapsed?: number[];
}
export type FetchRows = (r: RowsRequest) => Promise<{ rows: LogRow[]; total: number; scan?: ScanProgress }>;

/** Rows read around the viewport, beyond those on screen, so a small scroll shows rows at once. */
const AROUND = 40;
/** Rows kept each side of the viewport; the rest are dropped so memory stays flat however long the log. */
const KEEP = 1000;
/** The most rows one log.frames may return. */
const MAX_COUNT = 5000;
/**
 * The least time between two reads prompted by the log growing. A flood
 * replaces every row on screen at each read; ten a second is faster than
 * anyone reads them and a third of the work of one per summary.
 */
const GROWTH_MS = 100;
/** While a filter scan runs and nothing else asks, how often its progress is read. */
const SCAN_POLL_MS = 250;

/**
 * The frame log's rows, pulled from the main process for what is on screen.
 * At most one log.frames is in flight: a change while it runs (the log grew,
 * the view moved) asks for one more round when it returns, so a flood that
 * grows the log faster than a page comes back neither piles up requests nor
 * starves the view. Rows never change once read (the log only grows, and a
 * filter's matches are found in order), so only what is missing is asked
 * for, plus the tail while following it.
 */
export class RowLoader {
  /** row index -> row */
  private rows = new Map<number, LogRow>();
  /** rows (matching the filter) in the log, as last read */
  total = 0;
  /** the filter scan behind `total`, while one runs or after it stopped */
  scan: ScanProgress | null = null;
  /** the main process refused the filter, in its words */
  problem: string | null = null;

  private sessionId: string | null = null;
  private filter: LogFilterSpec = {};
  private filterKey = '{}';
  private variant = '';
  private collapsed: number[] = [];
  private view = { first: 0, last: -1, follow: true };
  /** the end of the rows last read: the newest row read, while the log outruns its tail */
  private tailEnd = 0;
  /** the unfiltered log's row count from the latest summary: where its tail is before asking */
  private rowsHint = 0;
  /** the log grew (or a scan moved) since the last read */
  private stale = true;
  private running = false;
  private again = false;
  /** bumped when the session or filter changes: an answer for an older one is dropped */
  private generation = 0;
  private pollTimer: ReturnType<typeof setTimeout> | null = null;
  /** when the last read started, and the read waiting for GROWTH_MS to pass */
  private lastRound = -Infinity;
  private pacedTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly fetchRows: FetchRows,
    private readonly changed: () => void,
  ) {}

  rowAt(index: number): LogRow | undefined {
    return this.rows.get(index);
  }

  /**
   * How many rows the table lists. While it follows a log that grows faster
   * than rows come back (a tail asked for is already behind when it
   * arrives), it ends at the newest row read, so the end of the view never
   * shows blank rows still on their way.
   */
  get shown(): number {
    if (!this.view.follow || this.rows.has(this.total - 1) || !this.rows.has(this.tailEnd - 1)) return this.total;
    return Math.min(this.total, this.tailEnd);
  }

  /** What the rows are of: a log, its filter, how it is decoded, and (in the frame log) the fragment groups collapsed to their first frame. */
  setSource(sessionId: string | null, filter: LogFilterSpec, variant = '', collapsed: number[] = []): void {
    const key = JSON.stringify([filter, collapsed]);
    if (sessionId === this.sessionId && key === this.filterKey && variant === this.variant) return;
    this.sessionId = sessionId;
    this.filter = filter;
    this.filterKey = key;
    this.variant = variant;
    this.collapsed = collapsed;
    this.generation++;
    this.rows.clear();
    this.total = 0;
    this.tailEnd = 0;
    this.scan = null;
    this.problem = null;
    this.stale = true;
    this.changed();
    this.refresh();
  }

  /** The rows on screen, and whether the view follows the log's end. */
  setView(first: number, last: number, follow: boolean): void {
    const v = this.view;
    if (v.first === first && v.last === last && v.follow === follow) return;
    this.view = { first, last, follow };
    // while following, the growth of the log paces the reads: the window moving along with the tail asks for none
    if (!follow || !v.follow || last - first !== v.last - v.first) this.refresh();
  }

  /** The log changed (a summary came, with the unfiltered log's row count): read the rows again. */
  logChanged(rows: number): void {
    this.rowsHint = rows;
    this.stale = true;
    if (this.pacedTimer) return;
    const wait = this.lastRound + GROWTH_MS - performance.now();
    if (wait <= 0) this.refresh();
    else
      this.pacedTimer = setTimeout(() => {
        this.pacedTimer = null;
        this.refresh();
      }, wait);
  }

  /** Reads the count and the scan's state again (a scan was cancelled). */
  reread(): void {
    this.stale = true;
    this.refresh();
  }

  dispose(): void {
    this.generation++;
    this.sessionId = null;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    if (this.pacedTimer) clearTimeout(this.pacedTimer);
    this.pollTimer = this.pacedTimer = null;
  }

  private refresh(): void {
    if (!this.sessionId || this.problem) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    void this.run();
  }

  private async run(): Promise<void> {
    do {
      this.again = false;
      await this.round();
    } while (this.again && this.sessionId && !this.problem);
    this.running = false;
  }

  /** What to read: the tail when following, else the rows around the view that are missing; null when nothing is. */
  private wanted(): { from: number; count: number; tail?: boolean } | null {
    const { first, last, follow } = this.view;
    const seen = Math.max(1, last - first + 1);
    if (follow) {
      // the summary counts every row: with rows filtered out or collapsed away, only the last answer says where the end is
      const end = Math.max(this.total, !isFiltering(this.filter) && !this.collapsed.length ? this.rowsHint : 0);
      const count = Math.min(MAX_COUNT, seen + AROUND);
      return { from: Math.max(0, end - count), count, tail: true };
    }
    const lo = Math.max(0, first - AROUND);
    const hi = Math.min(Math.max(this.total, last + 1), last + AROUND + 1);
    let from = -1;
    let to = -1;
    for (let i = lo; i < hi; i++) {
      if (this.rows.has(i)) continue;
      if (from < 0) from = i;
      to = i;
    }
    if (from >= 0) return { from, count: Math.min(MAX_COUNT, to - from + 1) };
    // nothing missing on screen, but the count (and a scan's progress) may have moved
    return this.stale ? { from: Math.max(0, first), count: 1 } : null;
  }

  private async round(): Promise<void> {
    const want = this.wanted();
    if (!want || !this.sessionId) return;
    const gen = this.generation;
    this.stale = false;
    this.lastRound = performance.now();
    let out: Awaited<ReturnType<FetchRows>>;
    try {
      out = await this.fetchRows({ sessionId: this.sessionId, filter: this.filter, from: want.from, count: want.count, variant: this.variant, ...(this.collapsed.length ? { collapsed: this.collapsed } : {}) });
    } catch (e) {
      if (gen !== this.generation) return;
      // a refused filter is said once and not asked again until it changes; anything else (the session went) is simply not shown
      if (e instanceof CallError && e.code === 'INVALID_INPUT') {
        this.problem = e.message;
        this.changed();
      }
      return;
    }
    if (gen !== this.generation) return;
    out.rows.forEach((row, i) => this.rows.set(want.from + i, row));
    if (want.tail) this.tailEnd = want.from + out.rows.length;
    this.total = out.total;
    this.scan = out.scan ?? null;
    this.evict();
    this.pollWhileScanning();
    this.changed();
  }

  private evict(): void {
    if (this.rows.size <= 2 * KEEP + 2 * AROUND) return;
    const centre = this.view.follow ? this.total : this.view.first;
    for (const i of this.rows.keys()) if (Math.abs(i - centre) > KEEP) this.rows.delete(i);
  }

  /** A scan pushes its progress in summaries while its log is live; a finished log sends none, so its progress is read. */
  private pollWhileScanning(): void {
    if (this.pollTimer || !this.scan || this.scan.done || this.scan.cancelled) return;
    const gen = this.generation;
    this.pollTimer = setTimeout(() => {
      this.pollTimer = null;
      if (gen !== this.generation) return;
      this.stale = true;
      this.refresh();
    }, SCAN_POLL_MS);
  }
}
