import { useCallback, useEffect, useMemo, useRef, type CSSProperties, type KeyboardEvent } from 'react';
import { useApp } from '../../store/app-store';
import { highlighter } from '../../lib/highlight';
import { FrameRow } from './FrameRow';
import { LogHeader } from './LogHeader';
import { LogToolbar } from './LogToolbar';
import { gridTemplate, useLogPrefs } from './log-prefs';
import { formatTime } from './time-format';
import { useRowLoader } from './use-row-loader';
import { useRowScroll } from './use-row-scroll';

/**
 * Every frame of the connection, virtualized: rows are pulled from the main
 * process for what is on screen, never held all at once, and the work per
 * update is the same for ten rows or ten million.
 */
export function FrameLog() {
  const autoscroll = useApp((s) => s.autoscroll);
  const selectedSeq = useApp((s) => s.selectedSeq);
  const filter = useApp((s) => s.filter);
  // since open: from the open event, or the log's first event for a connection that never opened
  const start = useApp((s) => s.open?.t ?? s.logStart);
  const timeMode = useLogPrefs((p) => p.time);
  const widths = useLogPrefs((p) => p.widths);
  const hidden = useLogPrefs((p) => p.hidden);
  const loader = useRowLoader('log.frames');
  const total = loader.total;
  const shown = loader.shown;
  /** row index of the selection, for keyboard moves */
  const selectedIndex = useRef(-1);
  const bodyRef = useRef<HTMLDivElement>(null);
  const mark = useMemo(() => highlighter(filter), [filter]);

  const setFollow = useCallback((on: boolean) => {
    if (useApp.getState().autoscroll !== on) useApp.setState({ autoscroll: on });
  }, []);
  const scroll = useRowScroll(bodyRef, shown, autoscroll, setFollow);
  const { first, last, top, visibleFirst, visibleLast } = scroll.window;

  useEffect(() => loader.setView(visibleFirst, visibleLast, autoscroll), [loader, visibleFirst, visibleLast, autoscroll]);
  const sessionId = useApp((s) => s.sessionId);
  useEffect(() => {
    selectedIndex.current = -1;
  }, [sessionId, filter]);

  const select = useCallback((index: number, seq: number) => {
    selectedIndex.current = index;
    useApp.setState({ selectedSeq: seq, autoscroll: false });
  }, []);

  const onKey = (e: KeyboardEvent) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    e.preventDefault();
    const next = Math.min(shown - 1, Math.max(0, selectedIndex.current + (e.key === 'ArrowDown' ? 1 : -1)));
    const row = loader.rowAt(next);
    if (row) {
      select(next, row.seq);
      scroll.show(next);
    }
  };

  const rows = [];
  for (let i = first; i <= last; i++) {
    const row = loader.rowAt(i);
    const time = row ? formatTime(row.t, timeMode, { start, prev: loader.rowAt(i - 1)?.t }) : '';
    rows.push(<FrameRow key={row ? `s${row.seq}` : `i${i}`} row={row} index={i} time={time} mark={mark} selected={row !== undefined && row.seq === selectedSeq} onSelect={select} />);
  }
  const hiddenClasses = hidden.map((h) => ` hide-${h}`).join('');

  return (
    <>
      <LogToolbar total={total} scan={loader.scan} refused={loader.problem} onCancelled={() => loader.reread()} />
      <div className={`log-table${hiddenClasses}`} role="table" aria-label="Frames" aria-rowcount={shown + 1} style={{ '--log-columns': gridTemplate({ widths, hidden }) } as CSSProperties}>
        <div role="rowgroup" className="log-head">
          <LogHeader />
        </div>
        <div ref={bodyRef} className="log-body" role="rowgroup" tabIndex={0} aria-label="Frame rows" onKeyDown={onKey}>
          <div className="log-content" style={{ height: scroll.contentPx }}>
            <div className="log-window" style={{ transform: `translateY(${top}px)` }}>
              {rows}
            </div>
          </div>
          {shown === 0 && <LogEmpty />}
        </div>
      </div>
    </>
  );
}

/** What an empty log means, and what to do next. */
function LogEmpty() {
  const phase = useApp((s) => s.phase);
  const filtering = useApp((s) => Object.keys(s.filter).length > 0);
  const text = filtering
    ? 'No frame matches the filter. Clear it, or widen it under More filters.'
    : phase === 'idle'
      ? 'No frames yet. Type a ws:// or wss:// URL above and press Connect (or pick a profile on the left).'
      : phase === 'open'
        ? 'Connected. Write a message below and press Ctrl+Enter to send it; frames appear here as they cross the wire.'
        : phase === 'connecting'
          ? 'Connecting…'
          : 'No frames were exchanged. The status above says how the connection ended.';
  return <p className="empty log-empty">{text}</p>;
}
