import { memo } from 'react';
import type { FrameLogEvent, MessageLogEvent } from '../../../../shared/log-events';
import { opcodeName } from '../../../../shared/opcodes';
import { framePreview } from './frame-preview';
import type { LogRow } from './row-loader';

function clock(t: number): string {
  const d = new Date(t);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}

function flags(e: FrameLogEvent): string {
  return [e.fin ? 'FIN' : '', e.rsv1 ? 'RSV1' : '', e.rsv2 ? 'RSV2' : '', e.rsv3 ? 'RSV3' : '', e.masked ? 'MASK' : ''].filter(Boolean).join(' ');
}

interface Props {
  /** undefined while its page is on its way */
  row: LogRow | undefined;
  index: number;
  selected: boolean;
  onSelect: (index: number, seq: number) => void;
}

/**
 * One row of the frame log. Memoized: while the log follows a flood, the
 * rows still on screen keep their props, so only the rows that came in or
 * went out are rendered.
 */
export const FrameRow = memo(function FrameRow({ row, index, selected, onSelect }: Props) {
  const rowIndex = index + 2;
  if (!row) return <div role="row" aria-rowindex={rowIndex} className="log-row loading" />;
  if (row.type === 'reconnect') {
    return (
      <div role="row" aria-rowindex={rowIndex} className="log-row separator">
        <div role="cell" className="separator-cell">
          ── reconnect #{row.attempt} ({row.reason}) at {clock(row.t)} to {row.url} ──
        </div>
      </div>
    );
  }
  if (row.type === 'message') return <MessageRow m={row} rowIndex={rowIndex} selected={selected} select={() => onSelect(index, row.seq)} />;
  if (row.type !== 'frame') return null;
  const e = row;
  const control = e.opcode >= 8;
  const cont = e.opcode === 0;
  const cls = ['log-row', `dir-${e.dir}`, control ? 'control' : '', cont ? 'continuation' : '', e.crafted ? 'crafted' : '', selected ? 'selected' : '', e.messageSeq !== undefined && !(e.fin && !cont) ? 'fragment' : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div role="row" aria-rowindex={rowIndex} aria-selected={selected} className={cls} onClick={() => onSelect(index, e.seq)}>
      <LeadCells e={e} />
      <div role="cell" className="opcode">
        {cont ? `↳ ${opcodeName(0)}` : opcodeName(e.opcode)}
        {control && <span className="badge">control</span>}
        {e.crafted && <span className="badge crafted">crafted</span>}
        {e.messageSeq !== undefined && (cont || !e.fin) && <span className="badge group">msg #{e.messageSeq}</span>}
      </div>
      <div role="cell" className="flags">
        {flags(e)}
      </div>
      <div role="cell" className="length">
        {e.length}
      </div>
      <div role="cell" className="payload">
        {framePreview(e)}
        {e.rttMs !== undefined && <span className="badge rtt">rtt {e.rttMs.toFixed(1)} ms</span>}
      </div>
    </div>
  );
});

/** The cells every row starts with: seq, time and direction. */
function LeadCells({ e }: { e: FrameLogEvent | MessageLogEvent }) {
  return (
    <>
      <div role="cell">{e.seq}</div>
      <div role="cell">{clock(e.t)}</div>
      <div role="cell" className="dir">
        {e.dir === 'out' ? '↑ out' : '↓ in'}
      </div>
    </>
  );
}

/** A message standing as a row: a log with no frames (an imported HAR keeps messages only). */
function MessageRow({ m, rowIndex, selected, select }: { m: MessageLogEvent; rowIndex: number; selected: boolean; select: () => void }) {
  return (
    <div role="row" aria-rowindex={rowIndex} aria-selected={selected} className={`log-row dir-${m.dir}${selected ? ' selected' : ''}`} onClick={select}>
      <LeadCells e={m} />
      <div role="cell" className="opcode">
        {opcodeName(m.opcode)}
        <span className="badge group">message</span>
      </div>
      <div role="cell" className="flags" />
      <div role="cell" className="length">
        {m.length}
      </div>
      <div role="cell" className="payload">
        {m.text !== undefined ? m.text.slice(0, 160) : (m.data ?? '').slice(0, 160)}
      </div>
    </div>
  );
}
