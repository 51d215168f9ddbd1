import { randomUUID } from 'node:crypto';
import { isUtf8 } from 'node:buffer';
import os from 'node:os';
import path from 'node:path';
import { Connection, type ConnectOptions } from '../net/connection.js';
import { connectOptionsOf, SettingsProblem, type OpenSettings, type TlsFiles } from '../net/connect-options-of.js';
import { maskUrlCredentials } from '../protocol/credentials.js';
import type { EngineEvent } from '../protocol/events.js';
import { toLogEvent, type Enrichment } from '../log/to-log-event.js';
import { secretMask, swapEngineEvent } from '../log/secret-mask.js';
import type { TextSwap } from '../log/text-swap.js';
import { parseHex } from '../../shared/hex.js';
import { ConnectSettings } from '../../shared/connect-settings.js';
import { CallError } from '../../shared/ipc/api.js';
import type { CaptureStatus } from '../../shared/ipc/events.js';
import type { LiveSession } from '../../shared/ipc/live-session.js';
import type { RecordingSummary } from '../../shared/recordings.js';
import type { LogEvent } from '../../shared/log-events.js';
import type { HandlersFor } from '../ipc/dispatch.js';
import { EventLog } from '../capture/event-log.js';
import { isNotable, SummaryBuilder, type SummaryFacts } from '../capture/log-summary.js';
import { preview } from '../capture/log-preview.js';
import { UploadStore } from './upload-store.js';
import { systemClock, type Clock, type Timer } from './clock.js';
import { ReconnectPolicy } from './reconnect-policy.js';
import { SummaryBatcher } from './summary-batcher.js';
import type { Push, Recording, RecorderFactory, RecordingSource, RunObserver, VariableResolver } from './service-types.js';
import { chooseHelper, type HelperChoice, type HelperId } from '../../shared/subprotocols/helpers.js';
import { toHex } from '../../shared/hex.js';
import type { ProtoTypes } from '../codecs/proto-types.js';
import { encodeJson } from '../codecs/encode-json.js';
import { logHandlers } from './log-handlers.js';
import { isEngineIoPing } from '../codecs/engine-io-ping.js';
import { readAllEvents } from '../capture/read-all-events.js';

/** Reading paused for the disk this long shows as capture `paused`; shorter pauses are a flood's normal breathing. */
export const PAUSE_SHOWN_MS = 500;

interface Session {
  /** how the window opened it, given back by session.list */
  opened: Opened;
  connection: Connection;
  options: ConnectOptions;
  autoReconnect: boolean;
  log: EventLog;
  summary: SummaryBuilder;
  capture: CaptureStatus;
  pauseTimer?: Timer;
  /** reconnects made since the last connection that opened */
  attempts: number;
  /** the person closed it: no automatic reconnect */
  userClosed: boolean;
  reconnectTimer?: Timer;
  recording: Recording | null;
  /** the workspace's secret values when the session opened, swapped for their {{name}} markers before anything is logged */
  mask: TextSwap | null;
  /** a replay's driver: sees every event, with the connection it came from */
  observer?: (e: LogEvent, connection: Connection) => void;
  /** called once the connection reaches its final closed state (a going-away dispose waits for it) */
  whenClosed?: () => void;
  /** the subprotocol helper as set, and as it resolved when the connection opened */
  helperChoice: HelperChoice | undefined;
  helper: HelperId | null;
  /** Socket.IO: answer Engine.IO pings */
  engineIoAutoPong: boolean;
  /** a scenario run's driver: sees the engine events of the connection it ran, with their seqs */
  run?: RunObserver;
}

/** What a window said when it opened a session: the tab it showed it in, and the settings as written. */
interface Opened {
  tabId: string | null;
  kind: 'connection' | 'replay' | 'scenario';
  settings: OpenSettings;
  profileId: string | null;
  /** a scenario run's scenario */
  scenario?: string;
}

/** A recording opened read-only, and the tab that shows it. */
interface ReadOnlyView {
  log: EventLog;
  tabId: string | null;
  recording: RecordingSummary | null;
}

/**
 * The connections of one window, and their logs. Each log is written to its
 * file as events arrive (the workspace's recording, or a temporary file),
 * and the window gets a summary at most every FLUSH_MS; it pulls the rows
 * it shows. Imports no Electron: the Electron IPC and browser mode both
 * serve these same handlers.
 */
