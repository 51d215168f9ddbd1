import type { Out, Reporter } from './reporter.js';

/** A line per step, then one per scenario, as contracts section 4 spells them. */
export function ndjsonReporter(out: Out): Reporter {
  return {
    step: (r) =>
      out(JSON.stringify({ type: 'step', scenario: r.scenario, index: r.index, action: r.action, ok: r.ok, ms: Math.round(r.ms), ...(r.message ? { message: r.message } : {}) }) + '\n'),
    scenario: (r) => out(JSON.stringify({ type: 'scenario', name: r.name, file: r.file, ok: r.ok, ms: Math.round(r.ms) }) + '\n'),
    end: () => undefined,
  };
}
