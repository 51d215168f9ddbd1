import type { Conflict } from '../../../../shared/workspace';
import { useTabs } from '../../store/app-store';
import { acceptView, useWorkspace, workspaceCall } from './workspace-store';

/**
 * After "Keep mine" the file holds what the tabs from that profile were
 * saving, so their next save builds on the new revision instead of raising
 * the same conflict again. After "Keep theirs" the tabs keep their old base:
 * what they show differs from the file, and saving it again should ask.
 */
function rebaseTabs(profileId: string | null): void {
  const { view } = useWorkspace.getState();
  const revision = view?.profiles.find((p) => p.id === profileId)?.revision;
  if (!revision) return;
  const w = useTabs.getState();
  const tabs = w.order.filter((id) => w.tabs[id].profileId === profileId);
  useWorkspace.setState((s) => ({ tabRevisions: { ...s.tabRevisions, ...Object.fromEntries(tabs.map((id) => [id, revision])) } }));
}

/**
 * Files changed both on disk (a git pull) and in the app. Both versions are
 * shown side by side and nothing is written until the person picks one.
 */
export function ConflictList({ conflicts }: { conflicts: Conflict[] }) {
  const keep = async ({ file, profileId }: Conflict, which: 'ours' | 'theirs') => {
    if (acceptView(await workspaceCall('workspace.resolveConflict', { file, keep: which })) && which === 'ours') rebaseTabs(profileId);
  };
  return (
    <div className="conflicts">
      <h3>Changed on disk and here</h3>
      {conflicts.map((c) => (
        <div key={c.file} className="conflict" role="group" aria-label={`Conflict in ${c.file}`}>
          <p>
            <code>{c.file}</code> changed on disk while you edited it. Which version stays?
          </p>
          <details>
            <summary>Compare</summary>
            <div className="conflict-sides">
              <div>
                <h4>Mine (in the app)</h4>
                <pre>{c.ours}</pre>
              </div>
              <div>
                <h4>Theirs (on disk)</h4>
                <pre>{c.theirs}</pre>
              </div>
            </div>
          </details>
          <div className="row">
            <button type="button" className="small" onClick={() => void keep(c, 'ours')}>
              Keep mine
            </button>
            <button type="button" className="secondary small" onClick={() => void keep(c, 'theirs')}>
              Keep theirs
            </button>
          </div>
        </div>
      ))}
    </div>
  );
}
