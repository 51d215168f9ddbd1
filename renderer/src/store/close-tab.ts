import { api } from '../ipc/api';
import { ask } from '../lib/ask';
import { removeTab, useTabs } from './app-store';

/**
 * Closes a tab. One with a live connection asks first, then has the main
 * process close it with 1001 (going away) before letting it go, so the
 * server sees a clean close rather than a dropped socket.
 */
export async function requestCloseTab(tabId: string): Promise<void> {
  const tab = useTabs.getState().tabs[tabId];
  if (!tab) return;
  const live = tab.phase === 'connecting' || tab.phase === 'open' || tab.phase === 'closing';
  if (live) {
    const choice = await ask({
      title: 'Close this tab?',
      body: `Its connection to ${tab.settings.url} is still ${tab.phase === 'open' ? 'open' : tab.phase}. Closing the tab closes it with 1001 (going away); its recording stays in the workspace.`,
      choices: [
        { label: 'Keep the tab', value: 'keep' },
        { label: 'Close the connection and the tab', value: 'close' },
      ],
    });
    if (choice !== 'close') return;
  }
  if (tab.sessionId) await api.call('session.dispose', { sessionId: tab.sessionId, goingAway: live }).catch(() => undefined);
  removeTab(tabId);
}
