import { WebSocketClient, CommandError, type ClientOptions } from '../protocol/client.js';
import type { FrameSpec } from '../protocol/frame.js';
import type { Header } from '../protocol/handshake.js';
import type { EngineEvent } from '../protocol/events.js';
import { toLogEvent, type Enrichment } from '../log/to-log-event.js';
import type { CloseEvent } from '../protocol/events.js';
import type { LogEvent } from '../../shared/log-events.js';
import { openTransport, TransportError, type Transport } from './transport.js';
import { describeSocketError } from './net-errors.js';
import { pooledRandom, preciseClock } from './random.js';
import { resolveRedirect } from './redirect.js';

export const DEFAULT_CONNECT_TIMEOUT = 10_000;
export const DEFAULT_CLOSE_TIMEOUT = 5_000;
/** How long the send queue may stay above the high-water mark before the connection fails. */
export const DEFAULT_SEND_TIMEOUT = 30_000;
/** Above this many queued bytes the caller should wait for onDrain. */
export const HIGH_WATER_MARK = 1024 * 1024;
/** Sends are refused above this many queued bytes, so a stalled peer cannot make the queue grow without bound. */
export const MAX_QUEUED_BYTES = 64 * 1024 * 1024;

/** What the engine is given from the settings: the connection adds the URL as parsed, its clock and randomness, and whether it continues after a redirect. */
type EngineOptions = Omit<ClientOptions, 'url' | 'clock' | 'random' | 'continued'>;

/** A connection's options: the engine's, and those of its transport and timers. */
export interface ConnectOptions extends EngineOptions {
  url: string;
  insecure?: boolean;
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  /** explicit proxy URL; undefined follows the environment, '' means none */
  proxy?: string;
  connectTimeout?: number;
  closeTimeout?: number;
  /** ping every this many ms once open */
  pingInterval?: number;
  /** a heartbeat ping unanswered this long fails the connection; default the interval */
  pongTimeout?: number;
  /** a send queue that stays above the high-water mark this long fails the connection (WS_ERR_SEND_TIMEOUT) */
  sendTimeout?: number;
}

/** What a connection reports: each engine event as it happens, with the socket details the `open` event gets here. */
export type ConnectionListener = (e: EngineEvent, extra?: Enrichment) => void;

/** A listener that hands on events in the log format, numbered from 0 (for callers that want objects, not speed). */
export function asLogEvents(onEvent: (e: LogEvent) => void): ConnectionListener {
  let seq = 0;
  return (e, extra) => onEvent(toLogEvent(e, seq++, extra));
}

export const MAX_REDIRECTS = 5;

/** One try at the upgrade: its engine, and the transport it runs on once that is open. A followed redirect makes the next. */
class Attempt {
  transport: Transport | null = null;
  /** abandons the transport while it is still being opened */
  readonly abort = new AbortController();
  readonly engine: WebSocketClient;

  constructor(options: ClientOptions, onEvent: (e: EngineEvent) => void) {
    this.engine = new WebSocketClient(options, {
      event: onEvent,
      write: (chunks) => {
        const socket = this.transport?.socket;
        if (socket && !socket.destroyed) for (const c of chunks) socket.write(c);
      },
    });
  }

  /** Does with the transport what the engine wants done, once what it wrote is out. */
  applyTransportWish(): void {
    const socket = this.transport?.socket;
    const wish = this.engine.transport;
    if (wish === 'destroy') {
      if (socket) socket.destroy();
      else this.abort.abort();
    } else if (wish === 'end' && socket && !socket.writableEnded) {
      socket.end();
    }
  }
}

/**
 * One WebSocket connection: the engine on a real socket, with the timers the
 * pure engine leaves to its host, redirects and backpressure both ways:
 * reading pauses while whoever logs the events is behind, and a send queue
 * the server does not take fails the connection after `sendTimeout`. Every
 * engine event goes to `onEvent` as it is; numbering and serializing are
 * the listener's.
 *
 * Each input to the engine (a socket's bytes or end, a timer, a command) is
 * followed by hand(): the events the engine put in `pending` go to the
 * listener only then, after the input has returned, so a listener's
 * command is never an input inside another.
 */
