/** The platform's byte order, for reading a 4-byte key as one 32-bit word. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * XORs `data` with the 4-byte key into `out` at `outOffset` (`out` may be
 * `data` itself). Masking is the hot loop of every client frame, so:
 * - long runs go a 32-bit word at a time where source and target are both
 *   4-byte aligned (a byte loop in JS is several times slower);
 * - the rest goes four bytes per turn with the key bytes in locals, which
 *   spares the `key[i & 3]` load on every byte.
 * `outOffset` lets the encoder mask straight into the frame buffer after the
 * header, without creating a view for it.
 */
export function applyMask(data: Uint8Array, key: Uint8Array, out: Uint8Array = data, outOffset = 0): void {
  const len = data.length;
  const k0 = key[0];
  const k1 = key[1];
  const k2 = key[2];
  const k3 = key[3];
  let i = 0;
  if (len >= 64 && data.byteOffset % 4 === 0 && (out.byteOffset + outOffset) % 4 === 0) {
    const words = len >>> 2;
    const src = new Uint32Array(data.buffer, data.byteOffset, words);
    const dst = new Uint32Array(out.buffer, out.byteOffset + outOffset, words);
    const k = LITTLE_ENDIAN ? (k0 | (k1 << 8) | (k2 << 16) | (k3 << 24)) >>> 0 : ((k0 << 24) | (k1 << 16) | (k2 << 8) | k3) >>> 0;
    for (let w = 0; w < words; w++) dst[w] = src[w] ^ k;
    i = words << 2;
  } else {
    for (const end = len & ~3; i < end; i += 4) {
      const o = outOffset + i;
      out[o] = data[i] ^ k0;
      out[o + 1] = data[i + 1] ^ k1;
      out[o + 2] = data[i + 2] ^ k2;
      out[o + 3] = data[i + 3] ^ k3;
    }
  }
  for (; i < len; i++) out[outOffset + i] = data[i] ^ key[i & 3];
}

/** Keys drawn per call of the random source. */
const KEYS_PER_DRAW = 256;

/**
 * Fresh mask keys, drawn from the injected random source in batches of 256
 * keys rather than one call per frame: every client frame needs a key, and a
 * call into the source (a pool slice, a copy, or a system call) costs more
 * than the masking of a small frame. The bytes are the source's own, in the
 * order it gives them. Each key is a new array because the frame event
 * keeps it.
 */
export class MaskKeySource {
  private pool: Uint8Array = new Uint8Array(0);
  private used = 0;

  constructor(private readonly random: (n: number) => Uint8Array) {}

  next(): Uint8Array {
    if (this.used + 4 > this.pool.length) {
      this.pool = this.random(4 * KEYS_PER_DRAW);
      this.used = 0;
    }
    const p = this.pool;
    const i = this.used;
    this.used = i + 4;
    const key = new Uint8Array(4);
    key[0] = p[i];
    key[1] = p[i + 1];
    key[2] = p[i + 2];
    key[3] = p[i + 3];
    return key;
  }
}

/**
 * Masks `len` bytes of `bytes` in place, starting at `at`, which must be a
 * multiple of 4; `words` is a Uint32Array over the same whole buffer. The
 * caller keeps that view for many frames: for a small frame, creating typed
 * array views would cost more than the masking itself.
 */
export function maskAligned(bytes: Uint8Array, words: Uint32Array, at: number, len: number, key: Uint8Array): void {
  const k = LITTLE_ENDIAN
    ? (key[0] | (key[1] << 8) | (key[2] << 16) | (key[3] << 24)) >>> 0
    : ((key[0] << 24) | (key[1] << 16) | (key[2] << 8) | key[3]) >>> 0;
  const first = at >>> 2;
  const end = first + (len >>> 2);
  for (let w = first; w < end; w++) words[w] ^= k;
  for (let i = len & ~3; i < len; i++) bytes[at + i] ^= key[i & 3];
}
