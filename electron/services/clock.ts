/** A timer handle, as the clock hands it out. */
export type Timer = ReturnType<typeof setTimeout>;

/** The time and the timers a service reads, in one place: tests give one they move by hand. */
export interface Clock {
  now(): number;
  setTimeout(f: () => void, ms: number): Timer;
  clearTimeout(t: Timer | null | undefined): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (f, ms) => setTimeout(f, ms),
  clearTimeout: (t) => clearTimeout(t ?? undefined),
};
