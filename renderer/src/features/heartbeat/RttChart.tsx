const W = 300;
const H = 90;
const POINTS = 120;

/** The heartbeat's round trips over time, newest on the right. */
export function RttChart({ rtts }: { rtts: { seq: number; rttMs: number }[] }) {
  if (rtts.length < 2) return null;
  const shown = rtts.slice(-POINTS);
  const max = Math.max(...shown.map((r) => r.rttMs), 1);
  const x = (i: number) => 4 + (i / (shown.length - 1)) * (W - 8);
  const y = (v: number) => H - 12 - (v / max) * (H - 22);
  return (
    <svg className="rtt-chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`Round-trip time chart, last ${shown.length} pings, up to ${max.toFixed(1)} ms`}>
      <text className="axis" x={4} y={10}>
        {max.toFixed(1)} ms
      </text>
      <text className="axis" x={4} y={H - 2}>
        0
      </text>
      <polyline points={shown.map((r, i) => `${x(i).toFixed(1)},${y(r.rttMs).toFixed(1)}`).join(' ')} />
    </svg>
  );
}
