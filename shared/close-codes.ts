import { GRAPHQL_WS_CLOSE_CODES, GRAPHQL_WS_PROTOCOL } from './subprotocols/graphql-ws.js';

/** Names of the registered close codes (RFC 6455 section 7.4 and the IANA registry). */
export const CLOSE_CODE_NAMES: Record<number, string> = {
  1000: 'Normal Closure',
  1001: 'Going Away',
  1002: 'Protocol Error',
  1003: 'Unsupported Data',
  1005: 'No Status Received',
  1006: 'Abnormal Closure',
  1007: 'Invalid Payload Data',
  1008: 'Policy Violation',
  1009: 'Message Too Big',
  1010: 'Mandatory Extension',
  1011: 'Internal Error',
  1012: 'Service Restart',
  1013: 'Try Again Later',
  1014: 'Bad Gateway',
  1015: 'TLS Handshake',
};

/** A close code's name; with the negotiated subprotocol, a code that protocol defines by its name there (graphql-transport-ws's 4400, 4401, 4403...). */
export function closeCodeName(code: number, protocol?: string): string {
  if (CLOSE_CODE_NAMES[code]) return CLOSE_CODE_NAMES[code];
  if (protocol === GRAPHQL_WS_PROTOCOL && GRAPHQL_WS_CLOSE_CODES[code]) return `graphql-ws: ${GRAPHQL_WS_CLOSE_CODES[code]}`;
  if (code >= 3000 && code <= 3999) return 'Registered (library/framework)';
  if (code >= 4000 && code <= 4999) return 'Private use';
  return 'Unassigned';
}
