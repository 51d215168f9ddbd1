import { useEffect } from 'react';
import { api } from '../../ipc/api';
import { useApp } from '../../store/app-store';
import { connect, disconnect, ping } from '../../store/actions';
import { sendDraft } from '../composer/composer-actions';
import { sendModeShown } from '../composer/send-modes';
import { MENU_SHORTCUTS, type MenuCommand } from '../../../../shared/ipc/events';
import { isAccelerator } from '../../lib/accelerator';
import { openShortcutSheet } from '../shortcuts/shortcut-sheet';

/** Does what the command's button does, and only when that button could be pressed. */
function run(command: MenuCommand): void {
  if (command === 'shortcuts') return openShortcutSheet();
  // a read-only recording has no connection to act on
  if (useApp.getState().recording) return;
  const phase = useApp.getState().phase;
  const live = phase === 'connecting' || phase === 'open' || phase === 'closing';
  if (command === 'connect' && !live) void connect();
  // the Composer's Send, when the Composer is what the Send area shows
  else if (command === 'send' && sendModeShown(useApp.getState()) === 'Compose') void sendDraft();
  // The menu has no payload field: an empty ping, the heartbeat's own kind.
  else if (command === 'ping' && phase === 'open') void ping('');
  // Like Disconnect: a normal closure (1000).
  else if (command === 'close' && (phase === 'connecting' || phase === 'open')) void disconnect();
}

/** Typing into a field: ? is a character there, not a command. */
function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.isContentEditable || el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT');
}

/**
 * The desktop app's menus (pushed as `menu.command`), and in browser mode,
 * which has no menu, the same shortcuts from the keyboard. Caught before
 * Monaco sees them, so Ctrl+Enter sends rather than adding a line.
 */
export function useMenuCommands(): void {
  useEffect(() => api.on('menu.command', ({ command }) => run(command)), []);
  useEffect(() => {
    const browserMode = window.framescope === undefined;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === '?' && !typing(e.target)) {
        e.preventDefault();
        return openShortcutSheet();
      }
      if (!browserMode) return;
      for (const [command, acc] of Object.entries(MENU_SHORTCUTS) as [MenuCommand, string][]) {
        // Send is the editor's: elsewhere Ctrl+Enter keeps its own meaning
        if (!isAccelerator(e, acc) || (command === 'send' && !(e.target as HTMLElement | null)?.closest('.composer'))) continue;
        e.preventDefault();
        e.stopPropagation();
        return run(command);
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);
}
