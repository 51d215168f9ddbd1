import os from 'node:os';
import path from 'node:path';
import { Connection, type ConnectOptions } from '../net/connection.js';
import type { OpenSettings } from '../net/connect-options-of.js';
import { maskUrlCredentials } from '../protocol/credentials.js';
import type { EngineEvent } from '../protocol/events.js';
import { toLogEvent, type Enrichment } from '../log/to-log-event.js';
import { swapEngineEvent } from '../log/secret-mask.js';
import type { TextSwap } from '../log/text-swap.js';
import { CallError } from '../../shared/ipc/api.js';
import type { CaptureStatus, LogSummary } from '../../shared/ipc/events.js';
import type { LiveSession } from '../../shared/ipc/live-session.js';
import type { LogEvent } from '../../shared/log-events.js';
import { EventLog } from '../capture/event-log.js';
import { isNotable, SummaryBuilder, type SummaryFacts } from '../capture/log-summary.js';
import { preview } from '../capture/log-preview.js';
import type { Clock, Timer } from './clock.js';
import type { ReconnectPolicy } from './reconnect-policy.js';
import type { Recording, RunObserver } from './service-types.js';
import { chooseHelper, type HelperChoice, type HelperId } from '../../shared/subprotocols/helpers.js';
import { isEngineIoPing } from '../codecs/engine-io-ping.js';

/** Reading paused for the disk this long shows as capture `paused`; shorter pauses are a flood's normal breathing. */
export const PAUSE_SHOWN_MS = 500;

/** What a window said when it opened a session: the tab it showed it in, and the settings as written. */
export interface Opened {
  tabId: string | null;
  kind: 'connection' | 'replay' | 'scenario';
  settings: OpenSettings;
  profileId: string | null;
  /** a scenario run's scenario */
  scenario?: string;
}

/** How a session is opened: its connection's options and everything that watches or masks what it logs. */
export interface SessionSetup {
  id: string;
  opened: Opened;
  options: ConnectOptions;
  autoReconnect: boolean;
  /** the workspace's secret values when the session opened, swapped for their {{name}} markers before anything is logged */
  mask: TextSwap | null;
  /** the workspace recording its log is written to; without one, a temporary file removed with the session */
  recording: Recording | null;
  /** a replay's driver: sees every event, with the connection it came from */
  observer?: (e: LogEvent, connection: Connection) => void;
  /** a scenario run's driver: sees the engine events of the connection it ran, with their seqs */
  run?: RunObserver;
  /** the subprotocol helper as set (by default, from the negotiated subprotocol) */
  helper?: HelperChoice;
  /** Socket.IO: whether Engine.IO pings are answered */
  engineIoAutoPong?: boolean;
}

/** What a session is given by the service that holds it. */
export interface SessionHost {
  clock: Clock;
  reconnects: ReconnectPolicy;
  /** the session's summary has news: a push is due */
  changed(): void;
  /** its log could not be written: the window hears of it at once */
  captureFailed(sessionId: string, message: string): void;
}

/**
 * One session: a connection, the log it writes and the summary the window
 * is told of. A reconnect puts a new connection in place of the last and
 * continues the same log after a separator.
 */
export class Session {
  readonly id: string;
  readonly opened: Opened;
  readonly log: EventLog;
  readonly recording: Recording | null;
  private readonly summary = new SummaryBuilder();
  private connectionNow: Connection | null = null;
  private capture: CaptureStatus;
  private pauseTimer?: Timer;
  private reconnectTimer?: Timer;
  /** reconnects made since the last connection that opened */
  private attempts = 0;
  /** the person closed it (or it went): no automatic reconnect */
  private userClosed = false;
  /** called once the connection reaches its final closed state (a going-away dispose waits for it) */
  private whenClosed?: () => void;
  private run?: RunObserver;
  /** the subprotocol helper as it resolved when the connection opened */
  private helper: HelperId | null = null;
  /** Socket.IO: answer Engine.IO pings */
  engineIoAutoPong: boolean;

  constructor(
    private readonly setup: SessionSetup,
    private readonly host: SessionHost,
  ) {
    this.id = setup.id;
    this.opened = setup.opened;
    this.recording = setup.recording;
    this.run = setup.run;
    this.engineIoAutoPong = setup.engineIoAutoPong ?? true;
    this.capture = { state: 'recording', missing: 0, recordingId: setup.recording?.id ?? null };
    this.log = EventLog.live(
      {
        file: setup.recording?.file ?? path.join(os.tmpdir(), 'framescope-logs', `${setup.id}.ndjson`),
        temporary: !setup.recording,
        hooks: { backpressure: (paused) => this.onBackpressure(paused), failed: (message) => this.onCaptureFailed(message) },
      },
      () => this.changed(),
    );
    setup.recording?.attach(this.log);
  }

  /** The connection now in place (a reconnect puts a new one there). */
  get connection(): Connection {
    if (!this.connectionNow) throw new Error('the session has not started');
    return this.connectionNow;
  }

  start(): void {
    const connection = new Connection(this.setup.options, (e, extra) => {
      if (this.connectionNow === connection) this.onEvent(connection, e, extra);
    });
    this.connectionNow = connection;
    connection.connect();
  }

  /** The person asks for the same connection again, once the last one has closed. */
  reconnectNow(): void {
    if (this.connection.state !== 'closed') throw new CallError('COMMAND', `cannot reconnect: the connection is ${this.connection.state}`);
    this.host.clock.clearTimeout(this.reconnectTimer);
    this.userClosed = false;
    this.reconnect('manual');
  }

  /** The person closes it: a close frame (or none, with a null code), and no automatic reconnect after. */
  close(code: number | null, reason: string): void {
    this.connection.close(code, reason);
    this.userClosed = true;
  }

