import type { FrameHeader } from './frame.js';
import { Opcode } from './opcodes.js';
import { violation, type Violation } from './errors.js';
import { Utf8Validator, isValidUtf8 } from './utf8.js';
import { InflateLimitError, type PerMessageDeflate } from './permessage-deflate.js';

export interface AssembledMessage {
  opcode: 1 | 2;
  data: Uint8Array;
  /** the frames' RSV1 said it was compressed */
  compressed: boolean;
  /** a text message that lenient mode let through although it is not UTF-8 */
  invalidUtf8?: boolean;
}

export interface AssemblerOptions {
  maxPayload: number;
  deflate: PerMessageDeflate | null;
  /** reports a violation; returns true when the connection goes on (lenient mode let it pass) */
  report: (v: Violation) => boolean;
}

/**
 * Builds whole messages from data frames, the second step after frame
 * parsing: fragment order, the size limit across fragments and after
 * inflation, and fail-fast UTF-8 checks per fragment.
 */
export class MessageAssembler {
  private opcode = 0;
  private compressed = false;
  private fragments: Uint8Array[] = [];
  private size = 0;
  private utf8 = new Utf8Validator();
  private utf8Failed = false;

  constructor(private readonly o: AssemblerOptions) {}

  get inMessage(): boolean {
    return this.opcode !== 0;
  }

  /** Checks a data frame's header before its payload is buffered. */
  checkHeader(h: FrameHeader): Violation | undefined {
    if (h.opcode === Opcode.Continuation) {
      if (!this.inMessage) return violation('WS_ERR_UNEXPECTED_CONTINUATION', 1002, 'a continuation frame arrived with no message to continue');
      if (h.rsv1 && this.o.deflate) return violation('WS_ERR_UNEXPECTED_RSV_1', 1002, 'RSV1 is set on a continuation frame');
    } else if (this.inMessage) {
      return violation('WS_ERR_EXPECTED_CONTINUATION', 1002, `a new ${h.opcode === Opcode.Text ? 'text' : 'binary'} frame arrived inside a fragmented message`);
    }
    if (this.size + h.length > this.o.maxPayload) {
      return violation('WS_ERR_UNSUPPORTED_MESSAGE_LENGTH', 1009, `the message is larger than the limit of ${this.o.maxPayload} bytes`);
    }
    return undefined;
  }

  /** Takes a data frame whose header passed checkHeader; returns the message it completes, if any. */
  push(h: FrameHeader, payload: Uint8Array): AssembledMessage | Violation | undefined {
    if (h.opcode !== Opcode.Continuation) {
      this.opcode = h.opcode;
      this.compressed = h.rsv1 && this.o.deflate !== null;
    }
    this.size += payload.length;
    if (payload.length) this.fragments.push(payload);
    if (this.opcode === Opcode.Text && !this.compressed && !this.utf8Failed) {
      if (!this.utf8.push(payload) || (h.fin && !this.utf8.complete())) {
        const v = this.utf8Violation();
        if (v) return v;
      }
    }
    if (!h.fin) return undefined;
    return this.finish();
  }

  private finish(): AssembledMessage | Violation | undefined {
    const opcode = this.opcode as 1 | 2;
    const compressed = this.compressed;
    let data: Uint8Array =
      this.fragments.length === 1 ? this.fragments[0] : this.fragments.length === 0 ? EMPTY : Buffer.concat(this.fragments, this.size);
    let invalidUtf8 = this.utf8Failed;
    this.reset();
    if (compressed) {
      try {
        data = this.o.deflate!.inflate(data, this.o.maxPayload);
      } catch (e) {
        if (e instanceof InflateLimitError) {
          return violation('WS_ERR_UNSUPPORTED_MESSAGE_LENGTH', 1009, `the inflated message is larger than the limit of ${this.o.maxPayload} bytes`);
        }
        return violation('WS_ERR_INFLATE', 1007, `permessage-deflate data could not be inflated: ${(e as Error).message}`);
      }
      if (opcode === Opcode.Text && !isValidUtf8(data)) {
        const v = this.utf8Violation();
        if (v) return v;
        invalidUtf8 = true;
      }
    }
    // Added, not spread: a spread builds the object the slow way, once per message.
    const m: AssembledMessage = { opcode, data, compressed };
    if (invalidUtf8) m.invalidUtf8 = true;
    return m;
  }

  /** Reports bad UTF-8; returns the violation when it is fatal. */
  private utf8Violation(): Violation | undefined {
    const v = violation('WS_ERR_INVALID_UTF8', 1007, 'a text message is not valid UTF-8', true);
    if (this.o.report(v)) {
      this.utf8Failed = true;
      return undefined;
    }
    return v;
  }

  private reset(): void {
    this.opcode = 0;
    this.compressed = false;
    this.fragments = [];
    this.size = 0;
    this.utf8.reset();
    this.utf8Failed = false;
  }
}

const EMPTY = new Uint8Array(0);
