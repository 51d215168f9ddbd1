import { headerValues, type Header } from './handshake.js';

/** How much of a failed upgrade's body is kept for the log. */
export const MAX_BODY_BYTES = 16 * 1024;

/**
 * The body of a non-101 answer as text, once it is complete (by
 * Content-Length, chunked encoding or the connection's end) or the cap is
 * reached; null while more bytes are needed.
 */
export function readFailedUpgradeBody(headers: Header[], buf: Buffer, ended: boolean): string | null {
  const chunked = headerValues(headers, 'transfer-encoding').some((v) => /\bchunked\b/i.test(v));
  if (chunked) {
    const decoded = decodeChunked(buf);
    if (decoded.done || ended || decoded.body.length >= MAX_BODY_BYTES) return text(decoded.body);
    return null;
  }
  const lengthHeader = headerValues(headers, 'content-length')[0];
  const length = lengthHeader !== undefined && /^\d+$/.test(lengthHeader.trim()) ? Number(lengthHeader) : null;
  const want = length === null ? MAX_BODY_BYTES : Math.min(length, MAX_BODY_BYTES);
  if (buf.length >= want || ended) return text(buf.subarray(0, want));
  return null;
}

function text(b: Buffer): string {
  return b.subarray(0, MAX_BODY_BYTES).toString('utf8');
}

function decodeChunked(buf: Buffer): { body: Buffer; done: boolean } {
  const parts: Buffer[] = [];
  let off = 0;
  for (;;) {
    const eol = buf.indexOf('\r\n', off);
    if (eol === -1) break;
    const size = parseInt(buf.subarray(off, eol).toString('latin1').split(';')[0].trim(), 16);
    if (Number.isNaN(size)) break;
    if (size === 0) return { body: Buffer.concat(parts), done: true };
    const start = eol + 2;
    if (buf.length < start + size) {
      parts.push(buf.subarray(start));
      break;
    }
    parts.push(buf.subarray(start, start + size));
    off = start + size + 2;
  }
  return { body: Buffer.concat(parts), done: false };
}
