import { memo } from 'react';
import { ChevronDown, ChevronRight } from 'lucide-react';
import type { ErrorLogEvent, FrameLogEvent, MessageLogEvent } from '../../../../shared/log-events';
import { opcodeName } from '../../../../shared/opcodes';
import type { Highlighter } from '../../lib/highlight';
import { framePreview, messagePreview } from './frame-preview';
import type { LogRow } from './row-loader';
import { clock } from './time-format';

function flags(e: FrameLogEvent): string {
  return [e.fin ? 'FIN' : '', e.rsv1 ? 'RSV1' : '', e.rsv2 ? 'RSV2' : '', e.rsv3 ? 'RSV3' : '', e.masked ? 'MASK' : ''].filter(Boolean).join(' ');
}

interface Props {
  /** undefined while its page is on its way */
  row: LogRow | undefined;
  index: number;
  selected: boolean;
  onSelect: (index: number, seq: number) => void;
  /** the row's time as the person chose to see it */
  time: string;
  /** marks the text filter's matches in the payload */
  mark: Highlighter | null;
  /** the row heads a fragmented message whose group is collapsed to it */
  folded: boolean;
  onToggleGroup: (first: number) => void;
}

/**
 * One row of the frame log. Memoized: while the log follows a flood, the
 * rows still on screen keep their props, so only the rows that came in or
 * went out are rendered.
 */
export const FrameRow = memo(function FrameRow({ row, index, selected, onSelect, time, mark, folded, onToggleGroup }: Props) {
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
  if (row.type === 'error') return <ErrorRow e={row} rowIndex={rowIndex} time={time} selected={selected} select={() => onSelect(index, row.seq)} />;
  if (row.type === 'message') return <MessageRow m={row} rowIndex={rowIndex} time={time} mark={mark} selected={selected} select={() => onSelect(index, row.seq)} />;
  if (row.type !== 'frame') return null;
  const e = row;
  const control = e.opcode >= 8;
  const cont = e.opcode === 0;
  const fragmented = e.messageSeq !== undefined && (cont || !e.fin);
  const groupStart = fragmented && !cont;
  const cls = ['log-row', `dir-${e.dir}`, control ? 'control' : '', cont ? 'continuation' : '', e.crafted ? 'crafted' : '', selected ? 'selected' : '', fragmented ? 'fragment' : '', groupStart ? 'group-start' : '', folded ? 'folded' : '']
    .filter(Boolean)
    .join(' ');
  const shown = e.message ? messagePreview(e.message) : framePreview(e);
  return (
    <div role="row" aria-rowindex={rowIndex} aria-selected={selected} className={cls} onClick={() => onSelect(index, e.seq)}>
      <LeadCells e={e} time={time} />
      {/* a narrow column cuts "continuation" and the badges short: the whole of it on hover */}
      <div role="cell" className="opcode" title={[cont ? opcodeName(0) : opcodeName(e.opcode), control && 'control frame', e.crafted && 'crafted', cont && `part of message #${e.messageSeq}`].filter(Boolean).join(' · ')}>
        {cont ? `↳ ${opcodeName(0)}` : opcodeName(e.opcode)}
        {control && <span className="badge">control</span>}
        {e.crafted && <span className="badge crafted">crafted</span>}
        {cont && <span className="badge group">msg #{e.messageSeq}</span>}
      </div>
      <div role="cell" className="flags">
        {flags(e)}
      </div>
      <div role="cell" className="length">
        {e.length}
      </div>
      <div role="cell" className="payload">
        {/* the group's head: its fold toggle and size where the payload has room, ahead of the whole message */}
        {groupStart && <GroupToggle first={e.seq} frames={e.groupFrames ?? 1} folded={folded} onToggle={onToggleGroup} />}
        {groupStart && <span className="badge group">{e.groupFrames ?? 1} frames</span>}
        {e.message && <span className="badge note">{e.message.compressed ? 'inflated' : 'whole message'}</span>}
        {mark ? mark(shown) : shown}
        {e.rttMs !== undefined && <span className="badge rtt">rtt {e.rttMs.toFixed(1)} ms</span>}
      </div>
    </div>
  );
});

/**
 * Folds a fragmented message's group to its first row (which shows the
 * whole message) or unfolds it to every frame as it went over the wire.
 */
function GroupToggle({ first, frames, folded, onToggle }: { first: number; frames: number; folded: boolean; onToggle: (first: number) => void }) {
  return (
    <button
      type="button"
      className="ghost icon group-toggle"
      aria-expanded={!folded}
      aria-label={`${folded ? 'Expand' : 'Collapse'} the ${frames} frames of message #${first}`}
      title={folded ? `Show all ${frames} frames` : `Fold the ${frames} frames into this row`}
      onClick={(ev) => {
        // the toggle, not the row: selecting is the row's click
        ev.stopPropagation();
        onToggle(first);
      }}
    >
      {folded ? <ChevronRight size={12} aria-hidden /> : <ChevronDown size={12} aria-hidden />}
    </button>
  );
}

/** The cells every row starts with: seq, time and direction. */
function LeadCells({ e, time }: { e: FrameLogEvent | MessageLogEvent | ErrorLogEvent; time: string }) {
  return (
    <>
      <div role="cell" className="seq">
        {e.seq}
      </div>
      <div role="cell" className="time">
        {time}
      </div>
      <div role="cell" className="dir">
        {e.type === 'error' ? '' : e.dir === 'out' ? '↑ out' : '↓ in'}
      </div>
    </>
  );
}

/** A message standing as a row: a log with no frames (an imported HAR keeps messages only). */
function MessageRow({ m, rowIndex, time, mark, selected, select }: { m: MessageLogEvent; rowIndex: number; time: string; mark: Highlighter | null; selected: boolean; select: () => void }) {
  const shown = messagePreview(m);
  return (
    <div role="row" aria-rowindex={rowIndex} aria-selected={selected} className={`log-row dir-${m.dir}${selected ? ' selected' : ''}`} onClick={select}>
      <LeadCells e={m} time={time} />
      <div role="cell" className="opcode">
        {opcodeName(m.opcode)}
        <span className="badge group">message</span>
      </div>
      <div role="cell" className="flags" />
      <div role="cell" className="length">
        {m.length}
      </div>
      <div role="cell" className="payload">
        {mark ? mark(shown) : shown}
      </div>
    </div>
  );
}

/** An error in the log's order: a refused connection, a protocol violation, a timeout. */
function ErrorRow({ e, rowIndex, time, selected, select }: { e: ErrorLogEvent; rowIndex: number; time: string; selected: boolean; select: () => void }) {
  return (
    <div role="row" aria-rowindex={rowIndex} aria-selected={selected} className={`log-row error-row${e.fatal ? '' : ' warning'}${selected ? ' selected' : ''}`} onClick={select}>
      <LeadCells e={e} time={time} />
      <div role="cell" className="opcode">
        {e.fatal ? 'error' : 'warning'}
      </div>
      <div role="cell" className="flags" />
      <div role="cell" className="length">
        {e.closeCode ?? ''}
      </div>
      <div role="cell" className="payload">
        <code>{e.code}</code> {e.message}
      </div>
    </div>
  );
}