export class SessionService {
  private readonly sessions = new Map<string, Session>();
  private readonly readOnly = new Map<string, ReadOnlyView>();
  private readonly uploads = new UploadStore();

  constructor(
    private readonly push: Push,
    /** without one (tests of the engine side), settings are used as written and saved messages cannot be sent */
    private readonly resolver?: VariableResolver,
    /** without one, logs go to temporary files, removed with their session */
    private readonly recorder?: RecorderFactory,
    /** false while the window cannot take a push (a browser tab that stopped reading): summaries wait and coalesce */
    canPush: () => boolean = () => true,
    /** the workspace's .proto files; without them, protobuf cannot be read or written */
    private readonly protos?: ProtoTypes,
    /** the time and timers: summaries, reconnects and the capture's pause shown */
    private readonly clock: Clock = systemClock,
  ) {
    this.reconnects = new ReconnectPolicy(clock);
    this.summaries = new SummaryBatcher(clock, canPush, () => this.pushSummaries());
  }

  private readonly reconnects: ReconnectPolicy;
  private readonly summaries: SummaryBatcher;

  readonly handlers: HandlersFor<'session' | 'log' | 'upload'> = {
    ...this.uploads.handlers,
    'session.open': async ({ settings, profileId, tabId }) => {
      const resolved = this.resolver ? await this.resolver.resolveSettings(settings, profileId) : { settings, missing: [] };
      const mask = await this.secretMask();
      let tls: TlsFiles = {};
      if (settings.caPath || settings.certPath || settings.keyPath) {
        if (!this.resolver) throw new CallError('FORBIDDEN', 'no workspace is open here: TLS files cannot be read');
        tls = await this.resolver.tlsFiles(settings, profileId);
      }
      const options = refusedAsCall(() => connectOptionsOf(resolved.settings, tls, { missing: resolved.missing }), mask);
      return { sessionId: (await this.openSession(options, { autoReconnect: settings.autoReconnect, mask, source: 'connection', helper: settings.helper, engineIoAutoPong: settings.engineIoAutoPong, opened: { tabId: tabId ?? null, kind: 'connection', settings, profileId: profileId ?? null } })).sessionId };
    },
    'upload.asFile': ({ uploadId, name }) => {
      if (!this.resolver) throw new CallError('NOT_FOUND', 'no workspace is open here: files cannot be kept');
      return { path: this.resolver.keepFile(name, this.uploads.take(uploadId)) };
    },
    'session.list': () => ({ sessions: this.list() }),
    'session.reconnect': ({ sessionId }) => {
      const s = this.get(sessionId);
      if (s.connection.state !== 'closed') throw new CallError('COMMAND', `cannot reconnect: the connection is ${s.connection.state}`);
      this.clock.clearTimeout(s.reconnectTimer);
      s.userClosed = false;
      this.reconnect(s, 'manual');
      return {};
    },
    'session.send': (m) => {
      const c = this.get(m.sessionId).connection;
      if ('uploadId' in m) {
        const bytes = this.uploads.take(m.uploadId);
        if (m.kind === 'text' && !isUtf8(bytes)) throw new CallError('INVALID_INPUT', 'session.send: the uploaded text is not valid UTF-8 (send it as binary)');
        if (m.kind === 'text') c.sendText(bytes.toString('utf8'), m.fragments);
        else c.sendBinary(bytes, m.fragments);
      } else if (m.kind === 'text') {
        c.sendText(m.text, m.fragments);
      } else {
        c.sendBinary(parseHex(m.dataHex), m.fragments);
      }
      return {};
    },
    'session.sendSaved': async ({ sessionId, profileId, message }) => {
      const c = this.get(sessionId).connection;
      if (!this.resolver) throw new CallError('NOT_FOUND', 'no workspace is open here: saved messages cannot be sent');
      const m = await this.resolver.savedMessage(profileId, message);
      if (m.kind === 'text') c.sendText(m.text, 1);
      else if (m.kind === 'binary') c.sendBinary(parseHex(m.hex), 1);
      else c.sendBinary(await encodeJson(m.codec, m.json, m.messageType, this.protos), 1);
      return {};
    },
    'session.sendEncoded': async ({ sessionId, codec, json, messageType, fragments }) => {
      const c = this.get(sessionId).connection;
      const bytes = await encodeJson(codec, json, messageType, this.protos);
      c.sendBinary(bytes, fragments);
      return { hex: toHex(bytes) };
    },
    'session.setEngineIoAutoPong': ({ sessionId, enabled }) => {
      this.get(sessionId).engineIoAutoPong = enabled;
      return {};
    },
    'session.ping': ({ sessionId, payloadHex }) => {
      this.get(sessionId).connection.ping(parseHex(payloadHex));
      return {};
    },
    'session.pong': ({ sessionId, payloadHex }) => {
      this.get(sessionId).connection.pong(parseHex(payloadHex));
      return {};
    },
    'session.close': ({ sessionId, code, reason }) => {
      const s = this.get(sessionId);
      s.connection.close(code, reason);
      s.userClosed = true;
      return {};
    },
    'session.sendFrame': ({ sessionId, spec }) => {
      this.get(sessionId).connection.sendFrame({
        opcode: spec.opcode,
        fin: spec.fin,
        rsv1: spec.rsv1,
        rsv2: spec.rsv2,
        rsv3: spec.rsv3,
        mask: spec.mask,
        maskKey: spec.maskKey ? parseHex(spec.maskKey) : undefined,
        payload: parseHex(spec.payloadHex),
      });
      return {};
    },
    'session.setAutoPong': ({ sessionId, enabled }) => {
      this.get(sessionId).connection.setAutoPong(enabled);
      return {};
    },
    'session.setAnswerClose': ({ sessionId, enabled }) => {
      this.get(sessionId).connection.setAnswerClose(enabled);
      return {};
    },
    'session.setHeartbeat': ({ sessionId, intervalMs, pongTimeoutMs }) => {
      this.get(sessionId).connection.setHeartbeat(intervalMs, pongTimeoutMs);
      return {};
    },
    'session.dispose': async ({ sessionId, goingAway }) => {
      const view = this.readOnly.get(sessionId);
      if (view) {
        this.readOnly.delete(sessionId);
        await view.log.close();
        return {};
      }
      const s = this.get(sessionId);
      if (goingAway) await this.goAway(s);
      await this.dispose(s, sessionId);
      return {};
    },
    // read when called: the handlers are made before the constructor's parameters are in place
    ...logHandlers((sessionId) => this.log(sessionId), () => this.protos),
  };

