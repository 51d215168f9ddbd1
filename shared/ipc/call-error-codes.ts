/** Every code a failed call carries; the renderer and the command line tell failures apart by these. */
export const CALL_ERROR_CODES = [
  /** the input does not fit the call's schema, or a value in it is refused */
  'INVALID_INPUT',
  /** the input is over a limit of the contract */
  'TOO_LARGE',
  /** no call of that name */
  'UNKNOWN_CALL',
  /** no session, recording, profile, upload or file with that id */
  'NOT_FOUND',
  /** the connection refused the command in its state (e.g. send while closed) */
  'COMMAND',
  /** the session's connection is gone */
  'DISCONNECTED',
  /** a file changed on disk since it was read; both versions are kept */
  'CONFLICT',
  /** the call was meant for a workspace that is no longer the open one */
  'STALE',
  /** not allowed here (no workspace for TLS files, a path outside the workspace) */
  'FORBIDDEN',
  'NO_WORKSPACE',
  'INVALID_PATH',
  'UNSUPPORTED',
  /** a file could not be read, written or parsed */
  'IO',
  'READ_FAILED',
  'WRITE_FAILED',
  'FILE_PROBLEM',
  /** a bug: the message says what failed */
  'INTERNAL',
] as const;

export type CallErrorCode = (typeof CALL_ERROR_CODES)[number];

