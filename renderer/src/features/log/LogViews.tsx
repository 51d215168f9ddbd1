import { useState } from 'react';
import { Tabs } from '../../lib/Tabs';
import { FrameLog } from './FrameLog';
import { TimeModeChoice } from './TimeModeChoice';

/** The connection's log, seen as frames on the wire. */
export function LogViews() {
  const [view, setView] = useState('Frames');
  return (
    <section className="frame-log" aria-label="Log">
      <Tabs label="Log view" names={['Frames']} selected={view} onSelect={setView} extra={<TimeModeChoice />}>
        <FrameLog />
      </Tabs>
    </section>
  );
}
