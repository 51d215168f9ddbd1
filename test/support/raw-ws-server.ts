/**
 * Test peers of our own, on real sockets:
 *
 * - RawWsServer: a node:net server that does the WebSocket handshake by hand
 *   (or answers whatever the test says), then lets the test write exact bytes
 *   and read back, decoded, the frames the client sends.
 * - Recorder: a `Connection` whose log events are kept, with promises that
 *   wait on them (no sleeps), and a check of the event-order rules of
 *   contracts section 1.
 */
import net from 'node:net';
import { createHash } from 'node:crypto';
import { asLogEvents, Connection, type ConnectOptions } from '../../electron/net/connection.js';
import type { CloseLogEvent, LogEvent } from '../../shared/log-events.js';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** Sec-WebSocket-Accept computed here, independently of the code under test. */
export function acceptKey(key: string): string {
  return createHash('sha1').update(key + GUID).digest('base64');
}

// ---------------------------------------------------------------- frames

export interface ServerFrame {
  opcode: number;
  payload?: Uint8Array | string;
  fin?: boolean;
  rsv1?: boolean;
  rsv2?: boolean;
  rsv3?: boolean;
  /** a mask key: the frame goes out masked (servers must not do that) */
  maskKey?: Uint8Array;
  /** the length written in the header, when it must differ from the payload's */
  claimedLength?: bigint;
  /** force the 16-bit or 64-bit length form */
  lengthForm?: 7 | 16 | 64;
}

/** Encodes exactly the frame described, valid or not. */
export function encodeFrame(f: ServerFrame): Buffer {
  const payload = typeof f.payload === 'string' ? Buffer.from(f.payload, 'utf8') : Buffer.from(f.payload ?? []);
  const len = f.claimedLength ?? BigInt(payload.length);
  const b0 = ((f.fin ?? true) ? 0x80 : 0) | (f.rsv1 ? 0x40 : 0) | (f.rsv2 ? 0x20 : 0) | (f.rsv3 ? 0x10 : 0) | (f.opcode & 0x0f);
  const maskBit = f.maskKey ? 0x80 : 0;
  const form = f.lengthForm ?? (len < 126n ? 7 : len < 65536n ? 16 : 64);
  let head: Buffer;
  if (form === 7) head = Buffer.from([b0, maskBit | Number(len)]);
  else if (form === 16) {
    head = Buffer.alloc(4);
    head[0] = b0;
    head[1] = maskBit | 126;
    head.writeUInt16BE(Number(len), 2);
  } else {
    head = Buffer.alloc(10);
    head[0] = b0;
    head[1] = maskBit | 127;
    head.writeBigUInt64BE(len, 2);
  }
  if (!f.maskKey) return Buffer.concat([head, payload]);
  const masked = Buffer.from(payload.map((b, i) => b ^ f.maskKey![i % 4]));
  return Buffer.concat([head, Buffer.from(f.maskKey), masked]);
}

export function closePayload(code: number, reason = ''): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(code, 0);
  return Buffer.concat([b, Buffer.from(reason, 'utf8')]);
}

/** A frame the client sent, decoded here (not by the code under test). */
export interface ClientFrame {
  fin: boolean;
  rsv1: boolean;
  rsv2: boolean;
  rsv3: boolean;
  opcode: number;
  masked: boolean;
  maskKey: Buffer | null;
  length: number;
  /** unmasked */
  payload: Buffer;
}

/** Decodes one frame from the start of buf; null when incomplete. */
export function decodeFrame(buf: Buffer): { frame: ClientFrame; size: number } | null {
  if (buf.length < 2) return null;
  const b0 = buf[0];
  const b1 = buf[1];
  let len = b1 & 0x7f;
  let at = 2;
  if (len === 126) {
    if (buf.length < 4) return null;
    len = buf.readUInt16BE(2);
    at = 4;
  } else if (len === 127) {
    if (buf.length < 10) return null;
    len = Number(buf.readBigUInt64BE(2));
    at = 10;
  }
  const masked = (b1 & 0x80) !== 0;
  let maskKey: Buffer | null = null;
  if (masked) {
    if (buf.length < at + 4) return null;
    maskKey = Buffer.from(buf.subarray(at, at + 4));
    at += 4;
  }
  if (buf.length < at + len) return null;
  const raw = buf.subarray(at, at + len);
  const payload = maskKey ? Buffer.from(raw.map((b, i) => b ^ maskKey[i % 4])) : Buffer.from(raw);
  return {
    frame: {
      fin: (b0 & 0x80) !== 0,
      rsv1: (b0 & 0x40) !== 0,
      rsv2: (b0 & 0x20) !== 0,
      rsv3: (b0 & 0x10) !== 0,
      opcode: b0 & 0x0f,
      masked,
      maskKey,
      length: len,
      payload,
    },
    size: at + len,
  };
}

