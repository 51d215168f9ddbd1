import { performance } from 'node:perf_hooks';
import type { PushEvents } from '../../shared/ipc/events.js';
import type { LogEvent } from '../../shared/log-events.js';

export interface RecordedPush {
  /** performance.now() when the push arrived */
  at: number;
  sessionId: string;
  events: LogEvent[];
  total: number;
}

/**
 * Records `log.batch` pushes (from SessionService directly or from browser
 * mode's socket) and lets a test wait for an event to arrive, never for time.
 */
export class PushCollector {
  readonly pushes: RecordedPush[] = [];
  private waiters: (() => void)[] = [];

  /** Pass this as SessionService's push callback. */
  readonly push = <E extends keyof PushEvents>(name: E, payload: PushEvents[E]): void => {
    if (name !== 'log.batch') throw new Error(`unexpected push ${String(name)}`);
    this.record(payload as PushEvents['log.batch']);
  };

  record(payload: PushEvents['log.batch']): void {
    this.pushes.push({ at: performance.now(), ...payload });
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** Every pushed event of one session, in the order pushed. */
  events(sessionId: string): LogEvent[] {
    return this.pushes.filter((p) => p.sessionId === sessionId).flatMap((p) => p.events);
  }

  /** Resolves with the first pushed event of the session that matches. */
  async waitFor(sessionId: string, match: (e: LogEvent) => boolean): Promise<LogEvent> {
    for (;;) {
      const found = this.events(sessionId).find(match);
      if (found) return found;
      await new Promise<void>((r) => this.waiters.push(r));
    }
  }

  /** Resolves once `count` pushed events of the session match. */
  async waitForCount(sessionId: string, match: (e: LogEvent) => boolean, count: number): Promise<void> {
    for (;;) {
      if (this.events(sessionId).filter(match).length >= count) return;
      await new Promise<void>((r) => this.waiters.push(r));
    }
  }
}
