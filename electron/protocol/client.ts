import type { FrameHeader, FrameSpec } from './frame.js';
import { FrameParser } from './frame-parser.js';
import { encodeFrame } from './frame-encoder.js';
import { MaskKeySource } from './mask.js';
import { MessageAssembler } from './message-assembler.js';
import { Opcode, isReserved } from './opcodes.js';
import { CraftedMessages } from './crafted-messages.js';
import { isValidUtf8 } from './utf8.js';
import { headerViolations } from './frame-rules.js';
import { violation, type Violation } from './errors.js';
import { encodeClosePayload, isValidWireCloseCode, parseClosePayload, type ClosePayload } from './close-frame.js';
import type { PerMessageDeflate } from './permessage-deflate.js';
import { ClientHandshake, type HandshakeOptions, type HandshakeOutcome } from './client-handshake.js';
import { Output, type ClientSink } from './output.js';
import { PendingPings } from './pending-pings.js';
import type { CloseEvent, ConnectionState } from './events.js';
import type { ViolationCode } from '../../shared/violation-codes.js';

export const DEFAULT_MAX_PAYLOAD = 100 * 1024 * 1024;

export interface ClientOptions extends HandshakeOptions {
  lenient?: boolean;
  maxPayload?: number;
  /** answer pings automatically (default true) */
  autoPong?: boolean;
  /** answer the server's close frame (default true); off tests a server's close timeout */
  answerClose?: boolean;
  /** this engine continues a log after a redirect: no second `connecting` state */
  continued?: boolean;
  /** milliseconds since the epoch */
  clock: () => number;
  random: (n: number) => Uint8Array;
}

/**
 * What the host should do with its transport once the bytes written so far
 * are out: keep it, end it (the closing handshake is done, so we send no
 * more; the server closes the TCP connection next), or destroy it (this
 * engine has finished).
 */
export type TransportWish = 'keep' | 'end' | 'destroy';

/** A command that makes no sense in the current state, or bad arguments; nothing was sent. */
export class CommandError extends Error {}

/**
 * The RFC 6455 client, sans I/O in the manner of python-websockets'
 * Protocol. Its inputs are the transport's bytes and end (receiveData,
 * receiveEof), the host's timers and its commands. Each input's events and
 * bytes go to the sink as they happen; once the input has returned, the
 * host hands them on, decodes the frames received so far one by one
 * (decodeFrame, handing on after each, until it says there is no more),
 * and looks at `transport` and `redirect`. Nothing in the engine calls the
 * host back.
 *
 * Frames are decoded when the host asks: a host whose log is behind stops
 * asking between two frames (pauseParsing), and a socket chunk holding
 * several large messages is not run through before the log catches up.
 */
export class WebSocketClient {
  private _state: ConnectionState = 'connecting';
  /** our close frame, once sent, and the server's, once received (RFC 6455 section 7.1.5), as python-websockets keeps them */
  private closeSent: ClosePayload | null = null;
  private closeRcvd: ClosePayload | null = null;
  /** true when the server's close came first, false when ours did; null until both are done */
  private closeRcvdThenSent: boolean | null = null;
  /**
   * How the connection ended when not with a clean closing handshake: the
   * client failed it (RFC 6455 section 7.1.7: a violation, a failed
   * upgrade, a timeout, abandoned), or it was dropped under it (the
   * transport broke, the server never finished closing).
   */
  private unclean: 'failed' | 'dropped' | null = null;
  private readonly handshake: ClientHandshake;
  private deflate: PerMessageDeflate | null = null;
  private readonly parser: FrameParser;
  private assembler!: MessageAssembler;
  private readonly maxPayload: number;
  private rawOut: FrameParser | null = null;
  private readonly craftedOut = new CraftedMessages();

  private afterCloseReported = false;
  /** the TCP connection has ended; once open, taken after the frames before it */
  private eofRcvd = false;
  /** the host's log is behind: no frame is decoded until resumeParsing */
  private parsingPaused = false;

