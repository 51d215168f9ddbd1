import { memo } from 'react';
import { ArrowDownLeft, ArrowUpRight } from 'lucide-react';
import type { LogEvent, MessageLogEvent } from '../../../../shared/log-events';
import { opcodeName } from '../../../../shared/opcodes';
import type { Highlighter } from '../../lib/highlight';
import { formatBytes } from '../../lib/bytes';
import { bubbleBody, decodedLine } from './bubble-body';
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

/**
 * One row of the messages view: a message bubble (a listitem: the list holds
 * one item per message, contracts section 3), or a small marker for a
 * control frame, a reconnect or an error, read in its place but not an item.
 * The picked one is aria-current: a listitem takes no aria-selected
 * (axe-core's aria-allowed-attr).
 */
export const MessageBubble = memo(function MessageBubble({ row, index, time, mark, selected, onSelect }: Props) {
  // not yet read: no item until it is known to be a message
  if (!row) return <div className="bubble-row loading" />;
  const select = () => onSelect(index, row.seq);
  if (row.type === 'message') {
    const decoded = decodedLine(row);
    const body = bubbleBody(row, decoded ? 1 : undefined);
    const asSent = asItCame(row);
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
            {decoded?.badges.map((b) => (
              <span key={b} className="badge decoded-badge">
                {b}
              </span>
            ))}
            <span className="bubble-time" title={`${dir} at ${time}`}>
              {time}
            </span>
          </div>
          {decoded && <pre className={`bubble-decoded${decoded.problem ? ' problem' : ''}`}>{decoded.text}</pre>}
          <pre className={`bubble-body${body.hex ? ' hex' : ''}${decoded ? ' raw' : ''}`} aria-hidden={asSent === body.text ? undefined : true}>
            {mark && !body.hex ? mark(body.text) : body.text}
          </pre>
          {asSent !== body.text && <span className="sr-only">{asSent}</span>}
        </div>
      </div>
    );
  }
  return (
    <div aria-current={selected || undefined} className={`bubble-row marker${row.type === 'error' ? ' error' : ''}${selected ? ' selected' : ''}`} onClick={select}>
      <span className="marker-text">{markerText(row)}</span>
      <span className="bubble-time">{time}</span>
    </div>
  );
});

/** Longest copy of a message kept beside its bubble: the bubble shows a few lines, the inspector all of it. */
const AS_IT_CAME = 1000;

/**
 * The message as the event log has it (text as text, binary as hex without
 * separators), for screen readers and for finding an item by its text
 * (contracts section 3): the bubble shows JSON pretty-printed and binary as
 * a hex dump, which neither reads nor matches as the message itself.
 */
function asItCame(m: MessageLogEvent): string {
  const s = m.text ?? m.data ?? '';
  return s.length > AS_IT_CAME ? `${s.slice(0, AS_IT_CAME)}…` : s;
}

function markerText(e: LogEvent): string {
  if (e.type === 'frame') return `${e.dir === 'out' ? '↑ out' : '↓ in'} ${opcodeName(e.opcode)} ${framePreview(e)}${e.rttMs !== undefined ? ` · rtt ${e.rttMs.toFixed(1)} ms` : ''}`;
  if (e.type === 'reconnect') return `reconnect #${e.attempt} (${e.reason}) to ${e.url}`;
  if (e.type === 'error') return `${e.fatal ? 'error' : 'warning'} ${e.code}: ${e.message}`;
  return e.type;
}
