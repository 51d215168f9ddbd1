import { api } from '../../ipc/api';
import { applySnapshot, newTab, newTabId, patchTab, replaceTabs, useTabs, type AppState } from '../../store/app-store';
import type { LiveSession } from '../../../../shared/ipc/live-session';
import type { SavedTab } from '../../../../shared/session-file';
import { commit as applyFilterInput } from '../log/filter-actions';
import { catchUp } from '../recordings/recordings-store';
import { fromSavedTab } from './saved-tabs';
import { saveTabsTo } from './session-save';

/** A tab about to be put in place, and what fills it once it is there. */
interface Built {
  id: string;
  state: AppState;
  /** a live session's summary, taken whole */
  snapshot?: LiveSession['summary'];
  /** a read-only log (a recording) to read the head and tail of */
  readLog?: boolean;
}

const LIVE_PHASES = new Set<AppState['phase']>(['connecting', 'open', 'closing']);

/**
 * Puts the workspace's saved tabs (session.json) in place of the open ones,
 * each joined to its session if the main process still holds it (a reload,
 * a reopened window): those come back live, with their logs. The others
 * come back as they were saved, showing the recording of their last
 * connection, and connect only when asked. `adoptStrays` also gives a tab to
 * each live session no saved tab names (a reload before the tabs were
 * saved); `skip` names sessions on their way out (a workspace being left).
 * Returns the workspace the tabs belong to (null when none is open).
 */
export async function restoreTabs(o: { adoptStrays: boolean; skip?: Set<string> }): Promise<string | null> {
  const saved = await api.call('workspace.session', {}).catch(() => null);
  const listed = await api.call('session.list', {}).catch(() => ({ sessions: [] as LiveSession[] }));
  const sessions = listed.sessions.filter((l) => !o.skip?.has(l.sessionId));
  // a tab's connection before its read-only view: a view only stands in for a connection that is gone
  const byTab = new Map<string, LiveSession>();
  for (const l of sessions) if (l.tabId && (!byTab.has(l.tabId) || l.kind !== 'recording')) byTab.set(l.tabId, l);
  const used = new Set<string>();
  const built: Built[] = [];
  const toOpen: { id: string; recordingId: string; asRecording: boolean }[] = [];

  for (const t of saved?.session?.tabs ?? []) {
    const l = byTab.get(t.id);
    if (l) used.add(l.sessionId);
    built.push(restoredTab(t, l, toOpen));
  }
  // at start, a tab the person already used while the saved ones were on their way (typed a URL, connected) stays
  const touched = o.adoptStrays ? touchedTabs() : [];
  if (o.adoptStrays) {
    const taken = new Set(built.map((b) => b.id));
    for (const t of touched) {
      taken.add(t.id);
      // its own session, if it connected meanwhile, is the tab's already
      for (const l of sessions) if (l.tabId === t.id) used.add(l.sessionId);
    }
    for (const l of sessions) {
      if (used.has(l.sessionId)) continue;
      const id = l.tabId && !taken.has(l.tabId) ? l.tabId : newTabId();
      taken.add(id);
      built.push(strayTab(id, l));
    }
  }

  const w = useTabs.getState();
  const keep = touched.filter((t) => w.tabs[t.id]).map((t) => ({ id: t.id, state: w.tabs[t.id] }));
  replaceTabs([...built, ...keep], keep.some((t) => t.id === w.active) ? w.active : (saved?.session?.active ?? null));
  for (const b of built) {
    if (b.snapshot) applySnapshot(b.snapshot);
    // a filter comes back as typed, and is applied as if just typed
    if (JSON.stringify(b.state.filterInput) !== JSON.stringify(newTab().filterInput)) applyFilterInput(b.id);
  }
  // the saved tabs are on screen: from now on their changes are saved (the recordings below fill in meanwhile)
  saveTabsTo(saved?.path ?? null);
  await Promise.all([
    ...built.filter((b) => b.readLog && b.state.sessionId).map((b) => readLog(b.id, b.state.sessionId!)),
    ...toOpen.map((r) => openLog(r.id, r.recordingId, r.asRecording)),
  ]);
  return saved?.path ?? null;
}

/** The open tabs someone has used: a URL or other settings changed, a draft typed, a connection opened. */
function touchedTabs(): { id: string }[] {
  const w = useTabs.getState();
  const fresh = newTab();
  const used = (t: AppState) => t.sessionId !== null || t.recording !== null || JSON.stringify(t.settings) !== JSON.stringify(fresh.settings) || t.draft.text !== '' || t.draft.binary !== '';
  return w.order.filter((id) => used(w.tabs[id])).map((id) => ({ id }));
}

/** A saved tab, joined to its live session or view when there is one; a recording still to open is added to `toOpen`. */
function restoredTab(t: SavedTab, l: LiveSession | undefined, toOpen: { id: string; recordingId: string; asRecording: boolean }[]): Built {
  const state = fromSavedTab(t);
  if (l && l.kind !== 'recording') {
    // its connection lives on: the tab is live again, its log and panels from the summary taken whole
    return { id: t.id, state: { ...state, sessionId: l.sessionId, phase: 'connecting' }, snapshot: l.summary };
  }
  const recording = t.kind === 'recording';
  if (l) {
    // the view it showed before the reload is still open
    return { id: t.id, state: { ...state, sessionId: l.sessionId, recording: l.recording, phase: 'closed', restored: recording ? null : { wasLive: t.wasLive, recordingId: t.recordingId } }, readLog: true };
  }
  if (t.recordingId) toOpen.push({ id: t.id, recordingId: t.recordingId, asRecording: recording });
  return { id: t.id, state: { ...state, restored: recording ? null : { wasLive: t.wasLive, recordingId: t.recordingId } } };
}

/** A tab for a session no saved tab names. */
function strayTab(id: string, l: LiveSession): Built {
  const settings = (l.settings ?? { url: l.recording?.url ?? '', headers: [], subprotocols: [] }) as AppState['settings'];
  const state: AppState = { ...newTab(settings), profileId: l.profileId, sessionId: l.sessionId, scenario: l.scenario };
  if (l.kind === 'recording') return { id, state: { ...state, recording: l.recording, phase: 'closed' }, readLog: true };
  return { id, state: { ...state, phase: 'connecting' }, snapshot: l.summary };
}

/** Opens the recording a restored tab showed, as its log; one that is gone is said so in the tab. */
async function openLog(tabId: string, recordingId: string, asRecording: boolean): Promise<void> {
  const out = await api.call('recordings.open', { id: recordingId, tabId }).catch((e: Error) => e);
  if (!useTabs.getState().tabs[tabId]) return;
  if (out instanceof Error) {
    patchTab(tabId, { recording: null, notice: `The recording this tab showed could not be opened: ${out.message}` });
    return;
  }
  patchTab(tabId, { sessionId: out.sessionId, phase: 'closed', ...(asRecording ? { recording: out.recording } : {}) });
  await readLog(tabId, out.sessionId);
}

/** Fills the panels from a read-only log; a restored tab is never shown live, whatever its recording ended on. */
async function readLog(tabId: string, sessionId: string): Promise<void> {
  await catchUp(tabId, sessionId);
  const tab = useTabs.getState().tabs[tabId];
  if (tab && LIVE_PHASES.has(tab.phase)) patchTab(tabId, { phase: 'closed' });
}