export class Connection {
  private current!: Attempt;
  /**
   * The engine's events not yet handed to the listener: the first
   * `pendingCount` slots. Emptied by a count, not by `length = 0`, which
   * V8 does in its runtime and which drops the array's room, once per frame.
   */
  private readonly pending: (EngineEvent | null)[] = [];
  private pendingCount = 0;
  /** hand() is running; an input given meanwhile (a listener's command) is handed on by that same loop */
  private handing = false;
  private readingPaused = false;
  private sendTimer?: NodeJS.Timeout;
  private url: URL;
  private headers: Header[];
  private redirects = 0;
  private readonly random = pooledRandom();
  private readonly clock = preciseClock();
  private connectTimer?: NodeJS.Timeout;
  private closeTimer?: NodeJS.Timeout;
  private heartbeat?: NodeJS.Timeout;
  private heartbeatCount = 0;
  private heartbeatSettings: { interval?: number; timeout?: number };
  private closed = false;
  private drainWaiters: (() => void)[] = [];
  private resolveDone!: (e: CloseEvent) => void;
  /** settles with the connection's close event */
  readonly done: Promise<CloseEvent>;

  constructor(
    private readonly o: ConnectOptions,
    private readonly onEvent: ConnectionListener,
  ) {
    this.url = new URL(o.url);
    this.headers = o.headers ?? [];
    this.heartbeatSettings = { interval: o.pingInterval, timeout: o.pongTimeout };
    this.done = new Promise((r) => (this.resolveDone = r));
  }

  /** Opens the connection; the outcome arrives as events. */
  connect(): void {
    const ms = this.o.connectTimeout ?? DEFAULT_CONNECT_TIMEOUT;
    this.connectTimer = setTimeout(() => {
      this.engine.connectTimedOut(ms);
      this.hand();
    }, ms);
    this.attempt(false);
  }

  get state() {
    return this.engine.state;
  }

  /** Bytes queued on the socket but not yet handed to the OS. */
  get bufferedAmount(): number {
    const s = this.current?.transport?.socket as { writableLength?: number } | undefined;
    return s?.writableLength ?? 0;
  }

  /** Resolves once the send queue is below the high-water mark (or the connection ended). */
  whenWritable(): Promise<void> {
    if (this.bufferedAmount < HIGH_WATER_MARK || this.closed) return Promise.resolve();
    return new Promise((r) => this.drainWaiters.push(r));
  }

  sendText(text: string, fragments?: number): void {
    this.checkQueue();
    this.engine.sendText(text, fragments);
    this.sent();
  }

  sendBinary(data: Uint8Array, fragments?: number): void {
    this.checkQueue();
    this.engine.sendBinary(data, fragments);
    this.sent();
  }

  /** Stops (true) or resumes (false) reading from the socket, so whoever logs the events can catch up; TCP then slows the server. */
  pauseReading(paused: boolean): void {
    this.readingPaused = paused;
    const socket = this.current.transport?.socket;
    // frames of a chunk already read wait in the engine too: one chunk can hold several large messages
    if (paused) {
      this.engine.pauseParsing();
      socket?.pause();
    } else {
      socket?.resume();
      this.engine.resumeParsing();
      this.hand();
    }
  }

  ping(payload?: Uint8Array): number {
    const id = this.engine.ping(payload);
    this.hand();
    return id;
  }

  pong(payload?: Uint8Array): void {
    this.engine.pong(payload);
    this.hand();
  }

  close(code?: number | null, reason?: string): void {
    this.engine.close(code, reason);
    this.hand();
  }

  sendFrame(spec: FrameSpec): void {
    this.checkQueue();
    this.engine.sendFrame(spec);
    this.sent();
  }

  sendRaw(bytes: Uint8Array): void {
    this.checkQueue();
    this.engine.sendRaw(bytes);
    this.sent();
  }

  /** Drops the connection at once, without a closing handshake. */
  destroy(): void {
    this.engine.transportError('WS_ERR_ABORTED', 'the connection was dropped without a closing handshake');
    this.hand();
  }

