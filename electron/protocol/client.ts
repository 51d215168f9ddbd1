import type { FrameHeader, FrameSpec } from './frame.js';
import { FrameParser } from './frame-parser.js';
import { encodeFrame } from './frame-encoder.js';
import { MaskKeySource } from './mask.js';
import { MessageAssembler } from './message-assembler.js';
import { Opcode, isControl, isReserved } from './opcodes.js';
import { violation, type Violation } from './errors.js';
import { encodeClosePayload, isValidWireCloseCode, parseClosePayload } from './close-frame.js';
import { buildUpgradeRequest, checkUpgradeHeaders, headerValues, readResponseHead, type Header, type ResponseHead } from './handshake.js';
import { acceptDeflateResponse, formatDeflateOffer, PerMessageDeflate, DEFAULT_DEFLATE_OFFER, type DeflateOffer } from './permessage-deflate.js';
import { parseExtensions } from './extension-header.js';
import { maskCredentials } from './credentials.js';
import { readFailedUpgradeBody } from './failed-upgrade-body.js';
import type { ConnectionState, EngineEvent, FrameEvent, MessageEvent } from './events.js';

export const DEFAULT_MAX_PAYLOAD = 100 * 1024 * 1024;

export interface ClientOptions {
  url: URL;
  headers?: Header[];
  subprotocols?: string[];
  origin?: string;
  /** offer permessage-deflate; true offers the defaults */
  deflate?: DeflateOffer | boolean;
  lenient?: boolean;
  maxPayload?: number;
  /** answer pings automatically (default true) */
  autoPong?: boolean;
  /** answer the server's close frame (default true); off tests a server's close timeout */
  answerClose?: boolean;
  /** a 3xx answer is handed to io.redirect instead of failing */
  followRedirects?: boolean;
  /** this engine continues a log after a redirect: no second `connecting` state */
  continued?: boolean;
  /** milliseconds since the epoch */
  clock: () => number;
  random: (n: number) => Uint8Array;
}

export interface ClientIO {
  event(e: EngineEvent): void;
  write(chunks: Uint8Array[]): void;
  /** we are done sending; the server should now close the TCP connection */
  end(): void;
  /** tear the transport down now */
  destroy(): void;
  /** a 3xx answer arrived; true when the host follows it (this engine then falls silent), else why not */
  redirect?(location: string): true | string;
}

/** A command that makes no sense in the current state, or bad arguments; nothing was sent. */
export class CommandError extends Error {}

const enum Phase {
  Request,
  Head,
  Body,
  Frames,
  Done,
}

/**
 * The RFC 6455 client, sans I/O in the manner of python-websockets'
 * Protocol: bytes and commands in, events and bytes out through `io`.
 */
export class WebSocketClient {
  private phase = Phase.Request;
  private begun = false;
  private _state: ConnectionState = 'connecting';
  private headBuf: Buffer = Buffer.alloc(0);
  private failedHead: ResponseHead | null = null;
  private redirectRefused: string | null = null;
  private readonly key: string;
  private readonly offer: DeflateOffer | null;
  private deflate: PerMessageDeflate | null = null;
  private readonly parser: FrameParser;
  private assembler!: MessageAssembler;
  private readonly maxPayload: number;
  private rawOut: FrameParser | null = null;

  private closeSent = false;
  private closeReceived = false;
  private failed = false;
  private initiator: 'client' | 'server' | 'none' = 'none';
  private receivedCode: number | null = null;
  private receivedReason = '';
  private sentCode: number | null = null;
  private sentReason = '';
  private afterCloseReported = false;
  /** the TCP connection ended while frames were waiting for resumeParsing */
  private endDeferred = false;

  private readonly maskKeys: MaskKeySource;
  /** made once: a closure per frame would be garbage per frame */
  private readonly randomKey = (): Uint8Array => this.maskKeys.next();
  /** the clock reading shared by every event of the input being handled; see stamped() */
  private stamp: number | null = null;

