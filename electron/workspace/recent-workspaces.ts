import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { FORMAT_VERSION, type FileProblem } from '../../shared/workspace.js';
import { decodeFile, toFileText } from './file-codec.js';
import { writeDurably } from '../files/durable-write.js';
import { MIGRATIONS } from './migrations.js';

export const RECENT_FILE = 'recent-workspaces.json';
const MAX_RECENT = 10;

const RecentFile = z.strictObject({
  formatVersion: z.literal(FORMAT_VERSION),
  /** absolute folder paths, most recent first */
  recent: z.array(z.string()),
});

/**
 * The workspaces opened lately, in `<dataDir>/recent-workspaces.json`. A bad
 * file is reported and left alone: the list then stays as it is until the
 * person fixes or deletes it.
 */
export class RecentWorkspaces {
  private list: string[] = [];
  private problem: FileProblem | null = null;

  private constructor(private readonly file: string) {}

  static async load(dataDir: string): Promise<RecentWorkspaces> {
    const r = new RecentWorkspaces(path.join(dataDir, RECENT_FILE));
    let text: string;
    try {
      text = await readFile(r.file, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') r.problem = { file: r.file, field: null, message: `cannot be read (${code}): the recent list is not kept` };
      return r;
    }
    const decoded = decodeFile(r.file, text, RecentFile, MIGRATIONS.recent);
    if (decoded.ok) r.list = decoded.value.recent;
    else r.problem = { ...decoded.problem, message: `${decoded.problem.message} (the recent list is not kept until this is fixed)` };
    return r;
  }

  get paths(): string[] {
    return [...this.list];
  }

  /** Why the list is not being kept, if it is not (its file is named by its full path). */
  get loadProblem(): FileProblem | null {
    return this.problem;
  }

  async add(folder: string): Promise<void> {
    const list = [folder, ...this.list.filter((p) => p !== folder)].slice(0, MAX_RECENT);
    if (this.problem || list.join('\n') === this.list.join('\n')) return;
    this.list = list;
    await writeDurably(this.file, toFileText({ formatVersion: FORMAT_VERSION, recent: list }));
  }
}
