import type { FrameHeader } from './frame.js';
import { applyMask } from './mask.js';
import { violation, type Violation } from './errors.js';

export interface FrameParserHandler {
  /**
   * Called once a header is complete, before any payload byte is buffered,
   * so limits are enforced without allocating. Returning a violation stops
   * the parser.
   */
  onHeader(header: FrameHeader): Violation | undefined;
  onFrame(header: FrameHeader, payload: Uint8Array): void;
  onError(v: Violation): void;
}

const enum Step {
  Info,
  Length16,
  Length64,
  Mask,
  Data,
  Stopped,
}

/**
 * Incremental RFC 6455 frame decoder, in the manner of ws's Receiver: any
 * chunking works, one byte at a time included. It decodes structure only;
 * what is allowed is decided by the handler's onHeader.
 */
export class FrameParser {
  private chunks: Uint8Array[] = [];
  private buffered = 0;
  private step = Step.Info;
  private header!: FrameHeader;

  constructor(private readonly handler: FrameParserHandler) {}

  get stopped(): boolean {
    return this.step === Step.Stopped;
  }

  /** Stops parsing; later input is ignored. */
  stop(): void {
    this.step = Step.Stopped;
    this.chunks = [];
    this.buffered = 0;
  }

  /** Bytes received but not yet part of a complete frame. */
  get pendingBytes(): number {
    return this.buffered;
  }

  push(chunk: Uint8Array): void {
    if (this.step === Step.Stopped || chunk.length === 0) return;
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    for (;;) {
      switch (this.step) {
        case Step.Info:
          if (this.buffered < 2) return;
          this.readInfo();
          break;
        case Step.Length16:
          if (this.buffered < 2) return;
          this.readLength16();
          break;
        case Step.Length64:
          if (this.buffered < 8) return;
          this.readLength64();
          break;
        case Step.Mask:
          if (this.buffered < 4) return;
          this.header.maskKey = this.consume(4);
          this.headerDone();
          break;
        case Step.Data:
          if (this.buffered < this.header.length) return;
          this.readData();
          break;
        default:
          return; // stopped by a violation found on the way
      }
    }
  }

  private readInfo(): void {
    const b = this.consume(2);
    const len7 = b[1] & 0x7f;
    this.header = {
      fin: (b[0] & 0x80) !== 0,
      rsv1: (b[0] & 0x40) !== 0,
      rsv2: (b[0] & 0x20) !== 0,
      rsv3: (b[0] & 0x10) !== 0,
      opcode: b[0] & 0x0f,
      masked: (b[1] & 0x80) !== 0,
      maskKey: null,
      length: len7,
    };
    if (len7 === 126) this.step = Step.Length16;
    else if (len7 === 127) this.step = Step.Length64;
    else this.lengthDone();
  }

  private readLength16(): void {
    const b = this.consume(2);
    this.header.length = (b[0] << 8) | b[1];
    this.lengthDone();
  }

  private readLength64(): void {
    const b = this.consume(8);
    if (b[0] & 0x80) {
      this.fail(violation('WS_ERR_INVALID_PAYLOAD_LENGTH', 1002, 'a 64-bit payload length has its most significant bit set'));
      return;
    }
    const high = ((b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3]) >>> 0;
    const low = ((b[4] << 24) | (b[5] << 16) | (b[6] << 8) | b[7]) >>> 0;
    // Above 2^53 - 1 a JS number is inexact; no limit we enforce is anywhere near that.
    this.header.length = high > 0x1fffff ? Number.MAX_SAFE_INTEGER : high * 2 ** 32 + low;
    this.lengthDone();
  }

  private lengthDone(): void {
    if (this.header.masked) this.step = Step.Mask;
    else this.headerDone();
  }

  private headerDone(): void {
    const v = this.handler.onHeader(this.header);
    if (v) {
      this.fail(v);
      return;
    }
    this.step = Step.Data;
  }

  private readData(): void {
    const h = this.header;
    let payload = h.length === 0 ? EMPTY : this.consume(h.length);
    if (h.maskKey) {
      // consume() may hand out a view of the caller's chunk; unmask a copy.
      const out = new Uint8Array(payload.length);
      applyMask(payload, h.maskKey, out);
      payload = out;
    }
    this.step = Step.Info;
    this.handler.onFrame(h, payload);
  }

  private fail(v: Violation): void {
    this.stop();
    this.handler.onError(v);
  }

  private consume(n: number): Uint8Array {
    this.buffered -= n;
    const first = this.chunks[0];
    if (n === first.length) {
      this.chunks.shift();
      return first;
    }
    if (n < first.length) {
      this.chunks[0] = first.subarray(n);
      return first.subarray(0, n);
    }
    const out = Buffer.allocUnsafe(n);
    let off = 0;
    while (off < n) {
      const c = this.chunks[0];
      const take = Math.min(c.length, n - off);
      out.set(take === c.length ? c : c.subarray(0, take), off);
      off += take;
      if (take === c.length) this.chunks.shift();
      else this.chunks[0] = c.subarray(take);
    }
    return out;
  }
}

const EMPTY = new Uint8Array(0);
