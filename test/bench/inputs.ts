/**
 * Bench inputs, built without the engine so that a bug in its encoder cannot
 * make both sides parse the same wrong bytes.
 */

/** JSON-like text with 2-, 3- and 4-byte UTF-8 sequences, as chat and API traffic has. */
const SAMPLE =
  '{"id":1234567,"user":"Zoë Müller","city":"São Paulo","text":"price 42 € — ok ✓ 漢字 🚀","tags":["α","β","γ"],"ok":true}\n';

/** Exactly `size` bytes of valid UTF-8 text (cut at a code point boundary, padded with spaces). */
export function textPayload(size: number): Buffer {
  const unit = Buffer.from(SAMPLE, 'utf8');
  const out = Buffer.alloc(size, 0x20);
  let off = 0;
  while (off < size) {
    let take = Math.min(unit.length, size - off);
    // Do not end in the middle of a multi-byte sequence.
    while (take > 0 && take < unit.length && (unit[take] & 0xc0) === 0x80) take--;
    if (take === 0) break;
    unit.copy(out, off, 0, take);
    off += take;
    if (take < unit.length) break;
  }
  return out;
}

/** `size` bytes of deterministic pseudo-random binary data. */
export function binaryPayload(size: number): Buffer {
  const out = Buffer.allocUnsafe(size);
  let x = 0x9e3779b9;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** One unmasked FIN frame, as a server sends it (RFC 6455 section 5.2). */
export function serverFrame(opcode: number, payload: Uint8Array): Buffer {
  const len = payload.length;
  const headLen = len < 126 ? 2 : len < 0x10000 ? 4 : 10;
  const frame = Buffer.allocUnsafe(headLen + len);
  frame[0] = 0x80 | opcode;
  if (len < 126) frame[1] = len;
  else if (len < 0x10000) {
    frame[1] = 126;
    frame.writeUInt16BE(len, 2);
  } else {
    frame[1] = 127;
    frame.writeUInt32BE(Math.floor(len / 2 ** 32), 2);
    frame.writeUInt32BE(len >>> 0, 6);
  }
  frame.set(payload, headLen);
  return frame;
}

/**
 * `count` copies of a frame back to back, cut into `chunkSize` pieces the
 * way TCP hands a socket its data: frame boundaries fall anywhere. Each
 * chunk is its own buffer, as socket reads are.
 */
export function socketChunks(frame: Uint8Array, count: number, chunkSize: number): Buffer[] {
  const stream = Buffer.allocUnsafe(frame.length * count);
  for (let i = 0; i < count; i++) stream.set(frame, i * frame.length);
  const chunks: Buffer[] = [];
  for (let off = 0; off < stream.length; off += chunkSize) {
    chunks.push(Buffer.from(stream.subarray(off, Math.min(stream.length, off + chunkSize))));
  }
  return chunks;
}
