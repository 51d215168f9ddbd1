import { useState } from 'react';
import { ConfirmDelete, RenameForm } from '../../lib/InlineEdits';
import type { ProfileSummary } from '../../../../shared/workspace';
import { connectFromProfile, deleteProfile, duplicateProfile, openProfile, renameProfile } from './profile-actions';
import { loadProfile } from './workspace-store';
import { SavedMessages } from './SavedMessages';

type Mode = 'idle' | 'renaming' | 'confirm-delete';

/**
 * One profile: its name and URL, one click to connect, and its saved
 * messages when expanded. Names are the person's own text, shown as text.
 * Every button's name carries the profile's, so none is a bare "Connect".
 */
export function ProfileItem({ summary, current }: { summary: ProfileSummary; current: boolean }) {
  const { id, name, url } = summary;
  const [expanded, setExpanded] = useState(false);
  const [mode, setMode] = useState<Mode>('idle');

  return (
    <li className={`profile${current ? ' current' : ''}`}>
      <div className="profile-head">
        <div className="profile-open">
          {/* named by its visible text alone (the URL is beside it), as a speech user says it */}
          <button
            type="button"
            className="link profile-name"
            aria-expanded={expanded}
            title="Show its saved messages and load its settings"
            onClick={() => {
              if (!expanded) void loadProfile(id);
              setExpanded(!expanded);
            }}
          >
            {name}
          </button>
          <span className="profile-url">{url}</span>
        </div>
        <button type="button" className="icon" aria-label={`Connect from ${name}`} title="Load into the tab and connect" onClick={() => void connectFromProfile(id)}>
          ▶
        </button>
      </div>
      {mode === 'renaming' && <RenameForm name={name} rename={(n) => renameProfile(id, n)} done={() => setMode('idle')} />}
      {mode === 'confirm-delete' && <ConfirmDelete name={name} remove={() => void deleteProfile(id)} done={() => setMode('idle')} />}
      {expanded && (
        <div className="profile-body">
          <div className="row">
            <button type="button" className="secondary small" onClick={() => void openProfile(id)} aria-label={`Load ${name} into this tab`}>
              Load into tab
            </button>
            <button
              type="button"
              className="secondary small"
              aria-label={`Rename ${name}`}
              onClick={() => {
                setMode('renaming');
              }}
            >
              Rename
            </button>
            <button type="button" className="secondary small" aria-label={`Duplicate ${name}`} onClick={() => void duplicateProfile(id)}>
              Duplicate
            </button>
            <button type="button" className="secondary small" aria-label={`Delete ${name}`} onClick={() => setMode('confirm-delete')}>
              Delete
            </button>
          </div>
          <SavedMessages profileId={id} profileName={name} />
        </div>
      )}
    </li>
  );
}
