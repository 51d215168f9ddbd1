import type { Out, Reporter } from './reporter.js';
import type { ScenarioResult, StepResult } from '../run-scenario.js';

/** One line per step with ✓ or ✗, its number, action and time; a failing step says what it expected, why it failed, and the messages received last. */
export function humanReporter(out: Out): Reporter {
  return {
    scenarioStarted: (name, file) => out(`▶ ${name} (${file})\n`),
    step(r: StepResult) {
      const label = `${r.action}${r.name ? ` "${r.name}"` : ''}`;
      out(`  ${r.ok ? '✓' : '✗'} ${String(r.index).padStart(2)} ${label.padEnd(24)} ${ms(r.ms)}\n`);
      if (r.ok) return;
      if (r.expected) out(`       expected: ${r.expected}\n`);
      out(`       failed:   ${r.message}\n`);
      if (r.near?.length) {
        out(`       received last:\n`);
        for (const m of r.near) out(`         #${m.seq}  ${m.payload}\n`);
      }
    },
    scenario(r: ScenarioResult) {
      out(`${r.ok ? '✓' : '✗'} ${r.name}  ${ms(r.ms)}${r.recording ? `  (recording ${r.recording})` : ''}\n\n`);
    },
    end(results: ScenarioResult[]) {
      const failed = results.filter((r) => !r.ok).length;
      out(`${results.length} scenario${results.length === 1 ? '' : 's'}: ${results.length - failed} passed, ${failed} failed\n`);
    },
  };
}

function ms(n: number): string {
  return n < 1000 ? `${Math.round(n)} ms` : `${(n / 1000).toFixed(1)} s`;
}
