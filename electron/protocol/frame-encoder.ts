import type { FrameSpec } from './frame.js';
import { applyMask } from './mask.js';

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
  const head = Buffer.allocUnsafe(inline ? headLen + len : headLen);

  head[0] =
    ((spec.fin ?? true) ? 0x80 : 0) |
    (spec.rsv1 ? 0x40 : 0) |
    (spec.rsv2 ? 0x20 : 0) |
    (spec.rsv3 ? 0x10 : 0) |
    (spec.opcode & 0x0f);
  const maskBit = key ? 0x80 : 0;
  if (lenBytes === 0) head[1] = maskBit | len;
  else if (lenBytes === 2) {
    head[1] = maskBit | 126;
    head.writeUInt16BE(len, 2);
  } else {
    head[1] = maskBit | 127;
    head.writeUInt32BE(Math.floor(len / 2 ** 32), 2);
    head.writeUInt32BE(len >>> 0, 6);
  }
  if (key) head.set(key, 2 + lenBytes);

  if (inline) {
    const body = head.subarray(headLen);
    if (key) applyMask(payload, key, body);
    else body.set(payload);
    return { chunks: [head], maskKey: key };
  }
  if (!key) return { chunks: [head, payload], maskKey: null };
  const body = new Uint8Array(len);
  body.set(payload);
  applyMask(body, key);
  return { chunks: [head, body], maskKey: key };
}

const EMPTY = new Uint8Array(0);
