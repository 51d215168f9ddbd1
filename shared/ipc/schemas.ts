import { z } from 'zod';
import { ConnectSettings } from '../connect-settings.js';
import { Environment, ProfileFile, ProfileInput, WorkspaceView } from '../workspace.js';
import { ComparedMessage, RecordingSummary, Retention } from '../recordings.js';
import { DecodingSettings, ProtoTypeName } from '../decoding/decoding-settings.js';
import { DecodedMessageSchema, EncodeCodec, ProtoListingSchema } from '../decoding/decoding-schema.js';
import { SessionFile, SessionInput } from '../session-file.js';
import { LiveSession } from './live-session.js';
import { EXPECT_STYLES, RunRecord, ScenarioProblem, ScenarioSummary } from '../scenario-files.js';
import { boundedRecord, LIMITS, str } from '../limits.js';
import { LogEvent } from '../log-events.js';

// non-capturing: a capturing group repeated millions of times overflows the regexp stack
const hex = str(LIMITS.bulk).regex(/^(?:[0-9a-fA-F]{2})*$/, 'must be hex (pairs of 0-9, a-f)');
const ms = z.number().int().positive().max(2 ** 31 - 1);
const id = str(LIMITS.id);
const sessionId = id.min(1);
/** a scenario's file name in the workspace's scenarios/ folder (checked where it is used) */
const scenarioFile = str(LIMITS.name).min(1);

export { ConnectSettings };

/** What session.send hands its handler: exactly one of a text, a binary message, or an upload. */
export type SendInput = { sessionId: string; fragments: number } & ({ kind: 'text'; text: string } | { kind: 'binary'; dataHex: string } | { kind: 'text' | 'binary'; uploadId: string });

export const FrameSpecInput = z.object({
  opcode: z.number().int().min(0).max(15),
  fin: z.boolean().default(true),
  rsv1: z.boolean().default(false),
  rsv2: z.boolean().default(false),
  rsv3: z.boolean().default(false),
  mask: z.boolean().default(true),
  /** 8 hex digits; absent: a fresh random key */
  maskKey: str(8).regex(/^[0-9a-fA-F]{8}$/, 'must be 8 hex digits').optional(),
  payloadHex: hex.default(''),
});

/**
 * What the frame log shows: every condition given must hold. Text reads what
 * the user reads: a data frame matches through its message as delivered
 * (reassembled, inflated), a control frame through its own payload; hex
 * (whole bytes, spaces allowed) matches the frame's wire bytes. Matching is
 * plain: no filter evaluates code.
 */
export const LogFilter = z.object({
  text: z.string().max(1000).optional(),
  /** text is an ECMAScript regular expression */
  regex: z.boolean().optional(),
  caseSensitive: z.boolean().optional(),
  dir: z.enum(['in', 'out']).optional(),
  opcodes: z.array(z.number().int().min(0).max(15)).max(16).optional(),
  /** the frame's payload length in bytes, inclusive */
  minLength: z.number().int().min(0).optional(),
  maxLength: z.number().int().min(0).optional(),
  /** ms since the epoch, inclusive */
  fromTime: z.number().optional(),
  toTime: z.number().optional(),
  /** `$.path = VALUE` (VALUE as JSON, else a plain string), `$.path != VALUE`, or `$.path` (present); on messages that are JSON */
  json: z.string().max(1000).optional(),
  /** a Socket.IO event name, a STOMP destination or a GraphQL operation id, exactly: read through the log's subprotocol helper */
  subject: z.string().max(1000).optional(),
});
export type LogFilter = z.output<typeof LogFilter>;

/** How far a filter scan over a log has got (log.frames, log.messages). */
const ScanState = z.object({ filterKey: z.string(), scanned: z.number(), of: z.number(), matches: z.number(), done: z.boolean(), cancelled: z.boolean().optional() });

/** Bytes in one upload.append: its base64 stays well under a call's limit. */
export const UPLOAD_CHUNK_BYTES = 4 * 1024 * 1024;
/** All of a window's uploads at once. */
export const MAX_UPLOAD_BYTES = 1024 * 1024 * 1024;

