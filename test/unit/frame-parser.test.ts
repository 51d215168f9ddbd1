// Byte-level tests of FrameParser, after ws's test/receiver.test.js: fixtures
// written straight into the parser, split across chunks, and assertions on
// the frames that come out.
import { describe, expect, it } from 'vitest';
import { violation } from '../../electron/protocol/errors.js';
import * as parserModule from '../../electron/protocol/frame-parser.js';
import { bytes, concat, frame, hex, prng, randomBytes, recordingParser, splitAt, utf8, type ParsedFrame } from './helpers.js';

const MASK = bytes('37fa213d');

interface Fixture {
  name: string;
  wire: Uint8Array;
  expect: Partial<ParsedFrame> & { payloadHex: string };
}

// Known wire bytes, several straight from RFC 6455 section 5.7.
const fixtures: Fixture[] = [
  {
    name: 'unmasked text "Hello" (RFC 6455 5.7)',
    wire: bytes('810548656c6c6f'),
    expect: { fin: true, opcode: 1, masked: false, maskKey: null, length: 5, payloadHex: '48656c6c6f' },
  },
  {
    name: 'masked text "Hello" (RFC 6455 5.7)',
    wire: bytes('818537fa213d7f9f4d5158'),
    expect: { fin: true, opcode: 1, masked: true, length: 5, payloadHex: '48656c6c6f' },
  },
  {
    name: 'first fragment "Hel" (RFC 6455 5.7)',
    wire: bytes('010348656c'),
    expect: { fin: false, opcode: 1, length: 3, payloadHex: '48656c' },
  },
  {
    name: 'continuation "lo" (RFC 6455 5.7)',
    wire: bytes('80026c6f'),
    expect: { fin: true, opcode: 0, length: 2, payloadHex: '6c6f' },
  },
  {
    name: 'unmasked ping "Hello" (RFC 6455 5.7)',
    wire: bytes('890548656c6c6f'),
    expect: { fin: true, opcode: 9, length: 5, payloadHex: '48656c6c6f' },
  },
  {
    name: 'masked pong "Hello" (RFC 6455 5.7)',
    wire: bytes('8a8537fa213d7f9f4d5158'),
    expect: { fin: true, opcode: 10, masked: true, length: 5, payloadHex: '48656c6c6f' },
  },
  {
    name: 'close 1000 "bye"',
    wire: bytes('880503e8627965'),
    expect: { fin: true, opcode: 8, length: 5, payloadHex: '03e8627965' },
  },
  {
    name: 'empty close',
    wire: bytes('8800'),
    expect: { fin: true, opcode: 8, length: 0, payloadHex: '' },
  },
  {
    name: 'binary with all RSV bits',
    wire: bytes('f203010203'),
    expect: { fin: true, rsv1: true, rsv2: true, rsv3: true, opcode: 2, length: 3, payloadHex: '010203' },
  },
  {
    name: 'reserved opcode 0xb decodes structurally',
    wire: bytes('8b0100'),
    expect: { fin: true, opcode: 0xb, length: 1, payloadHex: '00' },
  },
  {
    name: '16-bit length 256 binary (RFC 6455 5.7)',
    wire: concat(bytes('827e0100'), new Uint8Array(256).fill(0xab)),
    expect: { opcode: 2, length: 256, payloadHex: 'ab'.repeat(256) },
  },
  {
    name: '7-bit length field 125, the largest',
    wire: concat(bytes('827d'), new Uint8Array(125).fill(1)),
    expect: { opcode: 2, length: 125, payloadHex: '01'.repeat(125) },
  },
  {
    name: '16-bit length field for 126, the smallest',
    wire: concat(bytes('827e007e'), new Uint8Array(126).fill(2)),
    expect: { opcode: 2, length: 126, payloadHex: '02'.repeat(126) },
  },
  {
    name: 'non-minimal 64-bit length for 5 bytes is accepted (RFC only asks minimal of senders)',
    wire: bytes('817f000000000000000548656c6c6f'),
    expect: { opcode: 1, length: 5, payloadHex: '48656c6c6f' },
  },
  {
    name: 'masked continuation, not final',
    wire: frame({ opcode: 0, fin: false, mask: MASK, payload: utf8('abc') }),
    expect: { fin: false, opcode: 0, masked: true, length: 3, payloadHex: '616263' },
  },
  {
    name: 'masked binary with a 16-bit length',
    wire: frame({ opcode: 2, mask: MASK, payload: new Uint8Array(300).map((_, i) => i & 0xff) }),
    expect: { opcode: 2, masked: true, length: 300, payloadHex: hex(new Uint8Array(300).map((_, i) => i & 0xff)) },
  },
  {
    name: 'masked ping with an empty payload',
    wire: frame({ opcode: 9, mask: MASK }),
    expect: { opcode: 9, masked: true, length: 0, payloadHex: '' },
  },
];

