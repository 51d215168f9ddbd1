import type { ViolationCode } from '../../shared/violation-codes.js';
/** A failure to reach the server, named for a person, with a stable code for the log. */
export class TransportError extends Error {
  constructor(
    readonly code: ViolationCode,
    message: string,
  ) {
    super(message);
  }
}

const TLS_CAUSES: Record<string, [code: ViolationCode, why: string]> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: ['WS_ERR_TLS_SELF_SIGNED', 'the server certificate is self-signed'],
  SELF_SIGNED_CERT_IN_CHAIN: ['WS_ERR_TLS_SELF_SIGNED', 'the certificate chain ends in a self-signed certificate that is not trusted'],
  CERT_HAS_EXPIRED: ['WS_ERR_TLS_EXPIRED', 'the server certificate has expired'],
  CERT_NOT_YET_VALID: ['WS_ERR_TLS_NOT_YET_VALID', 'the server certificate is not valid yet'],
  ERR_TLS_CERT_ALTNAME_INVALID: ['WS_ERR_TLS_HOSTNAME', 'the server certificate does not match the host name'],
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: ['WS_ERR_TLS_UNTRUSTED', 'the server certificate is not signed by a trusted CA'],
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: ['WS_ERR_TLS_UNTRUSTED', 'the issuer of the server certificate is not trusted'],
  UNABLE_TO_GET_ISSUER_CERT: ['WS_ERR_TLS_UNTRUSTED', 'the issuer of the server certificate is not trusted'],
  CERT_REVOKED: ['WS_ERR_TLS_REVOKED', 'the server certificate was revoked'],
};

/** Turns a socket, DNS or TLS error into one clear TransportError. */
export function describeSocketError(err: NodeJS.ErrnoException, target: string): TransportError {
  const code = err.code ?? '';
  const tls = TLS_CAUSES[code];
  if (tls) {
    const hint = code === 'ERR_TLS_CERT_ALTNAME_INVALID' ? '' : ' (use --insecure to accept it, or --ca to trust its issuer)';
    return new TransportError(tls[0], `TLS: ${tls[1]} (${code}): ${err.message}${hint}`);
  }
  if (code === 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED') {
    return new TransportError('WS_ERR_TLS', `TLS: the server requires a client certificate and none was sent (${code}) (use --cert and --key)`);
  }
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
    case 'EAI_FAIL':
      return new TransportError('WS_ERR_DNS', `could not resolve ${target} (${code})`);
    case 'ECONNREFUSED':
      return new TransportError('WS_ERR_CONNECTION_REFUSED', `connection refused by ${target} (ECONNREFUSED)`);
    case 'ECONNRESET':
      return new TransportError('WS_ERR_CONNECTION_RESET', `the connection to ${target} was reset (ECONNRESET)`);
    case 'EPIPE':
      return new TransportError('WS_ERR_CONNECTION_RESET', `the connection to ${target} was closed while writing (EPIPE)`);
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EADDRNOTAVAIL':
      return new TransportError('WS_ERR_NETWORK', `cannot reach ${target} (${code})`);
  }
  if (code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS') || /SSL|TLS/.test(err.message)) {
    return new TransportError('WS_ERR_TLS', `TLS: ${err.message}${code ? ` (${code})` : ''}`);
  }
  return new TransportError('WS_ERR_SOCKET', `${target}: ${err.message}${code ? ` (${code})` : ''}`);
}
