import { create } from 'zustand';

/** The frame log's columns; the payload takes whatever width is left. */
export const COLUMNS = [
  { id: 'seq', label: 'Seq', title: 'The event’s number in the log (seq in the NDJSON): frames, messages and other events all count', width: 50 },
  { id: 'time', label: 'Time', title: 'When the frame was sent or received', width: 92 },
  { id: 'dir', label: 'Dir', title: 'Direction: out (sent) or in (received)', width: 44 },
  { id: 'opcode', label: 'Opcode', title: 'The frame’s opcode', width: 100 },
  { id: 'flags', label: 'Flags', title: 'FIN, RSV1-3 and MASK', width: 96 },
  { id: 'length', label: 'Length', title: 'Payload length in bytes, as on the wire', width: 52 },
] as const;
export type ColumnId = (typeof COLUMNS)[number]['id'];

export type TimeMode = 'absolute' | 'since-open' | 'delta';

interface LogPrefs {
  widths: Record<ColumnId, number>;
  /** Flags starts hidden: beside the sidebar at 1280 px the payload keeps its 60 characters; the inspector shows every bit */
  hidden: ColumnId[];
  time: TimeMode;
}

const KEY = 'framescope-log-prefs';
const MIN_WIDTH = 36;

function load(): LogPrefs {
  const fallback: LogPrefs = { widths: Object.fromEntries(COLUMNS.map((c) => [c.id, c.width])) as Record<ColumnId, number>, hidden: ['flags'], time: 'absolute' };
  try {
    const saved = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Partial<LogPrefs> | null;
    return saved ? { ...fallback, ...saved, widths: { ...fallback.widths, ...saved.widths } } : fallback;
  } catch {
    return fallback;
  }
}

/** How the person set up the log's columns and times, remembered in this window. */
export const useLogPrefs = create<LogPrefs>()(load);
useLogPrefs.subscribe((p) => localStorage.setItem(KEY, JSON.stringify(p)));

export function setColumnWidth(id: ColumnId, width: number): void {
  useLogPrefs.setState((p) => ({ widths: { ...p.widths, [id]: Math.max(MIN_WIDTH, Math.round(width)) } }));
}

export function toggleColumn(id: ColumnId): void {
  useLogPrefs.setState((p) => ({ hidden: p.hidden.includes(id) ? p.hidden.filter((h) => h !== id) : [...p.hidden, id] }));
}

/** The rows' grid columns: the shown fixed ones, then the payload in the rest. */
export function gridTemplate(p: Pick<LogPrefs, 'widths' | 'hidden'>): string {
  return [...COLUMNS.filter((c) => !p.hidden.includes(c.id)).map((c) => `${p.widths[c.id]}px`), 'minmax(0, 1fr)'].join(' ');
}