function check(f: ParsedFrame, fx: Fixture): void {
  const { payloadHex, ...fields } = fx.expect;
  expect(hex(f.payload)).toBe(payloadHex);
  expect(f).toMatchObject({ rsv1: false, rsv2: false, rsv3: false, ...fields });
  if (f.masked) expect(hex(f.maskKey!)).toBe(hex(fx.wire.subarray(fx.wire.length - f.length - 4, fx.wire.length - f.length)));
  else expect(f.maskKey).toBeNull();
}

describe('FrameParser: every fixture', () => {
  for (const fx of fixtures) {
    it(`${fx.name}: whole`, () => {
      const { parser, frames, errors } = recordingParser();
      parser.push(fx.wire);
      expect(errors).toEqual([]);
      expect(frames).toHaveLength(1);
      check(frames[0], fx);
      expect(parser.pendingBytes).toBe(0);
    });

    it(`${fx.name}: split at every offset`, () => {
      for (let cut = 1; cut < fx.wire.length; cut++) {
        const { parser, frames, errors } = recordingParser();
        const [a, b] = splitAt(fx.wire, [cut]);
        parser.push(a);
        expect(frames, `cut at ${cut}`).toHaveLength(0);
        parser.push(b);
        expect(errors).toEqual([]);
        expect(frames, `cut at ${cut}`).toHaveLength(1);
        check(frames[0], fx);
      }
    });

    it(`${fx.name}: one byte at a time`, () => {
      const { parser, frames, errors } = recordingParser();
      for (let i = 0; i < fx.wire.length; i++) {
        expect(frames).toHaveLength(0);
        parser.push(fx.wire.subarray(i, i + 1));
      }
      expect(errors).toEqual([]);
      expect(frames).toHaveLength(1);
      check(frames[0], fx);
    });
  }

  it('all fixtures back to back in one buffer, then split at every offset', () => {
    const all = concat(...fixtures.map((f) => f.wire));
    const step = 7; // every offset of a buffer this size is slow; a stride that divides nothing is enough
    for (let cut = 1; cut < all.length; cut += step) {
      const { parser, frames, errors } = recordingParser();
      for (const c of splitAt(all, [cut])) parser.push(c);
      expect(errors).toEqual([]);
      expect(frames.map((f) => hex(f.payload))).toEqual(fixtures.map((f) => f.expect.payloadHex));
    }
  });

  it('two frames in one chunk come out in order, each with its own header', () => {
    const { parser, frames } = recordingParser();
    parser.push(concat(bytes('010348656c'), bytes('80026c6f')));
    expect(frames.map((f) => [f.fin, f.opcode, hex(f.payload)])).toEqual([
      [false, 1, '48656c'],
      [true, 0, '6c6f'],
    ]);
  });
});

