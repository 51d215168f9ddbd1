import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { encodeFrame } from '../../electron/protocol/frame-encoder.js';
import { applyMask } from '../../electron/protocol/mask.js';
import { bytes, concat, frame, hex, prng, randomBytes, recordingParser, utf8 } from './helpers.js';

const KEY = bytes('37fa213d');
const noRandom = (): Uint8Array => {
  throw new Error('the encoder asked for a random key although one was given or no mask was wanted');
};
const wire = (spec: Parameters<typeof encodeFrame>[0], rk: () => Uint8Array = noRandom) => concat(...encodeFrame(spec, rk).chunks);

describe('encodeFrame: exact bytes', () => {
  it('RFC 6455 5.7: masked "Hello" with key 37fa213d', () => {
    expect(hex(wire({ opcode: 1, payload: utf8('Hello'), maskKey: KEY }))).toBe('818537fa213d7f9f4d5158');
  });

  it('RFC 6455 5.7: unmasked "Hello", ping and fragments', () => {
    expect(hex(wire({ opcode: 1, payload: utf8('Hello'), mask: false }))).toBe('810548656c6c6f');
    expect(hex(wire({ opcode: 9, payload: utf8('Hello'), mask: false }))).toBe('890548656c6c6f');
    expect(hex(wire({ opcode: 1, fin: false, payload: utf8('Hel'), mask: false }))).toBe('010348656c');
    expect(hex(wire({ opcode: 0, payload: utf8('lo'), mask: false }))).toBe('80026c6f');
  });

  it('FIN, RSV1-3 and the opcode land on their bits', () => {
    const b0 = (spec: Parameters<typeof encodeFrame>[0]) => wire({ mask: false, ...spec })[0];
    expect(b0({ opcode: 2 })).toBe(0x82);
    expect(b0({ opcode: 2, fin: false })).toBe(0x02);
    expect(b0({ opcode: 2, rsv1: true })).toBe(0xc2);
    expect(b0({ opcode: 2, rsv2: true })).toBe(0xa2);
    expect(b0({ opcode: 2, rsv3: true })).toBe(0x92);
    expect(b0({ opcode: 0xf, fin: false, rsv1: true, rsv2: true, rsv3: true })).toBe(0x7f);
    for (let op = 0; op < 16; op++) expect(b0({ opcode: op }) & 0x0f).toBe(op);
  });

  it('an empty masked frame is header and key only', () => {
    expect(hex(wire({ opcode: 8, maskKey: KEY }))).toBe('888037fa213d');
  });

  it('masking defaults to on, with a fresh key from randomKey', () => {
    let calls = 0;
    const enc = encodeFrame({ opcode: 1, payload: utf8('Hello') }, () => (calls++, bytes('01020304')));
    expect(calls).toBe(1);
    expect(hex(enc.maskKey!)).toBe('01020304');
    expect(hex(concat(...enc.chunks))).toBe('818501020304' + hex(utf8('Hello').map((b, i) => b ^ [1, 2, 3, 4][i % 4])));
  });

  it('mask: false leaves the payload alone and asks for no key', () => {
    const enc = encodeFrame({ opcode: 2, payload: bytes('00ff'), mask: false }, noRandom);
    expect(enc.maskKey).toBeNull();
    expect(hex(concat(...enc.chunks))).toBe('820200ff');
  });

  it('does not mask the caller\'s payload in place', () => {
    for (const n of [10, 2000]) {
      const payload = new Uint8Array(n).fill(0x61);
      wire({ opcode: 2, payload, maskKey: KEY });
      expect(payload.every((b) => b === 0x61)).toBe(true);
    }
  });
});

