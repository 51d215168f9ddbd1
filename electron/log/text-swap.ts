/**
 * Replaces a fixed set of strings by others, in one pass, in strings and in
 * bytes (UTF-8): longer matches first, and what one replacement wrote is
 * never looked at again. Bytes with no match come back as the same object,
 * after one indexOf per string and no copy, so a flood of frames that hold
 * none costs little.
 */
export class TextSwap {
  private readonly inText: RegExp;
  private readonly textTo: Map<string, string>;
  /** the same swaps over latin1 views of the UTF-8 bytes, where one character is one byte */
  private readonly inBytes: RegExp;
  private readonly bytesTo: Map<string, string>;
  private readonly needles: Buffer[];
  /** a one-frame message carries its frame's very bytes: swapped once, and the log still sees one payload */
  private last: { input: Uint8Array; output: Uint8Array } | null = null;

  private constructor(pairs: [string, string][]) {
    this.textTo = new Map(pairs);
    this.inText = alternation([...this.textTo.keys()]);
    const latin1 = (s: string) => Buffer.from(s, 'utf8').toString('latin1');
    this.bytesTo = new Map(pairs.map(([from, to]) => [latin1(from), latin1(to)]));
    this.inBytes = alternation([...this.bytesTo.keys()]);
    this.needles = pairs.map(([from]) => Buffer.from(from, 'utf8'));
  }

  /** A swap of each `from` by its `to`; null when there is nothing to swap (empty strings are left out). */
  static of(pairs: Iterable<[from: string, to: string]>): TextSwap | null {
    const kept = new Map<string, string>();
    for (const [from, to] of pairs) if (from && from !== to && !kept.has(from)) kept.set(from, to);
    return kept.size ? new TextSwap([...kept]) : null;
  }

  text(s: string): string {
    return s.replace(this.inText, (m) => this.textTo.get(m)!);
  }

  bytes(b: Uint8Array): Uint8Array {
    if (this.last?.input === b) return this.last.output;
    const view = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
    let output: Uint8Array = b;
    if (this.needles.some((n) => view.indexOf(n) >= 0)) {
      output = Buffer.from(view.toString('latin1').replace(this.inBytes, (m) => this.bytesTo.get(m)!), 'latin1');
    }
    this.last = { input: b, output };
    return output;
  }
}

function alternation(strings: string[]): RegExp {
  const longestFirst = [...strings].sort((a, b) => b.length - a.length);
  return new RegExp(longestFirst.map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
}
