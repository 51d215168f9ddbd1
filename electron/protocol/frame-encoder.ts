import type { FrameSpec } from './frame.js';
import { applyMask, maskAligned } from './mask.js';

/** Above this size the payload goes out as its own aligned buffer, masked a word at a time. */
const SPLIT_AT = 1024;

export interface EncodedFrame {
  /** bytes for the socket, in order */
  chunks: Uint8Array[];
  maskKey: Uint8Array | null;
}

/**
 * Encodes one frame with the shortest length encoding. `randomKey` supplies a
 * fresh key when the spec asks for masking without giving one.
 */
export function encodeFrame(spec: FrameSpec, randomKey: () => Uint8Array): EncodedFrame {
  const payload = spec.payload ?? EMPTY;
  const len = payload.length;
  const masked = spec.mask ?? true;
  const key = masked ? (spec.maskKey ?? randomKey()) : null;
  const lenBytes = len < 126 ? 0 : len < 0x10000 ? 2 : 8;
  const headLen = 2 + lenBytes + (key ? 4 : 0);
  const inline = len < SPLIT_AT;
  const start = inline ? carve(headLen, headLen + len) : 0;
  // A plain view of the slab: a Buffer view costs twice as much to make, and the socket needs none of its methods.
  const head = inline ? new Uint8Array(slab, start, headLen + len) : Buffer.allocUnsafe(headLen);

  head[0] =
    ((spec.fin ?? true) ? 0x80 : 0) |
    (spec.rsv1 ? 0x40 : 0) |
    (spec.rsv2 ? 0x20 : 0) |
    (spec.rsv3 ? 0x10 : 0) |
    (spec.opcode & 0x0f);
  const maskBit = key ? 0x80 : 0;
  // Byte stores, as head may be a plain Uint8Array without Buffer's writeUInt*BE.
  if (lenBytes === 0) head[1] = maskBit | len;
  else if (lenBytes === 2) {
    head[1] = maskBit | 126;
    head[2] = len >>> 8;
    head[3] = len & 0xff;
  } else {
    head[1] = maskBit | 127;
    const high = Math.floor(len / 2 ** 32);
    const low = len >>> 0;
    for (let i = 0; i < 4; i++) {
      head[2 + i] = (high >>> (24 - 8 * i)) & 0xff;
      head[6 + i] = (low >>> (24 - 8 * i)) & 0xff;
    }
  }
  if (key) {
    // Byte stores: TypedArray#set costs more than it saves for four bytes.
    const at = 2 + lenBytes;
    head[at] = key[0];
    head[at + 1] = key[1];
    head[at + 2] = key[2];
    head[at + 3] = key[3];
  }

  if (inline) {
    head.set(payload, headLen);
    // carve() put the payload on a word boundary: mask it in place a word at a time.
    if (key) maskAligned(slabBytes, slabWords, start + headLen, len, key);
    return { chunks: [head], maskKey: key };
  }
  if (!key) return { chunks: [head, payload], maskKey: null };
  // The caller's payload is never masked in place: it is also in the log.
  // allocUnsafe skips zero-filling bytes that are all overwritten, and its
  // buffers are 4-byte aligned, so masking goes a word at a time; from an
  // unaligned payload it pays for one copy to get there.
  const body = Buffer.allocUnsafe(len);
  if (payload.byteOffset % 4 === 0) applyMask(payload, key, body);
  else {
    body.set(payload);
    applyMask(body, key);
  }
  return { chunks: [head, body], maskKey: key };
}

const EMPTY = new Uint8Array(0);

/*
 * Small frames (header and payload in one buffer) are carved from a shared
 * slab, the way Buffer.allocUnsafe carves from its pool, but placed so that
 * the payload starts on a 4-byte boundary. The payload is then copied in and
 * masked in place a 32-bit word at a time through views made once per slab:
 * a byte loop, or fresh views per frame, cost several times more for a
 * 125-byte frame. A slab is left to the garbage collector once full; the
 * frames cut from it live as long as the socket needs them.
 */
const SLAB_SIZE = 64 * 1024;
let slab = new ArrayBuffer(SLAB_SIZE);
let slabBytes = new Uint8Array(slab);
let slabWords = new Uint32Array(slab);
let slabUsed = 0;

/** Reserves `size` bytes whose byte `headLen` is 4-byte aligned; returns where they start. */
function carve(headLen: number, size: number): number {
  let start = ((slabUsed + headLen + 3) & ~3) - headLen;
  if (start + size > SLAB_SIZE) {
    slab = new ArrayBuffer(SLAB_SIZE);
    slabBytes = new Uint8Array(slab);
    slabWords = new Uint32Array(slab);
    start = ((headLen + 3) & ~3) - headLen;
  }
  slabUsed = start + size;
  return start;
}
