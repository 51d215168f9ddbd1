// The payload codecs against each library's own encoder: MessagePack and
// CBOR values round-trip through our Decoded form with nothing coerced
// (64-bit integers, bytes, dates, tags, extensions, maps with number keys);
// protobuf over a .proto with nested messages, enums, a oneof, maps and
// 64-bit fields; detection only when unambiguous; and seeded random bytes
// that never throw out of decode, each failure saying why.
import { describe, expect, it } from 'vitest';
import { encode as msgpackEncode, ExtData } from '@msgpack/msgpack';
import { encode as cborEncode, Tag } from 'cbor2';
import protobuf from 'protobufjs';
import { decode, detect, encode, EncodeError } from '../../shared/codecs/codecs.js';
import type { Decoded } from '../../shared/codecs/decoded.js';
import { prng, randomBytes } from './helpers.js';

const PROTO = `syntax = "proto3";
package market;
enum Side { BUY = 0; SELL = 1; }
message Party { string name = 1; bytes key = 2; }
message Trade {
  int64 id = 1;
  uint64 qty = 2;
  Side side = 3;
  Party buyer = 4;
  repeated Party others = 5;
  oneof price { double px = 6; string quote = 7; }
  sint64 delta = 8;
  map<string, int32> tags = 9;
  fixed64 stamp = 10;
}`;
const Trade = protobuf.parse(PROTO).root.lookupType('market.Trade');

describe('MessagePack', () => {
  it('decodes what @msgpack/msgpack encodes, keeping 64-bit integers, bytes, dates and extensions, and encodes it back the same', () => {
    const value = { n: 1, f: 1.5, s: 'ä', big: 2n ** 63n - 1n, neg: -(2n ** 60n), b: new Uint8Array([0, 255]), when: new Date(Date.UTC(2026, 0, 2)), ext: new ExtData(7, new Uint8Array([1, 2])), list: [null, true, 'x'], nested: { a: { b: [] } } };
    const bytes = msgpackEncode(value, { useBigInt64: true });
    const r = decode('msgpack', bytes);
    expect(r).toEqual({
      ok: true,
      codec: 'msgpack',
      value: { n: 1, f: 1.5, s: 'ä', big: { $int: '9223372036854775807' }, neg: { $int: String(-(2n ** 60n)) }, b: { $bytes: '00ff' }, when: { $date: '2026-01-02T00:00:00.000Z' }, ext: { $ext: 7, data: '0102' }, list: [null, true, 'x'], nested: { a: { b: [] } } },
    });
    expect(Buffer.from(encode('msgpack', (r as { value: Decoded }).value))).toEqual(Buffer.from(bytes));
  });

  it('fails on bytes left over or missing, naming the offset when it can', () => {
    const whole = msgpackEncode({ a: 1 });
    expect(decode('msgpack', Buffer.concat([whole, Buffer.from([1])]))).toMatchObject({ ok: false, offset: whole.length });
    expect(decode('msgpack', whole.subarray(0, 2))).toMatchObject({ ok: false, error: expect.stringMatching(/Insufficient data/) });
  });
});

describe('CBOR', () => {
  it('decodes what cbor2 encodes, keeping bignums, bytes, dates, tags and maps with number keys, and encodes it back', () => {
    const value = { big: 2n ** 70n, b: new Uint8Array([1, 2, 3]), when: new Date(Date.UTC(2026, 0, 2)), tagged: new Tag(99, 'x'), numbers: new Map<unknown, unknown>([[1, 'one'], [2, 'two']]), u: undefined, nan: NaN };
    const bytes = cborEncode(value);
    const r = decode('cbor', bytes);
    expect(r).toEqual({
      ok: true,
      codec: 'cbor',
      value: { big: { $int: String(2n ** 70n) }, b: { $bytes: '010203' }, when: { $date: '2026-01-02T00:00:00.000Z' }, tagged: { $tag: 99, value: 'x' }, numbers: { $map: [[1, 'one'], [2, 'two']] }, u: { $undefined: true }, nan: { $float: 'NaN' } },
    });
    expect(decode('cbor', encode('cbor', (r as { value: Decoded }).value))).toEqual(r);
  });

  it('fails on bytes left over or cut short', () => {
    const whole = cborEncode({ a: [1, 2] });
    expect(decode('cbor', Buffer.concat([whole, Buffer.from([1])]))).toMatchObject({ ok: false, error: expect.stringMatching(/Extra data/) });
    expect(decode('cbor', whole.subarray(0, whole.length - 1))).toMatchObject({ ok: false });
  });
});