  private autoPong: boolean;
  private answerClose: boolean;
  private readonly pendingPings: { id: number; payload: Uint8Array; sentAt: number }[] = [];
  private nextPingId = 1;

  constructor(
    private readonly o: ClientOptions,
    private readonly io: ClientIO,
  ) {
    this.key = Buffer.from(o.random(16)).toString('base64');
    this.maskKeys = new MaskKeySource(o.random);
    this.offer = o.deflate === true ? DEFAULT_DEFLATE_OFFER : o.deflate || null;
    this.maxPayload = o.maxPayload ?? DEFAULT_MAX_PAYLOAD;
    this.autoPong = o.autoPong !== false;
    this.answerClose = o.answerClose !== false;
    this.parser = new FrameParser({
      onHeader: (h) => this.onHeader(h),
      onFrame: (h, p) => this.onFrame(h, p),
      onError: (v) => this.fail(v),
    });
  }

  get state(): ConnectionState {
    return this._state;
  }

  /** Turns automatic pongs on or off mid-connection. */
  /** Off: the server's close frame goes unanswered, to test the server's close timeout. */
  setAnswerClose(enabled: boolean): void {
    this.answerClose = enabled;
  }

  setAutoPong(enabled: boolean): void {
    this.autoPong = enabled;
  }

  /** Reports the `connecting` state before the transport is even opened. */
  begin(): void {
    if (this.begun) return;
    this.begun = true;
    if (!this.o.continued) this.emit({ type: 'state', t: this.now(), state: 'connecting' });
  }

  /** The transport is up: writes the upgrade request. */
  start(): void {
    if (this.phase !== Phase.Request) return;
    this.begin();
    const request = buildUpgradeRequest({
      url: this.o.url,
      key: this.key,
      subprotocols: this.o.subprotocols,
      origin: this.o.origin,
      extensions: this.offer ? formatDeflateOffer(this.offer) : undefined,
      headers: this.o.headers,
    });
    if ('code' in request) return this.failHandshake(request);
    this.emit({ type: 'handshake-request', t: this.now(), method: 'GET', ...maskCredentials(this.o.url, request.headers) });
    this.phase = Phase.Head;
    this.io.write([Buffer.from(request.head, 'latin1')]);
  }

  receive(chunk: Uint8Array): void {
    this.stamped(() => this.receiveStamped(chunk));
  }

  private receiveStamped(chunk: Uint8Array): void {
    switch (this.phase) {
      case Phase.Head:
        this.headBuf = this.headBuf.length ? Buffer.concat([this.headBuf, chunk]) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
        this.readHead();
        return;
      case Phase.Body:
        this.headBuf = Buffer.concat([this.headBuf, chunk]);
        this.readBody(false);
        return;
      case Phase.Frames:
        this.parser.push(chunk);
        return;
      default:
        return;
    }
  }

  /** The TCP connection has ended (EOF or closed). */
  receiveEnd(): void {
    if (this.phase === Phase.Body) return this.readBody(true);
    if (this.phase === Phase.Head || this.phase === Phase.Request) {
      return this.failHandshake(violation('WS_ERR_HANDSHAKE_EOF', undefined, 'the server closed the connection before answering the upgrade'));
    }
    if (this.phase !== Phase.Frames) return this.finish();
    // frames still waiting for the host to catch up come first; the end follows them
    if (this.parser.isPaused && this.parser.pendingBytes > 0) {
      this.endDeferred = true;
      return;
    }
    // after the server's close frame, whatever follows is not a frame of this connection
    const partial = this.closeReceived ? EMPTY : this.parser.partial();
    if (partial.length && !this.parser.stopped) {
      this.stamped(() =>
        this.emit({
          type: 'error',
          t: this.now(),
          code: 'WS_ERR_TRUNCATED_FRAME',
          message: `the server closed the TCP connection in the middle of a frame: ${partial.length} bytes of it had arrived (partial: ${Buffer.from(partial.subarray(0, 64)).toString('hex')}${partial.length > 64 ? '...' : ''})`,
          fatal: true,
        }),
      );
    }
    this.finish();
  }

