import { memo } from 'react';
import { ArrowDownLeft, ArrowUpRight } from 'lucide-react';
import type { LogEvent } from '../../../../shared/log-events';
import { opcodeName } from '../../../../shared/opcodes';
import type { Highlighter } from '../../lib/highlight';
import { formatBytes } from '../../lib/bytes';
import { bubbleBody } from './bubble-body';
import { framePreview } from './frame-preview';

/** Every bubble is this tall (px): the list stays virtual; the inspector shows a long message whole. */
export const BUBBLE_HEIGHT = 84;

interface Props {
  row: LogEvent | undefined;
  index: number;
  time: string;
  mark: Highlighter | null;
  selected: boolean;
  onSelect: (index: number, seq: number) => void;
}

/** One item of the messages view: a message bubble, or a small marker for a control frame, a reconnect or an error. */
export const MessageBubble = memo(function MessageBubble({ row, index, time, mark, selected, onSelect }: Props) {
  if (!row) return <div role="listitem" className="bubble-row loading" />;
  const select = () => onSelect(index, row.seq);
  if (row.type === 'message') {
    const body = bubbleBody(row);
    const dir = row.dir === 'out' ? 'sent' : 'received';
    return (
      <div role="listitem" aria-current={selected || undefined} className={`bubble-row dir-${row.dir}${selected ? ' selected' : ''}`} onClick={select}>
        <div className="bubble">
          <div className="bubble-meta">
            {row.dir === 'out' ? <ArrowUpRight size={12} aria-hidden /> : <ArrowDownLeft size={12} aria-hidden />}
            <span className="dir">{row.dir === 'out' ? '↑ out' : '↓ in'}</span>
            <span>{opcodeName(row.opcode)}</span>
            <span>{formatBytes(row.length)}</span>
            {row.compressed && <span className="badge note">inflated</span>}
            {body.json && <span className="badge">JSON</span>}
            <span className="bubble-time" title={`${dir} at ${time}`}>
              {time}
            </span>
          </div>
          <pre className={`bubble-body${body.hex ? ' hex' : ''}`}>{mark && !body.hex ? mark(body.text) : body.text}</pre>
        </div>
      </div>
    );
  }
  return (
    <div role="listitem" aria-current={selected || undefined} className={`bubble-row marker${row.type === 'error' ? ' error' : ''}${selected ? ' selected' : ''}`} onClick={select}>
      <span className="marker-text">{markerText(row)}</span>
      <span className="bubble-time">{time}</span>
    </div>
  );
});

function markerText(e: LogEvent): string {
  if (e.type === 'frame') return `${e.dir === 'out' ? '↑ out' : '↓ in'} ${opcodeName(e.opcode)} ${framePreview(e)}${e.rttMs !== undefined ? ` · rtt ${e.rttMs.toFixed(1)} ms` : ''}`;
  if (e.type === 'reconnect') return `reconnect #${e.attempt} (${e.reason}) to ${e.url}`;
  if (e.type === 'error') return `${e.fatal ? 'error' : 'warning'} ${e.code}: ${e.message}`;
  return e.type;
}
