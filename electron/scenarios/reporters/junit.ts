import type { Out, Reporter } from './reporter.js';
import type { ScenarioResult } from '../run-scenario.js';

/**
 * JUnit XML as CI dashboards read it: one <testsuite> per file (named by
 * its path as given), one <testcase> per scenario, a <failure> with the
 * failing step's message and its details. Written once all have run.
 */
export function junitReporter(out: Out): Reporter {
  return {
    step: () => undefined,
    scenario: () => undefined,
    end(results) {
      const files = [...new Set(results.map((r) => r.file))];
      const failures = results.filter((r) => !r.ok).length;
      const lines = [`<?xml version="1.0" encoding="UTF-8"?>`, `<testsuites name="framescope run" tests="${results.length}" failures="${failures}" errors="0" time="${seconds(results)}">`];
      for (const file of files) {
        const mine = results.filter((r) => r.file === file);
        lines.push(`  <testsuite name="${xml(file)}" tests="${mine.length}" failures="${mine.filter((r) => !r.ok).length}" errors="0" skipped="0" time="${seconds(mine)}">`);
        for (const r of mine) lines.push(...testcase(r));
        lines.push('  </testsuite>');
      }
      lines.push('</testsuites>');
      out(lines.join('\n') + '\n');
    },
  };
}

function testcase(r: ScenarioResult): string[] {
  const open = `    <testcase name="${xml(r.name)}" classname="${xml(r.file)}" time="${(r.ms / 1000).toFixed(3)}"`;
  const failed = r.steps.find((s) => !s.ok);
  if (!failed) return [`${open}/>`];
  const details = [
    `step ${failed.index} (${failed.action}${failed.name ? ` "${failed.name}"` : ''})`,
    ...(failed.expected ? [`expected: ${failed.expected}`] : []),
    `failed: ${failed.message}`,
    ...(failed.near?.length ? ['received last:', ...failed.near.map((m) => `  #${m.seq} ${m.payload}`)] : []),
  ].join('\n');
  return [`${open}>`, `      <failure message="${xml(`step ${failed.index} ${failed.action}: ${failed.message}`)}" type="ScenarioStepFailed">${xml(details)}</failure>`, '    </testcase>'];
}

function seconds(results: ScenarioResult[]): string {
  return (results.reduce((n, r) => n + r.ms, 0) / 1000).toFixed(3);
}

/** Text for XML: markup characters escaped, and characters XML 1.0 cannot hold (controls, lone surrogates) replaced. */
function xml(s: string): string {
  return s
    // eslint-disable-next-line no-control-regex -- control characters are what this looks for
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}
