import type { SavedTab, SessionInput } from '../../../../shared/session-file';
import { newTab, type AppState } from '../../store/app-store';

/** The live states a tab may be in when saved: restored, it offers to reconnect. */
const LIVE = new Set<AppState['phase']>(['connecting', 'open', 'closing']);

/** What of a tab is saved with the workspace: settings, profile, draft, view, filter and the recording it shows. */
export function toSavedTab(id: string, tab: AppState): SessionInput['tabs'][number] {
  const { dir, opcodes, ...filter } = tab.filterInput;
  return {
    id,
    kind: tab.recording ? 'recording' : 'connection',
    profileId: tab.profileId,
    settings: savedSettings(tab.settings),
    draft: { kind: tab.kind, text: tab.draft.text, binary: tab.draft.binary },
    view: tab.view,
    filter: { ...filter, ...(dir ? { dir } : {}), ...(opcodes?.length ? { opcodes } : {}) },
    recordingId: tab.recording?.id ?? tab.capture?.recordingId ?? tab.restored?.recordingId ?? null,
    // a restored tab that was never reconnected keeps saying so
    wasLive: LIVE.has(tab.phase) || (tab.restored?.wasLive ?? false),
  };
}

export function toSessionInput(order: string[], tabs: Record<string, AppState>, active: string): SessionInput {
  return { active, tabs: order.map((id) => toSavedTab(id, tabs[id])) };
}

/** A saved tab as it comes back: its settings, draft, view and typed filter; its log and connection are the restorer's to add. */
export function fromSavedTab(saved: SavedTab): AppState {
  const tab = newTab(saved.settings);
  return {
    ...tab,
    profileId: saved.profileId,
    kind: saved.draft.kind,
    draft: { text: saved.draft.text, binary: saved.draft.binary },
    view: saved.view,
    filterInput: { ...tab.filterInput, ...saved.filter },
  };
}

/**
 * The settings without what is undefined: the file is strict JSON and
 * compared as text, so an absent field and an undefined one must write the
 * same.
 */
function savedSettings(settings: AppState['settings']): AppState['settings'] {
  return JSON.parse(JSON.stringify(settings)) as AppState['settings'];
}
