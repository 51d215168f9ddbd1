import { mkdir, open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { OutputQueue } from '../log/output-queue.js';

/** Longest a written event waits for fsync: a crash loses at most this much, and a flood costs one fsync per interval. */
export const SYNC_EVERY_MS = 200;
/** Most bytes handed to one writev. */
const WRITE_BYTES = 4 * 1024 * 1024;

export interface WriterHooks {
  /** the queue grew past what it may hold, or came back under it */
  backpressure(paused: boolean): void;
  /** the file could not be written; nothing more will be */
  failed(error: NodeJS.ErrnoException): void;
}

/**
 * Drains a log's output queue into its file: everything queued in one turn
 * of the event loop goes out in one writev, fsync at most every
 * SYNC_EVERY_MS and when the log ends. The queue is bounded by asking the
 * connection to stop reading (backpressure) above `highWater` bytes and
 * letting it go on below `lowWater`, so a slow disk slows the socket
 * instead of growing memory.
 */
export class LogFileWriter {
  private fd: FileHandle | null = null;
  private running = false;
  private paused = false;
  private dead: NodeJS.ErrnoException | null = null;
  private syncTimer: NodeJS.Timeout | null = null;
  private dirty = false;
  private waiters: { offset: number; resolve: () => void }[] = [];
  private idle: Promise<void> = Promise.resolve();
  private settle: () => void = () => {};
  /** bytes of the file that are written (not necessarily synced) */
  written: number;

  constructor(
    private readonly file: string,
    private readonly queue: OutputQueue,
    private readonly hooks: WriterHooks,
    private readonly o: { highWater: number; lowWater: number; write?: (fd: FileHandle, buffers: Buffer[]) => Promise<number> },
  ) {
    this.written = queue.position - queue.queued;
  }

  get failure(): NodeJS.ErrnoException | null {
    return this.dead;
  }

  /** New bytes are queued: write them soon, and hold the socket if the queue is full. */
  kick(): void {
    if (this.dead) return;
    if (!this.paused && this.queue.queued > this.o.highWater) {
      this.paused = true;
      this.hooks.backpressure(true);
    }
    if (this.running) return;
    this.running = true;
    this.idle = new Promise((r) => (this.settle = r));
    // whatever else arrives in this turn goes out in the same write
    setImmediate(() => void this.drain());
  }

  /** Resolves once the file holds the first `offset` bytes, or the writer failed. */
  whenWritten(offset: number): Promise<void> {
    if (this.written >= offset || this.dead) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ offset, resolve }));
  }

  /** Writes what is queued, syncs and closes the file; a later kick opens it again. */
  async end(): Promise<void> {
    await this.idle;
    if (this.syncTimer) clearTimeout(this.syncTimer);
    this.syncTimer = null;
    const fd = this.fd;
    this.fd = null;
    if (!fd) return;
    try {
      if (!this.dead) await fd.sync();
    } catch (e) {
      this.fail(e as NodeJS.ErrnoException);
    } finally {
      await fd.close().catch(() => undefined);
    }
  }

  private async drain(): Promise<void> {
    try {
      if (!this.fd) {
        await mkdir(path.dirname(this.file), { recursive: true });
        this.fd = await open(this.file, 'a');
      }
      while (this.queue.queued > 0 && !this.dead) {
        const buffers: Buffer[] = [];
        let bytes = 0;
        for (let b = this.queue.take(); b; b = bytes < WRITE_BYTES ? this.queue.take() : null) {
          buffers.push(b);
          bytes += b.length;
        }
        // what waits is low once this write is taken: the connection reads on while the disk writes, instead of after
        if (this.paused && this.queue.queued < this.o.lowWater) {
          this.paused = false;
          this.hooks.backpressure(false);
        }
        await this.writeAll(buffers, bytes);
        for (const b of buffers) this.queue.release(b);
        this.dirty = true;
      }
      this.syncTimer ??= setTimeout(() => void this.sync(), SYNC_EVERY_MS);
    } catch (e) {
      this.fail(e as NodeJS.ErrnoException);
    } finally {
      this.running = false;
      this.settle();
    }
  }

  private async writeAll(buffers: Buffer[], bytes: number): Promise<void> {
    let left = buffers.slice();
    let remaining = bytes;
    while (remaining > 0) {
      const n = this.o.write ? await this.o.write(this.fd!, left) : (await this.fd!.writev(left)).bytesWritten;
      if (n <= 0) throw Object.assign(new Error('the disk took no bytes'), { code: 'EIO' });
      remaining -= n;
      // a short write (a disk filling up): the rest goes again, and the next attempt says why it fails
      let skip = n;
      while (left.length && skip >= left[0].length) skip -= left.shift()!.length;
      if (skip) left = [left[0].subarray(skip), ...left.slice(1)];
      this.written += n;
      this.release();
    }
  }

  private async sync(): Promise<void> {
    this.syncTimer = null;
    if (!this.dirty || !this.fd || this.running) return;
    this.dirty = false;
    try {
      await this.fd.sync();
    } catch (e) {
      this.fail(e as NodeJS.ErrnoException);
    }
  }

  private release(): void {
    const ready = this.waiters.filter((w) => w.offset <= this.written);
    if (!ready.length) return;
    this.waiters = this.waiters.filter((w) => w.offset > this.written);
    for (const w of ready) w.resolve();
  }

  private fail(e: NodeJS.ErrnoException): void {
    if (this.dead) return;
    this.dead = e;
    // the queue is dropped: what it held will never be on disk, and the caller counts it missing
    while (this.queue.take()) {
      /* emptied */
    }
    if (this.paused) {
      this.paused = false;
      this.hooks.backpressure(false);
    }
    for (const w of this.waiters) w.resolve();
    this.waiters = [];
    this.hooks.failed(e);
  }
}
