/**
 * {{variable}} substitution: plain text, layers in order, built-ins, unknown
 * names reported and left as written, and nothing ever evaluated.
 */
import { describe, expect, it } from 'vitest';
import { layeredLookup, substitute, type DynamicSource } from '../../shared/variables.js';

const pinned: DynamicSource = {
  now: () => new Date('2024-05-06T07:08:09.123Z'),
  uuid: () => '11111111-2222-4333-8444-555555555555',
  randomInt: () => 417,
};

describe('substitute', () => {
  it('replaces names from the first layer that has them, with or without spaces inside the braces', () => {
    const lookup = layeredLookup([{ host: 'env-host' }, { host: 'profile-host', port: '8080' }], pinned);
    expect(substitute('ws://{{host}}:{{ port }}/x', lookup)).toEqual({ text: 'ws://env-host:8080/x', missing: [] });
  });

  it('gives the built-ins, one clock reading per lookup', () => {
    const lookup = layeredLookup([], pinned);
    expect(substitute('{{$timestamp}} {{$isoTimestamp}} {{$uuid}} {{$randomInt}} {{$timestamp}}', lookup).text).toBe(
      '1714979289 2024-05-06T07:08:09.123Z 11111111-2222-4333-8444-555555555555 417 1714979289',
    );
    const real = substitute('{{$timestamp}}|{{$uuid}}|{{$randomInt}}', layeredLookup([])).text.split('|');
    expect(Math.abs(Number(real[0]) - Date.now() / 1000)).toBeLessThan(5);
    expect(real[1]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Number(real[2])).toBeGreaterThanOrEqual(0);
    expect(Number(real[2])).toBeLessThanOrEqual(1000);
  });

  it('reports unknown names once each and leaves them as written', () => {
    const r = substitute('{{a}}-{{ b }}-{{a}}-{{$nope}}', layeredLookup([{}], pinned));
    expect(r).toEqual({ text: '{{a}}-{{ b }}-{{a}}-{{$nope}}', missing: ['a', 'b', '$nope'] });
  });

  it('evaluates nothing: code, prototype names and replacement patterns stay text', () => {
    const lookup = layeredLookup([{ v: '$& $1 $` {{v}}' }], pinned);
    const attack = "{{constructor.constructor('return process')()}}";
    expect(substitute(attack, lookup)).toEqual({ text: attack, missing: ["constructor.constructor('return process')()"] });
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      expect(substitute(`{{${name}}}`, lookup)).toEqual({ text: `{{${name}}}`, missing: [name] });
    }
    // a value is inserted as it is, and not expanded again
    expect(substitute('[{{v}}]', lookup).text).toBe('[$& $1 $` {{v}}]');
    // text that merely looks like a template is left alone
    expect(substitute('{{}} {{ }} { {x} } {{{x}}}', lookup)).toEqual({ text: '{{}} {{ }} { {x} } {{{x}}}', missing: ['x'] });
  });
});