  private readonly out: Output;
  private readonly maskKeys: MaskKeySource;
  /** made once: a closure per frame would be garbage per frame */
  private readonly randomKey = (): Uint8Array => this.maskKeys.next();

  private autoPong: boolean;
  private answerClose: boolean;
  private readonly pings = new PendingPings();

  /** A new client is connecting (unless it continues a log after a redirect): the host takes that event before opening the transport. */
  constructor(
    private readonly o: ClientOptions,
    sink: ClientSink,
  ) {
    this.out = new Output(sink, o.clock);
    this.out.stamp();
    this.handshake = new ClientHandshake(o, o.random, this.out);
    this.maskKeys = new MaskKeySource(o.random);
    this.maxPayload = o.maxPayload ?? DEFAULT_MAX_PAYLOAD;
    this.autoPong = o.autoPong !== false;
    this.answerClose = o.answerClose !== false;
    this.parser = new FrameParser({
      onHeader: (h) => this.onHeader(h),
      onFrame: (h, p) => this.onFrame(h, p),
      onError: (v) => this.fail(v),
    });
    if (!o.continued) this.out.state('connecting');
  }

  get state(): ConnectionState {
    return this._state;
  }

  /** Off: the server's close frame goes unanswered, to test the server's close timeout. */
  setAnswerClose(enabled: boolean): void {
    this.answerClose = enabled;
  }

  /** Turns automatic pongs on or off mid-connection. */
  setAutoPong(enabled: boolean): void {
    this.autoPong = enabled;
  }

  get transport(): TransportWish {
    // a transport that has ended on its own closes by itself, our last writes flushed first
    if (this._state === 'closed') return this.eofRcvd ? 'keep' : 'destroy';
    return this.closeRcvdThenSent !== null ? 'end' : 'keep';
  }

  /** The Location of a 3xx answer to the upgrade, waiting for followRedirect or refuseRedirect before the next input (only with followRedirects). */
  get redirect(): string | null {
    return this._state === 'connecting' ? this.handshake.redirect : null;
  }

  /** The host follows the redirect with a new engine (options.continued); this one logs the answer and is closed, with no events of its own. */
  followRedirect(): void {
    if (this.redirect === null) return;
    this.out.stamp();
    this.handshake.followRedirect();
    this._state = 'closed';
  }

  /** The host will not follow the redirect: the upgrade fails, saying why. */
  refuseRedirect(why: string): void {
    if (this.redirect === null) return;
    this.out.stamp();
    this.upgrade(this.handshake.refuseRedirect(why));
  }

  /** The transport is up: writes the upgrade request. */
  start(): void {
    if (this._state !== 'connecting') return;
    this.out.stamp();
    const refused = this.handshake.request();
    if (refused) this.endWith(refused, 'failed');
  }

  receiveData(chunk: Uint8Array): void {
    this.out.stamp();
    if (this.framing) this.parser.append(chunk);
    else if (this._state === 'connecting') this.upgrade(this.handshake.receive(chunk));
  }

  /** The TCP connection has ended (EOF or closed). Frames received before it come first. */
  receiveEof(): void {
    this.out.stamp();
    this.eofRcvd = true;
    if (this._state === 'connecting') {
      this.upgrade(this.handshake.end(violation('WS_ERR_HANDSHAKE_EOF', undefined, 'the server closed the connection before answering the upgrade')));
    }
  }

  /** The host's log is behind: no frame is decoded until resumeParsing. */
  pauseParsing(): void {
    this.parsingPaused = true;
  }

  resumeParsing(): void {
    this.out.stamp();
    this.parsingPaused = false;
  }

