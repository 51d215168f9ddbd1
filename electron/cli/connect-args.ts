import type { ConnectOptions } from '../net/connection.js';
import type { Header } from '../protocol/handshake.js';
import { connectOptionsOf, SettingsProblem, type OpenSettings } from '../net/connect-options-of.js';
import { readNamedTlsFiles } from '../files/certificate-files.js';
import { parseInputLine, type InputCommand } from './input-line.js';
import { parseCommandLine, UsageError } from './usage-error.js';
import { parseDeflateOffer } from '../protocol/permessage-deflate.js';

export interface ConnectCommand {
  options: ConnectOptions;
  ndjson: boolean;
  /** the -x lines, parsed; null reads standard input instead */
  execute: InputCommand[] | null;
  /** seconds to stay once the input is used up; null waits for the server */
  wait: number | null;
}

/** The flag that sets each checked setting, for messages. */
const FLAG: Record<Exclude<SettingsProblem['field'], 'url'>, string> = { headers: '--header', subprotocols: '--subprotocol', origin: '--origin' };

export const CONNECT_HELP = `Usage: framescope connect <url> [options]

  -H, --header "Name: value"   extra handshake header (repeatable)
  -s, --subprotocol NAME       offer a subprotocol (repeatable)
      --origin ORIGIN          the Origin header
      --deflate                offer permessage-deflate (client_max_window_bits)
      --deflate-params PARAMS  offer permessage-deflate with these RFC 7692 parameters,
                               e.g. "server_no_context_takeover; server_max_window_bits=10"
      --insecure               accept any TLS certificate
      --ca FILE                trust this CA (PEM) as well
      --cert FILE, --key FILE  TLS client certificate and key (PEM)
      --proxy URL              HTTP(S) proxy (default: HTTPS_PROXY/HTTP_PROXY/NO_PROXY)
      --no-auto-pong           do not answer pings automatically
      --ping-interval MS       send a ping every MS milliseconds
      --pong-timeout MS        fail (1011) when a ping stays unanswered this long
      --connect-timeout MS     bound on the handshake (default 10000)
      --close-timeout MS       bound on the closing handshake (default 5000)
      --send-timeout MS        fail (WS_ERR_SEND_TIMEOUT) when the server takes nothing
                               of a full send queue this long (default 30000)
      --lenient                log the server's protocol violations and carry on
      --follow-redirects       follow 3xx answers (at most 5, never wss to ws)
      --max-payload BYTES      largest message accepted (default 104857600)
      --ndjson                 print the event log, one JSON event per line
  -x, --execute LINE           run LINE once open (repeatable); stdin is not read
  -w, --wait SECONDS           once the input is used up, stay that long, then close with 1000`;

