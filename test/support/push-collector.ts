import { performance } from 'node:perf_hooks';
import { LogSummary, type PushEvents } from '../../shared/ipc/events.js';
import type { LogEvent } from '../../shared/log-events.js';

export interface RecordedSummary extends LogSummary {
  /** performance.now() when the push arrived */
  at: number;
}

/** How a collector reads a log: log.range of SessionService's handlers, or the same call over browser mode's socket. */
export type LogReader = (sessionId: string, from: number, count: number) => Promise<{ events: LogEvent[]; total: number }>;

/** A reader over handlers that serve log.range (SessionService's, or all of a window's). */
export function readerOf(handlers: { 'log.range': (a: { sessionId: string; from: number; count: number }) => unknown }): LogReader {
  return async (sessionId, from, count) => (await handlers['log.range']({ sessionId, from, count })) as { events: LogEvent[]; total: number };
}

/**
 * Records `log.summary` pushes (from SessionService directly or from browser
 * mode's socket) and, as each arrives, reads the log's new events through
 * log.range, as the renderer pulls its rows. Tests wait for an event to
 * arrive, never for time.
 */
export class PushCollector {
  readonly summaries: RecordedSummary[] = [];
  private readonly logs = new Map<string, LogEvent[]>();
  private waiters: (() => void)[] = [];

  constructor(private reader: LogReader | null = null) {}

  /** Where the log's events are read from, once the service exists. */
  readWith(reader: LogReader): this {
    this.reader = reader;
    return this;
  }

  /** Pass this as SessionService's push callback. */
  readonly push = <E extends keyof PushEvents>(name: E, payload: PushEvents[E]): void => {
    if (name !== 'log.summary') throw new Error(`unexpected push ${String(name)}`);
    this.record(payload as LogSummary);
  };

  /** Pass this as all the app's services' push callback: the log summaries are recorded, the workspace's and the lists' changes let go. */
  readonly pushFromAll = <E extends keyof PushEvents>(name: E, payload: PushEvents[E]): void => {
    if (name === 'log.summary') this.record(payload as LogSummary);
  };

  /** Every summary must be what the contract says it is: one that is not throws, and the test fails where it was pushed. */
  record(summary: LogSummary): void {
    LogSummary.parse(summary);
    this.summaries.push({ at: performance.now(), ...summary });
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** The summaries of one session, in the order pushed. */
  of(sessionId: string): RecordedSummary[] {
    return this.summaries.filter((s) => s.sessionId === sessionId);
  }

  /** Every event of the session read so far (previews, as log.range gives them). */
  events(sessionId: string): LogEvent[] {
    return this.logs.get(sessionId) ?? [];
  }

  /** Resolves with the first event of the session that matches. */
  async waitFor(sessionId: string, match: (e: LogEvent) => boolean): Promise<LogEvent> {
    for (;;) {
      const next = new Promise<void>((r) => this.waiters.push(r));
      await this.catchUp(sessionId);
      const found = this.events(sessionId).find(match);
      if (found) return found;
      await next;
    }
  }

  /** Resolves once `count` events of the session match. */
  async waitForCount(sessionId: string, match: (e: LogEvent) => boolean, count: number): Promise<void> {
    for (;;) {
      const next = new Promise<void>((r) => this.waiters.push(r));
      await this.catchUp(sessionId);
      if (this.events(sessionId).filter(match).length >= count) return;
      await next;
    }
  }

  /** Reads the session's events up to the newest summary's total. */
  private async catchUp(sessionId: string): Promise<void> {
    const latest = this.of(sessionId).at(-1);
    if (!latest) return;
    if (!this.reader) throw new Error('PushCollector: readWith() was not called, so the log cannot be read');
    const log = this.logs.get(sessionId) ?? [];
    this.logs.set(sessionId, log);
    while (log.length < latest.total) {
      const page = await this.reader(sessionId, log.length, 5000);
      // another catch-up may have read the same page meanwhile
      for (const e of page.events) if (e.seq === log.length) log.push(e);
      if (!page.events.length) break;
    }
  }
}
