import { useState } from 'react';
import type { RecordingSummary } from '../../../../shared/recordings';
import { deleteRecording, openRecording, pinRecording, renameRecording } from './recordings-store';
import { recordingFacts } from './recording-format';

type Mode = 'idle' | 'renaming' | 'confirm-delete';

const SOURCES = { connection: null, replay: 'replay', har: 'imported HAR' } as const;

/**
 * One recording: opens read-only with a click; pin, rename and delete (with
 * an inline confirm). Names come from people and HAR files: shown as text,
 * and every button's name carries it, so none is a bare "Close" or "Send".
 */
export function RecordingItem({ recording }: { recording: RecordingSummary }) {
  const { id, name, url, pinned, live } = recording;
  const [mode, setMode] = useState<Mode>('idle');
  const [newName, setNewName] = useState(name);
  const source = SOURCES[recording.source];

  return (
    <li className={`recording${live ? ' live' : ''}`}>
      <div className="profile-head">
        <button type="button" className="profile-open link" aria-label={`Open ${name} read-only`} title="Open its log read-only in a new tab" onClick={() => void openRecording(id)}>
          <span className="profile-name">
            {/* badges first: a long name is cut at its end */}
            {live && <span className="badge live">live</span>}
            {pinned && <span className="badge pinned">pinned</span>}
            {source && <span className="badge">{source}</span>}
            {recording.truncatedTail && <span className="badge warn" title="A torn last line was dropped; every complete event is kept">cut</span>} {name}
          </span>
          <span className="profile-url">{url}</span>
          <span className="recording-facts">{recordingFacts(recording)}</span>
        </button>
      </div>
      {mode === 'idle' && (
        <div className="row recording-actions">
          <button type="button" className="link small" aria-pressed={pinned} aria-label={`Pin ${name}`} title={pinned ? 'Unpin: retention may delete it again' : 'Pin: retention will never delete it'} onClick={() => void pinRecording(id, !pinned)}>
            {pinned ? 'Unpin' : 'Pin'}
          </button>
          <button
            type="button"
            className="link small"
            aria-label={`Rename ${name}`}
            onClick={() => {
              setNewName(name);
              setMode('renaming');
            }}
          >
            Rename
          </button>
          <button type="button" className="link small" aria-label={`Delete ${name}`} disabled={live} title={live ? 'Still being recorded' : undefined} onClick={() => setMode('confirm-delete')}>
            Delete
          </button>
        </div>
      )}
      {mode === 'renaming' && (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            if (newName.trim()) void renameRecording(id, newName.trim()).then((ok) => ok && setMode('idle'));
          }}
        >
          <input aria-label={`New name for ${name}`} className="grow" value={newName} autoFocus onChange={(e) => setNewName(e.target.value)} />
          <button type="submit" disabled={!newName.trim()}>
            Save name
          </button>
          <button type="button" className="secondary" onClick={() => setMode('idle')}>
            Cancel
          </button>
        </form>
      )}
      {mode === 'confirm-delete' && (
        <div className="row confirm" role="group" aria-label={`Delete ${name}?`}>
          <span>Delete “{name}” and its file?</span>
          <button type="button" className="danger" onClick={() => void deleteRecording(id)}>
            Yes, delete {name}
          </button>
          <button type="button" className="secondary" autoFocus onClick={() => setMode('idle')}>
            Keep it
          </button>
        </div>
      )}
    </li>
  );
}
