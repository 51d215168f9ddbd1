import { randomUUID } from 'node:crypto';
import type { Connection, ConnectOptions } from '../net/connection.js';
import { connectOptionsOf, SettingsProblem, type OpenSettings, type TlsFiles } from '../net/connect-options-of.js';
import { maskUrlCredentials } from '../protocol/credentials.js';
import { secretMask } from '../log/secret-mask.js';
import type { TextSwap } from '../log/text-swap.js';
import { ConnectSettings } from '../../shared/connect-settings.js';
import { CallError } from '../../shared/ipc/api.js';
import type { CallArgs } from '../../shared/ipc/schemas.js';
import type { RecordingSummary } from '../../shared/recordings.js';
import type { LogEvent } from '../../shared/log-events.js';
import type { HandlersFor } from '../ipc/dispatch.js';
import type { EventLog } from '../capture/event-log.js';
import { readAllEvents } from '../capture/read-all-events.js';
import type { ProtoTypes } from '../codecs/proto-types.js';
import { UploadStore } from './upload-store.js';
import { systemClock, type Clock } from './clock.js';
import { ReconnectPolicy } from './reconnect-policy.js';
import { SummaryBatcher } from './summary-batcher.js';
import { Session, type Opened, type SessionHost, type SessionSetup } from './session.js';
import { SessionRegistry } from './session-registry.js';
import { sessionHandlers } from './session-handlers.js';
import { logHandlers } from './log-handlers.js';
import type { Push, RecorderFactory, RecordingSource, RunObserver, VariableResolver } from './service-types.js';

/** What the session service is given; only `push` is needed (tests of the engine side give nothing else). */
export interface SessionServiceOptions {
  push: Push;
  /** the workspace; without one, settings are used as written and saved messages cannot be sent */
  resolver?: VariableResolver;
  /** without one, logs go to temporary files, removed with their session */
  recorder?: RecorderFactory;
  /** false while the window cannot take a push (a browser tab that stopped reading): summaries wait and coalesce */
  canPush?: () => boolean;
  /** the workspace's .proto files; without them, protobuf cannot be read or written */
  protos?: ProtoTypes;
  /** the time and timers: summaries, reconnects and the capture's pause shown */
  clock?: Clock;
}

/**
 * The connections of one window, and their logs. Each log is written to its
 * file as events arrive (the workspace's recording, or a temporary file),
 * and the window gets a summary at most every FLUSH_MS; it pulls the rows
 * it shows. Imports no Electron: the Electron IPC and browser mode both
 * serve these same handlers.
 */
export class SessionService {
  private readonly registry = new SessionRegistry();
  private readonly uploads = new UploadStore();
  private readonly summaries: SummaryBatcher;
  private readonly host: SessionHost;
  readonly handlers: HandlersFor<'session' | 'log' | 'upload'>;

  constructor(private readonly o: SessionServiceOptions) {
    const clock = o.clock ?? systemClock;
    this.summaries = new SummaryBatcher(clock, o.canPush ?? (() => true), () => this.pushSummaries());
    this.host = {
      clock,
      reconnects: new ReconnectPolicy(clock),
      changed: () => this.summaries.due(),
      captureFailed: (sessionId, message) => o.push('recordings.problem', { sessionId, message }),
    };
    const protos = () => o.protos;
    this.handlers = {
      ...this.uploads.handlers,
      ...sessionHandlers({
        registry: this.registry,
        uploads: this.uploads,
        resolver: o.resolver,
        protos,
        open: (input) => this.openConnection(input),
        dispose: (sessionId, goingAway) => this.dispose(sessionId, goingAway),
      }),
      ...logHandlers((sessionId) => this.registry.log(sessionId), protos),
    };
  }

  /**
   * A connection with recorded settings (no {{variables}} to resolve) that
   * `observer` drives: a replay. Returns its session and recording.
   */
  async openDriven(settings: OpenSettings, observer: (e: LogEvent, connection: Connection) => void, tabId?: string): Promise<{ sessionId: string; recordingId: string | null }> {
    const opened: Opened = { tabId: tabId ?? null, kind: 'replay', settings, profileId: null };
    const s = await this.openSession(refusedAsCall(() => connectOptionsOf(settings), null), 'replay', { autoReconnect: settings.autoReconnect, mask: await this.secretMask(), observer, helper: settings.helper, engineIoAutoPong: settings.engineIoAutoPong, opened });
    return { sessionId: s.id, recordingId: s.recording?.id ?? null };
  }

