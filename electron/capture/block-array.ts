type Typed = Uint8Array | Uint16Array | Uint32Array | Float64Array;

/** Entries per block: growth adds a block, never copies the ones before. */
const BLOCK = 1 << 16;

/**
 * A growable array of numbers in fixed-size typed blocks, for indexes of
 * millions of entries: memory grows with use, a little at a time, and no
 * reallocation ever copies what is there.
 */
export class BlockArray<T extends Typed> {
  private readonly blocks: T[] = [];
  length = 0;

  constructor(private readonly make: (n: number) => T) {}

  push(v: number): void {
    const b = this.length >>> 16;
    if (b === this.blocks.length) this.blocks.push(this.make(BLOCK));
    this.blocks[b][this.length & (BLOCK - 1)] = v;
    this.length++;
  }

  get(i: number): number {
    return this.blocks[i >>> 16][i & (BLOCK - 1)];
  }

  set(i: number, v: number): void {
    this.blocks[i >>> 16][i & (BLOCK - 1)] = v;
  }

  /** Drops entries from `length` on, and the blocks no longer needed. */
  truncate(length: number): void {
    this.length = Math.min(this.length, length);
    this.blocks.length = Math.ceil(this.length / BLOCK);
  }

  /** The entries as one typed array, for writing out. */
  toArray(): T {
    const out = this.make(this.length);
    for (let b = 0; b * BLOCK < this.length; b++) out.set(this.blocks[b].subarray(0, Math.min(BLOCK, this.length - b * BLOCK)) as never, b * BLOCK);
    return out;
  }

  /** Appends every entry of a typed array (an index read back from disk). */
  pushAll(values: T): void {
    for (let i = 0; i < values.length; ) {
      const b = this.length >>> 16;
      if (b === this.blocks.length) this.blocks.push(this.make(BLOCK));
      const at = this.length & (BLOCK - 1);
      const n = Math.min(BLOCK - at, values.length - i);
      this.blocks[b].set(values.subarray(i, i + n) as never, at);
      this.length += n;
      i += n;
    }
  }
}

export const u8 = () => new BlockArray((n) => new Uint8Array(n));
export const u16 = () => new BlockArray((n) => new Uint16Array(n));
export const u32 = () => new BlockArray((n) => new Uint32Array(n));
export const f64 = () => new BlockArray((n) => new Float64Array(n));
