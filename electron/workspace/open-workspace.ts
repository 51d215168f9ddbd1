import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { CallError } from '../../shared/ipc/api.js';
import {
  FORMAT_VERSION,
  PROFILES_DIR,
  ProfileFile,
  SECRETS_FILE,
  SecretsFile,
  WORKSPACE_FILE,
  WorkspaceFile,
  type Conflict,
  type Environment,
  type FileProblem,
  type Profile,
  type ProfileSummary,
  type WorkspaceView,
} from '../../shared/workspace.js';
import type { Secret } from '../log/secret-mask.js';
import { decodeFile, toFileText } from './file-codec.js';
import { renameDurably, unlinkDurably, writeDurably } from '../files/durable-write.js';
import { ensureGitignored } from './gitignore.js';
import { MIGRATIONS } from './migrations.js';
import { readText, type ReadResult } from '../files/read-text.js';
import { slugify, uniqueStem } from './slug.js';
import { removeStaleTempFiles } from './stale-temp-files.js';

/** Changes whenever a file's content does; the renderer passes it back to profiles.save. */
export function revisionOf(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

const sameRead = (a: ReadResult | undefined, b: ReadResult) =>
  a !== undefined && ('error' in a ? 'error' in b && a.error === b.error : !('error' in b) && a.text === b.text);

const textOf = (r: ReadResult | undefined): string | null => (r && !('error' in r) ? r.text : null);

/** Writes a new workspace into an empty (or just made) folder. */
export async function initWorkspace(root: string, name: string): Promise<void> {
  await mkdir(path.join(root, PROFILES_DIR), { recursive: true });
  await ensureGitignored(root, SECRETS_FILE);
  await writeDurably(path.join(root, WORKSPACE_FILE), toFileText(WorkspaceFile.parse({ formatVersion: FORMAT_VERSION, name })));
}

/**
 * One workspace folder as last read or written. Every file's last common
 * version (what the app last loaded or wrote) is kept, so that a write can
 * first check that the disk still holds it: when it does not, someone else
 * (a git pull, an editor) changed the file meanwhile, and both versions are
 * kept as a Conflict instead of one silently replacing the other.
 *
 * A file that fails to load is a FileProblem and is never written: saving a
 * profile whose file is bad is refused, and new files never take its name.
 */
export class OpenWorkspace {
  /** relative path -> what the disk held when last read or written */
  private readonly known = new Map<string, ReadResult>();
  private readonly profiles = new Map<string, Profile>();
  private readonly problems = new Map<string, FileProblem>();
  /** the id a bad profile file seems to hold, so that its profile cannot be saved over it */
  private readonly badIds = new Map<string, string>();
  private readonly conflicts = new Map<string, Conflict>();
  private workspace: WorkspaceFile | null = null;
  private secrets: SecretsFile['values'] = {};

  private constructor(readonly root: string) {}

  static async load(root: string): Promise<OpenWorkspace> {
    const w = new OpenWorkspace(root);
    // temp files are surely ours only beside a workspace file: a folder opened for its profiles folder alone keeps its own
    const holdsWorkspaceFile = await stat(w.abs(WORKSPACE_FILE)).then((st) => st.isFile(), () => false);
    if (holdsWorkspaceFile) await removeStaleTempFiles([root, w.abs(PROFILES_DIR)]);
    await w.rescan();
    return w;
  }

  get hasConflicts(): boolean {
    return this.conflicts.size > 0;
  }

  /** Reads every file again and takes in those that changed on disk; true if any did. */
  async rescan(): Promise<boolean> {
    const folderProblem = this.problems.get(PROFILES_DIR)?.message;
    const listed = await this.listProfileFiles();
    let changed = this.problems.get(PROFILES_DIR)?.message !== folderProblem;
    const rels = new Set([WORKSPACE_FILE, SECRETS_FILE, ...listed, ...[...this.known.keys()].filter((r) => r.startsWith(`${PROFILES_DIR}/`))]);
    for (const rel of [...rels].sort()) {
      const now = await readText(this.abs(rel));
      if (this.known.has(rel) ? sameRead(this.known.get(rel), now) : 'text' in now && now.text === null && rel !== WORKSPACE_FILE) continue;
      changed = true;
      const conflict = this.conflicts.get(rel);
      if (conflict) {
        // still undecided: show the newest disk version as theirs, or drop the conflict if the disk now agrees with ours
        const theirs = textOf(now) ?? '';
        if (theirs === conflict.ours) this.conflicts.delete(rel);
        else conflict.theirs = theirs;
      }
      this.take(rel, now);
    }
    return changed;
  }

  view(recent: string[], extraProblems: FileProblem[]): WorkspaceView {
    const environments = this.workspace?.environments ?? [];
    const summaries = [...this.profiles].map(([rel, p]) => this.summary(rel, p));
    summaries.sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }) || a.file.localeCompare(b.file));
    return {
      path: this.root,
      name: this.workspace?.name ?? path.basename(this.root),
      environments,
      activeEnvironment: this.workspace?.activeEnvironment ?? null,
      secretsSet: Object.fromEntries(environments.map((e) => [e.name, e.secrets.filter((s) => Object.hasOwn(this.secrets[e.name] ?? {}, s))])),
      profiles: summaries,
      problems: [...extraProblems, ...[...this.problems.values()].sort((a, b) => a.file.localeCompare(b.file))],
      conflicts: [...this.conflicts.values()],
      recent,
    };
  }

  /** A profile by its name, as people write it in scenario files. */
  profileNamed(name: string): Profile | undefined {
    return [...this.profiles.values()].find((p) => p.name === name);
  }

  /** Whether an environment of this name exists. */
  hasEnvironment(name: string): boolean {
    return !!this.workspace?.environments.some((e) => e.name === name);
  }

  profile(id: string): { profile: Profile; revision: string } {
    const rel = this.relOf(id);
    return { profile: this.profiles.get(rel)!, revision: revisionOf(textOf(this.known.get(rel))!) };
  }

  /** The variable layers, first wins: the environment's secrets (the active one's, unless one is named), its variables, then the profile's own. */
  variableLayers(profileId: string | undefined, environment = this.workspace?.activeEnvironment): Record<string, string>[] {
    const env = this.workspace?.environments.find((e) => e.name === environment);
    const secrets = env ? Object.fromEntries(Object.entries(this.secrets[env.name] ?? {}).filter(([k]) => env.secrets.includes(k))) : {};
    const own = profileId === undefined ? {} : this.profile(profileId).profile.variables;
    return [secrets, env?.variables ?? {}, own];
  }

  /** Every environment's secrets that have a value, the active environment's first. */
  secretValues(): Secret[] {
    const active = this.workspace?.activeEnvironment;
    const envs = [...(this.workspace?.environments ?? [])].sort((a, b) => Number(b.name === active) - Number(a.name === active));
    return envs.flatMap((e) => e.secrets.filter((k) => Object.hasOwn(this.secrets[e.name] ?? {}, k)).map((name) => ({ name, value: this.secrets[e.name][name] })));
  }

  async saveProfile(input: Omit<Profile, 'formatVersion' | 'id'> & { id?: string }, baseRevision?: string): Promise<{ profile: Profile; revision: string }> {
    if (input.id === undefined) return this.createProfile(input);
    const rel = this.relOf(input.id);
    const profile = this.checked(ProfileFile, { ...input, formatVersion: FORMAT_VERSION, id: input.id });
    const target = await this.relForName(rel, profile.name);
    await this.commit(rel, toFileText(profile), { baseRevision, moveTo: target, profileId: profile.id });
    return this.profile(profile.id);
  }

  async createProfile(input: Omit<Profile, 'formatVersion' | 'id'>): Promise<{ profile: Profile; revision: string }> {
    const profile = this.checked(ProfileFile, { ...input, formatVersion: FORMAT_VERSION, id: randomUUID() });
    const rel = await this.relForName(null, profile.name);
    await this.commit(rel, toFileText(profile), { profileId: profile.id });
    return this.profile(profile.id);
  }

  async deleteProfile(id: string): Promise<void> {
    const rel = this.relOf(id);
    await this.commit(rel, '', { profileId: id });
  }

  async saveEnvironments(environments: Environment[], activeEnvironment: string | null, secretValues: Record<string, Record<string, string>>): Promise<void> {
    for (const file of [WORKSPACE_FILE, SECRETS_FILE]) {
      const problem = this.problems.get(file);
      // a missing workspace file may be written afresh; a bad one is the person's to fix
      if (problem && textOf(this.known.get(file)) !== null) throw this.problemError(problem);
    }
    const name = this.workspace?.name ?? path.basename(this.root);
    const ws = this.checked(WorkspaceFile, { formatVersion: FORMAT_VERSION, name, environments, activeEnvironment });
    const values: SecretsFile['values'] = {};
    for (const [envName, given] of Object.entries(secretValues)) {
      const env = ws.environments.find((e) => e.name === envName);
      for (const key of Object.keys(given)) {
        if (!env?.secrets.includes(key)) throw new CallError('INVALID_INPUT', `secretValues.${envName}.${key}: not a secret of an environment "${envName}"`);
      }
    }
    for (const env of ws.environments) {
      for (const key of env.secrets) {
        const value = Object.hasOwn(secretValues[env.name] ?? {}, key) ? secretValues[env.name][key] : this.secrets[env.name]?.[key];
        if (value !== undefined) (values[env.name] ??= {})[key] = value;
      }
    }
    const secretsText = toFileText(this.checked(SecretsFile, { formatVersion: FORMAT_VERSION, values }));
    const oldSecrets = textOf(this.known.get(SECRETS_FILE));
    if (secretsText !== oldSecrets && !(oldSecrets === null && Object.keys(values).length === 0)) {
      await ensureGitignored(this.root, SECRETS_FILE);
      await this.commit(SECRETS_FILE, secretsText, {});
    }
    await this.commit(WORKSPACE_FILE, toFileText(ws), {});
  }

  async resolveConflict(file: string, keep: 'ours' | 'theirs'): Promise<void> {
    const c = this.conflicts.get(file);
    if (!c) throw new CallError('NOT_FOUND', `no conflict in ${file}`);
    if (keep === 'ours') await this.write(file, c.ours);
    this.conflicts.delete(file);
    this.take(file, await readText(this.abs(file)));
  }

  private summary(rel: string, p: Profile): ProfileSummary {
    return { id: p.id, name: p.name, url: p.settings.url, file: rel, messageCount: p.messages.length, revision: revisionOf(textOf(this.known.get(rel))!) };
  }

  /**
   * Writes `ours` (or deletes, when ours is '') over the file, once sure the
   * disk still holds the last common version, and that the renderer edited
   * the current revision when it says which one it edited. Otherwise both
   * versions are kept as a conflict and nothing is written.
   */
  private async commit(rel: string, ours: string, o: { baseRevision?: string; moveTo?: string; profileId?: string }): Promise<void> {
    if (this.conflicts.has(rel)) throw new CallError('CONFLICT', `${rel} has a conflict to resolve first: keep the app's version or the one on disk`);
    const disk = await readText(this.abs(rel));
    if ('error' in disk) throw new CallError('WRITE_FAILED', `cannot save ${rel}: it cannot be read (${disk.error}); nothing was changed`);
    const base = textOf(this.known.get(rel));
    const fresh = disk.text === base && (o.baseRevision === undefined || (base !== null && revisionOf(base) === o.baseRevision));
    if (!fresh && disk.text !== (ours || null)) {
      this.conflicts.set(rel, { file: rel, profileId: o.profileId ?? null, ours, theirs: disk.text ?? '' });
      this.take(rel, disk);
      throw new CallError(
        'CONFLICT',
        `${rel} was changed on disk since the app last read it; both versions are kept until you choose which one to keep`,
      );
    }
    let target = rel;
    if (o.moveTo && o.moveTo !== rel) {
      await this.guard(rel, () => renameDurably(this.abs(rel), this.abs(o.moveTo!)));
      this.forget(rel);
      target = o.moveTo;
    }
    await this.write(target, ours);
    this.take(target, ours ? { text: ours } : { text: null });
  }

  private async write(rel: string, text: string): Promise<void> {
    await this.guard(rel, async () => {
      if (text) await writeDurably(this.abs(rel), text);
      else if (textOf(await readText(this.abs(rel))) !== null) await unlinkDurably(this.abs(rel));
    });
  }

  private async guard(rel: string, op: () => Promise<void>): Promise<void> {
    try {
      await op();
    } catch (e) {
      throw new CallError('WRITE_FAILED', `cannot save ${rel} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); the file on disk is unchanged`);
    }
  }

  /** Takes in what the disk holds for one file: its model, or its problem. */
  private take(rel: string, r: ReadResult): void {
    this.forget(rel);
    this.known.set(rel, r);
    if ('error' in r) {
      this.problems.set(rel, { file: rel, field: null, message: `cannot be read (${r.error})` });
      return;
    }
    if (r.text === null) {
      // only the workspace file is missed when absent; a profile or secrets file that is gone is simply forgotten
      if (rel === WORKSPACE_FILE) this.problems.set(rel, { file: rel, field: null, message: 'is missing: saving the environments writes it afresh' });
      else this.known.delete(rel);
      return;
    }
    if (rel === WORKSPACE_FILE) {
      const d = decodeFile(rel, r.text, WorkspaceFile, MIGRATIONS.workspace);
      if (d.ok) this.workspace = d.value;
      else this.problems.set(rel, d.problem);
    } else if (rel === SECRETS_FILE) {
      const d = decodeFile(rel, r.text, SecretsFile, MIGRATIONS.secrets);
      if (d.ok) this.secrets = d.value.values;
      else this.problems.set(rel, d.problem);
    } else {
      const d = decodeFile(rel, r.text, ProfileFile, MIGRATIONS.profile);
      const twin = d.ok ? [...this.profiles].find(([, p]) => p.id === d.value.id) : undefined;
      if (d.ok && !twin) this.profiles.set(rel, d.value);
      else if (d.ok) this.problems.set(rel, { file: rel, field: 'id', message: `is the same as in ${twin![0]}: give one of them a new id` });
      else this.problems.set(rel, d.problem);
      const id = d.ok ? d.value.id : idIn(r.text);
      if (!d.ok || twin) this.badIds.set(rel, id ?? '');
    }
  }

  private forget(rel: string): void {
    this.known.delete(rel);
    this.profiles.delete(rel);
    this.problems.delete(rel);
    this.badIds.delete(rel);
    if (rel === WORKSPACE_FILE) this.workspace = null;
    if (rel === SECRETS_FILE) this.secrets = {};
  }

  private relOf(id: string): string {
    for (const [rel, p] of this.profiles) if (p.id === id) return rel;
    for (const [rel, bad] of this.badIds) if (bad === id) throw this.problemError(this.problems.get(rel)!);
    throw new CallError('NOT_FOUND', `no profile ${id} in this workspace (was its file deleted?)`);
  }

  private problemError(p: FileProblem): CallError {
    return new CallError('FILE_PROBLEM', `${p.file}${p.field ? `: ${p.field}` : ''} ${p.message}. Fix or remove that file first; Framescope does not write over it`);
  }

  /** The profile's file for its name: the current one while its stem still fits the name, else a new free one. */
  private async relForName(current: string | null, name: string): Promise<string> {
    const slug = slugify(name);
    const stem = current && path.posix.basename(current, '.json');
    if (stem && (stem === slug || new RegExp(`^${slug}-\\d+$`).test(stem))) return current;
    const folderProblem = this.problems.get(PROFILES_DIR);
    if (folderProblem) throw this.problemError(folderProblem);
    await mkdir(this.abs(PROFILES_DIR), { recursive: true });
    // every name in the folder is taken, bad files' and strangers' too
    const taken = new Set([...(await this.listProfileFiles()), ...this.known.keys()].map((r) => path.posix.basename(r, '.json')));
    if (stem) taken.delete(stem);
    return `${PROFILES_DIR}/${uniqueStem(slug, taken)}.json`;
  }

  private async listProfileFiles(): Promise<string[]> {
    this.problems.delete(PROFILES_DIR);
    try {
      const entries = await readdir(this.abs(PROFILES_DIR), { withFileTypes: true });
      // write-file-atomic's temp files (name.json.1a2b3c) end otherwise and are skipped
      return entries.filter((e) => e.name.endsWith('.json') && !e.isDirectory()).map((e) => `${PROFILES_DIR}/${e.name}`);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') {
        this.problems.set(PROFILES_DIR, { file: PROFILES_DIR, field: null, message: `the folder cannot be read (${code}): its profiles are not shown` });
      }
      return [];
    }
  }

  private checked<T>(schema: z.ZodType<T>, value: unknown): T {
    const r = schema.safeParse(value);
    if (r.success) return r.data;
    const issue = r.error.issues[0];
    throw new CallError('INVALID_INPUT', `${issue.path.map(String).join('.') || 'input'} ${issue.message}`);
  }

  private abs(rel: string): string {
    return path.join(this.root, ...rel.split('/'));
  }
}

/** The id of a profile file that does not pass its schema, if one can be read from it. */
function idIn(text: string): string | undefined {
  try {
    const id = (JSON.parse(text) as { id?: unknown })?.id;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}
