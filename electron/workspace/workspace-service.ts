import path from 'node:path';
import { CallError } from '../../shared/ipc/api.js';
import { layeredLookup, substitute, type DynamicSource } from '../../shared/variables.js';
import { PROFILES_DIR, type Profile, type WorkspaceView } from '../../shared/workspace.js';
import type { HandlersFor } from '../ipc/dispatch.js';
import { secretMask, type Secret } from '../log/secret-mask.js';
import { CertificateFiles } from '../files/certificate-files.js';
import type { OpenSettings, TlsFiles } from '../net/connect-options-of.js';
import type { Push, VariableResolver } from '../services/service-types.js';
import { FolderWatcher } from './folder-watcher.js';
import { initWorkspace, OpenWorkspace } from './open-workspace.js';
import { RecentWorkspaces } from './recent-workspaces.js';
import { checkWorkspacePath } from './workspace-path.js';
import { SessionStore } from './session-store.js';

export interface WorkspaceServiceOptions {
  /** where the default workspace and the recent list live */
  dataDir: string;
  /** how long the watcher waits for a burst of changes on disk to settle */
  watchDebounceMs?: number;
  /** more folders of a workspace to watch, for those who listen with onDiskChange (scenarios/) */
  alsoWatch?: string[];
  /** built-in {{$...}} values; tests pin them */
  dynamic?: DynamicSource;
}

/**
 * The open workspace, one per process: every window or browser tab sees the
 * same one, and every change (a save here, or a git pull on disk) is pushed
 * to all of them. Calls run one at a time, so two tabs saving at once, or a
 * save racing the watcher, never interleave their reads and writes.
 *
 * Starts with the most recently opened workspace, or else the default one
 * in `<dataDir>/workspaces/default` (made if missing).
 */
export class WorkspaceService implements VariableResolver {
  /** the certificate and key files handed over in this process, which settings may name */
  readonly certificates = new CertificateFiles();
  private current: OpenWorkspace | null = null;
  /** the open workspace's saved tabs */
  private tabs: SessionStore | null = null;
  private watcher: FolderWatcher | null = null;
  private recent: RecentWorkspaces | null = null;
  /** why no workspace is open (the default one could not be made), for every call to say */
  private startupProblem: string | null = null;
  private queue: Promise<unknown>;
  private readonly listeners = new Set<Push>();
  private readonly diskListeners = new Set<() => void | Promise<void>>();
  private closed = false;

  constructor(private readonly o: WorkspaceServiceOptions) {
    this.queue = this.start();
  }

  /** Calls `listener` once a burst of changes on the open workspace's disk settles (a git pull, an editor's save), one after the other; returns the way to stop. */
  onDiskChange(listener: () => void | Promise<void>): () => void {
    this.diskListeners.add(listener);
    return () => this.diskListeners.delete(listener);
  }

  /** Sends `workspace.changed` to this listener from now on; returns the way to stop. */
  subscribe(push: Push): () => void {
    this.listeners.add(push);
    return () => this.listeners.delete(push);
  }

  /** Stops watching; waits for a write in progress to finish. */
  async close(): Promise<void> {
    this.closed = true;
    this.watcher?.close();
    await this.queue.catch(() => {});
  }

