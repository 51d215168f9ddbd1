import { useState } from 'react';
import { useApp } from '../../store/app-store';
import { connect, disconnect, reconnect } from '../../store/actions';
import { ConnectOptions } from './ConnectOptions';
import { UrlPreview } from '../profiles/UrlPreview';

export function ConnectBar() {
  const url = useApp((s) => s.settings.url);
  const phase = useApp((s) => s.phase);
  // a restored tab's log is the recording of its last connection: nothing to continue, Connect starts afresh
  const hasSession = useApp((s) => s.sessionId !== null && s.restored === null);
  const [showOptions, setShowOptions] = useState(false);
  const live = phase === 'connecting' || phase === 'open' || phase === 'closing';

  return (
    <section className="connect-bar" aria-label="Connection">
      <form
        className="connect-row"
        onSubmit={(e) => {
          e.preventDefault();
          if (!live) void connect();
        }}
      >
        <input
          aria-label="URL"
          className="url"
          value={url}
          spellCheck={false}
          onChange={(e) => useApp.setState((s) => ({ settings: { ...s.settings, url: e.target.value } }))}
          placeholder="ws://host:port/path"
        />
        {live ? (
          <button type="button" onClick={() => void disconnect()} disabled={phase === 'closing'}>
            Disconnect
          </button>
        ) : (
          <button type="submit">Connect</button>
        )}
        {phase === 'closed' && hasSession && (
          <button type="button" className="secondary" title="Same settings, same log, after a separator" onClick={() => void reconnect()}>
            Reconnect
          </button>
        )}
        <button type="button" className="secondary" aria-expanded={showOptions} onClick={() => setShowOptions(!showOptions)}>
          Options
        </button>
      </form>
      <UrlPreview />
      {showOptions && <ConnectOptions />}
    </section>
  );
}
