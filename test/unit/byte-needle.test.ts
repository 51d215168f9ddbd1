// ByteNeedle against Buffer.indexOf, the search it stands in for: seeded
// random haystacks over small alphabets (so needles occur, overlap and
// nearly occur), needles whose rarest byte is anywhere in them, every
// starting offset a scan passes on.
import { describe, expect, it } from 'vitest';
import { ByteNeedle } from '../../electron/capture/byte-needle.js';
import { prng } from './helpers.js';

function pick(r: () => number, alphabet: string, n: number): Buffer {
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(r() * alphabet.length)];
  return Buffer.from(s, 'latin1');
}

/** Every place `needle` starts, found by going on from `next(i)` after each. */
function places(find: (from: number) => number, next: (i: number) => number): number[] {
  const out: number[] = [];
  for (let i = find(0); i >= 0; i = find(next(i))) out.push(i);
  return out;
}

describe('ByteNeedle', () => {
  it.each([1, 2, 3, 4, 5, 6])('finds what indexOf finds, in the same order (seed %i)', (seed) => {
    const r = prng(seed);
    for (let round = 0; round < 200; round++) {
      // a common byte and a rare one, so the anchor is often not the first byte
      const haystack = pick(r, round % 2 ? '0000000123abcdef' : '0a', 1 + Math.floor(r() * 3000));
      const at = Math.floor(r() * haystack.length);
      const needle = r() < 0.7 ? Buffer.from(haystack.subarray(at, at + 1 + Math.floor(r() * 9))) : pick(r, '00001bz', 1 + Math.floor(r() * 6));
      const n = new ByteNeedle(needle);
      n.aimAt(haystack);
      const step = 1 + Math.floor(r() * 12);
      const want = places(
        (from) => haystack.indexOf(needle, from),
        (i) => i + step,
      );
      expect(
        places(
          (from) => n.indexIn(haystack, from),
          (i) => i + step,
        ),
        `${needle.toString('latin1')} in ${haystack.length} bytes`,
      ).toEqual(want);
      expect(n.indexIn(haystack, haystack.length + 5)).toBe(-1);
    }
  });
});
