import { useEffect, useRef, useState } from 'react';
import { Panel, usePanelRef } from 'react-resizable-panels';
import { PanelLeftClose, PanelLeftOpen } from 'lucide-react';
import { startWorkspace, useWorkspace } from '../profiles/workspace-store';
import { WorkspaceSection } from '../session/WorkspaceSection';
import { EnvironmentSection } from '../profiles/EnvironmentSection';
import { ProfilesSection } from '../profiles/ProfilesSection';
import { RecordingsSection } from '../recordings/RecordingsSection';
import { SHOW_PROFILES_EVENT } from '../first-run/first-run';
import { ScenariosSection } from '../scenarios/ScenariosSection';
import { Notice } from '../../lib/Notice';

const OPEN_KEY = 'framescope-sidebar-open';
/** From this window width on (most laptops) the sidebar starts open: the log keeps 60 characters of payload beside it. */
const ROOMY_WIDTH = 1280;
/** The folded sidebar: a strip with the button that opens it. */
const FOLDED_PX = 36;

function startsOpen(): boolean {
  const chosen = localStorage.getItem(OPEN_KEY);
  return chosen === null ? window.innerWidth >= ROOMY_WIDTH : chosen === 'true';
}

/** Workspace, environment, profiles, scenarios and recordings, on the left; a resizable pane that folds to a strip to give the log the room. */
export function Sidebar() {
  const panel = usePanelRef();
  const [open, setOpen] = useState(startsOpen);
  const problem = useWorkspace((s) => s.problem);
  // folded, the sidebar still says that a file needs the person's choice
  const conflicts = useWorkspace((s) => s.view?.conflicts.length ?? 0);
  useEffect(startWorkspace, []);
  // the first-run hint's "Show the profiles": unfolded, with the cursor where a profile is named once it is drawn
  const wantsName = useRef(false);
  useEffect(() => {
    const focusName = () => document.querySelector<HTMLInputElement>('input[aria-label="Profile name"]')?.focus();
    const show = () => {
      if (!panel.current?.isCollapsed()) return focusName();
      // folded: unfolded now, the name focused once the unfolded sidebar is drawn (the effect below)
      localStorage.setItem(OPEN_KEY, 'true');
      wantsName.current = true;
      panel.current.expand();
    };
    addEventListener(SHOW_PROFILES_EVENT, show);
    return () => removeEventListener(SHOW_PROFILES_EVENT, show);
  }, [panel]);
  useEffect(() => {
    if (!open || !wantsName.current) return;
    wantsName.current = false;
    document.querySelector<HTMLInputElement>('input[aria-label="Profile name"]')?.focus();
  }, [open]);
  const toggle = () => {
    localStorage.setItem(OPEN_KEY, String(!open));
    if (open) panel.current?.collapse();
    else panel.current?.expand();
  };
  return (
    <Panel
      id="sidebar"
      panelRef={panel}
      collapsible
      collapsedSize={FOLDED_PX}
      minSize={220}
      maxSize="45%"
      defaultSize={open ? 240 : FOLDED_PX}
      groupResizeBehavior="preserve-pixel-size"
      onResize={(size) => setOpen(size.inPixels > FOLDED_PX + 1)}
      className={`sidebar${open ? '' : ' folded'}`}
    >
      <aside className="sidebar-inner" aria-label="Workspace and profiles">
        <button type="button" className="ghost sidebar-toggle" aria-expanded={open} aria-label={open ? 'Hide sidebar' : 'Show sidebar'} title={open ? 'Hide sidebar' : 'Show profiles'} onClick={toggle}>
          {open ? <PanelLeftClose size={16} aria-hidden /> : <PanelLeftOpen size={16} aria-hidden />}
          {!open && <span className="sidebar-label">Profiles{conflicts > 0 && <strong className="warn"> · {conflicts} to resolve</strong>}</span>}
        </button>
        {open && (
          <div className="sidebar-body">
            {problem && (
              <Notice text={problem} dismissLabel="Dismiss problem" onDismiss={() => useWorkspace.setState({ problem: null })} />
            )}
            <WorkspaceSection />
            <EnvironmentSection />
            <ProfilesSection />
            <ScenariosSection />
            <RecordingsSection />
          </div>
        )}
      </aside>
    </Panel>
  );
}
