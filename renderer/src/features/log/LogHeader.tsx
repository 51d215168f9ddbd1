import { useState, type KeyboardEvent, type PointerEvent } from 'react';
import { Columns3 } from 'lucide-react';
import { COLUMNS, setColumnWidth, toggleColumn, useLogPrefs, type ColumnId } from './log-prefs';

/** Drags (or arrow keys on) the right edge of a column header to change its width. */
function Grip({ id, label, width }: { id: ColumnId; label: string; width: number }) {
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    e.preventDefault();
    const el = e.currentTarget;
    el.setPointerCapture(e.pointerId);
    const from = e.clientX;
    const move = (m: globalThis.PointerEvent) => setColumnWidth(id, width + m.clientX - from);
    const up = () => {
      el.removeEventListener('pointermove', move);
      el.removeEventListener('pointerup', up);
    };
    el.addEventListener('pointermove', move);
    el.addEventListener('pointerup', up);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
    e.preventDefault();
    setColumnWidth(id, width + (e.key === 'ArrowRight' ? 8 : -8));
  };
  return (
    <div
      role="separator"
      aria-orientation="vertical"
      aria-label={`Resize the ${label} column`}
      aria-valuenow={width}
      aria-valuemin={36}
      aria-valuemax={600}
      tabIndex={0}
      className="col-grip"
      onPointerDown={onPointerDown}
      onKeyDown={onKeyDown}
    />
  );
}

/** Which columns show, from the header's menu. */
function ColumnsMenu() {
  const hidden = useLogPrefs((p) => p.hidden);
  const [open, setOpen] = useState(false);
  return (
    <span className="columns-menu">
      <button type="button" className="ghost icon" aria-expanded={open} aria-label="Columns" title="Show or hide columns" onClick={() => setOpen(!open)}>
        <Columns3 size={14} aria-hidden />
      </button>
      {open && (
        <div className="popover" role="group" aria-label="Shown columns" onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
          {COLUMNS.map((c) => (
            <label key={c.id} className="flag">
              <input type="checkbox" checked={!hidden.includes(c.id)} onChange={() => toggleColumn(c.id)} /> Show {c.label}
            </label>
          ))}
        </div>
      )}
    </span>
  );
}

/** The frame log's header row: resizable fixed columns, then the payload with the columns menu. */
export function LogHeader() {
  const widths = useLogPrefs((p) => p.widths);
  const hidden = useLogPrefs((p) => p.hidden);
  return (
    <div role="row" className="log-row">
      {COLUMNS.filter((c) => !hidden.includes(c.id)).map((c) => (
        <div role="columnheader" key={c.id} title={c.title} className="col-head">
          {c.label}
          <Grip id={c.id} label={c.label} width={widths[c.id]} />
        </div>
      ))}
      <div role="columnheader" className="col-head payload-head">
        Payload
        <ColumnsMenu />
      </div>
    </div>
  );
}
