import { useState } from 'react';
import type { WorkspaceView } from '../../../../shared/workspace';
import { acceptView, workspaceCall } from './workspace-store';
import { toDrafts, toSave, type EnvDraft, type VarRow } from './env-draft';
import { VariableRows } from './VariableRows';

/**
 * Environments and their variables, edited as a draft and saved together.
 * When the files change under an unsaved draft, the draft stays and says so:
 * neither version is dropped without the person choosing.
 */
export function EnvironmentEditor({ view }: { view: WorkspaceView }) {
  const [drafts, setDrafts] = useState<EnvDraft[]>(() => toDrafts(view.environments));
  const [dirty, setDirty] = useState(false);
  const [stale, setStale] = useState(false);
  const [newEnv, setNewEnv] = useState('');

  // only a new list from the main process matters here, not our own edits
  const [followed, setFollowed] = useState(view.environments);
  if (followed !== view.environments) {
    setFollowed(view.environments);
    if (dirty) setStale(true);
    else setDrafts(toDrafts(view.environments));
  }

  const edit = (next: EnvDraft[]) => {
    setDrafts(next);
    setDirty(true);
  };
  const setRows = (i: number, rows: VarRow[]) => edit(drafts.map((d, j) => (j === i ? { ...d, rows } : d)));
  const reload = () => {
    setDrafts(toDrafts(view.environments));
    setDirty(false);
    setStale(false);
  };
  const save = async () => {
    const active = drafts.some((d) => d.name === view.activeEnvironment) ? view.activeEnvironment : null;
    if (acceptView(await workspaceCall('workspace.saveEnvironments', toSave(drafts, active)))) {
      setDirty(false);
      setStale(false);
    }
  };

  return (
    <div className="env-drafts">
      {drafts.map((d, i) => (
        <fieldset key={i}>
          <legend>
            <input aria-label={`Name of environment ${i + 1}`} value={d.name} onChange={(e) => edit(drafts.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)))} />
          </legend>
          <VariableRows envName={d.name} rows={d.rows} secretsSet={view.secretsSet[d.name] ?? []} onChange={(rows) => setRows(i, rows)} />
          <button type="button" className="link" aria-label={`Remove environment ${d.name}`} onClick={() => edit(drafts.filter((_, j) => j !== i))}>
            Remove environment
          </button>
        </fieldset>
      ))}
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          if (!newEnv.trim()) return;
          edit([...drafts, { name: newEnv.trim(), rows: [{ name: '', value: '', secret: false }] }]);
          setNewEnv('');
        }}
      >
        <input aria-label="New environment name" className="grow" placeholder="e.g. staging" value={newEnv} onChange={(e) => setNewEnv(e.target.value)} />
        <button type="submit" className="secondary small" disabled={!newEnv.trim()}>
          Add environment
        </button>
      </form>
      {stale && (
        <p className="warn" role="alert">
          The environments changed on disk while you were editing. Saving keeps your version; Discard takes theirs.
        </p>
      )}
      <div className="row">
        <button type="button" disabled={!dirty} onClick={() => void save()}>
          Save environments
        </button>
        <button type="button" className="secondary" disabled={!dirty} onClick={reload}>
          Discard changes
        </button>
      </div>
    </div>
  );
}