  /**
   * Decodes the next frame received, or takes the end of the input once
   * every frame before it is out. True when it did something: the host
   * hands on the output, then calls it again. False when it did nothing at
   * all, so there is no output to hand on.
   */
  decodeFrame(): boolean {
    if (!this.framing || this.parsingPaused) return false;
    const pending = this.parser.pendingBytes;
    if (pending === 0 && !this.eofRcvd) return false;
    this.out.stamp();
    if (this.parser.next()) return true;
    // a header that failed the connection was taken, or the start of a frame
    if (!this.eofRcvd) return this.parser.pendingBytes !== pending;
    // after the server's close frame, whatever follows is not a frame of this connection
    const partial = this.closeRcvd ? EMPTY : this.parser.partial();
    if (partial.length) {
      const shown = `${Buffer.from(partial.subarray(0, 64)).toString('hex')}${partial.length > 64 ? '...' : ''}`;
      const why = `the server closed the TCP connection in the middle of a frame: ${partial.length} bytes of it had arrived (partial: ${shown})`;
      this.out.error(violation('WS_ERR_TRUNCATED_FRAME', undefined, why), true);
    }
    this.finish();
    return true;
  }

  /** The transport failed (refused, DNS, TLS, reset, ...); the host names the cause. */
  transportError(code: ViolationCode, message: string): void {
    if (this._state === 'closed') return;
    this.out.stamp();
    // a connection that never opened is the client's failure to connect
    this.endWith(violation(code, undefined, message), this._state === 'connecting' ? 'failed' : 'dropped');
  }

  /** The host's connect timer fired. */
  connectTimedOut(ms: number): void {
    if (this._state !== 'connecting') return;
    this.out.stamp();
    this.upgrade(this.handshake.end(violation('WS_ERR_CONNECT_TIMEOUT', undefined, `no WebSocket handshake within ${ms} ms`)));
  }

  /** The host's close timer fired: the peer never finished the closing handshake. */
  closeTimedOut(ms: number): void {
    if (this._state === 'closed') return;
    this.out.stamp();
    const handshakeDone = this.closeRcvdThenSent !== null;
    const why = handshakeDone
      ? `the server did not close the TCP connection within ${ms} ms of the closing handshake`
      : `the closing handshake did not finish within ${ms} ms`;
    this.out.error(violation('WS_ERR_CLOSE_TIMEOUT', undefined, why), !handshakeDone);
    // the server that started closing and never finished dropped it; with no close frame either way, the client gives up on it
    if (!handshakeDone) this.unclean = this.closeSent || this.closeRcvd ? 'dropped' : 'failed';
    this.finish();
  }

  /** Fails the connection from outside the engine, such as a pong timeout. */
  failWith(code: ViolationCode, closeCode: number, message: string): void {
    this.out.stamp();
    this.fail(violation(code, closeCode, message));
  }

  sendText(text: string, fragments = 1): void {
    this.sendMessage(Opcode.Text, Buffer.from(text, 'utf8'), fragments);
  }

  sendBinary(data: Uint8Array, fragments = 1): void {
    this.sendMessage(Opcode.Binary, data, fragments);
  }

  /** One data message, compressed when deflate was negotiated, split into `fragments` frames. */
  private sendMessage(opcode: 1 | 2, data: Uint8Array, fragments: number): void {
    this.assertCanSend('send a message');
    if (!Number.isInteger(fragments) || fragments < 1) throw new CommandError('the number of fragments must be a whole number of at least 1');
    this.out.stamp();
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
    this.out.message('out', opcode, data, compressed !== null);
  }

  /** Sends a ping; returns its id for pingAnswered. */
  ping(payload: Uint8Array = EMPTY): number {
    this.assertCanSend('send a ping');
    assertControlPayload(payload, 'ping');
    this.out.stamp();
    const id = this.pings.sent(payload, this.out.t);
    this.writeFrame({ opcode: Opcode.Ping, payload });
    return id;
  }

  pingAnswered(id: number): boolean {
    return this.pings.answered(id);
  }

  pong(payload: Uint8Array = EMPTY): void {
    this.assertCanSend('send a pong');
    assertControlPayload(payload, 'pong');
    this.out.stamp();
    this.writeFrame({ opcode: Opcode.Pong, payload });
  }

