import { useState } from 'react';
import { setView, useWorkspace } from '../profiles/workspace-store';
import { switchWorkspace } from './session-workspace';
import { ConflictList } from '../profiles/ConflictList';

/**
 * The open workspace folder, and another one opened by its path: browser
 * mode cannot show a folder picker, so the path is typed or pasted and the
 * main process says what is wrong with it.
 */
export function WorkspaceSection() {
  const view = useWorkspace((s) => s.view);
  const [path, setPath] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const open = async (target: string, create: boolean) => {
    setBusy(true);
    try {
      // the whole set of tabs goes with the workspace: this one's are saved, the other's come back
      const opened = await switchWorkspace(target, create);
      if (!opened) return;
      setView(opened);
      setError(null);
      setPath('');
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="sidebar-section" aria-labelledby="workspace-heading">
      <h2 id="workspace-heading">Workspace</h2>
      {view ? (
        <p className="workspace-id">
          <strong>{view.name}</strong>
          <code title={view.path}>{view.path}</code>
        </p>
      ) : (
        <p className="empty">Loading the workspace…</p>
      )}
      <details>
        <summary>Open or create another</summary>
        <form
          className="stack"
          onSubmit={(e) => {
            e.preventDefault();
            if (path.trim()) void open(path.trim(), false);
          }}
        >
          <input aria-label="Workspace path" placeholder="/home/me/api-workspace" spellCheck={false} value={path} onChange={(e) => setPath(e.target.value)} />
          <div className="row">
            <button type="submit" className="small" disabled={busy || !path.trim()}>
              Open workspace
            </button>
            <button type="button" className="secondary small" disabled={busy || !path.trim()} onClick={() => void open(path.trim(), true)}>
              Create workspace
            </button>
          </div>
        </form>
        {error && (
          <p className="inline-error" role="alert">
            {error}
          </p>
        )}
        {view && view.recent.filter((p) => p !== view.path).length > 0 && (
          <>
            <h3>Recent</h3>
            <ul className="recent" aria-label="Recent workspaces">
              {view.recent
                .filter((p) => p !== view.path)
                .map((p) => (
                  <li key={p}>
                    <button type="button" className="link" title={`Switch to ${p}`} disabled={busy} onClick={() => void open(p, false)}>
                      {p}
                    </button>
                  </li>
                ))}
            </ul>
          </>
        )}
      </details>
      {view && view.problems.length > 0 && (
        <div className="problems">
          <h3>Files not loaded (left untouched)</h3>
          <ul aria-label="Workspace problems">
            {view.problems.map((p, i) => (
              <li key={i}>
                <code>{p.file}</code>
                {p.field ? (
                  <>
                    {' '}
                    field <code>{p.field}</code>
                  </>
                ) : null}
                : {p.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      {view && view.conflicts.length > 0 && <ConflictList conflicts={view.conflicts} />}
    </section>
  );
}