/** The promise's outcome, or a rejection naming `what` after `ms`: a failing test fails fast and says why. */
export function within<T>(promise: Promise<T>, what: string, ms = 10_000): Promise<T> {
  let timer!: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// ---------------------------------------------------------------- raw server

export interface UpgradeRequest {
  /** the request head exactly as received, up to and including the blank line */
  raw: string;
  requestLine: string;
  headers: [string, string][];
  key: string;
}

/**
 * What to answer the upgrade with: the whole response head (and maybe a
 * body), as bytes or text. The socket is there for a responder that also
 * ends the connection.
 */
export type Responder = (req: UpgradeRequest, socket: net.Socket) => string | Buffer;

export function switchingProtocols(req: UpgradeRequest, extraHeaders: string[] = []): string {
  return [
    'HTTP/1.1 101 Switching Protocols',
    'Upgrade: websocket',
    'Connection: Upgrade',
    `Sec-WebSocket-Accept: ${acceptKey(req.key)}`,
    ...extraHeaders,
    '',
    '',
  ].join('\r\n');
}

/** One client connection on the raw server. */
export class RawPeer {
  request!: UpgradeRequest;
  /** bytes received after the request head */
  received = Buffer.alloc(0);
  /** frames consumed by nextFrame() */
  private readAt = 0;
  private ended = false;
  private waiters: (() => void)[] = [];
  /** settles when the client's side of the TCP connection has ended or the socket closed */
  readonly endedPromise: Promise<void>;
  private head = Buffer.alloc(0);
  private resolveRequest!: () => void;
  readonly requestPromise: Promise<void>;

  constructor(
    readonly socket: net.Socket,
    private readonly respond: Responder,
  ) {
    this.requestPromise = new Promise((r) => (this.resolveRequest = r));
    let endResolve!: () => void;
    this.endedPromise = new Promise((r) => (endResolve = r));
    socket.on('data', (chunk) => this.onData(chunk));
    const onEnd = () => {
      this.ended = true;
      endResolve();
      this.wake();
    };
    socket.on('end', onEnd);
    socket.on('close', onEnd);
    socket.on('error', () => undefined);
  }

  private onData(chunk: Buffer): void {
    if (!this.request) {
      this.head = Buffer.concat([this.head, chunk]);
      const end = this.head.indexOf('\r\n\r\n');
      if (end === -1) return;
      const raw = this.head.subarray(0, end + 4).toString('latin1');
      const lines = raw.slice(0, -4).split('\r\n');
      const headers = lines.slice(1).map((l): [string, string] => {
        const i = l.indexOf(':');
        return [l.slice(0, i), l.slice(i + 1).trim()];
      });
      const key = headers.find(([n]) => n.toLowerCase() === 'sec-websocket-key')?.[1] ?? '';
      this.request = { raw, requestLine: lines[0], headers, key };
      this.received = Buffer.from(this.head.subarray(end + 4));
      this.resolveRequest();
      const answer = this.respond(this.request, this.socket);
      if (!this.socket.destroyed && !this.socket.writableEnded) this.socket.write(answer);
      this.wake();
      return;
    }
    this.received = Buffer.concat([this.received, chunk]);
    this.wake();
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  private changed(): Promise<void> {
    return new Promise((r) => this.waiters.push(r));
  }

  /** Bytes received that nextFrame() has not consumed yet. */
  get unread(): Buffer {
    return this.received.subarray(this.readAt);
  }

  get clientEnded(): boolean {
    return this.ended;
  }

  send(bytes: Uint8Array | string): void {
    this.socket.write(bytes);
  }

  sendFrame(f: ServerFrame): void {
    this.socket.write(encodeFrame(f));
  }

  /** The next frame the client sent; rejects if the connection ends first or none comes in time. */
  nextFrame(ms = 10_000): Promise<ClientFrame> {
    return within(this.readFrame(), 'a frame from the client', ms);
  }

  private async readFrame(): Promise<ClientFrame> {
    for (;;) {
      const d = decodeFrame(this.received.subarray(this.readAt));
      if (d) {
        this.readAt += d.size;
        return d.frame;
      }
      if (this.ended) throw new Error(`the client ended the connection; bytes left over: ${this.received.subarray(this.readAt).toString('hex') || 'none'}`);
      await this.changed();
    }
  }

  /** Reads frames until the client's close frame; returns it with its decoded code and reason, and the frames before it. */
  async nextClose(): Promise<{ frame: ClientFrame; code: number | null; reason: string; before: ClientFrame[] }> {
    const before: ClientFrame[] = [];
    for (;;) {
      const frame = await this.nextFrame();
      if (frame.opcode !== 0x8) {
        before.push(frame);
        continue;
      }
      const code = frame.payload.length >= 2 ? frame.payload.readUInt16BE(0) : null;
      return { frame, code, reason: frame.payload.subarray(2).toString('utf8'), before };
    }
  }

  /** Waits for the client to end the TCP connection. */
  waitEnd(ms = 10_000): Promise<void> {
    return within(this.endedPromise, 'the client to end the TCP connection', ms);
  }
}

export class RawWsServer {
  private peers: RawPeer[] = [];
  private peerWaiters: ((p: RawPeer) => void)[] = [];
  private readonly sockets = new Set<net.Socket>();

  private constructor(
    private readonly server: net.Server,
    readonly port: number,
  ) {}

  /**
   * Listens on 127.0.0.1, a free port; `respond` answers each upgrade
   * (default: a correct 101). With allowHalfOpen the server's side stays
   * open after the client ends its own, until the test ends it.
   */
  static async start(respond: Responder = (req) => switchingProtocols(req), { allowHalfOpen = false } = {}): Promise<RawWsServer> {
    // eslint-disable-next-line prefer-const -- the connection handler reads it, after construction
    let self!: RawWsServer;
    const server = net.createServer({ allowHalfOpen }, (socket) => {
      self.sockets.add(socket);
      socket.on('close', () => self.sockets.delete(socket));
      const peer = new RawPeer(socket, respond);
      const w = self.peerWaiters.shift();
      if (w) w(peer);
      else self.peers.push(peer);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    self = new RawWsServer(server, (server.address() as net.AddressInfo).port);
    return self;
  }

  url(path = '/'): string {
    return `ws://127.0.0.1:${this.port}${path}`;
  }

  /** The next client connection, once its upgrade request has arrived (and been answered). */
  async nextPeer(): Promise<RawPeer> {
    const p = this.peers.shift() ?? (await within(new Promise<RawPeer>((r) => this.peerWaiters.push(r)), 'a connection at the raw server'));
    await within(p.requestPromise, 'the upgrade request');
    return p;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}

// ---------------------------------------------------------------- recorder

type EventOf<T extends LogEvent['type']> = Extract<LogEvent, { type: T }>;

/** A Connection whose events are kept and can be waited on. */
export class Recorder {
  readonly events: LogEvent[] = [];
  readonly conn: Connection;
  private waiters: (() => void)[] = [];

  constructor(options: ConnectOptions) {
    // proxy: '' keeps the machine's proxy variables out of loopback tests.
    this.conn = new Connection({ proxy: '', ...options }, asLogEvents((e) => {
      this.events.push(e);
      const w = this.waiters;
      this.waiters = [];
      for (const f of w) f();
    }));
  }

  static connect(options: ConnectOptions): Recorder {
    const r = new Recorder(options);
    r.conn.connect();
    return r;
  }

  of<T extends LogEvent['type']>(type: T): EventOf<T>[] {
    return this.events.filter((e): e is EventOf<T> => e.type === type);
  }

  /** The first event (from index `from`) of this type that matches; waits for it. */
  async waitFor<T extends LogEvent['type']>(
    type: T,
    match: (e: EventOf<T>) => boolean = () => true,
    { from = 0, timeoutMs = 10_000 }: { from?: number; timeoutMs?: number } = {},
  ): Promise<EventOf<T>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.slice(from).find((e): e is EventOf<T> => e.type === type && match(e as EventOf<T>));
      if (found) return found;
      if (this.events.some((e) => e.type === 'state' && e.state === 'closed') && type !== 'state') {
        // Nothing more can come once the connection is closed.
        throw new Error(`no matching ${type} event before the connection closed; events:\n${this.dump()}`);
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for a ${type} event; events:\n${this.dump()}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  async open(): Promise<EventOf<'open'>> {
    return this.waitFor('open');
  }

  /** The close event, once the final state has been reported too. */
  async closed(timeoutMs = 15_000): Promise<CloseLogEvent> {
    await this.waitFor('state', (e) => e.state === 'closed', { timeoutMs });
    return this.of('close')[0];
  }

  dump(): string {
    return this.events.map((e) => JSON.stringify(e).slice(0, 300)).join('\n');
  }
}

/**
 * The order rules of contracts section 1, checked on a finished connection's
 * whole log. Returns the problems found (empty when all hold).
 */
export function orderProblems(events: LogEvent[]): string[] {
  const problems: string[] = [];
  events.forEach((e, i) => {
    if (e.seq !== i) problems.push(`event ${i} has seq ${e.seq}`);
    if (typeof e.t !== 'number' || !Number.isFinite(e.t)) problems.push(`event ${i} has no numeric t`);
  });
  const states = events.filter((e) => e.type === 'state').map((e) => (e).state);
  const allowed = [
    ['connecting', 'open', 'closing', 'closed'],
    ['connecting', 'open', 'closed'],
    ['connecting', 'closed'],
  ];
  if (!allowed.some((a) => a.join() === states.join())) problems.push(`states went ${states.join(' -> ')}`);
  const closes = events.map((e, i) => [e, i] as const).filter(([e]) => e.type === 'close');
  if (closes.length !== 1) problems.push(`${closes.length} close events`);
  else {
    const after = events.slice(closes[0][1] + 1);
    if (after.length !== 1 || after[0].type !== 'state' || (after[0]).state !== 'closed') {
      problems.push(`after the close event came: ${after.map((e) => e.type).join(', ') || 'nothing'}`);
    }
  }
  return problems;
}