  readonly handlers: HandlersFor<'workspace' | 'profiles' | 'variables'> = {
    'workspace.get': () => this.run((w) => ({ workspace: this.view(w) })),
    'workspace.open': ({ path: typed, create }) => this.serial(() => this.open(typed, create)),
    'workspace.saveEnvironments': ({ environments, activeEnvironment, secretValues }) =>
      this.change((w) => w.saveEnvironments(environments, activeEnvironment, secretValues)).then(([w]) => ({ workspace: this.view(w) })),
    'workspace.session': () => this.run((w) => ({ path: w.root, session: this.tabs?.session ?? null })),
    'workspace.saveSession': ({ path: root, session }) =>
      this.run(async (w) => {
        // tabs of the workspace that was open before a switch must not land in the new one
        if (root !== w.root || !this.tabs) throw new CallError('STALE', `the tabs belong to ${root}, but ${w.root} is open now; they were not saved`);
        await this.tabs.save(session);
        return {};
      }),
    'workspace.resolveConflict': ({ file, keep }) => this.change((w) => w.resolveConflict(file, keep)).then(([w]) => ({ workspace: this.view(w) })),
    'profiles.get': ({ id }) => this.run((w) => w.profile(id)),
    'profiles.save': ({ profile, baseRevision }) =>
      this.change((w) => {
        this.certificates.checkSavable(profile.settings, profile.id === undefined ? undefined : w.profile(profile.id).profile.settings);
        return w.saveProfile(profile, baseRevision);
      }).then(([, r]) => r),
    'profiles.rename': ({ id, name }) =>
      this.change((w) => w.saveProfile({ ...w.profile(id).profile, name })).then(([, r]) => r),
    'profiles.duplicate': ({ id, name }) =>
      this.change((w) => {
        const p = w.profile(id).profile;
        return w.createProfile({ name: name ?? `${p.name} copy`, settings: p.settings, messages: p.messages, variables: p.variables });
      }).then(([, r]) => r),
    'profiles.delete': ({ id }) => this.change((w) => w.deleteProfile(id)).then(() => ({})),
    // a preview is the one resolution the renderer sees: secrets stay markers, as in the log
    'variables.resolve': ({ text, profileId }) =>
      this.run((w) => {
        const resolved = substitute(text, this.lookup(w, profileId));
        const mask = secretMask(w.secretValues());
        return mask ? { ...resolved, text: mask.text(resolved.text) } : resolved;
      }),
  };

  tlsFiles(settings: OpenSettings, profileId: string | undefined): Promise<TlsFiles> {
    return this.run((w) => this.certificates.read(settings, profileId === undefined ? undefined : w.profile(profileId).profile.settings));
  }

  keepFile(name: string, bytes: Buffer): string {
    return this.certificates.keepUpload(name, bytes);
  }

  secrets(): Promise<Secret[]> {
    return this.run((w) => w.secretValues());
  }

  resolveSettings(settings: OpenSettings, profileId: string | undefined): Promise<{ settings: OpenSettings; missing: string[] }> {
    return this.run((w) => {
      const lookup = this.lookup(w, profileId);
      const missing = new Set<string>();
      const sub = (text: string) => {
        const r = substitute(text, lookup);
        for (const m of r.missing) missing.add(m);
        return r.text;
      };
      const opt = (text: string | undefined) => (text === undefined ? undefined : sub(text));
      const resolved: OpenSettings = {
        ...settings,
        url: sub(settings.url),
        headers: settings.headers.map(([n, v]) => [sub(n), sub(v)] as [string, string]),
        subprotocols: settings.subprotocols.map(sub),
        origin: opt(settings.origin),
        proxy: opt(settings.proxy),
      };
      return { settings: resolved, missing: [...missing] };
    });
  }

  savedMessage(profileId: string, name: string): ReturnType<VariableResolver['savedMessage']> {
    return this.run((w) => {
      const m = w.profile(profileId).profile.messages.find((x) => x.name === name);
      if (!m) throw new CallError('NOT_FOUND', `the profile has no saved message "${name}"`);
      if (m.kind === 'binary') return m;
      // an encoded message's JSON takes variables as text does, before it is encoded
      if (m.kind === 'encoded') return { ...m, json: substitute(m.json, this.lookup(w, profileId)).text };
      return { kind: 'text' as const, text: substitute(m.text, this.lookup(w, profileId)).text };
    });
  }

  /** The open workspace's folder, where its recordings live. */
  root(): Promise<string> {
    return this.run((w) => w.root);
  }

  /** The open workspace as it is now: its profiles, environments and secrets, for a scenario run. */
  openWorkspace(): Promise<OpenWorkspace> {
    return this.run((w) => w);
  }

