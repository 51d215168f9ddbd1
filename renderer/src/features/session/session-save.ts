import { api } from '../../ipc/api';
import { CallError } from '../../../../shared/ipc/api';
import { useTabs } from '../../store/app-store';
import { useWorkspace } from '../profiles/workspace-store';
import { toSessionInput } from './saved-tabs';

/**
 * How often the open tabs may be written to session.json. Drafts change per
 * keystroke and a live log's summary every 32 ms, so changes are gathered
 * for a moment; what did not change is not sent at all.
 */
const EVERY_MS = 500;

/** The workspace the open tabs belong to; null while they are not yet restored (nothing must overwrite the saved ones). */
let workspacePath: string | null = null;
let timer: ReturnType<typeof setTimeout> | null = null;
/** what was last handed to the main process, as JSON */
let lastSent = '';
let running: Promise<void> = Promise.resolve();

/** From now on the open tabs are saved to this workspace; null stops saving (a switch is under way). */
export function saveTabsTo(path: string | null): void {
  if (timer) clearTimeout(timer);
  timer = null;
  workspacePath = path;
  lastSent = '';
  if (path) schedule();
}

/** The workspace the open tabs belong to, once restored. */
export function tabsWorkspace(): string | null {
  return workspacePath;
}

/** Saves what is pending now (before a switch of workspace, or as the page goes). */
export function flushSave(): Promise<void> {
  if (timer) clearTimeout(timer);
  timer = null;
  running = running.then(save);
  return running;
}

function schedule(): void {
  timer ??= setTimeout(() => {
    timer = null;
    void flushSave();
  }, EVERY_MS);
}

async function save(): Promise<void> {
  const path = workspacePath;
  if (!path) return;
  const w = useTabs.getState();
  const session = toSessionInput(w.order, w.tabs, w.active);
  const json = JSON.stringify(session);
  if (json === lastSent) return;
  lastSent = json;
  try {
    await api.call('workspace.saveSession', { path, session });
  } catch (e) {
    // a session.json that did not load is listed with the workspace's problems, once; a late save after a switch is simply dropped
    if (e instanceof CallError && (e.code === 'FILE_PROBLEM' || e.code === 'STALE')) return;
    // said once in the sidebar, and tried again with the next change
    lastSent = '';
    useWorkspace.setState({ problem: `The open tabs could not be saved: ${(e as Error).message}` });
  }
}

let started = false;

/** Follows the tabs: any change is saved a moment later; the page going saves what it can. */
export function startSaving(): void {
  if (started) return;
  started = true;
  useTabs.subscribe((w, before) => {
    if (workspacePath && (w.tabs !== before.tabs || w.order !== before.order || w.active !== before.active)) schedule();
  });
  addEventListener('pagehide', () => void flushSave());
}