  /** Stops handing out frames after the current one, until resumeParsing: the host's log is behind. */
  pauseParsing(): void {
    this.parser.pause();
  }

  resumeParsing(): void {
    this.stamped(() => this.parser.resume());
    if (this.endDeferred && !this.parser.isPaused) {
      this.endDeferred = false;
      this.receiveEnd();
    }
  }

  /** The transport failed (refused, DNS, TLS, reset, ...); the host names the cause. */
  transportError(code: string, message: string): void {
    if (this.phase === Phase.Done) return;
    this.begin();
    const beforeOpen = this.phase !== Phase.Frames;
    this.emit({ type: 'error', t: this.now(), code, message, fatal: true });
    if (beforeOpen) this.initiator = 'client';
    this.failed = true;
    this.finish();
    this.io.destroy();
  }

  /** The host's connect timer fired. */
  connectTimedOut(ms: number): void {
    if (this.phase === Phase.Body) return this.readBody(true);
    if (this.phase === Phase.Frames || this.phase === Phase.Done) return;
    this.failHandshake(violation('WS_ERR_CONNECT_TIMEOUT', undefined, `no WebSocket handshake within ${ms} ms`));
  }

  /** The host's close timer fired: the peer never finished the closing handshake. */
  closeTimedOut(ms: number): void {
    if (this.phase === Phase.Done) return;
    const handshakeDone = this.closeSent && this.closeReceived;
    this.emit({
      type: 'error',
      t: this.now(),
      code: 'WS_ERR_CLOSE_TIMEOUT',
      message: handshakeDone
        ? `the server did not close the TCP connection within ${ms} ms of the closing handshake`
        : `the closing handshake did not finish within ${ms} ms`,
      fatal: !handshakeDone,
    });
    if (!handshakeDone) {
      this.failed = true;
      if (this.initiator === 'none') this.initiator = 'client';
    }
    this.finish();
    this.io.destroy();
  }

  /** Fails the connection from outside the engine, such as a pong timeout. */
  failWith(code: string, closeCode: number, message: string): void {
    this.fail(violation(code, closeCode, message));
  }

  sendText(text: string, fragments = 1): void {
    this.sendMessage(Opcode.Text, Buffer.from(text, 'utf8'), fragments);
  }

  sendBinary(data: Uint8Array, fragments = 1): void {
    this.sendMessage(Opcode.Binary, data, fragments);
  }

  /** One data message, compressed when deflate was negotiated, split into `fragments` frames. */
  sendMessage(opcode: 1 | 2, data: Uint8Array, fragments = 1): void {
    // stamped() spelled out: a closure per message shows in small-message sends.
    const outer = this.stamp;
    if (outer === null) this.stamp = this.o.clock();
    try {
      this.sendMessageStamped(opcode, data, fragments);
    } finally {
      this.stamp = outer;
    }
  }

  private sendMessageStamped(opcode: 1 | 2, data: Uint8Array, fragments: number): void {
    this.assertCanSend('send a message');
    if (!Number.isInteger(fragments) || fragments < 1) throw new CommandError('the number of fragments must be a whole number of at least 1');
    const compressed = this.deflate?.deflate(data) ?? null;
    const wire = compressed ?? data;
    const n = Math.min(fragments, Math.max(1, wire.length));
    const step = Math.ceil(wire.length / n);
    for (let i = 0; i < n; i++) {
      this.writeFrame({
        opcode: i === 0 ? opcode : Opcode.Continuation,
        fin: i === n - 1,
        rsv1: i === 0 && compressed !== null,
        payload: n === 1 ? wire : wire.subarray(i * step, Math.min(wire.length, (i + 1) * step)),
      });
    }
    // Optional fields are added after the literal, not spread into it: a
    // spread makes V8 build every event object the slow way, once per frame.
    const e: MessageEvent = { type: 'message', t: this.now(), dir: 'out', opcode, length: data.length, data };
    if (compressed) e.compressed = true;
    this.emit(e);
  }

