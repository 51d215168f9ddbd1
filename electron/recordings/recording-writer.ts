import { mkdir, open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { LogEvent } from '../../shared/log-events.js';

/** Longest a written event waits for fsync: a crash loses at most this much, and a flood costs one fsync per interval. */
export const SYNC_EVERY_MS = 200;

/**
 * One recording being written: each event a line of NDJSON, appended in
 * batches (whatever arrived while the last write was on disk), fsync at most
 * every SYNC_EVERY_MS and when the recording ends. A failing disk is
 * reported once and then ignored, so the connection never suffers for it.
 */
export class RecordingWriter {
  private fd: FileHandle | null = null;
  private pending: string[] = [];
  private writeQueued = false;
  private syncTimer: NodeJS.Timeout | null = null;
  private queue: Promise<void> = Promise.resolve();
  private failed = false;
  /** a connection is writing to it; false once it ended (a manual reconnect makes it live again) */
  live = true;

  constructor(
    readonly id: string,
    private readonly file: Promise<string>,
    private readonly onProblem: (message: string) => void,
    private readonly onEnd: () => void,
  ) {}

  write(e: LogEvent): void {
    if (this.failed) return;
    this.live = true;
    this.pending.push(JSON.stringify(e) + '\n');
    if (this.writeQueued) return;
    this.writeQueued = true;
    this.enqueue(() => this.writePending());
  }

  /** Resolves once every event written so far is in the file (not necessarily synced). */
  flush(): Promise<void> {
    return this.queue;
  }

  /** Syncs and closes the file; a later write opens it again for appending. */
  end(): Promise<void> {
    if (this.syncTimer) clearTimeout(this.syncTimer);
    this.syncTimer = null;
    return this.enqueue(async () => {
      const fd = this.fd;
      this.fd = null;
      try {
        if (fd) await fd.sync();
      } finally {
        await fd?.close();
        this.live = false;
        this.onEnd();
      }
    });
  }

  private async writePending(): Promise<void> {
    this.writeQueued = false;
    const text = this.pending.join('');
    this.pending = [];
    if (!this.fd) {
      const file = await this.file;
      await mkdir(path.dirname(file), { recursive: true });
      this.fd = await open(file, 'a');
    }
    await this.fd.appendFile(text);
    this.syncTimer ??= setTimeout(() => {
      this.syncTimer = null;
      this.enqueue(async () => this.fd?.sync());
    }, SYNC_EVERY_MS);
  }

  private enqueue(op: () => Promise<unknown>): Promise<void> {
    this.queue = this.queue.then(op).then(
      () => undefined,
      (e) => this.fail(e as NodeJS.ErrnoException),
    );
    return this.queue;
  }

  private fail(e: NodeJS.ErrnoException): void {
    if (this.failed) return;
    this.failed = true;
    this.pending = [];
    void this.fd?.close().catch(() => {});
    this.fd = null;
    this.onProblem(`the recording ${this.id} could not be written (${e.code ?? e.message}); the connection goes on without it`);
  }
}
