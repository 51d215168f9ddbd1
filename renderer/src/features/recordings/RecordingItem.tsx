import { useState } from 'react';
import { ConfirmDelete, RenameForm } from '../../lib/InlineEdits';
import type { RecordingSummary } from '../../../../shared/recordings';
import { deleteRecording, openRecording, pinRecording, renameRecording } from './recordings-store';
import { recordingFacts } from './recording-format';

type Mode = 'idle' | 'renaming' | 'confirm-delete';

const SOURCES = { connection: null, replay: 'replay', har: 'imported HAR', scenario: 'scenario run' } as const;

/**
 * One recording: opens read-only with a click; pin, rename and delete (with
 * an inline confirm). Names come from people and HAR files: shown as text,
 * and every button's name carries it, so none is a bare "Close" or "Send".
 */
export function RecordingItem({ recording }: { recording: RecordingSummary }) {
  const { id, name, url, pinned, live } = recording;
  const [mode, setMode] = useState<Mode>('idle');
  const source = SOURCES[recording.source];

  return (
    <li className={`recording${live ? ' live' : ''}`}>
      <div className="profile-head">
        <div className="profile-open">
          <span className="profile-name">
            {/* badges first: a long name is cut at its end */}
            {live && <span className="badge live">live</span>}
            {pinned && <span className="badge pinned">pinned</span>}
            {source && <span className="badge">{source}</span>}
            {recording.truncatedTail && <span className="badge warn" title="A torn last line was dropped; every complete event is kept">cut</span>}{' '}
            {/* its name is its visible text: "Open" and "read-only" are there for screen readers only */}
            <button type="button" className="link" title="Open its log read-only in a new tab" onClick={() => void openRecording(id)}>
              <span className="sr-only">Open </span>
              {name}
              <span className="sr-only"> read-only</span>
            </button>
          </span>
          <span className="profile-url">{url}</span>
          <span className="recording-facts">{recordingFacts(recording)}</span>
        </div>
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
      {mode === 'renaming' && <RenameForm name={name} rename={(n) => renameRecording(id, n)} done={() => setMode('idle')} />}
      {mode === 'confirm-delete' && <ConfirmDelete name={name} remove={() => void deleteRecording(id)} done={() => setMode('idle')} />}
    </li>
  );
}
