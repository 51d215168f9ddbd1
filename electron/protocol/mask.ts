/**
 * XORs `data` with the 4-byte key into `out` (may be the same buffer).
 * Works a 32-bit word at a time where both views are aligned, because
 * masking is the hot loop of every client frame.
 */
export function applyMask(data: Uint8Array, key: Uint8Array, out: Uint8Array = data): void {
  const len = data.length;
  let i = 0;
  if (len >= 64 && data.byteOffset % 4 === 0 && out.byteOffset % 4 === 0) {
    const words = len >>> 2;
    const src = new Uint32Array(data.buffer, data.byteOffset, words);
    const dst = new Uint32Array(out.buffer, out.byteOffset, words);
    const k = new Uint32Array(new Uint8Array([key[0], key[1], key[2], key[3]]).buffer)[0];
    for (let w = 0; w < words; w++) dst[w] = src[w] ^ k;
    i = words << 2;
  }
  for (; i < len; i++) out[i] = data[i] ^ key[i & 3];
}