  /** Sends a ping; returns its id for pingAnswered. */
  ping(payload: Uint8Array = EMPTY): number {
    this.assertCanSend('send a ping');
    assertControlPayload(payload, 'ping');
    const id = this.nextPingId++;
    this.pendingPings.push({ id, payload, sentAt: this.now() });
    this.writeFrame({ opcode: Opcode.Ping, payload });
    return id;
  }

  pingAnswered(id: number): boolean {
    return !this.pendingPings.some((p) => p.id === id);
  }

  pong(payload: Uint8Array = EMPTY): void {
    this.assertCanSend('send a pong');
    assertControlPayload(payload, 'pong');
    this.writeFrame({ opcode: Opcode.Pong, payload });
  }

  /** Starts the closing handshake, or answers the server's close when auto-answer is off. */
  close(code?: number | null, reason = ''): void {
    if (code != null && !isValidWireCloseCode(code)) {
      throw new CommandError(`close code ${code} cannot be sent: use 1000-1003, 1007-1014 or 3000-4999`);
    }
    if (code == null && reason) throw new CommandError('a close reason needs a close code');
    if (Buffer.byteLength(reason) > 123) throw new CommandError('a close reason is at most 123 bytes of UTF-8');
    if (this.phase !== Phase.Frames) {
      if (this.phase === Phase.Done) throw new CommandError('the connection is already closed');
      this.initiator = 'client';
      this.emit({ type: 'error', t: this.now(), code: 'WS_ERR_ABORTED', message: 'the connection was abandoned before it opened', fatal: true });
      this.failed = true;
      this.finish();
      this.io.destroy();
      return;
    }
    if (this.closeSent) throw new CommandError('a close frame was already sent');
    if (this.initiator === 'none') this.initiator = 'client';
    this.sendClose(code ?? null, reason);
  }

  /** Exactly the frame asked for, whatever the state; marked crafted in the log. */
  sendFrame(spec: FrameSpec): void {
    if (this.phase === Phase.Done) throw new CommandError('the connection is closed');
    this.writeFrame(spec, true);
  }

  /** These bytes on the socket as they are; frames found in them are logged as crafted. */
  sendRaw(bytes: Uint8Array): void {
    if (this.phase === Phase.Done) throw new CommandError('the connection is closed');
    this.io.write([bytes]);
    this.rawOut ??= this.rawOutParser();
    this.rawOut.push(bytes);
  }

  private rawOutParser(): FrameParser {
    const p = new FrameParser({
      onHeader: () => undefined,
      onFrame: (h, payload) => this.emitFrame('out', h, payload, { crafted: true }),
      onError: (v) => {
        this.emit({ type: 'error', t: this.now(), code: v.code, message: `raw bytes sent: ${v.message}`, fatal: false });
        this.rawOut = null;
      },
    });
    return p;
  }

  private assertCanSend(what: string): void {
    if (this.phase !== Phase.Frames || this._state !== 'open') {
      const why = this.closeSent
        ? 'a close frame was already sent'
        : this.closeReceived
          ? 'the server has started closing'
          : `the connection is ${this._state}`;
      throw new CommandError(`cannot ${what}: ${why} (a crafted frame can still be sent)`);
    }
  }

  private sendClose(code: number | null, reason: string): void {
    this.closeSent = true;
    this.sentCode = code;
    this.sentReason = reason;
    this.writeFrame({ opcode: Opcode.Close, payload: encodeClosePayload(code, reason) });
    if (this._state === 'open') this.setState('closing');
    if (this.closeReceived) this.io.end();
  }

  private writeFrame(spec: FrameSpec, crafted = false): void {
    const enc = encodeFrame(spec, this.randomKey);
    const payload = spec.payload ?? EMPTY;
    const e: FrameEvent = {
      type: 'frame',
      t: this.now(),
      dir: 'out',
      fin: spec.fin ?? true,
      rsv1: !!spec.rsv1,
      rsv2: !!spec.rsv2,
      rsv3: !!spec.rsv3,
      masked: enc.maskKey !== null,
      opcode: spec.opcode & 0x0f,
      maskKey: enc.maskKey,
      length: payload.length,
      payload,
    };
    if (crafted) e.crafted = true; // added, not spread: see sendMessage
    this.emit(e);
    this.io.write(enc.chunks);
  }

