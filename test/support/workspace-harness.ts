import { afterEach } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { PushEvents } from '../../shared/ipc/events.js';
import type { CallInput, CallName, CallOutput } from '../../shared/ipc/schemas.js';
import type { WorkspaceView } from '../../shared/workspace.js';
import { dispatch } from '../../electron/ipc/dispatch.js';
import { WorkspaceService, type WorkspaceServiceOptions } from '../../electron/workspace/workspace-service.js';

const dirs: string[] = [];

/** A fresh temp folder, removed by removeTempDirs(). */
export async function tempDir(prefix = 'framescope-ws-'): Promise<string> {
  const d = await mkdtemp(path.join(os.tmpdir(), prefix));
  dirs.push(d);
  return d;
}

export async function removeTempDirs(): Promise<void> {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
}

/**
 * A WorkspaceService with its `workspace.changed` pushes recorded, called
 * through dispatch as the transports do (inputs parsed, defaults filled).
 */
export class WorkspaceHarness {
  readonly service: WorkspaceService;
  readonly views: WorkspaceView[] = [];
  private waiters: (() => void)[] = [];

  constructor(o: WorkspaceServiceOptions) {
    this.service = new WorkspaceService({ watchDebounceMs: 40, ...o });
    this.service.subscribe(<E extends keyof PushEvents>(name: E, payload: PushEvents[E]) => {
      if (name !== 'workspace.changed') throw new Error(`unexpected push ${name}`);
      this.views.push((payload as PushEvents['workspace.changed']).workspace);
      for (const w of this.waiters.splice(0)) w();
    });
  }

  call<C extends CallName>(name: C, input: CallInput<C>): Promise<CallOutput<C>> {
    return dispatch(this.service.handlers, name, input) as Promise<CallOutput<C>>;
  }

  /** Resolves with the first view pushed from now on that matches: the watcher's doing, never a sleep's. */
  async nextView(match: (v: WorkspaceView) => boolean): Promise<WorkspaceView> {
    const from = this.views.length;
    for (;;) {
      const found = this.views.slice(from).find(match);
      if (found) return found;
      await new Promise<void>((r) => this.waiters.push(r));
    }
  }

  close(): Promise<void> {
    return this.service.close();
  }
}

/**
 * Starts workspace harnesses for the tests of a file (on a fresh data
 * directory unless given one); each is closed, and the temp folders
 * removed, after its test. Call at the top of the file: it registers the hook.
 */
export function workspacesForEachTest(): (dataDir?: string, o?: Omit<WorkspaceServiceOptions, 'dataDir'>) => Promise<{ h: WorkspaceHarness; dataDir: string; root: string }> {
  const harnesses: WorkspaceHarness[] = [];
  afterEach(async () => {
    for (const h of harnesses.splice(0)) await h.close();
    await removeTempDirs();
  });
  return async (dataDir, o = {}) => {
    dataDir ??= await tempDir();
    const h = new WorkspaceHarness({ dataDir, ...o });
    harnesses.push(h);
    const { workspace } = await h.call('workspace.get', {});
    return { h, dataDir, root: workspace.path };
  };
}
