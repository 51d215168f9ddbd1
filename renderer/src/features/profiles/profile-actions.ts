import { api } from '../../ipc/api';
import { activeTabId, addTab, patchTab, useApp, useTabs, type AppState } from '../../store/app-store';
import { connect } from '../../store/actions';
import type { ConnectSettings } from '../../../../shared/ipc/schemas';
import type { Profile, SavedMessage } from '../../../../shared/workspace';
import { ask } from '../../lib/ask';
import { keepLoaded, setView, loadProfile, useWorkspace, workspaceCall, type Loaded } from './workspace-store';

/** The active tab's connection settings as a profile keeps them, heartbeat included. */
function settingsOfTab(tab: AppState): ConnectSettings {
  const interval = Number(tab.intervalMs) || undefined;
  const timeout = Number(tab.pongTimeoutMs) || undefined;
  return { ...tab.settings, autoPong: tab.autoPong, pingInterval: interval, pongTimeout: interval ? timeout : undefined };
}

function rememberTabRevision(tabId: string, revision: string): void {
  useWorkspace.setState((s) => ({ tabRevisions: { ...s.tabRevisions, [tabId]: revision } }));
}

/** Puts a profile's settings in a tab, where the connection bar, options and heartbeat panel show them. */
function loadIntoTab(tabId: string, { profile, revision }: Loaded): void {
  const { autoPong, pingInterval, pongTimeout, ...settings } = profile.settings;
  patchTab(tabId, {
    settings,
    autoPong,
    intervalMs: pingInterval ? String(pingInterval) : '',
    pongTimeoutMs: pongTimeout ? String(pongTimeout) : '',
    profileId: profile.id,
  });
  rememberTabRevision(tabId, revision);
}

/**
 * The list follows the files: the main process also pushes the change, this
 * just does not wait for it. A failure here stays silent so that the problem
 * of the call before it stays on screen.
 */
async function refresh(): Promise<void> {
  await api.call('workspace.get', {}).then((out) => setView(out.workspace), () => undefined);
}

/** A profile as sent to be saved: no id yet when new, settings as the tab holds them. */
type ProfileDraft = Omit<Profile, 'id' | 'formatVersion' | 'settings'> & { id?: string; settings: ConnectSettings };

/**
 * Writes a profile. With the revision it was based on, a file changed on disk
 * meanwhile is not overwritten: the call fails and the conflict is listed for
 * the person to choose (the refresh brings it in).
 */
async function saveWhole({ id, name, settings, messages, variables }: ProfileDraft, baseRevision?: string): Promise<Loaded | null> {
  const out = await workspaceCall('profiles.save', { profile: { id, name, settings, messages, variables }, baseRevision });
  await refresh();
  return out && keepLoaded(out);
}

/**
 * Saves the active tab's settings under `name`: into the profile the tab came
 * from (keeping its messages and variables), or, with `asNew` or no such
 * profile, as a new one that the tab then belongs to.
 */
export async function saveTabAsProfile(name: string, asNew: boolean): Promise<boolean> {
  const tabId = activeTabId();
  const tab = useTabs.getState().tabs[tabId];
  const settings = settingsOfTab(tab);
  // another profile of that name: never a silent second one; overwrite it, or save under a free name
  const summaries = useWorkspace.getState().view?.profiles ?? [];
  const taken = summaries.find((p) => p.name === name && (asNew || p.id !== tab.profileId));
  if (taken) {
    const free = freeName(name, summaries.map((p) => p.name));
    const choice = await ask({
      title: `A profile named “${name}” exists`,
      body: `Overwrite its settings with this tab’s (its saved messages and variables stay), or save this tab as “${free}”?`,
      choices: [
        { label: 'Cancel', value: 'cancel' },
        { label: `Save as “${free}”`, value: 'rename' },
        { label: `Overwrite “${name}”`, value: 'overwrite' },
      ],
    });
    if (choice === 'rename') return saveTabAsProfile(free, true);
    if (choice !== 'overwrite') return false;
    const loaded = await loadProfile(taken.id);
    if (!loaded) return false;
    patchTab(tabId, { profileId: taken.id });
    rememberTabRevision(tabId, loaded.revision);
    return saveTabAsProfile(name, false);
  }
  const current = tab.profileId && !asNew ? (useWorkspace.getState().profiles[tab.profileId] ?? (await loadProfile(tab.profileId))) : null;
  const saved = current
    ? await saveWhole({ ...current.profile, name, settings }, useWorkspace.getState().tabRevisions[tabId] ?? current.revision)
    : await saveWhole({ name, settings, messages: [], variables: {} });
  if (saved) {
    patchTab(tabId, { profileId: saved.profile.id });
    rememberTabRevision(tabId, saved.revision);
  }
  return saved !== null;
}

/** `name 2`, `name 3`…: the first that no profile has. */
function freeName(name: string, names: string[]): string {
  for (let n = 2; ; n++) if (!names.includes(`${name} ${n}`)) return `${name} ${n}`;
}

/** One click: the profile's settings in the active tab (a new tab if this one is live), then connect with its variables. */
export async function connectFromProfile(id: string): Promise<void> {
  const loaded = await loadProfile(id);
  if (!loaded) return;
  const phase = useApp.getState().phase;
  const live = phase === 'connecting' || phase === 'open' || phase === 'closing';
  loadIntoTab(live ? addTab() : activeTabId(), loaded);
  await connect();
}

/** The profile's settings in the active tab, to look at or change before connecting. */
export async function openProfile(id: string): Promise<void> {
  const loaded = await loadProfile(id);
  if (loaded) loadIntoTab(activeTabId(), loaded);
}

export async function renameProfile(id: string, name: string): Promise<boolean> {
  const out = await workspaceCall('profiles.rename', { id, name });
  if (out) keepLoaded(out);
  await refresh();
  return out !== null;
}

export async function duplicateProfile(id: string): Promise<void> {
  await workspaceCall('profiles.duplicate', { id });
  await refresh();
}

export async function deleteProfile(id: string): Promise<void> {
  await workspaceCall('profiles.delete', { id });
  await refresh();
}

/** Changes a profile's saved messages, based on the file as it is now. */
async function editMessages(id: string, edit: (messages: SavedMessage[]) => SavedMessage[]): Promise<boolean> {
  const loaded = await loadProfile(id);
  if (!loaded) return false;
  return (await saveWhole({ ...loaded.profile, messages: edit(loaded.profile.messages) }, loaded.revision)) !== null;
}

/** Adds a saved message, or replaces the one with the same name. */
export function putSavedMessage(id: string, message: SavedMessage): Promise<boolean> {
  return editMessages(id, (messages) =>
    messages.some((m) => m.name === message.name) ? messages.map((m) => (m.name === message.name ? message : m)) : [...messages, message],
  );
}

export async function removeSavedMessage(id: string, name: string): Promise<void> {
  await editMessages(id, (messages) => messages.filter((m) => m.name !== name));
}

/** Sends a saved message on the active tab's connection; the main process resolves its variables. */
export async function sendSaved(profileId: string, message: string): Promise<void> {
  const tabId = activeTabId();
  const sessionId = useTabs.getState().tabs[tabId].sessionId;
  if (!sessionId) return;
  try {
    await api.call('session.sendSaved', { sessionId, profileId, message });
    patchTab(tabId, { notice: null });
  } catch (e) {
    patchTab(tabId, { notice: (e as Error).message });
  }
}
