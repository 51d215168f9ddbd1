import { Tabs } from '../../lib/Tabs';
import { useApp, type LogView } from '../../store/app-store';
import { FrameLog } from './FrameLog';
import { MessageLog } from './MessageLog';
import { TimeModeChoice } from './TimeModeChoice';
import { SaveAsScenario } from '../scenarios/SaveAsScenario';

const NAMES: Record<LogView, string> = { frames: 'Frames', messages: 'Messages' };

/** The connection's log, seen as frames on the wire or as the conversation of messages; each tab remembers its view. */
export function LogViews() {
  const view = useApp((s) => s.view);
  return (
    <section className="frame-log" aria-label="Log">
      <Tabs
        label="Log view"
        names={[NAMES.frames, NAMES.messages]}
        selected={NAMES[view]}
        onSelect={(name) => useApp.setState({ view: name === NAMES.messages ? 'messages' : 'frames' })}
        extra={
          <>
            <TimeModeChoice />
            <SaveAsScenario />
          </>
        }>
        {view === 'frames' ? <FrameLog /> : <MessageLog />}
      </Tabs>
    </section>
  );
}
