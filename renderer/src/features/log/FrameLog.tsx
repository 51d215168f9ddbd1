import { useCallback, useEffect, useRef, type KeyboardEvent } from 'react';
import { useApp } from '../../store/app-store';
import { FrameRow } from './FrameRow';
import { LogToolbar } from './LogToolbar';
import { useRowLoader } from './use-row-loader';
import { useRowScroll } from './use-row-scroll';

const COLUMNS = ['#', 'Time', 'Dir', 'Opcode', 'Flags', 'Length', 'Payload'];

/**
 * Every frame of the connection, virtualized: rows are pulled from the main
 * process for what is on screen, never held all at once, and the work per
 * update is the same for ten rows or ten million.
 */
export function FrameLog() {
  const autoscroll = useApp((s) => s.autoscroll);
  const selectedSeq = useApp((s) => s.selectedSeq);
  const loader = useRowLoader();
  const total = loader.total;
  const shown = loader.shown;
  /** row index of the selection, for keyboard moves */
  const selectedIndex = useRef(-1);
  const bodyRef = useRef<HTMLDivElement>(null);

  const setFollow = useCallback((on: boolean) => {
    if (useApp.getState().autoscroll !== on) useApp.setState({ autoscroll: on });
  }, []);
  const scroll = useRowScroll(bodyRef, shown, autoscroll, setFollow);
  const { first, last, top, visibleFirst, visibleLast } = scroll.window;

  useEffect(() => loader.setView(visibleFirst, visibleLast, autoscroll), [loader, visibleFirst, visibleLast, autoscroll]);
  const sessionId = useApp((s) => s.sessionId);
  const filter = useApp((s) => s.filter);
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
    rows.push(<FrameRow key={row ? `s${row.seq}` : `i${i}`} row={row} index={i} selected={row !== undefined && row.seq === selectedSeq} onSelect={select} />);
  }

  return (
    <section className="frame-log" aria-label="Frame log">
      <LogToolbar total={total} scan={loader.scan} refused={loader.problem} onCancelled={() => loader.reread()} />
      <div className="log-table" role="table" aria-label="Frames" aria-rowcount={shown + 1}>
        <div role="rowgroup" className="log-head">
          <div role="row" className="log-row">
            {COLUMNS.map((h) => (
              <div role="columnheader" key={h}>
                {h}
              </div>
            ))}
          </div>
        </div>
        <div ref={bodyRef} className="log-body" role="rowgroup" tabIndex={0} onKeyDown={onKey}>
          <div className="log-content" style={{ height: scroll.contentPx }}>
            <div className="log-window" style={{ transform: `translateY(${top}px)` }}>
              {rows}
            </div>
          </div>
        </div>
      </div>
    </section>
  );
}
