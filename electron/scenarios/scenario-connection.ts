import { Connection, type ConnectOptions } from '../net/connection.js';
import type { EngineEvent } from '../protocol/events.js';
import type { Enrichment } from '../log/to-log-event.js';
import type { EventLog } from '../capture/event-log.js';
import { swapEngineEvent } from '../log/secret-mask.js';
import type { TextSwap } from '../log/text-swap.js';
import type { Received } from './matcher.js';

/**
 * Makes the connection a run drives, already connecting; `onEvent` must see
 * each of its events with its seq in the run's log. The command line makes
 * its own (ownConnection); the app opens a tab's session, whose log the tab
 * shows.
 */
export type OpenConnection = (options: ConnectOptions, onEvent: (e: EngineEvent, seq: number) => void) => Promise<Connection>;

/** The command line's: a connection of its own, its events counted, and written to the run's recording with --record. */
export function ownConnection(log: EventLog | null, mask: TextSwap | null = null): OpenConnection {
  const logged = (e: EngineEvent, extra?: Enrichment): number => {
    if (!mask) return log!.append(e, extra);
    // the recording shows the workspace's secrets as their markers; the steps see what came
    const shown = swapEngineEvent(mask, e, extra);
    return log!.append(shown.e, shown.extra);
  };
  return (options, onEvent) => {
    let seq = 0;
    const c = new Connection(options, (e, extra) => onEvent(e, log ? logged(e, extra) : seq++));
    c.connect();
    return Promise.resolve(c);
  };
}

/** Thrown by a wait once the run is cancelled: the step it was in fails with this message. */
export class RunCancelled extends Error {
  constructor() {
    super('the run was cancelled');
  }
}

/** How many received messages a failure report can show. */
const RECENT = 10;

export interface Handshake {
  status: number;
  headers: [string, string][];
  protocol: string;
  extensions: string;
}

export interface Closed {
  code: number | null;
  reason: string;
  initiator: 'client' | 'server' | 'none';
  wasClean: boolean;
}

/**
 * A scenario's connection as the steps see it: the data messages received
 * and not yet consumed by an expect, the pongs, the handshake, the close,
 * and the last messages for a failure report. Every event also goes to the
 * run's log when it is recorded. Waits wake on events, never on polling.
 */
export class ScenarioConnection {
  conn!: Connection;
  readonly queue: Received[] = [];
  readonly pongs: { seq: number; payload: Buffer }[] = [];
  readonly recent: Received[] = [];
  handshake: Handshake | null = null;
  closed: Closed | null = null;
  /** why the connection ended without opening, or broke */
  error: string | null = null;
  opened = false;
  cancelled = false;
  private waiters: (() => void)[] = [];

  private constructor() {}

  static async open(options: ConnectOptions, open: OpenConnection): Promise<ScenarioConnection> {
    const c = new ScenarioConnection();
    // events may come before open() returns: onEvent needs nothing that it sets
    c.conn = await open(options, (e, seq) => c.onEvent(e, seq));
    return c;
  }

  /** Ends the wait in progress, and every later one, with RunCancelled (unless it ignores cancelling: the final close). */
  cancel(): void {
    this.cancelled = true;
    this.wake();
  }

  /**
   * Resolves with what `test` finds, asked again after every event, or
   * undefined once `ms` have passed (a step's time limit: the one timer a
   * scenario needs). Throws RunCancelled once the run is cancelled.
   */
  async until<T>(test: () => T | undefined, ms: number, ignoreCancel = false): Promise<T | undefined> {
    const stop = () => {
      if (this.cancelled && !ignoreCancel) throw new RunCancelled();
    };
    stop();
    const found = test();
    if (found !== undefined) return found;
    let timer: NodeJS.Timeout | undefined;
    let timedOut = false;
    const deadline = new Promise<void>((r) => (timer = setTimeout(() => ((timedOut = true), r()), ms)));
    try {
      for (;;) {
        await Promise.race([new Promise<void>((r) => this.waiters.push(r)), deadline]);
        stop();
        const v = test();
        if (v !== undefined || timedOut) return v;
      }
    } finally {
      clearTimeout(timer);
    }
  }

  private onEvent(e: EngineEvent, seq: number): void {
    switch (e.type) {
      case 'handshake-response':
        this.handshake = { status: e.status, headers: e.headers, protocol: '', extensions: '' };
        break;
      case 'open':
        this.opened = true;
        if (this.handshake) Object.assign(this.handshake, { protocol: e.protocol, extensions: e.extensions });
        break;
      case 'message':
        if (e.dir === 'in') {
          const bytes = Buffer.from(e.data.buffer, e.data.byteOffset, e.data.length);
          const m: Received = { seq, opcode: e.opcode, bytes, text: e.opcode === 1 && !e.invalidUtf8 ? bytes.toString('utf8') : null };
          this.queue.push(m);
          this.recent.push(m);
          if (this.recent.length > RECENT) this.recent.shift();
        }
        break;
      case 'frame':
        if (e.dir === 'in' && e.opcode === 10) this.pongs.push({ seq, payload: Buffer.from(e.payload) });
        break;
      case 'error':
        if (e.fatal) this.error ??= `${e.code}: ${e.message}`;
        break;
      case 'close':
        this.closed = { code: e.code, reason: e.reason, initiator: e.initiator, wasClean: e.wasClean };
        break;
    }
    this.wake();
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

}
