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

  /** The entries as views of the blocks, in order, for writing out without a copy. */
  views(): T[] {
    const out: T[] = [];
    for (let b = 0; b * BLOCK < this.length; b++) out.push(this.blocks[b].subarray(0, Math.min(BLOCK, this.length - b * BLOCK)) as T);
    return out;
  }

  /** Appends `count` entries read straight into new blocks by `readInto` (an index file being loaded: no copy in between). */
  async load(count: number, readInto: (bytes: Uint8Array) => Promise<void>): Promise<void> {
    for (let left = count; left > 0; ) {
      const at = this.length & (BLOCK - 1);
      const b = this.length >>> 16;
      if (b === this.blocks.length) this.blocks.push(this.make(BLOCK));
      const n = Math.min(BLOCK - at, left);
      const block = this.blocks[b];
      const bytes = block.BYTES_PER_ELEMENT;
      await readInto(new Uint8Array(block.buffer, block.byteOffset + at * bytes, n * bytes));
      this.length += n;
      left -= n;
    }
  }
}

export const u8 = () => new BlockArray((n) => new Uint8Array(n));
export const u16 = () => new BlockArray((n) => new Uint16Array(n));
export const u32 = () => new BlockArray((n) => new Uint32Array(n));
export const f64 = () => new BlockArray((n) => new Float64Array(n));