  // ---- the handshake ----

  private readHead(): void {
    const r = readResponseHead(this.headBuf);
    if (r === null) return;
    if ('code' in r) return this.failHandshake(r);
    const { head, rest } = r;
    if (head.status !== 101) {
      const location = headerValues(head.headers, 'location')[0];
      if (this.o.followRedirects && location && head.status >= 300 && head.status < 400) {
        const followed = this.io.redirect?.(location) ?? 'redirects are not followed here';
        if (followed === true) {
          this.emitResponse(head);
          this.phase = Phase.Done;
          return;
        }
        this.redirectRefused = followed;
      }
      this.failedHead = head;
      this.headBuf = rest;
      this.phase = Phase.Body;
      return this.readBody(false);
    }
    this.headBuf = Buffer.alloc(0);
    this.emitResponse(head);
    const checked = checkUpgradeHeaders(head, this.key, this.o.subprotocols ?? []);
    if ('code' in checked) return this.failHandshake(checked);
    const extensions = this.negotiateExtensions(head);
    if (typeof extensions !== 'string') return this.failHandshake(extensions);
    this.assembler = new MessageAssembler({
      maxPayload: this.maxPayload,
      deflate: this.deflate,
      report: (v) => this.report(v),
    });
    this.phase = Phase.Frames;
    this.emit({ type: 'open', t: this.now(), protocol: checked.protocol, extensions });
    this.setState('open');
    if (rest.length) this.parser.push(rest);
  }

  private negotiateExtensions(head: ResponseHead): string | Violation {
    const values = headerValues(head.headers, 'sec-websocket-extensions');
    if (values.length === 0) return '';
    const value = values.join(', ');
    let exts;
    try {
      exts = parseExtensions(value);
    } catch (e) {
      return violation('WS_ERR_HANDSHAKE_EXTENSION', undefined, `malformed Sec-WebSocket-Extensions: ${(e as Error).message}`);
    }
    for (const ext of exts) {
      if (ext.name !== 'permessage-deflate' || !this.offer) {
        return violation('WS_ERR_HANDSHAKE_EXTENSION', undefined, `the server accepted extension "${ext.name}", which was not offered`);
      }
      if (this.deflate) return violation('WS_ERR_HANDSHAKE_EXTENSION', undefined, 'the server accepted permessage-deflate more than once');
      const params = acceptDeflateResponse(this.offer, ext);
      if ('code' in params) return params;
      this.deflate = new PerMessageDeflate(params);
    }
    return value;
  }

  private readBody(ended: boolean): void {
    const head = this.failedHead!;
    const body = readFailedUpgradeBody(head.headers, this.headBuf, ended);
    if (body === null) return;
    this.emitResponse(head, body);
    const where = this.redirectRefused ? ` (redirect not followed: ${this.redirectRefused})` : '';
    const snippet = body.trim() ? `: ${body.trim().slice(0, 200)}` : '';
    this.failHandshake(
      violation('WS_ERR_HANDSHAKE_STATUS', undefined, `the server answered the upgrade with ${head.status} ${head.statusText}${where}${snippet}`),
    );
  }

  private emitResponse(head: ResponseHead, body?: string): void {
    this.emit({
      type: 'handshake-response',
      t: this.now(),
      status: head.status,
      statusText: head.statusText,
      headers: head.headers,
      ...(body !== undefined ? { body } : {}),
    });
  }

  private failHandshake(v: Violation): void {
    this.emit({ type: 'error', t: this.now(), code: v.code, message: v.message, fatal: true });
    this.initiator = 'client';
    this.failed = true;
    this.finish();
    this.io.destroy();
  }

  // ---- frames ----

