import { useState } from 'react';
import { useApp } from '../../store/app-store';
import { replayRecording } from './recordings-store';
import { ExportButtons } from './ExportButtons';
import { recordingFacts } from './recording-format';

/**
 * Stands in for the connect bar in a read-only tab: what the recording is,
 * its exports, and a replay that opens a live tab of its own.
 */
export function RecordingHeader() {
  const recording = useApp((s) => s.recording);
  const [url, setUrl] = useState('');
  const [timing, setTiming] = useState<'original' | 'fast'>('original');
  if (!recording) return null;

  return (
    <section className="connect-bar recording-header" aria-label="Recording">
      <div className="connect-row">
        <span className="read-only-badge">Recording (read-only)</span>
        <strong className="recording-title">{recording.name}</strong>
        <code className="recording-url">{recording.url}</code>
      </div>
      <p className="recording-facts">{recordingFacts(recording)}</p>
      {recording.framesIn + recording.framesOut === 0 && recording.messagesIn + recording.messagesOut > 0 && (
        // a HAR keeps messages, not frames: the log lists the messages instead
        <p className="hint">
          {recording.messagesOut} sent and {recording.messagesIn} received messages; a HAR keeps no frames, so the log lists the messages.
        </p>
      )}
      <ExportButtons id={recording.id} />
      <form
        className="row replay-form"
        onSubmit={(e) => {
          e.preventDefault();
          void replayRecording(recording, url, timing);
        }}
      >
        <input aria-label="Replay URL" className="grow url" spellCheck={false} placeholder={`${recording.url} (same URL)`} value={url} onChange={(e) => setUrl(e.target.value)} />
        <select aria-label="Replay timing" value={timing} onChange={(e) => setTiming(e.target.value as 'original' | 'fast')}>
          <option value="original">original timing</option>
          <option value="fast">as fast as possible</option>
        </select>
        <button type="submit" title="Send its outgoing messages again, in a new live tab (itself recorded)">
          Replay
        </button>
      </form>
    </section>
  );
}