describe('FrameParser: large frames', () => {
  const rand = prng(0x5eed);
  const big = randomBytes(rand, 70000);

  for (const masked of [false, true]) {
    const wire = frame({ opcode: 2, payload: big, ...(masked ? { mask: MASK } : {}) });

    it(`70000 bytes, 64-bit length, ${masked ? 'masked' : 'unmasked'}: header bytes are right`, () => {
      expect(hex(wire.subarray(0, 10))).toBe(`82${masked ? 'ff' : '7f'}0000000000011170`);
    });

    it(`70000 bytes, ${masked ? 'masked' : 'unmasked'}: whole`, () => {
      const { parser, frames } = recordingParser();
      parser.push(wire);
      expect(frames).toHaveLength(1);
      expect(frames[0].length).toBe(70000);
      expect(Buffer.compare(frames[0].payload, big)).toBe(0);
    });

    it(`70000 bytes, ${masked ? 'masked' : 'unmasked'}: split at random offsets (seeded)`, () => {
      const r = prng(masked ? 1 : 2);
      for (let run = 0; run < 40; run++) {
        const cuts = new Set<number>();
        const n = 1 + Math.floor(r() * 30);
        // Cut inside the header too, where the 64-bit length is read.
        while (cuts.size < n) cuts.add(1 + Math.floor((r() < 0.3 ? r() * 14 : r() * (wire.length - 1))));
        const offsets = [...cuts].sort((a, b) => a - b);
        const { parser, frames, errors } = recordingParser();
        for (const c of splitAt(wire, offsets)) parser.push(c);
        expect(errors, `run ${run}, cuts ${offsets.join(',')}`).toEqual([]);
        expect(frames, `run ${run}, cuts ${offsets.join(',')}`).toHaveLength(1);
        expect(frames[0].masked).toBe(masked);
        expect(Buffer.compare(frames[0].payload, big), `run ${run}, cuts ${offsets.join(',')}`).toBe(0);
      }
    });
  }

  it('a 65535-byte payload uses the 16-bit length and 65536 the 64-bit one', () => {
    for (const [n, head] of [
      [65535, '827effff'],
      [65536, '827f0000000000010000'],
    ] as const) {
      const wire = frame({ opcode: 2, payload: new Uint8Array(n).fill(7) });
      expect(hex(wire.subarray(0, head.length / 2))).toBe(head);
      const { parser, frames } = recordingParser();
      for (const c of splitAt(wire, [1, 3, 5, 9000])) parser.push(c);
      expect(frames[0].length).toBe(n);
      expect(frames[0].payload.every((b) => b === 7)).toBe(true);
    }
  });

  it('a masked frame is unmasked into a copy: the caller reusing its chunk changes nothing', () => {
    const wire = frame({ opcode: 2, mask: MASK, payload: bytes('01020304') });
    let seen: Uint8Array | null = null;
    const { FrameParser } = parserModule;
    const parser = new FrameParser({ onHeader: () => undefined, onFrame: (_h, p) => (seen = p), onError: () => {} });
    parser.push(wire);
    wire.fill(0);
    expect(hex(seen!)).toBe('01020304');
  });
});

describe('FrameParser: headers and limits', () => {
  it('onHeader runs once the header is complete, before any payload byte arrives', () => {
    const wire = frame({ opcode: 2, payload: new Uint8Array(1000) });
    const { parser, headers, frames } = recordingParser();
    parser.push(wire.subarray(0, 3));
    expect(headers).toHaveLength(0);
    parser.push(wire.subarray(3, 4));
    expect(headers).toHaveLength(1);
    expect(headers[0].length).toBe(1000);
    expect(frames).toHaveLength(0);
  });

  it('onHeader of a masked frame sees the mask key', () => {
    const { parser, headers } = recordingParser();
    parser.push(bytes('818537fa213d'));
    expect(headers).toHaveLength(1);
    expect(hex(headers[0].maskKey!)).toBe('37fa213d');
  });

  it('a vetoed header stops the parser before it buffers the payload; later input is ignored', () => {
    const v = violation('TOO_BIG', 1009, 'too big');
    const { parser, frames, errors } = recordingParser((h) => (h.length > 10 ? v : undefined));
    parser.push(concat(bytes('827f0010000000000000'), new Uint8Array(100)));
    expect(errors).toEqual([v]);
    expect(parser.stopped).toBe(true);
    expect(parser.pendingBytes).toBe(0);
    parser.push(bytes('810548656c6c6f'));
    expect(frames).toHaveLength(0);
  });

  it('a 64-bit length with the most significant bit set is a 1002 violation', () => {
    for (const top of ['80', 'ff']) {
      const { parser, errors, headers } = recordingParser();
      parser.push(bytes(`827f${top}00000000000001`));
      expect(headers).toHaveLength(0);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ code: 'WS_ERR_INVALID_PAYLOAD_LENGTH', closeCode: 1002 });
      expect(parser.stopped).toBe(true);
    }
  });

  it('a 64-bit length of 2^52 is reported exactly in the header, without allocating', () => {
    const { parser, headers } = recordingParser();
    parser.push(bytes('827f0010000000000000'));
    expect(headers[0].length).toBe(2 ** 52);
    parser.push(new Uint8Array(64));
    expect(parser.pendingBytes).toBe(64);
  });

  it('a 64-bit length of 2^63-1 is clamped to MAX_SAFE_INTEGER, not rounded down to something small', () => {
    const { parser, headers } = recordingParser();
    parser.push(bytes('827f7fffffffffffffff'));
    expect(headers[0].length).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('empty chunks are harmless', () => {
    const { parser, frames } = recordingParser();
    parser.push(new Uint8Array(0));
    parser.push(bytes('81'));
    parser.push(new Uint8Array(0));
    parser.push(bytes('00'));
    expect(frames).toHaveLength(1);
    expect(frames[0]).toMatchObject({ opcode: 1, length: 0 });
  });
});
