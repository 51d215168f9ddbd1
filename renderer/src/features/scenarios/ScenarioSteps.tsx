import { useEffect } from 'react';
import { useApp } from '../../store/app-store';
import { cancelRun, recallRun, revealMessage, useScenarios } from './scenarios-store';

function ms(n: number): string {
  return n < 1000 ? `${Math.round(n)} ms` : `${(n / 1000).toFixed(1)} s`;
}

/**
 * A scenario run's steps beside its tab's log, ticked off as they end (✓ or
 * ✗, and the time each took). A step about a message selects it in the log
 * when clicked; a failure does so by itself.
 */
export function ScenarioSteps() {
  const sessionId = useApp((s) => s.sessionId);
  const scenario = useApp((s) => s.scenario);
  const run = useScenarios((s) => (sessionId ? s.runs[sessionId] : undefined));
  const known = run !== undefined;
  // a run's tab that came back after a reload: its steps so far are asked for once
  useEffect(() => {
    if (sessionId && scenario && !known) void recallRun(sessionId);
  }, [sessionId, scenario, known]);
  if (!run || !sessionId) return null;
  const state = run.done ? (run.done.ok ? 'Passed' : 'Failed') : 'Running…';
  return (
    <aside className="scenario-steps" aria-label="Scenario run">
      <div className="row section-head">
        <h2>{run.name}</h2>
        <span className={`badge${run.done && !run.done.ok ? ' warn' : ''}`}>{state}</span>
        {run.done && <span className="muted">{ms(run.done.ms)}</span>}
        {!run.done && (
          <button type="button" className="link small" onClick={() => void cancelRun(sessionId)}>
            Cancel run
          </button>
        )}
      </div>
      {run.dropped > 0 && <p className="muted">{run.dropped} earlier steps passed and are not listed.</p>}
      <ol className="steps" aria-label="Scenario steps">
        {run.steps.map((st) => (
          <li key={st.index} className={st.ok ? 'ok' : 'failed'}>
            <button type="button" className="link step" disabled={st.seq === undefined} title={st.seq !== undefined ? `Show message ${st.seq} in the log` : undefined} onClick={() => st.seq !== undefined && revealMessage(st.seq)}>
              <span aria-hidden>{st.ok ? '✓' : '✗'}</span>
              <span className="sr-only">{st.ok ? 'passed' : 'failed'}</span> {st.index} {st.action}
              {st.name ? ` “${st.name}”` : ''} <span className="muted">{ms(st.ms)}</span>
            </button>
            {!st.ok && (
              <div className="step-failure">
                {st.expected && <p>expected: {st.expected}</p>}
                <p>{st.message}</p>
              </div>
            )}
          </li>
        ))}
        {!run.done && <li className="pending">…</li>}
      </ol>
    </aside>
  );
}
