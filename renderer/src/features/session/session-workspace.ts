import { api } from '../../ipc/api';
import { useTabs } from '../../store/app-store';
import { ask } from '../../lib/ask';
import type { WorkspaceView } from '../../../../shared/workspace';
import { useWorkspace } from '../profiles/workspace-store';
import { restoreTabs } from './session-restore';
import { flushSave, saveTabsTo, startSaving, tabsWorkspace } from './session-save';

const LIVE = new Set(['connecting', 'open', 'closing']);

/** A switch made here is under way: the workspace.changed it causes is not a switch made elsewhere. */
let switching = false;
let started = false;

/**
 * Brings back the tabs at start: the saved ones of the open workspace, and
 * the sessions the main process still holds for this window (a reload).
 * Then follows a workspace opened from another page of browser mode: its
 * tabs take the place of these.
 */
export function startSession(): void {
  if (started) return;
  started = true;
  startSaving();
  void restoreTabs({ adoptStrays: true }).then(() => {
    useWorkspace.subscribe((s) => {
      const path = s.view?.path;
      if (!switching && path && tabsWorkspace() && path !== tabsWorkspace()) {
        saveTabsTo(null);
        void restoreTabs({ adoptStrays: false });
      }
    });
  });
}

/**
 * Opens another workspace and swaps the whole set of tabs for its saved
 * ones. The tabs of the one being left are saved first; live connections
 * are closed with 1001 (going away) after asking, their recordings kept.
 * Returns the new view, or null when the person chose to stay; a path that
 * does not open throws, and nothing changed.
 */
export async function switchWorkspace(path: string, create: boolean): Promise<WorkspaceView | null> {
  await flushSave();
  const w = useTabs.getState();
  const live = w.order.filter((id) => LIVE.has(w.tabs[id].phase));
  if (live.length) {
    const choice = await ask({
      title: 'Switch workspace?',
      body: `${live.length === 1 ? 'A connection is' : `${live.length} connections are`} still open. Switching closes ${live.length === 1 ? 'it' : 'them'} with 1001 (going away); the tabs are saved in this workspace and come back when you open it again.`,
      choices: [
        { label: 'Stay here', value: 'stay' },
        { label: 'Close and switch', value: 'switch' },
      ],
    });
    if (choice !== 'switch') return null;
  }
  switching = true;
  try {
    const out = await api.call('workspace.open', { path, create });
    saveTabsTo(null);
    const leaving = useTabs.getState();
    const sessions = new Map(leaving.order.map((id) => [leaving.tabs[id].sessionId, LIVE.has(leaving.tabs[id].phase)] as const).filter(([s]) => s !== null) as [string, boolean][]);
    for (const [sessionId, goingAway] of sessions) void api.call('session.dispose', { sessionId, goingAway }).catch(() => undefined);
    await restoreTabs({ adoptStrays: false, skip: new Set(sessions.keys()) });
    return out.workspace;
  } finally {
    switching = false;
  }
}
