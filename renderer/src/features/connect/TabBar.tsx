import { addTab, removeTab, useWorkspace } from '../../store/app-store';
import { closeTab } from '../../store/actions';

function label(url: string): string {
  try {
    const u = new URL(url);
    return `${u.host}${u.pathname === '/' ? '' : u.pathname}`;
  } catch {
    return url || 'New connection';
  }
}

/** One tab per connection, each with its own log. */
export function TabBar() {
  const order = useWorkspace((w) => w.order);
  return (
    <nav className="tab-bar" role="tablist" aria-label="Connections">
      {order.map((id) => (
        <Tab key={id} id={id} />
      ))}
      <button type="button" className="secondary" aria-label="New tab" onClick={newTabLikeActive}>
        +
      </button>
    </nav>
  );
}

/** A new tab with the active one's settings. */
function newTabLikeActive(): void {
  const w = useWorkspace.getState();
  addTab(w.tabs[w.active]?.settings);
}

/** A tab's handle; it selects only what it shows, so a log summary every 32 ms does not re-render the bar. */
function Tab({ id }: { id: string }) {
  const selected = useWorkspace((w) => w.active === id);
  const phase = useWorkspace((w) => w.tabs[id]?.phase);
  const recording = useWorkspace((w) => w.tabs[id]?.recording?.name);
  const url = useWorkspace((w) => w.tabs[id]?.settings.url ?? '');
  return (
    <div
      role="tab"
      tabIndex={0}
      aria-selected={selected}
      className="tab"
      onClick={() => useWorkspace.setState({ active: id })}
      onKeyDown={(e) => e.key === 'Enter' && useWorkspace.setState({ active: id })}
    >
      <span className={`dot ${phase}`} aria-hidden="true" />
      {recording !== undefined ? `Recording: ${recording}` : label(url)}
      <button
        type="button"
        className="link"
        aria-label="Close tab"
        onClick={(e) => {
          e.stopPropagation();
          void closeTab(id).then(() => removeTab(id));
        }}
      >
        ×
      </button>
    </div>
  );
}
