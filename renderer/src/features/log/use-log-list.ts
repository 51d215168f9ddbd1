import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { api } from '../../ipc/api';
import { useApp } from '../../store/app-store';
import { useRowLoader, type RowsCall } from './use-row-loader';
import { useRowScroll } from './use-row-scroll';

/**
 * What both views of the log share: rows pulled for what is on screen,
 * scrolling that follows the end until the person scrolls away, and the
 * selection moved by click or the arrow keys.
 */
export function useLogList(call: RowsCall, rowHeight?: number) {
  const autoscroll = useApp((s) => s.autoscroll);
  const sessionId = useApp((s) => s.sessionId);
  const filter = useApp((s) => s.filter);
  const loader = useRowLoader(call);
  const shown = loader.shown;
  /** row index of the selection, for keyboard moves */
  const selectedIndex = useRef(-1);
  const bodyRef = useRef<HTMLDivElement>(null);

  const setFollow = useCallback((on: boolean) => {
    if (useApp.getState().autoscroll !== on) useApp.setState({ autoscroll: on });
  }, []);
  const scroll = useRowScroll(bodyRef, shown, autoscroll, setFollow, rowHeight);
  const { visibleFirst, visibleLast } = scroll.window;

  useEffect(() => loader.setView(visibleFirst, visibleLast, autoscroll), [loader, visibleFirst, visibleLast, autoscroll]);
  useEffect(() => {
    selectedIndex.current = -1;
  }, [sessionId, filter]);

  const select = useCallback((index: number, seq: number) => {
    selectedIndex.current = index;
    useApp.setState({ selectedSeq: seq, autoscroll: false });
  }, []);

  // a requested event (a scenario step's message): found in this view, selected, then scrolled to once its row is loaded
  const reveal = useApp((s) => s.reveal);
  const [target, setTarget] = useState<number | null>(null);
  useEffect(() => {
    if (!reveal || !sessionId) return;
    let current = true;
    api.call('log.rowOf', { sessionId, seq: reveal.seq, view: call === 'log.frames' ? 'frames' : 'messages', filter }).then(
      (r) => {
        if (!current) return;
        useApp.setState({ selectedSeq: r.seq, autoscroll: false });
        setTarget(r.row);
      },
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [reveal, sessionId, filter, call]);
  const show = scroll.show;
  useEffect(() => {
    if (target === null || shown <= target) return;
    selectedIndex.current = target;
    show(target);
    // the row asked for is shown once: the next reveal sets a new target
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setTarget(null);
  }, [target, shown, show]);

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

  return { loader, scroll, bodyRef, select, onKey, shown };
}
