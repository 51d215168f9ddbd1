// Payload codecs and subprotocol helpers in Debian's Chromium against
// `framescope serve`, with real servers started here: a Socket.IO chat
// decoded packet by packet, an event emitted from the Socket.IO composer and
// its ack seen; a graphql-ws subscription from the GraphQL composer and its
// `next` messages; a protobuf message built in the composer from JSON (its
// bytes previewed), checked by the server with protobufjs, and a MessagePack
// answer detected and shown in the inspector. No sleeps: every wait is for
// something to show.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { Server as SocketIoServer } from 'socket.io';
import { WebSocketServer } from 'ws';
import { startGraphqlServer } from '../support/graphql-server.js';
import protobuf from 'protobufjs';
import { encode as msgpackEncode } from '@msgpack/msgpack';
import { servedUi, until, waitForStatus, typeMessage } from '../support/browser-ui.js';

const TEST_TIMEOUT = 150_000;
const suite = servedUi();

const openUi = () => suite.openUi(suite.serve.url, { viewport: { width: 1400, height: 900 } });

/** The messages view's item whose text holds all of these. */
function messageItem(page: Page, ...texts: (string | RegExp)[]) {
  let items = page.getByRole('list', { name: 'Messages', exact: true }).getByRole('listitem');
  for (const t of texts) items = items.filter({ hasText: t });
  return items.first();
}

