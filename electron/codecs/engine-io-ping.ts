import type { EngineEvent } from '../protocol/events.js';

/**
 * An Engine.IO v4 ping from the server: the text message `2` (a probe is
 * `2probe`, sent only while upgrading from polling, which a WebSocket-only
 * connection never does). Checked on every incoming message of a Socket.IO
 * connection, so it looks at the length and one byte, nothing more.
 */
export function isEngineIoPing(e: EngineEvent): boolean {
  return e.type === 'message' && e.dir === 'in' && e.opcode === 1 && e.length === 1 && e.data[0] === 0x32;
}
