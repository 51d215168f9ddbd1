import { createHash } from 'node:crypto';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { CallError } from '../../shared/ipc/api.js';
import { ConnectSettings } from '../../shared/connect-settings.js';
import { RECORDINGS_DIR, type RecordingSummary } from '../../shared/recordings.js';
import type { LogEvent } from '../../shared/log-events.js';
import type { Profile } from '../../shared/workspace.js';
import type { HandlersFor } from '../ipc/dispatch.js';
import type { SessionService } from '../services/session-service.js';
import type { Push, RecorderFactory } from '../services/service-types.js';
import { unlinkDurably, writeDurably } from '../files/durable-write.js';
import { ensureGitignored } from '../workspace/gitignore.js';
import { compareRecordings } from './compare.js';
import { fromHar, HarError, toHar } from './har.js';
import { exportMessages } from './message-export.js';
import { readAllEvents } from '../capture/read-all-events.js';
import { EventLog, factsFrom, type RecordingFacts } from '../capture/event-log.js';
import { indexFileOf, readIndexHeader } from '../capture/index-file.js';
import { emptyIndex, loadIndex, newRecordingId, saveIndex, type IndexEntry, type RecordingsIndex } from './recordings-index.js';
import { replayDriver, replayPlan } from './replay.js';
import { secretMask, secretUnmask, swapLogEvent, type Secret } from '../log/secret-mask.js';
import type { TextSwap } from '../log/text-swap.js';

/** What recordings need of the workspace (the WorkspaceService): where it is, and saving an imported profile. */
export interface RecordingsWorkspace {
  root(): Promise<string>;
  createProfile(input: Omit<Profile, 'formatVersion' | 'id'>): Promise<string>;
  /** exports show these as {{name}} markers, unless the person asks otherwise; replays put the values back */
  secrets(): Promise<Secret[]>;
}

const EXT = '.ndjson';
const ID = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const CREATOR = { name: 'Framescope', version: '0.1.0' };

/**
 * The open workspace's recordings, one service per process like the
 * workspace: it hands SessionService a recorder for every connection, lists,
 * names, pins, deletes and exports recordings, applies retention, imports
 * HARs and replays. Index changes run one at a time.
 */
