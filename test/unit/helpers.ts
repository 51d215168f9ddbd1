// Test helpers for the pure engine: a seeded PRNG, a hand-written frame
// builder (independent of frame-encoder.ts, so the two check each other), a
// parser that records what comes out, and a recording host with a server
// that answers the handshake.
import { createHash } from 'node:crypto';
import { FrameParser } from '../../electron/protocol/frame-parser.js';
import type { FrameHeader } from '../../electron/protocol/frame.js';
import type { Violation } from '../../electron/protocol/errors.js';
import { isViolationCode, type ViolationCode } from '../../shared/violation-codes.js';
import { WebSocketClient, type ClientOptions, type TransportWish } from '../../electron/protocol/client.js';
import type { ClientSink } from '../../electron/protocol/output.js';
import type { FrameSpec } from '../../electron/protocol/frame.js';
import type { EngineEvent } from '../../electron/protocol/events.js';

/** mulberry32: small, fast, and the same sequence for the same seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomBytes(rand: () => number, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (rand() * 256) | 0;
  return out;
}

export const hex = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.length).toString('hex');
export const bytes = (h: string): Uint8Array => new Uint8Array(Buffer.from(h.replace(/\s+/g, ''), 'hex'));
export const utf8 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf8'));
export const concat = (...parts: Uint8Array[]): Uint8Array => new Uint8Array(Buffer.concat(parts));

export interface RawFrame {
  opcode: number;
  fin?: boolean;
  rsv1?: boolean;
  rsv2?: boolean;
  rsv3?: boolean;
  /** a mask key makes the frame masked */
  mask?: Uint8Array;
  payload?: Uint8Array;
  /** force a length encoding (7, 16 or 64 bits) or a lying length field */
  lengthBits?: 7 | 16 | 64;
  claimedLength?: number | bigint;
}

/** Writes a frame byte by byte, as the RFC draws it. */
export function frame(f: RawFrame): Uint8Array {
  const payload = f.payload ?? new Uint8Array(0);
  const len = f.claimedLength ?? payload.length;
  const bits = f.lengthBits ?? (Number(len) < 126 ? 7 : Number(len) < 65536 ? 16 : 64);
  const head: number[] = [
    ((f.fin ?? true) ? 0x80 : 0) | (f.rsv1 ? 0x40 : 0) | (f.rsv2 ? 0x20 : 0) | (f.rsv3 ? 0x10 : 0) | f.opcode,
  ];
  const m = f.mask ? 0x80 : 0;
  if (bits === 7) head.push(m | Number(len));
  else if (bits === 16) head.push(m | 126, (Number(len) >> 8) & 0xff, Number(len) & 0xff);
  else {
    head.push(m | 127);
    let big = BigInt(len);
    const b8: number[] = [];
    for (let i = 0; i < 8; i++) {
      b8.unshift(Number(big & 0xffn));
      big >>= 8n;
    }
    head.push(...b8);
  }
  const body = new Uint8Array(payload.length);
  for (let i = 0; i < payload.length; i++) body[i] = f.mask ? payload[i] ^ f.mask[i % 4] : payload[i];
  if (f.mask) head.push(...f.mask);
  return concat(new Uint8Array(head), body);
}

export interface ParsedFrame extends FrameHeader {
  payload: Uint8Array;
}

/** A FrameParser that records frames and errors; `check` may veto headers. */
export function recordingParser(check?: (h: FrameHeader) => Violation | undefined) {
  const frames: ParsedFrame[] = [];
  const errors: Violation[] = [];
  const headers: FrameHeader[] = [];
  const parser = new FrameParser({
    onHeader: (h) => {
      headers.push({ ...h });
      return check?.(h);
    },
    onFrame: (h, payload) => frames.push({ ...h, payload: new Uint8Array(payload) }),
    onError: (v) => errors.push(v),
  });
  return { parser, frames, errors, headers };
}

/** Splits `data` at the given offsets (sorted, inside the buffer). */
export function splitAt(data: Uint8Array, offsets: number[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const o of offsets) {
    out.push(data.subarray(prev, o));
    prev = o;
  }
  out.push(data.subarray(prev));
  return out;
}

