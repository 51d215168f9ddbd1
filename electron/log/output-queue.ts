/** Bytes of one chunk of small writes. */
const CHUNK_BYTES = 256 * 1024;
/** A payload at least this long is not copied in: its hex or escaped text is made as it is taken. */
export const DEFER_BYTES = 64 * 1024;
/**
 * Chunks kept for reuse while bytes wait: as many as a backlog at the
 * writers' high-water mark (8 MiB) and a write in flight (4 MiB) hold, so a
 * flood allocates no chunk once it runs. Each new chunk is memory outside
 * the JS heap, and enough of it makes V8 collect the whole heap.
 */
const KEEP_BUSY = 64;
/** Chunks kept once nothing waits: a burst's chunks go back to the allocator. */
const KEEP_IDLE = 8;

const HEX = Buffer.from('0123456789abcdef', 'latin1');
/** Both hex digits of each byte value as one little-endian 16-bit store: half the writes of a digit at a time. */
const HEX_PAIRS = new Uint16Array(256);
for (let v = 0; v < 256; v++) HEX_PAIRS[v] = HEX[v >> 4] | (HEX[v & 15] << 8);
/** The four digits of each pair of bytes (the first in the low half) as one 32-bit store: a 100-byte payload's hex in 50 stores, for a 256 KiB table made once. */
const HEX_QUADS = new Uint32Array(65536);
for (let v = 0; v < 65536; v++) HEX_QUADS[v] = HEX_PAIRS[v & 255] | (HEX_PAIRS[v >> 8] << 16);
const ESCAPE = new Uint8Array(256);
const SHORT_ESCAPE: Record<number, number> = { 0x08: 0x62, 0x09: 0x74, 0x0a: 0x6e, 0x0c: 0x66, 0x0d: 0x72, 0x22: 0x22, 0x5c: 0x5c };
// extra bytes JSON.stringify writes for each byte value: \" \\ \n and friends take one, other controls \u00XX five
for (let b = 0; b < 0x20; b++) ESCAPE[b] = 5;
for (const b of Object.keys(SHORT_ESCAPE)) ESCAPE[Number(b)] = 1;

/** A large payload written out later, a slice at a time, as hex or as the inside of a JSON string. */
interface Deferred {
  kind: 'hex' | 'text';
  bytes: Uint8Array;
  /** bytes of the payload already made into output */
  done: number;
}

/**
 * The bytes of a stream of NDJSON lines on their way to a file or a pipe.
 * Small writes land in chunks; a large payload is kept as it is and made
 * into hex or JSON text only as the consumer takes it, so a 100 MiB message
 * never exists as a 200 MiB string or buffer. `position` counts every byte
 * ever queued: the offset in the output where the next byte lands.
 */
export class OutputQueue {
  private chunk: Buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  private chunkView = new DataView(this.chunk.buffer, this.chunk.byteOffset, this.chunk.length);
  private used = 0;
  private readonly parts: (Buffer | Deferred)[] = [];
  /** chunks this queue made, so only they come back through release() */
  private readonly own = new WeakSet<ArrayBuffer>();
  /** chunks written out and handed back, reused instead of allocated */
  private readonly free: Buffer[] = [];
  /** bytes queued and not yet taken */
  queued = 0;
  /** bytes ever queued */
  position = 0;

  constructor(start = 0) {
    this.position = start;
    this.own.add(this.chunk.buffer as ArrayBuffer);
  }

  /**
   * For writers that fill the chunk in place (the serializer's hot path):
   * makes room for `n` bytes at `used` in `chunk`, to be written there and
   * then claimed with advance().
   */
  ensure(n: number): void {
    if (this.used + n > this.chunk.length) this.seal(n);
  }

  /** The bytes written in place up to `end` are queued. */
  advance(end: number): void {
    this.grow(end - this.used);
    this.used = end;
  }

  /** The chunk being filled, and where its free room starts (see ensure). */
  get buffer(): Buffer {
    return this.chunk;
  }

  get at(): number {
    return this.used;
  }

  /** The chunk being filled as a DataView, for hexInto. */
  get view(): DataView {
    return this.chunkView;
  }

  /** Hex written in place (see ensure) into `out` (a view of the chunk) from `p`; returns the end. */
  static hexInto(b: Uint8Array, out: DataView, p: number): number {
    const n = b.length;
    let i = 0;
    for (; i + 1 < n; i += 2) {
      out.setUint32(p, HEX_QUADS[b[i] | (b[i + 1] << 8)], true);
      p += 4;
    }
    if (i < n) {
      out.setUint16(p, HEX_PAIRS[b[i]], true);
      p += 2;
    }
    return p;
  }

  /** An ASCII string (keys, numbers, hex, escaped JSON). */
  ascii(s: string): void {
    if (this.used + s.length > CHUNK_BYTES) this.seal(s.length);
    this.used += this.chunk.write(s, this.used, 'latin1');
    this.grow(s.length);
  }

  /** Any string, as UTF-8 (JSON from JSON.stringify, which escapes lone surrogates, so nothing is lost). */
  utf8(s: string): void {
    const n = Buffer.byteLength(s, 'utf8');
    if (this.used + n > CHUNK_BYTES) this.seal(n);
    this.used += this.chunk.write(s, this.used, 'utf8');
    this.grow(n);
  }

