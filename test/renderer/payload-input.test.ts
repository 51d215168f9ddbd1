import { describe, expect, it } from 'vitest';
import { draftToHex, jsonProblem } from '../../renderer/src/features/composer/payload-input';
import { hexToBase64 } from '../../renderer/src/lib/bytes';

describe('the composer reads a binary draft', () => {
  it('as hex, whatever the spacing and case', () => {
    expect(draftToHex('00 ff\nAb', 'hex')).toEqual({ hex: '00ffab' });
    expect(draftToHex('', 'hex')).toEqual({ hex: '' });
  });

  it('as base64, standard or URL-safe, with or without padding', () => {
    expect(draftToHex('AP+r', 'base64')).toEqual({ hex: '00ffab' });
    expect(draftToHex('AP-r', 'base64')).toEqual({ hex: '00ffab' });
    expect(draftToHex('AA==', 'base64')).toEqual({ hex: '00' });
    expect(draftToHex(hexToBase64('0102030405'), 'base64')).toEqual({ hex: '0102030405' });
  });

  it('and names what is wrong with one that is not', () => {
    expect(draftToHex('abc', 'hex')).toHaveProperty('error');
    expect(draftToHex('zz', 'hex')).toHaveProperty('error');
    expect(draftToHex('A*==', 'base64')).toEqual({ error: 'invalid base64: unexpected character' });
    expect(draftToHex('A', 'base64')).toEqual({ error: 'invalid base64: wrong length or padding' });
  });
});

describe('the composer checks a text draft that looks like JSON', () => {
  it('says nothing of text that is not meant as JSON, or of valid JSON', () => {
    expect(jsonProblem('hello')).toBeNull();
    expect(jsonProblem('  ')).toBeNull();
    expect(jsonProblem('{"a": [1, 2]}')).toBeNull();
    expect(jsonProblem(' [1]\n')).toBeNull();
  });

  it('says where JSON breaks', () => {
    expect(jsonProblem('{"a": }')).toMatch(/^not valid JSON: /);
    expect(jsonProblem('[1, 2')).toMatch(/^not valid JSON: /);
  });
});