/** Parses every frame in a run of bytes the client wrote (expects complete frames). */
export function parseWritten(chunks: Uint8Array[]): ParsedFrame[] {
  const { parser, frames, errors } = recordingParser();
  for (const c of chunks) parser.push(new Uint8Array(c));
  if (errors.length) throw new Error(`client wrote bad bytes: ${errors[0].message}`);
  if (parser.pendingBytes) throw new Error(`client wrote an incomplete frame (${parser.pendingBytes} bytes left)`);
  return frames;
}

export const acceptOf = (key: string): string =>
  createHash('sha1').update(key + '258EAFA5-E914-47DA-95CA-C5AB0DC85B11').digest('base64');

/**
 * The engine as a host drives it: every input, then what came of it taken
 * in (the received frames decoded, the transport's fate looked at). The
 * host here is a Harness, which records it all.
 */
export class DrivenClient {
  constructor(
    private readonly engine: WebSocketClient,
    private readonly took: () => void,
  ) {}

  get state() {
    return this.engine.state;
  }
  pingAnswered(id: number): boolean {
    return this.engine.pingAnswered(id);
  }

  start(): void {
    this.input(() => this.engine.start());
  }
  receive(chunk: Uint8Array): void {
    this.input(() => this.engine.receiveData(chunk));
  }
  receiveEnd(): void {
    this.input(() => this.engine.receiveEof());
  }
  connectTimedOut(ms: number): void {
    this.input(() => this.engine.connectTimedOut(ms));
  }
  closeTimedOut(ms: number): void {
    this.input(() => this.engine.closeTimedOut(ms));
  }
  /** As a host does, a failure named by something other than a listed code (an errno such as ECONNRESET) is a socket error. */
  transportError(code: string, message: string): void {
    this.input(() => this.engine.transportError(isViolationCode(code) ? code : 'WS_ERR_SOCKET', message));
  }
  failWith(code: ViolationCode, closeCode: number, message: string): void {
    this.input(() => this.engine.failWith(code, closeCode, message));
  }
  sendText(text: string, fragments?: number): void {
    this.input(() => this.engine.sendText(text, fragments));
  }
  sendBinary(data: Uint8Array, fragments?: number): void {
    this.input(() => this.engine.sendBinary(data, fragments));
  }
  ping(payload?: Uint8Array): number {
    let id = 0;
    this.input(() => (id = this.engine.ping(payload)));
    return id;
  }
  pong(payload?: Uint8Array): void {
    this.input(() => this.engine.pong(payload));
  }
  close(code?: number | null, reason?: string): void {
    this.input(() => this.engine.close(code, reason));
  }
  sendFrame(spec: FrameSpec): void {
    this.input(() => this.engine.sendFrame(spec));
  }
  sendRaw(bytes: Uint8Array): void {
    this.input(() => this.engine.sendRaw(bytes));
  }

  private input(f: () => void): void {
    try {
      f();
    } finally {
      this.took();
    }
  }
}

/** A host that records everything the engine gives out, plus a fake clock and a seeded random. */
export class Harness implements ClientSink {
  events: EngineEvent[] = [];
  writes: Uint8Array[][] = [];
  ended = 0;
  destroyed = 0;
  now = 1_700_000_000_000;
  readonly client: DrivenClient;
  private readonly engine: WebSocketClient;
  private rand: () => number;
  private transport: TransportWish = 'keep';

  constructor(opts: Partial<Omit<ClientOptions, 'clock' | 'random'>> & { seed?: number } = {}) {
    this.rand = prng(opts.seed ?? 42);
    const { seed: _seed, ...rest } = opts;
    this.engine = new WebSocketClient(
      {
        url: new URL('ws://example.test/chat'),
        ...rest,
        clock: () => this.now,
        random: (n) => randomBytes(this.rand, n),
      },
      this,
    );
    this.client = new DrivenClient(this.engine, () => this.take());
  }

  event(e: EngineEvent): void {
    // Every event carries the injected clock's time, never the real one.
    if (e.t !== this.now) throw new Error(`event ${e.type} has t=${e.t}, clock says ${this.now}`);
    this.events.push(e);
  }
  write(chunks: Uint8Array[]): void {
    // Copy: the engine may reuse nothing, but the test must see what went out then.
    this.writes.push(chunks.map((c) => new Uint8Array(c)));
  }

  /** What a host does after every input: decodes the frames received, and sees to the transport. */
  private take(): void {
    while (this.engine.decodeFrame());
    const wish = this.engine.transport;
    if (wish !== this.transport) {
      if (wish === 'end') this.ended++;
      if (wish === 'destroy') this.destroyed++;
      this.transport = wish;
    }
  }

