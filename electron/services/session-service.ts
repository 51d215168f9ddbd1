import { readFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { isUtf8 } from 'node:buffer';
import { Connection, type ConnectOptions } from '../net/connection.js';
import { parseWsUrl } from '../net/ws-url.js';
import { headerProblem, originProblem, subprotocolProblem } from '../protocol/handshake.js';
import { maskUrlCredentials } from '../protocol/credentials.js';
import { parseHex } from '../../shared/hex.js';
import { CallError } from '../../shared/ipc/api.js';
import type { CallArgs } from '../../shared/ipc/schemas.js';
import type { CaptureStatus, PushEvents } from '../../shared/ipc/events.js';
import type { LogEvent } from '../../shared/log-events.js';
import type { HandlersFor } from '../ipc/dispatch.js';
import { LogStore } from '../store/log-store.js';
import type { LogSource } from '../store/log-source.js';
import { UploadStore } from './upload-store.js';
import { isNotable, SummaryBuilder } from '../capture/log-summary.js';
import { FilterError } from '../../shared/log-filter.js';

/** How often a changed log's summary is pushed: one push per interval at most, whatever the frame rate. */
export const FLUSH_MS = 32;

/** Reconnect backoff: 1 s, doubling, at most 30 s. */
export const RECONNECT_BASE_MS = 1000;
export const RECONNECT_MAX_MS = 30_000;

interface Session {
  connection: Connection;
  options: ConnectOptions;
  autoReconnect: boolean;
  log: LogStore;
  summary: SummaryBuilder;
  capture: CaptureStatus;
  /** log seq of the current connection's event 0: a reconnect continues the same log */
  offset: number;
  /** reconnects made since the last connection that opened */
  attempts: number;
  /** the person closed it: no automatic reconnect */
  userClosed: boolean;
  reconnectTimer?: NodeJS.Timeout;
  recorder?: SessionRecorder;
  /** a replay's driver: sees every event, with the connection it came from */
  observer?: (e: LogEvent, connection: Connection) => void;
}

/** A recording being written as the session's log grows; a reconnect continues the same one. */
export interface SessionRecorder {
  readonly id: string;
  write(e: LogEvent): void;
  /** the connection ended for good (or the session went): sync and close; a later write continues it */
  end(): void;
}

export type RecordingSource = 'connection' | 'replay';
/** Starts a recording for a new session (injected, so this file knows nothing of files); problems are reported through `onProblem`. */
export type RecorderFactory = (o: { source: RecordingSource; onProblem: (message: string) => void }) => SessionRecorder;

/** A recording opened read-only: served by the log.* calls like a live log. */
export type ReadOnlyLog = LogSource & { close(): Promise<void> };

export type Push = <E extends keyof PushEvents>(name: E, payload: PushEvents[E]) => void;

type OpenSettings = CallArgs<'session.open'>['settings'];

/**
 * What session.open and session.sendSaved need from the workspace (the
 * WorkspaceService), injected so this file knows nothing of files.
 */
export interface VariableResolver {
  /** the settings with their {{variables}} resolved, and the names that had no value (left as written) */
  resolveSettings(settings: OpenSettings, profileId: string | undefined): Promise<{ settings: OpenSettings; missing: string[] }>;
  /** a profile's saved message, its text's {{variables}} resolved */
  savedMessage(profileId: string, name: string): Promise<{ kind: 'text'; text: string } | { kind: 'binary'; hex: string }>;
}

/**
 * The connections of one window, and their logs. Imports no Electron: the
 * Electron IPC and browser mode both serve these same handlers.
 */
export class SessionService {
  private readonly sessions = new Map<string, Session>();
  private readonly readOnly = new Map<string, ReadOnlyLog>();
  private flushTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly push: Push,
    /** without one (tests of the engine side), settings are used as written and saved messages cannot be sent */
    private readonly resolver?: VariableResolver,
    /** without one, nothing is recorded */
    private readonly recorder?: RecorderFactory,
    /** false while the window cannot take a push (a browser tab that stopped reading): summaries wait and coalesce */
    private readonly canPush: () => boolean = () => true,
  ) {}

  private readonly uploads = new UploadStore();

  readonly handlers: HandlersFor<'session' | 'log' | 'upload'> = {
    ...this.uploads.handlers,
    'session.open': async ({ settings, profileId }) => {
      const resolved = this.resolver ? await this.resolver.resolveSettings(settings, profileId) : { settings, missing: [] };
      return { sessionId: (await this.openSession(resolved.settings, resolved.missing, 'connection')).sessionId };
    },
    'session.reconnect': ({ sessionId }) => {
      const s = this.get(sessionId);
      if (s.connection.state !== 'closed') throw new CallError('COMMAND', `cannot reconnect: the connection is ${s.connection.state}`);
      clearTimeout(s.reconnectTimer);
      s.userClosed = false;
      this.reconnect(s, 'manual');
      return {};
    },
    'session.send': ({ sessionId, kind, text, dataHex, uploadId, fragments }) => {
      const c = this.get(sessionId).connection;
      if (uploadId !== undefined) {
        const bytes = this.uploads.take(uploadId);
        if (kind === 'text' && !isUtf8(bytes)) throw new CallError('INVALID_INPUT', 'session.send: the uploaded text is not valid UTF-8 (send it as binary)');
        if (kind === 'text') c.sendText(bytes.toString('utf8'), fragments);
        else c.sendBinary(bytes, fragments);
      } else if (kind === 'text') {
        if (text === undefined) throw new CallError('INVALID_INPUT', 'session.send: a text message needs text');
        c.sendText(text, fragments);
      } else {
        if (dataHex === undefined) throw new CallError('INVALID_INPUT', 'session.send: a binary message needs dataHex');
        c.sendBinary(parseHex(dataHex), fragments);
      }
      return {};
    },
    'session.sendSaved': async ({ sessionId, profileId, message }) => {
      const c = this.get(sessionId).connection;
      if (!this.resolver) throw new CallError('NOT_FOUND', 'no workspace is open here: saved messages cannot be sent');
      const m = await this.resolver.savedMessage(profileId, message);
      if (m.kind === 'text') c.sendText(m.text, 1);
      else c.sendBinary(parseHex(m.hex), 1);
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
    'session.dispose': async ({ sessionId }) => {
      const view = this.readOnly.get(sessionId);
      if (view) {
        this.readOnly.delete(sessionId);
        await view.close();
        return {};
      }
      const s = this.get(sessionId);
      clearTimeout(s.reconnectTimer);
      s.userClosed = true;
      if (s.connection.state !== 'closed') s.connection.destroy();
      // also ends a recording whose connection was waiting to reconnect
      s.recorder?.end();
      this.sessions.delete(sessionId);
      return {};
    },
    'log.range': async ({ sessionId, from, count }) => {
      const log = this.log(sessionId);
      return { events: await log.range(from, count), total: log.size };
    },
    'log.frames': async ({ sessionId, filter, from, count }) => {
      try {
        return await this.log(sessionId).frameRows(filter, from, count);
      } catch (e) {
        if (e instanceof FilterError) throw new CallError('INVALID_INPUT', `log.frames: filter: ${e.message}`);
        throw e;
      }
    },
    'log.cancelScan': ({ sessionId }) => {
      this.log(sessionId);
      return {};
    },
    'log.event': async ({ sessionId, seq }) => {
      const e = await this.log(sessionId).get(seq);
      if (!e) throw new CallError('NOT_FOUND', `no event ${seq} in this log`);
      return { event: e };
    },
  };

  /**
   * A connection with recorded settings (no {{variables}} to resolve) that
   * `observer` drives: a replay. Returns its session and recording.
   */
  async openDriven(settings: OpenSettings, observer: (e: LogEvent, connection: Connection) => void): Promise<{ sessionId: string; recordingId: string | null }> {
    return this.openSession(settings, [], 'replay', observer);
  }

  /** Serves a read-only log (an opened recording) to the log.* calls under a new session id. */
  openReadOnly(log: ReadOnlyLog): string {
    const sessionId = randomUUID();
    this.readOnly.set(sessionId, log);
    return sessionId;
  }

  /** The recording a live session writes, if any. */
  recordingOf(sessionId: string): string | null {
    return this.get(sessionId).recorder?.id ?? null;
  }

  /** Closes every connection at once (window closed, server stopping). */
  disposeAll(): void {
    for (const view of this.readOnly.values()) void view.close().catch(() => {});
    this.readOnly.clear();
    for (const s of this.sessions.values()) {
      clearTimeout(s.reconnectTimer);
      s.userClosed = true;
      if (s.connection.state !== 'closed') s.connection.destroy();
      s.recorder?.end();
    }
    this.sessions.clear();
    this.uploads.clear();
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
  }

  private async openSession(
    settings: OpenSettings,
    missing: string[],
    source: RecordingSource,
    observer?: Session['observer'],
  ): Promise<{ sessionId: string; recordingId: string | null }> {
    const options = await toConnectOptions(settings, missing);
    const sessionId = randomUUID();
    const session: Session = {
      connection: null!,
      options,
      autoReconnect: settings.autoReconnect,
      log: new LogStore(),
      summary: new SummaryBuilder(),
      capture: { state: 'recording', missing: 0, recordingId: null },
      offset: 0,
      attempts: 0,
      userClosed: false,
      observer,
      recorder: this.recorder?.({
        source,
        onProblem: (message) => {
          session.capture = { ...session.capture, state: 'stopped', message };
          this.push('recordings.problem', { sessionId, message });
        },
      }),
    };
    session.capture.recordingId = session.recorder?.id ?? null;
    this.sessions.set(sessionId, session);
    this.start(session);
    return { sessionId, recordingId: session.recorder?.id ?? null };
  }

  private log(sessionId: string): LogSource {
    return this.readOnly.get(sessionId) ?? this.get(sessionId).log;
  }

  private get(sessionId: string): Session {
    const s = this.sessions.get(sessionId);
    if (!s) throw new CallError('NOT_FOUND', `no connection ${sessionId}`);
    return s;
  }

  private start(s: Session): void {
    const connection = new Connection(s.options, (e) => {
      if (s.connection !== connection) return;
      const logged = s.offset ? { ...e, seq: e.seq + s.offset } : e;
      this.onEvent(s, logged);
      s.observer?.(logged, connection);
    });
    s.connection = connection;
    connection.connect();
  }

  /** A new connection with the same settings, continuing the same log after a separator. */
  private reconnect(s: Session, why: 'manual' | 'automatic'): void {
    s.attempts++;
    this.onEvent(s, { type: 'reconnect', seq: s.log.size, t: Date.now(), attempt: s.attempts, reason: why, url: maskUrlCredentials(s.options.url) });
    s.offset = s.log.size;
    this.start(s);
  }

  private onEvent(s: Session, e: LogEvent): void {
    s.log.append(e);
    s.recorder?.write(e);
    if (e.type === 'frame') {
      s.summary.frame(e.dir, e.length);
      if (e.rttMs !== undefined) s.summary.rtt(e.seq, e.t, e.rttMs);
    } else if (e.type === 'message') s.summary.message(e.dir);
    else if (isNotable(e)) s.summary.note(e);
    this.flushTimer ??= setTimeout(() => this.flush(), FLUSH_MS);
    if (e.type === 'open') s.attempts = 0;
    if (e.type === 'close' && s.autoReconnect && !s.userClosed) {
      const delay = Math.min(RECONNECT_MAX_MS, RECONNECT_BASE_MS * 2 ** s.attempts);
      // dispose and close set userClosed, so a timer that outlives its session does nothing
      s.reconnectTimer = setTimeout(() => !s.userClosed && this.reconnect(s, 'automatic'), delay);
    }
    if (e.type === 'state' && e.state === 'closed' && !(s.autoReconnect && !s.userClosed)) {
      // the connection's last event: the recording is complete until someone reconnects, so it is synced and retention may count it
      s.recorder?.end();
    }
  }

  private flush(): void {
    this.flushTimer = null;
    const waiting = [...this.sessions].filter(([, s]) => s.summary.changed);
    if (!waiting.length) return;
    // a window that is not reading gets nothing more to buffer; the summaries coalesce until it reads again
    if (!this.canPush()) {
      this.flushTimer = setTimeout(() => this.flush(), FLUSH_MS);
      return;
    }
    for (const [sessionId, s] of waiting) {
      this.push('log.summary', s.summary.take({ sessionId, total: s.log.size, rows: s.log.rows, logBytes: 0, capture: s.capture }));
    }
  }
}

async function toConnectOptions(s: OpenSettings, missing: string[]): Promise<ConnectOptions> {
  // a URL still holding an unknown {{variable}} would only fail later, at DNS or on the server
  const unknownInUrl = missing.filter((m) => s.url.includes(`{{${m}}}`) || s.url.includes(`{{ ${m} }}`));
  if (unknownInUrl.length) {
    throw new CallError('INVALID_INPUT', `the URL uses ${unknownInUrl.map((m) => `{{${m}}}`).join(', ')}, which has no value in the active environment or the profile`);
  }
  let url: URL;
  try {
    url = parseWsUrl(s.url.trim());
  } catch (e) {
    throw new CallError('INVALID_INPUT', (e as Error).message);
  }
  // after variables are resolved: a profile, an environment or an imported HAR may supply any of these
  const problem =
    s.headers.map(([name, value]) => headerProblem(name, value)).find(Boolean) ??
    s.subprotocols.map(subprotocolProblem).find(Boolean) ??
    (s.origin !== undefined ? originProblem(s.origin) : null);
  if (problem) throw new CallError('INVALID_INPUT', problem);
  return {
    url: url.href,
    headers: s.headers,
    subprotocols: s.subprotocols,
    origin: s.origin,
    deflate: s.deflate,
    lenient: s.lenient,
    maxPayload: s.maxPayload,
    autoPong: s.autoPong,
    answerClose: s.answerClose,
    insecure: s.insecure,
    ca: await readPem(s.caPath, 'CA certificate'),
    cert: await readPem(s.certPath, 'client certificate'),
    key: await readPem(s.keyPath, 'client key'),
    proxy: s.proxy,
    followRedirects: s.followRedirects,
    connectTimeout: s.connectTimeout,
    closeTimeout: s.closeTimeout,
    pingInterval: s.pingInterval,
    pongTimeout: s.pongTimeout,
  };
}

async function readPem(path: string | undefined, what: string): Promise<Buffer | undefined> {
  if (!path) return undefined;
  try {
    return await readFile(path);
  } catch (e) {
    throw new CallError('INVALID_INPUT', `cannot read the ${what} ${path} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}