export const calls = {
  /**
   * settings may hold {{variables}}: they are resolved in the main process
   * (active environment, then the profile's own variables when profileId is
   * given), and the log shows the result
   */
  'session.open': {
    input: z.object({
      settings: ConnectSettings,
      profileId: id.optional(),
      /** the window's tab that shows it: session.list gives it back, so a reloaded window finds its tab again */
      tabId: str(100).optional(),
    }),
    output: z.object({ sessionId }),
  },
  /**
   * Every session the main process holds for this window: live connections
   * (which outlive a reload of the page or a closed and reopened window) and
   * recordings opened read-only, each with what its tab needs to show it.
   */
  'session.list': { input: z.object({}), output: z.object({ sessions: z.array(LiveSession) }) },
  /** sends a profile's saved message, its {{variables}} resolved */
  'session.sendSaved': { input: z.object({ sessionId, profileId: id, message: str(LIMITS.name) }), output: z.object({}) },
  'session.reconnect': { input: z.object({ sessionId }), output: z.object({}) },
  'session.setAnswerClose': { input: z.object({ sessionId, enabled: z.boolean() }), output: z.object({}) },
  /**
   * A text message, a binary one, or the bytes of an upload (upload.append)
   * sent as either and then let go. Checked as one object, so that each
   * field's problem is named; handed to the handler as one of three shapes.
   */
  'session.send': {
    input: z
      .object({
        sessionId,
        kind: z.enum(['text', 'binary']),
        text: str(LIMITS.bulk).optional(),
        dataHex: hex.optional(),
        uploadId: id.optional(),
        fragments: z.number().int().min(1).max(10_000).default(1),
      })
      .superRefine((m, ctx) => {
        if (m.uploadId !== undefined) return;
        if (m.kind === 'text' && m.text === undefined) ctx.addIssue({ code: 'custom', path: ['text'], message: 'a text message needs text (or an uploadId)' });
        if (m.kind === 'binary' && m.dataHex === undefined) ctx.addIssue({ code: 'custom', path: ['dataHex'], message: 'a binary message needs dataHex (or an uploadId)' });
      })
      .transform(({ sessionId, kind, text, dataHex, uploadId, fragments }): SendInput =>
        uploadId !== undefined ? { sessionId, kind, uploadId, fragments } : kind === 'text' ? { sessionId, kind, text: text ?? '', fragments } : { sessionId, kind, dataHex: dataHex ?? '', fragments },
      ),
    output: z.object({}),
  },
  /**
   * Adds bytes to an upload, a new one without uploadId: a large file goes to
   * the main process in pieces, then session.send names it.
   */
  'upload.append': {
    input: z.object({ uploadId: id.optional(), base64: str(Math.ceil(UPLOAD_CHUNK_BYTES / 3) * 4) }),
    output: z.object({ uploadId: z.string(), size: z.number() }),
  },
  'upload.discard': { input: z.object({ uploadId: id }), output: z.object({}) },
  /**
   * Keeps an upload (at most 1 MiB) as a certificate or key file: browser
   * mode's way to hand one over. The returned path is what caPath, certPath
   * or keyPath name; it lasts while the server runs.
   */
  'upload.asFile': { input: z.object({ uploadId: id, name: str(LIMITS.name) }), output: z.object({ path: z.string() }) },
  /**
   * The desktop app's own file dialog for a certificate or key; null when
   * cancelled. The main process reads only files chosen so (or uploaded, or
   * named by a saved profile): a typed path is refused. Browser mode answers
   * UNSUPPORTED.
   */
  'files.pickCertificate': { input: z.object({ kind: z.enum(['ca', 'cert', 'key']) }), output: z.object({ path: z.string().nullable() }) },
  'session.ping': { input: z.object({ sessionId, payloadHex: hex.default('') }), output: z.object({}) },
  'session.pong': { input: z.object({ sessionId, payloadHex: hex.default('') }), output: z.object({}) },
  'session.close': {
    input: z.object({ sessionId, code: z.number().int().nullable().default(null), reason: str(LIMITS.value).default('') }),
    output: z.object({}),
  },
  'session.sendFrame': { input: z.object({ sessionId, spec: FrameSpecInput }), output: z.object({}) },
  'session.setAutoPong': { input: z.object({ sessionId, enabled: z.boolean() }), output: z.object({}) },
  'session.setHeartbeat': {
    input: z.object({ sessionId, intervalMs: ms.nullable(), pongTimeoutMs: ms.optional() }),
    output: z.object({}),
  },
  /**
   * lets a session and its log go; with goingAway, a live connection is first
   * closed with 1001 and let go once its closing handshake ends (or its close
   * timeout passes), so the server sees a close frame, not a dropped socket
   */
  'session.dispose': { input: z.object({ sessionId, goingAway: z.boolean().default(false) }), output: z.object({}) },
  'workspace.get': { input: z.object({}), output: z.object({ workspace: WorkspaceView }) },
  /**
   * Opens a workspace folder typed or pasted by the person (absolute, or
   * starting with ~). The server checks the path and says what is wrong with
   * it; with create, a missing or empty folder becomes a new workspace.
   */
  'workspace.open': { input: z.object({ path: str(LIMITS.path).min(1), create: z.boolean().default(false) }), output: z.object({ workspace: WorkspaceView }) },
  /** the open workspace's saved tabs (session.json), null when it has none or it did not load (then its problem is in the view) */
  'workspace.session': { input: z.object({}), output: z.object({ path: z.string(), session: SessionFile.nullable() }) },
  /**
   * Saves the open tabs to session.json, atomically. `path` is the workspace
   * the tabs belong to: after a switch, a late save of the old tabs is
   * refused (STALE) rather than written into the new workspace. A
   * session.json that did not load is never written over (FILE_PROBLEM).
   */
  'workspace.saveSession': { input: z.object({ path: str(LIMITS.path).min(1), session: SessionInput }), output: z.object({}) },
  'workspace.saveEnvironments': {
    input: z.object({
      environments: z.array(Environment).max(LIMITS.entries),
      activeEnvironment: str(LIMITS.name).nullable(),
      /** new secret values by environment; a secret left out keeps its stored value, a name no longer listed loses it */
      secretValues: boundedRecord(str(LIMITS.name), boundedRecord(str(LIMITS.name), str(LIMITS.value), LIMITS.entries), LIMITS.entries).default({}),
    }),
    output: z.object({ workspace: WorkspaceView }),
  },
  /** which version to keep when a file changed both on disk and in the app */
  'workspace.resolveConflict': { input: z.object({ file: str(LIMITS.path), keep: z.enum(['ours', 'theirs']) }), output: z.object({ workspace: WorkspaceView }) },
  'profiles.get': { input: z.object({ id }), output: z.object({ profile: ProfileFile, revision: z.string() }) },
  /**
   * Creates (no id) or updates a profile, written to disk at once; returns it
   * as saved. With baseRevision (from profiles.get or the view), a file that
   * changed on disk since then is not overwritten: both versions become a
   * conflict and the call fails with CONFLICT.
   */
  'profiles.save': {
    input: z.object({ profile: ProfileInput, baseRevision: id.optional() }),
    output: z.object({ profile: ProfileFile, revision: z.string() }),
  },
  /** renames the profile and its file */
  'profiles.rename': { input: z.object({ id, name: str(LIMITS.name) }), output: z.object({ profile: ProfileFile, revision: z.string() }) },
  /** a copy under a new id; its name defaults to "<name> copy" */
  'profiles.duplicate': { input: z.object({ id, name: str(LIMITS.name).optional() }), output: z.object({ profile: ProfileFile, revision: z.string() }) },
  'profiles.delete': { input: z.object({ id }), output: z.object({}) },
  /** the text with {{variables}} resolved against the active environment and the profile, for previews; unknown names are listed and left as written */
  'variables.resolve': { input: z.object({ text: str(LIMITS.value), profileId: id.optional() }), output: z.object({ text: z.string(), missing: z.array(z.string()) }) },
  'recordings.list': { input: z.object({}), output: z.object({ recordings: z.array(RecordingSummary), retention: Retention }) },
  /** opens a recording read-only as a log: the log.* calls then work on the returned sessionId */
  'recordings.open': { input: z.object({ id, tabId: str(100).optional() }), output: z.object({ sessionId, recording: RecordingSummary }) },
  'recordings.rename': { input: z.object({ id, name: z.string().trim().min(1).max(LIMITS.name) }), output: z.object({ recording: RecordingSummary }) },
  'recordings.pin': { input: z.object({ id, pinned: z.boolean() }), output: z.object({ recording: RecordingSummary }) },
  'recordings.delete': { input: z.object({ id }), output: z.object({}) },
  'recordings.setRetention': { input: Retention, output: z.object({ retention: Retention }) },
  /** the live session's recording id, so the UI can offer to export or replay it */
  'recordings.ofSession': { input: z.object({ sessionId }), output: z.object({ id: z.string().nullable() }) },
  /**
   * A file's contents for the person to save: HAR as Chrome DevTools writes it
   * (`_webSocketMessages`), the event log as NDJSON, or all messages as JSON,
   * NDJSON or text. Browser mode downloads it; the desktop app asks where.
   * Secret values show as their {{name}} markers; unmaskSecrets (the person
   * confirmed it for this export) puts the secrets' current values in their place.
   */
  'recordings.export': {
    input: z.object({ id, format: z.enum(['har', 'ndjson', 'messages-json', 'messages-ndjson', 'messages-text']), unmaskSecrets: z.boolean().default(false) }),
    output: z.object({ fileName: z.string(), mimeType: z.string(), content: z.string() }),
  },
  /**
   * a HAR saved by Chrome DevTools: its WebSocket entries become read-only
   * recordings, their URL and request headers profiles; the same file
   * imported before is not imported again: alreadyImported lists what it made
   */
  'recordings.importHar': {
    input: z.object({ fileName: str(LIMITS.name).default('import.har'), content: str(LIMITS.bulk).min(1) }),
    output: z.object({ recordings: z.array(RecordingSummary), profileIds: z.array(z.string()), alreadyImported: z.array(RecordingSummary) }),
  },
  /** sends a recording's outgoing messages again, with the original timing or as fast as possible; the replay is itself a recording */
  'recordings.replay': {
    input: z.object({ id, url: str(LIMITS.url).optional(), timing: z.enum(['original', 'fast']).default('original'), pings: z.boolean().default(false), tabId: str(100).optional() }),
    output: z.object({ sessionId, recordingId: z.string() }),
  },
  'recordings.compare': {
    input: z.object({ left: id, right: id }),
    output: z.object({ messages: z.array(ComparedMessage), differences: z.number() }),
  },
  'log.range': {
    input: z.object({ sessionId, from: z.number().int().min(0), count: z.number().int().min(1).max(5000) }),
    output: z.object({ events: z.array(LogEvent), total: z.number() }),
  },
  /**
   * A page of frame rows matching the filter. A filter over a large log is
   * scanned in the background: `total` counts the matches found so far and
   * `scan` says how far it got (also pushed in log.summary); asking again
   * pages through what has been found.
   */
  'log.frames': {
    input: z.object({
      sessionId,
      filter: LogFilter.default({}),
      from: z.number().int().min(0),
      count: z.number().int().min(1).max(5000),
      /** fragmented messages, by the seq of their first frame, whose group is collapsed: their continuation frames are left out (and not counted) */
      collapsed: z.array(z.number().int().min(0)).max(10_000).default([]),
      decoding: DecodingSettings.optional(),
    }),
    output: z.object({
      rows: z.array(LogEvent),
      total: z.number(),
      scan: ScanState.optional(),
    }),
  },
  /**
   * A page of the messages view: whole messages (reassembled, inflated) with
   * control frames, reconnect separators and errors between them, in log
   * order, matching the filter as log.frames does; a filter over a large log
   * is scanned in the background the same way. With `decoding`, message rows
   * carry `decoded` (their codec, a preview of the value, the subprotocol
   * layer's summary), decoded when asked for, never at capture; and the
   * filter's JSON and subject conditions read the decoded layer.
   */
  'log.messages': {
    input: z.object({ sessionId, filter: LogFilter.default({}), from: z.number().int().min(0), count: z.number().int().min(1).max(5000), decoding: DecodingSettings.optional() }),
    output: z.object({
      rows: z.array(LogEvent),
      total: z.number(),
      scan: ScanState.optional(),
    }),
  },
  /** stops the log's running filter scan; what it found stays */
  'log.cancelScan': { input: z.object({ sessionId }), output: z.object({}) },
  'log.event': {
    input: z.object({ sessionId, seq: z.number().int().min(0) }),
    output: z.object({ event: LogEvent }),
  },
  /**
   * One message decoded whole, with a chosen codec (or the log's): what the
   * inspector shows. A payload that does not decode says why (and at which
   * byte, when the decoder tells), and is not an error of the call.
   */
  'log.decode': {
    input: z.object({ sessionId, seq: z.number().int().min(0), decoding: DecodingSettings.default({ codec: 'auto', helper: 'auto' }) }),
    output: DecodedMessageSchema,
  },
  /** JSON text as the bytes of a codec (the composer's preview); INVALID_INPUT says why it cannot be */
  'codec.encode': {
    input: z.object({ codec: EncodeCodec, json: str(LIMITS.bulk), messageType: ProtoTypeName.optional() }),
    output: z.object({ hex: z.string(), length: z.number() }),
  },
  /** encodes JSON text in a codec and sends it as one binary message; the bytes sent, as hex */
  'session.sendEncoded': {
    input: z.object({
      sessionId,
      codec: EncodeCodec,
      json: str(LIMITS.bulk),
      messageType: ProtoTypeName.optional(),
      fragments: z.number().int().min(1).max(10_000).default(1),
    }),
    output: z.object({ hex: z.string() }),
  },
  /** Socket.IO: whether Engine.IO pings ("2") are answered with pongs ("3") */
  'session.setEngineIoAutoPong': { input: z.object({ sessionId, enabled: z.boolean() }), output: z.object({}) },
  /** the workspace's .proto files (under protos/), their message types, and the files that do not load */
  'protos.list': { input: z.object({}), output: ProtoListingSchema },
  /** writes a .proto file into the workspace's protos/ folder (refused, saying where, if it does not parse) */
  'protos.save': { input: z.object({ name: str(LIMITS.name).min(1), content: str(LIMITS.protoFile) }), output: ProtoListingSchema },
  /**
   * Where event `seq` is shown in a view of the log: its row (null when the
   * filter hides it, or a filter scan has not reached it yet) and the seq of
   * that row (a message's first frame, in the frames view).
   */
  'log.rowOf': {
    input: z.object({ sessionId, seq: z.number().int().min(0), view: z.enum(['frames', 'messages']), filter: LogFilter.default({}) }),
    output: z.object({ row: z.number().nullable(), seq: z.number() }),
  },
  /** the open workspace's scenarios/*.yaml and *.yml, in name order, each with its problems if it does not load */
  'scenarios.list': { input: z.object({}), output: z.object({ scenarios: z.array(ScenarioSummary) }) },
  'scenarios.read': { input: z.object({ file: scenarioFile }), output: z.object({ text: z.string(), revision: z.string() }) },
  /**
   * Writes scenarios/<file> atomically, as written (a scenario that does not
   * load is saved too, its problems listed). An existing file is replaced
   * only with the revision read (and still on disk), or with overwrite;
   * otherwise the call fails with CONFLICT.
   */
  'scenarios.save': {
    input: z.object({ file: scenarioFile, text: z.string().max(8 * 1024 * 1024), baseRevision: str(LIMITS.id).optional(), overwrite: z.boolean().default(false) }),
    output: z.object({ scenario: ScenarioSummary, revision: z.string() }),
  },
  'scenarios.delete': { input: z.object({ file: scenarioFile }), output: z.object({}) },
  /** a scenario's text checked as `framescope run` checks it, for the editor to mark its problems */
  'scenarios.check': { input: z.object({ file: scenarioFile, text: z.string().max(8 * 1024 * 1024) }), output: z.object({ problems: z.array(ScenarioProblem) }) },
  /**
   * A session's log (a live tab, or an opened recording) as a scenario to
   * edit: sent messages as send steps, received ones as expect steps, exact
   * or by their JSON keys. Nothing is written.
   */
  'scenarios.fromSession': {
    /** name: the scenario's name (the recording's, or the tab's); its file name is made from it */
    input: z.object({ sessionId, name: z.string().max(200).optional(), expect: z.enum(EXPECT_STYLES).default('exact') }),
    output: z.object({ file: z.string(), text: z.string() }),
  },
  /**
   * Runs a scenario (the file, or the editor's text for it) into a new
   * session, shown as a tab: its steps are pushed as they end
   * (scenarios.progress). A scenario that does not load, or names an unknown
   * profile, environment or variable for its connection, fails the call.
   */
  'scenarios.run': {
    input: z.object({ file: scenarioFile, text: z.string().max(8 * 1024 * 1024).optional() }),
    output: z.object({ sessionId, name: z.string(), url: z.string() }),
  },
  /** ends a run: its step in progress fails as cancelled, and its connection closes */
  'scenarios.cancel': { input: z.object({ sessionId }), output: z.object({}) },
  /** a run's steps so far and its result, for a tab that comes back to its session after a reload; null: no run of this app */
  'scenarios.runOf': { input: z.object({ sessionId }), output: z.object({ run: RunRecord.nullable() }) },
} as const;

export type CallName = keyof typeof calls;
export type CallInput<C extends CallName> = z.input<(typeof calls)[C]['input']>;
export type CallArgs<C extends CallName> = z.output<(typeof calls)[C]['input']>;
export type CallOutput<C extends CallName> = z.output<(typeof calls)[C]['output']>;
