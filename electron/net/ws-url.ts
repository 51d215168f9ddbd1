/** The authority of a URL that starts with ws:// or wss://: user info and port included. */
const AUTHORITY = /^wss?:\/\/([^/?#]*)/i;

/** Parses a ws:// or wss:// URL; throws with a message naming the problem. */
export function parseWsUrl(input: string): URL {
  // what the URL parser would turn into a vaguer error, or accept as something else
  const given = AUTHORITY.exec(input)?.[1];
  if (given !== undefined) {
    const hostPort = given.slice(given.lastIndexOf('@') + 1);
    // ws:///path: the URL parser would take "path" for the host
    if (!hostPort || hostPort.startsWith(':')) throw new Error(`the URL "${input}" has no host (expected ws://host[:port]/path)`);
    const port = /^(?:\[[^\]]*\]|[^:]*):(\d+)$/.exec(hostPort)?.[1];
    if (port !== undefined && !(Number(port) >= 1 && Number(port) <= 65535)) throw new Error(`the port ${port} in "${input}" is out of range (1-65535)`);
  }
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new Error(`"${input}" is not a URL (expected ws://host[:port]/path or wss://...)`);
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    throw new Error(`the URL must start with ws:// or wss://, got ${url.protocol}//`);
  }
  if (!url.hostname) throw new Error(`the URL "${input}" has no host`);
  if (url.hash) throw new Error('a WebSocket URL cannot have a #fragment (RFC 6455 section 3)');
  return url;
}
