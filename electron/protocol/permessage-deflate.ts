import { constants, deflateRawSync, inflateRawSync } from 'node:zlib';
import { parseExtensions, type ExtensionOffer } from './extension-header.js';
import { violation, type Violation } from './errors.js';

/** What the client offers (RFC 7692 section 7.1). */
export interface DeflateOffer {
  serverNoContextTakeover?: boolean;
  clientNoContextTakeover?: boolean;
  /** a number asks the server to limit its window */
  serverMaxWindowBits?: number;
  /** true offers the parameter without a value; a number limits our own window */
  clientMaxWindowBits?: boolean | number;
}

export interface DeflateParams {
  serverNoContextTakeover: boolean;
  clientNoContextTakeover: boolean;
  serverMaxWindowBits: number;
  clientMaxWindowBits: number;
}

export const DEFAULT_DEFLATE_OFFER: DeflateOffer = { clientMaxWindowBits: true };

export function formatDeflateOffer(o: DeflateOffer): string {
  const parts = ['permessage-deflate'];
  if (o.serverNoContextTakeover) parts.push('server_no_context_takeover');
  if (o.clientNoContextTakeover) parts.push('client_no_context_takeover');
  if (o.serverMaxWindowBits !== undefined) parts.push(`server_max_window_bits=${o.serverMaxWindowBits}`);
  if (o.clientMaxWindowBits === true) parts.push('client_max_window_bits');
  else if (typeof o.clientMaxWindowBits === 'number') parts.push(`client_max_window_bits=${o.clientMaxWindowBits}`);
  return parts.join('; ');
}

/**
 * An offer from its RFC 7692 parameters as a person writes them, such as
 * `server_no_context_takeover; client_max_window_bits=10`. Throws naming the problem.
 */
export function parseDeflateOffer(params: string): DeflateOffer {
  const [ext] = parseExtensions(params.trim() ? `permessage-deflate; ${params}` : 'permessage-deflate');
  const offer: DeflateOffer = {};
  for (const [name, value] of ext.params) {
    switch (name) {
      case 'server_no_context_takeover':
      case 'client_no_context_takeover':
        if (value !== true) throw new Error(`${name} takes no value`);
        if (name === 'server_no_context_takeover') offer.serverNoContextTakeover = true;
        else offer.clientNoContextTakeover = true;
        break;
      case 'server_max_window_bits':
        if (value === true || Number.isNaN(windowBits(value))) throw new Error('server_max_window_bits needs a value from 8 to 15');
        offer.serverMaxWindowBits = windowBits(value);
        break;
      case 'client_max_window_bits':
        if (value !== true && Number.isNaN(windowBits(value))) throw new Error('client_max_window_bits takes no value or a value from 8 to 15');
        offer.clientMaxWindowBits = value === true ? true : windowBits(value);
        break;
      default:
        throw new Error(`unknown permessage-deflate parameter ${name}`);
    }
  }
  return offer;
}

/** Validates the server's answer to our offer as RFC 7692 section 7.1 says. */
export function acceptDeflateResponse(offer: DeflateOffer, ext: ExtensionOffer): DeflateParams | Violation {
  const bad = (why: string) => violation('WS_ERR_HANDSHAKE_EXTENSION', undefined, `permessage-deflate response: ${why}`);
  const seen = new Set<string>();
  const p: DeflateParams = {
    serverNoContextTakeover: false,
    clientNoContextTakeover: !!offer.clientNoContextTakeover,
    serverMaxWindowBits: 15,
    clientMaxWindowBits: typeof offer.clientMaxWindowBits === 'number' ? offer.clientMaxWindowBits : 15,
  };
  let serverBitsGiven = false;
  for (const [name, value] of ext.params) {
    if (seen.has(name)) return bad(`parameter ${name} appears twice`);
    seen.add(name);
    switch (name) {
      case 'server_no_context_takeover':
      case 'client_no_context_takeover':
        if (value !== true) return bad(`${name} must not have a value`);
        if (name === 'server_no_context_takeover') p.serverNoContextTakeover = true;
        else p.clientNoContextTakeover = true;
        break;
      case 'server_max_window_bits':
      case 'client_max_window_bits': {
        const bits = value === true ? NaN : windowBits(value);
        if (Number.isNaN(bits)) return bad(`${name} must be a number from 8 to 15, got ${value === true ? 'no value' : value}`);
        if (name === 'server_max_window_bits') {
          if (offer.serverMaxWindowBits !== undefined && bits > offer.serverMaxWindowBits) {
            return bad(`server_max_window_bits=${bits} is larger than the offered ${offer.serverMaxWindowBits}`);
          }
          p.serverMaxWindowBits = bits;
          serverBitsGiven = true;
        } else {
          if (offer.clientMaxWindowBits === undefined || offer.clientMaxWindowBits === false) {
            return bad('client_max_window_bits was not offered');
          }
          if (typeof offer.clientMaxWindowBits === 'number' && bits > offer.clientMaxWindowBits) {
            return bad(`client_max_window_bits=${bits} is larger than the offered ${offer.clientMaxWindowBits}`);
          }
          p.clientMaxWindowBits = bits;
        }
        break;
      }
      default:
        return bad(`unknown parameter ${name}`);
    }
  }
  if (offer.serverMaxWindowBits !== undefined && !serverBitsGiven) {
    return bad('server_max_window_bits was offered but not answered');
  }
  return p;
}

