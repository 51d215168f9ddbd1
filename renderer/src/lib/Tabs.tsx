import { useId, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { rovingKey } from './roving-key';

interface Props {
  /** the tab list's accessible name */
  label: string;
  names: string[];
  selected: string;
  onSelect: (name: string) => void;
  /** extra controls at the end of the tab row */
  extra?: ReactNode;
  /** the selected tab's panel */
  children: ReactNode;
}

/**
 * The WAI-ARIA tabs pattern: one tab in the Tab order, arrow keys (and Home,
 * End) move between tabs and select them, and the panel is named by its tab.
 */
export function Tabs({ label, names, selected, onSelect, extra, children }: Props) {
  const id = useId();
  const list = useRef<HTMLDivElement>(null);
  const tabId = (n: string) => `${id}-tab-${names.indexOf(n)}`;
  const onKeyDown = (e: KeyboardEvent) => {
    const next = rovingKey(e.key, names.indexOf(selected), names.length);
    if (next === null) return;
    e.preventDefault();
    onSelect(names[next]);
    list.current?.querySelectorAll<HTMLElement>('[role=tab]')[next]?.focus();
  };
  return (
    <>
      <div className="tabs">
        <div role="tablist" aria-label={label} className="tab-list" ref={list} onKeyDown={onKeyDown}>
          {names.map((n) => (
            <button key={n} id={tabId(n)} role="tab" type="button" aria-selected={n === selected} aria-controls={`${id}-panel`} tabIndex={n === selected ? 0 : -1} onClick={() => onSelect(n)}>
              {n}
            </button>
          ))}
        </div>
        {extra}
      </div>
      <div role="tabpanel" id={`${id}-panel`} aria-labelledby={tabId(selected)} className="tab-panel">
        {children}
      </div>
    </>
  );
}