  private onHeader(h: FrameHeader): Violation | undefined {
    const found: Violation[] = [];
    const control = isControl(h.opcode);
    if (h.rsv1 && (!this.deflate || control)) {
      found.push(violation('WS_ERR_UNEXPECTED_RSV_1', 1002, control ? 'RSV1 is set on a control frame' : 'RSV1 is set but no extension was negotiated', true));
    }
    if (h.rsv2) found.push(violation('WS_ERR_UNEXPECTED_RSV_2', 1002, 'RSV2 is set but no extension defines it', true));
    if (h.rsv3) found.push(violation('WS_ERR_UNEXPECTED_RSV_3', 1002, 'RSV3 is set but no extension defines it', true));
    if (isReserved(h.opcode)) found.push(violation('WS_ERR_INVALID_OPCODE', 1002, `reserved opcode 0x${h.opcode.toString(16)}`, true));
    if (h.masked) found.push(violation('WS_ERR_UNEXPECTED_MASK', 1002, 'the server masked a frame', true));
    if (control && !isReserved(h.opcode)) {
      if (!h.fin) found.push(violation('WS_ERR_EXPECTED_FIN', 1002, 'a control frame is fragmented'));
      if (h.length > 125) found.push(violation('WS_ERR_INVALID_CONTROL_PAYLOAD_LENGTH', 1002, `a control frame has a ${h.length}-byte payload (at most 125)`, true));
      if (h.length > this.maxPayload) found.push(violation('WS_ERR_UNSUPPORTED_MESSAGE_LENGTH', 1009, `the frame is larger than the limit of ${this.maxPayload} bytes`));
    } else if (isReserved(h.opcode)) {
      if (h.length > this.maxPayload) found.push(violation('WS_ERR_UNSUPPORTED_MESSAGE_LENGTH', 1009, `the frame is larger than the limit of ${this.maxPayload} bytes`));
    } else if (!this.closeReceived) {
      const v = this.assembler.checkHeader(h);
      if (v) found.push(v);
    } else if (h.length > this.maxPayload) {
      // Data after the server's close is only logged, but the parser still
      // buffers it whole first: a header claiming 2^52 bytes would keep all that follows.
      found.push(violation('WS_ERR_UNSUPPORTED_MESSAGE_LENGTH', 1009, `the frame is larger than the limit of ${this.maxPayload} bytes`));
    }
    for (const v of found) if (!this.report(v)) return v;
    return undefined;
  }

  private onFrame(h: FrameHeader, payload: Uint8Array): void {
    let rttMs: number | undefined;
    if (h.opcode === Opcode.Pong) rttMs = this.matchPong(payload);
    this.emitFrame('in', h, payload, rttMs === undefined ? undefined : { rttMs });
    if (isReserved(h.opcode)) return;
    if (this.closeReceived) {
      if (!this.afterCloseReported) {
        this.afterCloseReported = true;
        this.emit({ type: 'error', t: this.now(), code: 'WS_ERR_FRAME_AFTER_CLOSE', message: 'the server sent frames after its close frame; they are logged and ignored', fatal: false });
      }
      return;
    }
    switch (h.opcode) {
      case Opcode.Close:
        return this.onClose(payload);
      case Opcode.Ping:
        // A ping over 125 bytes only gets here in lenient mode; echoing it would
        // make our own pong break the RFC, so it goes unanswered.
        if (this.autoPong && this._state === 'open' && !this.closeSent && payload.length <= 125) {
          this.writeFrame({ opcode: Opcode.Pong, payload });
        }
        return;
      case Opcode.Pong:
        return;
      default: {
        const m = this.assembler.push(h, payload);
        if (m === undefined) return;
        if ('code' in m) return this.fail(m);
        const e: MessageEvent = { type: 'message', t: this.now(), dir: 'in', opcode: m.opcode, length: m.data.length, data: m.data };
        // added, not spread: see sendMessage
        if (m.compressed) e.compressed = true;
        if (m.invalidUtf8) e.invalidUtf8 = true;
        this.emit(e);
      }
    }
  }