  setAutoPong(enabled: boolean): void {
    this.engine.setAutoPong(enabled);
  }

  setAnswerClose(enabled: boolean): void {
    this.engine.setAnswerClose(enabled);
  }

  /** Changes the heartbeat; null stops it. Takes effect at once when open. */
  setHeartbeat(intervalMs: number | null, pongTimeoutMs?: number): void {
    this.heartbeatSettings = { interval: intervalMs ?? undefined, timeout: pongTimeoutMs };
    clearInterval(this.heartbeat);
    if (this.engine.state === 'open') this.startHeartbeat();
  }

  private get engine(): WebSocketClient {
    return this.current.engine;
  }

  /** After a send: hands on its output, and watches the queue it may have grown. */
  private sent(): void {
    this.hand();
    this.watchQueue();
  }

  /** A queue above the high-water mark starts the send timeout; draining below it (flushDrainWaiters) stops it. */
  private watchQueue(): void {
    if (this.sendTimer || this.bufferedAmount < HIGH_WATER_MARK || this.closed) return;
    const ms = this.o.sendTimeout ?? DEFAULT_SEND_TIMEOUT;
    this.sendTimer = setTimeout(() => {
      this.sendTimer = undefined;
      if (this.closed || this.bufferedAmount < HIGH_WATER_MARK) return;
      this.engine.failWith('WS_ERR_SEND_TIMEOUT', 1011, `the server took none of the last ${this.bufferedAmount} queued bytes for ${ms} ms`);
      this.hand();
      // it is not reading, so the close frame would wait behind the same queue
      this.current.transport?.socket.destroy();
    }, ms);
  }

  private checkQueue(): void {
    if (this.bufferedAmount > MAX_QUEUED_BYTES) {
      throw new CommandError(`the send queue holds ${this.bufferedAmount} bytes the server has not taken; wait before sending more`);
    }
  }

  private attempt(continued: boolean): void {
    const attempt = new Attempt(
      // the engine reads its own options; a redirect has changed the URL and headers
      { ...this.o, url: this.url, headers: this.headers, continued, clock: this.clock, random: this.random },
      (e) => {
        this.pending[this.pendingCount++] = e;
      },
    );
    const engine = attempt.engine;
    this.current = attempt;
    this.hand();
    openTransport({
      url: this.url,
      insecure: this.o.insecure,
      ca: this.o.ca,
      cert: this.o.cert,
      key: this.o.key,
      proxy: this.o.proxy,
      signal: attempt.abort.signal,
    }).then(
      (t) => {
        if (this.current !== attempt || engine.state === 'closed') {
          t.socket.destroy();
          return;
        }
        attempt.transport = t;
        const socket = t.socket;
        socket.on('data', (chunk: Buffer) => {
          engine.receiveData(chunk);
          this.handFor(attempt);
        });
        if (this.readingPaused) socket.pause();
        const ended = () => {
          engine.receiveEof();
          this.handFor(attempt);
        };
        socket.on('end', ended);
        socket.on('close', ended);
        socket.on('drain', () => this.flushDrainWaiters());
        socket.on('error', (err: NodeJS.ErrnoException) => this.transportFailed(attempt, describeSocketError(err, this.url.host)));
        engine.start();
        this.hand();
      },
      (err: unknown) => this.transportFailed(attempt, err instanceof TransportError ? err : new TransportError('WS_ERR_SOCKET', String((err as Error)?.message ?? err))),
    );
  }

  private transportFailed(attempt: Attempt, e: TransportError): void {
    attempt.engine.transportError(e.code, e.message);
    this.handFor(attempt);
  }

  /** Hands on an attempt's output, unless a redirect has replaced it: its engine has finished, and its socket is gone. */
  private handFor(attempt: Attempt): void {
    if (attempt === this.current) this.hand();
  }