  /** The request head the client wrote. */
  get request(): string {
    return Buffer.from(this.writes[0][0]).toString('latin1');
  }
  get key(): string {
    const m = /\r\nSec-WebSocket-Key: ([^\r]+)\r\n/.exec(this.request);
    if (!m) throw new Error('no Sec-WebSocket-Key in the request');
    return m[1];
  }

  /** A valid 101 for the request written, with extra header lines. */
  response101(extra: string[] = [], opts: { accept?: string | null; upgrade?: string | null; connection?: string | null } = {}): Uint8Array {
    const lines = ['HTTP/1.1 101 Switching Protocols'];
    if (opts.upgrade !== null) lines.push(`Upgrade: ${opts.upgrade ?? 'websocket'}`);
    if (opts.connection !== null) lines.push(`Connection: ${opts.connection ?? 'Upgrade'}`);
    if (opts.accept !== null) lines.push(`Sec-WebSocket-Accept: ${opts.accept ?? acceptOf(this.key)}`);
    lines.push(...extra);
    return utf8(lines.join('\r\n') + '\r\n\r\n');
  }

  /** start() and a valid 101; the client is then open. */
  open(extra: string[] = []): this {
    this.client.start();
    this.client.receive(this.response101(extra));
    if (this.client.state !== 'open') throw new Error(`handshake failed: ${JSON.stringify(this.errors())}`);
    this.clear();
    return this;
  }

  /** Forget what happened so far (handshake events and writes). */
  clear(): void {
    this.events = [];
    this.writes = [];
  }

  feed(...chunks: Uint8Array[]): this {
    for (const c of chunks) this.client.receive(c);
    return this;
  }

  /** Frames the client wrote (after the request). */
  sent(): ParsedFrame[] {
    const chunks = this.writes.flat();
    return parseWritten(chunks);
  }
  sentBytes(): Uint8Array {
    return concat(...this.writes.flat());
  }

  of<T extends EngineEvent['type']>(type: T): Extract<EngineEvent, { type: T }>[] {
    return this.events.filter((e): e is Extract<EngineEvent, { type: T }> => e.type === type);
  }
  errors() {
    return this.of('error');
  }
  states(): string[] {
    return this.of('state').map((e) => e.state);
  }
  types(): string[] {
    return this.events.map((e) => e.type);
  }
}

/** The close code in a close frame's payload, or null. */
export function closeCodeOf(f: ParsedFrame): number | null {
  return f.payload.length >= 2 ? (f.payload[0] << 8) | f.payload[1] : null;
}

/**
 * The order rules of contracts section 1, as far as one engine's events go:
 * states only move forward (connecting, open, closing, closed; skipping is
 * allowed), at most one close event, followed only by the final state
 * closed, and nothing after that. Returns the problems found.
 */
export function orderProblems(events: EngineEvent[], opts: { finished?: boolean } = {}): string[] {
  const rank: Record<string, number> = { connecting: 0, open: 1, closing: 2, closed: 3 };
  const problems: string[] = [];
  let last = -1;
  let closeAt = -1;
  events.forEach((e, i) => {
    if (closeAt >= 0 && i > closeAt + 1) problems.push(`event ${i} (${e.type}) after the close event's final state`);
    if (e.type === 'state') {
      const r = rank[e.state];
      if (r <= last) problems.push(`state ${e.state} at ${i} does not move forward`);
      last = r;
      if (e.state === 'closed' && closeAt !== i - 1) problems.push(`state closed at ${i} not right after a close event`);
      if (e.state === 'open' && events[i - 1]?.type !== 'open') problems.push(`state open at ${i} not right after the open event`);
    }
    if (e.type === 'close') {
      if (closeAt >= 0) problems.push(`second close event at ${i}`);
      closeAt = i;
      const next = events[i + 1];
      if (!next || next.type !== 'state' || next.state !== 'closed') problems.push(`close event at ${i} not followed by state closed`);
    }
    if (e.type === 'frame' && e.dir === 'out' && !e.crafted && !e.masked) problems.push(`unmasked frame written at ${i}`);
  });
  if (opts.finished && closeAt < 0) problems.push('no close event');
  return problems;
}
