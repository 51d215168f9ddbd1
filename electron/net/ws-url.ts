/** Parses a ws:// or wss:// URL; throws with a message naming the problem. */
export function parseWsUrl(input: string): URL {
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
