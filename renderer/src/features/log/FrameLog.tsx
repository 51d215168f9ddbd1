import { useMemo, type CSSProperties } from 'react';
import { useApp } from '../../store/app-store';
import { highlighter } from '../../lib/highlight';
import { isFiltering } from '../../../../shared/log-filter';
import { FrameRow } from './FrameRow';
import { LogHeader } from './LogHeader';
import { LogToolbar } from './LogToolbar';
import { gridTemplate, useLogPrefs } from './log-prefs';
import { formatTime } from './time-format';
import { useLogList } from './use-log-list';
import { FirstRunHint } from '../first-run/FirstRunHint';
import { useFirstRun } from '../first-run/first-run';

/**
 * Every frame of the connection, virtualized: rows are pulled from the main
 * process for what is on screen, never held all at once, and the work per
 * update is the same for ten rows or ten million.
 */
export function FrameLog() {
  const selectedSeq = useApp((s) => s.selectedSeq);
  const phase = useApp((s) => s.phase);
  const readOnly = useApp((s) => s.recording !== null);
  const filter = useApp((s) => s.filter);
  // since open: from the open event, or the log's first event for a connection that never opened
  const start = useApp((s) => s.open?.t ?? s.logStart);
  const timeMode = useLogPrefs((p) => p.time);
  const widths = useLogPrefs((p) => p.widths);
  const hidden = useLogPrefs((p) => p.hidden);
  const { loader, scroll, bodyRef, select, onKey, shown } = useLogList('log.frames');
  // the very first start, nothing connected yet: the way in, rather than an empty table
  const firstRun = useFirstRun((f) => f.showing) && phase === 'idle' && !readOnly;
  const { first, last, top } = scroll.window;
  const mark = useMemo(() => highlighter(filter), [filter]);
  const collapsed = useApp((s) => s.collapsed);
  const folded = useMemo(() => new Set(collapsed), [collapsed]);

  const rows = [];
  for (let i = first; i <= last; i++) {
    const row = loader.rowAt(i);
    const time = row ? formatTime(row.t, timeMode, { start, prev: loader.rowAt(i - 1)?.t }) : '';
    rows.push(
      <FrameRow key={row ? `s${row.seq}` : `i${i}`} row={row} index={i} time={time} mark={mark} selected={row !== undefined && row.seq === selectedSeq} onSelect={select} folded={row !== undefined && folded.has(row.seq)} onToggleGroup={toggleGroup} />,
    );
  }
  const hiddenClasses = hidden.map((h) => ` hide-${h}`).join('');

  return (
    <>
      <LogToolbar noun="frames" total={loader.total} scan={loader.scan} refused={loader.problem} onCancelled={() => loader.reread()} />
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
        </div>
      </div>
      {/* beside the table, not in it: a table's row groups hold rows only */}
      {shown === 0 && (firstRun ? <FirstRunHint /> : <LogEmpty what="frame" />)}
    </>
  );
}

/** Folds or unfolds a fragmented message's group in the active tab's frame log. */
function toggleGroup(first: number): void {
  useApp.setState((s) => ({ collapsed: s.collapsed.includes(first) ? s.collapsed.filter((c) => c !== first) : [...s.collapsed, first] }));
}

/** What an empty log means, and what to do next. */
export function LogEmpty({ what }: { what: 'frame' | 'message' }) {
  const phase = useApp((s) => s.phase);
  const filtering = useApp((s) => isFiltering(s.filter));
  const text = filtering
    ? `No ${what} matches the filter. Clear it, or widen it under More filters.`
    : phase === 'idle'
      ? 'Nothing here yet. Type a ws:// or wss:// URL above and press Connect, or connect from a profile on the left.'
      : phase === 'open'
        ? 'Connected. Write a message below and press Ctrl+Enter to send it; they appear here as they cross the wire.'
        : phase === 'connecting'
          ? 'Connecting…'
          : `No ${what}s were exchanged. The status above says how the connection ended.`;
  return <p className="empty log-empty">{text}</p>;
}
