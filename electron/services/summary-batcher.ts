import type { Clock, Timer } from './clock.js';

/** The least time between two pushes of log summaries to a window. */
export const FLUSH_MS = 32;

/**
 * When the window hears of its logs: a change makes a push due within
 * FLUSH_MS, every change meanwhile rides along, and a window that is not
 * reading (a browser tab whose socket backs up) gets nothing more until it
 * reads again, then one push for all that changed.
 */
export class SummaryBatcher {
  private timer: Timer | null = null;

  constructor(
    private readonly clock: Clock,
    private readonly canPush: () => boolean,
    /** pushes every log's changed summary */
    private readonly pushAll: () => void,
  ) {}

  /** Something changed: a push is due. */
  due(): void {
    this.timer ??= this.clock.setTimeout(() => this.fire(), FLUSH_MS);
  }

  /** No push is due any more (the sessions are gone). */
  cancel(): void {
    this.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private fire(): void {
    this.timer = null;
    if (this.canPush()) this.pushAll();
    else this.due();
  }
}
