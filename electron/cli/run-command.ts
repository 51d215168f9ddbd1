import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { RECORDINGS_DIR } from '../../shared/recordings.js';
import { WORKSPACE_FILE } from '../../shared/workspace.js';
import { EventLog } from '../capture/event-log.js';
import { defaultDataDir } from '../host/data-dir.js';
import { emptyIndex, loadIndex, newRecordingId, saveIndex } from '../recordings/recordings-index.js';
import { loadScenarios, ScenarioFileError, type LoadedScenario } from '../scenarios/load-scenario.js';
import { runScenario, type ScenarioResult } from '../scenarios/run-scenario.js';
import { humanReporter } from '../scenarios/reporters/human.js';
import { junitReporter } from '../scenarios/reporters/junit.js';
import { ndjsonReporter } from '../scenarios/reporters/ndjson.js';
import type { Reporter } from '../scenarios/reporters/reporter.js';
import { ensureGitignored } from '../workspace/gitignore.js';
import { OpenWorkspace } from '../workspace/open-workspace.js';
import { parseCommandLine, UsageError } from './usage-error.js';
import type { Io } from './connect-command.js';

export const RUN_HELP = `Usage: framescope run <file|folder>... [options]

  Runs scenario files (YAML: a connection, then steps: send, expect, capture,
  ping, pong, wait, frame, close, repeat) against real servers.

      --env NAME               the workspace environment for {{variables}}
      --workspace DIR          profiles, environments and secrets (default: this
                               folder if it holds a workspace, else the default one)
      --var NAME=VALUE         a variable, winning over the environment's (repeatable)
      --reporter human|junit|ndjson
                               how results are reported (default human)
      --out FILE               write the report there instead of standard output
      --bail                   stop after the first failing scenario
      --record                 keep each run as a recording in the workspace

Exit status: 0 when every scenario passed, 1 when any failed, 2 on a usage
error or a scenario file that does not validate (FILE:LINE: field: problem).`;

interface RunCommand {
  paths: string[];
  env?: string;
  workspace?: string;
  vars: Record<string, string>;
  reporter: 'human' | 'junit' | 'ndjson';
  out?: string;
  bail: boolean;
  record: boolean;
}

export function parseRunArgs(argv: string[]): RunCommand {
  const parsed = parseCommandLine({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      env: { type: 'string' },
      workspace: { type: 'string' },
      var: { type: 'string', multiple: true },
      reporter: { type: 'string', default: 'human' },
      out: { type: 'string' },
      bail: { type: 'boolean' },
      record: { type: 'boolean' },
    },
  });
  const { values: v, positionals } = parsed;
  if (!positionals.length) throw new UsageError('run needs at least one scenario file or folder');
  if (!['human', 'junit', 'ndjson'].includes(v.reporter)) throw new UsageError(`--reporter must be human, junit or ndjson, got "${v.reporter}"`);
  const vars: Record<string, string> = {};
  for (const pair of v.var ?? []) {
    const m = /^([A-Za-z_][A-Za-z0-9_.-]*)=(.*)$/s.exec(pair);
    if (!m) throw new UsageError(`--var must look like NAME=VALUE, got "${pair}"`);
    vars[m[1]] = m[2];
  }
  return { paths: positionals, env: v.env, workspace: v.workspace, vars, reporter: v.reporter as RunCommand['reporter'], out: v.out, bail: !!v.bail, record: !!v.record };
}