describe('protobuf', () => {
  it('decodes nested messages, enums by name, the oneof member, maps and 64-bit fields exactly, and encodes JSON back to the same bytes', () => {
    const msg = Trade.fromObject({ id: '9223372036854775807', qty: 5, side: 'SELL', buyer: { name: 'ada', key: Buffer.from([9, 9]) }, others: [{ name: 'bo' }], quote: 'market', delta: -3, tags: { a: 1 }, stamp: '18446744073709551615' });
    const bytes = Trade.encode(msg).finish();
    const r = decode('protobuf', bytes, { protobuf: Trade });
    expect(r).toEqual({
      ok: true,
      codec: 'protobuf',
      value: { id: { $int: '9223372036854775807' }, qty: { $int: '5' }, side: 'SELL', buyer: { name: 'ada', key: { $bytes: '0909' } }, others: [{ name: 'bo' }], quote: 'market', price: 'quote', delta: { $int: '-3' }, tags: { a: 1 }, stamp: { $int: '18446744073709551615' } },
    });
    expect(Buffer.from(encode('protobuf', (r as { value: Decoded }).value, { protobuf: Trade }))).toEqual(Buffer.from(bytes));
    // JSON a person writes in the composer
    const typed = encode('protobuf', { id: { $int: '42' }, side: 'BUY', px: 101.25, buyer: { name: 'x' } }, { protobuf: Trade });
    expect(Trade.toObject(Trade.decode(typed), { longs: String, enums: String })).toMatchObject({ id: '42', px: 101.25, buyer: { name: 'x' } });
  });

  it('says why a value is not the message type, and why bytes do not decode', () => {
    expect(() => encode('protobuf', { side: 7, id: 'many' }, { protobuf: Trade })).toThrow(EncodeError);
    expect(() => encode('protobuf', { id: 'many' }, { protobuf: Trade })).toThrow(/not a market\.Trade: id: integer\|Long expected/);
    const bytes = Trade.encode(Trade.fromObject({ buyer: { name: 'a long enough name' } })).finish();
    expect(decode('protobuf', bytes.subarray(0, 5), { protobuf: Trade })).toMatchObject({ ok: false, error: expect.stringMatching(/index out of range/) });
    expect(decode('protobuf', bytes)).toMatchObject({ ok: false, error: expect.stringMatching(/no message type/) });
  });
});

describe('detection and bad bytes', () => {
  it('picks MessagePack or CBOR only when just one of them decodes the bytes whole', () => {
    expect(detect(msgpackEncode({ type: 'trade', px: 1.5 }))).toBe('msgpack');
    expect(detect(cborEncode({ type: 'trade', px: 1.5 }))).toBe('cbor');
    // one byte 0x01 is the integer 1 in both: ambiguous
    expect(detect(new Uint8Array([1]))).toBeNull();
    expect(detect(new Uint8Array([0xc1]))).toBeNull();
  });

  it('never throws on random bytes: every codec answers, failures with a reason', () => {
    const r = prng(7);
    for (let i = 0; i < 3000; i++) {
      const bytes = randomBytes(r, Math.floor(r() * 64));
      for (const codec of ['text', 'json', 'msgpack', 'cbor'] as const) {
        const out = decode(codec, bytes);
        if (!out.ok) expect(out.error.length, `${codec} ${Buffer.from(bytes).toString('hex')}`).toBeGreaterThan(0);
        else expect(() => JSON.stringify(out.value)).not.toThrow();
      }
      const pb = decode('protobuf', bytes, { protobuf: Trade });
      if (!pb.ok) expect(pb.error.length).toBeGreaterThan(0);
    }
  });
});
