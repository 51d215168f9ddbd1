import { mkdir, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { CallError } from '../../shared/ipc/api.js';
import { SCENARIOS_DIR, type ScenarioSummary } from '../../shared/scenario-files.js';
import { unlinkDurably, writeDurably } from '../files/durable-write.js';
import { revisionOf } from '../workspace/open-workspace.js';
import { readText } from '../files/read-text.js';
import { checkScenario, formatProblem, type LoadedScenario, type ScenarioProblem } from './load-scenario.js';

/** A file name in scenarios/: no folders, no dot files, .yaml or .yml. */
const FILE = /^[A-Za-z0-9][A-Za-z0-9 _.-]{0,120}\.ya?ml$/;

/**
 * The workspace's scenarios/ folder: each scenario a YAML file that people
 * read, diff and commit, checked on load (its problems as
 * `scenarios/FILE:LINE: field: problem`, like the command line's) and
 * written atomically, as the workspace's other files are.
 */
export class ScenarioFiles {
  constructor(private readonly root: string) {}

  async list(): Promise<ScenarioSummary[]> {
    return Promise.all((await this.names()).map(async (file) => summaryOf(file, await this.readOrProblem(file))));
  }

  /** The files' names, sizes and modification times: what changes when one is added, removed or edited. */
  async stamp(): Promise<string> {
    const stats = await Promise.all((await this.names()).map(async (n) => stat(path.join(this.dir(), n)).then((s) => `${n}:${s.size}:${s.mtimeMs}`, () => n)));
    return stats.join('\n');
  }

  /** The scenario files in name order; none while the folder does not exist. */
  private async names(): Promise<string[]> {
    try {
      return (await readdir(this.dir())).filter((n) => FILE.test(n)).sort();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
  }

  async read(file: string): Promise<{ text: string; revision: string }> {
    const r = await readText(this.abs(file));
    if ('error' in r) throw new CallError('IO', `${relative(file)} cannot be read (${r.error})`);
    if (r.text === null) throw new CallError('NOT_FOUND', `there is no ${relative(file)}`);
    return { text: r.text, revision: revisionOf(r.text) };
  }

  /**
   * Writes the text as the person wrote it (problems and all: they are
   * listed, as for any file that does not load). A file that exists is
   * replaced only when the person saw it (baseRevision, still what the disk
   * holds) or said to overwrite it.
   */
  async save(file: string, text: string, o: { baseRevision?: string; overwrite: boolean }): Promise<{ scenario: ScenarioSummary; revision: string }> {
    const target = this.abs(file);
    const now = await readText(target);
    if ('error' in now) throw new CallError('IO', `${relative(file)} cannot be read (${now.error}): not written over`);
    if (now.text !== null && !o.overwrite) {
      if (o.baseRevision === undefined) throw new CallError('CONFLICT', `${relative(file)} exists already`);
      if (revisionOf(now.text) !== o.baseRevision) throw new CallError('CONFLICT', `${relative(file)} changed on disk since it was opened`);
    }
    await mkdir(this.dir(), { recursive: true });
    await writeDurably(target, text);
    return { scenario: summaryOf(file, text), revision: revisionOf(text) };
  }

  async delete(file: string): Promise<void> {
    try {
      await unlinkDurably(this.abs(file));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new CallError('NOT_FOUND', `there is no ${relative(file)}`);
      throw e;
    }
  }

  /** The scenario a run loads: the text given (an editor's unsaved one), or the file's. */
  async load(file: string, text?: string): Promise<LoadedScenario> {
    const r = checkScenario(relative(file), text ?? (await this.read(file)).text);
    if (Array.isArray(r)) throw new CallError('INVALID_INPUT', r.map((p) => formatProblem(relative(file), p)).join('\n'));
    // a file: step is read beside the scenario, wherever the app runs from
    return { ...r, file: this.abs(file) };
  }

  private async readOrProblem(file: string): Promise<string | { error: string }> {
    const r = await readText(this.abs(file));
    return 'error' in r ? r : (r.text ?? { error: 'ENOENT' });
  }

  private dir(): string {
    return path.join(this.root, SCENARIOS_DIR);
  }

  private abs(file: string): string {
    checkFileName(file);
    return path.join(this.dir(), file);
  }
}

export function checkFileName(file: string): void {
  if (!FILE.test(file)) throw new CallError('INVALID_INPUT', `a scenario's file name is letters, digits, spaces, "_", "-" or "." ending in .yaml or .yml, in ${SCENARIOS_DIR}/ (got ${JSON.stringify(file)})`);
}

/** The problems of a scenario's text, for the editor's markers. */
export function problemsOf(file: string, text: string): ScenarioProblem[] {
  const r = checkScenario(relative(file), text);
  return Array.isArray(r) ? r : [];
}

function summaryOf(file: string, text: string | { error: string }): ScenarioSummary {
  if (typeof text !== 'string') return { file, name: stem(file), problems: [`${relative(file)}: cannot read it (${text.error})`] };
  const r = checkScenario(relative(file), text);
  return Array.isArray(r) ? { file, name: stem(file), problems: r.map((p) => formatProblem(relative(file), p)) } : { file, name: r.name, problems: [] };
}

const relative = (file: string) => `${SCENARIOS_DIR}/${file}`;
const stem = (file: string) => file.replace(/\.ya?ml$/, '');
