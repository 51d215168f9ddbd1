import { randomFillSync } from 'node:crypto';

const POOL_SIZE = 8192;

/**
 * The engine's randomness: crypto-strength bytes drawn from a pool refilled
 * in bulk, as ws does, because a mask key per frame would otherwise cost a
 * system call each.
 */
export function pooledRandom(): (n: number) => Uint8Array {
  const pool = new Uint8Array(POOL_SIZE);
  let used = POOL_SIZE;
  return (n) => {
    if (n > POOL_SIZE) return randomFillSync(new Uint8Array(n));
    if (used + n > POOL_SIZE) {
      randomFillSync(pool);
      used = 0;
    }
    // A copy: keys end up in the log and must not change under it.
    const out = pool.slice(used, used + n);
    used += n;
    return out;
  };
}

/**
 * Milliseconds since the epoch, fractional, monotonic within a process. One
 * reading serves a whole turn of the event loop: nothing can cross the wire
 * between two events of the same synchronous run, and a reading costs about
 * as much as encoding a small frame.
 */
export function preciseClock(): () => number {
  let reading: number | null = null;
  const expire = () => {
    reading = null;
  };
  return () => {
    if (reading === null) {
      reading = performance.timeOrigin + performance.now();
      queueMicrotask(expire);
    }
    return reading;
  };
}
