import { useState } from 'react';
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
  const [newName, setNewName] = useState(name);

  return (
    <li className={`profile${current ? ' current' : ''}`}>
      <div className="profile-head">
        <button
          type="button"
          className="profile-open link"
          aria-expanded={expanded}
          aria-label={`${name}: ${url}`}
          title="Show its saved messages and load its settings"
          onClick={() => {
            if (!expanded) void loadProfile(id);
            setExpanded(!expanded);
          }}
        >
          <span className="profile-name">{name}</span>
          <span className="profile-url">{url}</span>
        </button>
        <button type="button" className="icon" aria-label={`Connect from ${name}`} title="Load into the tab and connect" onClick={() => void connectFromProfile(id)}>
          ▶
        </button>
      </div>
      {mode === 'renaming' && (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            if (newName.trim()) void renameProfile(id, newName.trim()).then((ok) => ok && setMode('idle'));
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
          <button type="button" className="danger" onClick={() => void deleteProfile(id)}>
            Yes, delete {name}
          </button>
          <button type="button" className="secondary" autoFocus onClick={() => setMode('idle')}>
            Keep it
          </button>
        </div>
      )}
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
                setNewName(name);
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
