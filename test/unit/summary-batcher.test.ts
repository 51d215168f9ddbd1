import { describe, expect, it } from 'vitest';
import type { Clock, Timer } from '../../electron/services/clock.js';
import { FLUSH_MS, SummaryBatcher } from '../../electron/services/summary-batcher.js';

/** A clock whose timers run when the test says. */
function handClock() {
  const timers: { f: () => void; ms: number }[] = [];
  const clock: Clock = {
    now: () => 0,
    setTimeout: (f, ms) => {
      timers.push({ f, ms });
      return timers.length as unknown as Timer;
    },
    clearTimeout: (t) => {
      if (t) timers.splice(Number(t) - 1, 1, { f: () => undefined, ms: -1 });
    },
  };
  const runDue = () => timers.splice(0).forEach((t) => t.f());
  return { clock, timers, runDue };
}

describe('log summaries pushed in batches', () => {
  it('pushes once per interval, however many changes came', () => {
    const { clock, timers, runDue } = handClock();
    let pushes = 0;
    const b = new SummaryBatcher(clock, () => true, () => pushes++);
    b.due();
    b.due();
    b.due();
    expect(timers.map((t) => t.ms)).toEqual([FLUSH_MS]);
    runDue();
    expect(pushes).toBe(1);
    b.due();
    runDue();
    expect(pushes).toBe(2);
  });

  it('holds pushes while the window is not reading, then sends one', () => {
    const { clock, runDue } = handClock();
    let reading = false;
    let pushes = 0;
    const b = new SummaryBatcher(clock, () => reading, () => pushes++);
    b.due();
    runDue();
    runDue();
    expect(pushes).toBe(0);
    reading = true;
    b.due();
    runDue();
    expect(pushes).toBe(1);
  });

  it('pushes nothing once cancelled', () => {
    const { clock, runDue } = handClock();
    let pushes = 0;
    const b = new SummaryBatcher(clock, () => true, () => pushes++);
    b.due();
    b.cancel();
    runDue();
    expect(pushes).toBe(0);
  });
});