  /**
   * A connection with recorded settings (no {{variables}} to resolve) that
   * `observer` drives: a replay. Returns its session and recording.
   */
  async openDriven(settings: OpenSettings, observer: (e: LogEvent, connection: Connection) => void, tabId?: string): Promise<{ sessionId: string; recordingId: string | null }> {
    const opened: Opened = { tabId: tabId ?? null, kind: 'replay', settings, profileId: null };
    return this.openSession(refusedAsCall(() => connectOptionsOf(settings), null), { autoReconnect: settings.autoReconnect, mask: await this.secretMask(), source: 'replay', observer, helper: settings.helper, engineIoAutoPong: settings.engineIoAutoPong, opened });
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
    const { sessionId } = await this.openSession(options, { autoReconnect: false, mask, source: 'scenario', name, run, opened });
    return { sessionId, connection: this.get(sessionId).connection };
  }

  /** Serves a read-only log (an opened recording) to the log.* calls under a new session id. */
  openReadOnly(log: EventLog, shown: { tabId?: string; recording?: RecordingSummary } = {}): string {
    const sessionId = randomUUID();
    this.readOnly.set(sessionId, { log, tabId: shown.tabId ?? null, recording: shown.recording ?? null });
    return sessionId;
  }

  /** Every session held, oldest first, with what a window coming back needs to show each in its tab. */
  private list(): LiveSession[] {
    const live = [...this.sessions].map(([sessionId, s]): LiveSession => ({
      sessionId,
      tabId: s.opened.tabId,
      kind: s.opened.kind,
      settings: s.opened.settings,
      profileId: s.opened.profileId,
      recording: null,
      summary: s.summary.snapshot(this.facts(sessionId, s)),
      scenario: s.opened.scenario ?? null,
    }));
    const views = [...this.readOnly].map(([sessionId, v]): LiveSession => ({
      sessionId,
      tabId: v.tabId,
      kind: 'recording',
      settings: null,
      profileId: null,
      recording: v.recording,
      summary: null,
      scenario: null,
    }));
    return [...live, ...views];
  }

  /** Every event of a session's log (a live one, or an opened recording), whole. */
  async allEvents(sessionId: string): Promise<LogEvent[]> {
    const log = this.log(sessionId);
    await log.flushed();
    return readAllEvents(log.file);
  }

