/**
 * The Electron IPC wire: every call travels on one invoke channel and every
 * push on one send channel, so main validates a single entry point and the
 * preload exposes nothing channel-shaped.
 */
export const CALL_CHANNEL = 'framescope:call';
export const PUSH_CHANNEL = 'framescope:push';
