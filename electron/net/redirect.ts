import type { Header } from '../protocol/handshake.js';

/**
 * Where a 3xx answer to the upgrade leads, or why it must not be followed:
 * never from wss to ws, and credentials stay with their host.
 */
export function resolveRedirect(from: URL, location: string, headers: Header[]): { url: URL; headers: Header[] } | string {
  let url: URL;
  try {
    url = new URL(location, from);
  } catch {
    return `invalid Location ${JSON.stringify(location)}`;
  }
  if (url.protocol === 'http:') url.protocol = 'ws:';
  else if (url.protocol === 'https:') url.protocol = 'wss:';
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') return `cannot follow a redirect to ${url.protocol}`;
  if (from.protocol === 'wss:' && url.protocol === 'ws:') return `refused to follow a redirect from wss to ws (${url.href})`;
  url.hash = '';
  if (url.host === from.host) return { url, headers };
  url.username = '';
  url.password = '';
  const dropped = new Set(['authorization', 'cookie']);
  return { url, headers: headers.filter(([n]) => !dropped.has(n.toLowerCase())) };
}
