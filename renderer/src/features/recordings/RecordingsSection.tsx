import { useEffect } from 'react';
import { importHar, refreshRecordings, startRecordings, useRecordings } from './recordings-store';
import { RecordingItem } from './RecordingItem';
import { RetentionSetting } from './RetentionSetting';
import { CompareForm } from './CompareForm';
import { Notice } from '../../lib/Notice';

/** Every connection's recording, newest first as the main process lists them; import a HAR; retention; compare. */
export function RecordingsSection() {
  const recordings = useRecordings((s) => s.recordings);
  const problem = useRecordings((s) => s.problem);
  const imported = useRecordings((s) => s.imported);
  useEffect(startRecordings, []);

  return (
    <section className="sidebar-section" aria-labelledby="recordings-heading">
      <div className="row section-head">
        <h2 id="recordings-heading">Recordings</h2>
        <button type="button" className="link small" aria-label="Refresh recordings" title="Read the list again" onClick={() => void refreshRecordings()}>
          ↻
        </button>
        <label className="file small" title="A HAR saved by Chrome DevTools (Network, Save all as HAR)">
          Import HAR…
          <input
            type="file"
            aria-label="Import HAR"
            accept=".har,application/json"
            onChange={(e) => {
              const file = e.target.files?.[0];
              // cleared so that picking the same file again imports it again
              e.target.value = '';
              if (file) void importHar(file);
            }}
          />
        </label>
      </div>
      {problem && (
        <Notice text={problem} dismissLabel="Dismiss recordings problem" onDismiss={() => useRecordings.setState({ problem: null })} />
      )}
      {imported && (
        <p className="imported" aria-live="polite">
          {imported}{' '}
          <button type="button" className="link" aria-label="Dismiss import result" onClick={() => useRecordings.setState({ imported: null })}>
            ×
          </button>
        </p>
      )}
      <ul className="profile-list" aria-label="Recordings">
        {recordings.map((r) => (
          <RecordingItem key={r.id} recording={r} />
        ))}
      </ul>
      {recordings.length === 0 && <p className="empty">No recordings yet: every connection is recorded as it runs.</p>}
      <CompareForm />
      <RetentionSetting />
    </section>
  );
}
