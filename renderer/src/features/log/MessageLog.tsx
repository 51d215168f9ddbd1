import { useMemo } from 'react';
import { useApp } from '../../store/app-store';
import { highlighter } from '../../lib/highlight';
import { LogEmpty } from './FrameLog';
import { LogToolbar } from './LogToolbar';
import { MessageBubble, BUBBLE_HEIGHT } from './MessageBubble';
import { useLogPrefs } from './log-prefs';
import { formatTime } from './time-format';
import { useLogList } from './use-log-list';

/**
 * The conversation: whole messages as delivered (reassembled, inflated) as
 * bubbles, sent on the right and received on the left, with control frames
 * and errors as small markers between them. Virtualized like the frame log,
 * with bubbles of one height; the inspector shows the selected one whole.
 */
export function MessageLog() {
  const selectedSeq = useApp((s) => s.selectedSeq);
  const filter = useApp((s) => s.filter);
  const start = useApp((s) => s.open?.t ?? s.logStart);
  const timeMode = useLogPrefs((p) => p.time);
  const { loader, scroll, bodyRef, select, onKey, shown } = useLogList('log.messages', BUBBLE_HEIGHT);
  const { first, last, top } = scroll.window;
  const mark = useMemo(() => highlighter(filter), [filter]);

  const items = [];
  for (let i = first; i <= last; i++) {
    const row = loader.rowAt(i);
    const time = row ? formatTime(row.t, timeMode, { start, prev: loader.rowAt(i - 1)?.t }) : '';
    items.push(<MessageBubble key={row ? `s${row.seq}` : `i${i}`} row={row} index={i} time={time} mark={mark} selected={row !== undefined && row.seq === selectedSeq} onSelect={select} />);
  }
  return (
    <>
      <LogToolbar noun="messages" total={loader.total} scan={loader.scan} refused={loader.problem} onCancelled={() => loader.reread()} />
      <div ref={bodyRef} className="log-body messages" role="list" aria-label="Messages" tabIndex={0} onKeyDown={onKey}>
        <div className="log-content" style={{ height: scroll.contentPx }}>
          <div className="log-window" style={{ transform: `translateY(${top}px)` }}>
            {items}
          </div>
        </div>
      </div>
      {/* beside the list, not in it: a list holds its items only */}
      {shown === 0 && <LogEmpty what="message" />}
    </>
  );
}
