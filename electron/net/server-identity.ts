import { X509Certificate } from 'node:crypto';
import net from 'node:net';
import tls, { type PeerCertificate } from 'node:tls';

/**
 * Whether the server's certificate names the host, as Node's
 * tls.checkServerIdentity decides, except for IPv6 literals: Node 22.23.1,
 * 24.17 and 26.4 stopped matching those against the certificate's IP
 * addresses (nodejs/node#64144), so OpenSSL's own check decides them.
 */
export function checkServerIdentity(host: string, cert: PeerCertificate): Error | undefined {
  if (net.isIPv6(host) && cert.raw && new X509Certificate(cert.raw).checkIP(host) !== undefined) return undefined;
  return tls.checkServerIdentity(host, cert);
}