  /**
   * A connection that a scenario run drives (its options resolved by the
   * run), shown as an ordinary tab with its log and recording; it never
   * reconnects by itself. Returns its session and connection, already
   * connecting. `scenario` names the run's tab again after a reload.
   */
  async openForRun(options: ConnectOptions, name: string, run: RunObserver, scenario = name): Promise<{ sessionId: string; connection: Connection }> {
    const mask = await this.secretMask();
    // its URL resolved, so with any secret in it masked, as the log shows it
    const url = maskUrlCredentials(mask ? mask.text(options.url) : options.url);
    const opened: Opened = { tabId: null, kind: 'scenario', settings: ConnectSettings.parse({ url }), profileId: null, scenario };
    const s = await this.openSession(options, 'scenario', { autoReconnect: false, mask, run, opened }, name);
    return { sessionId: s.id, connection: s.connection };
  }

  /** Serves a read-only log (an opened recording) to the log.* calls under a new session id. */
  openReadOnly(log: EventLog, shown: { tabId?: string; recording?: RecordingSummary } = {}): string {
    return this.registry.addView(log, shown);
  }

  /** Every event of a session's log (a live one, or an opened recording), whole. */
  async allEvents(sessionId: string): Promise<LogEvent[]> {
    const log = this.registry.log(sessionId);
    await log.flushed();
    return readAllEvents(log.file);
  }

  /** The recording a live session writes, if any. */
  recordingOf(sessionId: string): string | null {
    return this.registry.get(sessionId).recording?.id ?? null;
  }

  /**
   * Closes every connection and log at once (the app quitting, the server
   * stopping); resolves once the logs are on disk. With goingAway, open
   * connections first close with 1001, as closing their tab would.
   */
  async disposeAll(o: { goingAway?: boolean } = {}): Promise<void> {
    if (o.goingAway) await Promise.all([...this.registry.sessions()].map((s) => s.goAway().catch(() => undefined)));
    const { sessions, views } = this.registry.takeAll();
    this.uploads.clear();
    this.summaries.cancel();
    await Promise.all([...views.map((v) => v.close().catch(() => undefined)), ...sessions.map((s) => s.dispose().catch(() => undefined))]);
  }

  /** session.open: the window's settings, their {{variables}} resolved and TLS files read, as a new connection. */
  private async openConnection({ settings, profileId, tabId }: CallArgs<'session.open'>): Promise<string> {
    const { resolver } = this.o;
    const resolved = resolver ? await resolver.resolveSettings(settings, profileId) : { settings, missing: [] };
    const mask = await this.secretMask();
    let tls: TlsFiles = {};
    if (settings.caPath || settings.certPath || settings.keyPath) {
      if (!resolver) throw new CallError('FORBIDDEN', 'no workspace is open here: TLS files cannot be read');
      tls = await resolver.tlsFiles(settings, profileId);
    }
    const options = refusedAsCall(() => connectOptionsOf(resolved.settings, tls, { missing: resolved.missing }), mask);
    const opened: Opened = { tabId: tabId ?? null, kind: 'connection', settings, profileId: profileId ?? null };
    return (await this.openSession(options, 'connection', { autoReconnect: settings.autoReconnect, mask, helper: settings.helper, engineIoAutoPong: settings.engineIoAutoPong, opened })).id;
  }

  private async openSession(options: ConnectOptions, source: RecordingSource, setup: Omit<SessionSetup, 'id' | 'options' | 'recording'>, name?: string): Promise<Session> {
    const recording = this.o.recorder ? await this.o.recorder({ source, name }) : null;
    const session = new Session({ ...setup, id: randomUUID(), options, recording }, this.host);
    this.registry.add(session);
    session.start();
    return session;
  }

  private async dispose(sessionId: string, goingAway: boolean): Promise<void> {
    const view = this.registry.takeView(sessionId);
    if (view) return view.close();
    const s = this.registry.get(sessionId);
    if (goingAway) await s.goAway();
    this.registry.remove(sessionId);
    await s.dispose();
  }

  /** The workspace's secret values as they are now, for a connection about to open. */
  private async secretMask(): Promise<TextSwap | null> {
    return this.o.resolver ? secretMask(await this.o.resolver.secrets()) : null;
  }

  private pushSummaries(): void {
    for (const s of this.registry.sessions()) {
      const summary = s.takeSummary();
      if (summary) this.o.push('log.summary', summary);
    }
  }
}

/** Settings that cannot open a connection are the call's input refused; the message quotes the resolved URL or header, so secrets show as their markers. */
function refusedAsCall(f: () => ConnectOptions, mask: TextSwap | null): ConnectOptions {
  try {
    return f();
  } catch (e) {
    if (e instanceof SettingsProblem) throw new CallError('INVALID_INPUT', mask ? mask.text(e.message) : e.message);
    throw e;
  }
}
