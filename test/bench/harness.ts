import { setImmediate as tick } from 'node:timers/promises';

/** One side of a comparison: each call does a unit of work and returns the payload bytes it handled. */
export type Work = () => number;

export interface Timing {
  /** median throughput over the timed rounds, in bytes per second */
  a: number;
  b: number;
  /** median over the rounds of a's throughput divided by b's in the same round */
  ratio: number;
}

export interface TimingOptions {
  warmupMs: number;
  roundMs: number;
  rounds: number;
}

/**
 * Times two implementations of the same work, interleaved: warm-up
 * alternates between them, then each timed round runs both back to back, in
 * ABBA order so neither always goes first. The ratio is the median of the
 * per-round ratios: the two halves of a round are milliseconds apart, so on
 * a busy machine a noisy spell mostly hits both, and a spell that hits only
 * one half spoils one round, which the median then ignores.
 */
export async function compare(a: Work, b: Work, o: TimingOptions): Promise<Timing> {
  // Warm-up: let both get optimized, and learn how long one unit takes.
  const spent = [0, 0];
  const calls = [0, 0];
  const sides = [a, b];
  while (spent[0] < o.warmupMs || spent[1] < o.warmupMs || calls[0] < 3 || calls[1] < 3) {
    for (let s = 0; s < 2; s++) {
      const t0 = performance.now();
      sides[s]();
      spent[s] += performance.now() - t0;
      calls[s]++;
    }
    await tick(); // let ws's stream callbacks (process.nextTick) run, as in real use
  }
  const perRound = [0, 1].map((s) => Math.max(1, Math.round(o.roundMs / (spent[s] / calls[s]))));

  const rates: number[][] = [[], []];
  const ratios: number[] = [];
  for (let r = 0; r < o.rounds; r++) {
    const order = r % 4 === 0 || r % 4 === 3 ? [0, 1] : [1, 0];
    for (const s of order) {
      let bytes = 0;
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < perRound[s]; i++) bytes += sides[s]();
      const ns = Number(process.hrtime.bigint() - t0);
      rates[s].push((bytes / ns) * 1e9);
      await tick();
    }
    ratios.push(rates[0][r] / rates[1][r]);
  }
  return { a: median(rates[0]), b: median(rates[1]), ratio: median(ratios) };
}

function median(xs: number[]): number {
  const s = [...xs].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