  /**
   * Hands on what came of the engine's last input: its events to the
   * listener, then each frame received so far, decoded one by one while the
   * listener keeps up (pauseReading), then what the engine wants done with
   * the transport, and a redirect to follow or refuse. A listener may give
   * the engine an input meanwhile (a command, pauseReading): this same loop
   * hands on what came of it, in order.
   */
  private hand(): void {
    if (this.handing) return;
    this.handing = true;
    try {
      for (;;) {
        const attempt = this.current;
        // decodeFrame says false only when it has added nothing to hand on
        do this.deliver();
        while (attempt.engine.decodeFrame());
        attempt.applyTransportWish();
        const location = attempt.engine.redirect;
        if (location === null) return;
        this.redirect(attempt, location);
      }
    } finally {
      this.handing = false;
    }
  }

  private deliver(): void {
    const pending = this.pending;
    // a listener's command adds to `pending` while this runs: the loop takes those too
    for (let i = 0; i < this.pendingCount; i++) {
      const e = pending[i]!;
      // the slot lets go of the event's payload, and the socket chunk it is a view of
      pending[i] = null;
      this.onEngineEvent(e);
    }
    this.pendingCount = 0;
  }

  /** A 3xx answer: followed by a fresh engine that continues the same log (a new request, the same seq counter), or refused, saying why. */
  private redirect(attempt: Attempt, location: string): void {
    const next = this.redirects >= MAX_REDIRECTS ? `more than ${MAX_REDIRECTS} redirects` : resolveRedirect(this.url, location, this.headers);
    if (typeof next === 'string') {
      attempt.engine.refuseRedirect(next);
      return;
    }
    attempt.engine.followRedirect();
    this.deliver();
    attempt.applyTransportWish();
    this.redirects++;
    this.url = next.url;
    this.headers = next.headers;
    this.attempt(true);
  }

  private onEngineEvent(e: EngineEvent): void {
    let extra: Enrichment | undefined;
    if (e.type === 'open') {
      clearTimeout(this.connectTimer);
      const t = this.current.transport;
      extra = {
        ...(t?.remoteAddress ? { remoteAddress: t.remoteAddress, remotePort: t.remotePort } : {}),
        ...(t?.proxy ? { proxy: t.proxy } : {}),
        ...(t?.tls ? { tls: t.tls } : {}),
      };
    }
    this.onEvent(e, extra);
    if (e.type === 'state') this.onState(e.state);
    if (e.type === 'close') {
      this.closed = true;
      this.stopTimers();
      this.flushDrainWaiters();
      this.resolveDone(e);
    }
  }

  private onState(state: string): void {
    if (state === 'open') this.startHeartbeat();
    if (state === 'closing') {
      clearInterval(this.heartbeat);
      const ms = this.o.closeTimeout ?? DEFAULT_CLOSE_TIMEOUT;
      this.closeTimer = setTimeout(() => {
        this.engine.closeTimedOut(ms);
        this.hand();
      }, ms);
    }
  }

  private startHeartbeat(): void {
    const every = this.heartbeatSettings.interval;
    if (!every) return;
    const timeout = this.heartbeatSettings.timeout ?? every;
    this.heartbeat = setInterval(() => {
      if (this.engine.state !== 'open') return;
      const payload = Buffer.from(`framescope-${++this.heartbeatCount}`);
      const id = this.ping(payload);
      const check = setTimeout(() => {
        if (this.engine.state === 'open' && !this.engine.pingAnswered(id)) {
          this.engine.failWith('WS_ERR_PONG_TIMEOUT', 1011, `no pong within ${timeout} ms of ping "${payload.toString('utf8')}"`);
          this.hand();
        }
      }, timeout);
      check.unref();
    }, every);
  }

  private stopTimers(): void {
    clearTimeout(this.connectTimer);
    clearTimeout(this.closeTimer);
    clearInterval(this.heartbeat);
    clearTimeout(this.sendTimer);
  }

  private flushDrainWaiters(): void {
    if (this.bufferedAmount >= HIGH_WATER_MARK && !this.closed) return;
    clearTimeout(this.sendTimer);
    this.sendTimer = undefined;
    const w = this.drainWaiters;
    this.drainWaiters = [];
    for (const r of w) r();
  }
}
