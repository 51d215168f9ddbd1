import { randomUUID } from 'node:crypto';
import { CallError } from '../../shared/ipc/api.js';
import type { LiveSession } from '../../shared/ipc/live-session.js';
import type { RecordingSummary } from '../../shared/recordings.js';
import type { EventLog } from '../capture/event-log.js';
import type { Session } from './session.js';

/** A recording opened read-only, and the tab that shows it. */
interface ReadOnlyView {
  log: EventLog;
  tabId: string | null;
  recording: RecordingSummary | null;
}

/**
 * The sessions a window's calls name by id: live connections, and
 * recordings opened read-only (whose logs the log.* calls read alike).
 */
export class SessionRegistry {
  private readonly live = new Map<string, Session>();
  private readonly views = new Map<string, ReadOnlyView>();

  add(session: Session): void {
    this.live.set(session.id, session);
  }

  /** The live session, or the call's NOT_FOUND. */
  get(sessionId: string): Session {
    const s = this.live.get(sessionId);
    if (!s) throw new CallError('NOT_FOUND', `no connection ${sessionId}`);
    return s;
  }

  /** The log of a live session or of a recording opened read-only. */
  log(sessionId: string): EventLog {
    return this.views.get(sessionId)?.log ?? this.get(sessionId).log;
  }

  /** Serves a read-only log under a new session id. */
  addView(log: EventLog, shown: { tabId?: string; recording?: RecordingSummary }): string {
    const sessionId = randomUUID();
    this.views.set(sessionId, { log, tabId: shown.tabId ?? null, recording: shown.recording ?? null });
    return sessionId;
  }

  /** The read-only log under this id, no longer served. */
  takeView(sessionId: string): EventLog | undefined {
    const view = this.views.get(sessionId);
    this.views.delete(sessionId);
    return view?.log;
  }

  remove(sessionId: string): void {
    this.live.delete(sessionId);
  }

  /** Every live session and read-only log, no longer served. */
  takeAll(): { sessions: Session[]; views: EventLog[] } {
    const taken = { sessions: [...this.live.values()], views: [...this.views.values()].map((v) => v.log) };
    this.live.clear();
    this.views.clear();
    return taken;
  }

  sessions(): IterableIterator<Session> {
    return this.live.values();
  }

  /** Every session held, oldest first, with what a window coming back needs to show each in its tab. */
  list(): LiveSession[] {
    const views = [...this.views].map(([sessionId, v]): LiveSession => ({ sessionId, tabId: v.tabId, kind: 'recording', settings: null, profileId: null, recording: v.recording, summary: null, scenario: null }));
    return [...[...this.live.values()].map((s) => s.listed()), ...views];
  }
}
