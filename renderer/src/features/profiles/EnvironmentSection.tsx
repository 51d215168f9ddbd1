import { useWorkspace, acceptView, workspaceCall } from './workspace-store';
import { EnvironmentEditor } from './EnvironmentEditor';

/** The active environment, whose variables fill the {{names}} of URLs, headers and messages. */
export function EnvironmentSection() {
  const view = useWorkspace((s) => s.view);
  if (!view) return null;
  const choose = async (name: string) => {
    const environments = view.environments.map(({ name, variables, secrets }) => ({ name, variables, secrets }));
    acceptView(await workspaceCall('workspace.saveEnvironments', { environments, activeEnvironment: name || null, secretValues: {} }));
  };
  return (
    <section className="sidebar-section" aria-labelledby="env-heading">
      <h2 id="env-heading">Environment</h2>
      <select aria-label="Active environment" value={view.activeEnvironment ?? ''} onChange={(e) => void choose(e.target.value)}>
        <option value="">(no environment)</option>
        {view.environments.map((env) => (
          <option key={env.name} value={env.name}>
            {env.name}
          </option>
        ))}
      </select>
      <details className="env-editor">
        <summary>Edit environments</summary>
        <EnvironmentEditor view={view} />
      </details>
    </section>
  );
}
