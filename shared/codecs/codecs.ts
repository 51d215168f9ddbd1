import { decode as msgpackDecode, encode as msgpackEncode, ExtData } from '@msgpack/msgpack';
import { decode as cborDecode, encode as cborEncode, Tag } from 'cbor2';
import type { Type } from 'protobufjs';
import { fromDecoded, toDecoded, type Decoded } from './decoded.js';
import { protobufInput, protobufValue } from './protobuf-value.js';

export const CODECS = ['text', 'json', 'msgpack', 'cbor', 'protobuf'] as const;
export type CodecId = (typeof CODECS)[number];

export type DecodeResult = { ok: true; codec: CodecId; value: Decoded } | { ok: false; codec: CodecId; error: string; offset?: number };

/** Thrown by encode: the value cannot be written in that codec; the message names why. */
export class EncodeError extends Error {}

const makers = { tag: (n: number, v: unknown) => new Tag(n, v), ext: (type: number, data: Uint8Array) => new ExtData(type, data) };

/**
 * Decodes a payload whole: bytes left over, or too few, are a failure that
 * says so (with the byte offset when the decoder tells it), never a guess.
 * `protobuf` needs the message type, from the workspace's .proto files.
 */
export function decode(codec: CodecId, bytes: Uint8Array, o: { protobuf?: Type } = {}): DecodeResult {
  try {
    switch (codec) {
      case 'text':
        return { ok: true, codec, value: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
      case 'json':
        return { ok: true, codec, value: toDecoded(JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes))) };
      case 'msgpack':
        return { ok: true, codec, value: toDecoded(msgpackDecode(bytes, { useBigInt64: true })) };
      case 'cbor':
        return { ok: true, codec, value: toDecoded(cborDecode(bytes)) };
      case 'protobuf': {
        if (!o.protobuf) return { ok: false, codec, error: 'no message type chosen for protobuf (pick one from the workspace .proto files)' };
        return { ok: true, codec, value: protobufValue(o.protobuf, o.protobuf.decode(bytes)) };
      }
    }
  } catch (e) {
    const message = (e as Error).message;
    const at = /buffer\[(\d+)\]|at position (\d+)|index out of range: (\d+)/.exec(message);
    const offset = at ? Number(at[1] ?? at[2] ?? at[3]) : undefined;
    return { ok: false, codec, error: message, ...(offset !== undefined ? { offset } : {}) };
  }
}

/** The bytes of a value in a codec (JSON in, from the composer); throws EncodeError naming the problem. */
export function encode(codec: CodecId, value: Decoded, o: { protobuf?: Type } = {}): Uint8Array {
  try {
    switch (codec) {
      case 'text':
        if (typeof value !== 'string') throw new EncodeError('text needs a string');
        return new TextEncoder().encode(value);
      case 'json':
        return new TextEncoder().encode(JSON.stringify(value));
      case 'msgpack':
        return msgpackEncode(fromDecoded(value, makers), { useBigInt64: true });
      case 'cbor':
        return cborEncode(fromDecoded(value, makers));
      case 'protobuf': {
        if (!o.protobuf) throw new EncodeError('no message type chosen for protobuf');
        const plain = protobufInput(o.protobuf, fromDecoded(value, makers)) as Record<string, unknown>;
        const problem = o.protobuf.verify(plain);
        if (problem) throw new EncodeError(`not a ${o.protobuf.fullName.replace(/^\./, '')}: ${problem}`);
        return o.protobuf.encode(o.protobuf.fromObject(plain)).finish();
      }
    }
  } catch (e) {
    if (e instanceof EncodeError) throw e;
    throw new EncodeError((e as Error).message);
  }
}

/**
 * The codec a binary message is in, when only one of MessagePack and CBOR
 * decodes it whole; null when neither does, or both do (then the person
 * chooses). Text messages are text or JSON, never guessed at here.
 */
export function detect(bytes: Uint8Array): 'msgpack' | 'cbor' | null {
  if (!bytes.length) return null;
  const m = plausible(decode('msgpack', bytes));
  const c = plausible(decode('cbor', bytes));
  return m === c ? null : m ? 'msgpack' : 'cbor';
}

/**
 * A whole decode that is also a likely message: not a bare string of
 * control characters, which is what one codec makes of the other's bytes
 * (CBOR's map header 0xb9 is a MessagePack string of the next 25 bytes).
 */
function plausible(r: DecodeResult): boolean {
  // eslint-disable-next-line no-control-regex -- control characters are what this looks for
  return r.ok && !(typeof r.value === 'string' && /[\u0000-\u0008\u000e-\u001f]/.test(r.value));
}