describe('payload codecs and subprotocol helpers (browser mode)', () => {
  it(
    'decodes a Socket.IO chat, emits an event from the Socket.IO composer and shows its ack',
    async () => {
      const server = http.createServer();
      const io = new SocketIoServer(server, { transports: ['websocket'] });
      io.on('connection', (socket) => {
        socket.emit('chat', { from: 'server', text: 'welcome' });
        socket.on('chat', (text: string, ack?: (r: unknown) => void) => {
          io.emit('chat', { from: 'you', text });
          ack?.({ ok: true, len: text.length });
        });
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
      suite.cleanup(() => new Promise((r) => (io.close(), server.close(r))));
      const { page, pageErrors } = await openUi();

      // a Socket.IO server's http URL: the Engine.IO path and query are filled in
      await page.getByRole('textbox', { name: 'URL', exact: true }).fill(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      await page.getByRole('button', { name: 'Options', exact: true }).click();
      await page.getByRole('combobox', { name: 'Subprotocol helper', exact: true }).selectOption('socketio');
      // folded again, as a person does: the options (TLS files, proxy, payloads) take most of the window's height
      await page.getByRole('button', { name: 'Options', exact: true }).click();
      await page.getByRole('button', { name: 'Connect', exact: true }).click();
      await waitForStatus(page, 'Open');
      await page.getByRole('tab', { name: 'Messages', exact: true }).click();
      await messageItem(page, 'Socket.IO: Engine.IO open').waitFor();

      await page.getByRole('tab', { name: 'Socket.IO', exact: true }).click();
      await page.getByRole('button', { name: 'Join namespace', exact: true }).click();
      await messageItem(page, '↓ in', 'Socket.IO: CONNECT').waitFor();
      // the server's chat event, decoded: its name in the layer, its arguments as JSON, the raw packet still there
      await messageItem(page, 'Socket.IO: EVENT chat', '{"from":"server","text":"welcome"}', '42["chat"').waitFor();

      await page.getByRole('textbox', { name: 'Event', exact: true }).fill('chat');
      await page.getByRole('textbox', { name: 'Arguments', exact: true }).fill('["hello there"]');
      await page.getByRole('button', { name: 'Emit', exact: true }).click();
      await messageItem(page, '↑ out', 'Socket.IO: EVENT chat · ack 0').waitFor();
      await messageItem(page, '↓ in', 'Socket.IO: ACK 0', '{"ok":true,"len":11}').waitFor();
      await messageItem(page, '↓ in', 'Socket.IO: EVENT chat', '"text":"hello there"').waitFor();

      // the inspector reads the ack whole, as a tree, and offers its event filter for events
      await messageItem(page, 'Socket.IO: ACK 0').click();
      const decoded = page.getByRole('region', { name: 'Decoded', exact: true });
      await decoded.getByText('ACK 0', { exact: false }).first().waitFor();
      await messageItem(page, '↓ in', 'Socket.IO: EVENT chat', 'hello there').click();
      await decoded.getByRole('button', { name: 'Show only chat', exact: true }).click();
      await until('only the chat events listed', () => page.getByRole('list', { name: 'Messages', exact: true }).getByRole('listitem').count()).toBe(3);
      expect(pageErrors).toEqual([]);
    },
    TEST_TIMEOUT,
  );

  it(
    'subscribes over graphql-ws from the GraphQL composer and shows the next messages of the operation',
    async () => {
      const gql = await startGraphqlServer();
      suite.cleanup(() => gql.close());
      const { page, pageErrors } = await openUi();

      await page.getByRole('textbox', { name: 'URL', exact: true }).fill(gql.url);
      await page.getByRole('button', { name: 'Options', exact: true }).click();
      await page.getByRole('textbox', { name: 'Subprotocols', exact: true }).fill('graphql-transport-ws');
      // folded again
      await page.getByRole('button', { name: 'Options', exact: true }).click();
      await page.getByRole('button', { name: 'Connect', exact: true }).click();
      await waitForStatus(page, 'Open');
      await page.getByRole('tab', { name: 'Messages', exact: true }).click();
      // the negotiated subprotocol picks the helper, whose composer appears
      await page.getByRole('tab', { name: 'GraphQL', exact: true }).click();
      await page.getByRole('button', { name: 'Init', exact: true }).click();
      await messageItem(page, 'GraphQL: connection_ack').waitFor();
      await page.getByRole('textbox', { name: 'Query', exact: true }).fill('subscription Counting($to: Int!) { count(to: $to) }');
      await page.getByRole('textbox', { name: 'Variables', exact: true }).fill('{"to": 3}');
      await page.getByRole('button', { name: 'Subscribe', exact: true }).click();
      await messageItem(page, '↑ out', 'GraphQL: subscribe 1 · subscription Counting').waitFor();
      for (const n of [1, 2, 3]) await messageItem(page, '↓ in', 'GraphQL: next 1', `{"data":{"count":${n}}}`).waitFor();
      await messageItem(page, '↓ in', 'GraphQL: complete 1').waitFor();
      // the operation's messages, by its id
      await page.getByRole('button', { name: /^More filters/ }).click();
      await page.getByRole('textbox', { name: 'Event, destination or operation', exact: true }).fill('1');
      await page.keyboard.press('Enter');
      await until('the operation alone', () => page.getByRole('list', { name: 'Messages', exact: true }).getByRole('listitem').count()).toBe(5);
      expect(pageErrors).toEqual([]);
    },
    TEST_TIMEOUT,
  );

  it(
    'sends a protobuf message built in the composer from JSON, its bytes previewed, and shows a MessagePack answer decoded',
    async () => {
      const PROTO = 'syntax = "proto3";\npackage market;\nmessage Trade {\n  int64 id = 1;\n  string side = 2;\n  repeated double prices = 3;\n}\n';
      const Trade = protobuf.parse(PROTO, { keepCase: true }).root.lookupType('market.Trade');
      const got: object[] = [];
      const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
      wss.on('connection', (ws) =>
        ws.on('message', (d: Buffer, binary: boolean) => {
          if (!binary) return;
          const trade = Trade.toObject(Trade.decode(d), { longs: String });
          got.push(trade);
          ws.send(msgpackEncode({ filled: trade.id, big: 2n ** 63n - 1n }, { useBigInt64: true }));
        }),
      );
      await new Promise<void>((r) => wss.once('listening', () => r()));
      suite.cleanup(() => new Promise((r) => wss.close(() => r(undefined))));
      const { page, pageErrors } = await openUi();

      await page.getByRole('textbox', { name: 'URL', exact: true }).fill(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}/`);
      await page.getByRole('button', { name: 'Options', exact: true }).click();
      // the .proto goes into the workspace, through the main process
      await page.getByLabel('Add .proto file').setInputFiles({ name: 'market.proto', mimeType: 'text/plain', buffer: Buffer.from(PROTO) });
      await page.getByRole('combobox', { name: 'Protobuf type out', exact: true }).locator('option', { hasText: 'market.Trade' }).waitFor({ state: 'attached' });
      await page.getByRole('combobox', { name: 'Protobuf type out', exact: true }).selectOption('market.Trade');
      // folded again
      await page.getByRole('button', { name: 'Options', exact: true }).click();
      await page.getByRole('button', { name: 'Connect', exact: true }).click();
      await waitForStatus(page, 'Open');

      await page.getByRole('combobox', { name: 'Encode as', exact: true }).selectOption('protobuf');
      await typeMessage(page, '{"id": {"$int": "9007199254740993"}, "side": "BUY", "prices": [1.5, 2]}');
      const preview = page.getByLabel('Encoded bytes');
      await preview.filter({ hasText: /^Protobuf, \d+ bytes: 08 81 80 80 80 80 80 80 10/ }).waitFor();
      const send = page.getByRole('button', { name: 'Send', exact: true });
      await until('Send is enabled', () => send.isEnabled()).toBe(true);
      await send.click();
      await until('the server decoded the trade', () => got).toEqual([{ id: '9007199254740993', side: 'BUY', prices: [1.5, 2] }]);

      await page.getByRole('tab', { name: 'Messages', exact: true }).click();
      await messageItem(page, '↑ out', 'Protobuf', '"id":{"$int":"9007199254740993"}').waitFor();
      const answer = messageItem(page, '↓ in', 'MessagePack (detected)', '"big":{"$int":"9223372036854775807"}');
      await answer.click();
      const decoded = page.getByRole('region', { name: 'Decoded', exact: true });
      await decoded.getByText('Decoded as MessagePack (detected)', { exact: true }).waitFor();
      await decoded.getByLabel('Decoded value').getByText('9223372036854775807', { exact: true }).waitFor();
      // another codec for this message says why it does not read, and the hex stays
      await decoded.getByRole('combobox', { name: 'Decode as', exact: true }).selectOption('cbor');
      await decoded.getByText(/^CBOR: .+/).waitFor();
      await decoded.getByText('Not decoded: shown as hex', { exact: true }).waitFor();
      expect(pageErrors).toEqual([]);
    },
    TEST_TIMEOUT,
  );
});
