import { useEffect, useState } from 'react';
import { startWorkspace, useProfiles } from './workspace-store';
import { WorkspaceSection } from './WorkspaceSection';
import { EnvironmentSection } from './EnvironmentSection';
import { ProfilesSection } from './ProfilesSection';
import { RecordingsSection } from '../recordings/RecordingsSection';

const OPEN_KEY = 'framescope-sidebar-open';
/** Below this window width the frame log needs the room more, so the sidebar starts folded (until the person chooses). */
const ROOMY_WIDTH = 1500;

function startsOpen(): boolean {
  const chosen = localStorage.getItem(OPEN_KEY);
  return chosen === null ? window.innerWidth >= ROOMY_WIDTH : chosen === 'true';
}

/** Workspace, environment, profiles and recordings, on the left; folds to a strip to give the log the room. */
export function Sidebar() {
  const [open, setOpen] = useState(startsOpen);
  const problem = useProfiles((s) => s.problem);
  // folded, the sidebar still says that a file needs the person's choice
  const conflicts = useProfiles((s) => s.view?.conflicts.length ?? 0);
  useEffect(startWorkspace, []);
  const toggle = () => {
    localStorage.setItem(OPEN_KEY, String(!open));
    setOpen(!open);
  };
  return (
    <aside className={`sidebar${open ? '' : ' folded'}`} aria-label="Workspace and profiles">
      <button type="button" className="secondary sidebar-toggle" aria-expanded={open} aria-label={open ? 'Hide sidebar' : 'Show sidebar'} title={open ? 'Hide sidebar' : 'Show profiles'} onClick={toggle}>
        {open ? '«' : <span className="sidebar-label">» Profiles{conflicts > 0 && <strong className="warn"> · {conflicts} to resolve</strong>}</span>}
      </button>
      {open && (
        <div className="sidebar-body">
          {problem && (
            <div className="notice" role="alert">
              {problem}
              <button type="button" className="link" aria-label="Dismiss problem" onClick={() => useProfiles.setState({ problem: null })}>
                ×
              </button>
            </div>
          )}
          <WorkspaceSection />
          <EnvironmentSection />
          <ProfilesSection />
          <RecordingsSection />
        </div>
      )}
    </aside>
  );
}
