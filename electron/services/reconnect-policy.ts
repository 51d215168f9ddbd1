import type { Clock, Timer } from './clock.js';

/** Reconnect backoff: 1 s, doubling, at most 30 s. */
export const RECONNECT_BASE_MS = 1000;
export const RECONNECT_MAX_MS = 30_000;

/**
 * When a session whose connection ended by itself connects again: after
 * 1 s, doubling with each attempt that did not open, at most 30 s apart.
 */
export class ReconnectPolicy {
  constructor(private readonly clock: Clock) {}

  /** How long to wait after `attempts` reconnects that never opened. */
  delay(attempts: number): number {
    return Math.min(RECONNECT_MAX_MS, RECONNECT_BASE_MS * 2 ** attempts);
  }

  /** Runs `reconnect` after the delay for `attempts`; the timer is the caller's to cancel. */
  schedule(attempts: number, reconnect: () => void): Timer {
    return this.clock.setTimeout(reconnect, this.delay(attempts));
  }
}
