import { useEffect, useState } from 'react';
import { ConfirmDelete } from '../../lib/InlineEdits';
import { Notice } from '../../lib/Notice';
import type { ScenarioSummary } from '../../../../shared/scenario-files';
import { deleteScenario, editScenario, refreshScenarios, runScenario, startScenarios, useScenarios } from './scenarios-store';

/**
 * The workspace's scenarios/*.yaml: pick one and Run scenario runs it into a
 * new tab; edit or delete each; a file that does not load says why.
 */
export function ScenariosSection() {
  const scenarios = useScenarios((s) => s.scenarios);
  const problem = useScenarios((s) => s.problem);
  const editing = useScenarios((s) => s.draft !== null);
  const selected = useScenarios((s) => s.scenarios.find((x) => x.file === s.selected));
  useEffect(startScenarios, []);
  return (
    <section className="sidebar-section" aria-labelledby="scenarios-heading">
      <div className="row section-head">
        <h2 id="scenarios-heading">Scenarios</h2>
        <button type="button" className="link small" aria-label="Refresh scenarios" title="Read the folder again" onClick={() => void refreshScenarios()}>
          ↻
        </button>
        {/* the editor has its own while it is open: one Run scenario at a time */}
        {!editing && (
          <button
            type="button"
            className="small"
            disabled={!selected || selected.problems.length > 0}
            title={selected ? `Run ${selected.name} into a new tab` : 'Pick a scenario below first'}
            onClick={() => selected && void runScenario(selected.file)}
          >
            Run scenario
          </button>
        )}
      </div>
      {problem && !editing && (
        <Notice text={problem} dismissLabel="Dismiss scenarios problem" onDismiss={() => useScenarios.setState({ problem: null })} />
      )}
      <ul className="profile-list" aria-label="Scenarios">
        {scenarios.map((s) => (
          <ScenarioItem key={s.file} scenario={s} selected={s.file === selected?.file} />
        ))}
      </ul>
      {scenarios.length === 0 && <p className="empty">No scenarios yet: open a recording (or a tab) and press Save as scenario, or add scenarios/*.yaml to the workspace.</p>}
    </section>
  );
}

function ScenarioItem({ scenario, selected }: { scenario: ScenarioSummary; selected: boolean }) {
  const { file, name, problems } = scenario;
  const [confirming, setConfirming] = useState(false);
  return (
    <li className={`scenario${selected ? ' current' : ''}`} aria-current={selected || undefined}>
      <div className="profile-open">
        <span className="profile-name">
          {problems.length > 0 && <span className="badge warn">does not load</span>}{' '}
          <button type="button" className="link" aria-pressed={selected} title="Pick it: Run scenario runs it" onClick={() => useScenarios.setState({ selected: file })}>
            {name}
          </button>
        </span>
        <span className="profile-url">scenarios/{file}</span>
        {problems.length > 0 && (
          <ul className="file-problems" aria-label={`Problems of ${file}`}>
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        )}
      </div>
      {confirming ? (
        <ConfirmDelete name={name} remove={() => void deleteScenario(file)} done={() => setConfirming(false)} />
      ) : (
        <div className="row recording-actions">
          <button type="button" className="link small" aria-label={`Edit ${name}`} title="Open it in the scenario editor" onClick={() => void editScenario(file)}>
            Edit
          </button>
          <button type="button" className="link small" aria-label={`Delete ${name}`} onClick={() => setConfirming(true)}>
            Delete
          </button>
        </div>
      )}
    </li>
  );
}
