import { useRef, type KeyboardEvent } from 'react';
import { Keyboard, Plus, X } from 'lucide-react';
import { addTab, useTabs } from '../../store/app-store';
import { requestCloseTab } from '../../store/close-tab';
import { rovingKey } from '../../lib/roving-key';
import { useWorkspace } from '../profiles/workspace-store';
import { tabLabel } from '../../lib/tab-label';
import { openShortcutSheet } from '../shortcuts/shortcut-sheet';

/** One tab per connection, each with its own log; the WAI-ARIA tabs pattern (arrow keys move between them). */
export function TabBar() {
  const order = useTabs((w) => w.order);
  const list = useRef<HTMLDivElement>(null);
  const onKeyDown = (e: KeyboardEvent) => {
    if ((e.target as HTMLElement).getAttribute('role') !== 'tab') return;
    const w = useTabs.getState();
    const next = rovingKey(e.key, w.order.indexOf(w.active), w.order.length);
    if (next === null) return;
    e.preventDefault();
    useTabs.setState({ active: w.order[next] });
    list.current?.querySelectorAll<HTMLElement>('[role=tab]')[next]?.focus();
  };
  return (
    <nav className="tab-bar" aria-label="Connections">
      {/* a tablist owns tabs only: each tab's close button is laid beside it by CSS order, outside the list */}
      <div className="tab-strip">
        <div role="tablist" aria-label="Connections" className="contents" ref={list} onKeyDown={onKeyDown}>
          {order.map((id, i) => (
            <Tab key={id} id={id} at={i} />
          ))}
        </div>
        <div className="contents">
          {order.map((id, i) => (
            <CloseTab key={id} id={id} at={i} />
          ))}
        </div>
      </div>
      <button type="button" className="ghost icon" aria-label="New tab" title="New tab with these settings" onClick={newTabLikeActive}>
        <Plus size={16} aria-hidden />
      </button>
      <button type="button" className="ghost icon shortcuts-button" aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)" onClick={openShortcutSheet}>
        <Keyboard size={16} aria-hidden />
      </button>
    </nav>
  );
}

/** A new tab with the active one's settings. */
function newTabLikeActive(): void {
  const w = useTabs.getState();
  addTab(w.tabs[w.active]?.settings);
}

/** The name a tab shows: its recording, its scenario run, the profile it came from (whose URL may be all {{variables}}), or its URL's host and path. */
function useTabName(id: string): string {
  const recording = useTabs((w) => w.tabs[id]?.recording?.name);
  const scenario = useTabs((w) => w.tabs[id]?.scenario);
  const profileId = useTabs((w) => w.tabs[id]?.profileId ?? null);
  const profile = useWorkspace((p) => (profileId ? p.view?.profiles.find((x) => x.id === profileId)?.name : undefined));
  const url = useTabs((w) => w.tabs[id]?.settings.url ?? '');
  if (recording !== undefined) return `Recording: ${recording}`;
  if (scenario) return `Scenario: ${scenario}`;
  return profile ?? tabLabel(url);
}

/** A tab's handle; it selects only what it shows, so a log summary every 32 ms does not re-render the bar. */
function Tab({ id, at }: { id: string; at: number }) {
  const selected = useTabs((w) => w.active === id);
  const phase = useTabs((w) => w.tabs[id]?.phase);
  const name = useTabName(id);
  return (
    <span role="tab" tabIndex={selected ? 0 : -1} aria-selected={selected} className="tab" data-selected={selected} style={{ order: 2 * at }} onClick={() => useTabs.setState({ active: id })}>
      <span className={`dot ${phase}`} aria-hidden="true" />
      {name}
    </span>
  );
}

/** The button that closes a tab, named after it. */
function CloseTab({ id, at }: { id: string; at: number }) {
  const selected = useTabs((w) => w.active === id);
  const name = useTabName(id);
  return (
    <button type="button" className="ghost icon tab-close" data-selected={selected} style={{ order: 2 * at + 1 }} aria-label={`Close tab ${name}`} title="Close tab" onClick={() => void requestCloseTab(id)}>
      <X size={12} aria-hidden />
    </button>
  );
}
