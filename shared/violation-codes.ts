/**
 * Every code a connection's `error` event can carry (the README's "Error
 * codes" table): what the engine finds wrong on the wire or in the
 * handshake, what its host fails the connection for, and why the transport
 * could not be made or broke. A stable list, so the CLI, the services and
 * the renderer can tell codes apart without matching strings by hand.
 */
export const VIOLATION_CODES = [
  'WS_ERR_INVALID_OPCODE',
  'WS_ERR_UNEXPECTED_RSV_1',
  'WS_ERR_UNEXPECTED_RSV_2',
  'WS_ERR_UNEXPECTED_RSV_3',
  'WS_ERR_UNEXPECTED_MASK',
  'WS_ERR_EXPECTED_FIN',
  'WS_ERR_INVALID_CONTROL_PAYLOAD_LENGTH',
  'WS_ERR_INVALID_PAYLOAD_LENGTH',
  'WS_ERR_UNEXPECTED_CONTINUATION',
  'WS_ERR_EXPECTED_CONTINUATION',
  'WS_ERR_INVALID_CLOSE_CODE',
  'WS_ERR_INVALID_CLOSE_PAYLOAD',
  'WS_ERR_INVALID_UTF8',
  'WS_ERR_INFLATE',
  'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH',
  'WS_ERR_PONG_TIMEOUT',
  'WS_ERR_SEND_TIMEOUT',
  'WS_ERR_FRAME_AFTER_CLOSE',
  'WS_ERR_CLOSE_TIMEOUT',
  'WS_ERR_TRUNCATED_FRAME',
  'WS_ERR_HANDSHAKE_STATUS',
  'WS_ERR_HANDSHAKE_UPGRADE',
  'WS_ERR_HANDSHAKE_CONNECTION',
  'WS_ERR_HANDSHAKE_ACCEPT',
  'WS_ERR_HANDSHAKE_PROTOCOL',
  'WS_ERR_HANDSHAKE_EXTENSION',
  'WS_ERR_HANDSHAKE_MALFORMED',
  'WS_ERR_HANDSHAKE_EOF',
  'WS_ERR_HANDSHAKE_REQUEST',
  'WS_ERR_CONNECT_TIMEOUT',
  'WS_ERR_CONNECTION_REFUSED',
  'WS_ERR_CONNECTION_RESET',
  'WS_ERR_DNS',
  'WS_ERR_NETWORK',
  'WS_ERR_SOCKET',
  'WS_ERR_TLS',
  'WS_ERR_TLS_SELF_SIGNED',
  'WS_ERR_TLS_EXPIRED',
  'WS_ERR_TLS_NOT_YET_VALID',
  'WS_ERR_TLS_HOSTNAME',
  'WS_ERR_TLS_UNTRUSTED',
  'WS_ERR_TLS_REVOKED',
  'WS_ERR_PROXY',
  'WS_ERR_ABORTED',
] as const;

export type ViolationCode = (typeof VIOLATION_CODES)[number];

const KNOWN: ReadonlySet<string> = new Set(VIOLATION_CODES);

/** For codes that arrive as plain strings, such as a transport error's or a log line's. */
export function isViolationCode(code: string): code is ViolationCode {
  return KNOWN.has(code);
}
