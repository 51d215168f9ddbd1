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

/** A payload this long is copied into its own buffer as it arrives, so it is never held twice (chunks, then their concatenation). */
const FILL_BYTES = 64 * 1024;
/** Above this a payload is not given its own buffer up front (a header alone must never allocate much): it is gathered as before. */
const FILL_MAX = 1024 * 1024 * 1024;

/**
 * Incremental RFC 6455 frame decoder, in the manner of ws's Receiver: any
 * chunking works, one byte at a time included. It decodes structure only;
 * what is allowed is decided by the handler's onHeader. Bytes can be handed
 * in and decoded later, a frame at a time (append, next), so whoever reads
 * the frames sets the pace.
 */
export class FrameParser {
  private chunks: Uint8Array[] = [];
  /** a large payload being filled as its bytes arrive */
  private filling: { buf: Buffer; got: number } | null = null;
  /** bytes of chunks[0] already consumed: reading moves this instead of slicing the chunk */
  private offset = 0;
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
    this.offset = 0;
    this.buffered = 0;
    this.filling = null;
  }

  /** Once next() says more bytes are needed: those of the frame begun but not whole (its header, and its payload so far). */
  partial(): Uint8Array {
    const parts = [...this.chunks];
    if (parts.length) parts[0] = parts[0].subarray(this.offset);
    if (this.step === Step.Stopped) return EMPTY;
    const filled = this.filling ? [this.filling.buf.subarray(0, this.filling.got)] : [];
    return Buffer.concat([...filled, ...parts]);
  }

  /** Bytes taken in but not yet handed out in a frame. */
  get pendingBytes(): number {
    return this.buffered + (this.filling?.got ?? 0);
  }

  /** Takes bytes and decodes every whole frame in them. */
  push(chunk: Uint8Array): void {
    this.append(chunk);
    while (this.next());
  }

  /** Takes bytes without decoding them yet. */
  append(chunk: Uint8Array): void {
    if (this.step === Step.Stopped || chunk.length === 0) return;
    this.chunks.push(chunk);
    this.buffered += chunk.length;
  }

  /** Decodes up to the next whole frame and hands it out; false when more bytes are needed (or parsing stopped). */
  next(): boolean {
    for (;;) {
      switch (this.step) {
        case Step.Info:
          if (this.buffered < 2) return false;
          this.readInfo();
          break;
        case Step.Length16:
          if (this.buffered < 2) return false;
          this.readLength16();
          break;
        case Step.Length64:
          if (this.buffered < 8) return false;
          this.readLength64();
          break;
        case Step.Mask:
          if (this.buffered < 4) return false;
          this.header.maskKey = this.consume(4);
          this.headerDone();
          break;
        case Step.Data:
          // filled only once bytes arrive, and only what a buffer can hold: a header alone never allocates
          if (this.header.length >= FILL_BYTES && this.header.length <= FILL_MAX && (this.filling || this.buffered > 0)) {
            if (!this.fill()) return false;
          } else if (this.buffered < this.header.length) {
            return false;
          }
          this.readData();
          return true;
        default:
          return false; // stopped by a violation found on the way
      }
    }
  }

  private readInfo(): void {
    // Header fields are read byte by byte in place (peek, then skip): a
    // view per field would cost an allocation for two bytes, many times
    // per socket chunk when frames are small.
    const b0 = this.peek(0);
    const b1 = this.peek(1);
    this.skip(2);
    const len7 = b1 & 0x7f;
    this.header = {
      fin: (b0 & 0x80) !== 0,
      rsv1: (b0 & 0x40) !== 0,
      rsv2: (b0 & 0x20) !== 0,
      rsv3: (b0 & 0x10) !== 0,
      opcode: b0 & 0x0f,
      masked: (b1 & 0x80) !== 0,
      maskKey: null,
      length: len7,
    };
    if (len7 === 126) this.step = Step.Length16;
    else if (len7 === 127) this.step = Step.Length64;
    else this.lengthDone();
  }

  private readLength16(): void {
    this.header.length = (this.peek(0) << 8) | this.peek(1);
    this.skip(2);
    this.lengthDone();
  }

  private readLength64(): void {
    const b0 = this.peek(0);
    if (b0 & 0x80) {
      this.fail(violation('WS_ERR_INVALID_PAYLOAD_LENGTH', 1002, 'a 64-bit payload length has its most significant bit set'));
      return;
    }
    const high = ((b0 << 24) | (this.peek(1) << 16) | (this.peek(2) << 8) | this.peek(3)) >>> 0;
    const low = ((this.peek(4) << 24) | (this.peek(5) << 16) | (this.peek(6) << 8) | this.peek(7)) >>> 0;
    this.skip(8);
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

  /** Moves what has arrived of a large payload into its buffer; true once it is whole. */
  private fill(): boolean {
    this.filling ??= { buf: Buffer.allocUnsafe(this.header.length), got: 0 };
    const f = this.filling;
    while (f.got < f.buf.length && this.buffered > 0) {
      const c = this.chunks[0];
      const take = Math.min(c.length - this.offset, f.buf.length - f.got);
      f.buf.set(c.subarray(this.offset, this.offset + take), f.got);
      f.got += take;
      this.skip(take);
    }
    return f.got === f.buf.length;
  }

  private readData(): void {
    const h = this.header;
    let payload: Uint8Array;
    const own = this.filling !== null;
    if (this.filling) {
      payload = this.filling.buf;
      this.filling = null;
    } else {
      payload = h.length === 0 ? EMPTY : this.consume(h.length);
    }
    if (h.maskKey && own) {
      applyMask(payload, h.maskKey);
    } else if (h.maskKey) {
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

  /** The i-th byte not yet consumed; i < buffered. */
  private peek(i: number): number {
    let at = this.offset + i;
    let k = 0;
    while (at >= this.chunks[k].length) at -= this.chunks[k++].length;
    return this.chunks[k][at];
  }

  /** Drops n bytes (n <= buffered) that have been read with peek(). */
  private skip(n: number): void {
    this.buffered -= n;
    let at = this.offset + n;
    while (this.chunks.length > 0 && at >= this.chunks[0].length) at -= this.chunks.shift()!.length;
    this.offset = at;
  }

  /** The next n bytes (n <= buffered): a view of the chunk when they lie in one, else a copy. */
  private consume(n: number): Uint8Array {
    const first = this.chunks[0];
    const start = this.offset;
    if (start + n <= first.length) {
      this.buffered -= n;
      if (start + n === first.length) {
        this.chunks.shift();
        this.offset = 0;
        return start === 0 ? first : first.subarray(start);
      }
      this.offset = start + n;
      return first.subarray(start, start + n);
    }
    const out = Buffer.allocUnsafe(n);
    let off = 0;
    while (off < n) {
      const c = this.chunks[0];
      const from = this.offset;
      const take = Math.min(c.length - from, n - off);
      out.set(from === 0 && take === c.length ? c : c.subarray(from, from + take), off);
      off += take;
      this.skip(take);
    }
    return out;
  }
}

const EMPTY = new Uint8Array(0);
