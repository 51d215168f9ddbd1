import { api } from '../../ipc/api';
import { activeTabId, patchTab, useTabs } from '../../store/app-store';
import { toFilter, type FilterInput } from '../../lib/filter-input';

/**
 * How long typing may pause before the filter runs: over a large log each
 * new filter starts a scan, and one per keystroke would be wasted.
 */
const SETTLE_MS = 300;

const pending = new Map<string, ReturnType<typeof setTimeout>>();

/** Reads the tab's typed filter and applies it, saying what in it cannot be read (also for a tab restored with its filter). */
export function commit(tabId: string): void {
  pending.delete(tabId);
  const tab = useTabs.getState().tabs[tabId];
  if (!tab) return;
  const now = Date.now();
  const r = tab.recording;
  const ctx = r ? { day: r.start, end: r.start + r.durationMs } : { day: tab.logStart ?? now, end: now };
  const { filter, problem } = toFilter(tab.filterInput, ctx, tab.filter);
  const same = JSON.stringify(filter) === JSON.stringify(tab.filter);
  patchTab(tabId, same ? { filterProblem: problem } : { filter, filterProblem: problem });
}

/**
 * Changes the active tab's typed filter. Choices (toggles, menus) and Enter
 * apply at once; typing applies once it pauses.
 */
export function editFilter(patch: Partial<FilterInput>, when: 'now' | 'settled' = 'now'): void {
  const tabId = activeTabId();
  patchTab(tabId, (s) => ({ filterInput: { ...s.filterInput, ...patch } }));
  clearTimeout(pending.get(tabId));
  if (when === 'now') commit(tabId);
  else pending.set(tabId, setTimeout(() => commit(tabId), SETTLE_MS));
}

/** Applies what is typed now (Enter): a "last 30 s" counts again from this moment. */
export function applyFilterNow(): void {
  editFilter({});
}

/** Stops the active log's filter scan; what it found stays listed. */
export async function cancelScan(): Promise<void> {
  const tabId = activeTabId();
  const { sessionId } = useTabs.getState().tabs[tabId];
  if (!sessionId) return;
  await api.call('log.cancelScan', { sessionId }).catch((e: Error) => patchTab(tabId, { notice: e.message }));
}