export class RecordingsService {
  /** workspaces whose .gitignore was checked for the recordings folder */
  private readonly gitignored = new Map<string, Promise<void>>();
  /** recordings this process writes or wrote, by id, with their logs: the live ones are never deleted */
  private readonly written = new Map<string, { log: EventLog | null; live: boolean }>();
  /** list facts by file, valid while its size and mtime stay the same */
  private readonly factsCache = new Map<string, { size: number; mtimeMs: number; facts: RecordingFacts }>();
  private readonly listeners = new Set<Push>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly workspace: RecordingsWorkspace) {}

  /** Sends `recordings.changed` to this listener from now on; returns the way to stop. */
  subscribe(push: Push): () => void {
    this.listeners.add(push);
    return () => this.listeners.delete(push);
  }

  /** For SessionService: every connection's log is a new recording in the open workspace. */
  readonly recorder: RecorderFactory = async ({ source, name }) => {
    const id = newRecordingId();
    const dir = await this.dir();
    // a connection's recording needs no index entry; a replay's or a scenario run's says what it is, before its file appears in the list
    if (source !== 'connection') await this.updateIndex(dir, (x) => (x.recordings[id] = { ...x.recordings[id], source, ...(name ? { name } : {}) })).catch(() => undefined);
    const entry: { log: EventLog | null; live: boolean } = { log: null, live: true };
    this.written.set(id, entry);
    this.emit();
    return {
      id,
      file: path.join(dir, id + EXT),
      attach: (log) => (entry.log = log),
      changed: (live) => {
        entry.live = live;
        this.emit();
        // retention counts a finished recording; the one being written is never touched
        if (!live) void this.serial(() => this.applyRetention(dir)).catch(() => {});
      },
    };
  };

  /** The recordings calls for one window or tab, whose sessions show opened recordings and run replays. */
  handlersFor(sessions: SessionService): HandlersFor<'recordings'> {
    return {
      'recordings.list': async () => {
        const dir = await this.dir();
        const index = await this.index(dir);
        return { recordings: await this.summaries(dir, index), retention: index.retention };
      },
      'recordings.open': async ({ id, tabId }) => {
        const file = await this.file(id);
        const log = await EventLog.open(file);
        try {
          const dir = path.dirname(file);
          const recording = await this.summary(dir, await this.index(dir), id, log.recordingFacts());
          return { sessionId: sessions.openReadOnly(log, { tabId, recording }), recording };
        } catch (e) {
          // no session holds the log yet (a damaged index.json, the file gone meanwhile): nothing else would close its reader
          await log.close();
          throw e;
        }
      },
      'recordings.rename': async ({ id, name }) => this.changeEntry(id, (e) => ({ ...e, name })),
      'recordings.pin': async ({ id, pinned }) => this.changeEntry(id, (e) => ({ ...e, pinned })),
      'recordings.delete': async ({ id }) => {
        const file = await this.file(id);
        if (this.written.get(id)?.live) throw new CallError('COMMAND', 'this recording is still being written: close its connection first');
        await this.serial(async () => {
          await unlinkDurably(file);
          await rm(indexFileOf(file), { force: true });
          this.factsCache.delete(file);
          await this.writeIndex(path.dirname(file), (x) => delete x.recordings[id]);
        });
        this.emit();
        return {};
      },
      'recordings.setRetention': async (retention) => {
        const dir = await this.dir();
        await this.updateIndex(dir, (x) => (x.retention = retention));
        await this.serial(() => this.applyRetention(dir));
        return { retention };
      },
      'recordings.ofSession': ({ sessionId }) => ({ id: sessions.recordingOf(sessionId) }),
      'recordings.export': async ({ id, format, unmaskSecrets }) => {
        // a recording made before its secrets were set still holds their values: masked here too
        const secrets = await this.workspace.secrets();
        const events = swapAll(await this.events(id), unmaskSecrets ? secretUnmask(secrets) : secretMask(secrets));
        const base = (await this.summaryOf(id)).name.replace(/[^\w.-]+/g, '_').slice(0, 80) || id;
        if (format === 'har') return { fileName: `${base}.har`, mimeType: 'application/json', content: JSON.stringify(toHar(events, CREATOR), null, 2) + '\n' };
        if (format === 'ndjson') return { fileName: `${base}.ndjson`, mimeType: 'application/x-ndjson', content: events.map((e) => JSON.stringify(e) + '\n').join('') };
        const ext = { 'messages-json': 'json', 'messages-ndjson': 'ndjson', 'messages-text': 'txt' }[format];
        const mimeType = { 'messages-json': 'application/json', 'messages-ndjson': 'application/x-ndjson', 'messages-text': 'text/plain' }[format];
        return { fileName: `${base}.messages.${ext}`, mimeType, content: exportMessages(events, format) };
      },
      'recordings.importHar': async ({ fileName, content }) => {
        let sockets;
        try {
          sockets = fromHar(content, fileName);
        } catch (e) {
          if (e instanceof HarError) throw new CallError('INVALID_INPUT', e.message);
          throw e;
        }
        const dir = await this.dir();
        const mask = secretMask(await this.workspace.secrets());
        const harSha256 = createHash('sha256').update(content).digest('hex');
        // the same file imported before: said, not imported twice
        const index = await this.index(dir);
        const before = Object.keys(index.recordings).filter((id) => index.recordings[id].harSha256 === harSha256);
        const existing = (await Promise.all(before.map((id) => this.summaryOf(id).catch(() => null)))).filter((r) => r !== null);
        if (existing.length) return { recordings: [], profileIds: [], alreadyImported: existing };
        const recordings: RecordingSummary[] = [];
        const profileIds: string[] = [];
        for (const s of sockets) {
          const id = newRecordingId();
          await mkdir(dir, { recursive: true });
          await writeDurably(path.join(dir, id + EXT), swapAll(s.events, mask).map((e) => JSON.stringify(e) + '\n').join(''));
          const name = `${path.basename(fileName)}: ${hostOf(s.url)}`;
          await this.updateIndex(dir, (x) => (x.recordings[id] = { name, source: 'har', harSha256 }));
          recordings.push(await this.summaryOf(id));
          // a secret's value in the URL or a header is saved as its {{name}}: the profile file may be committed
          const hide = (text: string) => (mask ? mask.text(text) : text);
          const headers = s.headers.map(([n, v]): [string, string] => [n, hide(v)]);
          profileIds.push(await this.workspace.createProfile({ name, settings: ConnectSettings.parse({ url: hide(s.url), headers, subprotocols: s.subprotocols, deflate: s.deflate }), messages: [], variables: {} }));
        }
        this.emit();
        return { recordings, profileIds, alreadyImported: [] };
      },
      'recordings.replay': async ({ id, url, timing, pings, tabId }) => {
        let plan;
        try {
          // the recording holds secrets as markers; the replay sends what they stand for now
          plan = replayPlan(swapAll(await this.events(id), secretUnmask(await this.workspace.secrets())), url, pings);
        } catch (e) {
          throw new CallError('INVALID_INPUT', (e as Error).message);
        }
        const { sessionId, recordingId } = await sessions.openDriven(ConnectSettings.parse(plan.settings), replayDriver(plan, timing), tabId);
        if (!recordingId) throw new CallError('INTERNAL', 'this window records nothing, so a replay cannot be recorded');
        return { sessionId, recordingId };
      },
      'recordings.compare': async ({ left, right }) => compareRecordings(await this.events(left), await this.events(right)),
    };
  }

  private dir(): Promise<string> {
    return this.workspace.root().then(async (r) => {
      // Recordings hold handshake headers (tokens, cookies) and whole payloads: keep them out of a committed workspace.
      let ignored = this.gitignored.get(r);
      if (!ignored) this.gitignored.set(r, (ignored = ensureGitignored(r, `${RECORDINGS_DIR}/`).catch(() => undefined)));
      await ignored;
      return path.join(r, RECORDINGS_DIR);
    });
  }

  /** The file of a recording in the open workspace, its pending writes flushed; NOT_FOUND if there is none. */
  private async file(id: string): Promise<string> {
    if (!ID.test(id)) throw new CallError('INVALID_INPUT', `"${id}" is not a recording id`);
    const file = path.join(await this.dir(), id + EXT);
    // what a live log has queued is written first, so a reader sees every event so far
    const live = this.written.get(id)?.log;
    if (live) await live.flushed();
    try {
      await stat(file);
    } catch {
      throw new CallError('NOT_FOUND', `no recording ${id} in this workspace`);
    }
    return file;
  }

  private async events(id: string): Promise<LogEvent[]> {
    return readAllEvents(await this.file(id));
  }

  private async summaryOf(id: string): Promise<RecordingSummary> {
    const file = await this.file(id);
    const dir = path.dirname(file);
    return this.summary(dir, await this.index(dir), id);
  }

  private async summaries(dir: string, index: RecordingsIndex): Promise<RecordingSummary[]> {
    let names: string[];
    try {
      names = await readdir(dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
    const ids = names.filter((n) => n.endsWith(EXT)).map((n) => n.slice(0, -EXT.length));
    const out = await Promise.all(ids.map((id) => this.summary(dir, index, id).catch(() => null)));
    return out.filter((s): s is RecordingSummary => s !== null).sort((a, b) => b.start - a.start);
  }

  private async summary(dir: string, index: RecordingsIndex, id: string, known?: RecordingFacts): Promise<RecordingSummary> {
    const file = path.join(dir, id + EXT);
    const st = await stat(file);
    const written = this.written.get(id);
    // a live recording is counted as far as its events have arrived, from its log's own index
    let facts = known ?? (written?.live ? written.log?.recordingFacts() : undefined);
    const size = written?.live && written.log ? written.log.bytes : st.size;
    if (!facts) {
      const cached = this.factsCache.get(file);
      facts = cached && cached.size === st.size && cached.mtimeMs === st.mtimeMs ? cached.facts : await factsOfFile(file, st.size);
      this.factsCache.set(file, { size: st.size, mtimeMs: st.mtimeMs, facts });
    }
    const entry: IndexEntry = index.recordings[id] ?? {};
    return {
      id,
      name: entry.name ?? defaultName(facts),
      url: facts.url,
      start: facts.start,
      durationMs: Math.max(0, facts.end - facts.start),
      framesIn: facts.framesIn,
      framesOut: facts.framesOut,
      messagesIn: facts.messagesIn,
      messagesOut: facts.messagesOut,
      size,
      pinned: entry.pinned ?? false,
      live: written?.live ?? false,
      source: entry.source ?? 'connection',
      ...(facts.torn ? { truncatedTail: true } : {}),
      // an imported HAR has no connection states to end with
      ...((entry.source !== 'har' && !written?.live && !facts.ended) || written?.log?.failure ? { incomplete: true } : {}),
    };
  }

  private async changeEntry(id: string, change: (e: IndexEntry) => IndexEntry): Promise<{ recording: RecordingSummary }> {
    const dir = path.dirname(await this.file(id));
    await this.updateIndex(dir, (x) => (x.recordings[id] = change(x.recordings[id] ?? {})));
    this.emit();
    return { recording: await this.summaryOf(id) };
  }

  /** Deletes the oldest recordings, neither pinned nor live, until the folder fits the retention size. */
  private async applyRetention(dir: string): Promise<void> {
    const index = await this.index(dir);
    const max = index.retention.maxTotalBytes;
    if (max === null) return;
    const all = await this.summaries(dir, index);
    let total = all.reduce((n, r) => n + r.size, 0);
    const deleted: string[] = [];
    for (const r of [...all].sort((a, b) => a.start - b.start)) {
      if (total <= max) break;
      if (r.pinned || r.live) continue;
      const file = path.join(dir, r.id + EXT);
      await unlinkDurably(file);
      await rm(indexFileOf(file), { force: true });
      this.factsCache.delete(file);
      deleted.push(r.id);
      total -= r.size;
    }
    if (!deleted.length) return;
    await this.writeIndex(dir, (x) => deleted.forEach((id) => delete x.recordings[id]));
    this.emit();
  }

  private async index(dir: string): Promise<RecordingsIndex> {
    try {
      return await loadIndex(dir);
    } catch (e) {
      throw new CallError('READ_FAILED', (e as Error).message);
    }
  }

  private updateIndex(dir: string, change: (x: RecordingsIndex) => void): Promise<void> {
    return this.serial(() => this.writeIndex(dir, change));
  }

  /** Reads, changes and writes the index; only ever called inside serial. */
  private async writeIndex(dir: string, change: (x: RecordingsIndex) => void): Promise<void> {
    const index = await loadIndex(dir).catch(() => emptyIndex());
    change(index);
    await mkdir(dir, { recursive: true });
    await saveIndex(dir, index);
  }

  private serial<T>(op: () => Promise<T>): Promise<T> {
    const next = this.queue.then(op, op);
    this.queue = next.catch(() => {});
    return next;
  }

  private emit(): void {
    for (const push of this.listeners) push('recordings.changed', {});
  }
}

function swapAll(events: LogEvent[], swap: TextSwap | null): LogEvent[] {
  return swap ? events.map((e) => swapLogEvent(swap, e)) : events;
}

function hostOf(url: string): string {
  try {
    const u = new URL(url);
    return u.host + (u.pathname === '/' ? '' : u.pathname);
  } catch {
    return url;
  }
}

/** A finished recording's list facts: from its index file's header when that covers the whole log, else by reading the log (which writes the index). */
async function factsOfFile(file: string, size: number): Promise<RecordingFacts> {
  const h = await readIndexHeader(indexFileOf(file));
  if (h && h.end === size) return factsFrom({ size: h.size, lastTime: h.lastTime, counts: h.counts }, h);
  const log = await EventLog.open(file);
  try {
    return log.recordingFacts();
  } finally {
    await log.close();
  }
}

function defaultName(f: RecordingFacts): string {
  const when = f.start ? new Date(f.start).toISOString().slice(0, 19).replace('T', ' ') : '';
  return `${hostOf(f.url) || 'recording'} ${when}`.trim();
}
