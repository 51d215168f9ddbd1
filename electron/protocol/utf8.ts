import { isUtf8 } from 'node:buffer';

/**
 * Incremental, fail-fast UTF-8 validation (Unicode Table 3-7): a message is
 * checked fragment by fragment, and a code point may be split across
 * fragments. Bulk bytes go to the native `isUtf8`; only the few bytes around
 * a fragment boundary go through the byte-level state machine below.
 */
export class Utf8Validator {
  /** continuation bytes still expected for the current code point */
  private need = 0;
  /** allowed range of the next continuation byte */
  private lo = 0x80;
  private hi = 0xbf;

  /** Returns false as soon as the bytes seen so far cannot be valid UTF-8. */
  push(bytes: Uint8Array): boolean {
    let i = 0;
    const len = bytes.length;
    while (this.need > 0 && i < len) if (!this.step(bytes[i++])) return false;
    if (len - i < 32) {
      // Short inputs stay in JS, where a native call costs more than it saves.
      while (i < len) if (!this.step(bytes[i++])) return false;
      return true;
    }
    const tailStart = incompleteTailStart(bytes, i);
    const body = i === 0 && tailStart === len ? bytes : bytes.subarray(i, tailStart);
    if (!isUtf8(body)) return false;
    for (let j = tailStart; j < len; j++) if (!this.step(bytes[j])) return false;
    return true;
  }

  /** True when the bytes so far end on a code point boundary. */
  complete(): boolean {
    return this.need === 0;
  }

  reset(): void {
    // The narrowed range after E0/ED/F0/F4 must go too, or the next message's
    // first continuation byte is judged by the abandoned code point's rules.
    this.need = 0;
    this.lo = 0x80;
    this.hi = 0xbf;
  }

  private step(b: number): boolean {
    if (this.need > 0) {
      if (b < this.lo || b > this.hi) return false;
      this.need--;
      this.lo = 0x80;
      this.hi = 0xbf;
      return true;
    }
    if (b < 0x80) return true;
    if (b >= 0xc2 && b <= 0xdf) this.need = 1;
    else if (b === 0xe0) {
      this.need = 2;
      this.lo = 0xa0;
    } else if (b === 0xed) {
      this.need = 2;
      this.hi = 0x9f;
    } else if (b >= 0xe1 && b <= 0xef) this.need = 2;
    else if (b === 0xf0) {
      this.need = 3;
      this.lo = 0x90;
    } else if (b === 0xf4) {
      this.need = 3;
      this.hi = 0x8f;
    } else if (b >= 0xf1 && b <= 0xf3) this.need = 3;
    else return false;
    return true;
  }
}

export function isValidUtf8(bytes: Uint8Array): boolean {
  if (bytes.length >= 32) return isUtf8(bytes);
  const v = new Utf8Validator();
  return v.push(bytes) && v.complete();
}

/**
 * Index where a trailing, not yet complete multi-byte sequence starts
 * (bytes.length when the buffer ends on a boundary or the tail is invalid,
 * which the bulk check then reports).
 */
function incompleteTailStart(bytes: Uint8Array, from: number): number {
  const len = bytes.length;
  for (let back = 1; back <= 3 && len - back >= from; back++) {
    const b = bytes[len - back];
    if ((b & 0xc0) === 0x80) continue;
    const seqLen = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return seqLen > back ? len - back : len;
  }
  return len;
}
