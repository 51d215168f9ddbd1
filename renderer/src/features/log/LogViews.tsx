import { useState } from 'react';
import { Tabs } from '../../lib/Tabs';
import { FrameLog } from './FrameLog';
import { MessageLog } from './MessageLog';
import { TimeModeChoice } from './TimeModeChoice';
import { SaveAsScenario } from '../scenarios/SaveAsScenario';

/** The connection's log, seen as frames on the wire or as the conversation of messages. */
export function LogViews() {
  const [view, setView] = useState('Frames');
  return (
    <section className="frame-log" aria-label="Log">
      <Tabs label="Log view" names={['Frames', 'Messages']} selected={view} onSelect={setView} extra={
          <>
            <TimeModeChoice />
            <SaveAsScenario />
          </>
        }>
        {view === 'Frames' ? <FrameLog /> : <MessageLog />}
      </Tabs>
    </section>
  );
}
