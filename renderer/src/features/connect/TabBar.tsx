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
  const active = useWorkspace((w) => w.active);
  const tabs = useWorkspace((w) => w.tabs);
  return (
    <nav className="tab-bar" role="tablist" aria-label="Connections">
      {order.map((id) => {
        const t = tabs[id];
        return (
          <div
            key={id}
            role="tab"
            tabIndex={0}
            aria-selected={id === active}
            className="tab"
            onClick={() => useWorkspace.setState({ active: id })}
            onKeyDown={(e) => e.key === 'Enter' && useWorkspace.setState({ active: id })}
          >
            <span className={`dot ${t.phase}`} aria-hidden="true" />
            {t.recording ? `Recording: ${t.recording.name}` : label(t.settings.url)}
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
      })}
      <button type="button" className="secondary" aria-label="New tab" onClick={() => addTab(tabs[active]?.settings)}>
        +
      </button>
    </nav>
  );
}