  /** Starts the closing handshake, or answers the server's close when auto-answer is off. */
  close(code?: number | null, reason = ''): void {
    if (code != null && !isValidWireCloseCode(code)) {
      throw new CommandError(`close code ${code} cannot be sent: use 1000-1003, 1007-1014 or 3000-4999`);
    }
    if (code == null && reason) throw new CommandError('a close reason needs a close code');
    if (Buffer.byteLength(reason) > 123) throw new CommandError('a close reason is at most 123 bytes of UTF-8');
    if (this._state === 'closed') throw new CommandError('the connection is already closed');
    if (this.closeSent) throw new CommandError('a close frame was already sent');
    this.out.stamp();
    if (this._state !== 'connecting') return this.sendClose(code ?? null, reason);
    this.endWith(violation('WS_ERR_ABORTED', undefined, 'the connection was abandoned before it opened'), 'failed');
  }

  /** Exactly the frame asked for, whatever the state; marked crafted in the log. */
  sendFrame(spec: FrameSpec): void {
    if (this._state === 'closed') throw new CommandError('the connection is closed');
    this.out.stamp();
    this.writeFrame(spec, true);
  }

  /** These bytes on the socket as they are; frames found in them are logged as crafted. */
  sendRaw(bytes: Uint8Array): void {
    if (this._state === 'closed') throw new CommandError('the connection is closed');
    this.out.stamp();
    this.out.write([bytes]);
    this.rawOut ??= this.rawOutParser();
    this.rawOut.push(bytes);
  }

  private rawOutParser(): FrameParser {
    return new FrameParser({
      onHeader: () => undefined,
      onFrame: (h, payload) => {
        this.out.frame('out', h, payload, true);
        this.craftedMessage(h.opcode, h.fin, h.rsv1, payload);
      },
      onError: (v) => {
        this.out.error(violation(v.code, undefined, `raw bytes sent: ${v.message}`), false);
        this.rawOut = null;
      },
    });
  }

  private assertCanSend(what: string): void {
    if (this._state !== 'open') {
      const why = this.closeSent
        ? 'a close frame was already sent'
        : this.closeRcvd
          ? 'the server has started closing'
          : `the connection is ${this._state}`;
      throw new CommandError(`cannot ${what}: ${why} (a crafted frame can still be sent)`);
    }
  }

  private sendClose(code: number | null, reason: string): void {
    this.closeSent = { code, reason };
    if (this.closeRcvd) this.closeRcvdThenSent = true;
    this.writeFrame({ opcode: Opcode.Close, payload: encodeClosePayload(code, reason) });
    if (this._state === 'open') this.setState('closing');
  }

  private writeFrame(spec: FrameSpec, crafted = false): void {
    const enc = encodeFrame(spec, this.randomKey);
    this.out.sentFrame(spec, enc.maskKey, crafted);
    this.out.write(enc.chunks);
    if (crafted) this.craftedMessage(spec.opcode & 0x0f, spec.fin ?? true, !!spec.rsv1, spec.payload ?? new Uint8Array(0));
  }

  /** A whole data message that crafted frames have put on the wire is logged as sent, as the server reads it. */
  private craftedMessage(opcode: number, fin: boolean, rsv1: boolean, payload: Uint8Array): void {
    const m = this.craftedOut.frame(opcode, fin, rsv1, payload);
    if (m) this.out.message('out', m.opcode, m.data, false, m.opcode === 1 && !isValidUtf8(m.data) ? true : undefined);
  }

  // ---- the handshake ----

  private upgrade(outcome: HandshakeOutcome): void {
    if (outcome === null) return;
    if ('failed' in outcome) return this.endWith(outcome.failed, 'failed');
    this.deflate = outcome.deflate;
    this.assembler = new MessageAssembler({
      maxPayload: this.maxPayload,
      deflate: this.deflate,
      report: (v) => this.report(v),
    });
    this.out.open(outcome.protocol, outcome.extensions);
    this.setState('open');
    this.parser.append(outcome.rest);
  }

  // ---- frames ----

