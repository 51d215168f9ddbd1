import { useState } from 'react';
import { useApp } from './store/app-store';
import { ConnectBar } from './features/connect/ConnectBar';
import { FailedUpgrade, HandshakePanel } from './features/handshake/HandshakePanel';
import { FrameLog } from './features/log/FrameLog';
import { Inspector } from './features/inspector/Inspector';
import { Composer } from './features/composer/Composer';
import { RawFrameComposer } from './features/composer/RawFrameComposer';
import { TabBar } from './features/connect/TabBar';
import { HeartbeatPanel } from './features/heartbeat/HeartbeatPanel';
import { ClosePanel } from './features/close/ClosePanel';
import { useMenuCommands } from './features/menu/use-menu-commands';
import { Sidebar } from './features/profiles/Sidebar';
import { RecordingHeader } from './features/recordings/RecordingHeader';
import { ComparePanel } from './features/recordings/ComparePanel';

export function App() {
  const notice = useApp((s) => s.notice);
  // a recording opened read-only: its log and inspector, none of the controls that act on a connection
  const readOnly = useApp((s) => s.recording !== null);
  useMenuCommands();
  const [side, setSide] = useState<'inspector' | 'handshake'>('inspector');
  const [sendMode, setSendMode] = useState<'compose' | 'raw'>('compose');
  return (
    <div className="shell">
      <Sidebar />
      <div className="app">
        <TabBar />
        {readOnly ? <RecordingHeader /> : <ConnectBar />}
        {notice && (
          <div className="notice" role="alert">
            {notice}
            <button type="button" className="link" aria-label="Dismiss" onClick={() => useApp.setState({ notice: null })}>
              ×
            </button>
          </div>
        )}
        <FailedUpgrade />
        <ComparePanel />
        <main className={`workspace${readOnly ? ' read-only' : ''}`}>
          <FrameLog />
          <aside className="side">
            <div role="tablist" className="tabs">
              <button role="tab" type="button" aria-selected={side === 'inspector'} onClick={() => setSide('inspector')}>
                Inspector
              </button>
              <button role="tab" type="button" aria-selected={side === 'handshake'} onClick={() => setSide('handshake')}>
                Handshake
              </button>
            </div>
            <div role="tabpanel" className="side-body">
              {side === 'inspector' ? <Inspector /> : <HandshakePanel />}
            </div>
          </aside>
          {!readOnly && (
            <>
              <section className="composer-area" aria-label="Send">
                <div role="tablist" className="tabs">
                  <button role="tab" type="button" aria-selected={sendMode === 'compose'} onClick={() => setSendMode('compose')}>
                    Compose
                  </button>
                  <button role="tab" type="button" aria-selected={sendMode === 'raw'} onClick={() => setSendMode('raw')}>
                    Raw frame
                  </button>
                </div>
                {sendMode === 'compose' ? <Composer /> : <RawFrameComposer />}
              </section>
              <div className="controls">
                <HeartbeatPanel />
                <ClosePanel />
              </div>
            </>
          )}
        </main>
      </div>
    </div>
  );
}
