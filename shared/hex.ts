// Shared with the renderer: Buffer where there is one (Node), typed arrays where not.
interface NodeBufferClass {
  from(data: ArrayBufferLike, offset: number, length: number): { toString(encoding: 'hex'): string };
  from(data: string, encoding: 'hex'): Uint8Array;
}
const NodeBuffer = (globalThis as { Buffer?: NodeBufferClass }).Buffer;

/** Two ASCII hex digits per byte value, packed as one UTF-16 code unit pair's worth of bytes. */
const PAIRS = new Uint16Array(256);
for (let i = 0; i < 256; i++) {
  const s = i.toString(16).padStart(2, '0');
  // little-endian: the first digit is the low byte
  PAIRS[i] = s.charCodeAt(0) | (s.charCodeAt(1) << 8);
}
const ascii = new TextDecoder('ascii');

/** Lower-case hex with no separators, as the event log writes it. */
export function toHex(bytes: Uint8Array): string {
  if (NodeBuffer) return NodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
  const out = new Uint16Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = PAIRS[bytes[i]];
  return ascii.decode(new Uint8Array(out.buffer));
}

/**
 * Parses hex typed by a person: whitespace, colons and a 0x prefix are
 * allowed. Throws with a message naming the problem.
 */
export function parseHex(input: string): Uint8Array {
  const clean = input.trim().replace(/^0x/i, '').replace(/[\s:]/g, '');
  const bad = /[^0-9a-fA-F]/.exec(clean);
  if (bad) throw new Error(`invalid hex: unexpected character "${bad[0]}" at position ${bad.index + 1}`);
  if (clean.length % 2 !== 0) throw new Error(`invalid hex: odd number of digits (${clean.length})`);
  if (NodeBuffer) return NodeBuffer.from(clean, 'hex');
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = (digit(clean.charCodeAt(2 * i)) << 4) | digit(clean.charCodeAt(2 * i + 1));
  return out;
}

function digit(c: number): number {
  // '0'-'9', then 'A'-'F' and 'a'-'f' (case folded by the 0x20 bit)
  return c <= 57 ? c - 48 : (c | 0x20) - 87;
}
