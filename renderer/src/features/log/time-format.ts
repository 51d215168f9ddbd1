import type { TimeMode } from './log-prefs';

function clock(t: number): string {
  const d = new Date(t);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}

function offset(ms: number): string {
  const sign = ms < 0 ? '-' : '+';
  const a = Math.abs(ms);
  return a < 1000 ? `${sign}${a.toFixed(1)} ms` : a < 60_000 ? `${sign}${(a / 1000).toFixed(3)} s` : `${sign}${Math.floor(a / 60_000)} min ${((a % 60_000) / 1000).toFixed(1)} s`;
}

/**
 * A row's time as the person chose to see it: the clock, the time since the
 * connection opened (or the log began), or the delta from the row above
 * (blank while that row is on its way).
 */
export function formatTime(t: number, mode: TimeMode, context: { start: number | null; prev: number | undefined }): string {
  if (mode === 'since-open' && context.start !== null) return offset(t - context.start);
  if (mode === 'delta') return context.prev === undefined ? '' : offset(t - context.prev);
  return clock(t);
}

export { clock };
