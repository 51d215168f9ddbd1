import { CallError } from '../../shared/ipc/api.js';
import { PREVIEW_CHARS } from '../../shared/ipc/events.js';
import type { StepResult } from '../../shared/step-result.js';
import { MAX_RUN_STEPS, type RunDone, type RunRecord, type StepReport } from '../../shared/scenario-files.js';
import type { HandlersFor } from '../ipc/dispatch.js';
import { maskUrlCredentials } from '../protocol/credentials.js';
import type { SessionService } from '../services/session-service.js';
import { FLUSH_MS } from '../services/summary-batcher.js';
import type { Push } from '../services/service-types.js';
import type { OpenWorkspace } from '../workspace/open-workspace.js';
import { slugify } from '../workspace/slug.js';
import { runScenario } from './run-scenario.js';
import { scenarioFromLog } from './scenario-from-log.js';
import { checkFileName, problemsOf, ScenarioFiles } from './scenario-files.js';

/** What scenarios need of the workspace (the WorkspaceService): its folder, its profiles, environments and secrets for a run, and word of changes on disk. */
export interface ScenariosWorkspace {
  root(): Promise<string>;
  openWorkspace(): Promise<OpenWorkspace>;
  onDiskChange(listener: () => void | Promise<void>): () => void;
}

/**
 * The open workspace's scenarios for the app: the files (list, read, save,
 * delete, check), a session's log made into a scenario, and runs. A run is
 * `framescope run`'s own runScenario, its connection a session of the
 * window (so it shows as a tab with its log and recording), its steps
 * pushed to that window as they end.
 */
export class ScenariosService {
  private readonly listeners = new Set<Push>();
  /** the scenario files' names, sizes and times when last listed or looked at: a change on disk that alters them is told */
  private stamp: string | null = null;

  constructor(private readonly workspace: ScenariosWorkspace) {
    // an edit in another editor, or a git pull, shows in the list without asking
    workspace.onDiskChange(() => this.checkDisk());
  }

  /** Sends `scenarios.changed` to this listener from now on; returns the way to stop. */
  subscribe(push: Push): () => void {
    this.listeners.add(push);
    return () => this.listeners.delete(push);
  }

  /** The scenarios calls for one window or browser tab, whose sessions show its runs. */
  handlersFor(sessions: SessionService, push: Push): HandlersFor<'scenarios'> {
    const runs = new Map<string, AbortController>();
    const progress = new ProgressPusher(push);
    return {
      'scenarios.list': async () => {
        const files = await this.files();
        this.stamp = await files.stamp();
        return { scenarios: await files.list() };
      },
      'scenarios.read': async ({ file }) => (await this.files()).read(file),
      'scenarios.save': async ({ file, text, baseRevision, overwrite }) => {
        const files = await this.files();
        const saved = await files.save(file, text, { baseRevision, overwrite });
        await this.changedHere(files);
        return saved;
      },
      'scenarios.delete': async ({ file }) => {
        const files = await this.files();
        await files.delete(file);
        await this.changedHere(files);
        return {};
      },
      'scenarios.check': ({ file, text }) => {
        checkFileName(file);
        return { problems: problemsOf(file, text) };
      },
      'scenarios.fromSession': async ({ sessionId, name, expect }) => {
        const events = await sessions.allEvents(sessionId);
        const title = name?.trim() || 'scenario';
        return { file: `${slugify(title)}.yaml`, text: scenarioFromLog(events, { name: title, expect }) };
      },
      'scenarios.run': async ({ file, text }) => {
        const loaded = await (await this.files()).load(file, text);
        const workspace = await this.workspace.openWorkspace();
        const controller = new AbortController();
        let started: (s: { sessionId: string; url: string }) => void;
        const ready = new Promise<{ sessionId: string; url: string }>((r) => (started = r));
        let sessionId: string | null = null;
        const done = runScenario(loaded, {
          vars: {},
          workspace,
          signal: controller.signal,
          open: async (options, onEvent) => {
            const s = await sessions.openForRun(options, `${loaded.name} (scenario run)`, { event: onEvent, disposed: () => controller.abort() }, loaded.name);
            sessionId = s.sessionId;
            runs.set(sessionId, controller);
            progress.started(sessionId, loaded.name);
            started({ sessionId, url: maskUrlCredentials(options.url) });
            return s.connection;
          },
          onStep: (step) => sessionId && progress.step(sessionId, step),
        });
        void done.then(
          (r) => sessionId && progress.done(sessionId, { ok: r.ok, ms: r.ms }),
          (e: Error) => sessionId && progress.done(sessionId, { ok: false, ms: 0 }, e.message),
        ).finally(() => sessionId && runs.delete(sessionId));
        const first = await Promise.race([ready, done.then((r) => ({ result: r }))]);
        // no session: the connection's settings could not be made (a profile, environment or variable missing)
        if ('result' in first) throw new CallError('COMMAND', `${loaded.name}: ${first.result.steps[0]?.message ?? 'the scenario did not start'}`);
        return { sessionId: first.sessionId, name: loaded.name, url: first.url };
      },
      'scenarios.cancel': ({ sessionId }) => {
        runs.get(sessionId)?.abort();
        return {};
      },
      'scenarios.runOf': ({ sessionId }) => ({ run: progress.record(sessionId) }),
    };
  }

