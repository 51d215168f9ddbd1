import { describe, expect, it } from 'vitest';
import { Utf8Validator, isValidUtf8 } from '../../electron/protocol/utf8.js';
import { bytes, concat, prng, utf8 } from './helpers.js';

// One code point of each encoded length, at and around the edges of Table 3-7.
const VALID = ['24', 'c2a2', 'dfbf', 'e0a080', 'e282ac', 'ed9fbf', 'ee8080', 'efbfbf', 'f0908080', 'f09f9880', 'f4808080', 'f48fbfbf'];

const INVALID: [string, string][] = [
  ['c0af', 'overlong 2-byte "/"'],
  ['c180', 'overlong 2-byte'],
  ['e08080', 'overlong 3-byte NUL'],
  ['e09fbf', 'overlong 3-byte'],
  ['f08f8080', 'overlong 4-byte'],
  ['f0808080', 'overlong 4-byte NUL'],
  ['eda080', 'high surrogate U+D800'],
  ['edbfbf', 'low surrogate U+DFFF'],
  ['eda0bdedb2a9', 'surrogate pair, CESU-8 style'],
  ['f4908080', 'U+110000, above U+10FFFF'],
  ['f5808080', 'lead byte F5'],
  ['f8888080 80', '5-byte form'],
  ['fe', 'byte FE'],
  ['ff', 'byte FF'],
  ['80', 'stray continuation byte'],
  ['41bf42', 'stray continuation between ASCII'],
  ['c241', 'lead byte followed by ASCII'],
  ['e282', 'truncated 3-byte sequence at the end'],
  ['f09f98', 'truncated 4-byte sequence at the end'],
];

function validateIn(chunks: Uint8Array[]): boolean {
  const v = new Utf8Validator();
  for (const c of chunks) if (!v.push(c)) return false;
  return v.complete();
}

describe('Utf8Validator', () => {
  // Pad to both sides of the 32-byte switch between the JS and the native path.
  const pads = ['', 'a'.repeat(40)];

  it('accepts every valid sequence, alone and padded', () => {
    for (const pad of pads) {
      for (const cp of VALID) {
        const b = concat(utf8(pad), bytes(cp), utf8(pad));
        expect(isValidUtf8(b), cp).toBe(true);
        expect(validateIn([b]), cp).toBe(true);
      }
    }
  });

  it('accepts a code point split across fragments at every byte position', () => {
    const text = concat(utf8('ab'), ...VALID.map(bytes), utf8('κόσμε 😀 ok'));
    const long = concat(utf8('x'.repeat(50)), text, utf8('y'.repeat(50)), text);
    for (const b of [text, long]) {
      for (let i = 0; i <= b.length; i++) {
        expect(validateIn([b.subarray(0, i), b.subarray(i)]), `cut at ${i}`).toBe(true);
      }
      // Three fragments with the middle one tiny: a code point spread over three pushes.
      for (let i = 0; i + 2 <= b.length; i++) {
        expect(validateIn([b.subarray(0, i), b.subarray(i, i + 2), b.subarray(i + 2)]), `cuts at ${i}, ${i + 2}`).toBe(true);
      }
      // One byte at a time.
      expect(validateIn([...b].map((x) => new Uint8Array([x])))).toBe(true);
    }
  });

  it('rejects every invalid sequence, alone, padded, and split at every position', () => {
    for (const pad of pads) {
      for (const [h, why] of INVALID) {
        const b = concat(utf8(pad), bytes(h), utf8(pad));
        const truncatedAtEnd = why.startsWith('truncated');
        if (truncatedAtEnd && pad) continue; // followed by ASCII it is the "lead byte followed by ASCII" case
        expect(isValidUtf8(b), `${why} pad ${pad.length}`).toBe(false);
        for (let i = 0; i <= b.length; i++) {
          expect(validateIn([b.subarray(0, i), b.subarray(i)]), `${why}, pad ${pad.length}, cut at ${i}`).toBe(false);
        }
      }
    }
  });

  it('fails fast: push returns false on the fragment where the bytes go bad, not at the end', () => {
    for (const pad of ['', 'p'.repeat(40)]) {
      // ED A0 80 (a surrogate) split so that ED ends the first fragment.
      const v = new Utf8Validator();
      expect(v.push(concat(utf8(pad + 'ok '), bytes('ed')))).toBe(true);
      expect(v.complete()).toBe(false);
      expect(v.push(bytes('a080'))).toBe(false);

      const w = new Utf8Validator();
      expect(w.push(concat(utf8(pad), bytes('f4')))).toBe(true);
      expect(w.push(bytes('90'))).toBe(false); // > U+10FFFF known from the second byte

      const x = new Utf8Validator();
      expect(x.push(concat(utf8(pad), bytes('e0')))).toBe(true);
      expect(x.push(bytes('80'))).toBe(false); // overlong known from the second byte

      const y = new Utf8Validator();
      expect(y.push(concat(utf8(pad), bytes('c0')))).toBe(false); // C0 can never start anything
    }
  });

  it('a surrogate inside a long fragment fails that fragment', () => {
    const v = new Utf8Validator();
    expect(v.push(utf8('a'.repeat(100)))).toBe(true);
    expect(v.push(concat(utf8('b'.repeat(50)), bytes('eda080'), utf8('c'.repeat(50))))).toBe(false);
  });

  it('reset() forgets a half-read code point entirely, including its narrowed range', () => {
    // After E0 the next byte must be A0-BF; after ED, 80-9F; after F4, 80-8F.
    // A reset in the middle must not carry that range over to the next message.
    for (const lead of ['e0', 'ed', 'f0', 'f4']) {
      const v = new Utf8Validator();
      expect(v.push(bytes(lead))).toBe(true);
      v.reset();
      expect(v.complete()).toBe(true);
      expect(v.push(bytes('c380')), `after ${lead}`).toBe(true); // U+00C0
      expect(v.push(bytes('c3bf')), `after ${lead}`).toBe(true);
      expect(v.complete()).toBe(true);
    }
  });

  it('agrees with Node\'s TextDecoder on random byte strings (seeded)', () => {
    const r = prng(99);
    const td = new TextDecoder('utf-8', { fatal: true });
    const alphabet = [0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc2, 0xdf, 0xe0, 0xe1, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff];
    for (let n = 0; n < 3000; n++) {
      const len = 1 + Math.floor(r() * 80);
      const b = new Uint8Array(len).map(() => alphabet[Math.floor(r() * alphabet.length)]);
      let expected = true;
      try {
        td.decode(b);
      } catch {
        expected = false;
      }
      const cut = Math.floor(r() * (len + 1));
      expect(isValidUtf8(b)).toBe(expected);
      expect(validateIn([b.subarray(0, cut), b.subarray(cut)]), Buffer.from(b).toString('hex')).toBe(expected);
    }
  });
});
