import { api } from '../../ipc/api';
import { activeTabId, patchTab, useWorkspace } from '../../store/app-store';
import { toFilter, type FilterInput } from './filter-input';

/**
 * How long typing may pause before the filter runs: over a large log each
 * new filter starts a scan, and one per keystroke would be wasted.
 */
const SETTLE_MS = 300;

const pending = new Map<string, ReturnType<typeof setTimeout>>();

/** Reads the tab's typed filter and applies it, or says why it cannot. */
function commit(tabId: string): void {
  pending.delete(tabId);
  const tab = useWorkspace.getState().tabs[tabId];
  if (!tab) return;
  const now = Date.now();
  const r = tab.recording;
  const ctx = r ? { day: r.start, end: r.start + r.durationMs } : { day: tab.logStart ?? now, end: now };
  const out = toFilter(tab.filterInput, ctx);
  if ('problem' in out) {
    // the log keeps showing the last filter that read as one
    patchTab(tabId, { filterProblem: out.problem });
    return;
  }
  const same = JSON.stringify(out.filter) === JSON.stringify(tab.filter);
  patchTab(tabId, same ? { filterProblem: null } : { filter: out.filter, filterProblem: null });
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
  const { sessionId } = useWorkspace.getState().tabs[tabId];
  if (!sessionId) return;
  await api.call('log.cancelScan', { sessionId }).catch((e: Error) => patchTab(tabId, { notice: e.message }));
}