  /** The recording a live session writes, if any. */
  recordingOf(sessionId: string): string | null {
    return this.get(sessionId).recording?.id ?? null;
  }

  /**
   * Closes every connection and log at once (the app quitting, the server
   * stopping); resolves once the logs are on disk. With goingAway, open
   * connections first close with 1001, as closing their tab would.
   */
  async disposeAll(o: { goingAway?: boolean } = {}): Promise<void> {
    const views = [...this.readOnly.values()].map((v) => v.log);
    this.readOnly.clear();
    const live = [...this.sessions];
    if (o.goingAway) await Promise.all(live.map(([, s]) => this.goAway(s).catch(() => undefined)));
    this.sessions.clear();
    this.uploads.clear();
    this.summaries.cancel();
    await Promise.all([...views.map((v) => v.close().catch(() => undefined)), ...live.map(([id, s]) => this.dispose(s, id).catch(() => undefined))]);
  }

  /** Open or closing: the closing handshake runs its course, from a 1001 of ours if none was sent (a connection still connecting is simply abandoned after). */
  private async goAway(s: Session): Promise<void> {
    if (s.connection.state !== 'open' && s.connection.state !== 'closing') return;
    s.userClosed = true;
    const closed = new Promise<void>((r) => (s.whenClosed = r));
    if (s.connection.state === 'open') s.connection.close(1001, '');
    // the engine's close timeout ends a closing handshake the server never finishes
    await closed;
  }

  private async dispose(s: Session, sessionId: string): Promise<void> {
    this.clock.clearTimeout(s.reconnectTimer);
    this.clock.clearTimeout(s.pauseTimer);
    s.userClosed = true;
    if (s.connection.state !== 'closed') s.connection.destroy();
    this.sessions.delete(sessionId);
    s.run?.disposed();
    // its last events (the drop) are written, then the file and the index are let go
    await s.log.close();
    s.recording?.changed(false);
  }

  /** The workspace's secret values as they are now, for a connection about to open. */
  private async secretMask(): Promise<TextSwap | null> {
    return this.resolver ? secretMask(await this.resolver.secrets()) : null;
  }

  private async openSession(
    options: ConnectOptions,
    o: {
      autoReconnect: boolean;
      mask: TextSwap | null;
      source: RecordingSource;
      name?: string;
      observer?: Session['observer'];
      run?: RunObserver;
      /** the subprotocol helper as set (by default, from the negotiated subprotocol) and whether Engine.IO pings are answered */
      helper?: HelperChoice;
      engineIoAutoPong?: boolean;
      opened: Opened;
    },
  ): Promise<{ sessionId: string; recordingId: string | null }> {
    const { observer, run, mask, opened } = o;
    const sessionId = randomUUID();
    const recording = this.recorder ? await this.recorder({ source: o.source, name: o.name }) : null;
    const session: Session = {
      opened,
      connection: null!,
      options,
      autoReconnect: o.autoReconnect,
      log: null!,
      summary: new SummaryBuilder(),
      capture: { state: 'recording', missing: 0, recordingId: recording?.id ?? null },
      attempts: 0,
      userClosed: false,
      observer,
      run,
      recording,
      helperChoice: o.helper,
      helper: null,
      engineIoAutoPong: o.engineIoAutoPong ?? true,
      mask,
    };
    session.log = EventLog.live(
      {
        file: recording?.file ?? path.join(os.tmpdir(), 'framescope-logs', `${sessionId}.ndjson`),
        temporary: !recording,
        hooks: {
          backpressure: (paused) => this.onBackpressure(session, paused),
          failed: (message) => {
            session.capture = { ...session.capture, state: 'stopped', missing: session.log.missing, message };
            // not in the file, which cannot be written: the window's error list still shows it
            session.summary.note({ type: 'error', seq: -1, t: this.clock.now(), code: 'CAPTURE_WRITE_FAILED', message, fatal: false });
            this.changed(session);
            session.recording?.changed(false);
            this.push('recordings.problem', { sessionId, message });
          },
        },
      },
      () => this.changed(session),
    );
    recording?.attach(session.log);
    this.sessions.set(sessionId, session);
    this.start(session);
    return { sessionId, recordingId: recording?.id ?? null };
  }

  private log(sessionId: string): EventLog {
    return this.readOnly.get(sessionId)?.log ?? this.get(sessionId).log;
  }

  private get(sessionId: string): Session {
    const s = this.sessions.get(sessionId);
    if (!s) throw new CallError('NOT_FOUND', `no connection ${sessionId}`);
    return s;
  }