  private onClose(payload: Uint8Array): void {
    const parsed = parseClosePayload(payload);
    if ('message' in parsed) return this.fail(parsed);
    this.closeReceived = true;
    this.receivedCode = parsed.code;
    this.receivedReason = parsed.reason;
    if (this.initiator === 'none') this.initiator = 'server';
    if (this.closeSent) {
      this.io.end();
      return;
    }
    if (this._state === 'open') this.setState('closing');
    if (this.answerClose) this.sendClose(parsed.code, '');
  }

  private matchPong(payload: Uint8Array): number | undefined {
    const i = this.pendingPings.findIndex((p) => Buffer.compare(p.payload, payload) === 0);
    if (i === -1) return undefined;
    const [p] = this.pendingPings.splice(i, 1);
    return this.now() - p.sentAt;
  }

  private emitFrame(dir: 'in' | 'out', h: FrameHeader, payload: Uint8Array, extra?: Pick<FrameEvent, 'crafted' | 'rttMs'>): void {
    const e: FrameEvent = {
      type: 'frame',
      t: this.now(),
      dir,
      fin: h.fin,
      rsv1: h.rsv1,
      rsv2: h.rsv2,
      rsv3: h.rsv3,
      masked: h.masked,
      opcode: h.opcode,
      maskKey: h.maskKey,
      length: h.length,
      payload,
    };
    // added, not spread: see sendMessage
    if (extra?.crafted) e.crafted = true;
    if (extra?.rttMs !== undefined) e.rttMs = extra.rttMs;
    this.emit(e);
  }

  // ---- failing and finishing ----

  /** Lenient mode logs what it may let pass; returns true when the connection goes on. */
  private report(v: Violation): boolean {
    if (!(this.o.lenient && v.lenient)) return false;
    this.emit({ type: 'error', t: this.now(), code: v.code, message: v.message, ...(v.closeCode ? { closeCode: v.closeCode } : {}), fatal: false });
    return true;
  }

  /** Fails the WebSocket connection (RFC 6455 section 7.1.7). */
  private fail(v: Violation): void {
    if (this.failed || this.phase === Phase.Done) return;
    this.failed = true;
    this.parser.stop();
    this.emit({ type: 'error', t: this.now(), code: v.code, message: v.message, ...(v.closeCode ? { closeCode: v.closeCode } : {}), fatal: true });
    this.initiator = 'client';
    if (!this.closeSent && v.closeCode) this.sendClose(v.closeCode, '');
    else if (this._state === 'open') this.setState('closing');
  }

  private finish(): void {
    if (this.phase === Phase.Done) return;
    this.phase = Phase.Done;
    this.parser.stop();
    this.emit({
      type: 'close',
      t: this.now(),
      code: this.receivedCode,
      reason: this.receivedReason,
      initiator: this.initiator,
      wasClean: this.closeSent && this.closeReceived && !this.failed,
      // only when a close frame went out, so "no frame" and "a frame without a code" differ
      ...(this.closeSent ? { sentCode: this.sentCode, sentReason: this.sentReason } : {}),
    });
    this.setState('closed');
  }

  private setState(state: ConnectionState): void {
    this._state = state;
    this.emit({ type: 'state', t: this.now(), state });
  }

  private emit(e: EngineEvent): void {
    this.io.event(e);
  }

  private now(): number {
    return this.stamp ?? this.o.clock();
  }

  /**
   * Runs `f` with one clock reading for every event it causes. A socket chunk
   * arrives at one moment, and so does a send command: one reading says when
   * that was, and the clock is not read again for each of the hundreds of
   * small frames a chunk can hold (a precise clock costs about as much as
   * parsing a small frame). Nested inputs, such as a send from inside an
   * event callback, keep the outer reading.
   */
  private stamped(f: () => void): void {
    const outer = this.stamp;
    if (outer === null) this.stamp = this.o.clock();
    try {
      f();
    } finally {
      this.stamp = outer;
    }
  }
}

function assertControlPayload(payload: Uint8Array, what: string): void {
  if (payload.length > 125) throw new CommandError(`a ${what} payload is at most 125 bytes (got ${payload.length}); a crafted frame can carry more`);
}

const EMPTY = new Uint8Array(0);
