/** Node's timers hold at most this many ms; a longer wait is taken in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Waits ms milliseconds, however many (a plain setTimeout would warn and fire after 1 ms past MAX_TIMER_MS). */
export async function sleep(ms: number): Promise<void> {
  for (let left = ms; left > 0; left -= MAX_TIMER_MS) await new Promise((r) => setTimeout(r, Math.min(left, MAX_TIMER_MS)));
}