/** Parses `framescope connect` arguments and reads the files they name; throws UsageError naming the problem. */
export async function parseConnectArgs(argv: string[]): Promise<ConnectCommand> {
  const parsed = parseCommandLine({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      header: { type: 'string', short: 'H', multiple: true },
      subprotocol: { type: 'string', short: 's', multiple: true },
      origin: { type: 'string' },
      deflate: { type: 'boolean' },
      'deflate-params': { type: 'string' },
      insecure: { type: 'boolean' },
      ca: { type: 'string' },
      cert: { type: 'string' },
      key: { type: 'string' },
      proxy: { type: 'string' },
      'no-auto-pong': { type: 'boolean' },
      'ping-interval': { type: 'string' },
      'pong-timeout': { type: 'string' },
      'connect-timeout': { type: 'string' },
      'close-timeout': { type: 'string' },
      'send-timeout': { type: 'string' },
      lenient: { type: 'boolean' },
      'follow-redirects': { type: 'boolean' },
      'max-payload': { type: 'string' },
      ndjson: { type: 'boolean' },
      execute: { type: 'string', short: 'x', multiple: true },
      wait: { type: 'string', short: 'w' },
    },
  });
  const { values: v, positionals } = parsed;
  if (positionals.length === 0) throw new UsageError('connect needs a URL, such as ws://127.0.0.1:8080/');
  if (positionals.length > 1) throw new UsageError(`connect takes one URL, got ${positionals.length}: ${positionals.join(' ')}`);
  const headers: Header[] = (v.header ?? []).map((h) => {
    const colon = h.indexOf(':');
    if (colon <= 0) throw new UsageError(`--header must look like "Name: value", got "${h}"`);
    return [h.slice(0, colon).trim(), h.slice(colon + 1).trim()];
  });
  if (v.proxy !== undefined) {
    let p: URL;
    try {
      p = new URL(v.proxy);
    } catch {
      throw new UsageError(`--proxy "${v.proxy}" is not a URL (use http://host:port)`);
    }
    if (p.protocol !== 'http:' && p.protocol !== 'https:') throw new UsageError(`--proxy must be http:// or https://, got ${p.protocol}`);
  }
  if (v.key && !v.cert) throw new UsageError('--key needs --cert');
  if (v.cert && !v.key) throw new UsageError('--cert needs --key');
  const pingInterval = ms(v['ping-interval'], '--ping-interval');
  const pongTimeout = ms(v['pong-timeout'], '--pong-timeout');
  if (pongTimeout !== undefined && pingInterval === undefined) throw new UsageError('--pong-timeout needs --ping-interval');

  const execute = v.execute
    ? v.execute.map((line, i) => {
        try {
          return parseInputLine(line);
        } catch (e) {
          throw new UsageError(`-x line ${i + 1} ("${line}"): ${(e as Error).message}`);
        }
      })
    : null;
  let wait: number | null = null;
  if (v.wait !== undefined) {
    wait = Number(v.wait);
    if (!v.wait.trim() || !Number.isFinite(wait) || wait < 0) throw new UsageError(`--wait needs a number of seconds, got "${v.wait}"`);
  }

  const settings: OpenSettings = {
    url: positionals[0],
    headers,
    subprotocols: v.subprotocol ?? [],
    origin: v.origin,
    deflate: !!v.deflate,
    lenient: !!v.lenient,
    maxPayload: positiveInt(v['max-payload'], '--max-payload'),
    autoPong: !v['no-auto-pong'],
    answerClose: true,
    insecure: !!v.insecure,
    caPath: v.ca,
    certPath: v.cert,
    keyPath: v.key,
    proxy: v.proxy,
    followRedirects: !!v['follow-redirects'],
    autoReconnect: false,
    connectTimeout: ms(v['connect-timeout'], '--connect-timeout'),
    closeTimeout: ms(v['close-timeout'], '--close-timeout'),
    sendTimeout: ms(v['send-timeout'], '--send-timeout'),
    pingInterval,
    pongTimeout,
  };
  const deflateOffer = v['deflate-params'] !== undefined ? usage(() => parseDeflateOffer(v['deflate-params']!)) : undefined;
  let options: ConnectOptions;
  try {
    options = connectOptionsOf(settings, await readNamedTlsFiles(settings), { deflateOffer });
  } catch (e) {
    if (e instanceof SettingsProblem && e.field !== 'url') throw new UsageError(`${FLAG[e.field]}: ${e.message}`);
    throw new UsageError((e as Error).message);
  }
  return {
    options,
    ndjson: !!v.ndjson,
    execute,
    wait,
  };
}

function positiveInt(s: string | undefined, what: string): number | undefined {
  if (s === undefined) return undefined;
  if (!/^\d+$/.test(s.trim()) || Number(s) <= 0 || !Number.isSafeInteger(Number(s))) {
    throw new UsageError(`${what} needs a positive whole number, got "${s}"`);
  }
  return Number(s);
}

function ms(s: string | undefined, what: string): number | undefined {
  const n = positiveInt(s, what);
  if (n !== undefined && n > 2 ** 31 - 1) throw new UsageError(`${what} is too large (at most ${2 ** 31 - 1} ms)`);
  return n;
}

function usage<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}
