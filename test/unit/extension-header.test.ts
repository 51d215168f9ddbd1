import { describe, expect, it } from 'vitest';
import { formatExtension, parseExtensions } from '../../electron/protocol/extension-header.js';

describe('parseExtensions (RFC 6455 section 9.1)', () => {
  it('parses names, bare parameters and values, with any whitespace', () => {
    expect(parseExtensions('permessage-deflate')).toEqual([{ name: 'permessage-deflate', params: [] }]);
    expect(parseExtensions('permessage-deflate ;client_max_window_bits;  server_max_window_bits = 10 ')).toEqual([
      {
        name: 'permessage-deflate',
        params: [
          ['client_max_window_bits', true],
          ['server_max_window_bits', '10'],
        ],
      },
    ]);
  });

  it('splits several extensions and keeps their order', () => {
    expect(parseExtensions('foo; a=1, bar, permessage-deflate; server_no_context_takeover').map((e) => e.name)).toEqual([
      'foo',
      'bar',
      'permessage-deflate',
    ]);
  });

  it('unquotes quoted values, with commas and semicolons inside quotes left alone', () => {
    expect(parseExtensions('permessage-deflate; client_max_window_bits="10"')[0].params).toEqual([['client_max_window_bits', '10']]);
    expect(parseExtensions('x; a="b\\c"')[0].params).toEqual([['a', 'bc']]);
  });

  it('throws on what is not a token, an unterminated quote, or an empty element', () => {
    expect(() => parseExtensions('')).toThrow(/invalid extension name/);
    expect(() => parseExtensions('a, , b')).toThrow(/invalid extension name/);
    expect(() => parseExtensions('bad name')).toThrow(/invalid extension name/);
    expect(() => parseExtensions('x; =1')).toThrow(/invalid parameter/);
    expect(() => parseExtensions('x; a="1')).toThrow(/unterminated/);
    expect(() => parseExtensions('x; a="1 2"')).toThrow(/invalid value/);
    expect(() => parseExtensions('x; a=')).toThrow(/invalid value/);
    // A quoted comma would otherwise hide a second extension; it is no token either.
    expect(() => parseExtensions('x; a="1,2"')).toThrow(/invalid value/);
  });

  it('formatExtension writes back what parseExtensions reads', () => {
    const v = 'permessage-deflate; client_max_window_bits; server_max_window_bits=10';
    expect(formatExtension(parseExtensions(v)[0])).toBe(v);
  });
});
