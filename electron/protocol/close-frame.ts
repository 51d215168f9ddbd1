import { violation, type Violation } from './errors.js';
import { isValidUtf8 } from './utf8.js';

/** Close codes a peer may put on the wire, as ws and Autobahn judge them. */
export function isValidWireCloseCode(code: number): boolean {
  return (
    (code >= 1000 && code <= 1003) ||
    (code >= 1007 && code <= 1014) ||
    (code >= 3000 && code <= 4999)
  );
}

export interface ClosePayload {
  code: number | null;
  reason: string;
}

/** Decodes a received close payload, or says what is wrong with it. */
export function parseClosePayload(payload: Uint8Array): ClosePayload | Violation {
  if (payload.length === 0) return { code: null, reason: '' };
  if (payload.length === 1) {
    return violation('WS_ERR_INVALID_CLOSE_PAYLOAD', 1002, 'a close frame has a 1-byte payload');
  }
  const code = (payload[0] << 8) | payload[1];
  if (!isValidWireCloseCode(code)) {
    return violation('WS_ERR_INVALID_CLOSE_CODE', 1002, `invalid close code ${code}`);
  }
  const reasonBytes = payload.subarray(2);
  if (!isValidUtf8(reasonBytes)) {
    return violation('WS_ERR_INVALID_UTF8', 1007, 'the close reason is not valid UTF-8');
  }
  return { code, reason: Buffer.from(reasonBytes.buffer, reasonBytes.byteOffset, reasonBytes.length).toString('utf8') };
}

export function encodeClosePayload(code: number | null | undefined, reason = ''): Uint8Array {
  if (code == null) return new Uint8Array(0);
  const r = Buffer.from(reason, 'utf8');
  const out = Buffer.allocUnsafe(2 + r.length);
  out.writeUInt16BE(code, 0);
  r.copy(out, 2);
  return out;
}
