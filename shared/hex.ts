// Shared with the renderer, so no Buffer here.
const DIGITS = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Lower-case hex with no separators, as the event log writes it. */
export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += DIGITS[bytes[i]];
  return s;
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
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}
