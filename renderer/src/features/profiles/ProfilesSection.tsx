import { useState } from 'react';
import { useApp } from '../../store/app-store';
import { saveTabAsProfile } from './profile-actions';
import { useWorkspace } from './workspace-store';
import { ProfileItem } from './ProfileItem';
import type { ProfileSummary } from '../../../../shared/workspace';

/** One empty list for "no workspace yet": a fresh [] per read would re-render forever. */
const NONE: ProfileSummary[] = [];

/** Profiles of the open workspace: save the active tab as one, search them, and act on each. */
export function ProfilesSection() {
  const summaries = useWorkspace((s) => s.view?.profiles ?? NONE);
  const tabProfile = useApp((s) => s.profileId);
  const fromName = summaries.find((p) => p.id === tabProfile)?.name ?? '';
  const [name, setName] = useState(fromName);
  const [query, setQuery] = useState('');
  // The name box follows the profile the tab came from, so Save profile plainly updates it (set while rendering, as React advises for state that follows a prop).
  const [followed, setFollowed] = useState(fromName);
  if (followed !== fromName) {
    setFollowed(fromName);
    setName(fromName);
  }

  const q = query.trim().toLowerCase();
  const shown = q ? summaries.filter((p) => p.name.toLowerCase().includes(q) || p.url.toLowerCase().includes(q)) : summaries;
  const save = (asNew: boolean) => {
    if (name.trim()) void saveTabAsProfile(name.trim(), asNew);
  };

  return (
    <section className="sidebar-section" aria-labelledby="profiles-heading">
      <h2 id="profiles-heading">Profiles</h2>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          save(false);
        }}
      >
        <input aria-label="Profile name" className="grow" value={name} placeholder="Name for these settings" onChange={(e) => setName(e.target.value)} />
        <button type="submit" disabled={!name.trim()} title={tabProfile ? 'Update the profile this tab came from' : 'Save this tab’s settings as a new profile'}>
          Save profile
        </button>
      </form>
      {tabProfile && (
        <button type="button" className="link" disabled={!name.trim()} onClick={() => save(true)}>
          Save as new profile
        </button>
      )}
      <input type="search" aria-label="Search profiles" placeholder="Search by name or URL" value={query} onChange={(e) => setQuery(e.target.value)} />
      <ul className="profile-list" aria-label="Profiles">
        {shown.map((p) => (
          <ProfileItem key={p.id} summary={p} current={p.id === tabProfile} />
        ))}
      </ul>
      {summaries.length === 0 && <p className="empty">No profiles yet: set up a connection, name it and save it.</p>}
      {summaries.length > 0 && shown.length === 0 && <p className="empty">No profile matches “{query}”.</p>}
    </section>
  );
}
