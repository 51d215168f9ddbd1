import type { ClosePayload } from './close-frame.js';
import type { Violation } from './errors.js';
import type { CloseEvent, ConnectionState, EngineEvent, ErrorEvent, FrameEvent, MessageEvent } from './events.js';
import type { FrameHeader, FrameSpec } from './frame.js';
import type { Header, ResponseHead } from './handshake.js';

/**
 * Where the engine's output goes, in order: its events and the bytes to
 * write. The host only records them here; it hands them on after the input
 * that caused them has returned, so it never calls the engine from inside
 * one. A sink rather than arrays the engine fills for the host to drain:
 * with arrays, 125-byte frames parsed and sent 25-40% slower (npm run
 * bench), every event kept alive until drained.
 */
export interface ClientSink {
  event(e: EngineEvent): void;
  write(chunks: Uint8Array[]): void;
}

/**
 * The engine's output: every event it reports is made here, with the one
 * clock reading of the input being handled, and goes to the host's sink. A
 * socket chunk arrives at one moment, and so does a command: one reading
 * says when that was, and the clock is not read again for each of the
 * hundreds of small frames a chunk can hold (a precise clock costs about
 * as much as parsing a small frame).
 *
 * Optional fields are added after an event's literal, never spread into
 * it: a spread makes V8 build every event object the slow way, once per
 * frame.
 */
export class Output {
  /** when the input being handled happened, in milliseconds since the epoch */
  t = 0;

  constructor(
    private readonly sink: ClientSink,
    private readonly clock: () => number,
  ) {}

  /** Every input starts here: the only place the clock is read. */
  stamp(): void {
    this.t = this.clock();
  }

  write(chunks: Uint8Array[]): void {
    this.sink.write(chunks);
  }

  state(state: ConnectionState): void {
    this.sink.event({ type: 'state', t: this.t, state });
  }

  handshakeRequest(url: string, headers: Header[]): void {
    this.sink.event({ type: 'handshake-request', t: this.t, method: 'GET', url, headers });
  }

  handshakeResponse(head: ResponseHead, body?: string): void {
    const e: Extract<EngineEvent, { type: 'handshake-response' }> = { type: 'handshake-response', t: this.t, status: head.status, statusText: head.statusText, headers: head.headers };
    if (body !== undefined) e.body = body;
    this.sink.event(e);
  }

  open(protocol: string, extensions: string): void {
    this.sink.event({ type: 'open', t: this.t, protocol, extensions });
  }

  /** A frame as it was on the wire, received or found in raw bytes sent. */
  frame(dir: FrameEvent['dir'], h: FrameHeader, payload: Uint8Array, crafted: boolean, rttMs?: number): void {
    const e: FrameEvent = {
      type: 'frame',
      t: this.t,
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
    if (crafted) e.crafted = true;
    if (rttMs !== undefined) e.rttMs = rttMs;
    this.sink.event(e);
  }

  /** A frame we encoded from `spec`, with the mask key it went out with. */
  sentFrame(spec: FrameSpec, maskKey: Uint8Array | null, crafted: boolean): void {
    const payload = spec.payload ?? EMPTY;
    const e: FrameEvent = {
      type: 'frame',
      t: this.t,
      dir: 'out',
      fin: spec.fin ?? true,
      rsv1: !!spec.rsv1,
      rsv2: !!spec.rsv2,
      rsv3: !!spec.rsv3,
      masked: maskKey !== null,
      opcode: spec.opcode & 0x0f,
      maskKey,
      length: payload.length,
      payload,
    };
    if (crafted) e.crafted = true;
    this.sink.event(e);
  }

  message(dir: MessageEvent['dir'], opcode: 1 | 2, data: Uint8Array, compressed: boolean, invalidUtf8?: boolean): void {
    const e: MessageEvent = { type: 'message', t: this.t, dir, opcode, length: data.length, data };
    if (compressed) e.compressed = true;
    if (invalidUtf8) e.invalidUtf8 = true;
    this.sink.event(e);
  }

  /** `fatal` false: a violation lenient mode let pass, or a note. */
  error(v: Violation, fatal: boolean): void {
    // two literals: closeCode keeps its place before fatal in the log line
    const e: ErrorEvent = v.closeCode
      ? { type: 'error', t: this.t, code: v.code, message: v.message, closeCode: v.closeCode, fatal }
      : { type: 'error', t: this.t, code: v.code, message: v.message, fatal };
    this.sink.event(e);
  }

  /** `rcvd` gives the code and reason; `sent`, when a close frame went out, sentCode and sentReason. */
  close(rcvd: ClosePayload | null, sent: ClosePayload | null, initiator: CloseEvent['initiator'], wasClean: boolean): void {
    const e: CloseEvent = { type: 'close', t: this.t, code: rcvd ? rcvd.code : null, reason: rcvd ? rcvd.reason : '', initiator, wasClean };
    // only when a close frame went out, so "no frame" and "a frame without a code" differ
    if (sent) {
      e.sentCode = sent.code;
      e.sentReason = sent.reason;
    }
    this.sink.event(e);
  }
}

const EMPTY = new Uint8Array(0);
