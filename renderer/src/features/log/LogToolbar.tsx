import { useEffect } from 'react';
import { tickRate, useApp } from '../../store/app-store';
import { formatBytes } from '../../lib/bytes';

const OPCODE_FILTERS: Record<string, number[] | undefined> = {
  all: undefined,
  data: [0, 1, 2],
  control: [8, 9, 10],
  text: [1],
  binary: [2],
  continuation: [0],
  ping: [9],
  pong: [10],
  close: [8],
};

/** Filter by text, direction and opcode; pause autoscroll; live rates. */
export function LogToolbar({ frameCount }: { frameCount: number }) {
  const filter = useApp((s) => s.filter);
  const autoscroll = useApp((s) => s.autoscroll);
  const rate = useApp((s) => s.rate);

  useEffect(() => {
    const t = setInterval(tickRate, 500);
    return () => clearInterval(t);
  }, []);

  const opcodeKey = Object.entries(OPCODE_FILTERS).find(([, v]) => JSON.stringify(v) === JSON.stringify(filter.opcodes))?.[0] ?? 'all';
  const setFilter = (patch: Partial<typeof filter>) => useApp.setState((s) => ({ filter: { ...s.filter, ...patch } }));

  return (
    <div className="log-toolbar">
      <input aria-label="Filter" type="text" className="filter" spellCheck={false} onKeyDown={(e) => e.key === 'Escape' && setFilter({ text: undefined })} placeholder="Filter payloads (text or hex)" value={filter.text ?? ''} onChange={(e) => setFilter({ text: e.target.value || undefined })} />
      <label>
        Direction{' '}
        <select aria-label="Direction" value={filter.dir ?? 'all'} onChange={(e) => setFilter({ dir: e.target.value === 'all' ? undefined : (e.target.value as 'in' | 'out') })}>
          <option value="all">all</option>
          <option value="out">out</option>
          <option value="in">in</option>
        </select>
      </label>
      <label>
        Opcode{' '}
        <select aria-label="Opcode" value={opcodeKey} onChange={(e) => setFilter({ opcodes: OPCODE_FILTERS[e.target.value] })}>
          {Object.keys(OPCODE_FILTERS).map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </select>
      </label>
      <label className="flag">
        <input type="checkbox" checked={autoscroll} onChange={(e) => useApp.setState({ autoscroll: e.target.checked })} /> Autoscroll
      </label>
      <span className="counters" aria-label="Rates">
        {frameCount} {frameCount === 1 ? 'frame' : 'frames'} · {rate.messagesPerSec} msg/s · {formatBytes(rate.bytesPerSec)}/s
      </span>
    </div>
  );
}