function windowBits(v: string): number {
  if (!/^(8|9|1[0-5])$/.test(v)) return NaN;
  return Number(v);
}

const TRAILER = Buffer.from([0x00, 0x00, 0xff, 0xff]);
const HISTORY = 32 * 1024;
/** The first chunk an inflate tries: at least this, or the compressed size times EXPECTED_RATIO. */
const FIRST_CHUNK = 64 * 1024;
const EXPECTED_RATIO = 32;

/** Thrown by inflate when the output would pass the limit. */
export class InflateLimitError extends Error {}

/**
 * permessage-deflate for one connection, synchronous so the engine stays a
 * plain function of its input. Context takeover is carried by handing zlib
 * the last window of earlier plain text as a preset dictionary, which is
 * exactly the sliding window LZ77 back-references reach into.
 */
export class PerMessageDeflate {
  private inHistory: Buffer | null = null;
  private outHistory: Buffer | null = null;

  constructor(readonly params: DeflateParams) {}

  /**
   * Inflates one message into a single buffer. zlib collects its output in
   * chunks and joins them, which holds a large message twice; so a first try
   * gets one chunk of a size most messages fit in, and a message that does
   * not fit (a bomb, within the limit) is inflated again into one chunk of
   * the limit's size, which only takes the memory it fills.
   */
  inflate(compressed: Uint8Array, maxLength: number): Buffer {
    const input = Buffer.concat([compressed, TRAILER]);
    const limit = Math.max(1, maxLength);
    const first = Math.min(limit, Math.max(FIRST_CHUNK, EXPECTED_RATIO * compressed.length));
    let out = this.inflateInto(input, first);
    if (out === null && first < limit) out = this.inflateInto(input, limit);
    if (out === null || out.length > maxLength) throw new InflateLimitError();
    if (!this.params.serverNoContextTakeover) this.inHistory = keepWindow(this.inHistory, out);
    return out;
  }

  /** The inflated bytes in one chunk of `size`, or null when they do not fit. */
  private inflateInto(input: Buffer, size: number): Buffer | null {
    try {
      return inflateRawSync(input, {
        windowBits: 15,
        finishFlush: constants.Z_SYNC_FLUSH,
        chunkSize: Math.max(constants.Z_MIN_CHUNK, size + 1),
        maxOutputLength: size,
        ...(this.inHistory ? { dictionary: this.inHistory } : {}),
      });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') return null;
      throw e;
    }
  }

  /**
   * Compresses one message, or returns null when it must go uncompressed:
   * zlib cannot write a raw stream with an 8-bit window, and RFC 7692 lets
   * any message go out with RSV1 clear.
   */
  deflate(data: Uint8Array): Buffer | null {
    const bits = this.params.clientMaxWindowBits;
    if (bits < 9) return null;
    const out = deflateRawSync(data, {
      windowBits: bits,
      finishFlush: constants.Z_SYNC_FLUSH,
      ...(this.outHistory ? { dictionary: this.outHistory } : {}),
    });
    if (!this.params.clientNoContextTakeover) this.outHistory = keepWindow(this.outHistory, Buffer.from(data.buffer, data.byteOffset, data.length), 1 << bits);
    return endsWithTrailer(out) ? out.subarray(0, out.length - 4) : out;
  }
}

function keepWindow(prev: Buffer | null, next: Buffer, size = HISTORY): Buffer {
  if (next.length >= size) return Buffer.from(next.subarray(next.length - size));
  if (!prev) return Buffer.from(next);
  const joined = Buffer.concat([prev, next]);
  return joined.length > size ? joined.subarray(joined.length - size) : joined;
}

function endsWithTrailer(b: Buffer): boolean {
  const n = b.length;
  return n >= 4 && b[n - 4] === 0 && b[n - 3] === 0 && b[n - 2] === 0xff && b[n - 1] === 0xff;
}
