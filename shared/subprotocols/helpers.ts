import { z } from 'zod';

/**
 * The subprotocol helpers: a decoded layer shown over the frames (never
 * instead of them), and composers that write the protocol's messages.
 */
export const HELPERS = ['socketio', 'stomp', 'graphql-ws'] as const;
export type HelperId = (typeof HELPERS)[number];

/** A connection's helper: one of them, none, or `auto` (from the negotiated Sec-WebSocket-Protocol, or a Socket.IO URL). */
export const HelperChoice = z.enum(['auto', 'none', ...HELPERS]);
export type HelperChoice = z.output<typeof HelperChoice>;

export const HELPER_NAMES: Record<HelperId, string> = { socketio: 'Socket.IO', stomp: 'STOMP', 'graphql-ws': 'GraphQL' };

/** Subprotocol names a STOMP broker negotiates (RabbitMQ, ActiveMQ, Spring's broker relay). */
const STOMP_PROTOCOLS = new Set(['v10.stomp', 'v11.stomp', 'v12.stomp', 'stomp']);

/**
 * The helper a connection gets. `auto` reads the negotiated subprotocol
 * (graphql-transport-ws, vNN.stomp); Socket.IO negotiates none, so its URL
 * tells (the Engine.IO path or query). The older subscriptions-transport-ws
 * protocol, also named `graphql-ws` on the wire, is a different protocol and
 * gets no helper.
 */
export function chooseHelper(choice: HelperChoice | undefined, negotiated: string | undefined, url: string | undefined): HelperId | null {
  if (choice && choice !== 'auto') return choice === 'none' ? null : choice;
  const p = (negotiated ?? '').toLowerCase();
  if (p === 'graphql-transport-ws') return 'graphql-ws';
  if (STOMP_PROTOCOLS.has(p)) return 'stomp';
  if (url && /\/socket\.io\/|[?&]EIO=\d/.test(url)) return 'socketio';
  return null;
}
