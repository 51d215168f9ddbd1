import { useEffect, useState } from 'react';
import { Group, Panel } from 'react-resizable-panels';
import { useShallow } from 'zustand/react/shallow';
import { useApp } from './store/app-store';
import { ConnectBar } from './features/connect/ConnectBar';
import { FailedUpgrade, HandshakePanel } from './features/handshake/HandshakePanel';
import { LogViews } from './features/log/LogViews';
import { Inspector } from './features/inspector/Inspector';
import { Composer } from './features/composer/Composer';
import { RawFrameComposer } from './features/composer/RawFrameComposer';
import { TabBar } from './features/connect/TabBar';
import { HeartbeatPanel } from './features/heartbeat/HeartbeatPanel';
import { ClosePanel } from './features/close/ClosePanel';
import { useMenuCommands } from './features/menu/use-menu-commands';
import { Sidebar } from './features/sidebar/Sidebar';
import { RecordingHeader } from './features/recordings/RecordingHeader';
import { ComparePanel } from './features/recordings/ComparePanel';
import { StatusStrip } from './features/status/StatusStrip';
import { Tabs } from './lib/Tabs';
import { ResizeHandle, useRememberedLayout } from './layout/panes';
import { ShortcutSheet } from './features/shortcuts/ShortcutSheet';
import { AskDialog } from './lib/AskDialog';
import { helperOf } from './features/decoding/decoding';
import type { HelperId } from '../../shared/subprotocols/helpers';
import { sendModeShown, sendModesOf } from './features/composer/send-modes';
import { SocketIoComposer } from './features/helpers/SocketIoComposer';
import { StompComposer } from './features/helpers/StompComposer';
import { GraphqlComposer } from './features/helpers/GraphqlComposer';
import { RestoredBanner } from './features/session/RestoredBanner';
import { startSession } from './features/session/session-workspace';
import { Notice } from './lib/Notice';
import { ScenarioEditor } from './features/scenarios/ScenarioEditor';
import { ScenarioSteps } from './features/scenarios/ScenarioSteps';

/** The composer of each subprotocol helper, offered as a tab of its own beside Compose. */
const HELPER_COMPOSERS: Record<HelperId, () => React.JSX.Element> = { socketio: SocketIoComposer, stomp: StompComposer, 'graphql-ws': GraphqlComposer };

const LEFT_LIVE = ['log', 'composer'];
const RIGHT_LIVE = ['inspector', 'controls'];

export function App() {
  const notice = useApp((s) => s.notice);
  // a recording opened read-only: its log and inspector, none of the controls that act on a connection
  const readOnly = useApp((s) => s.recording !== null);
  useMenuCommands();
  // the tabs come back: the workspace's saved ones, and the sessions still alive in the main process
  useEffect(startSession, []);
  const shell = useRememberedLayout('shell');
  const work = useRememberedLayout('work');
  const left = useRememberedLayout(readOnly ? 'left-read-only' : 'left', readOnly ? ['log'] : LEFT_LIVE);
  const right = useRememberedLayout(readOnly ? 'right-read-only' : 'right', readOnly ? ['inspector'] : RIGHT_LIVE);
  const [side, setSide] = useState('Inspector');
  // the helper in force (set, or from the negotiated subprotocol) adds its composer
  const helper = useApp(helperOf);
  const sendModes = useApp(useShallow(sendModesOf));
  const mode = useApp(sendModeShown);
  const HelperComposer = helper ? HELPER_COMPOSERS[helper] : null;
  return (
    <>
    <Group orientation="horizontal" className="shell" id="shell" {...shell}>
      <Sidebar />
      <ResizeHandle label="Resize the sidebar" />
      <Panel id="main" minSize={520} className="app">
        <TabBar />
        {readOnly ? <RecordingHeader /> : <ConnectBar />}
        <StatusStrip />
        <RestoredBanner />
        {notice && (
          <Notice text={notice} dismissLabel="Dismiss" onDismiss={() => useApp.setState({ notice: null })} />
        )}
        <FailedUpgrade />
        <ComparePanel />
        <Group orientation="horizontal" className={`workspace${readOnly ? ' read-only' : ''}`} id="work" {...work}>
          <Panel id="left" defaultSize="77%" minSize={360}>
            <Group orientation="vertical" id={readOnly ? 'left-read-only' : 'left'} {...left}>
              <Panel id="log" minSize={140} className="pane log-pane">
                <LogViews />
                <ScenarioSteps />
              </Panel>
              {!readOnly && (
                <>
                  <ResizeHandle label="Resize the log and the composer" vertical />
                  <Panel id="composer" defaultSize="34%" minSize={120} className="pane composer-area">
                    <Tabs label="Send" names={sendModes} selected={mode} onSelect={(m) => useApp.setState({ sendMode: m })}>
                      {mode === 'Compose' ? <Composer /> : mode === 'Raw frame' ? <RawFrameComposer /> : HelperComposer && <HelperComposer />}
                    </Tabs>
                  </Panel>
                </>
              )}
            </Group>
          </Panel>
          <ResizeHandle label="Resize the log and the inspector" />
          <Panel id="right" minSize={240}>
            <Group orientation="vertical" id={readOnly ? 'right-read-only' : 'right'} {...right}>
              <Panel id="inspector" minSize={120} className="pane side">
                <Tabs label="Details" names={['Inspector', 'Handshake']} selected={side} onSelect={setSide}>
                  <div className="side-body">{side === 'Inspector' ? <Inspector /> : <HandshakePanel />}</div>
                </Tabs>
              </Panel>
              {!readOnly && (
                <>
                  <ResizeHandle label="Resize the inspector and the connection controls" vertical />
                  <Panel id="controls" defaultSize="48%" minSize={120} className="pane controls">
                    <HeartbeatPanel />
                    <ClosePanel />
                  </Panel>
                </>
              )}
            </Group>
          </Panel>
        </Group>
      </Panel>
    </Group>
    <ShortcutSheet />
    <ScenarioEditor />
    <AskDialog />
    </>
  );
}