  private async files(): Promise<ScenarioFiles> {
    return new ScenarioFiles(await this.workspace.root());
  }

  /** A change made here is told now, and not again when the watcher sees it on disk. */
  private async changedHere(files: ScenarioFiles): Promise<void> {
    this.stamp = await files.stamp().catch(() => null);
    this.emit();
  }

  private async checkDisk(): Promise<void> {
    const stamp = await (await this.files()).stamp().catch(() => null);
    if (stamp === null || stamp === this.stamp) return;
    this.stamp = stamp;
    this.emit();
  }

  private emit(): void {
    for (const push of this.listeners) push('scenarios.changed', {});
  }
}

/** Runs whose steps are kept for a window that comes back; the oldest is let go first. */
const KEPT_RUNS = 50;

/**
 * A run's steps go to its window at most once per flush interval: a repeat
 * of a million steps must not flood it. The last steps of the latest runs
 * are kept too, for a window that comes back to a run's tab (a reload).
 */
class ProgressPusher {
  private readonly pending = new Map<string, { steps: StepReport[]; done?: RunDone }>();
  private readonly kept = new Map<string, RunRecord>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly push: Push) {}

  started(sessionId: string, name: string): void {
    this.kept.set(sessionId, { name, steps: [], dropped: 0, done: null });
    if (this.kept.size > KEPT_RUNS) this.kept.delete(this.kept.keys().next().value!);
  }

  record(sessionId: string): RunRecord | null {
    const r = this.kept.get(sessionId);
    if (!r) return null;
    const over = Math.max(0, r.steps.length - MAX_RUN_STEPS);
    return { ...r, steps: r.steps.slice(over), dropped: r.dropped + over };
  }

  step(sessionId: string, r: StepResult): void {
    const { scenario: _name, ...step } = r;
    this.add(sessionId, { ...step, ...(step.near ? { near: step.near.map((m) => ({ seq: m.seq, payload: cut(m.payload) })) } : {}) });
    this.schedule();
  }

  /** The run is over; `problem` is an error of the run itself (not a failing step). */
  done(sessionId: string, result: RunDone, problem?: string): void {
    const e = this.entry(sessionId);
    if (problem) this.add(sessionId, { index: e.steps.length + 1, action: 'run', ok: false, ms: 0, message: `internal error: ${problem}` });
    e.done = result;
    const kept = this.kept.get(sessionId);
    if (kept) kept.done = result;
    this.schedule();
  }

  private add(sessionId: string, step: StepReport): void {
    this.entry(sessionId).steps.push(step);
    const kept = this.kept.get(sessionId);
    if (!kept) return;
    kept.steps.push(step);
    // let go of a thousand at a time: a step costs nothing however long the run
    if (kept.steps.length >= 2 * MAX_RUN_STEPS) {
      kept.steps.splice(0, MAX_RUN_STEPS);
      kept.dropped += MAX_RUN_STEPS;
    }
  }

  private entry(sessionId: string) {
    let e = this.pending.get(sessionId);
    if (!e) this.pending.set(sessionId, (e = { steps: [] }));
    return e;
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => {
      this.timer = null;
      for (const [sessionId, e] of this.pending) this.push('scenarios.progress', { sessionId, ...e });
      this.pending.clear();
    }, FLUSH_MS);
  }
}

function cut(s: string): string {
  return s.length > PREVIEW_CHARS ? `${s.slice(0, PREVIEW_CHARS)}…` : s;
}