  /** Open or closing: the closing handshake runs its course, from a 1001 of ours if none was sent (a connection still connecting is simply abandoned after). */
  async goAway(): Promise<void> {
    const c = this.connection;
    if (c.state !== 'open' && c.state !== 'closing') return;
    this.userClosed = true;
    const closed = new Promise<void>((r) => (this.whenClosed = r));
    if (c.state === 'open') c.close(1001, '');
    // the engine's close timeout ends a closing handshake the server never finishes
    await closed;
  }

  /** Ends the session at once: its connection dropped, its last events written, then the file and the index let go. */
  async dispose(): Promise<void> {
    this.host.clock.clearTimeout(this.reconnectTimer);
    this.host.clock.clearTimeout(this.pauseTimer);
    // a reconnect timer that outlives its session does nothing
    this.userClosed = true;
    if (this.connection.state !== 'closed') this.connection.destroy();
    this.run?.disposed();
    await this.log.close();
    this.recording?.changed(false);
  }

  /** The summary due since the last one taken, if anything changed. */
  takeSummary(): LogSummary | null {
    return this.summary.changed ? this.summary.take(this.facts()) : null;
  }

  /** The session as session.list gives it to a window coming back. */
  listed(): LiveSession {
    const { tabId, kind, settings, profileId, scenario } = this.opened;
    return { sessionId: this.id, tabId, kind, settings, profileId, recording: null, summary: this.summary.snapshot(this.facts()), scenario: scenario ?? null };
  }

  private facts(): SummaryFacts {
    const log = this.log;
    const scan = log.scanProgress();
    return { sessionId: this.id, total: log.size, rows: log.rows, messageRows: log.index.messageViewRows, logBytes: log.bytes, capture: { ...this.capture }, ...(scan ? { scan } : {}) };
  }

  /** A new connection with the same settings, continuing the same log after a separator. */
  private reconnect(why: 'manual' | 'automatic'): void {
    this.attempts++;
    // a scenario run drove the first connection only
    this.run = undefined;
    this.recording?.changed(true);
    const { mask } = this.setup;
    const url = maskUrlCredentials(this.setup.options.url);
    const e: LogEvent = { type: 'reconnect', seq: 0, t: this.host.clock.now(), attempt: this.attempts, reason: why, url: mask ? mask.text(url) : url };
    e.seq = this.log.appendLogEvent(e);
    this.summary.note(e);
    this.changed();
    this.start();
  }

  private onEvent(connection: Connection, raw: EngineEvent, rawExtra: Enrichment | undefined): void {
    const { mask, observer, autoReconnect } = this.setup;
    const { e, extra } = mask ? swapEngineEvent(mask, raw, rawExtra) : { e: raw, extra: rawExtra };
    const seq = this.log.append(e, extra);
    if (e.type === 'open') this.helper = chooseHelper(this.setup.helper, e.protocol, this.setup.options.url);
    // one byte looked at, and only on Socket.IO connections: capture stays as fast
    if (this.helper === 'socketio' && this.engineIoAutoPong && isEngineIoPing(e)) queueMicrotask(() => connection.state === 'open' && connection.sendText('3'));
    this.run?.event(e, seq);
    if (e.type === 'frame') {
      this.summary.frame(e.dir, e.length);
      if (e.rttMs !== undefined) this.summary.rtt(seq, e.t, e.rttMs);
    } else if (e.type === 'message') {
      this.summary.message(e.dir);
    }
    // the few events the panels show (and a replay's driver, which sees all) get objects; a flood's frames do not
    if (e.type !== 'frame' && e.type !== 'message') {
      const logged = toLogEvent(e, seq, extra);
      if (isNotable(logged)) this.summary.note(preview(logged) as typeof logged);
      observer?.(logged, connection);
    } else if (observer) {
      observer(toLogEvent(e, seq, extra), connection);
    }
    this.capture.missing = this.log.missing;
    this.changed();
    if (e.type === 'open') this.attempts = 0;
    const reconnects = autoReconnect && !this.userClosed;
    if (e.type === 'close' && reconnects) {
      this.reconnectTimer = this.host.reconnects.schedule(this.attempts, () => !this.userClosed && this.reconnect('automatic'));
    }
    if (e.type === 'state' && e.state === 'closed') {
      this.whenClosed?.();
      // the connection's last event: the recording is complete until someone reconnects, so it is synced and indexed
      if (!reconnects) void this.log.end().then(() => this.recording?.changed(false));
    }
  }

  /** The disk is behind: the socket waits (nothing is dropped); a pause that lasts is shown. */
  private onBackpressure(paused: boolean): void {
    const { clock } = this.host;
    this.connection.pauseReading(paused);
    clock.clearTimeout(this.pauseTimer);
    if (paused) {
      this.pauseTimer = clock.setTimeout(() => {
        if (this.capture.state !== 'recording') return;
        this.capture = { ...this.capture, state: 'paused', message: 'the disk is behind: reading from the server waits for the log to be written' };
        this.changed();
      }, PAUSE_SHOWN_MS);
    } else if (this.capture.state === 'paused') {
      this.capture = { state: 'recording', missing: this.capture.missing, recordingId: this.capture.recordingId };
      this.changed();
    }
  }

  private onCaptureFailed(message: string): void {
    this.capture = { ...this.capture, state: 'stopped', missing: this.log.missing, message };
    // not in the file, which cannot be written: the window's error list still shows it
    this.summary.note({ type: 'error', seq: -1, t: this.host.clock.now(), code: 'CAPTURE_WRITE_FAILED', message, fatal: false });
    this.changed();
    this.recording?.changed(false);
    this.host.captureFailed(this.id, message);
  }

  private changed(): void {
    this.summary.changed = true;
    this.host.changed();
  }
}
