/**
 * TextSwap, which masks secrets in the log: one pass, longest match first,
 * strings and UTF-8 bytes alike, and bytes without a match handed back
 * untouched (the same object, which the log's one-payload-per-message
 * recording relies on).
 */
import { describe, expect, it } from 'vitest';
import { TextSwap } from '../../electron/log/text-swap.js';
import { secretMask, secretUnmask } from '../../electron/log/secret-mask.js';

describe('TextSwap', () => {
  it('swaps in one pass, the longest match first, never inside what it wrote', () => {
    const swap = TextSwap.of([
      ['ab', '{{short}}'],
      ['abc', '{{long}}'],
      ['short', 'XX'],
    ])!;
    expect(swap.text('abc ab abcab short')).toBe('{{long}} {{short}} {{long}}{{short}} XX');
  });

  it('swaps UTF-8 bytes as it swaps text, whatever surrounds them', () => {
    const swap = TextSwap.of([['ü-é', '{{x}}']])!;
    const bytes = Buffer.concat([Buffer.from([0xff, 0x00]), Buffer.from('ü-é', 'utf8'), Buffer.from([0x80])]);
    expect(Buffer.from(swap.bytes(bytes))).toEqual(Buffer.concat([Buffer.from([0xff, 0x00]), Buffer.from('{{x}}'), Buffer.from([0x80])]));
  });

  it('hands back bytes without a match as the same object, and the same bytes twice as one result', () => {
    const swap = TextSwap.of([['secret', '{{s}}']])!;
    const plain = new Uint8Array([1, 2, 3]);
    expect(swap.bytes(plain)).toBe(plain);
    const hit = Buffer.from('a secret');
    const once = swap.bytes(hit);
    expect(swap.bytes(hit)).toBe(once);
  });

  it('is null when there is nothing to swap', () => {
    expect(TextSwap.of([])).toBeNull();
    expect(TextSwap.of([['', 'x']])).toBeNull();
    expect(secretMask([{ name: 'empty', value: '' }])).toBeNull();
  });
});

describe('secretMask and secretUnmask', () => {
  it('masks a value plainly and in the forms a URL carries it, and unmasks the marker to the value', () => {
    const mask = secretMask([{ name: 'token', value: 'a b/ü?' }])!;
    const url = new URL('ws://h/p?k=a b/ü?').href;
    expect(mask.text(url)).toBe('ws://h/p?k={{token}}');
    expect(mask.text(`x=${encodeURIComponent('a b/ü?')}`)).toBe('x={{token}}');
    expect(secretUnmask([{ name: 'token', value: 'a b/ü?' }])!.text('Bearer {{token}}')).toBe('Bearer a b/ü?');
  });

  it('unmasks a name with the first value given (the active environment is listed first)', () => {
    const unmask = secretUnmask([
      { name: 'token', value: 'active' },
      { name: 'token', value: 'other' },
    ])!;
    expect(unmask.text('{{token}}')).toBe('active');
  });
});