describe('encodeFrame: shortest length encoding at the boundaries', () => {
  const cases: [number, string][] = [
    [0, '00'],
    [125, '7d'],
    [126, '7e007e'],
    [65535, '7effff'],
    [65536, '7f0000000000010000'],
    [70000, '7f0000000000011170'],
  ];
  for (const [n, len] of cases) {
    for (const masked of [false, true]) {
      it(`${n} bytes ${masked ? 'masked' : 'unmasked'}: length field ${len}`, () => {
        const payload = new Uint8Array(n).map((_, i) => (i * 7) & 0xff);
        const out = wire({ opcode: 2, payload, ...(masked ? { maskKey: KEY } : { mask: false }) });
        const lenField = (parseInt(len.slice(0, 2), 16) | (masked ? 0x80 : 0)).toString(16).padStart(2, '0') + len.slice(2);
        const headLen = 1 + len.length / 2 + (masked ? 4 : 0);
        expect(hex(out.subarray(0, headLen))).toBe('82' + lenField + (masked ? '37fa213d' : ''));
        expect(out.length).toBe(headLen + n);
        // Same bytes as the hand-written reference builder.
        expect(Buffer.compare(out, frame({ opcode: 2, payload, ...(masked ? { mask: KEY } : {}) }))).toBe(0);
      });
    }
  }
});

describe('encodeFrame -> FrameParser round trip', () => {
  it('random specs and sizes come back as they went in (seeded)', () => {
    const r = prng(7);
    const sizes = [0, 1, 3, 4, 5, 63, 64, 65, 125, 126, 127, 1023, 1024, 1025, 4096, 65535, 65536, 70001];
    for (const size of sizes) {
      for (let k = 0; k < 3; k++) {
        const payload = randomBytes(r, size);
        const spec = {
          opcode: (r() * 16) | 0,
          fin: r() < 0.5,
          rsv1: r() < 0.5,
          rsv2: r() < 0.5,
          rsv3: r() < 0.5,
          mask: r() < 0.7,
          payload,
        };
        const enc = encodeFrame(spec, () => randomBytes(r, 4));
        const { parser, frames, errors } = recordingParser();
        for (const c of enc.chunks) parser.push(c);
        expect(errors).toEqual([]);
        expect(frames).toHaveLength(1);
        const f = frames[0];
        expect({ fin: f.fin, rsv1: f.rsv1, rsv2: f.rsv2, rsv3: f.rsv3, opcode: f.opcode, masked: f.masked, length: f.length }).toEqual({
          fin: spec.fin,
          rsv1: spec.rsv1,
          rsv2: spec.rsv2,
          rsv3: spec.rsv3,
          opcode: spec.opcode,
          masked: spec.mask,
          length: size,
        });
        expect(f.maskKey === null ? null : hex(f.maskKey)).toBe(enc.maskKey === null ? null : hex(enc.maskKey));
        expect(Buffer.compare(f.payload, payload), `size ${size}`).toBe(0);
      }
    }
  });

  it('ws\'s Receiver, an independent implementation, reads what we encode', async () => {
    const require = createRequire(import.meta.url);
    const { Receiver } = require('ws');
    const receiver = new Receiver({ isServer: true });
    const got: [string, boolean][] = [];
    receiver.on('message', (data: Buffer, isBinary: boolean) => got.push([data.toString('hex'), isBinary]));
    const big = randomBytes(prng(3), 70000);
    for (const c of encodeFrame({ opcode: 1, payload: utf8('Hello') }, () => KEY).chunks) receiver.write(c);
    for (const c of encodeFrame({ opcode: 2, payload: big }, () => bytes('deadbeef')).chunks) receiver.write(c);
    for (const c of encodeFrame({ opcode: 2, fin: false, payload: bytes('01') }, () => KEY).chunks) receiver.write(c);
    for (const c of encodeFrame({ opcode: 0, payload: bytes('02') }, () => KEY).chunks) receiver.write(c);
    await new Promise((r) => setImmediate(r));
    expect(got).toEqual([
      [hex(utf8('Hello')), false],
      [hex(big), true],
      ['0102', true],
    ]);
  });
});

describe('applyMask', () => {
  it('matches a byte-at-a-time XOR at every length and alignment, in place and into another buffer', () => {
    const r = prng(11);
    for (const len of [0, 1, 3, 4, 63, 64, 65, 100, 257]) {
      for (const offset of [0, 1, 2, 4]) {
        const backing = randomBytes(r, len + 8);
        const data = backing.subarray(offset, offset + len);
        const key = randomBytes(r, 4);
        const expected = data.map((b, i) => b ^ key[i % 4]);
        const out = new Uint8Array(len + 8).subarray(offset & 4, (offset & 4) + len);
        applyMask(data, key, out);
        expect(hex(out)).toBe(hex(expected));
        applyMask(data, key);
        expect(hex(data)).toBe(hex(expected));
      }
    }
  });
});
