import { create } from 'zustand';
import { api } from '../../ipc/api';
import { callSaying } from '../../ipc/call-saying';
import { activeTabId, addTab, applyEvents, newTabId, patchTab, useTabs } from '../../store/app-store';
import type { CallInput, CallName, CallOutput } from '../../../../shared/ipc/schemas';
import type { ComparedMessage, RecordingSummary, Retention } from '../../../../shared/recordings';
import { ask } from '../../lib/ask';

export type ExportFormat = CallInput<'recordings.export'>['format'];

export interface Comparison {
  left: RecordingSummary;
  right: RecordingSummary;
  messages: ComparedMessage[];
  differences: number;
}

interface RecordingsState {
  recordings: RecordingSummary[];
  retention: Retention;
  /** the last failed recordings call, worded by the main process */
  problem: string | null;
  /** what the last import did, said once under the list */
  imported: string | null;
  comparison: Comparison | null;
}

export const useRecordings = create<RecordingsState>()(() => ({
  recordings: [],
  retention: { maxTotalBytes: null },
  problem: null,
  imported: null,
  comparison: null,
}));

/**
 * Runs a recordings call; a failure is said where the person acted: in the
 * tab whose header had the button, or else under the sidebar's list.
 */
function call<C extends CallName>(name: C, input: CallInput<C>, tabId?: string): Promise<CallOutput<C> | null> {
  return callSaying(name, input, (problem) => (tabId ? patchTab(tabId, { notice: problem }) : useRecordings.setState({ problem })));
}

export async function refreshRecordings(): Promise<void> {
  const out = await call('recordings.list', {});
  if (out) useRecordings.setState({ recordings: out.recordings, retention: out.retention });
}

export async function renameRecording(id: string, name: string): Promise<boolean> {
  const out = await call('recordings.rename', { id, name });
  if (out) await refreshRecordings();
  return out !== null;
}

export async function pinRecording(id: string, pinned: boolean): Promise<void> {
  if (await call('recordings.pin', { id, pinned })) await refreshRecordings();
}

export async function deleteRecording(id: string): Promise<void> {
  if (await call('recordings.delete', { id })) await refreshRecordings();
}

export async function setRetention(maxTotalBytes: number | null): Promise<void> {
  // retention may delete old recordings at once, so the list is read again
  if (await call('recordings.setRetention', { maxTotalBytes })) await refreshRecordings();
}

/** Events read up front so the handshake panel and close summary are filled. */
const EDGE_EVENTS = 50;

/**
 * Folds the head of a log (handshake, open) and its tail (close) into the tab
 * like pushed batches, so the same panels a live tab has are filled. Skipped
 * if a batch reached the tab meanwhile: it is newer than what was read.
 */
export async function catchUp(tabId: string, sessionId: string): Promise<void> {
  const head = await call('log.range', { sessionId, from: 0, count: EDGE_EVENTS });
  if (!head) return;
  const tailFrom = Math.max(EDGE_EVENTS, head.total - EDGE_EVENTS);
  const tail = head.total > tailFrom ? await call('log.range', { sessionId, from: tailFrom, count: EDGE_EVENTS }) : null;
  if (useTabs.getState().tabs[tabId]?.revision === 0) applyEvents(sessionId, [...head.events, ...(tail?.events ?? [])], head.total);
}

/** Opens a recording read-only in a new tab; the frame log and inspector read it through log.* like a live log. */
export async function openRecording(id: string): Promise<void> {
  const tabId = newTabId();
  const out = await call('recordings.open', { id, tabId });
  if (!out) return;
  const { sessionId, recording } = out;
  addTab({ url: recording.url, headers: [], subprotocols: [] }, tabId);
  patchTab(tabId, { sessionId, recording, phase: 'closed' });
  await catchUp(tabId, sessionId);
}

/** The browser saves the file the person asked for (Electron, with no download handler of its own, asks where). */
export async function exportRecording(id: string, format: ExportFormat, unmaskSecrets = false): Promise<void> {
  const out = await call('recordings.export', { id, format, unmaskSecrets }, activeTabId());
  if (!out) return;
  const href = URL.createObjectURL(new Blob([out.content], { type: out.mimeType }));
  const a = document.createElement('a');
  a.href = href;
  a.download = out.fileName;
  a.click();
  // the download has taken its copy once click() returns to the event loop
  setTimeout(() => URL.revokeObjectURL(href), 0);
}

/**
 * Imports a HAR and opens what it holds in a tab; the same file imported
 * before is said so, with the way to open what it made then.
 */
export async function importHar(file: File): Promise<void> {
  const out = await call('recordings.importHar', { fileName: file.name, content: await file.text() });
  if (!out) return;
  if (out.alreadyImported.length) {
    const first = out.alreadyImported[0];
    const choice = await ask({
      title: 'Imported before',
      body: `${file.name} was imported before, as “${first.name}”${out.alreadyImported.length > 1 ? ` and ${out.alreadyImported.length - 1} more` : ''}. Nothing was imported again.`,
      choices: [
        { label: 'Leave it', value: 'leave' },
        { label: 'Open the existing recording', value: 'open' },
      ],
    });
    if (choice === 'open') await openRecording(first.id);
    return;
  }
  const n = out.recordings.length;
  const names = out.recordings.map((r) => `“${r.name}”`).join(', ');
  const p = out.profileIds.length;
  const profiles = p === 0 ? '' : p === 1 ? ' A profile was created from its URL and request headers.' : ` ${p} profiles were created from their URLs and request headers.`;
  useRecordings.setState({
    imported: n === 0 ? `${file.name} holds no WebSocket connection.` : `Imported ${n} recording${n === 1 ? '' : 's'} from ${file.name}: ${names}.${profiles}`,
  });
  await refreshRecordings();
  if (out.recordings[0]) await openRecording(out.recordings[0].id);
}

/** A replay is a live connection: it gets its own ordinary tab, and its own recording. */
export async function replayRecording(recording: RecordingSummary, url: string, timing: 'original' | 'fast'): Promise<void> {
  const target = url.trim() || recording.url;
  const tabId = newTabId();
  const out = await call('recordings.replay', { id: recording.id, url: target === recording.url ? undefined : target, timing, tabId }, activeTabId());
  if (!out) return;
  addTab({ url: target, headers: [], subprotocols: [] }, tabId);
  patchTab(tabId, { sessionId: out.sessionId, phase: 'connecting' });
  // its first batches may have been pushed before the tab knew the session
  await catchUp(tabId, out.sessionId);
  await refreshRecordings();
}

export async function compareRecordings(leftId: string, rightId: string): Promise<void> {
  const { recordings } = useRecordings.getState();
  const left = recordings.find((r) => r.id === leftId);
  const right = recordings.find((r) => r.id === rightId);
  if (!left || !right) return;
  const out = await call('recordings.compare', { left: leftId, right: rightId });
  if (out) useRecordings.setState({ comparison: { left, right, ...out } });
}

let started = false;

/** Loads the list once and follows it: the main process says when a recording started, ended or changed. */
export function startRecordings(): void {
  if (started) return;
  started = true;
  api.on('recordings.changed', () => void refreshRecordings());
  // a workspace opened elsewhere has recordings of its own
  api.on('workspace.changed', () => void refreshRecordings());
  // the connection goes on without its recording: said in its tab, where the person looks
  api.on('recordings.problem', ({ sessionId, message }) => {
    const w = useTabs.getState();
    const tabId = w.order.find((id) => w.tabs[id].sessionId === sessionId);
    if (tabId) patchTab(tabId, { notice: `Not recorded: ${message}` });
  });
  void refreshRecordings();
}
