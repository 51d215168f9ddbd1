import { useEffect } from 'react';
import { tickRate, useApp } from '../../store/app-store';
import { formatBytes } from '../../lib/bytes';
import { formatCount } from '../../lib/counts';
import { isFiltering } from '../../../../shared/log-filter';

/** Rows shown (frames, or messages with their markers), of how many, live rates and the log's size on disk; its own component, so rates changing re-render only this. */
export function LogCounters({ total, noun }: { total: number; noun: 'frames' | 'messages' }) {
  const rate = useApp((s) => s.rate);
  const rows = useApp((s) => (noun === 'frames' ? s.rows : s.messageRows));
  const filtering = useApp((s) => isFiltering(s.filter));
  const logBytes = useApp((s) => s.logBytes);

  useEffect(() => {
    const t = setInterval(tickRate, 500);
    return () => clearInterval(t);
  }, []);

  const shown = filtering ? `${formatCount(total)} matching${rows > 0 ? ` of ${formatCount(rows)}` : ''} ${noun}` : `${formatCount(total)} ${total === 1 ? noun.slice(0, -1) : noun}`;
  return (
    <span className="counters" aria-label="Rates">
      {shown} · {formatCount(rate.messagesPerSec)} msg/s · {formatBytes(rate.bytesPerSec)}/s
      {logBytes > 0 && <span title="Size of this connection's log on disk"> · log {formatBytes(logBytes)}</span>}
    </span>
  );
}
