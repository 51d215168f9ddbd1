import { create } from 'zustand';
import { api } from '../../ipc/api';
import { callSaying } from '../../ipc/call-saying';
import { patchTab, useTabs } from '../../store/app-store';
import type { CallInput, CallName, CallOutput } from '../../../../shared/ipc/schemas';
import type { Profile, WorkspaceView } from '../../../../shared/workspace';

export interface Loaded {
  profile: Profile;
  revision: string;
}

/** The open workspace as the main process describes it, and the profiles opened so far. */
interface WorkspaceState {
  view: WorkspaceView | null;
  /** whole profiles (with their saved messages), fetched when shown, with the revision of the file they came from */
  profiles: Record<string, Loaded>;
  /** per tab, the revision of the profile file its settings were loaded from or saved to */
  tabRevisions: Record<string, string>;
  /** the last failed workspace or profile call, shown in the sidebar */
  problem: string | null;
}

export const useWorkspace = create<WorkspaceState>()(() => ({ view: null, profiles: {}, tabRevisions: {}, problem: null }));

/**
 * Runs a workspace call; a failure becomes the sidebar's one problem line,
 * worded by the main process (it checks paths, names and files).
 */
export function workspaceCall<C extends CallName>(name: C, input: CallInput<C>): Promise<CallOutput<C> | null> {
  return callSaying(name, input, (problem) => useWorkspace.setState({ problem }));
}

/** Takes a new view, drops profiles that are gone, and refetches the ones on screen whose file changed (a git pull). */
export function setView(view: WorkspaceView): void {
  const revisions = new Map(view.profiles.map((p) => [p.id, p.revision]));
  const ids = new Set(revisions.keys());
  const kept = Object.fromEntries(Object.entries(useWorkspace.getState().profiles).filter(([id]) => ids.has(id)));
  useWorkspace.setState({ view, profiles: kept });
  // A tab that came from a profile no longer in this workspace connects as a plain tab.
  const w = useTabs.getState();
  for (const id of w.order) {
    const from = w.tabs[id].profileId;
    if (from && !ids.has(from)) patchTab(id, { profileId: null });
  }
  for (const [id, loaded] of Object.entries(kept)) if (loaded.revision !== revisions.get(id)) void loadProfile(id);
}

export function keepLoaded(loaded: Loaded): Loaded {
  useWorkspace.setState((s) => ({ profiles: { ...s.profiles, [loaded.profile.id]: loaded } }));
  return loaded;
}

/** The profile as its file holds it now. */
export async function loadProfile(id: string): Promise<Loaded | null> {
  const out = await workspaceCall('profiles.get', { id });
  return out && keepLoaded(out);
}

/** Takes the view a call answered with. */
export function acceptView(out: { workspace: WorkspaceView } | null): boolean {
  if (out) setView(out.workspace);
  return out !== null;
}

let started = false;

/** Loads the workspace once and follows its changes (saves, and edits made on disk). */
export function startWorkspace(): void {
  if (started) return;
  started = true;
  api.on('workspace.changed', ({ workspace }) => setView(workspace));
  void workspaceCall('workspace.get', {}).then(acceptView);
}
