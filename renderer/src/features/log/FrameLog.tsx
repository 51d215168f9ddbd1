import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useApp } from '../../store/app-store';
import { fetchFrames } from '../../store/actions';
import type { FrameLogEvent, LogEvent, MessageLogEvent } from '../../../../shared/log-events';
import { opcodeName } from '../../../../shared/opcodes';
import { framePreview } from './frame-preview';
import { LogToolbar } from './LogToolbar';

const PAGE = 200;
const ROW_HEIGHT = 24;
/** Pages kept around the viewport; the rest are dropped so memory stays flat however long the log. */
const KEEP_PAGES = 8;

function clock(t: number): string {
  const d = new Date(t);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}

function flags(e: FrameLogEvent): string {
  return [e.fin ? 'FIN' : '', e.rsv1 ? 'RSV1' : '', e.rsv2 ? 'RSV2' : '', e.rsv3 ? 'RSV3' : '', e.masked ? 'MASK' : ''].filter(Boolean).join(' ');
}

/**
 * Every frame of the connection, virtualized: rows are pulled from the main
 * process a page at a time for what is on screen, never held all at once.
 */
export function FrameLog() {
  const sessionId = useApp((s) => s.sessionId);
  const revision = useApp((s) => s.revision);
  const filter = useApp((s) => s.filter);
  const autoscroll = useApp((s) => s.autoscroll);
  const selectedSeq = useApp((s) => s.selectedSeq);
  const [total, setTotal] = useState(0);
  const [, setLoaded] = useState(0);
  const pages = useRef(new Map<number, FrameLogEvent[]>());
  /** row index of the selection, for keyboard moves */
  const selectedIndex = useRef(-1);
  const parentRef = useRef<HTMLDivElement>(null);
  const filterKey = JSON.stringify(filter);

  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => parentRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;

  /** bumped when the session or filter changes: pages fetched before then are dropped */
  const generation = useRef(0);
  /** what the loader should fetch next, read when it starts each round */
  const view = useRef({ first, last, autoscroll, total });
  view.current = { first, last, autoscroll, total };
  /** the loader running, if any: at most one fetch is in flight, and a change while it runs asks for one more round */
  const loader = useRef<{ again: boolean } | null>(null);

  useEffect(() => {
    generation.current++;
    pages.current.clear();
    selectedIndex.current = -1;
    setTotal(0);
  }, [sessionId, filterKey]);

  useEffect(() => {
    // A flood bumps the revision faster than a page can come back; cancelling
    // on each bump would starve the view, so one loader runs, round after round.
    if (loader.current) {
      loader.current.again = true;
      return;
    }
    const state = { again: true };
    loader.current = state;
    const load = async () => {
      while (state.again) {
        state.again = false;
        const gen = generation.current;
        const { first, last, autoscroll, total } = view.current;
        const want = new Set<number>();
        for (let p = Math.floor(first / PAGE); p <= Math.floor(last / PAGE); p++) want.add(p);
        if (autoscroll || total === 0) want.add(Math.floor(Math.max(0, total - 1) / PAGE));
        let known = total;
        let fetched = false;
        for (const p of want) {
          const cached = pages.current.get(p);
          if (cached && cached.length === PAGE) continue;
          const out = await fetchFrames(p * PAGE, PAGE);
          if (gen !== generation.current) {
            // the session or filter changed meanwhile: start over for the new one
            state.again = true;
            break;
          }
          if (!out) break;
          pages.current.set(p, out.rows as FrameLogEvent[]);
          fetched = true;
          known = out.total;
          setTotal(known);
          // the log grew past this page: go straight to its new tail, not page by page
          if (autoscroll && out.total > (p + 1) * PAGE) want.add(Math.floor((out.total - 1) / PAGE));
        }
        if (gen !== generation.current) continue;
        const centre = autoscroll ? Math.floor(Math.max(0, known - 1) / PAGE) : Math.floor(first / PAGE);
        for (const p of pages.current.keys()) if (Math.abs(p - centre) > KEEP_PAGES) pages.current.delete(p);
        if (fetched) setLoaded((n) => n + 1);
      }
      loader.current = null;
    };
    void load();
  }, [first, last, revision, filterKey, sessionId, autoscroll, total]);

  useEffect(() => {
    if (autoscroll && total > 0) virtualizer.scrollToIndex(total - 1, { align: 'end' });
  }, [autoscroll, total, virtualizer]);

  const rowAt = (i: number) => pages.current.get(Math.floor(i / PAGE))?.[i % PAGE];

  const onKey = (e: KeyboardEvent) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    e.preventDefault();
    const next = Math.min(total - 1, Math.max(0, selectedIndex.current + (e.key === 'ArrowDown' ? 1 : -1)));
    const row = rowAt(next);
    if (row) {
      selectedIndex.current = next;
      useApp.setState({ selectedSeq: row.seq, autoscroll: false });
      virtualizer.scrollToIndex(next);
    }
  };

  return (
    <section className="frame-log" aria-label="Frame log">
      <LogToolbar frameCount={total} />
      <div className="log-table" role="table" aria-label="Frames" aria-rowcount={total + 1}>
        <div role="rowgroup" className="log-head">
          <div role="row" className="log-row">
            {['#', 'Time', 'Dir', 'Opcode', 'Flags', 'Length', 'Payload'].map((h) => (
              <div role="columnheader" key={h}>
                {h}
              </div>
            ))}
          </div>
        </div>
        <div ref={parentRef} className="log-body" role="rowgroup" tabIndex={0} onKeyDown={onKey}>
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative', contain: 'strict' }}>
            {items.map((item) => {
              const e = rowAt(item.index);
              const style = { position: 'absolute' as const, top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${item.start}px)`, contain: 'strict' };
              if (!e) {
                return <div key={item.key} role="row" aria-rowindex={item.index + 2} className="log-row loading" style={style} />;
              }
              if ((e as LogEvent).type === 'message') {
                const m = e as unknown as MessageLogEvent;
                return (
                  <div
                    key={item.key}
                    role="row"
                    aria-rowindex={item.index + 2}
                    aria-selected={m.seq === selectedSeq}
                    className={`log-row dir-${m.dir}${m.seq === selectedSeq ? ' selected' : ''}`}
                    style={style}
                    onClick={() => {
                      selectedIndex.current = item.index;
                      useApp.setState({ selectedSeq: m.seq, autoscroll: false });
                    }}
                  >
                    <div role="cell">{m.seq}</div>
                    <div role="cell">{clock(m.t)}</div>
                    <div role="cell" className="dir">{m.dir === 'out' ? '↑ out' : '↓ in'}</div>
                    <div role="cell" className="opcode">
                      {opcodeName(m.opcode)}
                      <span className="badge group">message</span>
                    </div>
                    <div role="cell" className="flags" />
                    <div role="cell" className="length">{m.length}</div>
                    <div role="cell" className="payload">{m.text !== undefined ? m.text.slice(0, 160) : (m.data ?? '').slice(0, 160)}</div>
                  </div>
                );
              }
              if ((e as LogEvent).type === 'reconnect') {
                const r = e as unknown as Extract<LogEvent, { type: 'reconnect' }>;
                return (
                  <div key={item.key} role="row" aria-rowindex={item.index + 2} className="log-row separator" style={style}>
                    <div role="cell" className="separator-cell">
                      ── reconnect #{r.attempt} ({r.reason}) at {clock(r.t)} to {r.url} ──
                    </div>
                  </div>
                );
              }
              const control = e.opcode >= 8;
              const cont = e.opcode === 0;
              const cls = ['log-row', `dir-${e.dir}`, control ? 'control' : '', cont ? 'continuation' : '', e.crafted ? 'crafted' : '', e.seq === selectedSeq ? 'selected' : '', e.messageSeq !== undefined && !(e.fin && !cont) ? 'fragment' : '']
                .filter(Boolean)
                .join(' ');
              return (
                <div
                  key={item.key}
                  role="row"
                  aria-rowindex={item.index + 2}
                  aria-selected={e.seq === selectedSeq}
                  className={cls}
                  style={style}
                  onClick={() => {
                    selectedIndex.current = item.index;
                    useApp.setState({ selectedSeq: e.seq, autoscroll: false });
                  }}
                >
                  <div role="cell">{e.seq}</div>
                  <div role="cell">{clock(e.t)}</div>
                  <div role="cell" className="dir">
                    {e.dir === 'out' ? '↑ out' : '↓ in'}
                  </div>
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
            })}
          </div>
        </div>
      </div>
    </section>
  );
}
