import { describe, expect, it } from 'vitest';
import {
  acceptFor,
  buildUpgradeRequest,
  checkUpgradeHeaders,
  headerProblem,
  originProblem,
  readResponseHead,
  subprotocolProblem,
  MAX_HEAD_BYTES,
  type ResponseHead,
} from '../../electron/protocol/handshake.js';
import { readFailedUpgradeBody, MAX_BODY_BYTES } from '../../electron/protocol/failed-upgrade-body.js';
import { encodeClosePayload, isValidWireCloseCode, parseClosePayload } from '../../electron/protocol/close-frame.js';
import { bytes, concat, hex, utf8 } from './helpers.js';
import { maskCredentials } from '../../electron/protocol/credentials.js';

/** A request the builder accepts. */
function request(o: Parameters<typeof buildUpgradeRequest>[0]) {
  const r = buildUpgradeRequest(o);
  if ('code' in r) throw new Error(`refused: ${r.message}`);
  return r;
}

describe('Sec-WebSocket-Accept', () => {
  it('RFC 6455 section 1.3: dGhlIHNhbXBsZSBub25jZQ== gives s3pPLMBiTxaQ9kYGzzhZRbK+xOo=', () => {
    expect(acceptFor('dGhlIHNhbXBsZSBub25jZQ==')).toBe('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
  });
});

describe('buildUpgradeRequest', () => {
  it('writes the request head exactly, headers in order', () => {
    const { head, headers } = request({
      url: new URL('ws://example.com:8080/chat?room=1'),
      key: 'dGhlIHNhbXBsZSBub25jZQ==',
      subprotocols: ['chat', 'superchat'],
      origin: 'http://example.com',
      extensions: 'permessage-deflate; client_max_window_bits',
    });
    expect(head).toBe(
      'GET /chat?room=1 HTTP/1.1\r\n' +
        'Host: example.com:8080\r\n' +
        'Upgrade: websocket\r\n' +
        'Connection: Upgrade\r\n' +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n' +
        'Sec-WebSocket-Version: 13\r\n' +
        'Origin: http://example.com\r\n' +
        'Sec-WebSocket-Protocol: chat, superchat\r\n' +
        'Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n' +
        '\r\n',
    );
    expect(headers.map(([n]) => n)).toEqual([
      'Host',
      'Upgrade',
      'Connection',
      'Sec-WebSocket-Key',
      'Sec-WebSocket-Version',
      'Origin',
      'Sec-WebSocket-Protocol',
      'Sec-WebSocket-Extensions',
    ]);
  });

  it('leaves the default port out of Host, puts a path of / and basic auth from the URL', () => {
    const { head } = request({ url: new URL('wss://u%40x:p%3Aw@example.com:443'), key: 'k' });
    expect(head).toContain('GET / HTTP/1.1\r\nHost: example.com\r\n');
    expect(head).toContain(`Authorization: Basic ${Buffer.from('u@x:p:w').toString('base64')}\r\n`);
  });

  it('an extra header with a default name replaces it in place; others go at the end', () => {
    const { headers } = request({
      url: new URL('ws://h/'),
      key: 'k',
      headers: [
        ['host', 'other'],
        ['X-Trace', '1'],
      ],
    });
    expect(headers).toEqual([
      ['host', 'other'],
      ['Upgrade', 'websocket'],
      ['Connection', 'Upgrade'],
      ['Sec-WebSocket-Key', 'k'],
      ['Sec-WebSocket-Version', '13'],
      ['X-Trace', '1'],
    ]);
  });

  it('extra headers of one name are all sent, in order; only the first of a default name replaces the default', () => {
    const { headers } = request({
      url: new URL('ws://h/'),
      key: 'k',
      headers: [
        ['X-Dup', '1'],
        ['Host', 'a'],
        ['X-Dup', '2'],
        ['Host', 'b'],
      ],
    });
    expect(headers).toEqual([
      ['Host', 'a'],
      ['Upgrade', 'websocket'],
      ['Connection', 'Upgrade'],
      ['Sec-WebSocket-Key', 'k'],
      ['Sec-WebSocket-Version', '13'],
      ['X-Dup', '1'],
      ['X-Dup', '2'],
      ['Host', 'b'],
    ]);
  });

  it('headerProblem refuses names and values that would break the head', () => {
    expect(headerProblem('X-Ok', 'fine value')).toBeNull();
    expect(headerProblem('Bad Name', 'v')).toMatch(/invalid header name/);
    expect(headerProblem('X', 'a\r\nInjected: 1')).toMatch(/line break/);
    expect(headerProblem('X', 'a\0')).toMatch(/NUL/);
  });

  it('refuses, as the last guard, any header name or value that would break the head, writing nothing', () => {
    const url = new URL('ws://h/');
    const injected = [
      { subprotocols: ['chat\r\nX-Injected: 1'] },
      { origin: 'http://o\r\nX-Injected: 1' },
      { headers: [['X-A', 'v\nX-Injected: 1']] as [string, string][] },
      { headers: [['X-A\r\nX-Injected', '1']] as [string, string][] },
      { headers: [['X-A', 'nul\0']] as [string, string][] },
      { extensions: 'permessage-deflate\r\nX-Injected: 1' },
    ];
    for (const o of injected) {
      expect(buildUpgradeRequest({ url, key: 'k', ...o }), JSON.stringify(o)).toMatchObject({ code: 'WS_ERR_HANDSHAKE_REQUEST' });
    }
  });

  it('subprotocols are RFC 7230 tokens; an Origin is scheme://host[:port] or null', () => {
    for (const ok of ['chat', 'v1.stomp', 'graphql-transport-ws', "a!#$%&'*+-.^_`|~9"]) expect(subprotocolProblem(ok), ok).toBeNull();
    for (const bad of ['', 'a b', 'chat\r\nX-Injected: 1', 'a,b', 'a/b', 'é']) expect(subprotocolProblem(bad), bad).toMatch(/not a valid token/);
    for (const ok of ['https://example.com', 'http://127.0.0.1:8080', 'http://[::1]:80', 'null', 'app://framescope']) expect(originProblem(ok), ok).toBeNull();
    for (const bad of ['', 'example.com', 'https://example.com/path', 'https://u:p@example.com', 'http://o\r\nX: 1', 'http://', 'https://a b', 'https://x?q'])
      expect(originProblem(bad), bad).toMatch(/is not an origin/);
  });

  it('the log shows the URL password and its Basic credentials masked, the user name kept', () => {
    const url = new URL('ws://alice:s3cret@example.com/feed');
    const { headers } = request({ url, key: 'k', headers: [['X-Other', 's3cret-free']] });
    const shown = maskCredentials(url, headers);
    expect(shown.url).toBe('ws://alice:****@example.com/feed');
    expect(shown.headers).toContainEqual(['Authorization', 'Basic ****']);
    expect(JSON.stringify(shown)).not.toContain('s3cret@');
    expect(JSON.stringify(shown)).not.toContain(Buffer.from('alice:s3cret').toString('base64'));
    // an Authorization the tester set by hand is theirs, and a URL without credentials is left alone
    const own = request({ url, key: 'k', headers: [['Authorization', 'Bearer t']] }).headers;
    expect(maskCredentials(url, own).headers).toContainEqual(['Authorization', 'Bearer t']);
    expect(maskCredentials(new URL('ws://h/'), [])).toEqual({ url: 'ws://h/', headers: [] });
  });
});

describe('readResponseHead', () => {
  const buf = (s: string) => Buffer.from(s, 'latin1');

  it('waits for the blank line, then hands back the head and the bytes after it', () => {
    const full = 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nX:  spaced  \r\n\r\n\x81\x00';
    for (let cut = 0; cut < full.length - 2; cut++) expect(readResponseHead(buf(full.slice(0, cut)))).toBeNull();
    const r = readResponseHead(buf(full));
    expect(r && 'head' in r).toBe(true);
    if (!r || !('head' in r)) return;
    expect(r.head).toEqual({
      httpVersion: '1.1',
      status: 101,
      statusText: 'Switching Protocols',
      headers: [
        ['Upgrade', 'websocket'],
        ['X', 'spaced'],
      ],
    });
    expect(hex(r.rest)).toBe('8100');
  });

  it('a status line without a reason phrase is fine', () => {
    const r = readResponseHead(buf('HTTP/1.1 404\r\n\r\n'));
    expect(r && 'head' in r && r.head.statusText).toBe('');
  });

  it('rejects a non-HTTP status line, a folded or colon-less header line, and an endless head', () => {
    expect(readResponseHead(buf('SSH-2.0-OpenSSH\r\n\r\n'))).toMatchObject({ code: 'WS_ERR_HANDSHAKE_MALFORMED' });
    expect(readResponseHead(buf('HTTP/1.1 101 OK\r\nNoColon\r\n\r\n'))).toMatchObject({ code: 'WS_ERR_HANDSHAKE_MALFORMED' });
    expect(readResponseHead(buf('HTTP/1.1 101 OK\r\nA: b\r\n  folded\r\n\r\n'))).toMatchObject({ code: 'WS_ERR_HANDSHAKE_MALFORMED' });
    expect(readResponseHead(Buffer.alloc(MAX_HEAD_BYTES + 1, 0x61))).toMatchObject({ code: 'WS_ERR_HANDSHAKE_MALFORMED' });
    expect(readResponseHead(Buffer.alloc(MAX_HEAD_BYTES, 0x61))).toBeNull();
  });
});

describe('checkUpgradeHeaders (RFC 6455 section 4.1)', () => {
  const key = 'dGhlIHNhbXBsZSBub25jZQ==';
  const head = (headers: [string, string][]): ResponseHead => ({ httpVersion: '1.1', status: 101, statusText: 'Switching Protocols', headers });
  const good: [string, string][] = [
    ['Upgrade', 'websocket'],
    ['Connection', 'Upgrade'],
    ['Sec-WebSocket-Accept', 's3pPLMBiTxaQ9kYGzzhZRbK+xOo='],
  ];
  const without = (name: string) => good.filter(([n]) => n !== name);

  it('accepts the RFC example, with case-insensitive names and tokens', () => {
    expect(checkUpgradeHeaders(head(good), key, [])).toEqual({ protocol: '' });
    expect(
      checkUpgradeHeaders(
        head([
          ['upgrade', 'WebSocket'],
          ['CONNECTION', 'keep-alive, upgrade'],
          ['sec-websocket-accept', 's3pPLMBiTxaQ9kYGzzhZRbK+xOo='],
        ]),
        key,
        [],
      ),
    ).toEqual({ protocol: '' });
  });

  it('missing or wrong Upgrade', () => {
    expect(checkUpgradeHeaders(head(without('Upgrade')), key, [])).toMatchObject({ code: 'WS_ERR_HANDSHAKE_UPGRADE' });
    expect(checkUpgradeHeaders(head([['Upgrade', 'h2c'], ...without('Upgrade')]), key, [])).toMatchObject({ code: 'WS_ERR_HANDSHAKE_UPGRADE' });
  });

  it('missing or wrong Connection', () => {
    expect(checkUpgradeHeaders(head(without('Connection')), key, [])).toMatchObject({ code: 'WS_ERR_HANDSHAKE_CONNECTION' });
    expect(checkUpgradeHeaders(head([['Connection', 'close'], ...without('Connection')]), key, [])).toMatchObject({
      code: 'WS_ERR_HANDSHAKE_CONNECTION',
    });
  });

  it('missing, wrong or doubled Sec-WebSocket-Accept', () => {
    expect(checkUpgradeHeaders(head(without('Sec-WebSocket-Accept')), key, [])).toMatchObject({ code: 'WS_ERR_HANDSHAKE_ACCEPT' });
    expect(checkUpgradeHeaders(head([...without('Sec-WebSocket-Accept'), ['Sec-WebSocket-Accept', acceptFor('other')]]), key, [])).toMatchObject({
      code: 'WS_ERR_HANDSHAKE_ACCEPT',
    });
    expect(checkUpgradeHeaders(head([...good, ['Sec-WebSocket-Accept', 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=']]), key, [])).toMatchObject({
      code: 'WS_ERR_HANDSHAKE_ACCEPT',
    });
  });

  it('subprotocol: an offered one is taken, an unoffered one or two of them fail', () => {
    expect(checkUpgradeHeaders(head([...good, ['Sec-WebSocket-Protocol', 'chat']]), key, ['mqtt', 'chat'])).toEqual({ protocol: 'chat' });
    expect(checkUpgradeHeaders(head([...good, ['Sec-WebSocket-Protocol', 'other']]), key, ['chat'])).toMatchObject({
      code: 'WS_ERR_HANDSHAKE_PROTOCOL',
    });
    expect(checkUpgradeHeaders(head([...good, ['Sec-WebSocket-Protocol', 'chat']]), key, [])).toMatchObject({ code: 'WS_ERR_HANDSHAKE_PROTOCOL' });
    expect(
      checkUpgradeHeaders(
        head([...good, ['Sec-WebSocket-Protocol', 'chat'], ['Sec-WebSocket-Protocol', 'chat']]),
        key,
        ['chat'],
      ),
    ).toMatchObject({ code: 'WS_ERR_HANDSHAKE_PROTOCOL' });
  });
});

describe('readFailedUpgradeBody', () => {
  it('by Content-Length: waits for all of it, ignores bytes beyond', () => {
    const h: [string, string][] = [['Content-Length', '5']];
    expect(readFailedUpgradeBody(h, Buffer.from('abc'), false)).toBeNull();
    expect(readFailedUpgradeBody(h, Buffer.from('abcdefg'), false)).toBe('abcde');
    expect(readFailedUpgradeBody(h, Buffer.from('ab'), true)).toBe('ab');
  });

  it('chunked: decoded, complete at the zero chunk', () => {
    const h: [string, string][] = [['Transfer-Encoding', 'chunked']];
    expect(readFailedUpgradeBody(h, Buffer.from('4\r\nWiki\r\n'), false)).toBeNull();
    expect(readFailedUpgradeBody(h, Buffer.from('4\r\nWiki\r\n5;x=1\r\npedia\r\n0\r\n\r\n'), false)).toBe('Wikipedia');
    expect(readFailedUpgradeBody(h, Buffer.from('4\r\nWiki\r\n5\r\npe'), true)).toBe('Wikipe');
  });

  it('no length: read to the end of the connection, or up to the cap', () => {
    expect(readFailedUpgradeBody([], Buffer.from('partial'), false)).toBeNull();
    expect(readFailedUpgradeBody([], Buffer.from('partial'), true)).toBe('partial');
    expect(readFailedUpgradeBody([], Buffer.alloc(MAX_BODY_BYTES + 10, 0x61), false)).toHaveLength(MAX_BODY_BYTES);
  });
});

describe('close payloads', () => {
  it('valid wire codes are exactly 1000-1003, 1007-1014 and 3000-4999', () => {
    const valid: number[] = [];
    for (let c = 0; c < 70000; c++) if (isValidWireCloseCode(c)) valid.push(c);
    const expected = [1000, 1001, 1002, 1003, ...Array.from({ length: 8 }, (_, i) => 1007 + i), ...Array.from({ length: 2000 }, (_, i) => 3000 + i)];
    expect(valid).toEqual(expected);
  });

  it('parses code and reason; an empty payload has no code', () => {
    expect(parseClosePayload(bytes('03e8627965'))).toEqual({ code: 1000, reason: 'bye' });
    expect(parseClosePayload(new Uint8Array(0))).toEqual({ code: null, reason: '' });
    expect(parseClosePayload(concat(bytes('0fa0'), utf8('κόσμε')))).toEqual({ code: 4000, reason: 'κόσμε' });
  });

  it('a 1-byte payload, a bad code, or a reason that is not UTF-8 are violations with the right close code', () => {
    expect(parseClosePayload(bytes('03'))).toMatchObject({ code: 'WS_ERR_INVALID_CLOSE_PAYLOAD', closeCode: 1002 });
    expect(parseClosePayload(bytes('03ed'))).toMatchObject({ code: 'WS_ERR_INVALID_CLOSE_CODE', closeCode: 1002 });
    expect(parseClosePayload(bytes('03e8eda080'))).toMatchObject({ code: 'WS_ERR_INVALID_UTF8', closeCode: 1007 });
    expect(parseClosePayload(bytes('03e8ff'))).toMatchObject({ code: 'WS_ERR_INVALID_UTF8', closeCode: 1007 });
  });

  it('encodes code and reason big-endian, nothing without a code', () => {
    expect(hex(encodeClosePayload(1000, 'bye'))).toBe('03e8627965');
    expect(hex(encodeClosePayload(4999))).toBe('1387');
    expect(hex(encodeClosePayload(null))).toBe('');
  });
});