  private onHeader(h: FrameHeader): Violation | undefined {
    const assembler = this.closeRcvd ? null : this.assembler;
    for (const v of headerViolations(h, this.deflate !== null, this.maxPayload, assembler)) if (!this.report(v)) return v;
    return undefined;
  }

  private onFrame(h: FrameHeader, payload: Uint8Array): void {
    this.out.frame('in', h, payload, false, h.opcode === Opcode.Pong ? this.pings.pong(payload, this.out.t) : undefined);
    if (isReserved(h.opcode)) return;
    if (this.closeRcvd) {
      if (!this.afterCloseReported) {
        this.afterCloseReported = true;
        this.out.error(violation('WS_ERR_FRAME_AFTER_CLOSE', undefined, 'the server sent frames after its close frame; they are logged and ignored'), false);
      }
      return;
    }
    switch (h.opcode) {
      case Opcode.Close:
        return this.onClose(payload);
      case Opcode.Ping:
        // A ping over 125 bytes only gets here in lenient mode; echoing it would
        // make our own pong break the RFC, so it goes unanswered.
        if (this.autoPong && this._state === 'open' && payload.length <= 125) {
          this.writeFrame({ opcode: Opcode.Pong, payload });
        }
        return;
      case Opcode.Pong:
        return;
      default: {
        const m = this.assembler.push(h, payload);
        if (m === undefined) return;
        if ('code' in m) return this.fail(m);
        this.out.message('in', m.opcode, m.data, m.compressed, m.invalidUtf8);
      }
    }
  }

  private onClose(payload: Uint8Array): void {
    const parsed = parseClosePayload(payload);
    if ('message' in parsed) return this.fail(parsed);
    this.closeRcvd = parsed;
    if (this.closeSent) {
      this.closeRcvdThenSent = false;
      return;
    }
    if (this._state === 'open') this.setState('closing');
    if (this.answerClose) this.sendClose(parsed.code, '');
  }

  // ---- failing and finishing ----

  /** Lenient mode logs what it may let pass; returns true when the connection goes on. */
  private report(v: Violation): boolean {
    if (!(this.o.lenient && v.lenient)) return false;
    this.out.error(v, false);
    return true;
  }

  /** Fails the WebSocket connection (RFC 6455 section 7.1.7). */
  private fail(v: Violation): void {
    if (this.unclean !== null || this._state === 'closed') return;
    this.unclean = 'failed';
    this.parser.stop();
    this.out.error(v, true);
    if (!this.closeSent && v.closeCode) this.sendClose(v.closeCode, '');
    else if (this._state === 'open') this.setState('closing');
  }

  /** Ends the connection on `v` at once, without a closing handshake. */
  private endWith(v: Violation, how: 'failed' | 'dropped'): void {
    this.out.error(v, true);
    this.unclean = how;
    this.finish();
  }

  private finish(): void {
    if (this._state === 'closed') return;
    this.parser.stop();
    this.out.close(this.closeRcvd, this.closeSent, this.initiator(), this.closeRcvdThenSent !== null && this.unclean === null);
    this.setState('closed');
  }

  /** Who started the end: the client when it failed the connection, else whoever sent the first close frame; none when the TCP connection just ended. */
  private initiator(): CloseEvent['initiator'] {
    if (this.unclean === 'failed') return 'client';
    if (this.closeRcvd && (!this.closeSent || this.closeRcvdThenSent)) return 'server';
    return this.closeSent ? 'client' : 'none';
  }

  /** Open or closing: frames go both ways. */
  private get framing(): boolean {
    return this._state === 'open' || this._state === 'closing';
  }

  private setState(state: ConnectionState): void {
    this._state = state;
    this.out.state(state);
  }
}

function assertControlPayload(payload: Uint8Array, what: string): void {
  if (payload.length > 125) throw new CommandError(`a ${what} payload is at most 125 bytes (got ${payload.length}); a crafted frame can carry more`);
}

const EMPTY = new Uint8Array(0);
