import type { Header } from './handshake.js';

/** What stands in for a password, or the Basic credentials made from it, wherever the log shows them. */
export const CREDENTIAL_MASK = '****';

/** The Authorization value RFC 7617 makes of a URL's user info, as the request sends it. */
export function basicAuthorization(url: URL): string | null {
  if (!url.username && !url.password) return null;
  const cred = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  return `Basic ${Buffer.from(cred).toString('base64')}`;
}

/**
 * The URL and headers as the log, recordings and screen keep them: the URL's
 * password masked, and the Basic credentials the request made of it. The
 * user name stays, so the tester sees who connected.
 */
export function maskCredentials(url: URL, headers: Header[]): { url: string; headers: Header[] } {
  const basic = basicAuthorization(url);
  if (basic === null) return { url: url.href, headers };
  const shown = new URL(url.href);
  if (shown.password) shown.password = CREDENTIAL_MASK;
  return {
    url: shown.href,
    headers: headers.map(([n, v]): Header => (n.toLowerCase() === 'authorization' && v === basic ? [n, `Basic ${CREDENTIAL_MASK}`] : [n, v])),
  };
}

/** A URL as the log shows it (see maskCredentials). */
export function maskUrlCredentials(url: string): string {
  try {
    return maskCredentials(new URL(url), []).url;
  } catch {
    return url;
  }
}