  /** Bytes as they are: already UTF-8 JSON. */
  raw(b: Uint8Array): void {
    if (b.length >= DEFER_BYTES) {
      this.seal(0);
      this.parts.push(Buffer.from(b.buffer, b.byteOffset, b.length));
    } else {
      if (this.used + b.length > CHUNK_BYTES) this.seal(b.length);
      this.chunk.set(b, this.used);
      this.used += b.length;
    }
    this.grow(b.length);
  }

  /** Lower-case hex of the bytes. */
  hex(b: Uint8Array): void {
    const n = b.length * 2;
    if (b.length >= DEFER_BYTES) return this.defer({ kind: 'hex', bytes: b, done: 0 }, n);
    if (this.used + n > CHUNK_BYTES) this.seal(n);
    this.used = OutputQueue.hexInto(b, this.chunkView, this.used);
    this.grow(n);
  }

  /**
   * UTF-8 bytes as the inside of a JSON string, escaped byte for byte as
   * JSON.stringify escapes the string they decode to. The bytes must be
   * valid UTF-8 (no lone surrogates can come from them).
   */
  text(b: Uint8Array): void {
    let n = b.length;
    for (let i = 0; i < b.length; i++) n += ESCAPE[b[i]];
    if (b.length >= DEFER_BYTES) return this.defer({ kind: 'text', bytes: b, done: 0 }, n);
    if (this.used + n > CHUNK_BYTES) this.seal(n);
    this.used = escapeInto(b, 0, b.length, this.chunk, this.used);
    this.grow(n);
  }

  /** The next bytes to write, at most about `max`, or null when nothing is queued. */
  take(max = CHUNK_BYTES): Buffer | null {
    if (!this.parts.length) {
      if (!this.used) return null;
      this.seal(0);
    }
    const first = this.parts[0];
    if (Buffer.isBuffer(first)) {
      this.parts.shift();
      this.queued -= first.length;
      return first;
    }
    // a deferred payload is made into output a chunk at a time, in chunks that come back through release()
    const chunk = this.free.pop() ?? Buffer.allocUnsafe(CHUNK_BYTES);
    this.own.add(chunk.buffer as ArrayBuffer);
    const n = sliceInto(first, chunk, Math.min(CHUNK_BYTES, Math.max(max, 16)));
    if (first.done === first.bytes.length) this.parts.shift();
    this.queued -= n;
    return chunk.subarray(0, n);
  }

  private defer(d: Deferred, outputBytes: number): void {
    this.seal(0);
    this.parts.push(d);
    this.grow(outputBytes);
  }

  /**
   * A buffer take() gave out has been written and is no longer needed: its
   * memory serves a later chunk (a flood would otherwise allocate a chunk per
   * 256 KiB and leave the rest to the garbage collector).
   */
  release(b: Buffer): void {
    if (b.byteOffset === 0 && b.buffer.byteLength === CHUNK_BYTES && this.own.has(b.buffer as ArrayBuffer) && this.free.length < KEEP_BUSY) {
      this.own.delete(b.buffer as ArrayBuffer);
      this.free.push(Buffer.from(b.buffer));
    }
    if (this.queued === 0 && this.free.length > KEEP_IDLE) this.free.length = KEEP_IDLE;
  }

  /** Ends the current chunk (if it holds anything) and starts one with room for `need` bytes. */
  private seal(need: number): void {
    if (this.used) this.parts.push(this.chunk.subarray(0, this.used));
    this.chunk = (need <= CHUNK_BYTES && this.free.pop()) || Buffer.allocUnsafe(Math.max(CHUNK_BYTES, need));
    if (this.chunk.length === CHUNK_BYTES) this.own.add(this.chunk.buffer as ArrayBuffer);
    this.chunkView = new DataView(this.chunk.buffer, this.chunk.byteOffset, this.chunk.length);
    this.used = 0;
  }

  private grow(n: number): void {
    this.queued += n;
    this.position += n;
  }
}

/** The next output of a deferred payload into `out`, at most `max` bytes (an escape is never split); returns its length. */
function sliceInto(d: Deferred, out: Buffer, max: number): number {
  const from = d.done;
  if (d.kind === 'hex') {
    const to = Math.min(d.bytes.length, from + (max >> 1));
    d.done = to;
    return OutputQueue.hexInto(d.bytes.subarray(from, to), new DataView(out.buffer, out.byteOffset, out.length), 0);
  }
  let to = from;
  let n = 0;
  while (to < d.bytes.length && n + 1 + ESCAPE[d.bytes[to]] <= max) n += 1 + ESCAPE[d.bytes[to++]];
  escapeInto(d.bytes, from, to, out, 0);
  d.done = to;
  return n;
}

/** Writes bytes [from, to) escaped into out at p; returns the end. */
function escapeInto(b: Uint8Array, from: number, to: number, out: Uint8Array, p: number): number {
  for (let i = from; i < to; i++) {
    const v = b[i];
    if (ESCAPE[v] === 0) {
      out[p++] = v;
    } else if (ESCAPE[v] === 1) {
      out[p++] = 0x5c;
      out[p++] = SHORT_ESCAPE[v];
    } else {
      // \u00XX, lower-case hex as JSON.stringify writes it
      out[p++] = 0x5c;
      out[p++] = 0x75;
      out[p++] = 0x30;
      out[p++] = 0x30;
      out[p++] = HEX[v >> 4];
      out[p++] = HEX[v & 15];
    }
  }
  return p;
}
