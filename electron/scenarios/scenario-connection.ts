import { Connection, type ConnectOptions } from '../net/connection.js';
import type { EngineEvent } from '../protocol/events.js';
import type { Enrichment } from '../log/to-log-event.js';
import type { EventLog } from '../capture/event-log.js';
import type { Received } from './matcher.js';

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
  readonly conn: Connection;
  readonly queue: Received[] = [];
  readonly pongs: { seq: number; payload: Buffer }[] = [];
  readonly recent: Received[] = [];
  handshake: Handshake | null = null;
  closed: Closed | null = null;
  /** why the connection ended without opening, or broke */
  error: string | null = null;
  opened = false;
  private seq = 0;
  private waiters: (() => void)[] = [];

  constructor(options: ConnectOptions, private readonly log: EventLog | null) {
    this.conn = new Connection(options, (e, extra) => this.onEvent(e, extra));
  }

  connect(): void {
    this.conn.connect();
  }

  /**
   * Resolves with what `test` finds, asked again after every event, or
   * undefined once `ms` have passed (a step's time limit: the one timer a
   * scenario needs).
   */
  async until<T>(test: () => T | undefined, ms: number): Promise<T | undefined> {
    const found = test();
    if (found !== undefined) return found;
    let timer: NodeJS.Timeout | undefined;
    let timedOut = false;
    const deadline = new Promise<void>((r) => (timer = setTimeout(() => ((timedOut = true), r()), ms)));
    try {
      for (;;) {
        await Promise.race([new Promise<void>((r) => this.waiters.push(r)), deadline]);
        const v = test();
        if (v !== undefined || timedOut) return v;
      }
    } finally {
      clearTimeout(timer);
    }
  }

  private onEvent(e: EngineEvent, extra?: Enrichment): void {
    const seq = this.log ? this.log.append(e, extra) : this.seq;
    this.seq++;
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
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }
}
