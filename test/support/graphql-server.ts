// A graphql-ws server (graphql-transport-ws) on 127.0.0.1 for the tests:
// `hello` answers "world", `count(to)` yields 1..to, and a connection_init
// whose token is "nope" is refused (close 4403).
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { useServer } from 'graphql-ws/use/ws';

// graphql as graphql-ws loads it (its CommonJS build): one copy, or its schema checks fail across the two
const { buildSchema } = createRequire(import.meta.url)('graphql') as typeof import('graphql');

export async function startGraphqlServer(): Promise<{ url: string; close(): Promise<void> }> {
  const schema = buildSchema(`type Query { hello: String } type Subscription { count(to: Int!): Int }`);
  const roots = {
    query: { hello: () => 'world' },
    subscription: {
      count: async function* ({ to }: { to: number }) {
        for (let i = 1; i <= to; i++) yield { count: i };
      },
    },
  };
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  useServer({ schema, roots, onConnect: (ctx) => ctx.connectionParams?.token !== 'nope' }, wss);
  await new Promise<void>((r) => wss.once('listening', () => r()));
  return { url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/graphql`, close: () => new Promise<void>((r) => wss.close(() => r())) };
}
