import type { PushEvents } from '../../shared/ipc/events.js';
import type { BinaryCodec } from '../../shared/codecs/codec-ids.js';
import type { EngineEvent } from '../protocol/events.js';
import type { EventLog } from '../capture/event-log.js';
import type { Secret } from '../log/secret-mask.js';
import type { OpenSettings, TlsFiles } from '../net/connect-options-of.js';

// What the services hand each other, apart from any one of them: the session service is given these, the workspace and recordings services provide them.

/** Sends a push to the window (or every browser tab) showing the app. */
export type Push = <E extends keyof PushEvents>(name: E, payload: PushEvents[E]) => void;

/** Where a session's log is kept as a recording in the workspace; a reconnect continues the same one. */
export interface Recording {
  readonly id: string;
  readonly file: string;
  /** the live log written to the file, which lists count from */
  attach(log: EventLog): void;
  /** the log's state changed: it ended (synced, its index written) or it is live again, or capture failed */
  changed(live: boolean): void;
}

export type RecordingSource = 'connection' | 'replay' | 'scenario';
/** Makes a recording for a new session (injected, so the session service knows nothing of the workspace); `name` names it in the list. */
export type RecorderFactory = (o: { source: RecordingSource; name?: string }) => Promise<Recording>;

/** What a scenario run driving a session hears of it. */
export interface RunObserver {
  event(e: EngineEvent, seq: number): void;
  /** the session went (its tab closed, its window gone) before the run ended */
  disposed(): void;
}

/**
 * What session.open and session.sendSaved need from the workspace (the
 * WorkspaceService), injected so the session service knows nothing of files.
 */
export interface VariableResolver {
  /** the settings with their {{variables}} resolved, and the names that had no value (left as written) */
  resolveSettings(settings: OpenSettings, profileId: string | undefined): Promise<{ settings: OpenSettings; missing: string[] }>;
  /** a profile's saved message, its text's (or JSON's) {{variables}} resolved */
  savedMessage(profileId: string, name: string): Promise<{ kind: 'text'; text: string } | { kind: 'binary'; hex: string } | { kind: 'encoded'; codec: BinaryCodec; json: string; messageType?: string }>;
  /** the secret variables that have values: the log shows each as its marker */
  secrets(): Promise<Secret[]>;
  /** the TLS files the settings name, each handed over by the person or named by the saved profile */
  tlsFiles(settings: OpenSettings, profileId: string | undefined): Promise<TlsFiles>;
  /** keeps uploaded bytes as a file the settings may name; returns that name */
  keepFile(name: string, bytes: Buffer): string;
}