/** Runs `framescope run`; resolves with the exit status. */
export async function runRun(argv: string[], io: Io): Promise<number> {
  const cmd = parseRunArgs(argv);
  let scenarios: LoadedScenario[];
  try {
    scenarios = await loadScenarios(cmd.paths);
  } catch (e) {
    if (e instanceof ScenarioFileError) throw new UsageError(e.message);
    throw e;
  }
  const workspace = await openWorkspace(cmd, scenarios);
  checkReferences(scenarios, workspace, cmd);

  let report = '';
  const out = cmd.out ? (text: string) => void (report += text) : (text: string) => void io.stdout.write(text);
  const reporter: Reporter = cmd.reporter === 'junit' ? junitReporter(out) : cmd.reporter === 'ndjson' ? ndjsonReporter(out) : humanReporter(out);
  const results: ScenarioResult[] = [];
  for (const s of scenarios) {
    reporter.scenarioStarted?.(s.name, s.file);
    const r = await runScenario(s, {
      vars: cmd.vars,
      workspace,
      environment: cmd.env,
      record: cmd.record ? (loaded) => recordInto(workspace!.root, loaded) : undefined,
      onStep: (step) => reporter.step(step),
    });
    reporter.scenario(r);
    results.push(r);
    if (!r.ok && cmd.bail) break;
  }
  reporter.end(results);
  if (cmd.out) {
    await mkdir(path.dirname(path.resolve(cmd.out)), { recursive: true });
    await writeFile(cmd.out, report);
  }
  return results.every((r) => r.ok) ? 0 : 1;
}

/**
 * The workspace: --workspace, else this folder when it holds one, else the
 * default workspace when it exists. Needed only for profiles, environments
 * and --record; a scenario with inline settings runs without one.
 */
async function openWorkspace(cmd: RunCommand, scenarios: LoadedScenario[]): Promise<OpenWorkspace | null> {
  const needed = cmd.record || cmd.env !== undefined || scenarios.some((s) => s.scenario.profile !== undefined || s.scenario.environment !== undefined);
  let root: string | null = null;
  if (cmd.workspace !== undefined) {
    root = path.resolve(cmd.workspace);
    if (!existsSync(path.join(root, WORKSPACE_FILE))) throw new UsageError(`--workspace: ${root} holds no ${WORKSPACE_FILE}`);
  } else if (existsSync(WORKSPACE_FILE)) {
    root = process.cwd();
  } else {
    const fallback = path.join(defaultDataDir(), 'workspaces', 'default');
    if (existsSync(path.join(fallback, WORKSPACE_FILE))) root = fallback;
  }
  if (!root) {
    if (needed) throw new UsageError('no workspace: give --workspace DIR, or run from a folder that holds a workspace');
    return null;
  }
  try {
    return await OpenWorkspace.load(root);
  } catch (e) {
    throw new UsageError(`the workspace ${root} cannot be read: ${(e as Error).message}`);
  }
}

/** Profiles and environments the scenarios name must be in the workspace: reported like file problems, before anything connects. */
function checkReferences(scenarios: LoadedScenario[], workspace: OpenWorkspace | null, cmd: RunCommand): void {
  const problems: string[] = [];
  for (const s of scenarios) {
    const { profile, environment } = s.scenario;
    if (profile !== undefined && !workspace?.profileNamed(profile)) problems.push(`${s.file}:${s.lineOf(['profile'])}: profile: no profile named "${profile}" in the workspace`);
    if (environment !== undefined && !workspace?.hasEnvironment(environment)) problems.push(`${s.file}:${s.lineOf(['environment'])}: environment: no environment named "${environment}" in the workspace`);
  }
  if (cmd.env !== undefined && workspace && !workspace.hasEnvironment(cmd.env)) problems.push(`--env: no environment named "${cmd.env}" in the workspace`);
  if (problems.length) throw new UsageError(problems.join('\n'));
}

/** A recording for one run, in the workspace, named after its scenario. */
async function recordInto(root: string, s: LoadedScenario): Promise<{ log: EventLog; id: string }> {
  const dir = path.join(root, RECORDINGS_DIR);
  await mkdir(dir, { recursive: true });
  // recordings hold headers and payloads: kept out of a committed workspace
  await ensureGitignored(root, `${RECORDINGS_DIR}/`).catch(() => undefined);
  const id = newRecordingId();
  const index = await loadIndex(dir).catch(() => emptyIndex());
  index.recordings[id] = { name: `${s.name} (scenario run)`, source: 'scenario' };
  await saveIndex(dir, index);
  const log = EventLog.live({
    file: path.join(dir, `${id}.ndjson`),
    hooks: { backpressure: () => undefined, failed: (m) => process.stderr.write(`framescope: ${m}\n`) },
  });
  return { log, id };
}
