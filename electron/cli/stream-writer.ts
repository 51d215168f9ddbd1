import { once } from 'node:events';
import { OutputQueue } from '../log/output-queue.js';

/** Above this many bytes not yet taken by the stream, the connection stops reading; below LOW it goes on. */
const HIGH_WATER = 8 * 1024 * 1024;
const LOW_WATER = 2 * 1024 * 1024;

/**
 * Drains an output queue into a stream (standard output) as fast as the
 * stream takes it, and no faster: while the reader of a pipe is slow, the
 * queue fills, and past HIGH_WATER the connection is asked to stop reading,
 * so a slow pipe slows the server instead of growing memory. A stream that
 * fails (the reader went away) takes nothing more.
 */
export class StreamWriter {
  readonly queue = new OutputQueue();
  private running: Promise<void> | null = null;
  private paused = false;
  private broken = false;

  constructor(
    private readonly stream: NodeJS.WritableStream,
    private readonly backpressure: (paused: boolean) => void,
  ) {
    stream.on('error', () => {
      this.broken = true;
    });
  }

  /** Bytes were queued: write them out. */
  kick(): void {
    if (!this.paused && this.queue.queued > HIGH_WATER) {
      this.paused = true;
      this.backpressure(true);
    }
    this.running ??= this.drain().finally(() => (this.running = null));
  }

  /** Resolves once everything queued so far has been handed to the stream. */
  async drained(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    // let the rest of this turn's events join the same writes
    await new Promise((r) => setImmediate(r));
    for (let b = this.queue.take(); b; b = this.queue.take()) {
      if (this.broken) continue;
      const written = b;
      if (!this.stream.write(b, () => this.queue.release(written))) await Promise.race([once(this.stream, 'drain'), once(this.stream, 'error'), once(this.stream, 'close')]);
      if (this.paused && this.queue.queued < LOW_WATER) {
        this.paused = false;
        this.backpressure(false);
      }
    }
    if (this.paused) {
      this.paused = false;
      this.backpressure(false);
    }
  }
}
