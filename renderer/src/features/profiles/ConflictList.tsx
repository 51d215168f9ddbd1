import type { Conflict } from '../../../../shared/workspace';
import { acceptView, wsCall } from './workspace-store';

/**
 * Files changed both on disk (a git pull) and in the app. Both versions are
 * shown side by side and nothing is written until the person picks one.
 */
export function ConflictList({ conflicts }: { conflicts: Conflict[] }) {
  const keep = async (file: string, which: 'ours' | 'theirs') => acceptView(await wsCall('workspace.resolveConflict', { file, keep: which }));
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
            <button type="button" className="small" onClick={() => void keep(c.file, 'ours')}>
              Keep mine
            </button>
            <button type="button" className="secondary small" onClick={() => void keep(c.file, 'theirs')}>
              Keep theirs
            </button>
          </div>
        </div>
      ))}
    </div>
  );
}
