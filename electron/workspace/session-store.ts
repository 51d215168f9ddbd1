import path from 'node:path';
import { CallError } from '../../shared/ipc/api.js';
import { FORMAT_VERSION, type FileProblem } from '../../shared/workspace.js';
import { SESSION_FILE, SessionFile, type SessionInput } from '../../shared/session-file.js';
import { decodeFile, toFileText } from './file-codec.js';
import { writeDurably } from '../files/durable-write.js';
import { MIGRATIONS } from './migrations.js';
import { readText } from '../files/read-text.js';

/**
 * One workspace's saved tabs, `session.json`. Read once when the workspace
 * opens. A file that does not load (not JSON, a wrong field, a newer format)
 * is reported, left as it is and never written over while this workspace
 * stays open: the tabs of a broken file may still be worth fixing by hand.
 * Removing the file lets saving start afresh.
 */
export class SessionStore {
  private saved: SessionFile | null = null;
  private problemFound: FileProblem | null = null;
  /** the last text written or read, so saving the same tabs again writes nothing */
  private lastText: string | null = null;

  private constructor(private readonly root: string) {}

  static async load(root: string): Promise<SessionStore> {
    const s = new SessionStore(root);
    const read = await readText(s.file);
    if ('error' in read) {
      s.problemFound = { file: SESSION_FILE, field: null, message: `cannot be read (${read.error}): the tabs were not restored, and are not saved until it can be` };
    } else if (read.text !== null) {
      const d = decodeFile(SESSION_FILE, read.text, SessionFile, MIGRATIONS.session);
      if (d.ok) {
        s.saved = d.value;
        s.lastText = read.text;
      } else {
        s.problemFound = { ...d.problem, message: `${d.problem.message}. The tabs were not restored; the file is left as it is and not saved over (fix or remove it)` };
      }
    }
    return s;
  }

  /** The tabs as saved, or null (no file yet, or a file that did not load: see problem). */
  get session(): SessionFile | null {
    return this.saved;
  }

  get problem(): FileProblem | null {
    return this.problemFound;
  }

  async save(input: SessionInput): Promise<void> {
    if (this.problemFound && !(await this.goneSinceLoad())) {
      throw new CallError('FILE_PROBLEM', `${SESSION_FILE}${this.problemFound.field ? `: ${this.problemFound.field}` : ''} ${this.problemFound.message}`);
    }
    const parsed = SessionFile.safeParse({ formatVersion: FORMAT_VERSION, ...input });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new CallError('INVALID_INPUT', `session: ${issue.path.map(String).join('.') || 'input'} ${issue.message}`);
    }
    const text = toFileText(parsed.data);
    if (text === this.lastText) return;
    try {
      await writeDurably(this.file, text);
    } catch (e) {
      throw new CallError('WRITE_FAILED', `cannot save ${SESSION_FILE} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); the file on disk is unchanged`);
    }
    this.lastText = text;
    this.saved = parsed.data;
  }

  /** The person removed the broken file: saving may start afresh. */
  private async goneSinceLoad(): Promise<boolean> {
    const now = await readText(this.file);
    if (!('text' in now) || now.text !== null) return false;
    this.problemFound = null;
    return true;
  }

  private get file(): string {
    return path.join(this.root, SESSION_FILE);
  }
}
