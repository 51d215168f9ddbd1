import { useEffect } from 'react';
import { api } from '../../ipc/api';
import { useApp } from '../../store/app-store';
import { connect, disconnect, ping } from '../../store/actions';
import { sendFromComposer } from '../composer/composer-send';

/**
 * The desktop app's Connection menu (pushed as `menu.command`; browser mode
 * never sends it). Each command does what its button does, and only when
 * that button could be pressed.
 */
export function useMenuCommands(): void {
  useEffect(
    () =>
      api.on('menu.command', ({ command }) => {
        // a read-only recording has no connection to act on
        if (useApp.getState().recording) return;
        const phase = useApp.getState().phase;
        const live = phase === 'connecting' || phase === 'open' || phase === 'closing';
        if (command === 'connect' && !live) void connect();
        else if (command === 'send') sendFromComposer();
        // The menu has no payload field: an empty ping, the heartbeat's own kind.
        else if (command === 'ping' && phase === 'open') void ping('');
        // Like Disconnect: a normal closure (1000).
        else if (command === 'close' && (phase === 'connecting' || phase === 'open')) void disconnect();
      }),
    [],
  );
}
