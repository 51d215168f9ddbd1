import type { Decoded } from '../codecs/decoded.js';

/**
 * graphql-transport-ws (the `graphql-ws` library's protocol): JSON text
 * messages `{type, id?, payload?}` through connection_init, connection_ack,
 * then subscribe, next/error/complete per operation id, with ping and pong.
 */
export const GRAPHQL_WS_PROTOCOL = 'graphql-transport-ws';
export const MESSAGE_TYPES = ['connection_init', 'connection_ack', 'ping', 'pong', 'subscribe', 'next', 'error', 'complete'] as const;
export type GraphqlWsType = (typeof MESSAGE_TYPES)[number];

export interface GraphqlWsMessage {
  type: GraphqlWsType;
  id?: string;
  payload?: Decoded;
}

/** The protocol's close codes, by name (graphql-ws's CloseCode). */
export const GRAPHQL_WS_CLOSE_CODES: Record<number, string> = {
  4004: 'Bad response',
  4005: 'Internal client error',
  4400: 'Bad request',
  4401: 'Unauthorized',
  4403: 'Forbidden',
  4406: 'Subprotocol not acceptable',
  4408: 'Connection initialisation timeout',
  4409: 'Subscriber already exists',
  4429: 'Too many initialisation requests',
  4500: 'Internal server error',
  4504: 'Connection acknowledgement timeout',
};

export class GraphqlWsError extends Error {}

const NEEDS_ID = new Set<GraphqlWsType>(['subscribe', 'next', 'error', 'complete']);

/** One text message; throws GraphqlWsError naming what does not follow the protocol. */
export function parseGraphqlWs(text: string): GraphqlWsMessage {
  let m: unknown;
  try {
    m = JSON.parse(text);
  } catch (e) {
    throw new GraphqlWsError(`not JSON: ${(e as Error).message}`);
  }
  if (!m || typeof m !== 'object' || Array.isArray(m)) throw new GraphqlWsError('a message is a JSON object');
  const o = m as Record<string, Decoded>;
  if (!MESSAGE_TYPES.includes(o.type as GraphqlWsType)) throw new GraphqlWsError(`unknown message type ${JSON.stringify(o.type)}`);
  const type = o.type as GraphqlWsType;
  if (NEEDS_ID.has(type) && (typeof o.id !== 'string' || !o.id)) throw new GraphqlWsError(`a ${type} message needs an id`);
  if (type === 'subscribe' && (!o.payload || typeof o.payload !== 'object' || typeof (o.payload as Record<string, unknown>).query !== 'string')) {
    throw new GraphqlWsError('a subscribe message needs a payload with a query');
  }
  return { type, ...(typeof o.id === 'string' ? { id: o.id } : {}), ...('payload' in o ? { payload: o.payload } : {}) };
}

/** The subscribe message for an operation. */
export function encodeSubscribe(id: string, query: string, o: { variables?: Record<string, Decoded>; operationName?: string } = {}): string {
  return JSON.stringify({ id, type: 'subscribe', payload: { query, ...(o.variables ? { variables: o.variables } : {}), ...(o.operationName ? { operationName: o.operationName } : {}) } });
}

/**
 * Operations by id, as the log shows them: each subscribe with the results
 * it got and how it ended, built from the messages in order.
 */
export class GraphqlWsOperations {
  readonly byId = new Map<string, { query: string; next: number; errors: Decoded[]; state: 'running' | 'complete' | 'error' | 'cancelled' }>();

  note(m: GraphqlWsMessage, dir: 'in' | 'out'): void {
    if (!m.id) return;
    const op = this.byId.get(m.id);
    if (m.type === 'subscribe') this.byId.set(m.id, { query: queryOf(m.payload), next: 0, errors: [], state: 'running' });
    else if (!op) return;
    else if (m.type === 'next') op.next++;
    else if (m.type === 'error') {
      op.errors.push(m.payload ?? null);
      op.state = 'error';
    }
    else if (m.type === 'complete') op.state = dir === 'out' ? 'cancelled' : 'complete';
  }
}

function queryOf(payload: Decoded | undefined): string {
  const q = payload && typeof payload === 'object' && !Array.isArray(payload) ? payload.query : undefined;
  return typeof q === 'string' ? q : JSON.stringify(q ?? null);
}