  /** Saves a new profile (an imported HAR's URL and headers) and tells every client; returns its id. */
  createProfile(input: Omit<Profile, 'formatVersion' | 'id'>): Promise<string> {
    return this.change((w) => w.createProfile(input)).then(([, r]) => r.profile.id);
  }

  private lookup(w: OpenWorkspace, profileId: string | undefined) {
    return layeredLookup(w.variableLayers(profileId), this.o.dynamic);
  }

  private async start(): Promise<void> {
    this.recent = await RecentWorkspaces.load(this.o.dataDir);
    for (const folder of this.recent.paths.slice(0, 1)) {
      try {
        await this.open(folder, false);
        return;
      } catch {
        // gone or moved since: fall back to the default workspace, the list still offers it
      }
    }
    try {
      await this.open(path.join(this.o.dataDir, 'workspaces', 'default'), true, 'Default');
    } catch (e) {
      this.startupProblem = `the default workspace could not be opened: ${(e as Error).message}`;
    }
  }

  private async open(typed: string, create: boolean, name?: string): Promise<{ workspace: WorkspaceView }> {
    if (this.current?.hasConflicts) {
      throw new CallError('CONFLICT', `${this.current.root} has conflicts to resolve before another workspace is opened`);
    }
    const checked = await checkWorkspacePath(typed, create);
    if (checked.isNew) await initWorkspace(checked.path, name ?? path.basename(checked.path));
    const w = await OpenWorkspace.load(checked.path);
    const tabs = await SessionStore.load(checked.path);
    this.watcher?.close();
    this.current = w;
    this.tabs = tabs;
    this.startupProblem = null;
    if (!this.closed) this.watcher = new FolderWatcher(w.root, [PROFILES_DIR, ...(this.o.alsoWatch ?? [])], () => void this.diskChanged(w), this.o.watchDebounceMs);
    // the list is a convenience: failing to update it must not fail the open
    await this.recent?.add(w.root).catch(() => {});
    this.emit(w);
    return { workspace: this.view(w) };
  }

  private async diskChanged(w: OpenWorkspace): Promise<void> {
    await this.serial(async () => {
      if (w === this.current && (await w.rescan())) this.emit(w);
    }).catch((e) => console.error(`framescope: reloading ${w.root} failed: ${(e as Error).message}`));
    // after the rescan, not within it: a listener may call the workspace, which waits for the rescan to end
    for (const listener of this.diskListeners) {
      if (w !== this.current) return;
      await Promise.resolve()
        .then(listener)
        .catch((e) => console.error(`framescope: after a change on disk in ${w.root}: ${(e as Error).message}`));
    }
  }

  /** Runs `op` on the open workspace after everything queued before it. */
  private run<T>(op: (w: OpenWorkspace) => T | Promise<T>): Promise<T> {
    return this.serial(() => op(this.workspace()));
  }

  /** Like run, for an operation that changes files: pushes the new view to every client, also after a conflict. */
  private change<T>(op: (w: OpenWorkspace) => Promise<T>): Promise<[OpenWorkspace, T]> {
    return this.run(async (w) => {
      try {
        return [w, await op(w)] as [OpenWorkspace, T];
      } finally {
        this.emit(w);
      }
    });
  }

  private serial<T>(op: () => T | Promise<T>): Promise<T> {
    const next = this.queue.then(op, op);
    this.queue = next.catch(() => {});
    return next;
  }

  private workspace(): OpenWorkspace {
    if (!this.current) throw new CallError('NO_WORKSPACE', this.startupProblem ?? 'no workspace is open');
    return this.current;
  }

  private view(w: OpenWorkspace): WorkspaceView {
    const problems = [this.recent?.loadProblem, w === this.current ? this.tabs?.problem : null].filter((p) => !!p);
    return w.view(this.recent?.paths ?? [], problems);
  }

  private emit(w: OpenWorkspace): void {
    const workspace = this.view(w);
    for (const push of this.listeners) push('workspace.changed', { workspace });
  }
}
