import type { LogEvent } from '../../shared/log-events.js';
import { MAX_NOTABLE, MAX_RTTS, type CaptureStatus, type LogSummary, type NotableLogEvent, type ScanProgress } from '../../shared/ipc/events.js';
import { NotableHistory } from './notable-history.js';

const NOTABLE = new Set<string>(['handshake-request', 'handshake-response', 'open', 'state', 'close', 'error', 'reconnect']);

export function isNotable(e: LogEvent): e is NotableLogEvent {
  return NOTABLE.has(e.type);
}

/**
 * What a log's summary push carries, kept up as events arrive: totals, and
 * the notable events and round trips not yet delivered. Bounded whatever
 * the rate, and cumulative, so a summary that cannot be delivered now is
 * simply delivered later with more in it.
 */
export class SummaryBuilder {
  private readonly frames = { in: 0, out: 0 };
  private readonly messages = { in: 0, out: 0 };
  private readonly bytes = { in: 0, out: 0 };
  private notable: NotableLogEvent[] = [];
  private skipped = 0;
  private rtts: LogSummary['rtts'] = [];
  /** for a window that comes back to this log: what it would have been told, bounded */
  private readonly history = new NotableHistory();
  /** something changed since the last summary taken */
  changed = false;

  frame(dir: 'in' | 'out', length: number): void {
    this.frames[dir]++;
    this.bytes[dir] += length;
    this.changed = true;
  }

  message(dir: 'in' | 'out'): void {
    this.messages[dir]++;
    this.changed = true;
  }

  rtt(seq: number, t: number, rttMs: number): void {
    this.rtts.push({ seq, t, rttMs });
    this.history.rtt({ seq, t, rttMs });
    if (this.rtts.length > MAX_RTTS) this.rtts.shift();
    this.changed = true;
  }

  note(e: NotableLogEvent): void {
    this.notable.push(e);
    this.history.note(e);
    if (this.notable.length > MAX_NOTABLE) {
      this.notable.shift();
      this.skipped++;
    }
    this.changed = true;
  }

  /**
   * The summary a window coming back to this log starts from: the totals,
   * with the notable events and round trips kept so far (not just those not
   * yet delivered). Nothing is handed over: summaries go on as before.
   */
  snapshot(o: SummaryFacts): LogSummary {
    return { ...o, frames: { ...this.frames }, messages: { ...this.messages }, bytes: { ...this.bytes }, notable: this.history.events(), skippedNotable: 0, rtts: this.history.roundTrips() };
  }

  /** The summary as of now; notable events and round trips are handed over once. */
  take(o: SummaryFacts): LogSummary {
    const s: LogSummary = {
      ...o,
      frames: { ...this.frames },
      messages: { ...this.messages },
      bytes: { ...this.bytes },
      notable: this.notable,
      skippedNotable: this.skipped,
      rtts: this.rtts,
    };
    this.notable = [];
    this.skipped = 0;
    this.rtts = [];
    this.changed = false;
    return s;
  }
}

/** What the session knows of its log, for a summary. */
export interface SummaryFacts {
  sessionId: string;
  total: number;
  rows: number;
  messageRows: number;
  logBytes: number;
  capture: CaptureStatus;
  scan?: ScanProgress;
}
