/** A buffer's bytes are counted in this many runs, spread over it, when choosing where to anchor a search in it. */
const SAMPLES = 8;
/** Bytes of each run: whole cache lines read in order (bytes counted one every few lines cost a cache miss each). */
const SAMPLE_BYTES = 4096;

/**
 * A needle looked for in log bytes through its rarest byte. Buffer.indexOf
 * finds candidates by the needle's first byte (memchr) and checks the rest
 * at each: in a log, whose payloads are hex, a needle such as "000bdb28"
 * stops at nearly every "0" of 500 MB. Looking for the needle's tail from
 * the byte that is rarest in the buffer (by a sample of it), then checking
 * the bytes before that, finds the same places, the first one first.
 */
export class ByteNeedle {
  /** where the tail looked for starts in the needle */
  private at = 0;
  private tail: Buffer;

  constructor(readonly bytes: Buffer) {
    this.tail = bytes;
  }

  /** Chooses the anchor for searching `haystack`: the needle's least frequent byte there, the earliest of equals (a longer tail). */
  aimAt(haystack: Buffer): void {
    const counts = new Uint32Array(256);
    const gap = Math.max(SAMPLE_BYTES, Math.floor(haystack.length / SAMPLES));
    for (let start = 0; start < haystack.length; start += gap) {
      for (let i = start; i < Math.min(haystack.length, start + SAMPLE_BYTES); i++) counts[haystack[i]]++;
    }
    let at = 0;
    for (let i = 1; i < this.bytes.length; i++) if (counts[this.bytes[i]] < counts[this.bytes[at]]) at = i;
    this.at = at;
    this.tail = this.bytes.subarray(at);
  }

  /** Where the needle next starts in `haystack` at or after `from`, or -1 (as haystack.indexOf(needle, from)). */
  indexIn(haystack: Buffer, from: number): number {
    const at = this.at;
    for (let i = haystack.indexOf(this.tail, from + at); i >= 0; i = haystack.indexOf(this.tail, i + 1)) {
      if (at === 0 || haystack.compare(this.bytes, 0, at, i - at, i) === 0) return i - at;
    }
    return -1;
  }
}