  private start(s: Session): void {
    const connection = new Connection(s.options, (e, extra) => {
      if (s.connection === connection) this.onEvent(s, connection, e, extra);
    });
    s.connection = connection;
    connection.connect();
  }

  /** A new connection with the same settings, continuing the same log after a separator. */
  private reconnect(s: Session, why: 'manual' | 'automatic'): void {
    s.attempts++;
    // a scenario run drove the first connection only
    s.run = undefined;
    s.recording?.changed(true);
    const url = maskUrlCredentials(s.options.url);
    const e: LogEvent = { type: 'reconnect', seq: 0, t: this.clock.now(), attempt: s.attempts, reason: why, url: s.mask ? s.mask.text(url) : url };
    e.seq = s.log.appendLogEvent(e);
    s.summary.note(e);
    this.changed(s);
    this.start(s);
  }

  private onEvent(s: Session, connection: Connection, raw: EngineEvent, rawExtra: Enrichment | undefined): void {
    const { e, extra } = s.mask ? swapEngineEvent(s.mask, raw, rawExtra) : { e: raw, extra: rawExtra };
    const seq = s.log.append(e, extra);
    if (e.type === 'open') s.helper = chooseHelper(s.helperChoice, e.protocol, s.options.url);
    // one byte looked at, and only on Socket.IO connections: capture stays as fast
    if (s.helper === 'socketio' && s.engineIoAutoPong && isEngineIoPing(e)) queueMicrotask(() => connection.state === 'open' && connection.sendText('3'));
    s.run?.event(e, seq);
    if (e.type === 'frame') {
      s.summary.frame(e.dir, e.length);
      if (e.rttMs !== undefined) s.summary.rtt(seq, e.t, e.rttMs);
    } else if (e.type === 'message') {
      s.summary.message(e.dir);
    }
    // the few events the panels show (and a replay's driver, which sees all) get objects; a flood's frames do not
    if (e.type !== 'frame' && e.type !== 'message') {
      const logged = toLogEvent(e, seq, extra);
      if (isNotable(logged)) s.summary.note(preview(logged) as typeof logged);
      s.observer?.(logged, connection);
    } else if (s.observer) {
      s.observer(toLogEvent(e, seq, extra), connection);
    }
    s.capture.missing = s.log.missing;
    this.changed(s);
    if (e.type === 'open') s.attempts = 0;
    if (e.type === 'close' && s.autoReconnect && !s.userClosed) {
      // dispose and close set userClosed, so a timer that outlives its session does nothing
      s.reconnectTimer = this.reconnects.schedule(s.attempts, () => !s.userClosed && this.reconnect(s, 'automatic'));
    }
    if (e.type === 'state' && e.state === 'closed') s.whenClosed?.();
    if (e.type === 'state' && e.state === 'closed' && !(s.autoReconnect && !s.userClosed)) {
      // the connection's last event: the recording is complete until someone reconnects, so it is synced and indexed
      void s.log.end().then(() => s.recording?.changed(false));
    }
  }

  /** The disk is behind: the socket waits (nothing is dropped); a pause that lasts is shown. */
  private onBackpressure(s: Session, paused: boolean): void {
    s.connection.pauseReading(paused);
    this.clock.clearTimeout(s.pauseTimer);
    if (paused) {
      s.pauseTimer = this.clock.setTimeout(() => {
        if (s.capture.state !== 'recording') return;
        s.capture = { ...s.capture, state: 'paused', message: 'the disk is behind: reading from the server waits for the log to be written' };
        this.changed(s);
      }, PAUSE_SHOWN_MS);
    } else if (s.capture.state === 'paused') {
      s.capture = { state: 'recording', missing: s.capture.missing, recordingId: s.capture.recordingId };
      this.changed(s);
    }
  }

  private changed(s: Session): void {
    s.summary.changed = true;
    this.summaries.due();
  }

  private pushSummaries(): void {
    for (const [sessionId, s] of this.sessions) if (s.summary.changed) this.push('log.summary', s.summary.take(this.facts(sessionId, s)));
  }

  private facts(sessionId: string, s: Session): SummaryFacts {
    const scan = s.log.scanProgress();
    return { sessionId, total: s.log.size, rows: s.log.rows, messageRows: s.log.index.messageViewRows, logBytes: s.log.bytes, capture: { ...s.capture }, ...(scan ? { scan } : {}) };
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
